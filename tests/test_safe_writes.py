"""resolve and export never lose or corrupt data (issue #14, items 2, 3, 8 and 15): the entry's
bounds come from the YAML parser, every edit is checked by parsing it again, a file an
editor saved meanwhile is not overwritten, symlinks are written through, line endings,
owner and mode are kept, and a NEL in a note stays a NEL."""

from __future__ import annotations

import json
import os
import stat

import pytest
from conftest import run_cli
from tiny_dataset import write_tiny

PID = "zeta-acme-share"
RESOLVE = [
    "--outcome",
    "true",
    "--note",
    "Acme's share fell",
    "--evidence",
    "https://example.org/share",
    "--on",
    "2026-11-01",
]


@pytest.fixture
def data(tmp_path):
    return write_tiny(tmp_path)


def resolve(data, *extra, pid=PID):
    return run_cli("resolve", pid, *RESOLVE, "--data-dir", str(data), *extra)


def entries(path) -> list:
    from aitrack.dataset.loader import parse_text

    value, _locs, problems = parse_text(path.read_text(encoding="utf-8"), str(path))
    assert not problems
    return value


def assert_only_resolution_changed(before: list, after: list, index: int, note: str = "Acme's share fell"):
    rest = {"status", "resolution"}
    for j, (old, new) in enumerate(zip(before, after)):
        if j != index:
            assert old == new
    assert {k: v for k, v in before[index].items() if k not in rest} == {
        k: v for k, v in after[index].items() if k not in rest
    }
    assert after[index]["status"] == "true" and after[index]["resolution"]["note"] == note


LAST_VALUE_QUOTED = """\
  notes: "First line of the note,
    # not a comment: the last line of this quoted string"
"""
LAST_VALUE_BLOCK = """\
  notes: |
    Tracked in issue
    #42 of the tracker
# a real comment after the entry

"""


@pytest.mark.parametrize("tail", [LAST_VALUE_QUOTED, LAST_VALUE_BLOCK], ids=["quoted", "block"])
def test_last_value_with_hash_lines_is_kept_whole(data, tail):
    """A multi-line last value whose line starts with '#' was cut there: the resolution
    landed inside the string, or a line vanished, and resolve said 'resolved'."""
    path = data / "predictions.yaml"
    path.write_text(path.read_text() + tail, encoding="utf-8")
    before = entries(path)
    result = resolve(data)
    assert result.exit_code == 0, result.stderr
    after = entries(path)
    assert_only_resolution_changed(before, after, 1)
    assert after[1]["notes"] == before[1]["notes"] and "#" in after[1]["notes"]
    if tail is LAST_VALUE_BLOCK:
        assert path.read_text().endswith("# a real comment after the entry\n\n")


def test_resolving_an_entry_before_another_keeps_bytes_outside_it(data):
    path = data / "predictions.yaml"
    text = path.read_text()
    text = text.replace(
        "  kind: forecast\n\n- id: zeta",
        "  kind: forecast\n  notes: |\n    #1 first\n\n    #2 after a blank\n\n# between entries\n- id: zeta",
    )
    path.write_text(text)
    before = entries(path)
    result = resolve(data, pid="acme-second-chip")
    assert result.exit_code == 0, result.stderr
    after_text = path.read_text()
    assert_only_resolution_changed(before, entries(path), 0)
    cut = text.index("# between entries")
    assert after_text.endswith(text[cut:]) and after_text.startswith(text[: text.index("- id: acme-second-chip")])


def test_verify_refuses_an_edit_that_changes_anything_else(data):
    from aitrack.curate.resolve import edit, verify
    from aitrack.errors import WriteError

    before = (data / "predictions.yaml").read_text()
    resolution = {"outcome": "true", "on": "2026-11-01", "note": "n", "evidence": "https://e.org"}
    good = edit(before, 1, "true", resolution)
    verify(before, good, 1, "true", resolution, "p.yaml")
    for bad in (
        good.replace("before 2027.", "before 2028."),  # another value in the entry
        good.replace("# Forecasts", "# forecasts"),  # a byte outside the entry
        good.replace('note: "n"', 'note: "m"'),  # a wrong resolution
        good.replace("  kind: forecast\n\n- id: zeta", "  kind: estimate\n\n- id: zeta"),
    ):  # another entry
        assert bad != good
        with pytest.raises(WriteError, match="nothing was changed"):
            verify(before, bad, 1, "true", resolution, "p.yaml")


def test_an_editor_save_during_resolve_is_not_lost(data, monkeypatch):
    """An editor that saves while resolve runs (after resolve read the file, before the
    rename) kept losing its save; now resolve sees the change and starts over."""
    from aitrack.store import catalog

    path = data / "predictions.yaml"
    real = catalog.load_checked
    saves = []

    def editor_saves_meanwhile(*args, **kwargs):
        if kwargs.get("overrides") and not saves:
            saves.append(1)
            path.write_text(path.read_text().replace("# Forecasts from the memo.", "# Edited by a curator."))
        return real(*args, **kwargs)

    monkeypatch.setattr(catalog, "load_checked", editor_saves_meanwhile)
    result = resolve(data)
    assert result.exit_code == 0, result.stderr
    text = path.read_text()
    assert "# Edited by a curator." in text and 'status: "true"' in text


