"""Hostile documents for every command that reads one (issue 24): add-source and scan,
each given a FILE and stdin; validate's check of a source's `file:`; and the sentences of
ignored.yaml, checked against their source's document. Each is fed an oversized document
(the cap made small), a FIFO, /dev/zero and a directory, and must end promptly with exit
1 and one stderr line naming the path, having written nothing to the dataset."""

from __future__ import annotations

import errno
import os
import resource
import stat
import subprocess
from pathlib import Path

import pytest
from conftest import installed, run_cli

ARTICLE = Path(__file__).parent / "articles" / "chip-launch.md"
READERS = ["add-source", "scan"]


def snapshot(data: Path) -> dict:
    """Every file of the dataset and its documents folder: its bytes, or its type when it is
    not a regular file (a FIFO is never opened)."""
    out = {}
    for root in (data, data.parent / "seeds"):
        for path in sorted(root.rglob("*")):
            mode = path.lstat().st_mode
            out[str(path)] = path.read_bytes() if stat.S_ISREG(mode) else stat.S_IFMT(mode)
    return out


def assert_refused(code: int, stderr: str, path: str, data: Path, before: dict) -> None:
    assert code == 1, stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert path in lines[0], lines
    assert "internal error" not in stderr and "Traceback" not in stderr
    assert snapshot(data) == before


