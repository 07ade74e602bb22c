"""Safe writes to the data directory: a lock so concurrent writers queue, and atomic
replacement (temporary file, fsync, rename) so a crash or `kill -9` at any moment leaves
either the old file or the new one, never a truncated one."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from typing import Iterator

from aitrack.errors import WriteError

LOCK_NAME = ".aitrack.lock"


def check_writable(path: str) -> None:
    """Refuse a read-only file or directory, by permission bits too: root ignores
    permissions, but a curator who marks the data read-only means it."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        raise WriteError(f"cannot write {path}: {exc.strerror}") from None
    if not (mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)) or not os.access(path, os.W_OK):
        what = "directory" if stat.S_ISDIR(mode) else "file"
        raise WriteError(f"the data {what} {path} is read-only; nothing was changed")


@contextlib.contextmanager
def locked(data_dir: str) -> Iterator[None]:
    """An exclusive lock on the data dir for a read-modify-write cycle."""
    import fcntl

    check_writable(data_dir)
    try:
        fd = os.open(os.path.join(data_dir, LOCK_NAME), os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise WriteError(f"cannot lock {data_dir}: {exc.strerror}; nothing was changed") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def temp_beside(path: str) -> tuple[int, str]:
    """A hidden temporary file in path's folder, so the final rename is atomic."""
    folder = os.path.dirname(os.path.abspath(path))
    return tempfile.mkstemp(prefix=f".{os.path.basename(path)}.", suffix=".tmp", dir=folder)


def write_new(path: str, text: str) -> None:
    """Write an output file (an export), all or nothing; it may not exist yet."""
    atomic_write(path, text, new_ok=True)


def atomic_write(path: str, text: str, new_ok: bool = False) -> None:
    """Replace path's content with text, all or nothing, keeping its permissions."""
    folder = os.path.dirname(os.path.abspath(path))
    if new_ok and not os.path.exists(path):
        check_writable(folder)
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    else:
        check_writable(path)
        mode = stat.S_IMODE(os.stat(path).st_mode)
    fd, tmp = temp_beside(path)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise WriteError(f"cannot write {path}: {exc.strerror}; nothing was changed") from None
    dir_fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
