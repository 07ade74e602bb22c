"""resolve writes YAML that 1.1 and 1.2 readers read alike, leaves no lock file in the
data folder, needs --force to replace a resolution (showing the old one), and refuses a
resolution dated before the forecast or after today."""

from __future__ import annotations

import yaml
from conftest import run_cli

PID = "amd-mi300x-successor-2025"  # open, made 2024-01 (mini fixture)
DONE = "anthropic-funding-2026"  # resolved true on 2025-03-01


def resolve(data, pid=PID, *extra):
    return run_cli(
        "resolve",
        pid,
        "--outcome",
        "false",
        "--note",
        "No successor shipped in 2025.",
        "--evidence",
        "https://example.org/check",
        "--on",
        "2026-01-05",
        *extra,
        "--data-dir",
        str(data),
        env={"AITRACK_TODAY": "2026-02-01"},
    )


def test_yaml_11_and_12_readers_agree(mini_data):
    assert resolve(mini_data).exit_code == 0
    text = (mini_data / "predictions.yaml").read_text()
    assert '    "on": "2026-01-05"' in text
    entry = next(p for p in yaml.safe_load(text) if p["id"] == PID)  # PyYAML: YAML 1.1
    assert entry["resolution"]["on"] == "2026-01-05" and True not in entry["resolution"]
    shown = run_cli("show", PID, "--data-dir", str(mini_data))  # aitrack: YAML 1.2
    assert shown.exit_code == 0 and "2026-01-05" in shown.stdout


def test_no_lock_file_is_left_in_the_data_folder(mini_data):
    names = sorted(p.name for p in mini_data.iterdir())
    assert resolve(mini_data).exit_code == 0
    assert sorted(p.name for p in mini_data.iterdir()) == names


def test_replacing_a_resolution_needs_force_and_shows_the_old_one(mini_data):
    path = mini_data / "predictions.yaml"
    before = path.read_bytes()
    refused = resolve(mini_data, DONE)
    assert refused.exit_code == 1 and path.read_bytes() == before
    assert "already resolved (true on 2025-03-01: A fixture resolution for tests.)" in refused.stderr
    assert "--force" in refused.stderr
    forced = resolve(mini_data, DONE, "--force")
    assert forced.exit_code == 0, forced.stderr
    assert "-    note: A fixture resolution for tests." in forced.stdout
    assert '+    note: "No successor shipped in 2025."' in forced.stdout
    assert path.read_text().count("resolution:") == 1  # replaced, not a second block
    assert run_cli("validate", "--data-dir", str(mini_data)).exit_code == 0


def test_resolution_dates_between_made_and_today(mini_data):
    path = mini_data / "predictions.yaml"
    before = path.read_bytes()
    early = run_cli(
        "resolve",
        PID,
        "--outcome",
        "false",
        "--note",
        "x",
        "--evidence",
        "https://example.org/x",
        "--on",
        "2023-12-31",
        "--data-dir",
        str(mini_data),
    )
    assert early.exit_code == 2 and "before the prediction was made (2024-01)" in early.stderr
    late = run_cli(
        "resolve",
        PID,
        "--outcome",
        "false",
        "--note",
        "x",
        "--evidence",
        "https://example.org/x",
        "--on",
        "2026-03-01",
        "--data-dir",
        str(mini_data),
        env={"AITRACK_TODAY": "2026-02-01"},
    )
    assert late.exit_code == 2 and "in the future (today is 2026-02-01)" in late.stderr
    assert path.read_bytes() == before
