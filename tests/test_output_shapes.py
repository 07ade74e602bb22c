"""Machine-readable output (#18): every command's JSON validates against its published
schema (`aitrack schema --output NAME`), one shape per kind across list, show,
predictions and export, fixed units whoever is compared, null for missing, JSON Lines,
CSV sections, and jq-style checks a script would make. Runs on the mini fixture."""

from __future__ import annotations

import csv
import io
import json

import jsonschema
import pytest
from conftest import MINI, ROOT, run_cli

D = ("--data-dir", str(MINI))
TODAY = ("--today", "2026-11-23")


def out(*args: str) -> str:
    result = run_cli(*args, *D)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def data(*args: str):
    return json.loads(out(*args, "-f", "json"))


def check(name: str, value) -> None:
    from aitrack.views.output_schemas import output_schema

    jsonschema.Draft202012Validator(output_schema(name)).validate(value)


COMMANDS = [
    ("list", ["list", "chips"]),
    ("list", ["list", "labs"]),
    ("list", ["list", "models"]),
    ("list", ["list", "predictions"]),
    ("list", ["list", "sources"]),
    ("list", ["list", "products"]),
    ("show", ["show", "h100"]),
    ("show", ["show", "nvidia"]),
    ("show", ["show", "anthropic-funding-2026"]),
    ("show", ["show", "chips-brief"]),
    ("show", ["show", "gpt-4o"]),
    ("predictions", ["predictions", *TODAY]),
    ("compare", ["compare", "h100", "mi300x"]),
    ("compare", ["compare", "h100", "mi300x", "wse-3"]),
    ("compare", ["compare", "openai", "anthropic"]),
    ("search", ["search", "hbm3"]),
    ("scorecard", ["scorecard", *TODAY]),
    ("timeline", ["timeline", *TODAY]),
    ("changes", ["changes", "--since", "2020"]),
]


@pytest.mark.parametrize("name, args", COMMANDS, ids=[" ".join(a) for _, a in COMMANDS])
def test_every_command_json_matches_its_published_schema(name, args):
    check(name, data(*args))


def test_export_json_and_jsonl_match_the_schemas(tmp_path):
    path = tmp_path / "all.json"
    out("export", str(path))
    doc = json.loads(path.read_text())
    check("export", doc)
    lines = out("export", "-f", "jsonl", "-").splitlines()
    assert len(lines) == sum(doc["counts"].values())
    for line in lines:
        check("entity", json.loads(line))


def test_published_output_schemas_are_committed_and_current():
    from aitrack.views.output_schemas import OUTPUTS, output_schema

    for name in OUTPUTS:
        committed = json.loads((ROOT / "schema" / "output" / f"{name}.schema.json").read_text())
        assert committed == output_schema(name), f"run: aitrack schema --out schema/ ({name})"
        jsonschema.Draft202012Validator.check_schema(committed)


def test_one_shape_per_kind_in_list_show_predictions_and_export(tmp_path, monkeypatch):
    monkeypatch.setenv("AITRACK_TODAY", TODAY[1])  # list and show count days_left from it too
    listed = {p["id"]: p for p in data("list", "predictions")}
    predicted = {p["id"]: p for p in data("predictions")}
    assert listed == predicted
    out("export", str(tmp_path / "all.json"))
    assert {p["id"]: p for p in json.loads((tmp_path / "all.json").read_text())["predictions"]} == listed
    shown = data("show", "anthropic-funding-2026")
    assert {k: v for k, v in shown.items() if k not in ("related", "sources")} == listed["anthropic-funding-2026"]
    chips = {c["id"]: c for c in data("list", "chips")}
    h100 = data("show", "h100")
    assert {k: v for k, v in h100.items() if k not in ("related", "sources")} == chips["h100"]


