"""The one output layer: table (rich on a terminal, plain when piped), csv, tsv, json and
markdown. Every string from data is printed literally: no rich markup, control
characters escaped, spreadsheet formulas neutralised. Nothing else in aitrack prints data.
"""

from __future__ import annotations

import json
import os
import re
import sys
from dataclasses import dataclass, field
from typing import Any, Callable, TextIO

from aitrack.quantity import plain_number

FORMATS = ("table", "csv", "tsv", "json", "jsonl", "markdown")

# C0 and C1 controls, DEL, and the bidi overrides and isolates that reorder text.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
_RISKY = "=+-@\t\r\n"
_PLAIN_NUMBER = re.compile(r"^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$")


@dataclass
class Cell:
    """A value with its machine form (raw, for csv/json) and its human form (text)."""

    raw: Any
    text: str
    style: str = ""


@dataclass
class Sheet:
    columns: list[str]
    rows: list[list[Any]]
    title: str = ""
    numeric: set[int] = field(default_factory=set)  # right-aligned columns
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


# Formats ---------------------------------------------------------------------------

def pick(out: Output, section: str | None) -> Sheet:
    """The sheet CSV/TSV write: the only one or --section's; several and none chosen is a usage error."""
    from aitrack.errors import UsageError

    names = [sh.section for sh in out.sheets]
    if section:
        if section not in names:
            raise UsageError(f"unknown section '{section}': use one of {', '.join(names)}")
        return out.sheets[names.index(section)]
    if len(out.sheets) > 1:
        raise UsageError(f"this output has {len(out.sheets)} sections ({', '.join(names)}); "
                         "CSV and TSV write one: choose it with --section NAME, or use -f json")
    return out.sheets[0]


def _csv(out: Output, stream: TextIO, delimiter: str, section: str | None = None) -> None:
    sheet = pick(out, section)
    if delimiter == ",":
        # Text cells quoted, numbers and empty cells bare: a spreadsheet told to keep quoted
        # fields as text (LibreOffice: "Format quoted field as text") keeps dates as written.
        stream.write(",".join(_quoted(formula_safe(c)) for c in sheet.columns) + "\r\n")
        stream.writelines(",".join(
            ("" if v is None else _quoted(v if not v or v[0] not in _RISKY else formula_safe(v))) if type(v) is str
            else _csv_cell(v) for v in row) + "\r\n" for row in sheet.rows)
        return
    stream.write("\t".join(_tsv(c) for c in sheet.columns) + "\n")
    for row in sheet.rows:
        stream.write("\t".join(_tsv(_cell_csv(v)) for v in row) + "\n")


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _csv_cell(value: Any) -> str:
    text = _cell_csv(value)
    return text if text == "" or isinstance(_raw(value), (int, float)) else _quoted(text)  # numbers, true/false bare


def _cell_csv(value: Any) -> str:
    """One CSV/TSV cell: numbers plain, lists joined with '; ', text formula-safe.
    Dispatch on the exact type first: a listing of 100,000 rows calls this per cell."""
    kind = type(value)
    if value is None:
        return ""
    if kind is str:
        return formula_safe(value)
    if kind is float or kind is int:
        return plain_number(value)
    if kind is list and all(type(v) is str for v in value):
        return formula_safe("; ".join(value))
    raw = _raw(value)
    text = _machine(value)
    return text if isinstance(raw, (int, float)) and not isinstance(raw, bool) else formula_safe(text)


