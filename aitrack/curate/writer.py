"""Safe writes to the data directory: a lock so concurrent writers queue, and atomic
replacement (temporary file, fsync, rename) so a crash or `kill -9` at any moment leaves
either the old file or the new one, never a truncated one."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass

from aitrack.errors import WriteError


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
        # The folder itself is locked: no lock file is left in the curator's data.
        fd = os.open(data_dir, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
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


class Changed(WriteError):
    """The file changed on disk since it was read (an editor saved it): not replaced."""


@dataclass
class Destination:
    """The real file a write replaces (a symlink is followed, so the link stays a link
    and its target changes), with the mode and owner the new file must keep."""

    path: str
    mode: int
    owner: tuple[int, int] | None  # (uid, gid) of the file replaced; None for a new file


def destination(path: str, new_ok: bool = False) -> Destination:
    """Where a write to path really goes. Refuses anything but a regular file (a device,
    FIFO or directory, also behind a symlink): renaming over /dev/stdout would replace
    the device node itself, as root."""
    real = os.path.realpath(path)
    try:
        st = os.stat(real)
    except FileNotFoundError:
        if not new_ok:
            raise WriteError(f"cannot write {path}: no such file; nothing was changed") from None
        check_writable(os.path.dirname(real))
        umask = os.umask(0)
        os.umask(umask)
        return Destination(real, 0o666 & ~umask, None)
    except OSError as exc:
        raise WriteError(f"cannot write {path}: {exc.strerror}; nothing was changed") from None
    if not stat.S_ISREG(st.st_mode):
        raise WriteError(f"cannot write {path}: not a regular file; nothing was changed")
    check_writable(os.path.dirname(real))  # the rename needs the folder (a read-only predictions/)
    check_writable(real)
    return Destination(real, stat.S_IMODE(st.st_mode), (st.st_uid, st.st_gid))


def install(tmp: str, dest: Destination, expect: str | None = None) -> None:
    """Rename a finished temporary file over dest, with dest's mode and owner; with
    expect, only if the file still holds exactly that text. Removes tmp on failure."""
    try:
        os.chmod(tmp, dest.mode)
        if dest.owner and dest.owner != (os.getuid(), os.getgid()):
            with contextlib.suppress(PermissionError):  # only root may give a file away
                os.chown(tmp, *dest.owner)
        if expect is not None:
            with open(dest.path, encoding="utf-8", newline="") as fh:
                if fh.read() != expect:
                    raise Changed(f"{dest.path} changed while it was being edited; nothing was changed")
        os.replace(tmp, dest.path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise WriteError(f"cannot write {dest.path}: {exc.strerror}; nothing was changed") from None
    except Changed:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    dir_fd = os.open(os.path.dirname(dest.path), os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def write_new(path: str, text: str) -> None:
    """Write an output file (an export), all or nothing; it may not exist yet."""
    atomic_write(path, text, new_ok=True)


def atomic_write(path: str, text: str, new_ok: bool = False, expect: str | None = None) -> None:
    """Replace path's content with text, all or nothing, keeping its mode and owner and
    writing through a symlink; with expect, only if the file still holds that text."""
    dest = destination(path, new_ok)
    try:
        fd, tmp = temp_beside(dest.path)
    except OSError as exc:
        raise WriteError(f"cannot write {path}: {exc.strerror}; nothing was changed") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise WriteError(f"cannot write {path}: {exc.strerror}; nothing was changed") from None
    install(tmp, dest, expect)
