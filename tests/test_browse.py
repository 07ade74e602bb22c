"""list, show and search, in every format, read back as a script would read them.

All on the catalog fixture (tests/fixtures/catalog), never on data/: a new document
there must not change what these tests expect."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from conftest import CATALOG, MINI, run_cli

KINDS = ["labs", "chips", "models", "predictions", "sources"]
COUNTS = {"labs": 13, "chips": 7, "models": 9, "predictions": 4, "sources": 3}


@pytest.fixture(autouse=True)
def _catalog(_isolated, monkeypatch):
    """Commands without --data-dir read the catalog fixture."""
    monkeypatch.setenv("AITRACK_DATA_DIR", str(CATALOG))


@pytest.mark.parametrize("kind", KINDS)
def test_list_csv_reads_back(kind):
    result = run_cli("list", kind, "--format", "csv")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout, newline="")))
    assert len(rows) == COUNTS[kind]
    assert all(r["id"] and r["name"] for r in rows)


@pytest.mark.parametrize("kind", KINDS)
def test_list_json_contract(kind):
    data = json.loads(run_cli("list", kind, "-f", "json").stdout)
    assert isinstance(data, list) and data
    for obj in data:
        assert {"id", "kind", "name", "aliases"} <= set(obj)
        if obj["kind"] == "prediction":
            assert obj["statement"]


@pytest.mark.parametrize("kind", KINDS)
def test_list_tsv_has_one_line_per_entity(kind):
    out = run_cli("list", kind, "-f", "tsv").stdout
    lines = out.rstrip("\n").split("\n")
    header = lines[0].split("\t")
    assert header[:2] == ["id", "name"]
    assert all(len(line.split("\t")) == len(header) for line in lines)
    assert len(lines) - 1 == len(json.loads(run_cli("list", kind, "-f", "json").stdout))


@pytest.mark.parametrize("kind", KINDS)
def test_list_markdown_is_a_pipe_table(kind):
    out = run_cli("list", kind, "-f", "markdown").stdout
    lines = out.strip().splitlines()
    assert lines[0].startswith("| id")
    assert re.fullmatch(r"\|(:?-+:?\|)+", lines[1]), lines[1]
    assert all(line.startswith("|") and line.endswith("|") for line in lines)


def test_csv_numbers_are_plain_in_header_unit():
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(run_cli("list", "chips", "-f", "csv").stdout))}
    assert float(rows["wse-3"]["memory_bandwidth_TBps"]) == 21000
    assert float(rows["h100"]["memory_bandwidth_TBps"]) == 3.35
    assert float(rows["mi300x"]["memory_GB"]) == 192
    assert rows["h100"]["aliases"] == "H100 GPU; Hopper H100; NVIDIA H100 GPU"


def test_json_quantities_and_references():
    chips = {c["id"]: c for c in json.loads(run_cli("list", "chips", "-f", "json").stdout)}
    bw = chips["wse-3"]["memory_bandwidth_TBps"]
    assert {k: bw[k] for k in ("value", "low", "high", "approx", "text")} == {
        "value": 21000,
        "low": 21000,
        "high": 21000,
        "approx": True,
        "text": "~21 PB/s",
    }
    assert chips["wse-3"]["vendor"] == "cerebras"
    models = {m["id"]: m for m in json.loads(run_cli("list", "models", "-f", "json").stdout)}
    assert models["gpt-4o"]["lab"] == "openai"


def test_piped_table_is_never_truncated():
    """The widest kind, piped: every value appears in full on its row."""
    out = run_cli("list", "predictions", "--columns", "id,statement,by,due").stdout
    data = json.loads(run_cli("list", "predictions", "-f", "json").stdout)
    lines = out.splitlines()
    for pred in data:
        row = next(line for line in lines if line.startswith(pred["id"] + " "))
        assert " ".join(pred["statement"].split()) in row
    assert "\x1b[" not in out and "…" not in out


def test_filters_and_sort():
    ids = [r["id"] for r in json.loads(run_cli("list", "models", "--lab", "OpenAI", "-f", "json").stdout)]
    assert sorted(ids) == ["gpt-4o", "gpt-5-4-mini", "o1"]
    chips = json.loads(run_cli("list", "chips", "--vendor", "nvidia", "-f", "json").stdout)
    assert {c["id"] for c in chips} == {"h100", "h200", "b200"}
    open_ = json.loads(run_cli("list", "models", "--open-weights", "-f", "json").stdout)
    assert open_ and all(m["open_weights"]["value"] is True for m in open_)
    assert {m["id"] for m in open_} == {"deepseek-v2", "llama-3"}
    china = json.loads(run_cli("list", "labs", "--country", "china", "-f", "json").stdout)
    assert {lab["id"] for lab in china} == {"deepseek", "qwen"}
    tagged = json.loads(run_cli("list", "labs", "--tag", "chinese-contender", "-f", "json").stdout)
    assert "qwen" in {lab["id"] for lab in tagged}


def test_sort_numeric_with_missing_last():
    rows = list(
        csv.DictReader(
            io.StringIO(
                run_cli(
                    "list",
                    "chips",
                    "--sort",
                    "memory_bandwidth",
                    "--desc",
                    "--columns",
                    "id,memory_bandwidth",
                    "-f",
                    "csv",
                ).stdout
            )
        )
    )
    values = [r["memory_bandwidth_TBps"] for r in rows]
    present = [float(v) for v in values if v]
    assert present == sorted(present, reverse=True) and present[0] == 21000
    assert values[len(present) :] == [""] * (len(values) - len(present))
    asc = list(
        csv.DictReader(
            io.StringIO(
                run_cli(
                    "list", "chips", "--sort", "memory_bandwidth", "--columns", "id,memory_bandwidth", "-f", "csv"
                ).stdout
            )
        )
    )
    assert asc[0]["id"] == "tpu-v5e" and asc[-1]["memory_bandwidth_TBps"] == ""


def test_limit_and_columns():
    out = run_cli("list", "chips", "--columns", "id,vendor", "--limit", "2", "-f", "csv").stdout
    assert out.splitlines() == ['"id","vendor"', '"h100","nvidia"', '"h200","nvidia"']


@pytest.mark.parametrize(
    "args, message",
    [
        (["list", "widgets"], "unknown kind 'widgets'"),
        (["list", "chips", "--sort", "colour"], "unknown field 'colour'"),
        (["list", "chips", "--columns", "id,nope"], "unknown field 'nope'"),
        (["list", "chips", "-f", "xml"], "'xml'"),  # click words the rest
    ],
)
def test_usage_errors_exit_2(args, message):
    result = run_cli(*args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_singular_kind_accepted():
    assert run_cli("list", "chip", "-f", "csv").stdout == run_cli("list", "chips", "-f", "csv").stdout


@pytest.mark.parametrize("query", ["wse-3", "wse3", "WSE 3", "Cerebras WSE-3", "cerebras_wse_3"])
def test_show_forgiving_lookup(query):
    data = json.loads(run_cli("show", query, "-f", "json").stdout)
    assert data["id"] == "wse-3"


def test_show_json_includes_sources_and_related():
    data = json.loads(run_cli("show", "h100", "-f", "json").stdout)
    assert data["related"]["maker"] == ["nvidia"]
    ids = {s["id"] for s in data["sources"]}
    assert {"accelerator-table", "nvidia-h100-datasheet"} <= ids
    lab = json.loads(run_cli("show", "openai", "-f", "json").stdout)
    assert "gpt-4o" in lab["related"]["models"]
    assert "openai-custom-silicon" in lab["related"]["predictions"]


def test_show_table_footnotes_quote_and_external():
    out = run_cli("show", "h100").stdout
    assert 'accelerator-table: "~3.35 TB/s (HBM3)"' in out
    assert "external: NVIDIA H100 Tensor Core GPU, https://www.nvidia.com/en-us/data-center/h100/" in out


def test_show_miss_suggests():
    result = run_cli("show", "h10")
    assert result.exit_code == 1
    assert result.stderr.strip() == "aitrack: unknown entity 'h10'; did you mean: h100, h200?"
    assert json.loads(run_cli("show", "gpt5.4 mini", "-f", "json").stdout)["id"] == "gpt-5-4-mini"


@pytest.mark.parametrize("typo, expected", [("mi300", "mi300x"), ("antropic", "anthropic"), ("cerebrus", "cerebras")])
def test_suggestions_on_typos(typo, expected):
    # on the fixture: a new document may well add an mi300 to data/
    result = run_cli("show", typo, "--data-dir", str(MINI))
    assert result.exit_code == 1
    assert expected in result.stderr


def test_search_ranks_id_and_name_first():
    data = json.loads(run_cli("search", "groq", "-f", "json").stdout)
    assert data[0]["id"] == "groq"
    assert {d["id"] for d in data} >= {"groq", "groq-lpu"}
    snippets = json.loads(run_cli("search", "mixture of experts", "-f", "json").stdout)
    assert snippets and all(
        "mixtureofexperts" in "".join(c for c in s["snippet"].lower() if c.isalnum()) for s in snippets
    )


def test_search_kind_filter_and_empty():
    data = json.loads(run_cli("search", "hbm3", "--kind", "chips", "-f", "json").stdout)
    assert data and all(d["kind"] == "chip" for d in data)
    assert run_cli("search", "zzzz-nothing", "-f", "json").stdout.strip() == "[]"


def test_sort_by_score_and_people():
    labs = list(
        csv.DictReader(
            io.StringIO(
                run_cli(
                    "list", "labs", "--sort", "sentiment", "--desc", "--columns", "id,sentiment,people", "-f", "csv"
                ).stdout
            )
        )
    )
    scores = [float(r["sentiment"]) for r in labs if r["sentiment"]]
    assert scores == sorted(scores, reverse=True) and scores[0] == 4.0 and scores[-1] == -3.0
    assert labs[len(scores)]["sentiment"] == ""
    people = run_cli("list", "labs", "--sort", "people", "--columns", "id,people", "-f", "csv")
    assert people.exit_code == 0 and "Sam Altman; Elon Musk; Ilya Sutskever" in people.stdout
