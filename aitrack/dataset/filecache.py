"""Each data file's parsed and validated entries (read.FileResult), cached one file at a
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

_MAGIC = b"AITRACK-FILE4\0"


def _where(path: str) -> str:
    digest = hashlib.sha1(os.path.abspath(path).encode("utf-8", "surrogatepass")).hexdigest()[:20]
    return os.path.join(config.cache_root(), "files", f"{digest}.marshal")


def key(path: str) -> str | None:
    """The file as it is now, and the code that reads it; None if it cannot be read."""
    from aitrack.dataset.layout import file_stamp

    size, changed = file_stamp(path)
    return None if size < 0 else repr((os.path.abspath(path), size, changed, config.code_stamp()))


def get(path: str, want: str) -> Any:
    """The result cached for path under the key `want`, or None when absent, stale or damaged."""
    from aitrack.dataset.read import FileResult

    try:
        with open(_where(path), "rb") as fh:
            raw = fh.read()
    except OSError:
        return None
    head = len(_MAGIC) + 4
    if not raw.startswith(_MAGIC) or len(raw) < head:
        return None
    body = memoryview(raw)[head:]
    if zlib.crc32(body) != int.from_bytes(raw[len(_MAGIC) : head], "little"):
        return None
    try:
        got, content = marshal.loads(body)
        return FileResult(*content) if got == want else None
    except Exception:  # marshal raises several kinds of error on damaged input; a wrong shape, TypeError
        return None


def put(path: str, stamp: str, content: tuple) -> None:
    """Store content for path as it was when stamp was taken (before it was read)."""
    if stamp != key(path):  # changed while being read: do not cache
        return
    from aitrack.dataset.cachefile import atomic_write, private_folder

    target = _where(path)
    try:
        body = marshal.dumps((stamp, tuple(content)))
        private_folder(os.path.dirname(target))
        atomic_write(
            os.path.dirname(target), os.path.basename(target), _MAGIC + zlib.crc32(body).to_bytes(4, "little") + body
        )
    except (OSError, ValueError):
        pass
