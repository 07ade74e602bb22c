"""Which dataset a command reads (git-like discovery), `aitrack init`, and the refusal
to write into the bundled copy."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import MINI, run_cli, run_installed

from aitrack import config


@pytest.fixture
def clone(tmp_path) -> Path:
    """A folder laid out like a clone of the repository: data/ and seeds/."""
    root = tmp_path / "clone"
    shutil.copytree(MINI.parent, root)
    (root / "deep" / "er").mkdir(parents=True)
    return root


def dataset_line(result) -> str:
    return next(line for line in result.stderr.splitlines() if line.startswith("dataset: "))


def test_inside_a_clone_its_data_is_used(clone, monkeypatch):
    monkeypatch.chdir(clone / "deep" / "er")
    result = run_cli("validate")
    assert result.exit_code == 0, result.stderr
    assert dataset_line(result) == f"dataset: {clone / 'data'} (found from the current directory)"
    assert "3 chips" in result.stderr


def test_inside_the_data_folder_itself(clone, monkeypatch):
    monkeypatch.chdir(clone / "data")
    assert str(clone / "data") in dataset_line(run_cli("validate"))


def test_a_marker_file_makes_a_dataset(tmp_path, monkeypatch):
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / config.MARKER).write_text("")
    monkeypatch.chdir(tmp_path / "mine")
    assert config.locate() == config.Dataset(str(tmp_path / "mine"), "workspace")


def test_option_beats_environment_beats_workspace(clone, tmp_path, monkeypatch):
    other = tmp_path / "other"
    shutil.copytree(MINI.parent, other)
    monkeypatch.chdir(clone)
    monkeypatch.setenv("AITRACK_DATA_DIR", str(other / "data"))
    assert config.locate() == config.Dataset(str(other / "data"), "AITRACK_DATA_DIR")
    assert config.locate(str(clone / "data")).origin == "--data-dir"
    monkeypatch.delenv("AITRACK_DATA_DIR")
    assert config.locate() == config.Dataset(str(clone / "data"), "workspace")


def test_data_dir_may_name_the_workspace_root(clone):
    result = run_cli("validate", "--data-dir", str(clone))
    assert result.exit_code == 0, result.stderr
    assert f"dataset: {clone / 'data'} (from --data-dir)" in result.stderr


def test_outside_any_workspace_the_bundled_copy_is_read(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    found = config.locate()
    assert found.origin == "bundled" and found.read_only
    assert "read-only" in run_cli("--version").stdout


def test_writes_to_the_bundled_copy_are_refused(tmp_path, monkeypatch):
    bundled = tmp_path / "site" / "data"
    shutil.copytree(MINI, bundled)
    shutil.copytree(MINI.parent / "seeds", tmp_path / "site" / "seeds")
    monkeypatch.setattr(config, "bundled_data_dir", lambda: str(bundled))
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    before = (bundled / "predictions.yaml").read_bytes()
    result = run_cli(
        "resolve",
        "amd-mi300x-successor-2025",
        "--outcome",
        "false",
        "--note",
        "No.",
        "--evidence",
        "https://example.org/x",
    )
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "aitrack init" in result.stderr and "read-only" in result.stderr
    assert (bundled / "predictions.yaml").read_bytes() == before
    # A dry run only reads, so it is allowed.
    dry = run_cli(
        "resolve",
        "amd-mi300x-successor-2025",
        "--outcome",
        "false",
        "--note",
        "No.",
        "--evidence",
        "https://example.org/x",
        "--dry-run",
    )
    assert dry.exit_code == 0, dry.stderr


def test_init_makes_a_writable_valid_copy(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run_cli("init")
    assert result.exit_code == 0, result.stderr
    root = tmp_path / "aitrack-data"
    assert "cd aitrack-data" in result.stderr and "AITRACK_DATA_DIR=" in result.stderr
    bundled = Path(config.bundled_data_dir())
    assert (root / "data" / "chips.yaml").read_bytes() == (bundled / "chips.yaml").read_bytes()
    assert sorted(p.name for p in (root / "seeds").iterdir()) == sorted(
        p.name for p in (bundled.parent / "seeds").iterdir()
    )
    assert (root / "schema" / "chips.schema.json").is_file()  # the data files' editor headers resolve
    monkeypatch.chdir(root / "seeds")
    checked = run_cli("validate")
    assert checked.exit_code == 0, checked.stderr
    assert f"dataset: {root / 'data'} (found from the current directory)" in checked.stderr


def test_init_refuses_a_non_empty_folder(tmp_path):
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "notes.txt").write_text("mine")
    result = run_cli("init", str(tmp_path / "busy"))
    assert result.exit_code == 1 and "not empty" in result.stderr
    assert [p.name for p in (tmp_path / "busy").iterdir()] == ["notes.txt"]


def test_installed_init_then_resolve_inside_it(tmp_path):
    assert run_installed("init", "ws", cwd=str(tmp_path)).returncode == 0
    import yaml

    preds = yaml.safe_load((tmp_path / "ws" / "data" / "predictions.yaml").read_text())
    pid = next(p["id"] for p in preds if p.get("status", "open") == "open")
    result = run_installed(
        "resolve",
        pid,
        "--outcome",
        "void",
        "--note",
        "Test.",
        "--evidence",
        "https://example.org/e",
        cwd=str(tmp_path / "ws"),
    )
    assert result.returncode == 0, result.stderr
    assert str(tmp_path / "ws" / "data" / "predictions.yaml") in result.stderr


def test_init_that_fails_midway_says_why_and_is_not_mistaken_for_a_dataset(tmp_path, monkeypatch):
    """docs/reliability.md: init never writes into a folder that holds anything; a failure
    part way (a full disk) is one line naming the cause, and the partial folder it leaves
    is refused by the next init until it is removed."""
    import errno
    import os

    real, copies = shutil.copyfile, []

    def disk_fills(src, dst, *args, **kwargs):
        copies.append(dst)
        if len(copies) == 3:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(src, dst, *args, **kwargs)

    monkeypatch.setattr(shutil, "copyfile", disk_fills)
    result = run_cli("init", str(tmp_path / "ws"))
    assert result.exit_code == 1 and len(result.stderr.splitlines()) == 1
    assert "No space left on device" in result.stderr and str(tmp_path / "ws") in result.stderr
    again = run_cli("init", str(tmp_path / "ws"))
    assert again.exit_code == 1 and "not empty" in again.stderr
