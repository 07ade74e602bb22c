"""Reading a data directory: which files hold which kind, each file parsed strictly
(loader) and its entries validated (entries), an unchanged file's result taken from the
per-file cache, and the records merged, duplicate ids reported.

Problems are collected, never raised one at a time: a curator sees every problem of a
run at once, each with `path:line:col`.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from aitrack.dataset import loader
from aitrack.dataset.entries import (
    MAX_PROBLEMS_PER_FILE,
    FileResult,
    Lines,
    Where,
    entry_digests,
    field_path,
    message,
    reusable,
    validate_file,
)
from aitrack.dataset.layout import IGNORED_FILE, data_files, stray_files
from aitrack.errors import Problem
from aitrack.kinds import KIND_NAMES


class FileRead(NamedTuple):
    kind: str
    sha256: str  # "" when the file could not be read


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
    _merge(out, kind, display, validate_file(kind, display, value, locs, problems, ""), Lines(display, locs))
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
            reuse = reusable(filecache.last(path)) if cacheable else None
            result = validate_file(kind, path, value, locs, found, sha, reuse)
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


def load_ignored(data_dir: str, claims: bool = False, file_cache: bool = False) -> tuple[list[dict], list[Problem]]:
    """The ignore list used by the coverage test and by scan: names with a reason; with
    claims=True, the sentences (source, quote, reason) deliberately not recorded instead.
    With file_cache, an entry unchanged since the last read keeps its validated form (the
    per-file cache), so a run after an edit elsewhere in the list does not import pydantic."""
    from aitrack.dataset import filecache

    path = os.path.join(data_dir, IGNORED_FILE)
    if not os.path.exists(path):
        return [], []
    stamp = filecache.key(path) if file_cache else None
    value, locs, problems = loader.load_file(path, path)
    if value is None:
        return [], problems
    if not isinstance(value, list):
        return [], [Problem(path, 1, 1, "", "", "expected a list of {name, reason} entries")]
    digests = entry_digests(value)
    reuse = reusable(filecache.last(path)) if file_cache else {}
    valid: list[tuple[int, dict]] = []
    for i, item in enumerate(value):
        entry = reuse.get(digests[i])
        if entry is None:
            entry, found = _validate_ignored(path, locs, i, item)
            problems += found
            if entry is None:
                continue
        valid.append((i, entry))
    if stamp:
        filecache.put(path, stamp, FileResult([], None, valid, [], False, "", b"".join(digests)))
    out = [
        entry | ({"line": loader.locate(locs, (i,))[0]} if claims else {})
        for i, entry in valid
        if (entry.get("name") is None) != (not claims)
    ]
    return out, problems


def _validate_ignored(path: str, locs: dict, i: int, item: Any) -> tuple[dict | None, list[Problem]]:
    """One ignore-list entry, its fields that are set; or its problem at its line."""
    from pydantic import ValidationError  # only now: importing the schema costs 0.1 s

    from aitrack.dataset.schema import Ignored

    try:
        entry = Ignored.model_validate(item).model_dump()
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        line, col = loader.locate(locs, (i, *err["loc"]))
        return None, [Problem(path, line, col, "", field_path(err["loc"]), message(err))]
    return {k: v for k, v in entry.items() if v is not None}, []
