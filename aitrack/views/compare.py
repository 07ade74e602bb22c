"""The compare view: one display unit per numeric row, ratio or winner, bars for the
terminal, footnoted sources; plain normalised numbers for csv, tsv and json."""

from __future__ import annotations

import math
import re
from typing import Any

from aitrack.quantity import LOWER, UPPER, display_unit, fmt_number
from aitrack.views import trust
from aitrack.views.browse import Notes, reading_text
from aitrack.views.render import Cell, Output, Sheet
from aitrack.vocab import DELIMITED_FORMATS, JSON_FORMATS

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


_SCALED = {"bytes": "B", "bandwidth": "B/s", "flops": "FLOP/s", "ops": "OP/s", "power": "W"}
_PREFIXES = {
    "": 1.0,
    "K": 1e3,
    "M": 1e6,
    "G": 1e9,
    "T": 1e12,
    "P": 1e15,
    "E": 1e18,
    "Ki": 2.0**10,
    "Mi": 2.0**20,
    "Gi": 2.0**30,
    "Ti": 2.0**40,
    "Pi": 2.0**50,
}
_FIRST_NUMBER = re.compile(r"[0-9][0-9,]*(?:\.[0-9]+)?")


def written_unit(v: Any, dim: str) -> tuple[str, float] | None:
    """The unit the source wrote a value in, as (label, factor to base units): `16 GiB`
    gives ('GiB', 2**30). None when the dimension has no prefixes or the text no number."""
    m = _FIRST_NUMBER.search(str(v.value or ""))
    if dim not in _SCALED or v.number is None or not m or not float(m.group().replace(",", "")):
        return None
    factor = abs(v.number) / float(m.group().replace(",", ""))
    for prefix, f in _PREFIXES.items():
        if abs(factor - f) <= 1e-9 * f:
            label = (prefix.upper() if prefix == "k" else prefix) + _SCALED[dim]
            return label, f
    return None


def _unit(row: Any) -> tuple[str, float]:
    """The row's unit: the one every source wrote, when they agree (16 GiB stays 16 GiB),
    else one readable unit for all (21 PB/s and 3.35 TB/s both in TB/s)."""
    if row.dim in ("", "score"):
        return "", 1.0
    present = [v for v in row.values if v.number is not None]
    written = [written_unit(v, row.dim) for v in present]
    if written and all(written) and len({w[1] for w in written if w}) == 1:
        return written[0]  # type: ignore[return-value]
    return display_unit(row.dim, [v.number for v in present])


def significant(v: Any) -> int:
    """How many significant digits the source wrote: `~21 PB/s` 2, `3.35 TB/s` 3, `80 GB` 2."""
    m = _FIRST_NUMBER.search(str(v.value or ""))
    digits = m.group().replace(",", "").replace(".", "").lstrip("0") if m else ""
    return max(1, len(digits))


def ratio_text(row: Any) -> str:
    """The ratio of two values to the precision of the less precise one, two digits at
    least and three at most (a ratio of 6 TB/s and 4.8 TB/s is 1.3×, not 1×; ~21 PB/s ÷
    ~3.35 TB/s is ~6,300×, 80 GB ÷ 192 GB is 0.42×), after the bound it is (≤ 2.04×)."""
    digits = max(2, min(3, *(significant(v) for v in row.values)))
    bound = _BOUND_SIGNS.get(row.ratio_bound or "", "")
    return bound + ("~" if row.ratio_approx else "") + to_digits(row.ratio, digits) + "×"


def to_digits(x: float, digits: int) -> str:
    """x to that many significant digits, halves rounded up and trailing zeros kept (2.0,
    not 2: the zero is a digit of the precision)."""
    from decimal import ROUND_HALF_UP, Decimal

    if not x:
        return "0"
    # repr, not the binary value: 1.25 is 1.25 and rounds up to 1.3
    exact = Decimal(repr(x))
    step = Decimal(1).scaleb(math.floor(math.log10(abs(x))) - digits + 1)
    rounded = exact.quantize(step, rounding=ROUND_HALF_UP)
    return f"{int(rounded):,}" if step >= 1 else f"{rounded:,f}"


_BOUND_SIGNS = {UPPER: "≤ ", LOWER: "≥ "}


def _num_text(v: Any, factor: float) -> str:
    bound = _BOUND_SIGNS.get(v.bound or "", "")
    text = bound + ("~" if v.approx else "") + fmt_number(v.number / factor)
    if v.high is not None:
        text += "-" + fmt_number(v.high / factor)
    return text


