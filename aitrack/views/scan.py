"""Views for `aitrack scan`: the report's sections, YAML stubs ready to edit into data/,
and per-seed coverage."""

from __future__ import annotations

import hashlib
import os
import re
from typing import Any

from aitrack.views.render import Output, Sheet


def report_output(report: Any) -> Output:
    known = Sheet(["id", "kind", "count", "first at", "matched"],
                  [[k.id, k.kind, k.count, f"{k.line}:{k.col}", k.matched] for k in report.known],
                  title="Known entities mentioned", numeric={2})
    candidates = Sheet(["name", "looks like", "line", "sentence"],
                       [[c.name, "product" if c.kind == "product" else "organisation", c.line, c.sentence]
                        for c in report.candidates], title="Candidate new entities")
    claims = Sheet(["entity", "claim", "line", "catalog", "verdict", "sentence"],
                   [[c.entity, c.text, c.line, f"{c.field} = {c.catalog}" if c.field else "", c.verdict, c.sentence]
                    for c in report.claims], title="Numeric claims")
    preds = Sheet(["line", "horizon", "deadline", "sentence"],
                  [[p.line, p.horizon, p.deadline, p.sentence] for p in report.predictions],
                  title="Prediction-like sentences")
    data = {
        "file": report.file,
        "known": [vars(k) for k in report.known],
        "candidates": [{"name": c.name, "kind": c.kind, "line": c.line, "col": c.col, "sentence": c.sentence}
                       for c in report.candidates],
        "claims": [vars(c) for c in report.claims],
        "predictions": [vars(p) for p in report.predictions],
        "warnings": report.warnings,
    }
    return Output([known, candidates, claims, preds], data, header=[f"scan of {report.file}"])


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "item"


def stub_yaml(report: Any, raw: bytes, name: str) -> str:
    """YAML stubs for a source entry, candidate entities and prediction-like sentences,
    each quote copied from the document; valid once ids and kinds are reviewed."""
    import yaml

    source_id = slug(os.path.splitext(os.path.basename(name))[0]) if name != "-" else "new-document"
    first = next((ln.strip().lstrip("#").strip() for ln in raw.decode("utf-8", "replace").splitlines() if ln.strip()), name)
    source = {"id": source_id, "name": first[:80], "kind": "news-brief", "title": first[:200],
              "file": os.path.basename(name), "sha256": hashlib.sha256(raw).hexdigest(), "published": "unknown"}
    labs, models = [], []
    for c in report.candidates:
        entry = {"id": slug(c.name), "name": c.name, "cite": [{"source": source_id, "quote": c.sentence}]}
        (models if c.kind == "product" else labs).append(entry)
    preds = [{"id": f"{source_id}-{i + 1}", "name": p.sentence[:60], "statement": p.sentence, "source": source_id,
              "quote": p.sentence, "by": "TODO who predicts", "horizon": p.horizon or None, "kind": "forecast"}
             for i, p in enumerate(report.predictions)]
    for p in preds:
        if p["horizon"] is None:
            del p["horizon"]
    blocks = []
    for file, items in (("sources.yaml (copy the document into seeds/)", [source]), ("labs.yaml", labs),
                        ("models.yaml (or chips.yaml, with a vendor)", models), ("predictions.yaml", preds)):
        if items:
            body = yaml.safe_dump(items, sort_keys=False, allow_unicode=True, width=100)
            blocks.append(f"# --- add to data/{file}\n{body}")
    return "\n".join(blocks)


def coverage_output(rows: list[dict]) -> Output:
    sheet = Sheet(["document", "names", "curated", "coverage", "not curated"],
                  [[r["document"], r["names"], r["curated"], f"{r['coverage']:.0f}%", "; ".join(r["missing"])] for r in rows],
                  numeric={1, 2, 3})
    return Output([sheet], rows)
