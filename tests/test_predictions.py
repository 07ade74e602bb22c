"""predictions, resolve, scorecard and timeline, with a fixed today."""

from __future__ import annotations

import difflib
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import FIXTURES, copy_fixture, run_cli, run_installed

TODAY = "2026-11-23"
# These tests check filters against known ids and dates, so they read the predictions
# fixture (tests/fixtures/predictions: 16 predictions from three short test documents,
# their due dates chosen around TODAY), not data/, which keeps changing.
PREDICTIONS = FIXTURES / "predictions" / "data"


@pytest.fixture(autouse=True)
def _predictions_dataset(_isolated, monkeypatch):
    monkeypatch.setenv("AITRACK_DATA_DIR", str(PREDICTIONS))


@pytest.fixture
def data_copy(tmp_path):
    """A writable copy of the predictions fixture with its seeds beside it."""
    return copy_fixture("predictions", tmp_path)


def ids(*args: str) -> list[str]:
    result = run_cli("predictions", "--today", TODAY, "-f", "json", *args)
    assert result.exit_code == 0, result.stderr
    return [p["id"] for p in json.loads(result.stdout)]


MARKET_2026 = {
    "market-2026-frontier-training",
    "market-2026-cloud-inference",
    "market-2026-edge-inference",
    "anthropic-ipo-2026",
}
OVERDUE = {"biotech-unicorn-2025", "safety-incident-before-2026"}  # open, due 2025-12-31
RESOLVED = {"openai-multimodal-2024": "true", "chip-startup-ipo-mid-2025": "false"}  # due 2024-12-31, 2025-08-31
LATER = {"frontier-rival-h1-2027", "datacentre-power-2028"}  # due 2027-06-30, 2028-12-31


def test_due_year_month_day():
    assert set(ids("--due", "2026")) == MARKET_2026
    assert set(ids("--due", "2026-12")) == MARKET_2026
    assert set(ids("--due", "2026-12-31")) == MARKET_2026
    assert ids("--due", "2026-06") == []
    # a date filter reads resolved predictions too; only --overdue is about open ones
    assert set(ids("--due", "2025")) == OVERDUE | {"chip-startup-ipo-mid-2025"}
    assert ids("--due", "2028-12-31") == ["datacentre-power-2028"]


def test_due_before_and_after():
    assert set(ids("--due-before", "2026")) == OVERDUE | set(RESOLVED)
    assert set(ids("--due-after", "2025")) == MARKET_2026 | LATER
    assert set(ids("--due-after", "2026")) == LATER
    assert ids("--due-after", "2026", "--due-before", "2028") == ["frontier-rival-h1-2027"]
    assert ids("--due-after", "2028") == []


def test_uncertain_windows_only_on_request():
    plain = set(ids("--due", "2027"))
    assert plain == {"frontier-rival-h1-2027"}  # a stated half-year, not an uncertain window
    uncertain = set(ids("--due", "2027", "--include-uncertain"))
    # "the next 18-24 months" from a 2024-2025 document, and "within 24 months" from early 2025
    assert uncertain == plain | {"nvidia-training-share", "agi-within-24-months"}
    # "within 12 months" of 2024-2025 ends by 2026-12-31 at the latest: not in 2027
    assert "alt-chip-partnerships" not in uncertain
    assert "alt-chip-partnerships" in ids("--due", "2026", "--include-uncertain")
    assert "alt-chip-partnerships" not in ids("--due", "2026")


def test_unknown_due_text_and_sort_order():
    data = json.loads(run_cli("predictions", "--today", TODAY, "-f", "json").stdout)
    dues = [p["due"] for p in data]
    known = [d for d in dues if d is not None]  # unknown is null in JSON
    assert dues[: len(known)] == sorted(known)
    out = run_cli("predictions", "--today", TODAY).stdout
    assert "unknown (within 12 months of publication)" in out