def run_bounded(*args: str, stdin=subprocess.DEVNULL) -> tuple[int, str]:
    """The installed command with a timeout, so that a FIFO cannot hang the suite, and 1 GB
    of address space, so that an unbounded read of /dev/zero cannot eat the machine."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    proc = subprocess.run(
        [installed(), *args], stdin=stdin, capture_output=True, text=True, timeout=30, preexec_fn=limit
    )
    return proc.returncode, proc.stderr


def invoke(args: list[str], input: bytes | None = None) -> tuple[int, str]:
    from typer.testing import CliRunner

    from aitrack.cli.app import app

    result = CliRunner().invoke(app, args, input=input, catch_exceptions=False)
    return result.exit_code, result.stderr


@pytest.fixture
def small_cap(monkeypatch) -> int:
    """A 1,000-byte documents cap, rather than writing a 20 MB document."""
    from aitrack.dataset import documents

    monkeypatch.setattr(documents, "MAX_DOCUMENT_BYTES", 1000)
    return 1000


def big_article(tmp_path: Path) -> Path:
    """A real article, repeated to about 2,000 bytes: a valid document, only too big."""
    text = ARTICLE.read_text()
    path = tmp_path / "big-article.md"
    path.write_text(text * (2000 // len(text) + 1))
    return path


# add-source and scan: a FILE ------------------------------------------------------------


@pytest.mark.parametrize("command", READERS)
def test_an_oversized_file_is_refused(mini_data, tmp_path, small_cap, command):
    big = big_article(tmp_path)
    before = snapshot(mini_data)
    code, stderr = invoke([command, str(big), "--data-dir", str(mini_data)])
    assert_refused(code, stderr, str(big), mini_data, before)
    assert "limit" in stderr


@pytest.mark.parametrize("command", READERS)
def test_a_fifo_is_refused_without_waiting_for_a_writer(mini_data, tmp_path, command):
    fifo = tmp_path / "article.md"
    os.mkfifo(fifo)
    before = snapshot(mini_data)
    code, stderr = run_bounded(command, str(fifo), "--data-dir", str(mini_data))
    assert_refused(code, stderr, str(fifo), mini_data, before)


@pytest.mark.parametrize("command", READERS)
def test_dev_zero_is_refused(mini_data, command):
    before = snapshot(mini_data)
    code, stderr = run_bounded(command, "/dev/zero", "--data-dir", str(mini_data))
    assert_refused(code, stderr, "/dev/zero", mini_data, before)


@pytest.mark.parametrize("command", READERS)
def test_a_directory_is_refused(mini_data, tmp_path, command):
    folder = tmp_path / "notes.md"
    folder.mkdir()
    before = snapshot(mini_data)
    code, stderr = invoke([command, str(folder), "--data-dir", str(mini_data)])
    assert_refused(code, stderr, str(folder), mini_data, before)


# add-source and scan: stdin. A pipe is how stdin is meant to be used, so only its size is
# refused; a directory as stdin is refused by Python itself, before aitrack runs. ----------


@pytest.mark.parametrize("command", READERS)
def test_oversized_stdin_is_refused(mini_data, tmp_path, small_cap, command):
    before = snapshot(mini_data)
    code, stderr = invoke([command, "-", "--data-dir", str(mini_data)], input=big_article(tmp_path).read_bytes())
    assert_refused(code, stderr, "stdin", mini_data, before)
    assert "limit" in stderr


@pytest.mark.parametrize("command", READERS)
def test_stdin_from_dev_zero_ends_at_the_cap(mini_data, command):
    before = snapshot(mini_data)
    with open("/dev/zero", "rb") as zero:
        code, stderr = run_bounded(command, "-", "--data-dir", str(mini_data), stdin=zero)
    assert_refused(code, stderr, "stdin", mini_data, before)
    assert "limit" in stderr


def test_a_document_within_the_cap_is_still_added_and_scanned(mini_data, small_cap):
    """The cap refuses only what is over it: exactly the cap is read, from a file and stdin."""
    text = (ARTICLE.read_bytes() * 2)[:1000]
    assert len(text) == small_cap
    code, stderr = invoke(["scan", "-", "--data-dir", str(mini_data)], input=text)
    assert code == 0, stderr
    code, stderr = invoke(["add-source", "-", "--id", "capped", "--data-dir", str(mini_data)], input=text)
    assert code == 0, stderr
    assert (mini_data.parent / "seeds" / "capped.txt").read_bytes() == text


# add-source on a full disk --------------------------------------------------------------


@pytest.mark.parametrize("fails", ["write", "fsync"])
def test_a_full_disk_leaves_no_partial_document(mini_data, monkeypatch, fails):
    """The document write fails part way (ENOSPC from write, or only at fsync as on a file
    system that allocates late): one line, and neither the document nor the entry stays."""
    real_write = os.write

    def short_then_full(fd, data):
        if short_then_full.wrote:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        short_then_full.wrote = True
        return real_write(fd, bytes(data[:100]))

    def full(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    short_then_full.wrote = False
    if fails == "write":
        monkeypatch.setattr(os, "write", short_then_full)
    else:
        monkeypatch.setattr(os, "fsync", full)
    before = snapshot(mini_data)
    code, stderr = invoke(["add-source", str(ARTICLE), "--data-dir", str(mini_data)])
    assert_refused(code, stderr, str(mini_data.parent / "seeds" / ARTICLE.name), mini_data, before)


# validate: a source's `file:` ------------------------------------------------------------


def _plant(seeds: Path, kind: str) -> Path:
    doc = seeds / "chips-brief.txt"
    doc.unlink()
    if kind == "fifo":
        os.mkfifo(doc)
    elif kind == "dev-zero":
        doc.symlink_to("/dev/zero")
    else:
        doc.mkdir()
    return doc


@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "directory"])
def test_validate_refuses_a_source_file_that_is_not_a_plain_file(mini_data, kind):
    doc = _plant(mini_data.parent / "seeds", kind)
    before = snapshot(mini_data)
    code, stderr = run_bounded("validate", "--data-dir", str(mini_data))
    # a symlink to /dev/zero leads out of the folder, and is refused as that
    assert_refused(code, stderr, doc.name if kind == "dev-zero" else str(doc), mini_data, before)
    assert "sources.yaml:" in stderr


def test_validate_refuses_an_oversized_source_file(mini_data, small_cap):
    doc = mini_data.parent / "seeds" / "chips-brief.txt"
    doc.write_bytes(doc.read_bytes() * 4)
    before = snapshot(mini_data)
    code, stderr = invoke(["validate", "--data-dir", str(mini_data)])
    assert_refused(code, stderr, str(doc), mini_data, before)
    assert "limit" in stderr


# validate: a sentence in ignored.yaml, checked against its source's document ------------


def _ignore_a_sentence(data: Path, quote: str) -> None:
    with open(data / "ignored.yaml", "a", encoding="utf-8") as fh:
        fh.write(f'- {{source: chips-brief, quote: "{quote}", reason: not a fact}}\n')


def _point_chips_brief_at(data: Path, name: str) -> None:
    sources = data / "sources.yaml"
    sources.write_text(sources.read_text().replace("file: chips-brief.txt", f"file: {name}"))


def test_an_ignored_sentence_is_no_oracle_for_a_file_outside_the_folder(mini_data):
    """The same answer whether or not the quote is in the outside file: it is never read."""
    outside = mini_data.parent / "outside.txt"
    _point_chips_brief_at(mini_data, "../outside.txt")
    _ignore_a_sentence(mini_data, "secret token 1234")
    before = snapshot(mini_data)
    answers = []
    for text in ("the secret token 1234 is here\n", "nothing to see\n"):
        outside.write_text(text)
        code, stderr = invoke(["validate", "--data-dir", str(mini_data)])
        assert_refused(code, stderr, "../outside.txt", mini_data, before)
        answers.append(stderr)
    assert answers[0] == answers[1] and "outside the documents folder" in answers[0]


def test_an_ignored_sentence_whose_document_is_a_fifo_does_not_hang(mini_data):
    doc = _plant(mini_data.parent / "seeds", "fifo")
    _ignore_a_sentence(mini_data, "NVIDIA's H100 GPU offers")
    before = snapshot(mini_data)
    code, stderr = run_bounded("validate", "--data-dir", str(mini_data))
    assert_refused(code, stderr, str(doc), mini_data, before)


# one decoding for every reader ----------------------------------------------------------


def test_a_cp1252_document_is_read_by_validate_as_scan_reads_it(mini_data):
    """scan reads a non-UTF-8 document as cp1252 and drafts its quotes from that text; the
    quote checks of validate (facts and ignored sentences) must find them in the same text."""
    import hashlib

    doc = mini_data.parent / "seeds" / "chips-brief.txt"
    raw = (doc.read_text() + "The caf\u00e9\u2019s espresso machine is not an accelerator.\n").encode("cp1252")
    doc.write_bytes(raw)
    sources = mini_data / "sources.yaml"
    old = "0e94c6cb44044b1453a3d08820c44a090012bf0a461b92be86a17e5d5a31b0ab"
    sources.write_text(sources.read_text().replace(old, hashlib.sha256(raw).hexdigest()))
    labs = mini_data / "labs.yaml"
    cite = '{source: chips-brief, quote: "NVIDIA\'s H100 GPU offers about 3.35 TB/s"}'
    assert cite in labs.read_text()
    labs.write_text(labs.read_text().replace(cite, '{source: chips-brief, quote: "The caf\u00e9\u2019s espresso"}'))
    _ignore_a_sentence(mini_data, "caf\u00e9\u2019s espresso machine is not")
    scanned = run_cli("scan", str(doc), "--data-dir", str(mini_data))
    assert "read as cp1252" in scanned.stderr
    result = run_cli("validate", "--data-dir", str(mini_data))
    assert result.exit_code == 0, result.stderr