def compare_output(result: Any, cat: Any, fmt: str) -> Output:
    """A table with display units, bars and footnotes; for machines, fixed units (the
    field's machine name says which), values with their citations, and for CSV/TSV
    one row per field and entity, so the columns never depend on what is compared."""
    if fmt in DELIMITED_FORMATS + JSON_FORMATS:
        return _machine_output(result, cat)
    entities = result.entities
    n = len(entities)
    notes = Notes(cat)
    with_bars = fmt == "table"
    columns = ["field", "unit"] + [e["id"] for e in entities]
    if n == 2:
        columns.append(f"ratio {entities[0]['id']}/{entities[1]['id']}")
    as_written: list[str] = []
    log_rows: list[str] = []
    caveats = trust.Caveats()
    rows = []
    numeric = {2 + n} if n == 2 else set()
    for row in result.rows:
        unit, factor = _unit(row)
        nums = [v.number for v in row.values if v.number is not None and v.number > 0]
        log = bool(nums) and min(nums) > 0 and max(nums) / min(nums) > 100
        cells: list[Any] = [row.field, unit]
        if with_bars and log and row.dim not in ("", "score"):
            log_rows.append(row.field)
        converted = [
            f"{e['id']} {v.value}"
            for e, v in zip(entities, row.values)
            if unit and v.number is not None and (written_unit(v, row.dim) or (None, factor))[1] != factor
        ]
        if converted:
            as_written.append(f"{row.field} in {unit}; as the sources wrote it: " + ", ".join(converted))
        for i, v in enumerate(row.values):
            mark = notes.mark(v.cites)
            best = n > 2 and i in row.best  # queries name winners only where every value is plain
            if v.missing:  # a value a --min-confidence view hid is not "nothing in the sources"
                hidden = row.field in entities[i].get("hidden", ())
                cells.append(Cell(None, trust.HIDDEN if hidden else "—"))
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
            shown = ratio and not any(v.high is not None for v in row.values)  # a bound's ratio is one too
            cells.append(Cell(ratio, ratio_text(row)) if shown else Cell(None, ""))
        rows.append(cells)
    header = [" vs ".join(f"{e['name']} ({e['id']})" for e in entities)]
    footnotes = caveats.lines() + notes.lines() + as_written + _legend(result.rows, n)
    if any(trust.mark(v.confidence) for r in result.rows for v in r.values):
        footnotes.append(trust.LEGEND)
    if any(e.get("hidden") for e in entities):
        footnotes.append(trust.HIDDEN_LEGEND)
    if log_rows:
        footnotes.append(f"Bars on a log scale (values more than 100x apart): {', '.join(log_rows)}.")
    # An empty unit or ratio column (labs have neither) only costs width.
    empty = [
        i
        for i in (1, len(columns) - 1 if n == 2 else -1)
        if i > 0 and all(isinstance(r[i], Cell) and r[i].raw is None or r[i] in ("", None) for r in rows)
    ]
    if empty:
        keep = [i for i in range(len(columns)) if i not in empty]
        columns, rows = [columns[i] for i in keep], [[r[i] for i in keep] for r in rows]
        numeric = {keep.index(i) for i in numeric if i in keep}
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
            if isinstance(got, list) and got and "name" in got[0]:  # people: every one, as show lists them
                got = {"value": [p["name"] for p in got], "items": got}
            elif isinstance(got, list):  # lab sentiment: the first score, as listed
                got = got[0] if got else None
            values[ids[i]] = None if v.missing else got if isinstance(got, dict) else {"value": v.value}
        data_rows.append(
            {
                "field": key,
                "label": row.field,
                "unit": unit_of(kind, key),
                "values": values,
                "ratio": row.ratio,
                "ratio_approx": row.ratio_approx if row.ratio is not None else None,
                "ratio_bound": row.ratio_bound,
                "better": row.better or None,
                "best": [ids[i] for i in row.best],
                "markers": markers,
            }
        )
    data = {
        "entities": [{"id": e["id"], "kind": e["kind"], "name": e["name"]} for e in entities],
        "rows": data_rows,
        "sources": notes.data(),
    }
    sheet = Sheet(COMPARE_COLUMNS, compare_rows(cat, kind, data_rows, ids))
    return Output([sheet], data, lines=data_rows)


def _legend(rows: list[Any], n: int) -> list[str]:
    """Which way is better, row by row, and what ★ means."""
    higher = [r.field for r in rows if r.dim and r.better == "higher"]
    lower = [r.field for r in rows if r.dim and r.better == "lower"]
    if not higher and not lower:
        return []
    ways = "; ".join(
        part
        for part in (
            higher and f"higher is better for {', '.join(higher)}",
            lower and f"lower is better for {', '.join(lower)}",
        )
        if part
    )
    star = "★ best of all compared, only where every one has a value; " if n > 2 else ""
    return [f"{star}{ways}."]
