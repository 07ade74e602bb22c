"""What the tables were built from: each data file's stamp (layout.file_stamp), sha256
and entry digests (the delta path compares the next run's files with it), and the
dataset fingerprint made from the hashes."""

from __future__ import annotations

import hashlib
import os


def fingerprint(data_dir: str, files: dict) -> str:
    """A short content hash of the data files (from each file's sha256, so an edit of one
    file needs only that file hashed again), so any export traces back to its data."""
    digest = hashlib.sha256()
    for path, info in files["files"].items():
        digest.update(f"{os.path.relpath(path, data_dir)}\0{info[3]}\n".encode("utf-8", "surrogatepass"))
    if files["ignored"][2]:
        digest.update(f"ignored\0{files['ignored'][2]}\n".encode())
    return digest.hexdigest()[:12]


def source_files(data_dir: str, loaded) -> dict:
    """What the tables are built from, as cache parts: `files` holds each data file's
    (kind, size, (mtime, ctime, inode), sha256, number of entries) in read order and the
    ignore list's (size, (mtime, ctime, inode), sha256); `c<N>` holds the N-th file's (chunk digests, entry ids), so
    that store.delta reads only the edited files' entries."""
    from aitrack.dataset.layout import IGNORED_FILE, file_stamp

    ids: dict[str, list] = {path: [] for path in loaded.files}
    for rid, where in sorted(loaded.where.items(), key=lambda item: item[1].index):
        ids[where.path].append(rid)
    path = os.path.join(data_dir, IGNORED_FILE)
    try:
        stamp = file_stamp(path)
        with open(path, "rb") as fh:
            ignored = (*stamp, hashlib.sha256(fh.read()).hexdigest())
    except OSError:
        ignored = (-1, (), "")
    parts: dict = {
        "files": {"files": {p: (*info[:4], len(ids[p])) for p, info in loaded.files.items()}, "ignored": ignored}
    }
    for n, (p, info) in enumerate(loaded.files.items()):
        parts[f"c{n}"] = (info[4], ids[p])
    return parts
