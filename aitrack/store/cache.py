"""A cache of the parsed, validated dataset, so that a command answers without parsing YAML.

Keyed on every data file's path, size and mtime plus the schema, code and Python
versions; stored atomically outside the data dir. It never serves stale data: the key
is recomputed from the file system on every run, and every file carries the key it was
written with. A corrupt or mismatched file is ignored and the dataset is read afresh.

Layout, so that each command reads only what it needs (marshal, the fastest loader in
the standard library):
- `meta.marshal`: counts, fingerprint, number of buckets, and the generation token of
  every other part (a part from another generation is never mixed in);
- `<kind>.<N>.<J>.marshal`: the records of a kind, in slices of at most 100 per data
  file N, for search, timeline and JSON listings (a patch rewrites only its slices);
- `<kind>.rows.<N>.<J>.marshal`: the same as flat listing rows (tables.flat), for table
  and CSV listings;
- `due<YEAR>.marshal`: flat predictions that may fall due in that year, so
  `predictions --due 2026` reads one year, not every prediction;
- `r<N>.marshal`, `a<N>.marshal`, `l<N>.marshal`: records by id, aliases, and relations
  (a lab's models and chips, the predictions about an entity), hashed into buckets, so
  `show h100` on 100,000 entities reads one small bucket of each;
- `files.marshal` and `c<N>.marshal`: what the tables were built from (store.built_from).
"""

from __future__ import annotations

import hashlib
import marshal
import os
import struct
import sys
import zlib
from typing import Any

from aitrack import __version__, config
from aitrack.dataset.layout import IGNORED_FILE, data_files, file_stamp, stray_files

BUCKET_SIZE = 200  # records per bucket: show reads three buckets, a patch rewrites a few
# Every cache file: magic, format version, length and CRC-32 of the marshal payload. A
# truncated, corrupt or foreign file fails these checks before marshal sees it (marshal
# itself can raise SystemError, or allocate for a 2**31-item list a 5-byte file claims).
MAGIC = b"AITRACK-CACHE\0"
FORMAT = 1
_HEADER = struct.Struct("<14sHQI")
# The modules whose code shapes a cached record: editing one invalidates the cache, so a
# development checkout never sees records built by older code.
_RECORD_MODULES = (
    "kinds.py",
    "quantity.py",
    "dates.py",
    "dataset/schema.py",
    "dataset/read.py",
    "dataset/check.py",
    "dataset/fields.py",
    "dataset/shape.py",
    "dataset/trust.py",
    "store/tables.py",
    "store/cache.py",
)


class StaleCache(Exception):
    """A cache file from another generation than the meta file: read the YAML instead."""


def _code_stamp() -> tuple:
    return config.code_stamp(_RECORD_MODULES)


def code_key() -> str:
    """The part of the key that depends on the code, not on the data."""
    from aitrack.kinds import SCHEMA_VERSION

    return repr([SCHEMA_VERSION, __version__, sys.version_info[:2], _code_stamp()])


def file_key(data_dir: str) -> str:
    """What the cache depends on, as one string."""
    from aitrack.kinds import SCHEMA_VERSION

    key: list[Any] = [SCHEMA_VERSION, __version__, sys.version_info[:2], _code_stamp()]
    paths = [p for _, p in data_files(data_dir)] + [os.path.join(data_dir, IGNORED_FILE)]
    for path in paths:
        key.append((path, *file_stamp(path)))
    # A misnamed data file is a problem the full read reports: it must not hide behind the cache.
    key.append(stray_files(data_dir))
    return repr(key)


def bucket(key: str, count: int) -> int:
    return zlib.crc32(key.encode("utf-8", "surrogatepass")) % count if count > 1 else 0


def _folder(data_dir: str) -> str:
    digest = hashlib.sha1(os.path.abspath(data_dir).encode()).hexdigest()[:16]
    return os.path.join(config.cache_root(), digest)


