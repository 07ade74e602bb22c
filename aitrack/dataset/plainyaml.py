"""A yaml-free parser for the plain YAML our data files use: exactly loader.parse_text's
(value, locations) for that subset, or None ("not sure") so that PyYAML decides.

Why: after a curator edits one entry, the delta path re-parses only that entry's text,
and `import yaml` alone (15-18 ms) would be most of that command's time.

Accepted: block mappings and sequences (compact `- key: v` items, nested deeper), plain,
single- and double-quoted scalars on one line (a few escapes), one-line flow sequences
and mappings, `>`/`|` block scalars with uniformly indented lines, comments and blank
lines. Anything else, anything the strict parser would refuse (duplicate keys, numbers
out of range, depth) and anything doubtful returns None: a wrong answer here would be a
silent data error, a None only costs the PyYAML import.
"""

from __future__ import annotations

import math
import re
from typing import Any

from aitrack.dataset.loader import _NOT_PRINTABLE, MAX_DEPTH, Locs, _plain_scalar

# Keys: what our schemas use, plain or quoted without escapes (resolutions' `"on":`,
# which a plain `on` would not need, is quoted so that YAML 1.1 tools keep it a string).
# Anything else (`<<`, `?`, over-long keys PyYAML refuses) is left to PyYAML.
_KEY = re.compile(
    r"""(?:([A-Za-z_][A-Za-z0-9_-]{0,99})|"([A-Za-z0-9_ .-]{1,100})"|'([A-Za-z0-9_ .-]{1,100})'):(?: +|\Z)"""
)
# A plain scalar may not start with an indicator; `-` only before a digit or a dot
# (negative numbers), since `- x`, `-` and `--x` mean different things in places.
_PLAIN_START = re.compile(r"[^-?:,\[\]{}#&*!|>'\"%@` ]|-[0-9.]")
# In flow context a plain scalar stops at these; `:`, `?` and `#` there are read
# differently by PyYAML and libyaml versions, so they are simply not accepted.
_FLOW_PLAIN = re.compile(r"[^,\[\]{}:?#]*")
_ESCAPES = {"\\": "\\", '"': '"', "n": "\n", "t": "\t", "r": "\r", "0": "\0"}
# Characters YAML treats as line breaks or that the reader strips or refuses: not ours.
_ODD = ("\t", "\r", "\x85", "\u2028", "\u2029", "\ufeff")


class _Unsure(Exception):
    """Raised anywhere the text leaves the subset; parse() turns it into None."""


def _key(m: re.Match) -> str:
    return m.group(1) or m.group(2) or m.group(3)


def _scalar(text: str) -> Any:
    """A plain scalar resolved as loader._number_checked does; refusals become unsure."""
    try:
        value = _plain_scalar(text)
    except ValueError:  # an int too long for Python: the strict parser reports it
        raise _Unsure from None
    if isinstance(value, float) and not math.isfinite(value):
        raise _Unsure
    return value


def _quoted(line: str, i: int) -> tuple[str, int]:
    """The quoted scalar starting at line[i] (a quote) and the index after it."""
    quote, out, j = line[i], [], i + 1
    while j < len(line):
        ch = line[j]
        if ch == quote:
            if quote == "'" and line[j + 1 : j + 2] == "'":
                out.append("'")
                j += 2
                continue
            return "".join(out), j + 1
        if ch == "\\" and quote == '"':
            esc = _ESCAPES.get(line[j + 1 : j + 2])
            if esc is None:
                raise _Unsure
            out.append(esc)
            j += 2
            continue
        out.append(ch)
        j += 1
    raise _Unsure  # runs over the line end: a multi-line scalar


def _end_of_line(line: str, j: int) -> None:
    """After a complete value only spaces and a ` #` comment may follow."""
    rest = line[j:]
    stripped = rest.lstrip(" ")
    if stripped and not (stripped.startswith("#") and len(stripped) < len(rest)):
        raise _Unsure


