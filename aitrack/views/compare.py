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
    """A table with display units, bars and footnotes; for machines, fixed units (the
    field's machine name says which), values with their citations, and for CSV/TSV
    one row per field and entity, so the columns never depend on what is compared."""
    if fmt in ("csv", "tsv", "json", "jsonl"):
        return _machine_output(result, cat)
    entities = result.entities
    n = len(entities)
    notes = Notes(cat)
    with_bars = fmt == "table"
    columns = ["field", "unit"] + [e["id"] for e in entities]
    if n == 2:
        columns.append(f"ratio {entities[0]['id']}/{entities[1]['id']}")
    elif any(r.best for r in result.rows):
        columns.append("best")
    caveats = trust.Caveats()
    rows = []
    numeric = {2 + n} if n == 2 else set()
    for row in result.rows:
        unit, factor = _unit(row)
        nums = [v.number for v in row.values if v.number is not None and v.number > 0]
        log = bool(nums) and min(nums) > 0 and max(nums) / min(nums) > 100
        cells: list[Any] = [row.field, unit + (", log bar" if with_bars and log and row.dim not in ("", "score") else "")]
        for i, v in enumerate(row.values):
            mark = notes.mark(v.cites)
            best = n > 2 and i in row.best
            if v.missing:
                cells.append(Cell(None, "—"))
                continue
            # Caveats travel with the value: its grade mark, then its note/derivation marker.
            sign = trust.mark(v.confidence)
            caveat = caveats.mark(entities[i]["id"], row.field, v.note, v.derived)
            suffix = (f" {sign}" if sign else "") + (f" {caveat}" if caveat else "") + (f" {mark}" if mark else "")
            if v.number is not None:
                text = _num_text(v, factor) + (" ★" if best else "") + suffix
                if with_bars and row.dim not in ("",):
                    text += "  " + bar(v.number, min(nums or [1]), max(nums or [1]), log)
                cells.append(Cell(v.number / factor, text, "bold green" if best else trust.style(v.confidence)))
            else:
                plain = reading_text(v)
                cells.append(Cell(plain, plain + suffix, trust.style(v.confidence)))
        if n == 2:
            ratio = row.ratio
            cells.append(Cell(ratio, ("~" if row.ratio_approx else "") + fmt_number(ratio) + "×") if ratio else Cell(None, ""))
        elif "best" in columns:
            ids = [entities[i]["id"] for i in row.best]
            cells.append(Cell("; ".join(ids), "; ".join(ids)))
        rows.append(cells)
    header = [" vs ".join(f"{e['name']} ({e['id']})" for e in entities)]
    footnotes = caveats.lines() + notes.lines()
    if any(trust.mark(v.confidence) for r in result.rows for v in r.values):
        footnotes.append(trust.LEGEND)
    if with_bars and any(r.dim for r in result.rows):
        footnotes.append("Bars compare each numeric row; 'log bar' rows span more than 100x.")
    return Output([Sheet(columns, rows, numeric=numeric)], None, header=header, footnotes=footnotes)


def _machine_output(result: Any, cat: Any) -> Output:
    """JSON: entities, rows (field by machine name, its fixed unit, each entity's value
    as in list/show JSON, integer source markers, ratio, best) and the sources."""
    from aitrack.dataset.fields import spec
    from aitrack.dataset.shape import shape
    from aitrack.views.machine import COMPARE_COLUMNS, compare_rows, unit_of

    entities = result.entities
    kind = entities[0]["kind"]
    shapes = [shape(e) for e in entities]
    ids = [e["id"] for e in entities]
    notes = Notes(cat)
    data_rows = []
    for row in result.rows:
        s = spec(kind, row.field)
        key = s.key if s else row.field.replace(" ", "_")
        values, markers = {}, {}
        for i, v in enumerate(row.values):
            mark = notes.mark(v.cites)
            markers[ids[i]] = [int(m) for m in mark.strip("[]").split("][")] if mark else []
            got = shapes[i].get(key)
            if isinstance(got, list):  # lab sentiment, people: the first, as listed
                got = got[0] if got else None
            values[ids[i]] = None if v.missing else got if isinstance(got, dict) else {"value": v.value}
        data_rows.append({"field": key, "label": row.field, "unit": unit_of(kind, key), "values": values,
                          "ratio": row.ratio, "ratio_approx": row.ratio_approx if row.ratio is not None else None,
                          "better": row.better or None, "best": [ids[i] for i in row.best], "markers": markers})
    data = {"entities": [{"id": e["id"], "kind": e["kind"], "name": e["name"]} for e in entities],
            "rows": data_rows, "sources": notes.data()}
    sheet = Sheet(COMPARE_COLUMNS, compare_rows(cat, kind, data_rows, ids))
    return Output([sheet], data, lines=data_rows)