def test_overdue_and_time_left():
    data = json.loads(run_cli("predictions", "--overdue", "--today", TODAY, "-f", "json").stdout)
    assert {p["id"] for p in data} == OVERDUE  # resolved predictions due earlier are not overdue
    assert data[0]["days_left"] == -327
    assert "overdue by 327 days" in run_cli("predictions", "--overdue", "--today", TODAY).stdout
    market = json.loads(run_cli("predictions", "--due", "2026", "--today", TODAY, "-f", "json").stdout)
    assert market[0]["days_left"] == 38


def test_today_from_environment():
    result = run_cli("predictions", "--due", "2026", "-f", "json", env={"AITRACK_TODAY": "2026-12-30"})
    assert json.loads(result.stdout)[0]["days_left"] == 1


def test_status_about_by_kind():
    everything = set(ids())
    assert set(ids("--status", "open")) == everything - set(RESOLVED)
    assert ids("--status", "true") == ["openai-multimodal-2024"]
    assert ids("--status", "FALSE") == ["chip-startup-ipo-mid-2025"]
    assert ids("--status", "void") == []
    assert set(ids("--about", "anthropic")) == {"anthropic-ipo-2026", "leaders-consolidate"}
    nvidia = set(ids("--about", "nvidia"))
    assert nvidia == {"nvidia-training-share", "nvidia-trillion-dollar-orders"}
    # a lab's predictions include those about its models (gpt-4o, grok-2)
    assert "frontier-rival-h1-2027" in ids("--about", "openai")
    assert set(ids("--by", "xai")) == {"xai-open-source-grok-2"}
    assert set(ids("--kind", "commitment")) == {"xai-open-source-grok-2"}
    assert set(ids("--kind", "estimate")) == MARKET_2026 - {"anthropic-ipo-2026"}


@pytest.mark.parametrize("args", [["--due", "2026-13"], ["--today", "yesterday"]])
def test_bad_filters_are_usage_errors(args):
    result = run_cli("predictions", *args)
    assert result.exit_code == 2 and len(result.stderr.strip().splitlines()) == 1


def test_an_unknown_status_is_unknown_with_the_valid_ones():
    result = run_cli("predictions", "--status", "maybe")
    assert result.exit_code == 1 and len(result.stderr.strip().splitlines()) == 1
    assert "unknown status 'maybe'" in result.stderr and "open" in result.stderr


# resolve ----------------------------------------------------------------------------

PID = "safety-incident-before-2026"


def resolve(data: Path, *extra: str):
    return run_cli(
        "resolve",
        PID,
        "--outcome",
        "false",
        "--note",
        "No such incident was reported",
        "--evidence",
        "https://example.org/review",
        "--on",
        "2026-01-05",
        "--data-dir",
        str(data),
        *extra,
    )


def test_resolve_round_trip_changes_only_that_entry(data_copy):
    path = data_copy / "predictions.yaml"
    before = path.read_text()
    result = resolve(data_copy)
    assert result.exit_code == 0, result.stderr
    after = path.read_text()
    # one block inserted; every other line, comments included, is byte-identical and in order
    # (compared as a diff: other entries of the fixture hold the same status lines)
    old_lines, new_lines = before.splitlines(), after.splitlines()
    changes = [
        op
        for op in difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False).get_opcodes()
        if op[0] != "equal"
    ]
    assert [op[0] for op in changes] == ["insert"]
    _, at, _, lo, hi = changes[0]
    assert new_lines[lo:hi] == [
        '  status: "false"',
        "  resolution:",
        '    outcome: "false"',
        '    "on": "2026-01-05"',
        '    note: "No such incident was reported"',
        '    evidence: "https://example.org/review"',
    ]
    assert new_lines[:lo] + new_lines[hi:] == old_lines
    # inside the resolved entry: after its last line, before the next entry
    entry = old_lines.index(f"- id: {PID}")
    assert entry < at and "- id:" not in "".join(old_lines[entry + 1 : at])
    shown = json.loads(run_cli("show", PID, "-f", "json", "--data-dir", str(data_copy)).stdout)
    assert shown["status"] == "false" and shown["resolution"]["evidence"] == "https://example.org/review"
    # resolving again needs --force, and replaces the resolution instead of adding a second one
    assert (
        run_cli(
            "resolve",
            PID,
            "--outcome",
            "partial",
            "--note",
            "Reconsidered",
            "--evidence",
            "https://example.org/2",
            "--data-dir",
            str(data_copy),
        ).exit_code
        == 1
    )
    assert (
        run_cli(
            "resolve",
            PID,
            "--outcome",
            "partial",
            "--note",
            "Reconsidered",
            "--evidence",
            "https://example.org/2",
            "--force",
            "--data-dir",
            str(data_copy),
        ).exit_code
        == 0
    )
    again = path.read_text()
    entry = again.split(f"- id: {PID}\n", 1)[1].split("\n- id:", 1)[0]
    assert entry.count("resolution:") == 1 and '  status: "partial"' in entry and "Reconsidered" in entry
    assert again.count("resolution:") == before.count("resolution:") + 1
    assert run_cli("validate", "--data-dir", str(data_copy)).exit_code == 0


