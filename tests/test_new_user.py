"""What a new user tripped on (issue 28, section 5): AITRACK_TODAY read only by the
commands that use today and named when it is wrong, a folder with no dataset, `schema`
with no argument, the shared options before the command, suggestions that fit the command,
and every `--help` example running against the bundled data."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest
from conftest import CATALOG, run_cli

from aitrack.cli.app import app

D = ("--data-dir", str(CATALOG))


@pytest.mark.parametrize("args", [("list", "chips"), ("show", "h100"), ("list", "labs", "-f", "json")])
def test_a_bad_aitrack_today_does_not_break_commands_that_do_not_use_today(args):
    result = run_cli(*args, *D, env={"AITRACK_TODAY": "2026-13-45"})
    assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize("args", [("predictions",), ("scorecard",), ("list", "predictions")])
def test_a_bad_aitrack_today_is_named_as_the_variable_not_as_today(args):
    result = run_cli(*args, *D, env={"AITRACK_TODAY": "next week"})
    assert result.exit_code == 2
    assert "AITRACK_TODAY" in result.stderr and "--today" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_bad_today_option_is_named_as_the_option():
    result = run_cli("predictions", "--today", "next week", *D)
    assert result.exit_code == 2
    assert "--today" in result.stderr


def test_a_folder_with_no_dataset_says_so_and_how_to_make_one(tmp_path):
    for result in (
        run_cli("list", "chips", env={"AITRACK_DATA_DIR": str(tmp_path)}),
        run_cli("validate", "--data-dir", str(tmp_path)),
    ):
        assert result.exit_code == 1
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, lines
        assert "no aitrack dataset" in lines[0] and "aitrack init" in lines[0]
        assert ":1:1:" not in lines[0]


def test_schema_with_no_argument_lists_what_it_can_print():
    result = run_cli("schema")
    assert result.exit_code == 0, result.stderr
    assert "None" not in result.stdout + result.stderr
    assert "chips" in result.stdout and "predictions" in result.stdout and "--output" in result.stdout


def test_shared_options_work_before_the_command():
    after = run_cli("list", "chips", "-f", "csv", *D)
    before = run_cli(*D, "list", "chips", "-f", "csv")
    assert before.exit_code == 0, before.stderr
    assert before.stdout == after.stdout
    uncached = run_cli(*D, "--no-cache", "show", "h100", "-f", "json")
    assert uncached.exit_code == 0, uncached.stderr


def test_the_commands_own_data_dir_wins_and_the_one_before_beats_the_environment(tmp_path):
    empty = str(tmp_path)
    assert run_cli("--data-dir", empty, "list", "chips", *D).exit_code == 0
    assert run_cli(*D, "list", "chips", env={"AITRACK_DATA_DIR": empty}).exit_code == 0
    assert run_cli("--data-dir", empty, "list", "chips").exit_code == 1


def test_an_option_of_the_command_before_it_says_where_it_goes():
    result = run_cli("--format", "json", "list", "chips", *D)
    assert result.exit_code == 2
    assert "after the command" in result.stderr and "Traceback" not in result.stderr


def test_an_option_of_another_command_names_that_command_not_a_look_alike():
    result = run_cli("list", "predictions", "--due", "2026", *D)
    assert result.exit_code == 2
    assert "--desc" not in result.stderr
    assert "aitrack predictions" in result.stderr


def test_a_bad_due_date_suggests_nothing_the_option_refuses():
    result = run_cli("predictions", "--due", "20266", *D)
    assert result.exit_code == 2
    assert "unknown" not in result.stderr


def _examples() -> list[tuple[str, str]]:
    """(command, example line) for every line under 'Examples:' in every command's --help."""
    from typer.main import get_command

    out = []
    for name in get_command(app).list_commands(None):  # type: ignore[attr-defined, arg-type]
        text = run_cli(name, "--help").stdout
        block = text.split("Examples:", 1)[1] if "Examples:" in text else ""
        for line in block.splitlines()[1:]:
            if not line.strip():
                break
            out.append((name, line.strip()))
    return out


def _runnable(line: str, cwd: Path) -> list[str] | None:
    """The aitrack arguments of an example, without a pipe or redirect after them; None
    for one that needs the network (curl) or a file that is not there (~/..., article.md)."""
    if not line.startswith("aitrack "):
        return None
    words = shlex.split(line, comments=True)[1:]
    for stop in ("|", ">"):
        if stop in words:
            words = words[: words.index(stop)]
    if any(w.startswith("~") for w in words):
        return None
    if any(w.endswith((".md", ".txt")) and not (cwd / w).exists() for w in words):
        return None
    return words


def test_every_help_example_runs_against_the_bundled_data(tmp_path, monkeypatch):
    """In a writable copy (`aitrack init`), found from the current directory, so that the
    writing examples (resolve, export, schema --out, init) write there."""
    made = run_cli("init", str(tmp_path / "ws"))
    assert made.exit_code == 0, made.stderr
    monkeypatch.chdir(tmp_path / "ws")
    ran = 0
    for name, line in _examples():
        args = _runnable(line, tmp_path / "ws")
        if args is None:
            continue
        result = run_cli(*args)
        assert result.exit_code == 0, (name, line, result.stderr)
        ran += 1
    assert ran >= 30


def test_predictions_at_80_columns_keep_what_a_reader_needs_first():
    """Statement, due, status and time left before who and when it was made (made, then by,
    may be hidden); when they and the whole id do not fit as columns, one block per row."""
    from conftest import DATA
    from test_tables import cells, shown

    lines = shown("predictions", "--due", "2026", "--data-dir", str(DATA), "--color", "never", width=80)
    text = "\n".join(lines)
    assert "in 38 days" in text, text
    assert "2026-12-31" in text and "open" in text
    assert "time left" not in next((line for line in lines if line.startswith("aitrack: hidden")), "")
    assert any("anthropic-ipo-2026" in row for row in cells(lines))


def test_the_api_reads_aitrack_today_only_for_predictions(monkeypatch):
    import aitrack
    from aitrack.errors import UsageError

    monkeypatch.setenv("AITRACK_TODAY", "next week")
    ds = aitrack.open(str(CATALOG))
    assert ds.list("chips") and ds.get("h100")["id"] == "h100"
    with pytest.raises(UsageError, match="AITRACK_TODAY"):
        ds.list("predictions")