def test_a_file_that_keeps_changing_is_refused(data, monkeypatch):
    from aitrack.store import catalog

    path = data / "predictions.yaml"
    real = catalog.load_checked
    count = []

    def always_edited(*args, **kwargs):
        if kwargs.get("overrides"):
            count.append(1)
            path.write_text(path.read_text() + f"# save {len(count)}\n")
        return real(*args, **kwargs)

    monkeypatch.setattr(catalog, "load_checked", always_edited)
    result = resolve(data)
    assert result.exit_code == 1 and "kept changing" in result.stderr
    assert path.read_text().endswith("# save 3\n") and "status:" not in path.read_text()


def test_symlinked_file_is_written_through(data, tmp_path):
    real = tmp_path / "elsewhere" / "predictions.yaml"
    real.parent.mkdir()
    (data / "predictions.yaml").rename(real)
    (data / "predictions.yaml").symlink_to(real)
    assert resolve(data).exit_code == 0
    assert (data / "predictions.yaml").is_symlink()
    assert 'status: "true"' in real.read_text()


def test_owner_and_mode_are_kept(data):
    path = data / "predictions.yaml"
    os.chmod(path, 0o640)
    if os.getuid() == 0:
        os.chown(path, 4321, 4322)
    assert resolve(data).exit_code == 0
    st = os.stat(path)
    assert stat.S_IMODE(st.st_mode) == 0o640
    if os.getuid() == 0:
        assert (st.st_uid, st.st_gid) == (4321, 4322)


def test_crlf_file_keeps_crlf(data):
    path = data / "predictions.yaml"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    assert resolve(data).exit_code == 0, "resolve failed"
    raw = path.read_bytes()
    assert b'status: "true"\r\n' in raw and raw.count(b"\n") == raw.count(b"\r\n")


def test_crlf_file_without_final_newline(data):
    path = data / "predictions.yaml"
    path.write_bytes(path.read_bytes().rstrip(b"\n").replace(b"\n", b"\r\n"))
    assert resolve(data).exit_code == 0
    raw = path.read_bytes()
    assert raw.count(b"\n") == raw.count(b"\r\n") and entries(path)[1]["status"] == "true"


@pytest.mark.parametrize("char", ["\x85", "\u2028", "\u2029", "\x7f", "\x9b"])
def test_line_break_characters_in_a_note_survive(data, char):
    note = f"first{char}second"
    result = run_cli(
        "resolve", PID, "--outcome", "true", "--note", note, "--evidence", "https://e.org/x", "--data-dir", str(data)
    )
    assert result.exit_code == 0, result.stderr
    shown = json.loads(run_cli("show", PID, "-f", "json", "--data-dir", str(data)).stdout)
    assert shown["resolution"]["note"] == note


def test_bad_on_date_names_on(data):
    result = run_cli(
        "resolve",
        PID,
        "--outcome",
        "true",
        "--note",
        "x",
        "--evidence",
        "https://e.org",
        "--on",
        "2026-13-01",
        "--data-dir",
        str(data),
    )
    assert result.exit_code == 2 and "--on" in result.stderr and "--today" not in result.stderr


# export: the same writer ------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "sqlite"])
def test_export_writes_through_a_symlink(data, tmp_path, fmt):
    target = tmp_path / f"real.{fmt}"
    target.write_text("old")
    link = tmp_path / f"link.{fmt}"
    link.symlink_to(target)
    result = run_cli("export", "--format", fmt, str(link), "--data-dir", str(data))
    assert result.exit_code == 0, result.stderr
    assert link.is_symlink() and target.read_bytes() != b"old"


@pytest.mark.parametrize("fmt", ["json", "sqlite"])
@pytest.mark.parametrize("how", ["fifo", "link-to-fifo"])
def test_export_refuses_a_non_regular_file(data, tmp_path, fmt, how):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    out = fifo
    if how == "link-to-fifo":
        out = tmp_path / "link"
        out.symlink_to(fifo)
    result = run_cli("export", "--format", fmt, str(out), "--data-dir", str(data))
    assert result.exit_code == 1 and "not a regular file" in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert (
        stat.S_ISFIFO(os.stat(fifo).st_mode) and [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
    )


def test_export_dash_means_stdout(data):
    result = run_cli("export", "--format", "json", "-", "--data-dir", str(data))
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["counts"]["chip"] == 1


@pytest.mark.parametrize("fmt", ["json", "sqlite"])
def test_new_exports_respect_the_umask(data, tmp_path, fmt):
    old = os.umask(0o027)
    try:
        result = run_cli("export", "--format", fmt, str(tmp_path / f"out.{fmt}"), "--data-dir", str(data))
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.stderr
    assert stat.S_IMODE(os.stat(tmp_path / f"out.{fmt}").st_mode) == 0o640


@pytest.mark.skipif(not os.path.exists("/proc/self/fd/1"), reason="needs /proc")
def test_export_to_a_link_to_stdout_names_the_real_cause(data, tmp_path):
    """A link to /proc/self/fd/1 is refused; the message said the data directory (the
    link's resolved folder, /proc/PID/fd) was read-only. It is a pipe: say that."""
    from conftest import run_installed

    link = tmp_path / "out.json"
    link.symlink_to("/proc/self/fd/1")
    result = run_installed("export", str(link), "--data-dir", str(data))  # stdout is a pipe
    assert result.returncode == 1 and result.stdout == "" and len(result.stderr.splitlines()) == 1
    assert f"cannot write {link}: not a regular file (a pipe)" in result.stderr
    assert "read-only" not in result.stderr and link.is_symlink()