def test_dry_run_shows_diff_and_writes_nothing(data_copy):
    path = data_copy / "predictions.yaml"
    before = path.read_bytes()
    result = resolve(data_copy, "--dry-run")
    assert result.exit_code == 0
    assert '+  status: "false"' in result.stdout and result.stdout.startswith("---")
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    "args, code, message",
    [
        (
            ["nope-prediction", "--outcome", "true", "--note", "x", "--evidence", "https://e.org"],
            1,
            "unknown prediction",
        ),
        ([PID, "--outcome", "maybe", "--note", "x", "--evidence", "https://e.org"], 2, "--outcome"),
        ([PID, "--outcome", "true", "--note", "x"], 2, "evidence"),
        ([PID, "--outcome", "true", "--note", "x", "--source", "no-such-source"], 1, "would make the data invalid"),
    ],
)
def test_bad_resolve_changes_nothing(data_copy, args, code, message):
    path = data_copy / "predictions.yaml"
    before = path.read_bytes()
    result = run_cli("resolve", *args, "--data-dir", str(data_copy))
    assert result.exit_code == code, result.stderr
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert path.read_bytes() == before


def test_read_only_data_dir(data_copy):
    path = data_copy / "predictions.yaml"
    before = path.read_bytes()
    os.chmod(data_copy, 0o555)
    try:
        result = resolve(data_copy)
    finally:
        os.chmod(data_copy, 0o755)
    assert result.exit_code == 1 and "read-only" in result.stderr
    assert path.read_bytes() == before


def test_failure_mid_write_leaves_old_file(data_copy, monkeypatch):
    path = data_copy / "predictions.yaml"
    before = path.read_bytes()

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    result = resolve(data_copy)
    assert result.exit_code == 1 and "nothing was changed" in result.stderr
    assert path.read_bytes() == before
    assert [p.name for p in data_copy.iterdir() if p.name.endswith(".tmp")] == []


def test_two_concurrent_resolves_both_survive(data_copy):
    env = {**os.environ, "AITRACK_DATA_DIR": str(data_copy)}
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "aitrack",
                "resolve",
                pid,
                "--outcome",
                "void",
                "--note",
                "withdrawn",
                "--evidence",
                "https://example.org/w",
            ],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for pid in ("market-2026-cloud-inference", "market-2026-edge-inference")
    ]
    for proc in procs:
        assert proc.wait(timeout=60) == 0, proc.stderr.read()
    data = json.loads(run_cli("list", "predictions", "-f", "json", "--data-dir", str(data_copy)).stdout)
    statuses = {p["id"]: p["status"] for p in data}
    assert statuses["market-2026-cloud-inference"] == "void"
    assert statuses["market-2026-edge-inference"] == "void"


# scorecard --------------------------------------------------------------------------


