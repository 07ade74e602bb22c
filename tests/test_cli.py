"""The command line as a new user meets it: no silent empties (a filter that cannot apply
is a usage error, an unknown value suggests, an empty result says so on stderr), help
without placeholder metavars and with whole summaries, completion of kinds, fields, labs
and same-kind ids, search folding like id lookup, messages on stderr, colour variables.
Behaviour runs on the small fixture dataset in tests/fixtures/cli."""

from __future__ import annotations

import json
import os
import re
import subprocess

import pytest
from conftest import ROOT, installed, run_cli, run_installed

FIXTURE = ROOT / "tests" / "fixtures" / "cli" / "data"
D = ("--data-dir", str(FIXTURE))
TODAY = ("--today", "2026-11-23")


def ids(result) -> list[str]:
    assert result.exit_code == 0, result.stderr
    return [r["id"] for r in json.loads(result.stdout)]


# Silent empties ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "args, right",
    [
        (["list", "chips", "--lab", "nvidia"], "--vendor"),
        (["list", "models", "--vendor", "google"], "--lab"),
        (["list", "chips", "--country", "US"], "--vendor"),
        (["list", "labs", "--status", "open"], "--status filters predictions"),
        (["list", "chips", "--open-weights"], "--open-weights"),
    ],
)
def test_a_filter_that_does_not_apply_is_a_usage_error_naming_the_right_option(args, right):
    result = run_cli(*args, *D)
    assert result.exit_code == 2, result.stdout
    assert result.stdout == "" and len(result.stderr.splitlines()) == 1
    assert right in result.stderr


@pytest.mark.parametrize(
    "args, words",
    [
        (["list", "predictions", "--status", "opn"], ["unknown status 'opn'", "did you mean: open"]),
        (["list", "chips", "--tag", "gpuu"], ["unknown tag 'gpuu'", "did you mean: gpu"]),
        (["list", "labs", "--country", "UKK"], ["unknown country 'UKK'", "UK"]),
        (["list", "models", "--lab", "gogle"], ["unknown lab 'gogle'", "google"]),
        (["list", "chips", "--vendor", "nvidai"], ["unknown lab 'nvidai'", "nvidia"]),
        (["predictions", "--kind", "guess"], ["unknown prediction kind 'guess'", "forecast"]),
        (["predictions", "--status", "opne"], ["unknown status 'opne'", "did you mean: open"]),
    ],
)
def test_an_unknown_filter_value_exits_1_with_did_you_mean(args, words):
    result = run_cli(*args, *D)
    assert result.exit_code == 1, result.stdout
    assert result.stdout == "" and len(result.stderr.splitlines()) == 1
    for word in words:
        assert word in result.stderr


def test_filter_values_ignore_case_and_a_lab_includes_its_subsidiaries():
    assert ids(run_cli("list", "predictions", "--status", "OPEN", "-f", "json", *D))
    assert set(ids(run_cli("list", "chips", "--vendor", "NVIDIA", "-f", "json", *D))) == {"h100", "h200", "b200"}


def test_lab_alias_resolves_to_the_lab_that_owns_the_models():
    result = run_cli("list", "models", "--lab", "deepmind", "-f", "json", *D)
    assert ids(result) == ["gemini"]
    assert "google-deepmind has no models of its own" in result.stderr and "google" in result.stderr


def test_an_empty_result_says_so_on_stderr_with_a_hint():
    result = run_cli("list", "chips", "--vendor", "amd", "--tag", "tpu", *D)
    assert result.exit_code == 0
    assert result.stderr == "aitrack: no chips match --vendor amd --tag tpu\n"
    result = run_cli("predictions", "--due", "2027", *TODAY, *D)
    assert result.exit_code == 0
    assert "no predictions match" in result.stderr
    assert "1 more has an uncertain due window" in result.stderr and "--include-uncertain" in result.stderr
    wider = run_cli("predictions", "--due", "2027", "--include-uncertain", "-f", "json", *TODAY, *D)
    assert ids(wider) == ["brief-second-wafer-scale-vendor"] and wider.stderr == ""
    found = run_cli("search", "quantum", *D)
    assert found.exit_code == 0 and "nothing matches 'quantum'" in found.stderr


def test_json_of_an_empty_result_is_still_valid_json():
    result = run_cli("list", "chips", "--vendor", "amd", "--tag", "tpu", "-f", "json", *D)
    assert json.loads(result.stdout) == [] and "no chips match" in result.stderr


