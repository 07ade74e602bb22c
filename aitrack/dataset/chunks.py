"""A data file split into its top-level entries' texts, so that after an edit only the
entries whose text changed are parsed again (store.delta). Splitting is only trusted when
a whole-file parse agreed with it (chunk_digests); anything unusual means "parse whole"."""

from __future__ import annotations

import re
from typing import Any

from aitrack.dataset.loader import Locs, parse_text

# A top-level entry starts at column 0 with a dash; a document marker anywhere, or
# anything but comments before the first entry, and the file is not split (see below).
_ENTRY = re.compile(r"^-(?=[ \r\n])", re.M)
_MARKER = re.compile(r"^(?:---|\.\.\.)(?:[ \t\r\n]|\Z)", re.M)


def entry_chunks(text: str, markers: bool = True) -> list[str] | None:
    """Each top-level entry's text, when the file is a plain block list: every entry starts
    with `- ` at column 0, only comments and blank lines come before the first, and there
    is no document marker. None otherwise. The delta path re-parses only the chunks an
    edit changed; chunk_digests checks, on a whole-file parse, that the chunks are exactly
    the entries (a quoted string spanning a line that starts with `- ` makes them differ).
    markers=False skips the search for document markers, for a caller that looks for them
    itself (has_marker), in the chunks it does not already know to be clean."""
    starts = [m.start() for m in _ENTRY.finditer(text)]
    if not starts or (markers and _MARKER.search(text)):
        return None
    if any(ln.strip() and not ln.lstrip().startswith("#") for ln in text[: starts[0]].splitlines()):
        return None
    bounds = starts + [len(text)]
    return [text[a:b] for a, b in zip(bounds, bounds[1:])]


def has_marker(text: str) -> bool:
    """A document marker (`---` or `...`) at the start of a line."""
    return _MARKER.search(text) is not None


def chunk_digest(chunk: str) -> bytes:
    import hashlib

    return hashlib.blake2b(chunk.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def chunk_digests(text: str, value: Any, locs: Locs) -> list[bytes] | None:
    """A digest of each entry's text, aligned with the parsed entries, or None when the
    chunks are not exactly the entries (then the file is always parsed whole)."""
    chunks = entry_chunks(text) if isinstance(value, list) else None
    if chunks is None or len(chunks) != len(value):
        return None
    line = text.count("\n", 0, len(text) - sum(map(len, chunks))) + 1
    out = []
    for i, chunk in enumerate(chunks):
        if locs.get((i,), (0, 0))[0] != line:
            return None
        out.append(chunk_digest(chunk))
        line += chunk.count("\n")
    return out


def parse_entry(chunk: str, display: str) -> tuple[Any, Locs] | None:
    """One entry's text parsed on its own: (item, locations with the item at index 0), or
    None if it is not exactly one clean entry (the caller then parses the whole file)."""
    from aitrack.dataset import plainyaml

    plain = plainyaml.parse(chunk)  # a plain entry needs no `import yaml` (15 ms) at all
    if plain is not None and isinstance(plain[0], list) and len(plain[0]) == 1:
        return plain[0][0], plain[1]
    value, locs, problems = parse_text(chunk, display)
    if problems or not isinstance(value, list) or len(value) != 1:
        return None
    return value[0], locs
