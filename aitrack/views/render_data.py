"""The machine formats of the output layer: CSV (text quoted, numbers bare), TSV, JSON
and JSON Lines, and which section CSV/TSV write. render.emit calls these."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any, TextIO

from aitrack.quantity import plain_number
from aitrack.views.cells import RISKY, Output, Sheet, cell_safe, literal_row, machine, raw_of


def pick(out: Output, section: str | None) -> Sheet:
    """The sheet CSV/TSV write: the only one or --section's; several and none chosen is a usage error."""
    from aitrack.errors import UsageError

    names = [sh.section for sh in out.sheets]
    if section:
        if section not in names:
            raise UsageError(f"unknown section '{section}': use one of {', '.join(names)}")
        return out.sheets[names.index(section)]
    if len(out.sheets) > 1:
        raise UsageError(
            f"this output has {len(out.sheets)} sections ({', '.join(names)}); "
            "CSV and TSV write one: choose it with --section NAME, or use -f json"
        )
    return out.sheets[0]


def write_csv(out: Output, stream: TextIO, delimiter: str, section: str | None = None) -> None:
    sheet = pick(out, section)
    if delimiter == ",":
        # Text cells quoted, numbers and empty cells bare: a spreadsheet told to keep quoted
        # fields as text (LibreOffice: "Format quoted field as text") keeps dates as written.
        # literal_row: `cat file.csv` must not let the data drive the terminal.
        stream.write(literal_row(",".join(_quoted(cell_safe(c)) for c in sheet.columns)) + "\r\n")
        # Column by column: a column that is empty in every row (most fields of most
        # listings) costs one count; in the others, empty cells, then text, then numbers
        # are tested in that order, each written as _csv_cell would, without a call per cell.
        cells: list[Sequence[str]] = []
        for column in zip(*sheet.rows):
            if column.count(None) == len(column):
                cells.append(("",) * len(column))
                continue
            cells.append(
                [
                    ""
                    if v is None
                    else _quoted(v if not v or v[0] not in RISKY else cell_safe(v))
                    if type(v) is str
                    else str(v)
                    if type(v) is int and -_EXACT < v < _EXACT  # as plain_number writes it
                    else plain_number(v)
                    if type(v) is float or type(v) is int
                    else "true"
                    if v is True
                    else "false"
                    if v is False
                    else _csv_cell(v)
                    for v in column
                ]
            )
        stream.writelines([literal_row(",".join(row)) + "\r\n" for row in zip(*cells)])
        return
    stream.write(literal_row("\t".join(_tsv(c) for c in sheet.columns)) + "\n")
    for row in sheet.rows:
        stream.write(literal_row("\t".join(_tsv(_cell_csv(v)) for v in row)) + "\n")


_EXACT = 10**18  # below it, plain_number writes an int as str() does


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _csv_cell(value: Any) -> str:
    text = _cell_csv(value)
    return text if text == "" or isinstance(raw_of(value), (int, float)) else _quoted(text)  # numbers, true/false bare


def _cell_csv(value: Any) -> str:
    """One CSV/TSV cell: numbers plain, lists joined with '; ', text formula-safe.
    Dispatch on the exact type first: a listing of 100,000 rows calls this per cell."""
    kind = type(value)
    if value is None:
        return ""
    if kind is str:
        return cell_safe(value)
    if kind is float or kind is int:
        return plain_number(value)
    if kind is list and all(type(v) is str for v in value):
        return cell_safe("; ".join(value))
    raw = raw_of(value)
    text = machine(value)
    return text if isinstance(raw, (int, float)) and not isinstance(raw, bool) else cell_safe(text)


def _tsv(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


_JSON_EXTRA = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def write_json(out: Output, stream: TextIO, lines: bool = False) -> None:
    """JSON, or JSON Lines: one compact object per line (a list's items, or Output.lines)."""
    items = (
        [out.data]
        if not lines
        else out.lines
        if out.lines is not None
        else out.data
        if isinstance(out.data, list)
        else [out.data]
    )
    for item in items:
        text = json.dumps(item, ensure_ascii=False, **({"separators": (",", ":")} if lines else {"indent": 2}))
        stream.write(_JSON_EXTRA.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n")
