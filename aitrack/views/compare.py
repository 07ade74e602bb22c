"""The compare view: one display unit per numeric row, ratio or winner, bars for the
terminal, footnoted sources; plain normalised numbers for csv, tsv and json."""

from __future__ import annotations

import math
from typing import Any

from aitrack.quantity import display_unit, fmt_number
from aitrack.views.render import Cell, Output, Sheet
from aitrack.views import trust
from aitrack.views.browse import Notes, reading_text

BAR_WIDTH = 12
BLOCKS = " ▏▎▍▌▋▊▉█"


def bar(value: float, lo: float, hi: float, log: bool) -> str:
    """A horizontal bar scaled between the row's smallest and largest value."""
    if value <= 0 or hi <= 0:
        return ""
    if log:
        span = math.log10(hi) - math.log10(max(lo, 1e-300))
        frac = 1.0 if span == 0 else 0.08 + 0.92 * (math.log10(value) - math.log10(lo)) / span
    else:
        frac = value / hi
    eighths = max(1, round(frac * BAR_WIDTH * 8))
    return "█" * (eighths // 8) + (BLOCKS[eighths % 8] if eighths % 8 else "")


def _unit(row: Any) -> tuple[str, float]:
    if row.dim in ("", "score"):
        return "", 1.0
    numbers = [v.number for v in row.values if v.number is not None]
    return display_unit(row.dim, numbers)


def _num_text(v: Any, factor: float) -> str:
    bound = {"at most": "≤ ", "at least": "≥ "}.get(v.bound or "", "")
    text = bound + ("~" if v.approx else "") + fmt_number(v.number / factor)
    if v.high is not None:
        text += "-" + fmt_number(v.high / factor)
    return text


def compare_output(result: Any, cat: Any, fmt: str) -> Output:
    entities = result.entities
    n = len(entities)
    notes = Notes(cat)
    with_bars = fmt == "table"
    machine = fmt in ("csv", "tsv", "json")
    columns = ["field", "unit"] + [e["id"] for e in entities]
    if n == 2:
        columns.append(f"ratio {entities[0]['id']}/{entities[1]['id']}")
    elif any(r.best for r in result.rows):
        columns.append("best")
    caveats = trust.Caveats()
    rows, data_rows = [], []
    numeric = {2 + n} if n == 2 else set()
    for row in result.rows:
        unit, factor = _unit(row)
        nums = [v.number for v in row.values if v.number is not None and v.number > 0]
        log = bool(nums) and min(nums) > 0 and max(nums) / min(nums) > 100
        cells: list[Any] = [row.field, unit + (", log bar" if with_bars and log and row.dim not in ("", "score") else "")]
        values, markers = {}, {}
        for i, v in enumerate(row.values):
            mark = notes.mark(v.cites)
            markers[entities[i]["id"]] = mark
            best = i in row.best
            if v.missing:
                cells.append(Cell(None, "—"))
                values[entities[i]["id"]] = None
                continue
            # Caveats travel with the value: its grade mark, then its note/derivation marker.
            sign = trust.mark(v.confidence)
            caveat = caveats.mark(entities[i]["id"], row.field, v.note, v.derived)
            suffix = (f" {sign}" if sign else "") + (f" {caveat}" if caveat else "") + (f" {mark}" if mark else "")
            if v.number is not None:
                raw = v.number / factor
                text = _num_text(v, factor) + (" ★" if best else "") + suffix
                if with_bars and row.dim not in ("",):
                    text += "  " + bar(v.number, min(nums or [1]), max(nums or [1]), log)
                cells.append(Cell(raw, text, "bold green" if best else trust.style(v.confidence)))
                values[entities[i]["id"]] = raw
            else:
                plain = reading_text(v)
                cells.append(Cell(plain, plain + suffix, trust.style(v.confidence)))
                values[entities[i]["id"]] = plain
        if n == 2:
            ratio = row.ratio
            cells.append(Cell(ratio, ("~" if row.ratio_approx else "") + fmt_number(ratio) + "×") if ratio else Cell(None, ""))
        elif "best" in columns:
            ids = [entities[i]["id"] for i in row.best]
            cells.append(Cell("; ".join(ids), "; ".join(ids)))
        if fmt in ("csv", "tsv"):  # a CSV has no footnotes: caveats travel in a column
            cells.append(_caveats(entities, row.values))
        rows.append(cells)
        data_rows.append({
            "field": row.field, "unit": unit or None, "values": values,
            "approx": {entities[i]["id"]: v.approx for i, v in enumerate(row.values) if v.number is not None},
            "ratio": row.ratio, "best": [entities[i]["id"] for i in row.best], "sources": markers,
            **{key: {entities[i]["id"]: getattr(v, attr) for i, v in enumerate(row.values) if not v.missing}
               for key, attr in (("confidence", "confidence"), ("reliability", "reliability"),
                                 ("as_of", "as_of"), ("note", "note"), ("derived", "derived"))},
        })
    if fmt in ("csv", "tsv"):
        columns.append("caveats")
    sheet = Sheet(columns, rows, numeric=numeric)
    data = {"entities": [{"id": e["id"], "kind": e["kind"], "name": e["name"]} for e in entities],
            "rows": data_rows, "sources": notes.data()}
    header = [] if machine else [" vs ".join(f"{e['name']} ({e['id']})" for e in entities)]
    footnotes = caveats.lines() + notes.lines()
    if any(trust.mark(v.confidence) for r in result.rows for v in r.values):
        footnotes.append(trust.LEGEND)
    if with_bars and any(r.dim for r in result.rows):
        footnotes.append("Bars compare each numeric row; 'log bar' rows span more than 100x.")
    return Output([sheet], data, header=header, footnotes=footnotes)


def _caveats(entities: list[dict], values: list[Any]) -> str:
    """Per entity, what a bare value hides: its note, its derivation, a speculative grade."""
    parts = []
    for e, v in zip(entities, values):
        said = [x for x in (v.note and " ".join(v.note.split()), v.derived and f"derived: {v.derived}",
                            v.confidence == "speculative" and "speculative") if x]
        if said and not v.missing:
            parts.append(f"{e['id']}: " + "; ".join(said))
    return " | ".join(parts)
