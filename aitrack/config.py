"""Where things are: which dataset a command reads (found the way git finds a
repository), where its documents live, and the cache folder."""

from __future__ import annotations

import os
from typing import NamedTuple

# `aitrack init` writes this file into a dataset; a folder holding it or sources.yaml is
# a dataset, and so is a folder whose data/ holds one (a clone of the repository).
MARKER = ".aitrack-dataset"
ENV = "AITRACK_DATA_DIR"


class Dataset(NamedTuple):
    path: str
    origin: str  # "--data-dir", "AITRACK_DATA_DIR", "workspace" or "bundled"

    @property
    def read_only(self) -> bool:
        return self.origin == "bundled" or is_bundled(self.path)

    def describe(self) -> str:
        why = {
            "--data-dir": "from --data-dir",
            "AITRACK_DATA_DIR": "from AITRACK_DATA_DIR",
            "workspace": "found from the current directory",
            "bundled": "the bundled copy, read-only; 'aitrack init' makes a writable one",
        }[self.origin]
        return f"dataset: {self.path} ({why})"


def bundled_data_dir() -> str:
    """The data shipped in the wheel, or the checkout's data/ when run from source."""
    here = os.path.dirname(os.path.abspath(__file__))
    inside = os.path.join(here, "_bundled", "data")
    return inside if os.path.isdir(inside) else os.path.join(os.path.dirname(here), "data")


def bundled_seeds_dir() -> str:
    return os.path.join(os.path.dirname(bundled_data_dir()), "seeds")


def is_bundled(path: str) -> bool:
    """True for the copy inside the installed package, which a reinstall replaces."""
    here = os.path.dirname(os.path.abspath(__file__))
    return os.path.realpath(path).startswith(os.path.join(os.path.realpath(here), "_bundled") + os.sep)


def is_dataset(folder: str) -> bool:
    return os.path.isfile(os.path.join(folder, MARKER)) or os.path.isfile(os.path.join(folder, "sources.yaml"))


def find_workspace(start: str) -> str | None:
    """The nearest dataset at or above start: the folder itself, or its data/."""
    folder = os.path.abspath(start)
    while True:
        if is_dataset(folder):
            return folder
        inner = os.path.join(folder, "data")
        if is_dataset(inner):
            return inner
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def _inner(folder: str) -> str:
    # A workspace root made by `aitrack init` (or a clone) holds the dataset in data/.
    inner = os.path.join(folder, "data")
    return inner if not is_dataset(folder) and is_dataset(inner) else folder


def locate(option: str | None = None) -> Dataset:
    """--data-dir, then $AITRACK_DATA_DIR, then the nearest dataset above the current
    directory, then the bundled data. Typer fills the option from the environment
    variable too, so an option equal to it is reported as coming from it."""
    env = os.environ.get(ENV)
    if option:
        return Dataset(_inner(option), ENV if option == env else "--data-dir")
    if env:
        return Dataset(_inner(env), ENV)
    try:
        found = find_workspace(os.getcwd())
    except OSError:  # the current directory was removed
        found = None
    if found:
        return Dataset(found, "workspace")
    return Dataset(bundled_data_dir(), "bundled")


def data_dir(option: str | None = None) -> str:
    return locate(option).path


def writable_data_dir(option: str | None = None) -> str:
    """The dataset a writing command may change; the bundled copy is refused, since a
    reinstall would silently replace whatever was written into it."""
    from aitrack.errors import WriteError

    dataset = locate(option)
    if dataset.read_only:
        raise WriteError(
            f"the bundled dataset is read-only ({dataset.path}); run 'aitrack init' to make "
            "a writable copy, then work inside it or pass --data-dir"
        )
    return dataset.path


def cache_root() -> str:
    env = os.environ.get("AITRACK_CACHE_DIR")
    if env:
        return env
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "aitrack")


def code_stamp() -> str:
    """What the package's code is: the version, the Python version and the path, size and
    mtime of every module file. Both caches are keyed by it, so editing any module (a rule,
    a shaper, the cache itself) in a development checkout rebuilds them; a hand-kept list
    of the modules that matter went stale twice. Computed once per process (about 90 stats)."""
    if not _stamp:
        import sys

        from aitrack import __version__

        here = os.path.dirname(os.path.abspath(__file__))
        files: list[tuple[str, int, int]] = []
        for folder, dirs, names in os.walk(here):
            dirs[:] = sorted(d for d in dirs if d not in ("_bundled", "__pycache__"))
            for name in sorted(names):
                if name.endswith(".py"):
                    st = os.stat(os.path.join(folder, name))
                    files.append((os.path.relpath(os.path.join(folder, name), here), st.st_size, st.st_mtime_ns))
        import hashlib

        _stamp.append(hashlib.sha256(repr((__version__, sys.version_info[:2], files)).encode()).hexdigest()[:24])
    return _stamp[0]


_stamp: list[str] = []
