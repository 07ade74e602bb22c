"""Both caches (the per-file parse cache and the tables cache) are keyed by every module of
the package: a development checkout that changes any rule never gets answers built by the
old code. The reproduction of the review: tighten the id rule, then `validate` and `list`."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import aitrack

PACKAGE = Path(aitrack.__file__).resolve().parent


def copy_package(dest: Path) -> Path:
    shutil.copytree(PACKAGE, dest / "aitrack", ignore=shutil.ignore_patterns("_bundled", "__pycache__"))
    return dest / "aitrack"


def run(pkg_root: Path, cache: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(pkg_root), "AITRACK_CACHE_DIR": str(cache)}
    env.pop("AITRACK_DATA_DIR", None)
    return subprocess.run(
        [sys.executable, "-m", "aitrack", *args], capture_output=True, text=True, env=env, timeout=120, cwd=pkg_root
    )


def test_changing_a_rule_module_rebuilds_both_caches(tmp_path, mini_data):
    pkg = copy_package(tmp_path / "src")
    cache = tmp_path / "cache"
    data = ("--data-dir", str(mini_data))
    assert run(tmp_path / "src", cache, "validate", *data).returncode == 0
    listed = run(tmp_path / "src", cache, "list", "chips", "-f", "csv", *data)
    assert listed.returncode == 0 and "h100" in listed.stdout
    assert list(cache.rglob("*.marshal")), "the first runs filled both caches"

    # Tighten the id rule (no digits): h100, wse-3 and mi300x become invalid ids.
    rules = pkg / "dataset" / "rules.py"
    text = rules.read_text()
    assert "[a-z0-9]+(?:-[a-z0-9]+)*" in text
    rules.write_text(text.replace("[a-z0-9]+(?:-[a-z0-9]+)*", "[a-z]+(?:-[a-z]+)*"))

    checked = run(tmp_path / "src", cache, "validate", *data)
    assert checked.returncode == 1, checked.stdout
    assert f"{mini_data / 'chips.yaml'}:" in checked.stderr and "h100" in checked.stderr
    listed = run(tmp_path / "src", cache, "list", "chips", "-f", "csv", *data)
    assert listed.returncode == 1 and listed.stdout == ""
    assert "h100" in listed.stderr


def test_any_module_counts_not_a_list(tmp_path, mini_data):
    """A module nobody would have put on a hand-kept list (a view) still changes the stamp."""
    pkg = copy_package(tmp_path / "src")
    code = "from aitrack import config; print(config.code_stamp())"
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "src")}
    before = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path)
    view = pkg / "views" / "trust.py"
    view.write_text(view.read_text() + "\n# changed\n")
    after = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert before.returncode == after.returncode == 0
    assert before.stdout.strip() and before.stdout != after.stdout
