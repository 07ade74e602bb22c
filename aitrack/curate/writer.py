"""Safe writes: a lock so concurrent writers queue; atomic replacement (temporary file,
fsync, rename), so a crash leaves the old file or the new one, never a torn one; and
commit, which replaces files only while they hold exactly what the writer read, all of
them or none. docs/reliability.md says what each writer guarantees, and what it cannot."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TypeVar

from aitrack.errors import WriteError

T = TypeVar("T")
TRIES = 3  # a writer whose files keep changing starts over this many times, then refuses


def check_writable(path: str) -> None:
    """Refuse a read-only file or directory, by permission bits too: root ignores
    permissions, but a curator who marks the data read-only means it."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        raise WriteError(f"cannot write {path}: {exc.strerror}") from None
    if not (mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)) or not os.access(path, os.W_OK):
        what = "folder" if stat.S_ISDIR(mode) else "file"
        raise WriteError(f"the {what} {path} is read-only; nothing was changed")


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
    """A file changed on disk since it was read (an editor saved it): nothing was replaced."""

    def __init__(self, path: str):
        self.path = path
        super().__init__(f"{path} changed while it was being edited; nothing was changed")


@dataclass
class Destination:
    """The real file a write replaces (a symlink is followed, so the link stays a link
    and its target changes), with the mode and owner the new file must keep."""

    path: str
    mode: int
    owner: tuple[int, int] | None  # (uid, gid) of the file replaced; None for a new file


def _not_regular(path: str, mode: int) -> WriteError:
    what = " (a pipe)" if stat.S_ISFIFO(mode) else " (a device)" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else ""
    return WriteError(f"cannot write {path}: not a regular file{what}; nothing was changed")


def destination(path: str, new_ok: bool = False) -> Destination:
    """Where a write to path really goes. Refuses anything but a regular file (a device,
    FIFO or directory, also behind a symlink): renaming over /dev/stdout would replace
    the device node itself, as root."""
    with contextlib.suppress(OSError):
        # What path names, links followed, before its name is resolved: a link to
        # /proc/self/fd/1 is a pipe or a terminal, though its resolved name exists nowhere.
        mode = os.stat(path).st_mode
        if not stat.S_ISREG(mode):
            raise _not_regular(path, mode)
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
        raise _not_regular(path, st.st_mode)
    check_writable(os.path.dirname(real))  # the rename needs the folder (a read-only predictions/)
    check_writable(real)
    return Destination(real, stat.S_IMODE(st.st_mode), (st.st_uid, st.st_gid))


def _fsync_folder(folder: str) -> None:
    with contextlib.suppress(OSError):  # the rename is done; only its durability is at stake
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def _keep_owner(tmp: str, dest: Destination) -> None:
    os.chmod(tmp, dest.mode)
    if dest.owner and dest.owner != (os.getuid(), os.getgid()):
        with contextlib.suppress(PermissionError):  # only root may give a file away
            os.chown(tmp, *dest.owner)


def install(tmp: str, dest: Destination) -> None:
    """Rename a finished temporary file over dest, with dest's mode and owner (or remove it)."""
    try:
        _keep_owner(tmp, dest)
        os.replace(tmp, dest.path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise WriteError(f"cannot write {dest.path}: {exc.strerror}; nothing was changed") from None
    _fsync_folder(os.path.dirname(dest.path))


def write_new(path: str, text: str) -> None:
    """Write an output file (an export), all or nothing; it may not exist yet."""
    dest = destination(path, new_ok=True)
    try:
        tmp = _prepared(dest, text)
    except OSError as exc:
        raise WriteError(f"cannot write {path}: {exc.strerror}; nothing was changed") from None
    install(tmp, dest)


def _prepared(dest: Destination, text: str) -> str:
    """A temporary file beside dest holding text, fsync'd, with dest's mode and owner."""
    fd, tmp = temp_beside(dest.path)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(text.encode("utf-8"))
            fh.flush()
            os.fsync(fh.fileno())
        _keep_owner(tmp, dest)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return tmp


def read(path: str) -> str | None:
    """A data file's text exactly as stored (no newline translation), for a writer to
    edit and later commit over; None when there is no such file yet."""
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            return fh.read()
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise WriteError(f"cannot read {path}: {getattr(exc, 'strerror', None) or exc}; nothing was changed") from None


@dataclass
class Plan:
    """One file a writer replaces: the text it read there (None: there was no file, and
    none may appear meanwhile) and the text to put in its place."""

    path: str
    before: str | None
    after: str


def _stamp(path: str, fd: int | None = None) -> tuple | None:
    """What a save changes: the inode (a save by rename), size, mtime and ctime; None if absent."""
    try:
        st = os.stat(path) if fd is None else os.fstat(fd)
    except FileNotFoundError:
        return None
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def unchanged(dest: Destination, plan: Plan) -> tuple | None:
    """Check that dest still holds exactly what plan read, byte for byte (a new file: that
    there is still none); returns its stamp as checked. Raises Changed otherwise."""
    if plan.before is None:
        if _stamp(dest.path) is not None:
            raise Changed(plan.path)
        return None
    try:
        with open(dest.path, "rb") as fh:
            stamp = _stamp(dest.path, fh.fileno())  # before the read: a save during it shows later
            same = fh.read() == plan.before.encode("utf-8")
    except FileNotFoundError:
        raise Changed(plan.path) from None
    if not same:
        raise Changed(plan.path)
    return stamp


def _put(tmp: str, dest: Destination, new: bool) -> None:
    """The rename. A new file is linked into place instead: that never replaces a file
    someone created meanwhile (where links are not supported, it is renamed)."""
    if new:
        try:
            os.link(tmp, dest.path)  # commit removes tmp
            return
        except FileExistsError:
            raise Changed(dest.path) from None
        except OSError as exc:
            if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EMLINK):
                raise
    os.replace(tmp, dest.path)


