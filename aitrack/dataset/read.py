"""Reading a data directory: which files hold which kind, parsing each strictly,
validating every entry against the schema, and turning entries into plain records.

Problems are collected, never raised one at a time: a curator sees every problem of a
run at once, each with `path:line:col`.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aitrack.dataset import loader
from aitrack.dataset.layout import IGNORED_FILE, data_files, file_stamp, stray_files
from aitrack.errors import Problem
from aitrack.kinds import KIND_NAMES

MAX_PROBLEMS_PER_FILE = 200


@dataclass
class Where:
    """Where an entity was read from, for messages that point at a line."""

    path: str
    index: int
    locs: dict

    def at(self, *subpath: Any) -> tuple[int, int]:
        return loader.locate(self.locs, (self.index,) + tuple(subpath))


@dataclass
class Loaded:
    records: dict[str, list[dict]] = field(default_factory=lambda: {k: [] for k in KIND_NAMES})
    where: dict[str, Where] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    # Entries that failed validation, and files that could not be read at all: references
    # to them are not reported again as dangling.
    invalid_ids: set[str] = field(default_factory=set)
    broken_files: list[str] = field(default_factory=list)
    # path -> (kind, *layout.file_stamp, sha256 of the bytes, chunk digests or None): what the
    # tables were built from, so the delta path knows which entries an edit touched.
    files: dict[str, tuple] = field(default_factory=dict)


_UNION_TAGS = ("one-fact", "fact-history")  # schema.ONE, schema.MANY: not part of the YAML path


def _field_path(loc: tuple) -> str:
    return ".".join(str(p) for p in loc if not str(p).startswith("function-after"))


def _message(err: dict) -> str:
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
    from aitrack.dataset.quick import quick_record  # a plainly valid entry needs no pydantic (0.2 s)

    record = quick_record(kind, item)
    if record is not None:
        return record, []
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
    return to_record(kind, model), []


def _kind_of(value: Any) -> str:
    return {dict: "a mapping", list: "a list", str: "a string", type(None): "nothing"}.get(
        type(value), type(value).__name__
    )


def to_record(kind: str, model: Any) -> dict:
    """A validated model as a plain dict, quantities parsed, entity kind in `kind`
    (shaped by quick.record_of, which the pydantic-free path shares)."""
    from aitrack.dataset.quick import record_of

    return record_of(kind, model.model_dump())


def _digests(value: Any) -> list:
    """A digest of each parsed entry, so an edited file's unchanged entries are known."""
    import hashlib
    import marshal

    out = []
    for item in value if isinstance(value, list) else []:
        try:
            out.append(hashlib.blake2b(marshal.dumps(item, 0), digest_size=16).digest())
        except ValueError:  # a value marshal cannot write: validate it afresh
            out.append(None)
    return out


def _reusable(old: Any) -> dict:
    """From the cached result of a file before its edit: digest -> record, for every entry
    that was valid then (an invalid one is validated again, for its lines)."""
    try:
        _problems, _locs, (entries, _p, _i, _b), digests, _file = old
        return {digests[i]: rec for i, rec in entries if i < len(digests) and digests[i] is not None}
    except (TypeError, ValueError):
        return {}


def _validate_file(
    kind: str, path: str, value: Any, locs: dict, digests: list | None = None, reuse: dict | None = None
) -> tuple:
    """One parsed file's entries validated on their own: (records with their index,
    problems as tuples, ids of invalid entries, whether the file is broken). Plain data,
    so that it can be cached per file (filecache). An entry whose digest is in reuse takes
    that record: the same parsed entry validates to the same record (no pydantic needed)."""
    if value is None:
        return [], [], [], True
    if not isinstance(value, list):
        line, col = loader.locate(locs, ())
        return [], [(path, line, col, "", "", f"expected a list of {kind} entries, got {_kind_of(value)}")], [], True
    entries, problems, invalid = [], [], []
    for index, item in enumerate(value):
        if len(problems) >= MAX_PROBLEMS_PER_FILE:
            # 400,000 broken `{}` entries took a minute and printed 1.2 million lines.
            line, _col = loader.locate(locs, (index,))
            problems.append(
                (
                    path,
                    line,
                    1,
                    "",
                    "",
                    f"stopped after {MAX_PROBLEMS_PER_FILE} problems in this file; "
                    f"{len(value) - index:,} more entries not checked",
                )
            )
            return entries, problems, invalid, True  # broken: references into the rest are not dangling
        hit = reuse.pop(digests[index], None) if reuse and digests and digests[index] is not None else None
        record, found = (hit, []) if hit is not None else validate_item(kind, item, Where(path, index, locs))
        problems += [tuple(vars(p).values()) for p in found[: MAX_PROBLEMS_PER_FILE - len(problems)]]
        if record is None:
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                invalid.append(item["id"])
            continue
        entries.append((index, record))
    return entries, problems, invalid, False


