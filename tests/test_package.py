"""Packaging: the wheel carries data/ and seeds/; the installed `aitrack` works from any
directory; `python -m aitrack` works too."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest
from conftest import DATA, ROOT, SEEDS, run_installed


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    pytest.importorskip("hatchling")
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return next(out.glob("aitrack-*.whl"))


def test_wheel_carries_data_and_seeds(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for path in DATA.glob("*.yaml"):
        assert f"aitrack/_bundled/data/{path.name}" in names
    for path in SEEDS.glob("*.txt"):
        assert f"aitrack/_bundled/seeds/{path.name}" in names
    assert "aitrack/cli/app.py" in names


def test_installed_command_from_another_directory(tmp_path):
    result = run_installed("compare", "wse-3", "h100", cwd=str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "~6,300×" in result.stdout
    result = run_installed("validate", cwd=str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "(the bundled copy, read-only" in result.stderr  # outside any workspace
    assert "\nvalid: " in result.stderr and result.stdout == ""


def test_installed_errors_are_one_line(tmp_path):
    result = run_installed("show", "h10", cwd=str(tmp_path))
    assert result.returncode == 1
    assert result.stderr == "aitrack: unknown entity 'h10'; did you mean: h100, h200?\n"
    result = run_installed("list", "chips", "--format", "xml", cwd=str(tmp_path))
    assert result.returncode == 2 and len(result.stderr.splitlines()) == 1


def test_python_dash_m(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "aitrack", "--version"], capture_output=True, text=True, cwd=str(tmp_path), timeout=60
    )
    assert result.returncode == 0 and result.stdout.startswith("aitrack ")
