"""Writing one cache file (both caches use it): whole or not at all, readable by its owner
only, through an unpredictable temporary name, and nothing left behind when it fails."""

from __future__ import annotations

import contextlib
import os


def private_folder(path: str) -> None:
    """The cache folder, made readable by its owner only: a private dataset's content must
    not become readable by other users through the cache."""
    os.makedirs(path, mode=0o700, exist_ok=True)


def atomic_write(folder: str, name: str, *data: bytes) -> None:
    """data (its parts in order, so a big body is never copied to prepend a header)
    written to folder/name whole or not at all: a private temporary file (0600, an
    unpredictable name made with O_EXCL, so never through a planted symlink), then a rename.
    The temporary file is removed when writing fails (a full disk leaves nothing behind).
    Raises OSError; callers skip the cache then."""
    import tempfile

    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            for part in data:
                fh.write(part)
        os.replace(tmp, os.path.join(folder, name))
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
