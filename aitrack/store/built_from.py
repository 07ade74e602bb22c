"""The dataset's fingerprint: a short content hash of its data files and ignore list, so
that any export or `--version` traces back to the data it came from."""

from __future__ import annotations

import hashlib
import os
from typing import Any


def fingerprint(data_dir: str, loaded: Any) -> str:
    """From each data file's sha256 (read.Loaded.files, taken while reading it) and the
    ignore list's bytes."""
    from aitrack.dataset.layout import IGNORED_FILE
    from aitrack.dataset.loader import read_bytes

    digest = hashlib.sha256()
    for path, info in loaded.files.items():
        digest.update(f"{os.path.relpath(path, data_dir)}\0{info.sha256}\n".encode("utf-8", "surrogatepass"))
    path = os.path.join(data_dir, IGNORED_FILE)
    raw = read_bytes(path, path)[0] if os.path.exists(path) else None  # bounded, regular files only
    if raw is not None:
        digest.update(b"ignored\0" + hashlib.sha256(raw).hexdigest().encode() + b"\n")
    return digest.hexdigest()[:12]
