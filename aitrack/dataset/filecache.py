"""Each data file's parsed and validated entries (entries.FileResult), cached one file at a
time, so that after editing one file of a large dataset the next command parses and
validates only that file again.

Keyed on the file's path, size, mtime, ctime and inode and on the code (config.code_stamp:
every module of the package); stored with a CRC in the cache folder (never in the data
folder); anything unreadable or from other code is ignored and the file is read afresh.
Writes that fail are skipped."""

from __future__ import annotations

import hashlib
import marshal
import os
import zlib
from typing import Any

from aitrack import config

_MAGIC = b"AITRACK-FILE5\0"


def _where(path: str) -> str:
    digest = hashlib.sha1(os.path.abspath(path).encode("utf-8", "surrogatepass")).hexdigest()[:20]
    return os.path.join(config.cache_root(), "files", f"{digest}.marshal")


def key(path: str) -> str | None:
    """The file as it is now, and the code that reads it; None if it cannot be read."""
    from aitrack.dataset.layout import file_stamp

    size, changed = file_stamp(path)
    return None if size < 0 else repr((os.path.abspath(path), size, changed, config.code_stamp()))


def get(path: str, want: str) -> tuple | None:
    """The result cached for path under the key `want`, as put() was given it but without
    its positions (entries.Lines reads them on demand), or None when absent, stale or damaged."""
    try:
        with open(_where(path), "rb") as fh:
            raw = fh.read()
        main = _main(raw)
        if main is None:
            return None
        got, content = marshal.loads(main)
        return (content[0], None, *content[1:]) if got == want and type(content) is tuple else None
    except Exception:  # damaged input: marshal raises several kinds of error; a wrong shape, TypeError
        return None


def last(path: str) -> tuple | None:
    """The result cached for path when it was last read, whatever the file is now, if the
    same code made it (entries.reusable takes its unchanged entries); None otherwise."""
    try:
        with open(_where(path), "rb") as fh:
            main = _main(fh.read())
        if main is None:
            return None
        got, content = marshal.loads(main)
        same = isinstance(got, str) and got.startswith(repr((os.path.abspath(path),))[:-2] + ",")
        if not same or not got.endswith(f", {config.code_stamp()!r})") or type(content) is not tuple:
            return None
        return (content[0], None, *content[1:])
    except Exception:  # as in get
        return None


def locs(path: str, want: str) -> dict | None:
    """The positions cached with path's result under the key `want`, or None."""
    try:
        with open(_where(path), "rb") as fh:
            raw = fh.read()
        main = _main(raw)
        if main is None or marshal.loads(main)[0] != want:
            return None
        found = marshal.loads(memoryview(raw)[_HEAD + len(main) :])
        return found if isinstance(found, dict) else None
    except Exception:  # as in get
        return None


_HEAD = len(_MAGIC) + 12  # magic, CRC-32 of the rest, length of the result part


def _main(raw: bytes) -> memoryview | None:
    """The marshalled (key, result) part of a whole cache file, or None."""
    if not raw.startswith(_MAGIC) or len(raw) < _HEAD:
        return None
    if zlib.crc32(memoryview(raw)[len(_MAGIC) + 4 :]) != int.from_bytes(raw[len(_MAGIC) : len(_MAGIC) + 4], "little"):
        return None
    size = int.from_bytes(raw[len(_MAGIC) + 4 : _HEAD], "little")
    return memoryview(raw)[_HEAD : _HEAD + size] if _HEAD + size <= len(raw) else None


def put(path: str, stamp: str, content: Any) -> None:  # an entries.FileResult
    """Store content (an entries.FileResult) for path as it was when stamp was taken (before it
    was read). Its positions go in a part of their own, read only when a message needs one."""
    if stamp != key(path):  # changed while being read: do not cache
        return
    from aitrack.dataset.cachefile import atomic_write, private_folder

    target = _where(path)
    try:
        main = marshal.dumps((stamp, (content.problems, *tuple(content)[2:])))
        locs = marshal.dumps(content.locs or {})
        size = len(main).to_bytes(8, "little")
        crc = zlib.crc32(locs, zlib.crc32(main, zlib.crc32(size))).to_bytes(4, "little")
        private_folder(os.path.dirname(target))
        atomic_write(os.path.dirname(target), os.path.basename(target), _MAGIC + crc + size, main, locs)
    except (OSError, ValueError):
        pass
