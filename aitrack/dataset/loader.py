"""Strict YAML loading: safe parse, line numbers for every key, nothing doubtful accepted.

The document is built from parser events rather than with yaml.load so that:
- anchors and aliases are refused at the first one, before anything could expand
  (a billion-laughs file fails in microseconds);
- duplicate keys are refused, naming both lines;
- only YAML 1.2 core scalars are resolved (int, float, true/false, null); `yes`, `no`,
  `on`, `off` and dates stay strings until the schema parses them;
- every mapping key and sequence item gets its (line, col), for `path:line` messages.
"""

from __future__ import annotations

import math
import re
from typing import Any

from aitrack.errors import Problem

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_DEPTH = 24

Path_ = tuple  # a path into the document: keys and indexes
Locs = dict  # Path_ -> (line, col), both 1-based

_INT = re.compile(r"[-+]?[0-9]+\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")
_NULLS = {"", "~", "null", "Null", "NULL"}
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}


class _Refused(Exception):
    def __init__(self, line: int, col: int, message: str):
        super().__init__(message)
        self.line, self.col, self.message = line, col, message


def _plain_scalar(value: str) -> Any:
    if value in _NULLS:
        return None
    if value in _BOOLS:
        return _BOOLS[value]
    if _INT.match(value):
        return int(value)
    if _FLOAT.match(value):
        return float(value)
    return value


def _number_checked(ev: Any) -> Any:
    """A plain scalar's value; a number that is not finite (1e999) or too long to read
    is refused here, at its line, for every field at once."""
    try:
        value = _plain_scalar(ev.value)
    except ValueError:  # Python refuses ints over 4,300 digits (and would say how to lift it)
        raise _Refused(*_pos(ev), f"a number with {len(ev.value):,} digits is too long") from None
    if isinstance(value, float) and not math.isfinite(value):
        raise _Refused(*_pos(ev), f"number '{ev.value[:20]}' is out of range")
    return value


def _pos(event: Any) -> tuple[int, int]:
    mark = event.start_mark
    return mark.line + 1, mark.column + 1


class _Builder:
    """Turns a stream of PyYAML events into plain Python values plus a location map."""

    def __init__(self, events: Any):
        self.events = events
        self.locs: Locs = {}
        self.duplicates: list[tuple[int, int, str]] = []
        self.start = (1, 1)

    def next(self) -> Any:
        return next(self.events)

    def document(self) -> Any:
        import yaml

        ev = self.next()  # StreamStart
        ev = self.next()
        if isinstance(ev, yaml.StreamEndEvent):
            return None
        self.start = _pos(ev)  # the document's start (`---`), for a null document's message
        value = self.node(self.next(), (), 0)
        self.next()  # DocumentEnd
        ev = self.next()
        if not isinstance(ev, yaml.StreamEndEvent):
            raise _Refused(*_pos(ev), "more than one YAML document in the file")
        return value

    def node(self, ev: Any, path: Path_, depth: int) -> Any:
        import yaml

        if isinstance(ev, yaml.AliasEvent):
            raise _Refused(*_pos(ev), "YAML aliases (*name) are not allowed")
        if getattr(ev, "anchor", None):
            raise _Refused(*_pos(ev), "YAML anchors (&name) are not allowed")
        tag = getattr(ev, "tag", None)
        if tag and tag not in ("tag:yaml.org,2002:str", "!"):
            raise _Refused(*_pos(ev), f"explicit YAML tags are not allowed ({tag})")
        if depth > MAX_DEPTH:
            raise _Refused(*_pos(ev), f"nesting deeper than {MAX_DEPTH} levels")
        self.locs.setdefault(path, _pos(ev))
        if isinstance(ev, yaml.ScalarEvent):
            if ev.implicit[0] and not tag:
                return _number_checked(ev)
            return ev.value
        if isinstance(ev, yaml.SequenceStartEvent):
            items: list[Any] = []
            while True:
                child = self.next()
                if isinstance(child, yaml.SequenceEndEvent):
                    return items
                items.append(self.node(child, path + (len(items),), depth + 1))
        if isinstance(ev, yaml.MappingStartEvent):
            mapping: dict[str, Any] = {}
            while True:
                key_ev = self.next()
                if isinstance(key_ev, yaml.MappingEndEvent):
                    return mapping
                if not isinstance(key_ev, yaml.ScalarEvent) or key_ev.anchor:
                    raise _Refused(*_pos(key_ev), "mapping keys must be plain strings")
                key = key_ev.value
                if key == "<<":
                    raise _Refused(*_pos(key_ev), "YAML merge keys (<<) are not allowed")
                key_path = path + (key,)
                if key in mapping:
                    first = self.locs[key_path][0]
                    line, col = _pos(key_ev)
                    self.duplicates.append((line, col, f"duplicate key '{key}' (lines {first} and {line})"))
                    self.node(self.next(), ("\0dup",) + key_path, depth + 1)
                    continue
                self.locs[key_path] = _pos(key_ev)
                mapping[key] = self.node(self.next(), key_path, depth + 1)
        raise _Refused(*_pos(ev), f"unexpected YAML event {type(ev).__name__}")


