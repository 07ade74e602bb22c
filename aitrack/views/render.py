"""The one output layer: table (rich on a terminal, plain when piped), csv, tsv, json,
jsonl and markdown. Every string from data is printed literally: no rich markup, control
characters escaped, spreadsheet formulas neutralised. Nothing else in aitrack prints data.
The cells and the machine formats live in cells and render_data; this module prints.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Any, TextIO

# Cell, Output and Sheet are re-exported: the views build them here and hand them to emit.
from aitrack.views.cells import Cell, Output, Sheet, formula_safe, human, is_number, literal, raw_of  # noqa: F401
from aitrack.views.render_data import write_csv, write_json
from aitrack.vocab import OutputFormat

# HTML as text; a link needs `](` (an autolink needs `<`), so footnote marks like [1] stay.
_MD_ESCAPES = str.maketrans({"|": "\\|", "&": "&amp;", "<": "&lt;", ">": "&gt;"})


def _markdown(out: Output, stream: TextIO) -> None:
    from tabulate import tabulate

    def md(value: Any) -> str:
        raw = raw_of(value)
        # No HTML and no links from data: `<script>`, `<javascript:…>` and
        # `[x](javascript:…)` are shown as text, not rendered.
        text = literal(human(value)).translate(_MD_ESCAPES).replace("](", "]\\(")
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


def _aligned(cells: list[str], raws: list[Any], widths: list[int], numeric: set[int]) -> str:
    """One line of a plain table: numbers (and numeric columns) right-aligned."""
    parts = [
        c.rjust(w) if i in numeric or is_number(raw) else c.ljust(w)
        for i, (c, w, raw) in enumerate(zip(cells, widths, raws))
    ]
    return "  ".join(parts).rstrip()


def _plain(out: Output, stream: TextIO) -> None:
    """Aligned text with no colour and no width limit: what a pipe or a file gets."""
    lines = [literal(h) for h in out.header]
    for sheet in out.sheets:
        if lines:
            lines.append("")
        if sheet.title:
            lines.append(literal(sheet.title))
        cols = [literal(c) for c in sheet.columns]
        rows = [[literal(human(v)) for v in row] for row in sheet.rows]
        widths = [max([len(c)] + [len(r[i]) for r in rows]) for i, c in enumerate(cols)]
        lines.append(_aligned(cols, [None] * len(cols), widths, sheet.numeric))
        lines.append("  ".join("-" * w for w in widths))
        lines.extend(
            _aligned(r, [raw_of(v) for v in raw_row], widths, sheet.numeric) for r, raw_row in zip(rows, sheet.rows)
        )
    if out.footnotes:
        lines.append("")
        lines.extend(literal(n) for n in out.footnotes)
    stream.write("\n".join(lines) + "\n")


def _rich(out: Output, stream: TextIO, color: bool, tty: bool) -> None:
    """A terminal's table: fitted to its width by views.layout, so ids, numbers, dates and
    units never break across lines (and no width limit when colour goes to a pipe)."""
    from rich.console import Console
    from rich.text import Text

    from aitrack.views import layout

    # color_system=None: no escape sequences at all (not even bold) when colour is off.
    console = Console(
        file=stream,
        color_system="auto" if color else None,
        force_terminal=True if color else None,
        width=None if tty else 100_000,
        highlight=False,
        emoji=False,
        markup=False,
    )
    width = console.width if tty else None
    for line in out.header:
        console.print(Text(literal(line), style="bold"))
    for sheet in out.sheets:
        cells = [
            [(literal(human(v)), is_number(raw_of(v)) or getattr(v, "keep", False)) for v in row] for row in sheet.rows
        ]
        styles = [[literal(getattr(v, "style", "") or "") for v in row] for row in sheet.rows]
        parts, hidden = layout.build(
            [literal(c) for c in sheet.columns], cells, styles, sheet.numeric, width, sheet.optional
        )
        if sheet.title:
            console.print(Text(literal(sheet.title), style="bold"))
        for part in parts:
            console.print(part)
        if hidden:
            note(f"aitrack: hidden to fit {width} columns: {', '.join(hidden)} (a wider terminal or -f csv shows them)")
    for line in out.footnotes:
        console.print(Text(literal(line), style="dim"))


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


def emit(
    out: Output,
    fmt: OutputFormat = "table",
    color: str = "auto",
    stream: TextIO | None = None,
    section: str | None = None,
) -> None:
    """Print an Output in the chosen format (section: the one sheet CSV/TSV write)."""
    stream = stream or sys.stdout
    if fmt == "json":
        write_json(out, stream)
    elif fmt == "jsonl":
        write_json(out, stream, lines=True)
    elif fmt == "csv":
        write_csv(out, stream, ",", section)
    elif fmt == "tsv":
        write_csv(out, stream, "\t", section)
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
