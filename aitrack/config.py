"""Where things are: the data directory, the seeds, the cache. Environment variables
override the defaults so a user can point aitrack at their own curated set."""

from __future__ import annotations

import os


def bundled_data_dir() -> str:
    """The data shipped in the wheel, or the checkout's data/ when run from source."""
    here = os.path.dirname(os.path.abspath(__file__))
    inside = os.path.join(here, "_bundled", "data")
    return inside if os.path.isdir(inside) else os.path.join(os.path.dirname(here), "data")


def data_dir(option: str | None = None) -> str:
    return option or os.environ.get("AITRACK_DATA_DIR") or bundled_data_dir()


def cache_root() -> str:
    env = os.environ.get("AITRACK_CACHE_DIR")
    if env:
        return env
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "aitrack")
