"""What views hand to the output layer (Cell, Sheet, Output) and how a data string is made
safe: literal (controls and bidi overrides escaped) and formula_safe (OWASP CSV rule).
render prints these; nothing here prints."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from aitrack.quantity import plain_number

# C0 and C1 controls, DEL, and the bidi overrides and isolates that reorder text.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
_RISKY = "=+-@\t\r\n"
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
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def literal(text: Any) -> str:
    """A data string made safe for a terminal: controls and bidi overrides escaped."""
    s = "" if text is None else str(text)
    return _CONTROL.sub(_escape_char, s)


def formula_safe(text: str) -> str:
    """OWASP CSV-injection defence: a cell that a spreadsheet would run gets a leading '."""
    if text.startswith(_FORMULA_START) and not _PLAIN_NUMBER.match(text):
        return "'" + text
    return text


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _raw(value: Any) -> Any:
    return value.raw if isinstance(value, Cell) else value


def _human(value: Any) -> str:
    if isinstance(value, Cell):
        return value.text
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple)):
        return "; ".join(_human(v) for v in value)
    return str(value)


def _machine(value: Any) -> str:
    value = _raw(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return plain_number(value)
    if isinstance(value, (list, tuple)):
        return "; ".join(_machine(v) for v in value)
    return str(value)
