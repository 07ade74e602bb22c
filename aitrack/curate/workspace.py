"""`aitrack init`: a writable copy of the bundled dataset, laid out like the repository
(DIR/data, DIR/seeds), so a curator's edits live in their own folder and survive a
reinstall of aitrack."""

from __future__ import annotations

import os
import shutil

from aitrack import config
from aitrack.dataset.layout import IGNORED_FILE, MERGED_FILE, data_files
from aitrack.errors import WriteError

GITIGNORE = "# temporary files a killed aitrack write may leave\n.*.tmp\n"


def init(dest: str) -> tuple[str, int]:
    """Copy the bundled data files and documents into dest; returns (data dir, number
    of documents). Refuses a non-empty dest rather than mixing two datasets."""
    if os.path.exists(dest) and (not os.path.isdir(dest) or os.listdir(dest)):
        raise WriteError(f"{dest} already exists and is not empty; choose another folder")
    src_data = config.bundled_data_dir()
    src_seeds = config.bundled_seeds_dir()
    data = os.path.join(dest, "data")
    seeds = os.path.join(dest, "seeds")
    try:
        os.makedirs(data, exist_ok=True)
        os.makedirs(seeds, exist_ok=True)
        files = [path for _kind, path in data_files(src_data)]
        for extra in (IGNORED_FILE, MERGED_FILE):  # beside the data files, not data files
            if os.path.isfile(os.path.join(src_data, extra)):
                files.append(os.path.join(src_data, extra))
        for path in files:
            rel = os.path.relpath(path, src_data)
            os.makedirs(os.path.dirname(os.path.join(data, rel)), exist_ok=True)
            shutil.copyfile(path, os.path.join(data, rel))
        documents = 0
        for name in sorted(os.listdir(src_seeds)) if os.path.isdir(src_seeds) else []:
            if os.path.isfile(os.path.join(src_seeds, name)) and not name.startswith("."):
                shutil.copyfile(os.path.join(src_seeds, name), os.path.join(seeds, name))
                documents += 1
        with open(os.path.join(dest, ".gitignore"), "w", encoding="utf-8") as fh:
            fh.write(GITIGNORE)
    except OSError as exc:
        raise WriteError(f"cannot create the dataset in {dest}: {exc.strerror}") from None
    return data, documents
