"""Fitting a table to a terminal's width: which columns to show, how wide each is, and
where each cell breaks. Ids, numbers, dates and units are atoms that never break across
lines; only the spaces between words do. When the table cannot fit, it loses a border,
then its low-value columns, then turns into one block per row (like psql's \\x)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# A number glued to the short word after it ("5 nm", "38 days", "12 months") stays on one line.
_NUMBER = re.compile(r"^[~≈≤≥<>$+-]?[0-9][0-9,.]*[%×]?$")
BOXED, COMPACT, RECORDS = "boxed", "compact", "records"
URL_MIN = 24


def cell_len(text: str) -> int:
    from rich.cells import cell_len as measure

    return measure(text)


def atoms(text: str, number: bool = False) -> list[str]:
    """The unbreakable pieces of a cell. A number cell ("~21,000 ★ [9]  ████") breaks only
    between its value and its bar; any other text between words, a number kept with its unit."""
    if number:
        return [p.strip() for p in text.split("  ") if p.strip()]
    out: list[str] = []
    for word in text.split():
        if out and _NUMBER.match(out[-1]) and word[:1].isalpha() and len(word) <= 6:
            out[-1] += " " + word
        else:
            out.append(word)
    return out


def wrap(text: str, width: int, number: bool = False) -> list[str]:
    """Lines of at most width cells, broken only between atoms; an atom wider than the
    width (only possible in the last-resort record layout) is cut into pieces."""
    sep = "  " if number else " "
    lines: list[str] = []
    for para in text.split("\n") or [""]:
        line = ""
        for atom in atoms(para, number):
            while cell_len(atom) > width > 0:
                if line:
                    lines.append(line)
                    line = ""
                lines.append(atom[:width])
                atom = atom[width:]
            if not line:
                line = atom
            elif cell_len(line) + len(sep) + cell_len(atom) <= width:
                line += sep + atom
            else:
                lines.append(line)
                line = atom
        lines.append(line)
    return lines


@dataclass
class Plan:
    mode: str
    shown: list[int]
    widths: dict[int, int] = field(default_factory=dict)
    dropped: list[int] = field(default_factory=list)


def _overhead(mode: str, n: int) -> int:
    return 3 * n + 1 if mode == BOXED else 2 * (n - 1)


def plan(
    headers: list[str], cells: list[list[tuple[str, bool]]], width: int | None, optional: list[int] | None = None
) -> Plan:
    """The layout of a sheet: headers, each cell as (text, is_number), the terminal width
    (None: unlimited) and the columns that may be hidden, least valuable first."""
    n = len(headers)
    natural, minimum = [], []
    for i, head in enumerate(headers):
        texts = [row[i] for row in cells]
        natural.append(max([cell_len(line) for t, _ in texts for line in t.split("\n")] + [cell_len(head)]))
        # A URL in prose may fold rather than force the whole table into blocks.
        least = [
            min(cell_len(a), URL_MIN) if "://" in a and not num else cell_len(a)
            for t, num in texts
            for line in t.split("\n")
            for a in atoms(line, num)
        ]
        minimum.append(max(least + [cell_len(w) for w in head.split()] + [1]))
    if width is None:
        return Plan(BOXED, list(range(n)), dict(enumerate(natural)))
    shown, dropped = list(range(n)), []
    for mode in (BOXED, COMPACT):
        if sum(minimum) + _overhead(mode, n) <= width:
            return Plan(mode, shown, _widths(shown, natural, minimum, width - _overhead(mode, n)))
    for col in optional or []:
        if col in shown and len(shown) > 1:
            shown.remove(col)
            dropped.append(col)
            room = width - _overhead(COMPACT, len(shown))
            if sum(minimum[i] for i in shown) <= room:
                return Plan(COMPACT, shown, _widths(shown, natural, minimum, room), dropped)
    return Plan(RECORDS, list(range(n)))


def _widths(shown: list[int], natural: list[int], minimum: list[int], room: int) -> dict[int, int]:
    """Every column at its minimum, then the spare room shared out in proportion to what
    each column still lacks of its natural width (a long statement gets more than a name)."""
    widths = {i: minimum[i] for i in shown}
    spare = room - sum(widths.values())
    while spare > 0:
        lacking = {i: natural[i] - widths[i] for i in shown if natural[i] > widths[i]}
        if not lacking:
            break
        total = sum(lacking.values())
        if total <= spare:
            for i, need in lacking.items():
                widths[i] += need
            break
        given = 0
        for i, need in sorted(lacking.items(), key=lambda kv: -kv[1]):
            step = min(need, max(1, spare * need // total), spare - given)
            widths[i] += step
            given += step
        spare -= given
        if not given:
            break
    return widths


def build(
    headers: list[str],
    cells: list[list[tuple[str, bool]]],
    styles: list[list[str]],
    right: set[int],
    width: int | None,
    optional: list[int] | None = None,
) -> tuple[list, list[str]]:
    """Rich renderables for one sheet (headers and cells already literal), fitted to width,
    and the names of the columns hidden to fit. Printing stays in render."""
    from rich import box
    from rich.table import Table

    p = plan(headers, cells, width, optional)
    if p.mode == RECORDS:
        return _records(headers, cells, styles, width or 80), []
    boxed = p.mode == BOXED
    table = Table(
        box=box.HEAVY_HEAD if boxed else box.SIMPLE_HEAD,
        show_edge=boxed,
        pad_edge=boxed,
        padding=(0, 1) if boxed else (0, 1, 0, 0),
        header_style="bold",
    )
    for i in p.shown:
        table.add_column(
            _text("\n".join(wrap(headers[i], p.widths[i])), ""),
            width=p.widths[i],
            no_wrap=True,
            overflow="crop",
            justify="right" if i in right else "left",
        )
    for row, style in zip(cells, styles):
        table.add_row(*[_text("\n".join(wrap(row[i][0], p.widths[i], row[i][1])), style[i]) for i in p.shown])
    return [table], [headers[i] for i in p.dropped]


def _records(headers: list[str], cells: list[list[tuple[str, bool]]], styles: list[list[str]], width: int) -> list:
    """One block per row, a field per line: what is left when no table fits."""
    from rich.text import Text

    label = max(cell_len(h) for h in headers)
    room = max(10, width - label - 2)
    out: list = []
    for n, (row, style) in enumerate(zip(cells, styles)):
        if n:
            out.append(Text(""))
        for head, (text, number), st in zip(headers, row, style):
            lines = wrap(text, room, number) if text else [""]
            block = Text(head.ljust(label) + "  ", style="bold")
            block.append_text(_text(("\n" + " " * (label + 2)).join(lines), st))
            out.append(block)
    return out


def _text(text: str, style: str):
    """A cell's Text; style "match:WORDS" highlights WORDS (search), any other is applied whole."""
    from rich.text import Text

    out = Text(text, no_wrap=True, overflow="crop")
    if style.startswith("match:"):
        out.highlight_words([style[6:]], style="bold reverse", case_sensitive=False)
    elif style:
        out.stylize(style)
    return out