def test_units_are_fixed_whoever_is_compared():
    """jq '.rows[] | select(.field == "memory_bandwidth_TBps") | .values' — same unit in
    every comparison, and the same number as list's memory_bandwidth_TBps."""
    listed = {c["id"]: c["memory_bandwidth_TBps"]["value"] for c in data("list", "chips") if c["memory_bandwidth_TBps"]}
    for ids in (["h100", "mi300x"], ["h100", "wse-3"], ["wse-3", "mi300x", "h100"]):
        rows = {r["field"]: r for r in data("compare", *ids)["rows"]}
        memory = rows["memory_GB"]
        assert memory["unit"] == "GB" and memory["values"]["h100"]["value"] == 80
        if "memory_bandwidth_TBps" in rows:
            bw = rows["memory_bandwidth_TBps"]
            assert bw["unit"] == "TB/s"
            assert {k: v["value"] for k, v in bw["values"].items() if v} == {
                k: v for k, v in listed.items() if k in bw["values"]
            }


def test_jq_style_top_by_bandwidth_and_missing_is_null():
    chips = data("list", "chips")
    # jq 'map(select(.memory_bandwidth_TBps != null)) | sort_by(-.memory_bandwidth_TBps.value) | .[0].id'
    ranked = sorted(
        (c for c in chips if c["memory_bandwidth_TBps"] is not None), key=lambda c: -c["memory_bandwidth_TBps"]["value"]
    )
    assert ranked[0]["id"] == "h100"
    wse = next(c for c in chips if c["id"] == "wse-3")
    assert wse["memory_bandwidth_TBps"] is None and wse["tdp_W"] is None  # present, null: never left out
    assert all(set(c) == set(chips[0]) for c in chips)  # one key set per kind
    # missing is spelled one way: null (a basis "unknown" is a category, not a value)
    values = [v for c in chips for k, v in c.items() if k not in ("history",)]
    text = json.dumps(values).replace('"as_of_basis": "unknown"', "").replace('"valid_basis": "unknown"', "")
    assert "unknown" not in text


def test_quantities_keep_approx_low_high_and_text(mini_data):
    chips = mini_data / "chips.yaml"
    chips.write_text(
        chips.read_text().replace(
            "memory: {value: 80 GB, source: nvidia-h100-datasheet",
            "memory: {value: up to 94 GB, source: nvidia-h100-datasheet",
        )
    )
    preds = mini_data / "predictions.yaml"
    preds.write_text(preds.read_text().replace("  kind: forecast\n", "  kind: forecast\n  value: ~$40-60B\n", 1))
    h100 = json.loads(run_cli("show", "h100", "-f", "json", "--data-dir", str(mini_data)).stdout)
    assert {k: h100["memory_GB"][k] for k in ("value", "low", "high", "approx", "text")} == {
        "value": 94,
        "low": None,
        "high": 94,
        "approx": False,
        "text": "up to 94 GB",
    }
    bw = h100["memory_bandwidth_TBps"]
    assert (bw["value"], bw["low"], bw["high"], bw["approx"]) == (3.35, 3.35, 3.35, True)
    result = run_cli("predictions", "-f", "csv", "--data-dir", str(mini_data), *TODAY)
    row = next(r for r in csv.DictReader(io.StringIO(result.stdout)) if r["value_text"])
    assert (row["value"], row["value_low"], row["value_high"], row["value_approx"], row["value_unit"]) == (
        "40000000000",
        "40000000000",
        "60000000000",
        "true",
        "USD",
    )


def test_dates_are_iso_days_with_a_precision():
    models = {m["id"]: m for m in data("list", "models")}
    assert (models["gpt-4o"]["released"]["value"], models["gpt-4o"]["released"]["precision"]) == ("2024-05-01", "month")
    rows = list(csv.DictReader(io.StringIO(out("list", "models", "-f", "csv"))))
    gpt = next(r for r in rows if r["id"] == "gpt-4o")
    assert (gpt["released"], gpt["released_precision"]) == ("2024-05-01", "month")