def _merge(out: Loaded, kind: str, path: str, locs: dict, result: tuple) -> None:
    """Add one file's validated entries to out; ids already seen are duplicates."""
    entries, problems, invalid, broken = result
    out.problems.extend(Problem(*p) for p in problems)
    out.invalid_ids.update(invalid)
    if broken:
        out.broken_files.append(path)
    for index, record in entries:
        where = Where(path, index, locs)
        if record["id"] in out.where:
            first = out.where[record["id"]]
            line, col = where.at("id")
            out.problems.append(
                Problem(
                    path, line, col, record["id"], "id", f"duplicate id (first at {first.path}:{first.at('id')[0]})"
                )
            )
            continue
        out.where[record["id"]] = where
        out.records[kind].append(record)


def _add_entries(out: Loaded, kind: str, path: str, value: Any, locs: dict) -> None:
    """Validate a parsed file's entries into out: records, locations and problems."""
    _merge(out, kind, path, locs, _validate_file(kind, path, value, locs))


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
    out.problems.extend(problems)
    _add_entries(out, kind, display, value, locs)
    return out


def load_dir(
    data_dir: str,
    progress: Callable[[int, int], None] | None = None,
    overrides: dict[str, str] | None = None,
    file_cache: bool = True,
) -> Loaded:
    """Parse and validate every data file (overrides: path -> text to use instead, for
    checking an edit before it is written); an unchanged file's entries come from the
    per-file cache. Cross-entity checks are in check.py."""
    from aitrack.dataset import filecache

    out = Loaded()
    files = data_files(data_dir)
    if not files:
        out.problems.append(
            Problem(data_dir, 1, 1, "", "", "no data files found (expected labs.yaml, chips.yaml, ...)")
        )
    for name in stray_files(data_dir):
        out.problems.append(
            Problem(
                os.path.join(data_dir, name),
                1,
                1,
                "",
                "",
                "unknown data file name (expected labs, chips, models, predictions, sources, products or ignored)",
            )
        )
    for done, (kind, path) in enumerate(files):
        if progress:
            progress(done, len(files))
        override = (overrides or {}).get(path)
        cached = filecache.get(path) if file_cache and override is None else None
        if cached is not None:
            parse_problems, locs, result, _digests_, (sha, chunks) = cached
        else:
            stamp = filecache.key(path) if file_cache and override is None else None
            reuse = _reusable(filecache.get(path, stale=True)) if stamp else {}
            value, locs, found, sha, chunks = _parse_file(path, override)
            parse_problems = [tuple(vars(p).values()) for p in found]
            digests = _digests(value) if file_cache else []
            result = _validate_file(kind, path, value, locs, digests, reuse)
            if stamp:
                filecache.put(path, stamp, (parse_problems, locs, result, digests, (sha, chunks)))
        out.problems.extend(Problem(*p) for p in parse_problems)
        _merge(out, kind, path, locs, result)
        out.files[path] = (kind, *file_stamp(path), sha, chunks)
    if progress:
        progress(len(files), len(files))
    return out


def _parse_file(path: str, override: str | None) -> tuple[Any, dict, list[Problem], str, list | None]:
    """(value, locations, problems, sha256 of the bytes, chunk digests) of one data file."""
    import hashlib

    from aitrack.dataset.chunks import chunk_digests

    raw, found = (
        (override.encode("utf-8", "surrogatepass"), []) if override is not None else loader.read_bytes(path, path)
    )
    if raw is None:
        return None, {}, found, "", None
    text, found = loader.decode(raw, path)
    if text is None:
        return None, {}, found, hashlib.sha256(raw).hexdigest(), None
    value, locs, found = loader.load_text(text, path)
    chunks = chunk_digests(text, value, locs) if value is not None else None
    return value, locs, found, hashlib.sha256(raw).hexdigest(), chunks


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
