"""The `diff` report: a summary line, then one section each for the entities added and
removed, the fields changed (old and new value, with the source and quote of the new
fact), the predictions resolved (with their evidence) and the sources added. Table and
Markdown (a pull-request comment) leave out the empty sections; CSV and TSV keep every
one, so --section names stay the same; JSON carries all five lists."""

from __future__ import annotations

from typing import Any

from aitrack.views import trust
from aitrack.views.render import Output, Sheet
from aitrack.vocab import DELIMITED_FORMATS

# The sections: (--section name, JSON key, title).
SECTIONS = (
    ("added", "added", "Entities added"),
    ("removed", "removed", "Entities removed"),
    ("changed", "changed", "Fields changed"),
    ("resolved", "resolved", "Predictions resolved"),
    ("sources", "sources_added", "Sources added"),
)


def diff_output(found: Any, old: Any, new: Any, fmt: str = "table") -> Output:
    """found: a queries.diff.Diff; old and new: the sides (store.revision.Side: spec as
    typed, the commit a revision names, and a label naming both)."""
    data: dict[str, Any] = {
        "old": old.spec,
        "old_commit": old.commit,
        "new": new.spec,
        "new_commit": new.commit,
        "added": [_entity(e) for e in found.added],
        "removed": [_entity(e) for e in found.removed],
        "changed": [_changed(c) for c in found.changed],
        "resolved": [_resolved(r) for r in found.resolved],
        "sources_added": [_source(s) for s in found.sources],
    }
    sheets = [
        Sheet(["kind", "id", "name"], [[e["kind"], e["id"], e["name"]] for e in data["added"]]),
        Sheet(["kind", "id", "name"], [[e["kind"], e["id"], e["name"]] for e in data["removed"]]),
        Sheet(
            ["kind", "id", "field", "change", "old", "new", "source", "quote"],
            [
                [c["kind"], c["id"], c["field"], c["change"], _text(c["before"]), _text(c["after"])]
                + [c["source"], c["quote"]]
                for c in data["changed"]
            ],
            optional=[7, 0, 6],
        ),
        Sheet(
            ["id", "outcome", "on", "evidence", "note"],
            [[r["id"], r["outcome"], r["on"], _evidence(r), r["note"]] for r in data["resolved"]],
            optional=[4],
        ),
        Sheet(
            ["id", "kind", "title", "outlet", "published", "link"],
            [
                [s["id"], s["kind"], s["title"], s["outlet"], s["published"], s["url"] or s["file"]]
                for s in data["sources_added"]
            ],
            optional=[3, 1],
        ),
    ]
    for sheet, (name, _, title) in zip(sheets, SECTIONS):
        sheet.name, sheet.title = name, title
    if fmt not in DELIMITED_FORMATS:
        sheets = [s for s in sheets if s.rows]
    # JSON Lines: one object per difference, each saying which list it belongs to.
    lines = [{"what": name, **item} for name, key, _ in SECTIONS for item in data[key]]
    return Output(sheets, data, header=[f"aitrack diff {old.label} {new.label}: {summary(found)}"], lines=lines)


def summary(found: Any) -> str:
    """'2 entities added, 1 field changed, 1 prediction resolved' or 'no differences'."""
    counts = [
        (len(found.added), "entity added", "entities added"),
        (len(found.removed), "entity removed", "entities removed"),
        (len(found.changed), "field changed", "fields changed"),
        (len(found.resolved), "prediction resolved", "predictions resolved"),
        (len(found.sources), "source added", "sources added"),
    ]
    said = [f"{n} {one if n == 1 else many}" for n, one, many in counts if n]
    return ", ".join(said) if said else "no differences"


def _entity(e: Any) -> dict:
    return {"kind": e.kind, "id": e.id, "name": e.name}


def _changed(c: Any) -> dict:
    cited = c.cited or {}
    return {
        "kind": c.kind,
        "id": c.id,
        "field": c.field,
        "change": c.change,
        "before": _machine(c.before),
        "after": _machine(c.after),
        "source": cited.get("source"),
        "quote": cited.get("quote"),
    }


def _resolved(r: Any) -> dict:
    res = r.resolution
    return {
        "id": r.id,
        "name": r.name,
        "statement": r.statement,
        "outcome": res.get("outcome"),
        "on": res.get("on"),
        "note": res.get("note"),
        "evidence": res.get("evidence"),
        "source": res.get("source"),
        "quote": res.get("quote"),
    }


def _source(rec: dict) -> dict:
    return {
        "id": rec["id"],
        "kind": rec.get("source_kind"),
        "title": rec.get("title"),
        "outlet": rec.get("outlet"),
        "published": rec.get("published"),
        "url": rec.get("url"),
        "file": rec.get("file"),
    }


def _evidence(r: dict) -> str:
    """A resolution's evidence: its URL, else the source and quote that settle it."""
    if r["evidence"]:
        return str(r["evidence"])
    if r["source"]:
        return f'{r["source"]}: "{r["quote"]}"' if r["quote"] else str(r["source"])
    return ""


def _machine(value: Any) -> Any:
    """A value for JSON: a quantity as written (80 GB), anything else as it is."""
    if isinstance(value, dict) and "text" in value and "unit" in value:
        return value["text"]
    return value


def _text(value: Any) -> str:
    """A value for a cell: quantities as written, yes/no, lists joined with '; '."""
    if isinstance(value, dict):
        if "text" in value and "unit" in value:
            return str(value["text"])
        return ", ".join(f"{k}: {_text(v)}" for k, v in value.items() if v is not None)
    if isinstance(value, list):
        return "; ".join(_text(v) for v in value)
    return trust.fact_text(value)