def test_scorecard_with_nothing_resolved_says_so_and_points_at_resolve():
    result = run_cli("scorecard", *TODAY, *D)
    assert result.exit_code == 0
    assert "none of the 2 predictions is resolved" in result.stderr and "aitrack resolve" in result.stderr


def test_list_without_a_kind_names_the_kinds():
    result = run_cli("list", *D)
    assert result.exit_code == 2
    assert "labs, chips, models, predictions, products or sources" in result.stderr


def test_list_sources_shows_each_name():
    out = run_cli("list", "sources", *D).stdout
    assert out.splitlines()[0].split()[:2] == ["id", "name"]
    assert "Chips and labs brief" in out and "Vendor datasheets" in out


# Help and arguments ------------------------------------------------------------------


def test_help_has_named_metavars():
    import typer

    from aitrack.cli import app

    commands = list(typer.main.get_command(app).commands)
    assert {"list", "show", "compare", "predictions", "resolve", "timeline", "export"} <= set(commands)
    for command in commands:
        text = run_cli(command, "--help", env={"COLUMNS": "200"}).stdout
        assert not re.search(r"<[a-z]+>", text), text
        assert not re.search(r"\{[A-Za-z ._]+\}", text), text


def test_help_metavars_say_what_is_expected():
    text = run_cli("list", "--help", env={"COLUMNS": "200"}).stdout
    for metavar in (
        "--lab LAB",
        "--vendor LAB",
        "--sort FIELD",
        "--columns FIELD,...",
        "--limit N",
        "--data-dir DIR",
        "--tag TAG",
    ):
        assert metavar in text
    assert "aitrack show [OPTIONS] ID" in run_cli("show", "--help").stdout
    text = run_cli("resolve", "--help", env={"COLUMNS": "200"}).stdout
    assert "--evidence URL" in text and "--on DATE" in text


def test_root_help_shows_every_summary_whole():
    from aitrack.cli import app

    text = " ".join(run_cli("--help", env={"COLUMNS": "80"}).stdout.split())
    assert "..." not in text.split("Commands:")[1]
    import typer

    group = typer.main.get_command(app)
    for name, cmd in group.commands.items():
        summary = " ".join(cmd.help.strip().splitlines()[0].split())
        assert summary in text, name


def test_list_help_names_every_field_of_every_kind():
    from aitrack.cli.browse import LIST_EPILOG
    from aitrack.dataset.fields import SCALES
    from aitrack.queries.browse import fields_of

    lines = LIST_EPILOG.split("\n")
    for plural, kind in (
        ("labs", "lab"),
        ("chips", "chip"),
        ("models", "model"),
        ("predictions", "prediction"),
        ("sources", "source"),
        ("products", "product"),
    ):
        at = next(i for i, line in enumerate(lines) if line.strip().startswith(plural + ":"))
        words = lines[at].split(":", 1)[1].split()
        for more in lines[at + 1 :]:
            if ":" in more or not more.startswith("   "):
                break
            words += more.split()
        assert words == fields_of(kind), plural
    assert "above 0 favourable, below 0 unfavourable" in " ".join(LIST_EPILOG.split())
    assert "above 0 favourable, below 0 unfavourable" in SCALES["sentiment"]


@pytest.mark.parametrize("spelling", ["JSON", "Json", "json"])
def test_format_ignores_case(spelling):
    result = run_cli("list", "chips", "-f", spelling, *D)
    assert result.exit_code == 0 and json.loads(result.stdout)


def test_sentiment_explains_its_scale_in_show_help_and_schema():
    shown = run_cli("show", "google", *D).stdout
    assert "above 0 favourable" in shown and "below 0 unfavourable" in shown
    for command in ("list", "show", "compare"):
        assert "above 0" in run_cli(command, "--help").stdout
    schema = json.loads(run_cli("schema", "labs").stdout)
    text = json.dumps(schema)
    assert "above 0 favourable" in text


# Completion --------------------------------------------------------------------------