def _tsv(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


_JSON_EXTRA = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def _json(out: Output, stream: TextIO, lines: bool = False) -> None:
    """JSON, or JSON Lines: one compact object per line (a list's items, or Output.lines)."""
    items = [out.data] if not lines else out.lines if out.lines is not None else \
        out.data if isinstance(out.data, list) else [out.data]
    for item in items:
        text = json.dumps(item, ensure_ascii=False, **({"separators": (",", ":")} if lines else {"indent": 2}))
        stream.write(_JSON_EXTRA.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n")


def _markdown(out: Output, stream: TextIO) -> None:
    from tabulate import tabulate

    def md(value: Any) -> str:
        raw = _raw(value)
        text = literal(_human(value)).replace("|", "\\|")
        return text if isinstance(raw, (int, float)) else formula_safe(text)

    blocks = [f"**{md(line)}**" for line in out.header]
    for sheet in out.sheets:
        if sheet.title:
            blocks.append(f"### {md(sheet.title)}")
        rows = [[md(v) for v in row] for row in sheet.rows]
        blocks.append(tabulate(rows, headers=[md(c) for c in sheet.columns], tablefmt="pipe", disable_numparse=True))
    if out.footnotes:
        blocks.append("\n".join(f"- {md(note)}" for note in out.footnotes))
    stream.write("\n\n".join(blocks) + "\n")


def _plain(out: Output, stream: TextIO) -> None:
    """Aligned text with no colour and no width limit: what a pipe or a file gets."""
    lines = [literal(h) for h in out.header]
    for sheet in out.sheets:
        if lines:
            lines.append("")
        if sheet.title:
            lines.append(literal(sheet.title))
        cols = [literal(c) for c in sheet.columns]
        rows = [[literal(_human(v)) for v in row] for row in sheet.rows]
        widths = [max([len(c)] + [len(r[i]) for r in rows]) for i, c in enumerate(cols)]

        def fmt(cells: list[str], raws: list[Any]) -> str:
            parts = [c.rjust(w) if i in sheet.numeric or _is_number(raw) else c.ljust(w)
                     for i, (c, w, raw) in enumerate(zip(cells, widths, raws))]
            return "  ".join(parts).rstrip()

        lines.append(fmt(cols, [None] * len(cols)))
        lines.append("  ".join("-" * w for w in widths))
        lines.extend(fmt(r, [_raw(v) for v in raw_row]) for r, raw_row in zip(rows, sheet.rows))
    if out.footnotes:
        lines.append("")
        lines.extend(literal(n) for n in out.footnotes)
    stream.write("\n".join(lines) + "\n")


def _rich(out: Output, stream: TextIO, color: bool, tty: bool) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    # color_system=None: no escape sequences at all (not even bold) when colour is off.
    console = Console(file=stream, color_system="auto" if color else None, force_terminal=True if color else None,
                      width=None if tty else 100_000, highlight=False, emoji=False, markup=False)
    for line in out.header:
        console.print(Text(literal(line), style="bold"))
    for sheet in out.sheets:
        table = Table(title=Text(literal(sheet.title), style="bold") if sheet.title else None,
                      title_justify="left", header_style="bold")
        for i, col in enumerate(sheet.columns):
            table.add_column(Text(literal(col)), justify="right" if i in sheet.numeric else "left",
                             overflow="fold")
        for row in sheet.rows:
            table.add_row(*[_rich_cell(v) for v in row])
        console.print(table)
    for note in out.footnotes:
        console.print(Text(literal(note), style="dim"))


def _rich_cell(value: Any):
    from rich.text import Text

    text = Text(literal(_human(value)))
    style = getattr(value, "style", "") or ""
    if style.startswith("match:"):
        text.highlight_words([literal(style[6:])], style="bold reverse", case_sensitive=False)
    elif style:
        text.stylize(style)
    return text


def use_color(choice: str, stream: TextIO) -> bool:
    """--color first; then NO_COLOR (no-color.org) turns colour off, FORCE_COLOR
    (force-color.org; 0 or false do not force) and CLICOLOR_FORCE (not 0) turn it on even
    in a pipe; otherwise colour exactly when the stream is a terminal."""
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR", "").strip().lower() not in ("", "0", "false"):
        return True
    if os.environ.get("CLICOLOR_FORCE", "0").strip() not in ("", "0"):
        return True
    return _isatty(stream)


def stdout_is_terminal() -> bool:
    return _isatty(sys.stdout)


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def emit(out: Output, fmt: str = "table", color: str = "auto", stream: TextIO | None = None,
         section: str | None = None) -> None:
    """Print an Output in the chosen format (section: the one sheet CSV/TSV write)."""
    stream = stream or sys.stdout
    if fmt == "json":
        _json(out, stream)
    elif fmt == "jsonl":
        _json(out, stream, lines=True)
    elif fmt == "csv":
        _csv(out, stream, ",", section)
    elif fmt == "tsv":
        _csv(out, stream, "\t", section)
    elif fmt == "markdown":
        _markdown(out, stream)
    else:
        tty = _isatty(stream)
        colored = use_color(color, stream)
        if tty or colored:
            _rich(out, stream, colored, tty)
        else:
            _plain(out, stream)
    stream.flush()


def message(text: str, stream: TextIO | None = None) -> None:
    """A line of data on stdout (a schema, a stub, a diff): literal, no markup."""
    (stream or sys.stdout).write(literal(text) + "\n")


def note(text: str) -> None:
    """A message that is not data ('valid: …', 'exported to …', 'no chips match …'): one
    literal line on stderr, so stdout carries data alone."""
    sys.stderr.write(literal(text) + "\n")
    sys.stderr.flush()


def progress(label: str) -> Callable[[int, int], None] | None:
    """A progress callback on stderr when it is a terminal; None (silence) otherwise."""
    if not _isatty(sys.stderr):
        return None

    def report(done: int, total: int) -> None:
        end = "\n" if done >= total else ""
        sys.stderr.write(f"\r{label} {done}/{total}{end}")
        sys.stderr.flush()

    return report
