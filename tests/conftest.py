"""Shared fixtures: an isolated cache, writable copies of the small fixture datasets, and
helpers that run the CLI in-process (CliRunner) and as the installed `aitrack` command."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
SEEDS = ROOT / "seeds"
# Small datasets written for the tests (tests/fixtures/<name>/{data,seeds}): behaviour
# tests use these, so that adding a document to data/ never breaks CI.
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINI = FIXTURES / "mini" / "data"
# list/show/search/compare/scan/export behaviour: 13 labs, 7 chips, 9 models, 4 predictions,
# 3 sources, from two short documents written for the tests.
CATALOG = FIXTURES / "catalog" / "data"


@pytest.fixture(autouse=True)
def _isolated(tmp_path_factory, monkeypatch):
    cache = tmp_path_factory.getbasetemp() / "cache"
    monkeypatch.setenv("AITRACK_CACHE_DIR", str(cache))
    for var in ("AITRACK_DATA_DIR", "AITRACK_SEEDS_DIR", "AITRACK_TODAY", "NO_COLOR"):
        monkeypatch.delenv(var, raising=False)


def copy_fixture(name: str, dest: Path) -> Path:
    """A writable copy of tests/fixtures/<name> (data/ and seeds/) under dest; returns its data/."""
    shutil.copytree(FIXTURES / name, dest / name)
    return dest / name / "data"


@pytest.fixture
def mini_data(tmp_path) -> Path:
    """A writable copy of the mini fixture dataset: 5 labs (nvidia, cerebras, amd, openai,
    anthropic), 3 chips (h100, wse-3, mi300x), 2 models (gpt-4o, claude), 3 predictions
    (amd-mi300x-successor-2025, openai-open-weights-12m, anthropic-funding-2026 resolved
    true), 2 documents (chips-brief, labs-brief) and an external source."""
    return copy_fixture("mini", tmp_path)


@pytest.fixture
def catalog_data(tmp_path) -> Path:
    """A writable copy of the catalog fixture dataset (see CATALOG) with its seeds beside it."""
    return copy_fixture("catalog", tmp_path)


def run_cli(*args: str, env: dict | None = None):
    """Invoke the CLI in-process; returns the click Result (stdout and stderr apart)."""
    from typer.testing import CliRunner

    from aitrack.cli.app import app

    return CliRunner().invoke(app, list(args), env=env, catch_exceptions=False)


def installed() -> str:
    """The installed console script next to this interpreter."""
    exe = Path(sys.executable).parent / "aitrack"
    if not exe.exists():
        pytest.skip("aitrack is not installed in this environment")
    return str(exe)


def run_installed(*args: str, cwd: str | None = None, env: dict | None = None, input: str | None = None):
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [installed(), *args], capture_output=True, text=True, cwd=cwd, env=full_env, input=input, timeout=120
    )


def same_without_title(data: Path, fmt: str, *args: str) -> None:
    """`--as-of` today gives what the command gives without it, for a format: the same
    stdout, less the table's title line (which says what the view is), or stderr saying so."""
    from datetime import date

    today = date.today().isoformat()
    env = {"AITRACK_TODAY": today}
    plain = run_cli(*args, "-f", fmt, "--data-dir", str(data), env=env)
    timed = run_cli(*args, "-f", fmt, "--as-of", today, "--data-dir", str(data), env=env)
    assert plain.exit_code == timed.exit_code, (args, fmt)
    out = timed.stdout
    if fmt in ("table", "markdown") and timed.exit_code == 0:  # the title says what the view is
        first, _, out = out.partition("\n")
        assert f"as of {today}" in first
        if out.startswith("\n") and not plain.stdout.startswith("\n"):
            out = out[1:]  # the blank line after a title
    else:
        assert plain.exit_code or f"as of {today}" in timed.stderr
    assert out == plain.stdout, (args, fmt)
