"""Views for `aitrack scan`: the report's sections, YAML stubs ready to edit into data/,
and per-seed coverage."""

from __future__ import annotations

from typing import Any

from aitrack.views.render import Output, Sheet


def report_output(report: Any) -> Output:
    known = Sheet(
        ["id", "kind", "count", "first at", "matched"],
        [[k.id, k.kind, k.count, f"{k.line}:{k.col}", k.matched] for k in report.known],
        title="Known entities mentioned",
        numeric={2},
        name="known",
    )
    candidates = Sheet(
        ["name", "looks like", "line", "sentence"],
        [[c.name, "product" if c.kind == "product" else "organisation", c.line, c.sentence] for c in report.candidates],
        title="Candidate new entities",
        name="candidates",
    )
    claims = Sheet(
        ["entity", "claim", "line", "catalog", "verdict", "sentence"],
        [
            [
                c.entity,
                c.text,
                c.line,
                f"{c.field} = {c.catalog}" if c.field and c.catalog else c.field,
                c.verdict,
                c.sentence,
            ]
            for c in report.claims
        ],
        title="Numeric claims",
        name="claims",
    )
    preds = Sheet(
        ["line", "horizon", "deadline", "sentence"],
        [[p.line, p.horizon, p.deadline, p.sentence] for p in report.predictions],
        title="Prediction-like sentences",
        name="predictions",
    )
    data = {
        "file": report.file,
        "known": [vars(k) for k in report.known],
        "candidates": [
            {"name": c.name, "kind": c.kind, "line": c.line, "col": c.col, "sentence": c.sentence}
            for c in report.candidates
        ],
        "claims": [vars(c) for c in report.claims],
        "predictions": [vars(p) for p in report.predictions],
        "warnings": report.warnings,
    }
    return Output([known, candidates, claims, preds], data, header=[f"scan of {report.file}"])


def stub_text(blocks: dict[str, str], new_source: bool) -> str:
    """The drafts, each block under the data file it goes to."""
    notes = {
        "sources.yaml": " (better: aitrack add-source FILE, which also copies the document)",
        "ignored.yaml": " (names left out, with the reason; confirm each TODO)",
    }
    out = []
    for name, block in blocks.items():
        out.append(f"# --- add to data/{name}{notes.get(name, '')}\n{block}")
    if not new_source:
        out.append("# merge them all with: aitrack scan FILE --stub --merge\n")
    return "\n".join(out)


def coverage_output(rows: list[dict]) -> Output:
    sheet = Sheet(
        ["document", "names", "curated", "coverage", "not curated"],
        [[r["document"], r["names"], r["curated"], f"{r['coverage']:.0f}%", "; ".join(r["missing"])] for r in rows],
        numeric={1, 2, 3},
    )
    return Output([sheet], rows)
