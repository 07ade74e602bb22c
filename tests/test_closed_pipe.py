"""A closed pipe ends every command quietly with exit 0, in every format, also when the
output is larger than the pipe buffer (issue #14, item 12): the click vendored in Typer
turned EPIPE into exit 1, which breaks `set -o pipefail` scripts. Run through the
installed `aitrack`, reading a little and closing the read end early."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from conftest import installed

N = 700


@pytest.fixture(scope="module")
def big(tmp_path_factory) -> Path:
    """A valid dataset whose listings run to well over 64 KiB in every format."""
    data = tmp_path_factory.mktemp("big") / "data"
    data.mkdir()
    (data / "sources.yaml").write_text(
        "- id: ext\n  name: External register\n  kind: external\n  title: A register of labs\n"
        '  url: https://example.org/register\n  published: "2025-01-01"\n'
    )
    labs, preds = [], []
    for i in range(N):
        labs.append(
            f"- id: lab-{i}\n  name: Laboratory number {i} of a long list of research organisations around the world\n"
            f"  tags: [synthetic, pipe-test]\n  cite:\n    - {{source: ext}}\n"
        )
        preds.append(
            f"- id: forecast-{i}\n  name: Laboratory {i} ships a product that many people actually use\n"
            f"  statement: Laboratory number {i} will ship a product that people actually use, at scale, "
            f"before the end of the year in question, says the register.\n"
            f"  quote: Laboratory number {i} will ship a product people use, says the register.\n"
            f'  source: ext\n  by: Forecaster {i} of the long register of analysts and commentators\n  made: "2025-01-01"\n  horizon: by end of {2026 + i % 3}\n'
            f"  subjects: [lab-{i}]\n  kind: forecast\n"
        )
    (data / "labs.yaml").write_text("".join(labs))
    (data / "predictions.yaml").write_text("".join(preds))
    return data


FORMATS = ["table", "csv", "tsv", "json", "jsonl", "markdown"]
# Every format on one listing, and every other long-output command in one format each:
# all of them print through render.emit and end in the one handler in cli/app.py.
CASES = [(["list", "predictions"], fmt) for fmt in FORMATS] + [
    (["list", "labs"], "csv"),
    (["search", "laboratory"], "tsv"),
    (["predictions"], "json"),
    (["timeline"], "markdown"),
    (["scorecard", "--today", "2028-06-01", "--section", "predictors"], "table"),
]


def _env(data: Path, _tmp_path: Path) -> dict:
    # One cache for the module (beside the data): each run after the first is a warm run.
    return {
        **os.environ,
        "AITRACK_DATA_DIR": str(data),
        "AITRACK_CACHE_DIR": str(data.parent / "cache"),
        "AITRACK_TODAY": "2026-01-01",
    }


def closed_early(argv: list[str], env: dict) -> None:
    """Run argv in-process for its full output, then as the installed command reading
    100 bytes and closing the pipe: exit 0, and nothing on stderr beyond what the full
    run printed there."""
    from typer.testing import CliRunner

    from aitrack.cli.app import app

    full = CliRunner().invoke(app, argv[1:], env=env, catch_exceptions=False)
    assert full.exit_code == 0, full.stderr
    assert len(full.stdout_bytes) > 70_000, "the output must overflow the pipe buffer (64 KiB)"
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert proc.stdout.read(100)
    proc.stdout.close()  # like `| head -c 100`
    err = proc.stderr.read()
    assert proc.wait(timeout=120) == 0, err.decode()
    assert err.decode() == full.stderr


@pytest.mark.parametrize("args, fmt", CASES, ids=[f"{a[0]}-{a[1] if a[0] == 'list' else ''}-{f}" for a, f in CASES])
def test_closed_pipe_exits_zero_quietly(big, tmp_path, args, fmt):
    closed_early([installed(), *args, "--format", fmt], _env(big, tmp_path))


@pytest.mark.parametrize(
    "args",
    [["show", "lab-1"], ["compare", "lab-1", "lab-2"], ["--help"], ["validate"], ["show", "lab-1", "-f", "json"]],
)
def test_pipe_closed_before_any_output(big, tmp_path, args):
    """Short outputs meet a closed pipe only when the reader is gone before they write."""
    proc = subprocess.Popen(
        [installed(), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env(big, tmp_path)
    )
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 0, err
    assert "error" not in err and "Traceback" not in err


def test_export_to_a_closed_pipe(big, tmp_path):
    closed_early([installed(), "export", "--format", "json", "-"], _env(big, tmp_path))


def test_pipefail_shell_pipeline(big, tmp_path):
    result = subprocess.run(
        ["bash", "-c", f"set -o pipefail; '{installed()}' list predictions -f csv | head -1"],
        capture_output=True,
        text=True,
        env=_env(big, tmp_path),
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("\n") == 1 and result.stderr == ""