def test_predictions_csv_has_due_window_days_left_and_horizon():
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(out("predictions", *TODAY, "-f", "csv")))}
    amd = rows["amd-mi300x-successor-2025"]
    assert (amd["due"], amd["due_precision"], amd["due_earliest"], amd["due_latest"]) == (
        "2025-12-31",
        "day",
        "2025-12-31",
        "2025-12-31",
    )
    assert amd["days_left"] == "-327" and amd["horizon"] == "by end of 2025"
    openai = rows["openai-open-weights-12m"]
    assert openai["horizon"] == "within 12 months" and openai["due_latest"] and int(openai["days_left"]) < 0
    assert rows["anthropic-funding-2026"]["days_left"] == ""  # resolved: no time left to count


def test_jsonl_is_one_object_per_line_for_list_like_outputs():
    for args, n in (
        (["list", "chips"], 3),
        (["predictions", *TODAY], 3),
        (["search", "hbm3"], None),
        (["timeline", *TODAY], None),
        (["compare", "h100", "mi300x"], None),
    ):
        lines = out(*args, "-f", "jsonl").splitlines()
        objs = [json.loads(line) for line in lines]
        assert all(isinstance(o, dict) for o in objs) and (n is None or len(objs) == n)
    assert [json.loads(line)["id"] for line in out("list", "chips", "-f", "jsonl").splitlines()] == [
        c["id"] for c in data("list", "chips")
    ]


def test_csv_sections_never_drop_silently():
    result = run_cli("show", "h100", "-f", "csv", *D)
    assert result.exit_code == 2 and "fields, maker, sources" in result.stderr and result.stdout == ""
    fields = list(csv.DictReader(io.StringIO(out("show", "h100", "-f", "csv", "--section", "fields"))))
    bw = next(r for r in fields if r["field"] == "memory_bandwidth_TBps")
    assert (bw["value"], bw["unit"], bw["source"]) == ("3.35", "TB/s", "chips-brief")
    assert bw["quote"] == "about 3.35 TB/s of HBM3 memory bandwidth"  # the citation itself, not a marker
    memory = next(r for r in fields if r["field"] == "memory_GB")
    assert memory["source_title"] == "NVIDIA H100 Tensor Core GPU" and memory["source_url"].startswith("https://")
    assert run_cli("show", "h100", "-f", "csv", "--section", "nope", *D).exit_code == 2
    assert run_cli("scorecard", "-f", "csv", *TODAY, *D).exit_code == 2
    assert out("scorecard", "-f", "csv", "--section", "predictors", *TODAY).startswith('"predictor"')


def test_compare_csv_columns_do_not_depend_on_what_is_compared():
    two = out("compare", "h100", "mi300x", "-f", "csv").splitlines()[0]
    three = out("compare", "h100", "mi300x", "wse-3", "-f", "csv").splitlines()[0]
    assert two == three
    rows = list(csv.DictReader(io.StringIO(out("compare", "h100", "wse-3", "-f", "csv"))))
    memory = [r for r in rows if r["field"] == "memory_GB"]
    assert [(r["entity"], r["value"], r["best"]) for r in memory] == [("h100", "80", "true"), ("wse-3", "44", "false")]
    assert all(r["quote"] or r["source_url"] for r in memory)


def test_columns_and_sort_take_the_machine_names():
    rows = list(
        csv.DictReader(
            io.StringIO(
                out(
                    "list",
                    "chips",
                    "--sort",
                    "memory_GB",
                    "--desc",
                    "--columns",
                    "id,memory_GB,memory_bandwidth_TBps",
                    "-f",
                    "csv",
                )
            )
        )
    )
    assert list(rows[0]) == ["id", "memory_GB", "memory_bandwidth_TBps"]
    assert [r["id"] for r in rows] == ["mi300x", "h100", "wse-3"]
    plain = out("list", "chips", "--sort", "memory", "--desc", "--columns", "id,memory", "-f", "csv")
    assert plain.splitlines()[0] == '"id","memory_GB"'  # a plain name means its value column
    projected = data("list", "chips", "--columns", "memory_GB")
    assert set(projected[0]) == {"id", "memory_GB"}