def _restore(done: list[tuple[Plan, Destination]]) -> list[str]:
    """Give the files already renamed their previous bytes back (a new one is removed);
    returns those that could not be, with why."""
    failed = []
    for plan, dest in reversed(done):
        tmp = None
        try:
            if plan.before is None:
                os.unlink(dest.path)
            else:
                tmp = _prepared(dest, plan.before)
                os.replace(tmp, dest.path)
        except OSError as exc:
            failed.append(f"{plan.path} ({exc.strerror or exc})")
            if tmp:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
    return failed


def _report(cause: str, plans: list[Plan], done: list[tuple[Plan, Destination]], failed: list[str]) -> str:
    """One line saying exactly which files changed and which did not."""
    if not failed:
        restored = f" ({', '.join(p.path for p, _ in done)}: written, then restored)" if done else ""
        return f"{cause}; nothing was changed{restored}"
    kept = [p.path for p in plans if not any(f.startswith(f"{p.path} (") for f in failed)]
    return f"{cause}; CHANGED, could not be restored: {', '.join(failed)}; unchanged: {', '.join(kept) or 'none'}"


def commit(plans: list[Plan]) -> None:
    """Write every plan's file, all or nothing, and only over what was read. Each new text
    goes to a temporary file beside its target (fsync'd, mode and owner kept); then every
    target must still hold exactly what was read (else Changed, and nothing is touched);
    then each is renamed into place right after a last check that it has not changed since
    (inode, size, mtime, ctime). If a rename fails, the files already renamed get their
    previous bytes back, and the message says what changed. Call it under locked(): a
    save between that last check and the rename, by a program that does not take the
    lock, is the window that remains (docs/reliability.md)."""
    dests = [destination(p.path, new_ok=p.before is None) for p in plans]
    if len({d.path for d in dests}) < len(dests):
        raise WriteError("two of the files to write are one file (a symlink?); nothing was changed")
    temps: list[str] = []
    done: list[tuple[Plan, Destination]] = []
    at = plans[0].path if plans else ""  # the file being worked on, for the message
    try:
        for plan, dest in zip(plans, dests):
            at = plan.path
            temps.append(_prepared(dest, plan.after))
        stamps = [unchanged(dest, plan) for plan, dest in zip(plans, dests)]
        for plan, dest, tmp, stamp in zip(plans, dests, temps, stamps):
            at = plan.path
            if _stamp(dest.path) != stamp:  # the last check, immediately before the rename
                raise Changed(plan.path)
            _put(tmp, dest, plan.before is None)
            done.append((plan, dest))
    except Changed:
        failed = _restore(done)
        if failed:
            raise WriteError(_report("files changed while being written", plans, done, failed)) from None
        raise
    except OSError as exc:
        raise WriteError(_report(f"cannot write {at}: {exc.strerror or exc}", plans, done, _restore(done))) from None
    finally:
        for tmp in temps:
            with contextlib.suppress(OSError):
                os.unlink(tmp)  # those renamed into place are gone already
    for folder in {os.path.dirname(d.path) for d in dests}:
        _fsync_folder(folder)


def retried(data_dir: str, attempt: Callable[[], T], doing: str, lock: bool = True) -> T:
    """attempt() (read, compute, commit) under the lock; when a file it read changed before
    its write, start over from a fresh read, at most TRIES times, then refuse."""
    changed: Changed | None = None
    for _ in range(TRIES):
        with locked(data_dir) if lock else contextlib.nullcontext():
            try:
                return attempt()
            except Changed as exc:
                changed = exc
    assert changed is not None
    raise WriteError(f"{changed.path} kept changing while {doing}; nothing was changed, try again")
