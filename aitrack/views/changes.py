"""The `changes` listing: what happened or was reported since a date, newest first, each
value with the date a source reported it, its grade mark and its source footnote."""

from __future__ import annotations

from typing import Any

from aitrack.dataset.shape import field_value, iso
from aitrack.views import trust
from aitrack.views.browse import Notes
from aitrack.views.render import Cell, Output, Sheet
from aitrack.vocab import DELIMITED_FORMATS


def changes_output(found: list[Any], cat: Any, fmt: str = "table") -> Output:
    notes = Notes(cat)
    rows, data = [], []
    for c in found:
        value = trust.fact_text(c.value)
        if c.what == "changed":
            value = f"{trust.fact_text(c.before)} -> {value}"
        elif c.what == "resolution":  # the outcome alone says little: its note and evidence too
            res = c.fact or {}
            note = " ".join(str(res.get("note", "")).split())
            value += (f": {note}" if note else "") + (f" ({res['evidence']})" if res.get("evidence") else "")
        conf = (c.fact or {}).get("confidence") if c.what in ("fact", "changed") else None
        cites = [c.fact] if c.fact and "source" in c.fact else []
        rows.append(
            [
                c.when,
                c.what,
                c.kind,
                c.id,
                c.field,
                Cell(value, value + (f" {trust.mark(conf)}" if trust.mark(conf) else ""), trust.style(conf)),
                c.reported or "unknown",
                notes.mark(cites),
            ]
        )
        day, precision = iso(c.when)  # ISO day + precision, as every machine output (#18)
        field, now = field_value(c.kind, c.field, c.value) if c.field else (None, c.value)
        before = field_value(c.kind, c.field, c.before)[1] if c.field and c.before is not None else c.before
        item = {
            "date": day,
            "date_precision": precision,
            "what": c.what,
            "kind": c.kind,
            "id": c.id,
            "field": field,
            "value": now,
            "before": before,
            "reported": iso(c.reported.split("..")[0])[0] if c.reported else None,
        }
        if c.fact and "source" in c.fact:
            item.update({k: c.fact.get(k) for k in ("source", "quote", "confidence", "reliability", "note", "derived")})
        data.append(item)
    if fmt in DELIMITED_FORMATS:  # ISO days with a precision; the value's text and its citation
        cols = [
            "date",
            "date_precision",
            "what",
            "kind",
            "id",
            "field",
            "value",
            "before",
            "source",
            "quote",
            "reported",
        ]
        return Output([Sheet(cols, [[_cell(d.get(c)) for c in cols] for d in data])], data)
    sheet = Sheet(["date", "what", "kind", "id", "field", "value", "reported", "source"], rows, optional=[6, 2, 7])
    footnotes = notes.lines() + (
        [trust.LEGEND] if any(trust.mark((c.fact or {}).get("confidence")) for c in found) else []
    )
    return Output([sheet], data, footnotes=footnotes)


def _cell(value: Any) -> Any:
    """A CSV cell of a changes value: a quantity as its number in the unit its field names
    (memory_GB: 384), a date as its ISO day."""
    if isinstance(value, dict):
        return value.get("value")
    return value
