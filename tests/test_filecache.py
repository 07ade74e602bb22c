"""The per-file parse cache: after editing one data file, the next command re-reads only
that file; a damaged cache file or --no-cache reads the YAML again; edits are never missed."""

from __future__ import annotations

import os

from conftest import run_cli

from aitrack.dataset import filecache, loader


def count_parses(monkeypatch) -> list[str]:
    parsed: list[str] = []
    real = loader.read_bytes

    def spy(path, display):
        parsed.append(os.path.basename(path))
        return real(path, display)

    monkeypatch.setattr(loader, "read_bytes", spy)
    return parsed


def drop_tables(data) -> None:
    """Remove the tables cache, so the next command reads the files (through the per-file cache)."""
    from aitrack.store import cache

    os.remove(os.path.join(cache._folder(str(data)), "meta.marshal"))


def test_only_the_edited_file_is_read_again(mini_data, monkeypatch):
    assert run_cli("list", "chips", "--data-dir", str(mini_data)).exit_code == 0
    parsed = count_parses(monkeypatch)
    chips = mini_data / "chips.yaml"
    chips.write_text(chips.read_text().replace("name: AMD Instinct MI300X", "name: AMD Instinct MI300X (edited)"))
    result = run_cli("list", "chips", "--data-dir", str(mini_data), "-f", "csv")
    assert result.exit_code == 0, result.stderr
    assert "AMD Instinct MI300X (edited)" in result.stdout  # the edit is seen at once
    assert [p for p in parsed if p != "ignored.yaml"] == ["chips.yaml"]


def test_no_cache_reads_every_file(mini_data, monkeypatch):
    assert run_cli("list", "chips", "--data-dir", str(mini_data)).exit_code == 0
    parsed = count_parses(monkeypatch)
    assert run_cli("list", "chips", "--no-cache", "--data-dir", str(mini_data)).exit_code == 0
    assert {"chips.yaml", "labs.yaml", "models.yaml", "predictions.yaml", "sources.yaml"} <= set(parsed)


def test_a_damaged_cache_file_is_ignored(mini_data, monkeypatch):
    assert run_cli("list", "chips", "--data-dir", str(mini_data)).exit_code == 0
    where = filecache._where(str(mini_data / "labs.yaml"))
    with open(where, "r+b") as fh:
        fh.seek(40)
        fh.write(b"\xff\x00garbage")
    drop_tables(mini_data)  # force the dataset to be rebuilt
    parsed = count_parses(monkeypatch)
    result = run_cli("list", "labs", "--data-dir", str(mini_data), "-f", "csv")
    assert result.exit_code == 0, result.stderr
    assert "labs.yaml" in parsed and "anthropic" in result.stdout


def test_a_cached_problem_is_still_reported(mini_data):
    chips = mini_data / "chips.yaml"
    chips.write_text(chips.read_text().replace("tdp: {value: 700 W,", "tdp: {value: 700 furlongs,"))
    first = run_cli("list", "chips", "--data-dir", str(mini_data))
    (mini_data / "labs.yaml").touch()  # chips.yaml now comes from the per-file cache (no tables: the run failed)
    again = run_cli("list", "chips", "--data-dir", str(mini_data))
    assert first.exit_code == again.exit_code == 1
    assert "unknown unit 'furlongs'" in again.stderr and str(chips) in again.stderr
