"""The cache: never stale, bypassable, and a corrupt file is ignored and rebuilt."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import run_cli


@pytest.fixture(autouse=True)
def own_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("AITRACK_CACHE_DIR", str(tmp_path / "cache"))


def cache_files() -> list[Path]:
    root = Path(os.environ["AITRACK_CACHE_DIR"])
    return sorted(root.rglob("*.marshal"))


def name_of(data: Path, rid: str, *extra: str) -> str:
    out = run_cli("show", rid, "-f", "json", "--data-dir", str(data), *extra)
    assert out.exit_code == 0, out.stderr
    return json.loads(out.stdout)["name"]


def test_edit_is_seen_at_once(mini_data):
    assert name_of(mini_data, "h100") == "NVIDIA H100"
    assert cache_files(), "the first run writes the cache"
    chips = mini_data / "chips.yaml"
    text = chips.read_text().replace("  name: NVIDIA H100\n", "  name: NVIDIA H100 SXM\n", 1)
    stat = chips.stat()
    chips.write_text(text)
    os.utime(chips, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same mtime: the size still differs
    assert name_of(mini_data, "h100") == "NVIDIA H100 SXM"


def test_same_size_edit_with_new_mtime_is_seen(mini_data):
    assert name_of(mini_data, "h100") == "NVIDIA H100"
    chips = mini_data / "chips.yaml"
    chips.write_text(chips.read_text().replace("  name: NVIDIA H100\n", "  name: NVIDIA H10X\n", 1))
    assert name_of(mini_data, "h100") == "NVIDIA H10X"


def test_new_file_is_seen(mini_data):
    name_of(mini_data, "h100")
    (mini_data / "chips").mkdir()
    (mini_data / "chips" / "more.yaml").write_text(
        "- id: gaudi-3\n  name: Intel Gaudi 3\n  vendor: nvidia\n  cite:\n    - {source: nvidia-h100-datasheet}\n"
    )
    assert name_of(mini_data, "gaudi-3") == "Intel Gaudi 3"


def test_corrupt_cache_is_ignored_and_rebuilt(mini_data):
    name_of(mini_data, "h100")
    for path in cache_files():
        path.write_bytes(b"\x00garbage")
    assert name_of(mini_data, "h100") == "NVIDIA H100"
    meta = [p for p in cache_files() if p.name == "meta.marshal"]
    assert meta and all(p.read_bytes() != b"\x00garbage" for p in meta)


def test_corrupt_bucket_with_valid_meta_falls_back(mini_data):
    name_of(mini_data, "h100")
    for path in cache_files():
        if path.name.startswith("r"):
            path.write_bytes(b"not marshal")
    assert name_of(mini_data, "wse3") == "Cerebras WSE-3"


def test_no_cache_reads_yaml_and_writes_nothing(mini_data):
    assert name_of(mini_data, "h100", "--no-cache") == "NVIDIA H100"
    assert cache_files() == []


def test_unwritable_cache_dir_is_harmless(mini_data, monkeypatch, tmp_path):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the cache dir should be")
    monkeypatch.setenv("AITRACK_CACHE_DIR", str(blocker))
    assert name_of(mini_data, "h100") == "NVIDIA H100"


def test_invalid_data_is_never_served_from_cache(mini_data):
    name_of(mini_data, "h100")
    chips = mini_data / "chips.yaml"
    chips.write_text(chips.read_text() + "  colour: red\n")
    result = run_cli("show", "h100", "--data-dir", str(mini_data))
    assert result.exit_code == 1 and "colour: unknown field" in result.stderr


def test_a_save_during_a_full_read_is_seen_by_the_next_run(mini_data, monkeypatch):
    """Issue 24 item 2: an editor saves a data file after aitrack read it but before the
    caches were written. The next run must see the save (both caches were keyed by the
    files as they were before reading, and the per-file cache refuses a file that changed
    while it was read)."""
    from aitrack.dataset import read

    chips = mini_data / "chips.yaml"
    real = read._parse_file
    saved: list[str] = []

    def parse_then_save(path, override):
        got = real(path, override)
        if path == str(chips) and not saved:
            text = chips.read_text().replace("name: Cerebras WSE-3", "name: Cerebras WSE-3 (saved meanwhile)")
            chips.write_text(text)
            saved.append(path)
        return got

    monkeypatch.setattr(read, "_parse_file", parse_then_save)
    assert name_of(mini_data, "wse-3") == "Cerebras WSE-3"  # read before the save
    assert saved
    monkeypatch.setattr(read, "_parse_file", real)
    assert name_of(mini_data, "wse-3") == "Cerebras WSE-3 (saved meanwhile)"
    assert name_of(mini_data, "wse-3") == "Cerebras WSE-3 (saved meanwhile)"  # and from the cache


def test_a_second_write_through_mmap_is_seen(mini_data):
    """Issue 24 item 12: a second write through mmap to a page not yet written back
    changes no timestamp (the kernel stamps the file when a clean page is first written).
    A file stamped in the last minute is keyed by its content too, so both writes are seen."""
    import mmap

    chips = mini_data / "chips.yaml"
    assert name_of(mini_data, "wse-3") == "Cerebras WSE-3"
    with open(chips, "r+b") as fh, mmap.mmap(fh.fileno(), 0) as mapped:
        at = mapped.find(b"name: Cerebras WSE-3") + len(b"name: Cerebras ")
        mapped[at : at + 5] = b"WSE-X"  # the first write stamps the file
        assert name_of(mini_data, "wse-3") == "Cerebras WSE-X"
        before = os.stat(chips)
        mapped[at : at + 5] = b"WSE-Y"  # the page is still dirty: no new timestamp
        after = os.stat(chips)
        stamps = (before.st_mtime_ns, before.st_ctime_ns, before.st_size, before.st_ino)
        unchanged = stamps == (after.st_mtime_ns, after.st_ctime_ns, after.st_size, after.st_ino)
        assert name_of(mini_data, "wse-3") == "Cerebras WSE-Y", f"timestamps unchanged: {unchanged}"


def test_the_ignore_list_is_checked_after_each_edit(mini_data):
    """Its unchanged entries keep their validated form from the last read; an edit that
    breaks one is still refused at its line, and fixing it is seen."""
    ignored = mini_data / "ignored.yaml"
    ignored.write_text("- name: Fixture Corp\n  reason: not an AI entity\n")
    assert run_cli("validate", "--data-dir", str(mini_data)).exit_code == 0
    ignored.write_text(ignored.read_text() + "# a comment\n- name: Other Corp\n  reson: typo\n")
    result = run_cli("validate", "--data-dir", str(mini_data))
    assert result.exit_code == 1 and f"{ignored}:4" in result.stderr, result.stderr
    ignored.write_text(ignored.read_text().replace("reson:", "reason:"))
    assert run_cli("validate", "--data-dir", str(mini_data)).exit_code == 0
