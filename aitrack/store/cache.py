"""A cache of the parsed, validated dataset's lookup tables, so that a command answers
without parsing YAML.

Keyed on every data file's path, size, mtime, ctime and inode, the ignore list, stray
files, and the code (config.code_stamp: every module of the package, the version and the
Python version); stored atomically outside the data dir. It never serves stale data: the
key is recomputed from the file system on every run, before anything is read, and every
part carries the key of the build it belongs to and its own name. A corrupt, foreign or
mismatched part is ignored and the dataset is read afresh.

Layout, so that each command reads only what it needs (marshal, the fastest loader in
the standard library):
- `meta.marshal`: counts, fingerprint, number of buckets, due years;
- `<kind>.marshal` and `<kind>.rows.marshal`: a kind's records (search, timeline, JSON
  listings) and its flat listing rows (tables.flat: table and CSV listings);
  `<kind>.digests.marshal`: each record's digest, so the next build reuses the rows of
  records an edit left alone;
- `due<YEAR>.marshal`: flat predictions that may fall due in that year, so
  `predictions --due 2026` reads one year, not every prediction;
- `r<N>.marshal`, `a<N>.marshal`, `l<N>.marshal`: records by id, aliases, and relations
  (a lab's models and chips, the predictions about an entity), hashed into buckets, so
  `show h100` on 100,000 entities reads one small bucket of each.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import struct
import zlib
from collections.abc import Iterator
from typing import Any

from aitrack import config
from aitrack.dataset.cachefile import atomic_write, private_folder
from aitrack.dataset.layout import IGNORED_FILE, data_files, file_stamp, stray_files

# Records per bucket: show reads three buckets at any size; 500 keeps them small (a few
# ms to read) and a 10k build to 60 files, not 150 (each file costs its own write).
BUCKET_SIZE = 500
# Every cache file: magic, format version, length and CRC-32 of the marshal payload. A
# truncated, corrupt or foreign file fails these checks before marshal sees it (marshal
# itself can raise SystemError, or allocate for a 2**31-item list a 5-byte file claims).
MAGIC = b"AITRACK-CACHE\0"
FORMAT = 2
_HEADER = struct.Struct("<14sHQI")


class StaleCache(Exception):
    """A part that does not belong to the build meta names (another process rewrote the
    cache meanwhile, or the part was damaged or swapped): read the YAML instead."""


def file_key(data_dir: str) -> str:
    """What the cache depends on, as a digest: taken before anything is read, so a save
    during a read makes the next run's key differ."""
    from aitrack.kinds import SCHEMA_VERSION

    key: list[Any] = [SCHEMA_VERSION, config.code_stamp()]
    paths = [p for _, p in data_files(data_dir)] + [os.path.join(data_dir, IGNORED_FILE)]
    for path in paths:
        key.append((path, *file_stamp(path)))
    # A misnamed data file is a problem the full read reports: it must not hide behind the cache.
    key.append(stray_files(data_dir))
    return hashlib.sha256(repr(key).encode("utf-8", "surrogatepass")).hexdigest()


def bucket(key: str, count: int) -> int:
    return zlib.crc32(key.encode("utf-8", "surrogatepass")) % count if count > 1 else 0


def _folder(data_dir: str) -> str:
    digest = hashlib.sha1(os.path.abspath(data_dir).encode()).hexdigest()[:16]
    return os.path.join(config.cache_root(), digest)


def pack(key: str, name: str, content: Any) -> bytes:
    """A cache file: the build's key and the part's own name beside its content, so a part
    of another build, or another part of the same build, is never taken for this one."""
    return b"".join(_packed(key, name, content))


def _packed(key: str, name: str, content: Any) -> tuple[bytes, bytes]:
    """pack's header and body apart (the body of a 100k kind is tens of MB: never copied)."""
    body = marshal.dumps((key, name, content))
    return _HEADER.pack(MAGIC, FORMAT, len(body), zlib.crc32(body)), body


def unpack(raw: bytes) -> tuple[str, str, Any]:
    """(key, name, content) of a cache file's bytes; ValueError for anything not written by pack."""
    if len(raw) < _HEADER.size:
        raise ValueError("short cache file")
    magic, version, length, crc = _HEADER.unpack_from(raw)
    body = memoryview(raw)[_HEADER.size :]
    if magic != MAGIC or version != FORMAT or length != len(body) or zlib.crc32(body) != crc:
        raise ValueError("not a cache file of this version, or damaged")
    try:
        key, name, content = marshal.loads(body)
    except Exception as exc:  # marshal may raise SystemError, TypeError, ... on odd input
        raise ValueError(f"unreadable cache file: {exc}") from None
    return key, name, content


