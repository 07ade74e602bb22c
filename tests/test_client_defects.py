"""Client defects of issue 28 (section 4), each as the client met it: a stated unknown
exported as the word "unknown", compare's people row failing its own output schema, the
datasette full-text query failing on `wse-3`, a leading ' lost by Gnumeric, and a JSON
Lines field whose type changed between lines (polars)."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import jsonschema
import pytest
from conftest import DATA, ROOT, run_cli


def cli(data: Path, *args: str):
    result = run_cli(*args, "--data-dir", str(data))
    assert result.exit_code == 0, result.stderr
    return result


@pytest.fixture
def stated(mini_data: Path) -> Path:
    """The mini fixture with a stated unknown: cerebras's country, looked for and not found."""
    labs = mini_data / "labs.yaml"
    labs.write_text(
        labs.read_text().replace(
            '    - {source: chips-brief, quote: "Cerebras says its WSE-3 wafer-scale engine"}\n',
            '    - {source: chips-brief, quote: "Cerebras says its WSE-3 wafer-scale engine"}\n'
            '  country: {value: unknown, source: chips-brief, quote: "Cerebras says its WSE-3 wafer-scale engine",'
            " note: Not stated.}\n",
        )
    )
    return mini_data


def test_a_stated_unknown_is_null_in_json_csv_and_sqlite(stated, tmp_path):
    listed = {r["id"]: r for r in json.loads(cli(stated, "list", "labs", "-f", "json").stdout)}
    country = listed["cerebras"]["country"]
    # null, and still told apart from a missing one: the fact is there, with its citation
    assert country["value"] is None and country["source"] == "chips-brief" and country["note"] == "Not stated."
    assert listed["amd"]["country"] is None and listed["nvidia"]["country"]["value"] == "United States"
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(cli(stated, "list", "labs", "-f", "csv").stdout))}
    assert rows["cerebras"]["country"] == "" and rows["nvidia"]["country"] == "United States"
    assert "unknown" in cli(stated, "show", "cerebras").stdout  # a table still says so
    db_path = tmp_path / "out.db"
    cli(stated, "export", str(db_path))
    db = sqlite3.connect(db_path)
    assert db.execute("SELECT country FROM labs WHERE id = 'cerebras'").fetchone() == (None,)
    assert db.execute("SELECT value FROM facts WHERE entity = 'cerebras' AND field = 'country'").fetchone() == (None,)
    exported = tmp_path / "out.json"
    cli(stated, "export", str(exported))
    labs = {r["id"]: r for r in json.loads(exported.read_text())["labs"]}
    assert labs["cerebras"]["country"]["value"] is None


@pytest.mark.parametrize(
    "pair",
    [
        ("openai", "anthropic"),
        ("anthropic", "openai"),
        ("xai", "thinking-machines"),
        ("safe-superintelligence", "nvidia"),
        ("google", "thinking-machines"),
        ("meta", "microsoft"),
    ],
)
def test_compare_labs_json_is_valid_against_its_schema(pair):
    data = json.loads(cli(DATA, "compare", *pair, "-f", "json").stdout)
    committed = json.loads((ROOT / "schema" / "output" / "compare.schema.json").read_text())
    jsonschema.Draft202012Validator(committed).validate(data)
    people = next((r for r in data["rows"] if r["field"] == "people"), None)
    if pair[0] == "openai":  # every person, not the first: names as the value, the people beside
        assert people["values"]["openai"]["value"] == ["Sam Altman", "Elon Musk", "Ilya Sutskever"]
        assert [p["role"] for p in people["values"]["openai"]["items"]][0] == "leader"


def test_compare_csv_gives_every_person_a_row_with_their_citation():
    out = cli(DATA, "compare", "openai", "anthropic", "-f", "csv").stdout
    people = [r for r in csv.DictReader(io.StringIO(out)) if r["field"] == "people"]
    assert [r["value"] for r in people if r["entity"] == "openai"] == [
        "Sam Altman (leader)",
        "Elon Musk (co-founder)",
        "Ilya Sutskever (co-founder)",
    ]
    assert all(r["source"] and r["quote"] for r in people)


def test_datasette_full_text_query_takes_any_term(mini_data, tmp_path):
    db_path = tmp_path / "out.db"
    cli(mini_data, "export", str(db_path))
    meta = json.loads((tmp_path / "out.metadata.json").read_text())
    sql = meta["databases"]["out"]["queries"]["full_text_search"]["sql"]
    db = sqlite3.connect(db_path)
    found = {
        t: {r[0] for r in db.execute(sql, {"text": t}).fetchall()} for t in ("", "wse-3", "gpt-4o", 'a "b', "hbm3")
    }
    assert found[""] == set() and found['a "b'] == set()
    assert "wse-3" in found["wse-3"] and "gpt-4o" in found["gpt-4o"] and {"h100", "mi300x"} <= found["hbm3"]


def test_a_text_cell_starting_with_an_apostrophe_keeps_it(mini_data):
    chips = mini_data / "chips.yaml"
    chips.write_text(chips.read_text().replace("note: H100 SXM}", "note: \"'SXM' form factor\"}"))
    for fmt, sep in (("csv", ","), ("tsv", "\t")):
        out = cli(mini_data, "show", "h100", "-f", fmt, "--section", "fields").stdout
        rows = list(csv.DictReader(io.StringIO(out), delimiter=sep))
        memory = next(r for r in rows if r["field"] == "memory_GB")
        assert memory["note"] == "''SXM' form factor"  # the first ' is the one a spreadsheet drops


def test_jsonl_export_keeps_one_json_type_per_field(mini_data, tmp_path):
    path = tmp_path / "out.jsonl"
    cli(mini_data, "export", str(path))
    types: dict[str, set[str]] = {}

    def walk(where: str, value) -> None:
        if value is None:
            return
        types.setdefault(where, set()).add(type(value).__name__)
        if isinstance(value, dict):
            for key, item in value.items():
                walk(f"{where}.{key}", item)
        elif isinstance(value, list):
            for item in value:
                walk(f"{where}[]", item)

    for line in path.read_text().splitlines():
        walk("", json.loads(line))
    assert {k: v for k, v in types.items() if len(v) > 1} == {}
    assert types[".memory_GB.value"] == {"float"}  # 80 GB and 44 GB are numbers of a DOUBLE column
