"""compare: units, ratios, winners, missing values, provenance, kinds and formats.

All on the catalog fixture (tests/fixtures/catalog), never on data/: a new document
there must not change what these tests expect."""

from __future__ import annotations

import csv
import io
import json

import pytest
from conftest import CATALOG, MINI, run_cli


@pytest.fixture(autouse=True)
def _catalog(_isolated, monkeypatch):
    """Commands without --data-dir read the catalog fixture."""
    monkeypatch.setenv("AITRACK_DATA_DIR", str(CATALOG))


def rows_of(*args: str) -> dict[str, dict]:
    """The long CSV (one row per field and entity) pivoted back: field -> {entity: value,
    unit, ratio, best: the winners joined with '; '}."""
    out = run_cli("compare", *args, "-f", "csv").stdout
    rows: dict[str, dict] = {}
    for r in csv.DictReader(io.StringIO(out)):
        row = rows.setdefault(r["field"], {"unit": r["unit"], "ratio": r["ratio"], "best": ""})
        row[r["entity"]] = r["value"]
        if r["best"] == "true":
            row["best"] = "; ".join(filter(None, [row["best"], r["entity"]]))
    return rows


def test_chips_ratio_and_units():
    rows = rows_of("wse-3", "h100")
    bw = rows["memory_bandwidth_TBps"]
    assert bw["unit"] == "TB/s"
    assert float(bw["wse-3"]) == 21000 and float(bw["h100"]) == 3.35
    assert round(float(bw["ratio"])) == 6269
    assert rows["memory_GB"]["unit"] == "GB" and float(rows["memory_GB"]["h100"]) == 80


def test_table_shows_one_unit_and_approx_ratio():
    out = run_cli("compare", "wse-3", "h100").stdout
    line = next(ln for ln in out.splitlines() if ln.startswith("memory_bandwidth"))
    assert "TB/s" in line and "~21,000" in line and "~3.35" in line and "~6,300×" in line
    assert "PB/s" not in line


def test_identity_first_then_numbers_then_text():
    fields = list(rows_of("wse-3", "h100"))
    assert fields.index("vendor") < fields.index("memory_GB") < fields.index("key_advantage")


def test_missing_values_shown_and_only_common_hides():
    out = run_cli("compare", "wse-3", "h100").stdout
    cores = next(ln for ln in out.splitlines() if ln.startswith("cores"))
    assert "—" in cores
    rows = rows_of("wse-3", "h100")
    assert rows["cores"]["h100"] == "" and rows["tdp_W"]["wse-3"] == ""
    common = rows_of("wse-3", "h100", "--only-common")
    assert "cores" not in common and "tdp_W" not in common and "memory_bandwidth_TBps" in common


def test_three_way_marks_winners():
    rows = rows_of("h100", "mi300x", "tpu-v5e")
    assert rows["memory_bandwidth_TBps"]["best"] == "mi300x"
    assert rows["tdp_W"]["best"] == ""  # tpu-v5e has no tdp, so no winner is named (as in the table's ★)
    assert rows["architecture"]["best"] == ""
    out = run_cli("compare", "h100", "mi300x", "tpu-v5e").stdout
    assert "★" in next(ln for ln in out.splitlines() if ln.startswith("memory_bandwidth"))


def test_provenance_footnotes():
    out = run_cli("compare", "wse-3", "h100").stdout
    assert 'accelerator-table: "~21 PB/s (on-wafer SRAM)"' in out
    assert "external: NVIDIA H100 Tensor Core GPU, https://www.nvidia.com/en-us/data-center/h100/" in out
    data = json.loads(run_cli("compare", "wse-3", "h100", "-f", "json").stdout)
    bw = next(r for r in data["rows"] if r["field"] == "memory_bandwidth_TBps")
    (marker,) = bw["markers"]["wse-3"]
    source = next(s for s in data["sources"] if s["marker"] == marker)
    assert source["quote"] == "~21 PB/s (on-wafer SRAM)" and source["external"] is False


def test_models_and_labs():
    models = rows_of("deepseek-v2", "llama-3")
    assert models["lab"]["deepseek-v2"] == "deepseek" and models["open_weights"]["llama-3"] == "true"
    labs = rows_of("openai", "anthropic")
    assert labs["models"]["openai"] == "gpt-4o; gpt-5-4-mini; o1"
    assert float(labs["sentiment"]["anthropic"]) == 4.0
    assert labs["predictions_about"]["anthropic"] == "anthropic-ipo-2026"
    assert labs["strategy"]["openai"].startswith("Vertical integration")


def test_mixed_kinds_is_a_clear_error():
    result = run_cli("compare", "h100", "openai")
    assert result.exit_code == 2
    assert "h100 is a chip, openai is a lab" in result.stderr


def test_unknown_id_suggests():
    result = run_cli("compare", "h100", "mi300", "--data-dir", str(MINI))  # the fixture has no mi300
    assert result.exit_code == 1 and "did you mean: mi300x" in result.stderr


def test_needs_two():
    assert run_cli("compare", "h100").exit_code == 2


@pytest.mark.parametrize("fmt", ["csv", "tsv", "markdown", "json", "table"])
def test_each_format(fmt):
    result = run_cli("compare", "wse-3", "h100", "-f", fmt)
    assert result.exit_code == 0
    if fmt == "tsv":
        header = result.stdout.splitlines()[0].split("\t")
        # long form (#18): caveats travel per value, in note/derived/confidence columns
        assert header[:4] == ["field", "entity", "value", "unit"] and "ratio" in header
        assert {"note", "derived", "confidence", "source", "quote"} <= set(header)
    if fmt == "markdown":
        assert "| field" in result.stdout and "[1]" in result.stdout
    if fmt == "json":
        data = json.loads(result.stdout)
        assert [e["id"] for e in data["entities"]] == ["wse-3", "h100"]


def test_json_names_a_winner_only_where_the_table_stars_one():
    """A script reading `best` must get the same answer as a reader looking for ★."""
    data = json.loads(run_cli("compare", "h100", "mi300x", "tpu-v5e", "-f", "json").stdout)
    best = {r["field"]: r["best"] for r in data["rows"]}
    assert best["tdp_W"] == [] and best["memory_bandwidth_TBps"] == ["mi300x"]


def test_compare_csv_gives_people_their_names():
    """People have a name, not a value: the CSV's value column must still carry it."""
    out = run_cli("compare", "openai", "anthropic", "-f", "csv").stdout
    people = [r for r in csv.DictReader(io.StringIO(out)) if r["field"] == "people"]
    cited = [r for r in people if r["source"]]  # an entity with no people has an empty row
    assert cited and all(r["value"] for r in cited)
    assert cited[0]["value"] == "Sam Altman (leader)"
