"""Reading a data directory: which files hold which kind, parsing each strictly,
validating every entry against the schema, and turning entries into plain records.

Problems are collected, never raised one at a time: a curator sees every problem of a
run at once, each with `path:line:col`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from aitrack.dataset import loader
from aitrack.dataset.layout import IGNORED_FILE, data_files, stray_files
from aitrack.dataset.records import to_record
from aitrack.errors import Problem
from aitrack.kinds import KIND_NAMES

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


class FileRead(NamedTuple):
    kind: str
    sha256: str  # "" when the file could not be read


class FileResult(NamedTuple):
    """One data file parsed and validated on its own: plain data, so the per-file cache
    (filecache) can store it."""

    problems: list[tuple]  # parse and validation problems, as Problem fields
    locs: dict | None  # the parser's positions (None when read back from the cache: see Lines)
    entries: list[tuple[int, dict]]  # (index in the file, record) of every valid entry
    invalid: list[str]  # ids of entries that failed validation
    broken: bool  # unreadable, not a list, or cut short: references into it are not dangling
    sha256: str


@dataclass
class Loaded:
    records: dict[str, list[dict]] = field(default_factory=lambda: {k: [] for k in KIND_NAMES})
    where: dict[str, Where] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    # Entries that failed validation, and files that could not be read at all: references
    # to them are not reported again as dangling.
    invalid_ids: set[str] = field(default_factory=set)
    broken_files: list[str] = field(default_factory=list)
    # path -> what each data file was when read: its kind and the sha256 of its bytes (the
    # dataset's fingerprint is made from these).
    files: dict[str, FileRead] = field(default_factory=dict)


_UNION_TAGS = ("one-fact", "fact-history")  # schema.ONE, schema.MANY: not part of the YAML path


def _field_path(loc: tuple) -> str:
    return ".".join(str(p) for p in loc if not str(p).startswith("function-after"))


def _message(err: Mapping[str, Any]) -> str:
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
            problems.append(Problem(where.path, line, col, entity, _field_path(loc), _message(err)))
        return None, problems
    return to_record(kind, model.model_dump()), []


def _kind_of(value: Any) -> str:
    return {dict: "a mapping", list: "a list", str: "a string", type(None): "nothing"}.get(
        type(value), type(value).__name__
    )


def _validate_file(kind: str, path: str, value: Any, locs: dict, parse_problems: list[Problem], sha: str) -> FileResult:
    """One parsed file's entries validated on their own (no cross-entity checks)."""
    problems = [tuple(vars(p).values()) for p in parse_problems]
    if value is None:
        return FileResult(problems, locs, [], [], True, sha)
    if not isinstance(value, list):
        line, col = loader.locate(locs, ())
        problems.append((path, line, col, "", "", f"expected a list of {kind} entries, got {_kind_of(value)}"))
        return FileResult(problems, locs, [], [], True, sha)
    whole = _validate_all(kind, value)
    if whole is not None:
        return FileResult(problems, locs, list(enumerate(whole)), [], False, sha)
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
            return FileResult(problems, locs, entries, invalid, True, sha)
        record, found = validate_item(kind, item, Where(path, index, lines))
        problems += [tuple(vars(p).values()) for p in found[: MAX_PROBLEMS_PER_FILE - len(problems)]]
        if record is None:
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                invalid.append(item["id"])
            continue
        entries.append((index, record))
    return FileResult(problems, locs, entries, invalid, False, sha)


def _validate_all(kind: str, value: list) -> list[dict] | None:
    """Every entry's record when the whole list is valid, in one call into pydantic-core
    (three times faster than entry by entry); None when any entry is not, and then each
    entry is validated on its own, for its problems at their lines."""
    from pydantic import TypeAdapter, ValidationError

    from aitrack.dataset.schema import KINDS, Entity

    if not all(type(item) is dict for item in value):
        return None
    try:
        models: list[Entity] = TypeAdapter(list[KINDS[kind]]).validate_python(value)  # type: ignore[valid-type]
    except ValidationError:
        return None
    return [to_record(kind, m.model_dump()) for m in models]


def _merge(out: Loaded, kind: str, path: str, result: FileResult, lines: Lines) -> None:
    """Add one file's validated entries to out; ids already seen are duplicates."""
    out.problems.extend(Problem(*p) for p in result.problems)
    out.invalid_ids.update(result.invalid)
    out.files[path] = FileRead(kind, result.sha256)
    if result.broken:
        out.broken_files.append(path)
    for index, record in result.entries:
        where = Where(path, index, lines)
        if record["id"] in out.where:
            first = out.where[record["id"]]
            line, col = where.at("id")
            message = f"duplicate id (first at {first.path}:{first.at('id')[0]})"
            out.problems.append(Problem(path, line, col, record["id"], "id", message))
            continue
        out.where[record["id"]] = where
        out.records[kind].append(record)


