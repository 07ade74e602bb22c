"""aitrack: a command-line tracker of the AI landscape, every value traced to a quote.

Also a library: `ds = aitrack.open()`, then `ds.list("chips")`, `ds.get("h100")`, … (see
docs/api.md). Importing aitrack imports nothing else; open() loads the API when called."""

from __future__ import annotations

TYPE_CHECKING = False  # mypy takes this name as typing.TYPE_CHECKING; importing typing costs ~10 ms
if TYPE_CHECKING:
    import os

    from aitrack.api import Dataset

__version__ = "0.1.0"
__all__ = ["__version__", "open"]


def open(path: str | os.PathLike[str] | None = None, *, use_cache: bool = True) -> Dataset:
    """The dataset at path (a dataset folder, or a folder whose data/ is one), or, with no
    path, the one the CLI would use: $AITRACK_DATA_DIR, the nearest dataset above the
    current directory, else the bundled data. use_cache=False reads the YAML files."""
    from aitrack.api import Dataset

    return Dataset(path, use_cache=use_cache)