def pack(key: str, content: Any) -> bytes:
    body = marshal.dumps((key, content))
    return _HEADER.pack(MAGIC, FORMAT, len(body), zlib.crc32(body)) + body


def unpack(raw: bytes) -> tuple[str, Any]:
    """(key, content) of a cache file's bytes; ValueError for anything not written by pack."""
    if len(raw) < _HEADER.size:
        raise ValueError("short cache file")
    magic, version, length, crc = _HEADER.unpack_from(raw)
    body = memoryview(raw)[_HEADER.size :]
    if magic != MAGIC or version != FORMAT or length != len(body) or zlib.crc32(body) != crc:
        raise ValueError("not a cache file of this version, or damaged")
    try:
        key, content = marshal.loads(body)
    except Exception as exc:  # marshal may raise SystemError, TypeError, ... on odd input
        raise ValueError(f"unreadable cache file: {exc}") from None
    return key, content


def _read(path: str) -> tuple[str, Any]:
    with open(path, "rb") as fh:
        return unpack(fh.read())


def _atomic_write(path: str, key: str, content: Any) -> None:
    tmp = f"{path}.{os.getpid()}.tmp"
    with open(tmp, "wb") as fh:
        fh.write(pack(key, content))
    os.replace(tmp, path)


def _token() -> str:
    """A generation token: every part carries the one it was written with, and meta lists
    the token of each part, so a part from another generation is never mixed in."""
    return os.urandom(8).hex()


SLICE = 100  # records per part of a kind's list: a patch rewrites a few slices, not a kind
MAX_SLICES = 32  # per data file: a listing of a big single-file kind reads 32 parts, not 1,000


