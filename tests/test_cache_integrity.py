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

    raw = pack("k", {"a": [1, 2.5, "x"]})
    assert raw.startswith(b"AITRACK-CACHE\0") and unpack(raw) == ("k", {"a": [1, 2.5, "x"]})
    with pytest.raises(ValueError):
        unpack(raw[:-1])
