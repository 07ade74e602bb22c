"""Every command, handed a dataset with one hostile file of each class the review found
(issue #14): a null document, a FIFO, a data file symlinked to a device, a document
symlinked out of its folder, an unreadable kind folder and a non-finite number. Each
ends with exit 1 or 2 and one line on stderr, never a traceback and never a hang."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from conftest import installed, run_cli
from tiny_dataset import write_tiny


def _null(data: Path) -> None:
    (data / "labs.yaml").write_text("# nothing yet\n---\n")


def _fifo(data: Path) -> None:
    (data / "labs.yaml").unlink()
    os.mkfifo(data / "labs.yaml")


def _symlink_to_device(data: Path) -> None:
    (data / "labs.yaml").unlink()
    (data / "labs.yaml").symlink_to("/dev/zero")


def _unreadable_folder(data: Path) -> None:
    folder = data / "labs"
    folder.mkdir()
    (data / "labs.yaml").rename(folder / "labs.yaml")
    os.chmod(folder, 0)  # root still reads it: see the listdir stand-in below


def _non_finite(data: Path) -> None:
    path = data / "chips.yaml"
    path.write_text(path.read_text() + "  sentiment:\n    - {value: 1e999, source: acme-datasheet}\n")


CLASSES = [_null, _fifo, _symlink_to_device, _unreadable_folder, _non_finite]

COMMANDS = [
    ["validate"],
    ["list", "labs"],
    ["list", "chips", "-f", "csv"],
    ["show", "acme"],
    ["search", "acme"],
    ["compare", "rocket-1", "rocket-1"],
    ["changes", "--since", "2020"],
    ["predictions", "-f", "json"],
    ["scorecard"],
    ["timeline"],
    ["export", "--format", "json", "-"],
    ["resolve", "zeta-acme-share", "--outcome", "true", "--note", "n", "--evidence", "https://e.org"],
    ["scan", "{doc}"],
    ["add-source", "{doc}"],
]


@pytest.fixture
def unreadable_as_root(monkeypatch):
    """Root reads a mode-0 folder anyway; make listing it fail as it does for a user."""
    real = os.listdir

    def listdir(path="."):
        if os.path.isdir(path) and os.stat(path).st_mode & 0o777 == 0 and os.getuid() == 0:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "listdir", listdir)


@pytest.mark.parametrize("hostile", CLASSES, ids=lambda f: f.__name__.strip("_"))
def test_every_command_refuses_each_hostile_class(tmp_path, hostile, unreadable_as_root):
    data = write_tiny(tmp_path)
    doc = tmp_path / "article.txt"
    doc.write_text("Acme Labs says the Rocket-1 will ship 2 TB/s by end of 2027.\n")
    hostile(data)
    try:
        for command in COMMANDS:
            args = [a.replace("{doc}", str(doc)) for a in command]
            result = run_cli(*args, "--data-dir", str(data))
            lines = result.stderr.strip().splitlines()
            assert result.exit_code in (1, 2), (args, result.exit_code, result.stderr)
            assert len(lines) == 1, (args, lines)
            assert "Traceback" not in result.stderr and "internal error" not in result.stderr, (args, lines)
            assert str(data) in lines[0], (args, lines)
    finally:
        for folder in data.iterdir():
            if folder.is_dir():
                os.chmod(folder, 0o755)


def test_hostile_data_through_the_installed_command(tmp_path):
    """The same through the console script: a FIFO must not hang even --version."""
    data = write_tiny(tmp_path)
    _fifo(data)
    env = {**os.environ, "AITRACK_DATA_DIR": str(data), "AITRACK_CACHE_DIR": str(tmp_path / "cache")}
    for args in (["list", "labs"], ["validate"], ["--version"]):
        result = subprocess.run([installed(), *args], capture_output=True, text=True, env=env, timeout=60)
        if args == ["--version"]:
            assert result.returncode == 0 and "does not load" in result.stdout
            continue
        assert result.returncode == 1 and len(result.stderr.strip().splitlines()) == 1
        assert "not a regular file" in result.stderr