def parse_text(text: str, path: str) -> tuple[Any, Locs, list[Problem]]:
    """Parse YAML text strictly. Returns (value, locations, problems); value is None
    when the file could not be read as a whole."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    builder = _Builder(yaml.parse(text, Loader=loader))
    try:
        value = builder.document()
    except _Refused as exc:
        return None, builder.locs, [Problem(path, exc.line, exc.col, "", "", exc.message)]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = " ".join(filter(None, [exc.context, exc.problem])) or "invalid YAML"
        return None, builder.locs, [Problem(path, line, col, "", "", f"invalid YAML: {message}")]
    except (yaml.YAMLError, RecursionError, ValueError) as exc:
        line = max(builder.locs.values(), default=(1, 1))[0]
        return None, builder.locs, [Problem(path, line, 1, "", "", f"invalid YAML: {exc}")]
    problems = [Problem(path, line, col, "", "", msg) for line, col, msg in builder.duplicates]
    if value is None:
        # `~`, `null` or a bare `---`: no entries, and no error from the parser either.
        line, col = builder.start
        problems.append(
            Problem(path, line, col, "", "", "the document is null, not a list of entries (write [] for none)")
        )
    return value, builder.locs, problems


def decode(raw: bytes, display: str) -> tuple[str | None, list[Problem]]:
    """Bytes of a data file as text: UTF-8 only, size-limited, no NUL bytes."""
    if len(raw) > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES // (1024 * 1024)
        return None, [Problem(display, 1, 1, "", "", f"file is {len(raw):,} bytes, over the {limit} MB limit")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [Problem(display, line, col, "", "", f"not UTF-8 text (byte 0x{raw[exc.start]:02x})")]
    if "\0" in text:
        line = text.count("\n", 0, text.index("\0")) + 1
        return None, [Problem(display, line, 1, "", "", "file contains a NUL byte")]
    return (text[1:] if text.startswith("\ufeff") else text), []


def read_bytes(path: str, display: str) -> tuple[bytes | None, list[Problem]]:
    """A data file's bytes: a regular file only (a FIFO or a device would hang or never
    end), refused before reading when over the size limit."""
    import os
    import stat

    def refuse(message: str) -> tuple[None, list[Problem]]:
        return None, [Problem(display, 1, 1, "", "", message)]

    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; fstat then refuses it.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        return refuse(f"cannot read file: {exc.strerror or exc}")
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        return refuse("not a regular file (a directory, FIFO or device); data files must be plain files")
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fh.fileno())
        limit = MAX_FILE_BYTES // (1024 * 1024)
        if st.st_size > MAX_FILE_BYTES:
            return refuse(f"file is {st.st_size:,} bytes, over the {limit} MB limit")
        try:
            raw = fh.read(MAX_FILE_BYTES + 1)
        except OSError as exc:
            return refuse(f"cannot read file: {exc.strerror or exc}")
    if len(raw) > MAX_FILE_BYTES:
        return refuse(f"file grew over the {limit} MB limit while being read")
    return raw, []


def load_bytes(raw: bytes, display: str) -> tuple[Any, Locs, list[Problem]]:
    """Parse one data file's bytes; every failure becomes a Problem, never an exception."""
    text, problems = decode(raw, display)
    if text is None:
        return None, {}, problems
    return load_text(text, display)


# What YAML may not hold: C0 and C1 controls other than tab, LF, CR and NEL, surrogates,
# U+FFFE and U+FFFF. Written as what is refused, not as the negation of what is allowed:
# that class took 11 ms to compile, on every run that reads a file. Found here, the line
# and column are exact (the parser's reader error pointed at the wrong line).
_NOT_PRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


def text_problems(text: str, display: str) -> list[Problem]:
    """What refuses a file's text before parsing: NUL, control characters, no content."""
    problems = character_problems(text, display)
    if not problems and (
        not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines())
    ):
        return [Problem(display, 1, 1, "", "", "file is empty")]
    return problems


def character_problems(text: str, display: str) -> list[Problem]:
    """A NUL or a control character YAML may not hold, at its line and column."""
    if "\0" in text:
        line = text.count("\n", 0, text.index("\0")) + 1
        return [Problem(display, line, 1, "", "", "file contains a NUL byte")]
    bad = _NOT_PRINTABLE.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        col = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        return [
            Problem(display, line, col, "", "", f"control character U+{ord(bad.group()):04X} is not allowed in YAML")
        ]
    return []


def load_text(text: str, display: str) -> tuple[Any, Locs, list[Problem]]:
    problems = text_problems(text, display)
    return (None, {}, problems) if problems else parse_text(text, display)


def load_file(path: str, display: str, text: str | None = None) -> tuple[Any, Locs, list[Problem]]:
    """Read and parse one YAML file (or the given text standing in for it)."""
    if text is not None:
        return load_text(text, display)
    raw, problems = read_bytes(path, display)
    if raw is None:
        return None, {}, problems
    return load_bytes(raw, display)


def locate(locs: Locs, path: Path_) -> tuple[int, int]:
    """The position of the deepest recorded prefix of path."""
    path = tuple(path)
    while path:
        if path in locs:
            return locs[path]
        path = path[:-1]
    return locs.get((), (1, 1))
