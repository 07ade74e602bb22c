"""What views hand to the output layer (Cell, Sheet, Output) and how a data string is made
safe: literal (controls, bidi and invisible characters escaped, for a terminal),
literal_row (controls only, for CSV and TSV) and formula_safe (OWASP CSV rule).
render prints these; nothing here prints."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from aitrack.quantity import plain_number

# What data may not put on a screen raw: C0 and C1 controls and DEL (ESC starts colour
# and OSC-8 link sequences), the bidi marks, overrides and isolates that reorder text,
# and the invisible ones that hide or disguise text: zero-width space/joiners, word
# joiner and invisible operators, soft hyphen, line/paragraph separators, BOM, the
# interlinear annotation marks and the tag characters (U+E0000-E007F).
_INVISIBLE = "\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb\U000e0000-\U000e007f"
_CONTROL = re.compile(f"[\x00-\x1f\x7f-\x9f{_INVISIBLE}]")
# CSV and TSV are for other tools: they keep every character as it is (a zero-width
# joiner or a soft hyphen is part of a name; escaping it made two names one) but the C0
# and C1 controls and DEL, which could drive a terminal that shows the file. Tab, CR and
# LF are the format's own (quoted, or escaped as \\t \\r \\n by TSV). Applied per row.
_CONTROL_IN_ROW = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# What a cell a spreadsheet would run starts with (formula_safe), and for CSV and TSV also
# the ' that spreadsheets (Gnumeric) read as a text prefix and drop (cell_safe;
# render_data tests RISKY inline).
_FORMULA_START = tuple("=+-@\t\r\n")
RISKY = "=+-@\t\r\n'"
_PLAIN_NUMBER = re.compile(r"^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\Z")


@dataclass
class Cell:
    """A value with its machine form (raw, for csv/json) and its human form (text)."""

    raw: Any
    text: str
    style: str = ""
    keep: bool = False  # one piece on a terminal: never broken across lines ("in 38 days")


@dataclass
class Sheet:
    columns: list[str]
    rows: list[list[Any]]
    title: str = ""
    numeric: set[int] = field(default_factory=set)  # right-aligned columns
    optional: list[int] = field(default_factory=list)  # may be hidden on a narrow terminal, first first
    name: str = ""  # the section name for --section (default: the title, kebab-case)

    @property
    def section(self) -> str:
        return self.name or "-".join(self.title.lower().split()) or "rows"


@dataclass
class Output:
    """What a command prints: sheets for tabular formats, data for json, notes under it."""

    sheets: list[Sheet]
    data: Any
    header: list[str] = field(default_factory=list)
    footnotes: list[str] = field(default_factory=list)
    lines: list | None = None  # what JSON Lines writes one per line, when data is not a list


def _escape_char(m: re.Match) -> str:
    code = ord(m.group())
    if code == 0x0A:
        return "\\n"
    if code == 0x09:
        return "\\t"
    if code == 0x0D:
        return "\\r"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def literal(text: Any) -> str:
    """A data string made safe for a terminal: controls, bidi and invisible characters
    escaped (\\x1b, \\u202e, \\u200b), so what is shown is what is there."""
    s = "" if text is None else str(text)
    return _CONTROL.sub(_escape_char, s)


def literal_row(line: str) -> str:
    """A finished CSV or TSV row made safe to cat: control characters escaped (tab, CR and
    LF kept: the format has its own way with them), everything else as it is. One pass
    per row, not one per cell."""
    return _CONTROL_IN_ROW.sub(_escape_char, line)


def formula_safe(text: str) -> str:
    """OWASP CSV-injection defence: a cell that a spreadsheet would run gets a leading '."""
    if text.startswith(_FORMULA_START) and not _PLAIN_NUMBER.match(text):
        return "'" + text
    return text


def cell_safe(text: str) -> str:
    """A CSV or TSV text cell: formula_safe, and a leading ' doubled, so that a
    spreadsheet that takes the first ' as a text prefix shows the one written."""
    return "'" + text if text.startswith("'") else formula_safe(text)


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def raw_of(value: Any) -> Any:
    return value.raw if isinstance(value, Cell) else value


def human(value: Any) -> str:
    if isinstance(value, Cell):
        return value.text
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple)):
        return "; ".join(human(v) for v in value)
    return str(value)


def machine(value: Any) -> str:
    value = raw_of(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return plain_number(value)
    if isinstance(value, (list, tuple)):
        return "; ".join(machine(v) for v in value)
    return str(value)