class _Parser:
    def __init__(self, text: str):
        self.lines = text.split("\n")
        self.locs: Locs = {}
        self.i = 0  # index of the next raw line to read

    def sig(self) -> tuple[int, str] | None:
        """The next line that is not blank or a comment: (indent, line), not consumed."""
        while self.i < len(self.lines):
            line = self.lines[self.i]
            body = line.lstrip(" ")
            if body and not body.startswith("#"):
                return len(line) - len(body), line
            self.i += 1
        return None

    def mark(self, path: tuple, col: int, depth: int) -> None:
        if depth > MAX_DEPTH:
            raise _Unsure
        self.locs.setdefault(path, (self.i + 1, col + 1))

    def block(self, indent: int, line: str, col: int, path: tuple, depth: int) -> Any:
        """A block collection whose first token is at line[col] on the current line;
        its lines sit at column col (indent is the parent collection's column)."""
        if line.startswith("-", col) and line[col + 1 : col + 2] in (" ", ""):
            return self.sequence(col, path, depth)
        if _KEY.match(line, col):
            return self.mapping(col, path, depth)
        raise _Unsure  # a scalar on its own line(s), `? key`, a quoted key, ...

    def sequence(self, col: int, path: tuple, depth: int) -> list:
        self.mark(path, col, depth)
        items: list = []
        while True:
            nxt = self.sig()
            if nxt is None or nxt[0] < col:
                return items
            indent, line = nxt
            if indent > col or not (line.startswith("-", col) and line[col + 1 : col + 2] in (" ", "")):
                raise _Unsure
            start = col + 1
            while line[start : start + 1] == " ":
                start += 1
            if start >= len(line) or line[start] == "#" or line.startswith("-", start):
                raise _Unsure  # an empty item or a nested `- - x`: not our layout
            items.append(self.inline(col, line, start, path + (len(items),), depth + 1, compact=True))

    def mapping(self, col: int, path: tuple, depth: int) -> dict:
        self.mark(path, col, depth)
        out: dict = {}
        first = True  # the first key may follow `- ` on a less indented line
        while True:
            nxt = self.sig()
            if nxt is None or (nxt[0] < col and not first):
                return out
            indent, line = nxt
            m = _KEY.match(line, col)
            if (indent > col and not first) or m is None:
                raise _Unsure
            first = False
            key = _key(m)
            if key in out:
                raise _Unsure  # the strict parser names both lines
            self.locs[path + (key,)] = (self.i + 1, col + 1)
            start = m.end()
            if start >= len(line) or line[start] == "#":
                self.i += 1
                nested = self.sig()
                if nested is None or nested[0] <= col:
                    raise _Unsure  # a null value, or an indentless `- ` list: rare, left to PyYAML
                out[key] = self.block(col, nested[1], nested[0], path + (key,), depth + 1)
            else:
                out[key] = self.inline(col, line, start, path + (key,), depth + 1)

    def inline(self, col: int, line: str, j: int, path: tuple, depth: int, compact: bool = False) -> Any:
        """The value starting at line[j] after `key: ` or `- ` of a collection at col;
        consumes its line(s)."""
        ch = line[j]
        if compact and _KEY.match(line, j):
            return self.mapping(j, path, depth)  # `- key: v`: a mapping at the key's column
        if ch in ">|":
            return self.block_scalar(col, line, j, path, depth)
        self.mark(path, j, depth)
        if ch in "[{":
            value, end = self.flow(line, j, path, depth)
            _end_of_line(line, end)
        elif ch in "'\"":
            value, end = _quoted(line, j)
            _end_of_line(line, end)
        else:
            if not _PLAIN_START.match(line, j):
                raise _Unsure
            text = line[j:]
            cut = text.find(" #")
            text = (text if cut < 0 else text[:cut]).rstrip(" ")
            if ": " in text or text.endswith(":"):
                raise _Unsure
            value = _scalar(text)
        # A deeper line next (a multi-line scalar's continuation) is refused by the
        # enclosing collection's loop, which accepts only lines at its own column.
        self.i += 1
        return value

    def block_scalar(self, col: int, line: str, j: int, path: tuple, depth: int) -> str:
        """`>`, `>-`, `|` or `|-` with every content line at one indentation and no blank
        line between them: folding and chomping are then plain joins."""
        header = line[j:].rstrip(" ")
        if header not in (">", ">-", "|", "|-") or isinstance(path[-1], int):
            raise _Unsure
        self.mark(path, j, depth)
        self.i += 1
        content: list[str] = []
        indent = -1
        while self.i < len(self.lines):
            raw = self.lines[self.i]
            body = raw.lstrip(" ")
            if not body:
                break
            here = len(raw) - len(body)
            if indent < 0:
                if here <= col:
                    raise _Unsure  # an empty block scalar
                indent = here
            if here < indent:
                break
            if here > indent:
                raise _Unsure  # more-indented lines fold differently
            content.append(raw[indent:])
            self.i += 1
        if not content:
            raise _Unsure
        ended_by_break = self.i < len(self.lines)
        while self.i < len(self.lines) and not self.lines[self.i].strip(" "):
            if len(self.lines[self.i]) >= indent:
                raise _Unsure  # spaces up to the indentation make a content line
            self.i += 1
        # Content after a blank line (not a plain join) is refused by the enclosing loop.
        value = (" " if header[0] == ">" else "\n").join(content)
        if not header.endswith("-"):
            if not ended_by_break:
                raise _Unsure
            value += "\n"
        return value

    def flow(self, line: str, j: int, path: tuple, depth: int) -> tuple[Any, int]:
        """A flow collection or scalar at line[j] on this one line: (value, index after)."""
        self.mark(path, j, depth)
        ch = line[j]
        if ch in "'\"":
            return _quoted(line, j)
        if ch not in "[{":
            m = _FLOW_PLAIN.match(line, j)
            text = m.group().rstrip(" ")
            if not text or not _PLAIN_START.match(text):
                raise _Unsure
            return _scalar(text), j + len(text)
        close = "]" if ch == "[" else "}"
        seq: list = []
        mapping: dict = {}
        j = _skip(line, j + 1)
        if line[j : j + 1] == close:
            return (seq if ch == "[" else mapping), j + 1
        while True:
            if ch == "[":
                value, j = self.flow(line, j, path + (len(seq),), depth + 1)
                seq.append(value)
            else:
                m = _KEY.match(line, j)
                if m is None or m.group()[-1] != " " or _key(m) in mapping:
                    raise _Unsure  # an odd key, `k:` at the line end, or a duplicate
                key = _key(m)
                self.locs[path + (key,)] = (self.i + 1, j + 1)
                mapping[key], j = self.flow(line, m.end(), path + (key,), depth + 1)
            j = _skip(line, j)
            sep = line[j : j + 1]
            if sep == close:
                return (seq if ch == "[" else mapping), j + 1
            if sep != ",":
                raise _Unsure
            j = _skip(line, j + 1)  # `[a,]` or `[a,,b]` then fails as an empty plain scalar


def _skip(line: str, j: int) -> int:
    while line[j : j + 1] == " ":
        j += 1
    return j


def parse(text: str) -> tuple[Any, Locs] | None:
    """(value, locations) exactly as loader.parse_text gives them when it finds no
    problem, or None when the text is outside the subset (then ask PyYAML)."""
    if any(ch in text for ch in _ODD) or _NOT_PRINTABLE.search(text):
        return None
    parser = _Parser(text)
    try:
        first = parser.sig()
        if first is None or first[0] != 0:
            return None  # empty, a null document, or an indented root: left to PyYAML
        value = parser.block(-1, first[1], 0, (), 0)
        if parser.sig() is not None:
            return None
    except (_Unsure, IndexError):
        return None
    return value, parser.locs
