"""Reading a source document named by a source's `file:`: only a regular file whose real
path is inside the documents folder, and no bigger than a cap. Otherwise `validate`
would hash any file on the machine (`../../etc/passwd`, an absolute path, a symlink out
of the folder) and its quote check would become an oracle for the file's contents, and
`/dev/zero` or a FIFO would hang it."""

from __future__ import annotations

import os
import stat

MAX_DOCUMENT_BYTES = 50 * 1024 * 1024


class DocumentError(Exception):
    """Why a document was not read, for a problem on the source's `file` field."""


def read_document(folder: str, name: str) -> bytes:
    """The bytes of folder/name, or DocumentError saying why not."""
    root = os.path.realpath(folder)
    path = os.path.join(folder, name)
    real = os.path.realpath(path)
    if os.path.isabs(name) or os.path.commonpath([root, real]) != root or real == root:
        raise DocumentError(f"'{name}' is outside the documents folder {folder}")
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; checked just below.
        fd = os.open(real, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise DocumentError(f"document not found: {path}") from None
    except OSError as exc:
        raise DocumentError(f"cannot read document {path}: {exc.strerror}") from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise DocumentError(f"document {path} is not a regular file")
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fh.fileno())
        if st.st_size > MAX_DOCUMENT_BYTES:
            raise DocumentError(
                f"document {path} is {st.st_size:,} bytes, over the {MAX_DOCUMENT_BYTES // (1024 * 1024)} MB limit"
            )
        raw = fh.read(MAX_DOCUMENT_BYTES + 1)
    if len(raw) > MAX_DOCUMENT_BYTES:
        raise DocumentError(f"document {path} grew over the {MAX_DOCUMENT_BYTES // (1024 * 1024)} MB limit")
    return raw
