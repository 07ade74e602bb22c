"""Cache files carry a magic header, a format version and a checksum; anything that
fails to read is a miss and the cache is rebuilt (issue #14, item 9)."""

from __future__ import annotations

import marshal
import os
import time
from pathlib import Path

import pytest
from conftest import run_cli
from tiny_dataset import write_tiny


@pytest.fixture
def data(tmp_path, monkeypatch):
    monkeypatch.setenv("AITRACK_CACHE_DIR", str(tmp_path / "cache"))
    return write_tiny(tmp_path)


def cache_files() -> list[Path]:
    return sorted(Path(os.environ["AITRACK_CACHE_DIR"]).rglob("*.marshal"))


def answers(data: Path) -> list[str]:
    out = []
    for args in (
        ["show", "rocket-1", "-f", "json"],
        ["list", "chips", "-f", "csv"],
        ["predictions", "--due", "2026", "-f", "json"],
        ["search", "acme", "-f", "json"],
    ):
        result = run_cli(*args, "--data-dir", str(data))
        assert result.exit_code == 0, result.stderr
        assert result.stderr == ""
        out.append(result.stdout)
    return out


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda raw: b"[\xff\xff\xff\x7f", id="claims-2**31-items"),
        pytest.param(lambda raw: raw[: len(raw) // 2], id="truncated"),
        pytest.param(lambda raw: raw[:-1] + bytes([raw[-1] ^ 0x40]), id="one-bit-flipped"),
        pytest.param(lambda raw: os.urandom(109), id="random-109-bytes"),
        pytest.param(lambda raw: marshal.dumps(("stale", {"x": 1})), id="headerless-marshal"),
        pytest.param(lambda raw: b"", id="empty"),
    ],
)
def test_damaged_cache_files_are_rebuilt(data, damage):
    fresh = answers(data)
    files = cache_files()
    assert files
    for path in files:
        path.write_bytes(damage(path.read_bytes()))
    start = time.perf_counter()
    assert answers(data) == fresh
    assert time.perf_counter() - start < 5  # a 5-byte file claiming 2**31 items stalled each run
    assert answers(data) == fresh  # and the rebuilt cache serves again


def test_any_unmarshal_failure_is_a_miss(data, monkeypatch):
    """marshal can raise SystemError (a 109-byte file did): that is a miss too."""
    from aitrack.store import cache

    fresh = answers(data)

    def broken(_raw):
        raise SystemError("bad marshal data")

    monkeypatch.setattr(cache.marshal, "loads", broken)
    assert answers(data) == fresh


def test_header_round_trip():
    from aitrack.store.cache import pack, unpack

    raw = pack("k", "r0", {"a": [1, 2.5, "x"]})
    assert raw.startswith(b"AITRACK-CACHE\0") and unpack(raw) == ("k", "r0", {"a": [1, 2.5, "x"]})
    with pytest.raises(ValueError):
        unpack(raw[:-1])


def tables_folder() -> Path:
    metas = [p.parent for p in cache_files() if p.name == "meta.marshal"]
    assert len(metas) == 1
    return metas[0]


def test_a_part_swapped_with_another_part_of_the_same_build_is_a_miss(data):
    """Every part carries its own name: the same build's chip rows in place of its lab rows
    (both pass the header and build checks) are refused, not served."""
    fresh = answers(data)
    folder = tables_folder()
    chips, labs = folder / "chip.rows.marshal", folder / "lab.rows.marshal"
    chip_bytes, lab_bytes = chips.read_bytes(), labs.read_bytes()
    chips.write_bytes(lab_bytes)
    labs.write_bytes(chip_bytes)
    assert answers(data) == fresh


@pytest.mark.parametrize(
    "meta",
    [
        pytest.param({}, id="empty-dict"),
        pytest.param({"buckets": "3", "counts": {}, "fingerprint": "x", "due_years": []}, id="buckets-a-string"),
        pytest.param({"buckets": 1, "counts": [], "fingerprint": "x", "due_years": []}, id="counts-a-list"),
        pytest.param([1, 2, 3], id="a-list"),
    ],
)
def test_a_hand_made_meta_with_a_valid_header_is_a_miss(data, meta):
    from aitrack.store import cache

    fresh = answers(data)
    folder = tables_folder()
    key, _name, _meta = cache.unpack((folder / "meta.marshal").read_bytes())
    (folder / "meta.marshal").write_bytes(cache.pack(key, "meta", meta))
    assert answers(data) == fresh


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_cache_files_are_private_and_leave_no_temporary_files(data):
    answers(data)
    folder = tables_folder()
    assert folder.stat().st_mode & 0o077 == 0, "the tables folder is readable by others"
    for path in folder.iterdir():
        assert path.stat().st_mode & 0o077 == 0, f"{path.name} is readable by others"
    assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_full_disk_leaves_no_temporary_cache_files(data, monkeypatch):
    """Every cache write fails as on a full disk (its temporary file is /dev/full): the
    command still answers, and no temporary file is left in either cache."""
    import tempfile

    real = tempfile.mkstemp

    def full(*args, **kwargs):
        fd, path = real(*args, **kwargs)
        os.close(fd)
        return os.open("/dev/full", os.O_WRONLY), path

    monkeypatch.setattr(tempfile, "mkstemp", full)
    listed = run_cli("list", "chips", "-f", "csv", "--data-dir", str(data))
    assert listed.exit_code == 0, listed.stderr
    root = Path(os.environ["AITRACK_CACHE_DIR"])
    assert [p for p in root.rglob("*") if p.is_file()] == []
