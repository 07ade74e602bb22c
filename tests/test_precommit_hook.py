"""The pre-commit hook a dataset repository can use (.pre-commit-hooks.yaml): its manifest
is one pre-commit accepts, and `pre-commit try-repo` with it passes on a repository holding
a valid copy of the mini fixture and fails, naming the problem, on a broken one.

try-repo installs aitrack from a git copy of this checkout into a fresh environment (from
the package index) each time it runs: the two runs go side by side, and take tens of
seconds, the price of testing the hook as a dataset repository would run it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MINI, ROOT

pre_commit = pytest.importorskip("pre_commit", reason="pre-commit is not installed (it is in the test extra)")
pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="pre-commit needs git")

MANIFEST = ROOT / ".pre-commit-hooks.yaml"


def _env(home: Path) -> dict[str, str]:
    # Not the git of a hook that may be running these tests, nor the developer's pre-commit store.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env.update(PRE_COMMIT_HOME=str(home), GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org")
    env.update(GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.org")
    return env


def _commit_all(repo: Path, env: dict[str, str]) -> None:
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "snapshot"]):
        subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


def test_the_manifest_is_valid_and_runs_on_the_data_files():
    from pre_commit.clientlib import load_manifest

    (hook,) = load_manifest(str(MANIFEST))
    assert hook["id"] == "aitrack-validate"
    assert hook["entry"] == "aitrack validate --strict"
    assert (hook["language"], hook["pass_filenames"]) == ("python", False)
    files = re.compile(hook["files"])
    for name in ("data/labs.yaml", "chips.yaml", "data/models/more.yml", "data/ignored.yaml", "seeds/brief.txt"):
        assert files.search(name), name
    for name in ("README.md", "docs/labs.md", "schema/labs.schema.json", "data/notes.yaml"):
        assert not files.search(name), name


def test_try_repo_passes_a_valid_dataset_and_fails_a_broken_one(tmp_path):
    env = _env(tmp_path / "pre-commit-home")
    # The hook repository: what pip needs to build aitrack (the wheel carries data/ and
    # seeds/), committed, since try-repo reads a repository at a revision.
    hooks = tmp_path / "aitrack"
    junk = shutil.ignore_patterns("__pycache__", "_bundled", "*.pyc")
    for name in ("aitrack", "data", "seeds"):
        shutil.copytree(ROOT / name, hooks / name, ignore=junk)
    for name in ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml"):
        shutil.copy(ROOT / name, hooks / name)
    _commit_all(hooks, env)
    valid, broken = tmp_path / "valid", tmp_path / "broken"
    for repo in (valid, broken):
        shutil.copytree(MINI.parent, repo)
    chips = broken / "data" / "chips.yaml"
    chips.write_text(chips.read_text().replace("vendor: nvidia\n", "vendor: nvidiaa\n", 1))
    for repo in (valid, broken):
        _commit_all(repo, env)

    command = [sys.executable, "-m", "pre_commit", "try-repo", str(hooks), "aitrack-validate", "--all-files"]
    runs = {
        repo: subprocess.Popen(command, cwd=repo, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        for repo in (valid, broken)
    }
    out = {repo: proc.communicate(timeout=600)[0] for repo, proc in runs.items()}
    for repo, text in out.items():
        # Installing the hook's environment runs pip, which needs a package index: without
        # one, say so rather than fail (anything else pre-commit refuses is a failure).
        if "An unexpected error has occurred: CalledProcessError" in text and "pip" in text:
            pytest.skip(
                f"pre-commit could not install the hook's environment with pip (no package index?): {repo.name}"
            )
    assert runs[valid].returncode == 0, out[valid]
    assert re.search(r"aitrack validate --strict\.+Passed", out[valid]), out[valid]
    assert runs[broken].returncode == 1, out[broken]
    assert re.search(r"aitrack validate --strict\.+Failed", out[broken]), out[broken]
    assert "data/chips.yaml:" in out[broken] and "'nvidiaa'" in out[broken], out[broken]