def synthetic(tmp_path: Path, preds: list[tuple[str, str, str, float | None]]) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    (data / "sources.yaml").write_text(
        textwrap.dedent("""\
        - id: ext
          name: External
          kind: external
          title: External source
          url: https://example.org
        """)
    )
    for kind in ("labs", "chips", "models"):
        (data / f"{kind}.yaml").write_text("[]\n")
    lines = []
    for i, (by, status, due, prob) in enumerate(preds):
        lines.append(
            f"- id: p{i}\n  name: P{i}\n  statement: Something happens {i}\n  source: ext\n"
            f'  quote: something will happen\n  by: {by}\n  due: "{due}"\n  kind: forecast\n'
            f'  status: "{status}"\n'
        )
        if prob is not None:
            lines.append(f"  probability: {prob}\n")
        if status != "open":
            lines.append(
                f'  resolution: {{outcome: "{status}", on: "2026-01-01", note: n, evidence: "https://e.org"}}\n'
            )
    (data / "predictions.yaml").write_text("".join(lines))
    return data


def test_scorecard_arithmetic(tmp_path):
    data = synthetic(
        tmp_path,
        [
            ("Ann", "true", "2025-01-01", 0.9),
            ("Ann", "false", "2025-01-01", 0.8),
            ("Ann", "partial", "2025-01-01", None),
            ("Ann", "void", "2025-01-01", None),
            ("Ann", "open", "2025-06-01", None),
            ("Ann", "open", "2030-01-01", None),
            ("Bob", "true", "2025-01-01", 0.15),
        ],
    )
    result = run_cli("scorecard", "--today", TODAY, "-f", "json", "--data-dir", str(data))
    assert result.exit_code == 0, result.stderr
    card = json.loads(result.stdout)
    ann = next(p for p in card["predictors"] if p["by"] == "Ann")
    assert (ann["made"], ann["resolved"], ann["true"], ann["false"], ann["partial"], ann["void"]) == (6, 4, 1, 1, 1, 1)
    assert ann["accuracy"] == pytest.approx(0.5)  # (1 + 0.5) / 3
    assert ann["overdue"] == 1
    assert ann["brier"] == pytest.approx(((0.9 - 1) ** 2 + (0.8 - 0) ** 2) / 2)
    bins = {b["bin"]: b for b in card["calibration"]}
    assert bins["80-90%"]["count"] == 1 and bins["80-90%"]["observed"] == 0
    assert bins["90-100%"]["observed"] == 1 and bins["10-20%"]["forecast"] == pytest.approx(0.15)
    table = run_cli("scorecard", "--today", TODAY, "--data-dir", str(data)).stdout
    assert "calibration" in table and "50%" in table


# timeline ---------------------------------------------------------------------------


def test_timeline_piped_is_plain_and_ordered():
    out = run_cli("timeline", "--today", TODAY).stdout
    assert "\x1b[" not in out and "┃" not in out
    lines = out.splitlines()
    today_line = next(i for i, ln in enumerate(lines) if ln.startswith("today"))
    assert any("chatgpt" in ln for ln in lines[:today_line])
    assert any("market-2026-cloud-inference" in ln for ln in lines[today_line:])
    data = json.loads(run_cli("timeline", "--today", TODAY, "-f", "json").stdout)
    assert [d["date"][:4] for d in data] == sorted(d["date"][:4] for d in data)


def test_timeline_terminal_chart(tmp_path):
    result = run_installed("timeline", "--today", TODAY, "--color", "always", cwd=str(tmp_path))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "━━ today ━━" in out and "┣ ● release" in out and "2024" in out
    assert out.index("2022-11") < out.index("━━ today ━━") < out.index("2026-12-31")


@pytest.mark.parametrize(
    "args",
    [
        ["--due", "2026"],
        ["--due", "2027", "--include-uncertain"],
        ["--due-before", "2026"],
        ["--due-after", "2025", "--include-uncertain"],
        ["--overdue"],
        ["--overdue", "--include-uncertain"],
        ["--due", "2026-12"],
        [],
    ],
)
def test_table_path_reads_the_same_predictions_as_json(args):
    """Tables and CSV read flat rows partitioned by due year; JSON reads full records."""
    import csv
    import io

    full = ids(*args)
    out = run_cli("predictions", "--today", TODAY, "-f", "csv", *args).stdout
    assert [r["id"] for r in csv.DictReader(io.StringIO(out))] == full