def _read(folder: str, name: str) -> tuple[str, Any]:
    """(build key, content) of a part; ValueError when it is not that part."""
    with open(os.path.join(folder, f"{name}.marshal"), "rb") as fh:
        key, found, content = unpack(fh.read())
    if found != name:
        raise ValueError(f"cache file {name} holds part {found}")
    return key, content


def parts_of(tables: Any) -> Iterator[tuple[str, Any]]:
    """Every cache part of a build, by name, meta aside; a kind's rows are made as they are
    written, and let go after (tables.Tables.rows)."""
    code = config.code_stamp()
    for kind, recs in tables.records.items():
        yield kind, recs
        rows, digests = tables.rows(kind)
        yield f"{kind}.rows", rows
        yield f"{kind}.digests", (code, digests)
        del rows
    parts: dict[str, Any] = {}
    for year, rows in tables.due_years.items():
        parts[f"due{year}"] = rows
    for prefix, buckets in (("r", tables.by_id), ("a", tables.aliases), ("l", tables.relations)):
        for i, content in enumerate(buckets):
            parts[f"{prefix}{i}"] = content
    yield from parts.items()


def save(data_dir: str, key: str, tables: Any) -> None:
    """Write every part, then meta (last, atomically) naming the build; any failure
    (read-only home, full disk) is skipped: the next run reads the YAML again."""
    folder = _folder(data_dir)
    try:
        private_folder(folder)
        for name, content in parts_of(tables):
            atomic_write(folder, f"{name}.marshal", *_packed(key, name, content))
        atomic_write(folder, "meta.marshal", *_packed(key, "meta", tables.meta))
    except (OSError, ValueError):
        pass


class CachedStore:
    """Tables read from the cache, each part on first use."""

    def __init__(self, folder: str, key: str, meta: dict):
        self.folder, self.key, self.meta = folder, key, meta
        self._parts: dict[str, Any] = {}

    def _load(self, name: str) -> Any:
        if name not in self._parts:
            try:
                key, content = _read(self.folder, name)
            except (OSError, ValueError) as exc:
                raise StaleCache(name) from exc
            if key != self.key:
                raise StaleCache(name)
            self._parts[name] = content
        return self._parts[name]

    def kind(self, kind: str) -> list[dict]:
        return self._load(kind)

    def part(self, name: str) -> Any:
        return self._load(name)

    def rows(self, kind: str) -> list[dict]:
        return self._load(f"{kind}.rows")

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


class Previous:
    """The build on disk, whatever data it was built from: a kind's rows and digests, read
    when asked for (tables.Tables.rows reuses the rows of unchanged records)."""

    def __init__(self, folder: str):
        self.folder = folder

    def get(self, kind: str) -> tuple[list, bytes] | None:
        """(rows, joined digests) of a kind, when both parts are of one build and the same
        code made them (the digests part names its code); None otherwise."""
        try:
            key, rows = _read(self.folder, f"{kind}.rows")
            other, (code, digests) = _read(self.folder, f"{kind}.digests")
        except (OSError, ValueError, TypeError):
            return None
        if key != other or code != config.code_stamp() or type(rows) is not list or type(digests) is not bytes:
            return None
        return rows, digests


def previous(data_dir: str) -> Previous:
    return Previous(_folder(data_dir))


def load(data_dir: str, key: str) -> CachedStore | None:
    """The cached build for key, or None when there is none (or another one)."""
    folder = _folder(data_dir)
    try:
        stored, meta = _read(folder, "meta")
    except (OSError, ValueError):
        return None
    if stored != key or not _meta_ok(meta):
        return None
    return CachedStore(folder, key, meta)


def _meta_ok(meta: Any) -> bool:
    """The shape tables.build gives meta (a hand-made file with a valid header must not
    crash a command that reads meta directly)."""
    try:
        return (
            type(meta["buckets"]) is int
            and meta["buckets"] >= 1
            and all(type(n) is int for n in meta["counts"].values())
            and type(meta["fingerprint"]) is str
            and all(type(y) is int for y in meta["due_years"])
        )
    except (TypeError, KeyError, AttributeError):
        return False
