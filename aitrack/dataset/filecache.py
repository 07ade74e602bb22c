"""Each data file's parsed and validated entries, cached one file at a time, so that after
editing one file of a large dataset the next command re-reads only that file.

Keyed on the file's path, size and mtime and on the code that shapes a record; stored
with a CRC in the cache folder (never in the data folder); anything unreadable or from
other code is ignored and the file is read afresh. Writes that fail are skipped."""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
import zlib
from typing import Any

from aitrack import __version__, config

_MODULES = (
    "kinds.py",
    "quantity.py",
    "dates.py",
    "dataset/schema.py",
    "dataset/read.py",
    "dataset/loader.py",
    "dataset/fields.py",
    "dataset/filecache.py",
)
_MAGIC = b"AITRACK-FILE3\0"
_stamp_memo: list = []


def _code() -> tuple:
    if not _stamp_memo:
        _stamp_memo.append((__version__, sys.version_info[:2], *config.code_stamp(_MODULES)))
    return _stamp_memo[0]


def _where(path: str) -> str:
    digest = hashlib.sha1(os.path.abspath(path).encode("utf-8", "surrogatepass")).hexdigest()[:20]
    return os.path.join(config.cache_root(), "files", f"{digest}.marshal")


def key(path: str) -> str | None:
    from aitrack.dataset.layout import file_stamp

    size, changed = file_stamp(path)
    return None if size < 0 else repr((os.path.abspath(path), size, changed, _code()))


def get(path: str, stale: bool = False) -> Any:
    """The cached result for path, or None when absent, stale or damaged. stale=True: the
    last result for this path even if the file changed since, when the same code made it
    (to reuse the entries an edit left alone)."""
    want = key(path)
    if want is None:
        return None
    try:
        with open(_where(path), "rb") as fh:
            raw = fh.read()
    except OSError:
        return None
    if not raw.startswith(_MAGIC) or len(raw) < len(_MAGIC) + 4:
        return None
    body = memoryview(raw)[len(_MAGIC) + 4 :]
    if zlib.crc32(body) != int.from_bytes(raw[len(_MAGIC) : len(_MAGIC) + 4], "little"):
        return None
    try:
        got, content = marshal.loads(body)
    except Exception:  # marshal raises several kinds of error on damaged input
        return None
    if stale:
        same_code = (
            isinstance(got, str)
            and got.startswith(repr((os.path.abspath(path),))[:-2] + ",")
            and got.endswith(f", {_code()!r})")
        )
        return content if same_code else None
    return content if got == want else None


def put(path: str, stamp: str | None, content: Any) -> None:
    """Store content for path as it was when stamp was taken (before it was read)."""
    if stamp is None or stamp != key(path):  # changed while being read: do not cache
        return
    target = _where(path)
    try:
        body = marshal.dumps((stamp, content))
        os.makedirs(os.path.dirname(target), exist_ok=True)
        tmp = f"{target}.{os.getpid()}.tmp"
        with open(tmp, "wb") as fh:
            fh.write(_MAGIC + zlib.crc32(body).to_bytes(4, "little") + body)
        os.replace(tmp, target)
    except (OSError, ValueError):
        pass
