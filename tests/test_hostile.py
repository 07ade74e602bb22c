"""Hostile input and output: fuzzed loader, limits, formula-safe CSV, literal terminal
output, closed pipes, crash-safe writes."""

from __future__ import annotations

import csv
import io
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import CATALOG, installed, run_cli, run_installed
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parent))
from fuzz_loader import check, corpus, mutate  # noqa: E402

CORPUS = corpus()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=0, max_value=2**32), st.integers(min_value=0, max_value=len(CORPUS) - 1))
def test_mutated_real_data_never_crashes(seed, pick):
    kind, data = CORPUS[pick]
    check(kind, mutate(random.Random(seed), data))


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_never_crash(raw):
    check("lab", raw)


@settings(max_examples=200, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
        lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
        max_leaves=30,
    )
)
def test_wrong_types_everywhere(value):
    """Any JSON-shaped value (JSON is YAML) in place of an entry or a whole file."""
    for doc in (value, [value], [{"id": "x", "name": value, "cite": value, "memory": value}]):
        try:
            raw = json.dumps(doc).encode()
        except ValueError:
            continue
        for kind in ("lab", "chip", "prediction", "source"):
            check(kind, raw)


def test_billion_laughs_rejected_fast():
    from fuzz_loader import _bomb

    from aitrack.dataset.read import check_bytes

    raw = _bomb(12)
    start = time.perf_counter()
    loaded = check_bytes(raw, "lab", "bomb.yaml")
    elapsed = time.perf_counter() - start
    assert elapsed < 0.05
    assert "anchors" in str(loaded.problems[0]) and loaded.problems[0].line == 1


@pytest.mark.parametrize("depth", [30, 100_000])
def test_deep_nesting_refused(depth):
    # 30 levels: past our limit, well within PyYAML's; 100,000: PyYAML may refuse first
    # (6.0.4 does, in its own words). Either way: refused, at the line, no record kept.
    from aitrack.dataset.read import check_bytes

    raw = b"- " + b"[" * depth + b"]" * depth + b"\n"
    loaded = check_bytes(raw, "lab", "deep.yaml")
    assert loaded.problems and all(p.path == "deep.yaml" and p.line == 1 for p in loaded.problems)
    assert loaded.records["lab"] == []


def test_oversized_file_refused(catalog_data):
    big = catalog_data / "labs" / "big.yaml"
    big.parent.mkdir()
    with open(big, "wb") as fh:
        fh.write(b"# padding\n" * (2_200_000))
    result = run_cli("validate", "--data-dir", str(catalog_data))
    assert result.exit_code == 1
    assert f"{big}:1:1: file is" in result.stderr and "over the 20 MB limit" in result.stderr


# Output safety ------------------------------------------------------------------------

EVIL_NAME = '=HYPERLINK("http://evil")'
EVIL_NOTES = "[bold]red[/] [link=http://evil]click[/link] \x1b[31mESC\x1b[0m \u202eevil\u202c \x9b1m ]["


@pytest.fixture
def evil_data(catalog_data: Path) -> Path:
    labs = catalog_data / "labs.yaml"
    labs.write_text(
        labs.read_text()
        + f"""
- id: evil-lab
  name: {json.dumps(EVIL_NAME)}
  aliases: ["+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)"]
  notes: {json.dumps(EVIL_NOTES)}
  cite:
    - {{source: lab-notes, quote: "Meta released Llama 3 with open weights."}}
  sentiment:
    - {{value: -3.5, source: lab-notes, quote: "Meta\\n-3.0 Struggling to monetise its open models"}}
"""
    )
    return catalog_data


def test_csv_formulas_neutralised_numbers_kept(evil_data):
    out = run_cli("list", "labs", "-f", "csv", "--data-dir", str(evil_data)).stdout
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(out, newline=""))}
    evil = rows["evil-lab"]
    assert evil["name"] == "'" + EVIL_NAME
    assert evil["aliases"] == "'+cmd|' /C calc'!A0; -2+3; @SUM(A1)"  # the cell starts with +
    assert evil["sentiment"] == "-3.5"  # a negative number stays a number
    assert float(rows["meta"]["sentiment"]) == -3.0


