"""Which files of a data directory hold which kind: `<kinds>.yaml` and `<kinds>/*.yaml`.
Import-light, since the cache key is computed from it on every run."""

from __future__ import annotations

import os

from aitrack.kinds import PLURALS

IGNORED_FILE = "ignored.yaml"


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
    known = {os.path.basename(p) for _, p in data_files(data_dir)} | {IGNORED_FILE}
    try:
        return sorted(n for n in os.listdir(data_dir) if n.endswith((".yaml", ".yml")) and n not in known)
    except OSError:
        return []


def file_stamp(path: str) -> tuple[int, tuple]:
    """What says a file changed: (size, (mtime, ctime, inode)), or (-1, ()) if it cannot be
    read. ctime too, because a tool can set mtime back (`touch -d`, `cp -p`, an editor
    keeping it) but not ctime; the inode, because a save may replace the file."""
    try:
        st = os.stat(path)
        return st.st_size, (st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
    except OSError:
        return -1, ()