def slice_size(count: int) -> int:
    """How many records each slice of a data file with `count` entries holds."""
    return max(SLICE, -(-count // MAX_SLICES))


def slice_name(kind: str, suffix: str, n: int, j: int) -> str:
    """The part holding the j-th slice of the n-th data file's records (suffix "") or
    listing rows (suffix ".rows") of a kind."""
    return f"{kind}{suffix}.{n}.{j}"


def parts_of(tables: Any, files: dict | None = None) -> tuple[dict[str, Any], dict[str, list]]:
    """Every cache part of a build by name (meta and built_from aside), and each kind's
    slices in order. files: the `files` part of store.built_from, whose entry counts
    cut each kind's list at file bounds; without it, one file per kind."""
    parts: dict[str, Any] = {}
    slices: dict[str, list] = {}
    order = [(info[0], info[4]) for info in files["files"].values()] if files else None
    for kind, recs in tables.records.items():
        rows, start, slices[kind] = tables.rows[kind], 0, []
        bounds = [(n, c) for n, (k, c) in enumerate(order) if k == kind] if order is not None else [(0, len(recs))]
        for n, count in bounds:
            size = slice_size(count)
            for j, at in enumerate(range(start, start + count, size)):
                end = min(at + size, start + count)
                parts[slice_name(kind, "", n, j)], parts[slice_name(kind, ".rows", n, j)] = recs[at:end], rows[at:end]
                slices[kind].append((n, j))
            start += count
    for year, rows in tables.due_years.items():
        parts[f"due{year}"] = rows
    for prefix, buckets in (("r", tables.by_id), ("a", tables.aliases), ("l", tables.relations)):
        for i, content in enumerate(buckets):
            parts[f"{prefix}{i}"] = content
    return parts, slices


def save(data_dir: str, key: str, tables: Any, built_from: dict | None = None) -> None:
    """Write the cache; any failure (read-only home, full disk) is silently skipped.
    built_from: what the tables were built from (store.built_from), kept beside them."""
    parts, slices = parts_of(tables, (built_from or {}).get("files"))
    write(data_dir, key, {**tables.meta, "parts": {}, "slices": slices}, {**parts, **(built_from or {})})


def write(data_dir: str, key: str, meta: dict, parts: dict[str, Any]) -> dict | None:
    """Write parts under a new token, then meta (last, atomically) naming them; meta's
    other parts keep theirs. Returns the meta written, or None if writing failed."""
    folder = _folder(data_dir)
    token = _token()
    try:
        os.makedirs(folder, exist_ok=True)
        for name, content in parts.items():
            _atomic_write(os.path.join(folder, f"{name}.marshal"), token, content)
        meta = {**meta, "code": code_key(), "parts": {**meta["parts"], **dict.fromkeys(parts, token)}}
        _atomic_write(os.path.join(folder, "meta.marshal"), key, meta)
        return meta
    except (OSError, ValueError):
        return None


class CachedStore:
    """Tables read from the cache, each file on first use."""

    def __init__(self, folder: str, key: str, meta: dict):
        self.folder, self.key, self.meta = folder, key, meta
        self._files: dict[str, Any] = {}
        self._joins: dict[str, list] = {}

    def _load(self, name: str) -> Any:
        if name not in self._files:
            try:
                key, content = _read(os.path.join(self.folder, f"{name}.marshal"))
            except (OSError, ValueError) as exc:
                raise StaleCache(name) from exc
            if key != self.meta["parts"].get(name):
                raise StaleCache(name)
            self._files[name] = content
        return self._files[name]

    def _joined(self, kind: str, suffix: str) -> list[dict]:
        names = [slice_name(kind, suffix, n, j) for n, j in self.meta["slices"][kind]]
        if len(names) == 1:
            return self._load(names[0])
        if f"{kind}{suffix}" not in self._joins:
            self._joins[f"{kind}{suffix}"] = [rec for name in names for rec in self._load(name)]
        return self._joins[f"{kind}{suffix}"]

    def kind(self, kind: str) -> list[dict]:
        return self._joined(kind, "")

    def rows(self, kind: str) -> list[dict]:
        return self._joined(kind, ".rows")

    def due_year(self, year: int) -> list[dict]:
        return self._load(f"due{year}") if year in self.meta["due_years"] else []

    def record(self, rid: str) -> dict | None:
        return self._load(f"r{bucket(rid, self.meta['buckets'])}").get(rid)

    def alias(self, key: str) -> tuple[str, str] | None:
        return self._load(f"a{bucket(key, self.meta['buckets'])}").get(key)

    def relations(self, rid: str) -> dict:
        return self._load(f"l{bucket(rid, self.meta['buckets'])}").get(rid, {})

    def all_aliases(self) -> dict[str, tuple[str, str]]:
        out: dict[str, tuple[str, str]] = {}
        for i in range(self.meta["buckets"]):
            out.update(self._load(f"a{i}"))
        return out

    def part(self, name: str) -> Any:
        """A part by file name (store.delta reads buckets and files through this)."""
        return self._load(name)


def _meta(data_dir: str) -> tuple[str, dict] | None:
    try:
        stored, meta = _read(os.path.join(_folder(data_dir), "meta.marshal"))
    except (OSError, ValueError):
        return None
    return (stored, meta) if isinstance(meta, dict) and isinstance(meta.get("parts"), dict) else None


def base(data_dir: str) -> CachedStore | None:
    """The last build, whatever data it was built from, if the same code built it."""
    got = _meta(data_dir)
    if got is None or got[1].get("code") != code_key():
        return None
    return CachedStore(_folder(data_dir), got[0], got[1])


def previous(data_dir: str) -> dict[str, tuple[list, list]] | None:
    """The last build's records and listing rows by kind, whatever data they were built
    from, if the same code built them; None otherwise."""
    store = base(data_dir)
    try:
        return {kind: (store.kind(kind), store.rows(kind)) for kind in store.meta["counts"]} if store else None
    except (StaleCache, KeyError, TypeError):
        return None


def load(data_dir: str, key: str) -> CachedStore | None:
    got = _meta(data_dir)
    if got is None or got[0] != key:
        return None
    return CachedStore(_folder(data_dir), key, got[1])
