"""A cache of the parsed, validated dataset, so that a command answers without parsing YAML.

Keyed on every data file's path, size and mtime plus the schema and package versions;
stored atomically outside the data dir, one marshal file per kind plus an index, so
`show h100` on a large dataset reads the index and one kind, not everything. It never
serves stale data: the key is recomputed from the file system on every run. A corrupt
or mismatched cache file is ignored and rebuilt.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
from typing import Any

from aitrack import __version__, config
from aitrack.layout import data_files


def file_key(data_dir: str) -> list:
    """What the cache depends on: every data file's path, size and mtime."""
    from aitrack.kinds import SCHEMA_VERSION

    key: list[Any] = [SCHEMA_VERSION, __version__, sys.version_info[:2], _code_stamp()]
    for _kind, path in data_files(data_dir):
        try:
            st = os.stat(path)
        except OSError:
            continue
        key.append((path, st.st_size, st.st_mtime_ns))
    ignored = os.path.join(data_dir, "ignored.yaml")
    if os.path.exists(ignored):
        st = os.stat(ignored)
        key.append((ignored, st.st_size, st.st_mtime_ns))
    return key


# The modules whose code shapes a cached record: editing one invalidates the cache, so a
# development checkout never sees records built by older code.
_RECORD_MODULES = ("kinds.py", "schema.py", "dataset.py", "crosscheck.py", "quantity.py", "dates.py", "catalog.py", "cache.py")


def _code_stamp() -> tuple:
    here = os.path.dirname(os.path.abspath(__file__))
    stamp = []
    for name in _RECORD_MODULES:
        try:
            st = os.stat(os.path.join(here, name))
            stamp.append((st.st_size, st.st_mtime_ns))
        except OSError:
            stamp.append(None)
    return tuple(stamp)


def _folder(data_dir: str) -> str:
    digest = hashlib.sha1(os.path.abspath(data_dir).encode()).hexdigest()[:16]
    return os.path.join(config.cache_root(), digest)


def _atomic_write(path: str, payload: bytes) -> None:
    tmp = f"{path}.{os.getpid()}.tmp"
    with open(tmp, "wb") as fh:
        fh.write(payload)
    os.replace(tmp, path)


def save(data_dir: str, key: list, index: dict, records: dict[str, list[dict]]) -> None:
    """Write the cache; any failure (read-only home, full disk) is silently skipped."""
    folder = _folder(data_dir)
    try:
        os.makedirs(folder, exist_ok=True)
        frozen = repr(key)
        for kind, recs in records.items():
            _atomic_write(os.path.join(folder, f"{kind}.marshal"), marshal.dumps((frozen, recs)))
        _atomic_write(os.path.join(folder, "index.marshal"), marshal.dumps((frozen, index)))
    except (OSError, ValueError):
        pass


class CachedStore:
    """Records read from the cache, one kind at a time, on first use."""

    def __init__(self, folder: str, frozen: str, index: dict):
        self.folder, self.frozen, self.index = folder, frozen, index
        self._kinds: dict[str, list[dict]] = {}

    def kind(self, kind: str) -> list[dict]:
        if kind not in self._kinds:
            with open(os.path.join(self.folder, f"{kind}.marshal"), "rb") as fh:
                frozen, recs = marshal.load(fh)
            if frozen != self.frozen:
                raise StaleCache(kind)
            self._kinds[kind] = recs
        return self._kinds[kind]


class StaleCache(Exception):
    """A kind file from another generation than the index: fall back to a full load."""


def load(data_dir: str, key: list) -> CachedStore | None:
    folder = _folder(data_dir)
    try:
        with open(os.path.join(folder, "index.marshal"), "rb") as fh:
            frozen, index = marshal.load(fh)
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if frozen != repr(key) or not isinstance(index, dict):
        return None
    return CachedStore(folder, frozen, index)
