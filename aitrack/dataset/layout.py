"""Which files of a data directory hold which kind: `<kinds>.yaml` and `<kinds>/*.yaml`.
Import-light, since the cache key is computed from it on every run."""

from __future__ import annotations

import os
import stat

from aitrack.kinds import PLURALS

IGNORED_FILE = "ignored.yaml"
# What `scan --stub --merge` took from each document (curate/merged.py): aitrack's own
# record beside the data, not a data file, and not a stray one either.
MERGED_FILE = "merged.yaml"


def data_files(data_dir: str) -> list[tuple[str, str]]:
    """(kind, path) for every data file, sorted."""
    out: list[tuple[str, str]] = []
    try:
        names = sorted(os.listdir(data_dir))
    except FileNotFoundError:
        return out  # the caller says the data directory was not found
    except OSError as exc:
        raise _unreadable(data_dir, exc) from None
    for name in names:
        full = os.path.join(data_dir, name)
        stem, ext = os.path.splitext(name)
        if ext in (".yaml", ".yml") and stem in PLURALS:
            out.append((PLURALS[stem], full))
        elif name in PLURALS and os.path.isdir(full):
            try:
                subs = sorted(os.listdir(full))
            except OSError as exc:
                raise _unreadable(full, exc) from None
            for sub in subs:
                if sub.endswith((".yaml", ".yml")):
                    out.append((PLURALS[name], os.path.join(full, sub)))
    return out


def _unreadable(folder: str, exc: OSError) -> Exception:
    from aitrack.errors import AccessError

    return AccessError(f"cannot read the folder {folder}: {exc.strerror or exc}")


def stray_files(data_dir: str) -> list[str]:
    """YAML files in the data dir that aitrack would not read: likely a typo in a name."""
    known = {os.path.basename(p) for _, p in data_files(data_dir)} | {IGNORED_FILE, MERGED_FILE}
    try:
        return sorted(n for n in os.listdir(data_dir) if n.endswith((".yaml", ".yml")) and n not in known)
    except OSError:
        return []


# How long after its last timestamp a file's content is hashed into its stamp: a second
# write through mmap to a page not yet written back changes no timestamp, and the kernel
# writes dirty pages back within about 35 s (dirty_expire 30 s + writeback interval 5 s),
# after which the next write stamps the file again. Coarse clocks (a rewrite within the
# same tick as the cache's read) fall in the same window.
RECENT_NS = 60 * 10**9


def file_stamp(path: str) -> tuple[int, tuple]:
    """What says a file changed: (size, (mtime, ctime, inode[, content digest])), or
    (-1, ()) if it cannot be read. ctime too, because a tool can set mtime back (`touch
    -d`, `cp -p`, an editor keeping it) but not ctime; the inode, because a save may
    replace the file; the content while the file was stamped within RECENT_NS, because a
    write may not change any timestamp then (docs/reliability.md)."""
    import time

    from aitrack.dataset.loader import MAX_FILE_BYTES  # a bigger file is refused by its size

    try:
        st = os.stat(path)
        stamp: tuple = (st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
        recent = time.time_ns() - max(st.st_mtime_ns, st.st_ctime_ns) < RECENT_NS
        if recent and stat.S_ISREG(st.st_mode) and st.st_size <= MAX_FILE_BYTES:
            stamp += (_content_digest(path),)
        return st.st_size, stamp
    except OSError:
        return -1, ()


def _content_digest(path: str) -> str:
    import hashlib

    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "blake2b").hexdigest()[:32]