def test_tsv_and_markdown_formulas_neutralised(evil_data):
    tsv = run_cli("list", "labs", "-f", "tsv", "--columns", "id,name", "--data-dir", str(evil_data)).stdout
    assert "evil-lab\t'=HYPERLINK" in tsv
    md = run_cli("list", "labs", "-f", "markdown", "--columns", "id,name", "--data-dir", str(evil_data)).stdout
    assert "| '=HYPERLINK" in md


def test_terminal_output_is_literal(evil_data):
    """Forced colour through rich: markup shown as text, controls escaped, no crash."""
    result = run_installed("show", "evil-lab", "--color", "always", "--data-dir", str(evil_data))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "[bold]red[/]" in out and "[link=http://evil]click[/link]" in out
    assert "\\x1b[31mESC" in out and "\\u202eevil\\u202c" in out and "\\x9b1m" in out
    assert "\u202e" not in out and "\x9b" not in out
    assert "\x1b]8;" not in out  # no terminal hyperlink was emitted
    plain = run_cli("show", "evil-lab", "--data-dir", str(evil_data)).stdout
    assert "\x1b" not in plain and "\\x1b[31mESC" in plain


def test_json_keeps_controls_as_escapes(evil_data):
    out = run_cli("show", "evil-lab", "-f", "json", "--data-dir", str(evil_data)).stdout
    assert "\\u001b[31m" in out and "\\u202e" in out and "\\u009b" in out
    assert "\x1b" not in out and "\u202e" not in out
    assert json.loads(out)["notes"] == EVIL_NOTES


def test_errors_escape_data_too():
    result = run_cli("show", "bad\x1b[2Jname", "--data-dir", str(CATALOG))
    assert result.exit_code == 1 and "\x1b" not in result.stderr and "\\x1b[2J" in result.stderr


@pytest.mark.parametrize(
    "args", [["list", "models"], ["compare", "wse-3", "h100"], ["timeline"], ["list", "chips", "-f", "json"]]
)
def test_closed_pipe_is_quiet(args):
    proc = subprocess.Popen(
        [installed(), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "AITRACK_DATA_DIR": str(CATALOG)},
    )
    proc.stdout.readline()
    proc.stdout.close()
    proc.wait(timeout=60)
    assert proc.stderr.read() == b""
    assert proc.returncode == 0


def test_head_on_a_large_listing(tmp_path):
    sys.path.insert(0, str(Path(__file__).parent.parent / "benchmarks"))
    from generate import generate

    generate(3000, str(tmp_path / "ds"))
    result = subprocess.run(
        f"'{installed()}' list models --data-dir '{tmp_path / 'ds'}' | head -1",
        shell=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stderr == "" and result.stdout.startswith("id")


# Crash-safe writes ----------------------------------------------------------------------


def test_kill_9_mid_write_leaves_old_or_new(catalog_data):
    """Kill resolve at random moments: the file is always whole, old or new."""
    path = catalog_data / "predictions.yaml"
    old = path.read_bytes()
    env = {**os.environ, "AITRACK_DATA_DIR": str(catalog_data)}
    argv = [
        sys.executable,
        "-m",
        "aitrack",
        "resolve",
        "openai-custom-silicon",
        "--outcome",
        "void",
        "--note",
        "withdrawn " + "x" * 2000,
        "--evidence",
        "https://example.org/w",
    ]
    new = None
    rng = random.Random(3)
    seen = set()
    for _ in range(12):
        path.write_bytes(old)
        proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.05, 0.6))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        now = path.read_bytes()
        if now != old:
            new = new or now
            assert now == new
            seen.add("new")
        else:
            seen.add("old")
        assert run_cli("validate", "--data-dir", str(catalog_data)).exit_code == 0
        for stray in catalog_data.glob(".predictions.yaml.*.tmp"):
            stray.unlink()  # a killed writer may leave its temporary file, never a broken data file
    assert "old" in seen