def complete(words: str, data: str = str(FIXTURE)) -> list[str]:
    env = {
        **os.environ,
        "_AITRACK_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1)),
        "AITRACK_DATA_DIR": data,
    }
    result = subprocess.run([installed()], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_completion_offers_kinds_fields_labs_and_same_kind_ids():
    assert complete("aitrack list ") == ["labs", "chips", "models", "predictions", "products", "sources"]
    assert complete("aitrack list c") == ["chips"]
    # machine names with their units (#18), as in CSV headers and JSON keys
    assert set(complete("aitrack list chips --sort memory")) == {"memory_GB", "memory_type", "memory_bandwidth_TBps"}
    assert "lab" not in complete("aitrack list chips --sort ") and "vendor" in complete("aitrack list chips --sort ")
    assert complete("aitrack list chips --columns id,name,t") == ["id,name,tags", "id,name,tdp_W"]
    assert complete("aitrack list chips --columns id,n") == ["id,name"]
    assert complete("aitrack list chips --columns name,id,na") == []
    assert set(complete("aitrack list chips --vendor ")) == {
        "nvidia",
        "cerebras",
        "amd",
        "google",
        "google-deepmind",
        "DeepMind",
    }
    assert complete("aitrack list models --lab goo") == ["google", "google-deepmind"]
    assert complete("aitrack list chips --tag g") == ["gpu"]
    first = set(complete("aitrack compare "))
    assert {"h100", "google", "gemini"} <= first
    assert set(complete("aitrack compare h100 ")) == {
        "h200",
        "b200",
        "wse-3",
        "WSE3",
        "mi300x",
        "MI300X",
        "tpu-v5e",
        "tpu-v4",
    }
    assert complete("aitrack compare google g") == ["google-deepmind"]
    assert complete("aitrack list predictions --status o") == ["open"]
    assert complete("aitrack predictions --kind s") == ["speculation"]


def test_prediction_kinds_and_statuses_follow_the_schema():
    import typing

    from aitrack.dataset.schema import Prediction
    from aitrack.vocab import PREDICTION_KINDS, STATUSES

    assert typing.get_args(Prediction.model_fields["kind"].annotation) == PREDICTION_KINDS
    assert typing.get_args(Prediction.model_fields["status"].annotation) == STATUSES
    assert complete("aitrack predictions --kind ") == list(PREDICTION_KINDS)
    assert complete("aitrack predictions --status ") == list(STATUSES)


# Search ------------------------------------------------------------------------------


def test_search_folds_punctuation_and_case_like_id_lookup():
    def found(text: str) -> set[str]:
        return {(h["id"], h["field"]) for h in json.loads(run_cli("search", text, "-f", "json", *D).stdout)}

    hyphen, spaced, upper = found("mixture-of-experts"), found("mixture of experts"), found("MIXTURE OF EXPERTS")
    assert {i for i, _ in hyphen} == {"gemini"}
    assert hyphen == spaced == upper
    assert {i for i, _ in found("hbm 3")} == {i for i, _ in found("HBM3")}
    assert run_cli("search", "--", "-", *D).exit_code == 2


# Messages and colour -----------------------------------------------------------------


def test_messages_that_are_not_data_go_to_stderr(tmp_path):
    result = run_cli("validate", *D)
    assert result.exit_code == 0 and result.stdout == "" and "\nvalid: " in result.stderr
    result = run_cli("export", "-f", "json", str(tmp_path / "out.json"), *D)
    assert result.exit_code == 0 and result.stdout == "" and "exported to" in result.stderr
    result = run_cli("schema", "--out", str(tmp_path / "schemas"))
    assert result.exit_code == 0 and result.stdout == "" and re.match(r"wrote \d+ schemas to ", result.stderr)


@pytest.mark.parametrize(
    "env, coloured",
    [
        ({"FORCE_COLOR": "1"}, True),
        ({"CLICOLOR_FORCE": "1"}, True),
        ({"FORCE_COLOR": "0"}, False),
        ({"CLICOLOR_FORCE": "0"}, False),
        ({}, False),
        ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),
    ],
)
def test_force_color_variables_are_honoured_in_a_pipe(env, coloured):
    clean = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "CLICOLOR_FORCE")}
    result = subprocess.run(
        [installed(), "list", "chips", *D], capture_output=True, text=True, timeout=60, env={**clean, **env}
    )
    assert result.returncode == 0
    assert ("\x1b[" in result.stdout) == coloured, result.stdout[:200]
    assert "h100" in result.stdout


def test_the_installed_command_puts_messages_on_stderr():
    result = run_installed("validate", *D)
    assert result.returncode == 0 and result.stdout == "" and "valid:" in result.stderr