def cap_per_file(problems: list[Problem], limit: int | None = None) -> list[Problem]:
    """At most `limit` problems per file, in file order, then one line saying how many
    more: a curator fixes the first ones first, and a terminal is not flooded."""
    limit = MAX_PROBLEMS_PER_FILE if limit is None else limit
    by_path: dict[str, list[Problem]] = {}
    for p in problems:
        by_path.setdefault(p.path, []).append(p)
    out: list[Problem] = []
    for path, group in by_path.items():
        if len(group) <= limit + 1:
            out += group
            continue
        group.sort(key=Problem.key)
        out += group[:limit]
        out.append(
            Problem(path, group[limit].line, 1, "", "", f"and {len(group) - limit:,} more problems in this file")
        )
    return out


def check_bytes(raw: bytes, kind: str, display: str) -> Loaded:
    """One file on its own, as bytes: what the fuzzer feeds. Never raises."""
    out = Loaded()
    value, locs, problems = loader.load_bytes(raw, display)
    _merge(out, kind, display, _validate_file(kind, display, value, locs, problems, ""), Lines(display, locs))
    return out


def load_dir(
    data_dir: str,
    progress: Callable[[int, int], None] | None = None,
    overrides: dict[str, str] | None = None,
    file_cache: bool = True,
) -> Loaded:
    """Parse and validate every data file (overrides: path -> text to use instead, for
    checking an edit before it is written); an unchanged file's result comes from the
    per-file cache. Cross-entity checks are in check.py."""
    from aitrack.dataset import filecache

    out = Loaded()
    files = data_files(data_dir)
    if not files:
        out.problems.append(
            Problem(data_dir, 1, 1, "", "", "no data files found (expected labs.yaml, chips.yaml, ...)")
        )
    for name in stray_files(data_dir):
        expected = "expected labs, chips, models, predictions, sources, products or ignored"
        out.problems.append(Problem(os.path.join(data_dir, name), 1, 1, "", "", f"unknown data file name ({expected})"))
    for done, (kind, path) in enumerate(files):
        if progress:
            progress(done, len(files))
        override = (overrides or {}).get(path)
        cacheable = file_cache and override is None
        # The stamp is taken before reading: a save while the file is read makes it differ
        # from the file's stamp afterwards, and then the result is not cached (filecache.put).
        stamp = filecache.key(path) if cacheable else None
        cached = filecache.get(path, stamp) if stamp else None
        result = FileResult(*cached) if cached is not None else None
        if result is None:
            value, locs, found, sha = _parse_file(path, override)
            result = _validate_file(kind, path, value, locs, found, sha)
            if stamp:
                filecache.put(path, stamp, result)
        # An edit being checked keeps its positions; a file on disk gives them again on demand.
        lines = Lines(path, result.locs) if override is not None else Lines(path, None, stamp)
        _merge(out, kind, path, result._replace(locs=None), lines)
    if progress:
        progress(len(files), len(files))
    return out


def _parse_file(path: str, override: str | None) -> tuple[Any, dict, list[Problem], str]:
    """(value, locations, problems, sha256 of the bytes) of one data file."""
    import hashlib

    raw, found = (
        (override.encode("utf-8", "surrogatepass"), []) if override is not None else loader.read_bytes(path, path)
    )
    if raw is None:
        return None, {}, found, ""
    sha = hashlib.sha256(raw).hexdigest()
    text, found = loader.decode(raw, path)
    if text is None:
        return None, {}, found, sha
    value, locs, found = loader.load_text(text, path)
    return value, locs, found, sha


def load_ignored(data_dir: str, claims: bool = False) -> tuple[list[dict], list[Problem]]:
    """The ignore list used by the coverage test and by scan: names with a reason; with
    claims=True, the sentences (source, quote, reason) deliberately not recorded instead."""
    path = os.path.join(data_dir, IGNORED_FILE)
    if not os.path.exists(path):
        return [], []
    from pydantic import ValidationError  # only now: importing the schema costs 0.1 s

    from aitrack.dataset.schema import Ignored

    value, locs, problems = loader.load_file(path, path)
    if value is None:
        return [], problems
    if not isinstance(value, list):
        return [], [Problem(path, 1, 1, "", "", "expected a list of {name, reason} entries")]
    out = []
    for i, item in enumerate(value):
        try:
            entry = Ignored.model_validate(item).model_dump()
            if (entry["name"] is None) == (not claims):
                continue
            out.append(
                {k: v for k, v in entry.items() if v is not None}
                | ({"line": loader.locate(locs, (i,))[0]} if claims else {})
            )
        except ValidationError as exc:
            err = exc.errors(include_url=False)[0]
            line, col = loader.locate(locs, (i, *err["loc"]))
            problems.append(Problem(path, line, col, "", _field_path(err["loc"]), _message(err)))
    return out, problems
