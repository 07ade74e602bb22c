"""One data file's entries validated on their own, against the schema: each entry's record
or its problems at their lines, with what the per-file cache keeps of the result and what
the next read of an edited file reuses. Cross-entity checks are in check.py."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from aitrack.dataset import loader
from aitrack.dataset.records import to_record
from aitrack.errors import Problem

MAX_PROBLEMS_PER_FILE = 200


class Lines:
    """A data file's positions (the line and column of every node), fetched only when a
    message needs one: from the per-file cache, else by parsing the file again. Keeping
    every file's positions in memory took 340 MB of a 100k dataset's 590."""

    def __init__(self, path: str, locs: dict | None = None, stamp: str | None = None):
        self.path, self._locs, self.stamp = path, locs, stamp

    def get(self) -> dict:
        if self._locs is None:
            from aitrack.dataset import filecache

            got = filecache.locs(self.path, self.stamp) if self.stamp else None
            self._locs = got if got is not None else loader.load_file(self.path, self.path)[1]
        return self._locs


@dataclass(slots=True)  # one per entity: 100,000 of them at 100k
class Where:
    """Where an entity was read from, for messages that point at a line."""

    path: str
    index: int
    lines: Lines

    @property
    def locs(self) -> dict:
        return self.lines.get()

    def at(self, *subpath: Any) -> tuple[int, int]:
        return loader.locate(self.lines.get(), (self.index,) + tuple(subpath))


class FileResult(NamedTuple):
    """One data file parsed and validated on its own: plain data, so the per-file cache
    (filecache) can store it."""

    problems: list[tuple]  # parse and validation problems, as Problem fields
    locs: dict | None  # the parser's positions (None when read back from the cache: see Lines)
    entries: list[tuple[int, dict]]  # (index in the file, record) of every valid entry
    invalid: list[str]  # ids of entries that failed validation
    broken: bool  # unreadable, not a list, or cut short: references into it are not dangling
    sha256: str
    digests: bytes = b""  # each parsed entry's digest (ENTRY bytes), so an edit's unchanged entries are known


_UNION_TAGS = ("one-fact", "fact-history")  # schema.ONE, schema.MANY: not part of the YAML path


def field_path(loc: tuple) -> str:
    return ".".join(str(p) for p in loc if not str(p).startswith("function-after"))


def message(err: Mapping[str, Any]) -> str:
    msg = err["msg"]
    if err["type"] == "extra_forbidden":
        return "unknown field"
    if err["type"] == "missing":
        return "required field is missing"
    for prefix in ("Value error, ", "Assertion failed, "):
        if msg.startswith(prefix):
            msg = msg[len(prefix) :]
    return msg


def validate_item(kind: str, item: Any, where: Where) -> tuple[dict | None, list[Problem]]:
    """Validate one entry; returns its plain record or the problems, each at its line."""
    entity = item.get("id", "") if isinstance(item, dict) else ""
    entity = entity if isinstance(entity, str) else ""
    if not isinstance(item, dict):
        line, col = where.at()
        return None, [Problem(where.path, line, col, "", "", f"expected a mapping for a {kind}, got {_kind_of(item)}")]
    from pydantic import ValidationError

    from aitrack.dataset.schema import KINDS

    try:
        model = KINDS[kind].model_validate(item)
    except ValidationError as exc:
        problems = []
        for err in exc.errors(include_url=False):
            loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and ("[" in p or p in _UNION_TAGS)))
            line, col = where.at(*loc)
            problems.append(Problem(where.path, line, col, entity, field_path(loc), message(err)))
        return None, problems
    return to_record(kind, model.model_dump()), []


def _kind_of(value: Any) -> str:
    return {dict: "a mapping", list: "a list", str: "a string", type(None): "nothing"}.get(
        type(value), type(value).__name__
    )


ENTRY = 16  # bytes of a parsed entry's digest


def entry_digests(value: list) -> list[bytes]:
    """A digest of each parsed entry: marshal version 0 keeps types (1, 1.0 and True
    differ) and key order, so an equal digest means the same entry validates the same."""
    import hashlib
    import marshal

    out = []
    for item in value:
        try:
            out.append(hashlib.blake2b(marshal.dumps(item, 0), digest_size=ENTRY).digest())
        except ValueError:  # a value marshal cannot write: never matched, validated afresh
            out.append(bytes(ENTRY))
    return out


def reusable(last: tuple | None) -> dict[bytes, dict]:
    """From a file's last cached result (filecache.last): parsed-entry digest -> record, for
    every entry that was valid then (an invalid one is validated again, for its lines)."""
    try:
        result = FileResult(*last) if last else None
        if result is None or len(result.digests) % ENTRY:
            return {}
        digests = [result.digests[i : i + ENTRY] for i in range(0, len(result.digests), ENTRY)]
        return {digests[i]: rec for i, rec in result.entries if i < len(digests) and any(digests[i])}
    except (TypeError, ValueError):
        return {}


def validate_file(
    kind: str,
    path: str,
    value: Any,
    locs: dict,
    parse_problems: list[Problem],
    sha: str,
    reuse: dict[bytes, dict] | None = None,
) -> FileResult:
    """One parsed file's entries validated on their own (no cross-entity checks). reuse:
    the records of entries as they were at the file's last read (reusable): after an edit,
    only the entries it changed go through pydantic."""
    problems = [tuple(vars(p).values()) for p in parse_problems]
    if value is None:
        return FileResult(problems, locs, [], [], True, sha)
    if not isinstance(value, list):
        line, col = loader.locate(locs, ())
        problems.append((path, line, col, "", "", f"expected a list of {kind} entries, got {_kind_of(value)}"))
        return FileResult(problems, locs, [], [], True, sha)
    digests = entry_digests(value)
    joined = b"".join(digests)
    whole = None if reuse else _validate_all(kind, value)
    if whole is not None:
        return FileResult(problems, locs, list(enumerate(whole)), [], False, sha, joined)
    entries: list[tuple[int, dict]] = []
    invalid: list[str] = []
    lines = Lines(path, locs)
    for index, item in enumerate(value):
        if len(problems) >= MAX_PROBLEMS_PER_FILE:
            # 400,000 broken `{}` entries took a minute and printed 1.2 million lines.
            line, _col = loader.locate(locs, (index,))
            more = f"{len(value) - index:,} more entries not checked"
            problems.append(
                (path, line, 1, "", "", f"stopped after {MAX_PROBLEMS_PER_FILE} problems in this file; {more}")
            )
            return FileResult(problems, locs, entries, invalid, True, sha, joined)
        hit = reuse.pop(digests[index], None) if reuse else None
        record, found = (hit, []) if hit is not None else validate_item(kind, item, Where(path, index, lines))
        problems += [tuple(vars(p).values()) for p in found[: MAX_PROBLEMS_PER_FILE - len(problems)]]
        if record is None:
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                invalid.append(item["id"])
            continue
        entries.append((index, record))
    return FileResult(problems, locs, entries, invalid, False, sha, joined)


def _validate_all(kind: str, value: list) -> list[dict] | None:
    """Every entry's record when the whole list is valid, in one call into pydantic-core
    (three times faster than entry by entry); None when any entry is not, and then each
    entry is validated on its own, for its problems at their lines."""
    from pydantic import ValidationError

    from aitrack.dataset.schema import Entity

    if not all(type(item) is dict for item in value):
        return None
    try:
        models: list[Entity] = _list_of(kind).validate_python(value)
    except ValidationError:
        return None
    return [to_record(kind, m.model_dump()) for m in models]


@functools.cache  # one per kind and run: a dataset split into many files builds it once
def _list_of(kind: str) -> Any:
    from pydantic import TypeAdapter

    from aitrack.dataset.schema import KINDS

    return TypeAdapter(list[KINDS[kind]])  # type: ignore[valid-type]
