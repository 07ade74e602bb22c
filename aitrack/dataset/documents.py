"""The one reader for documents (the texts that sources cite, not the YAML data files):
a source's `file:` inside the documents folder, and a file or stdin handed to add-source
or scan. Each reads a regular file only, or at most the cap from stdin, and decodes by one
rule. Otherwise `validate` would hash any file on the machine (`../../etc/passwd`, a
symlink out of the folder) and its quote checks would become an oracle for the file's
contents, and `/dev/zero` or a FIFO would exhaust memory or hang a command."""

from __future__ import annotations

import os
import stat
from typing import BinaryIO

from aitrack.errors import AitrackError

# The one cap on a document, wherever it comes from: a document add-source accepts must
# also be one that scan, validate and `validate --strict` read. 20 MB, not more, because
# scan is linear but not cheap: 5 MB of article text takes it about 11 s and 190 MB, so
# this bounds scan at about a minute (and --strict, which runs the same extractor).
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024


class DocumentError(AitrackError):
    """Why a document was not read, naming its path: one line and exit 1 from the CLI,
    or a problem on the source's `file` field from validate."""


def _limit() -> str:
    return f"{MAX_DOCUMENT_BYTES // (1024 * 1024)} MB limit"


def read_document(folder: str, name: str) -> bytes:
    """The bytes of folder/name, a source's `file:`; only a file whose real path is inside folder."""
    root = os.path.realpath(folder)
    path = os.path.join(folder, name)
    real = os.path.realpath(path)
    if os.path.isabs(name) or os.path.commonpath([root, real]) != root or real == root:
        raise DocumentError(f"'{name}' is outside the documents folder {folder}")
    return _read_file(real, path)


def read_input(file: str, stdin: BinaryIO | None = None) -> bytes:
    """The bytes of a document named on the command line: a path, or `-` for stdin."""
    if file == "-":
        import sys

        return _read_stream(stdin if stdin is not None else sys.stdin.buffer, "stdin")
    return _read_file(file, file)


def _read_file(path: str, display: str) -> bytes:
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; fstat refuses it below.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise DocumentError(f"cannot read document {display}: {exc.strerror or exc}") from None
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode):  # checked before fdopen, which refuses a directory with its own error
        os.close(fd)
        raise DocumentError(f"document {display} is not a regular file (a directory, FIFO or device)")
    with os.fdopen(fd, "rb") as fh:
        if st.st_size > MAX_DOCUMENT_BYTES:
            raise DocumentError(f"document {display} is {st.st_size:,} bytes, over the {_limit()}")
        return _read_stream(fh, display)


def _read_stream(stream: BinaryIO, display: str) -> bytes:
    """At most the cap, and one byte more to know it was over: `-` fed by /dev/zero ends."""
    try:
        raw = stream.read(MAX_DOCUMENT_BYTES + 1)
    except OSError as exc:  # stdin redirected from a directory, an I/O error
        raise DocumentError(f"cannot read document {display}: {exc.strerror or exc}") from None
    if len(raw) > MAX_DOCUMENT_BYTES:
        raise DocumentError(f"document {display} is over the {_limit()}")
    return raw


# Byte-order marks, longest first (a UTF-32 LE mark begins like a UTF-16 LE one). A
# document with one is that encoding whatever its bytes; without one it is UTF-8 when it
# decodes as UTF-8, else cp1252 (what Windows editors save), else latin-1.
_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le", "UTF-32"),
    (b"\x00\x00\xfe\xff", "utf-32-be", "UTF-32"),
    (b"\xef\xbb\xbf", "utf-8", "UTF-8 with a BOM"),
    (b"\xff\xfe", "utf-16-le", "UTF-16"),
    (b"\xfe\xff", "utf-16-be", "UTF-16"),
)


def detect(raw: bytes) -> tuple[str, str]:
    """(text, encoding as a person names it: 'UTF-8', 'UTF-16', 'cp1252'…), the BOM removed."""
    for mark, codec, label in _BOMS:
        if raw.startswith(mark):
            try:
                return raw[len(mark) :].decode(codec), label
            except UnicodeDecodeError:
                break  # a BOM-like start on bytes that are not that encoding: the rule below
    try:
        return raw.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:  # one of the five bytes cp1252 leaves undefined
        return raw.decode("latin-1"), "latin-1"  # which decodes any byte


def decode_document(raw: bytes, name: str) -> tuple[str, list[str]]:
    """A document's text by detect's rule, with a warning when it was not UTF-8 or UTF-16;
    mojibake is left as it is. One rule, so that a quote scan drafts from a document is
    the text that validate finds it in."""
    text, encoding = detect(raw)
    text = text.lstrip("\ufeff")
    if encoding in ("cp1252", "latin-1"):
        return text, [f"{name} is not UTF-8; read as {encoding}"]
    return text, []


def as_stored(raw: bytes) -> tuple[bytes, str | None]:
    """A document as add-source stores it: UTF-8 without a BOM, line endings as they are;
    and the encoding it was converted from (None when its bytes are kept)."""
    text, encoding = detect(raw)
    if encoding == "UTF-8":
        return raw, None
    return text.lstrip("\ufeff").encode("utf-8"), encoding


def normalised(raw: bytes) -> str:
    """A document's text with encoding, BOM and line endings (CRLF, CR) taken out: two
    copies of one article saved by different editors read the same."""
    return detect(raw)[0].lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
