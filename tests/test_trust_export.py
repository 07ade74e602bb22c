"""Trust in the exports: the SQLite facts table answers "what did we believe on a day" in
one query, citations carry notes and grades, JSON carries history and grades."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from conftest import run_cli

FIXTURE = Path(__file__).parent / "fixtures" / "trust"
BELIEVED = (
    "SELECT entity, field, value FROM facts WHERE valid_from <= :day "
    "AND (valid_until IS NULL OR valid_until > :day) ORDER BY entity, field"
)


@pytest.fixture
def trust_data(tmp_path) -> Path:
    shutil.copytree(FIXTURE, tmp_path / "trust")
    return tmp_path / "trust" / "data"


@pytest.fixture
def db(trust_data, tmp_path):
    path = tmp_path / "out.db"
    result = run_cli("export", "--format", "sqlite", str(path), "--data-dir", str(trust_data))
    assert result.exit_code == 0, result.stderr
    con = sqlite3.connect(path)
    yield con
    con.close()


@pytest.mark.parametrize(
    "day, memory, weights",
    [
        ("2023-07-01", "96 GB", None),
        ("2024-06-01", "288GB", "false"),
        ("2025-01-15", "384 GB", "false"),
        ("2026-01-01", "384 GB", "true"),
    ],
)
def test_what_did_we_believe_on_a_day_is_one_query(db, day, memory, weights):
    believed = {(e, f): v for e, f, v in db.execute(BELIEVED, {"day": day})}
    assert believed[("acme-x1", "memory_GB")] == memory  # field: the machine name (#18)
    assert believed.get(("foo-1", "open_weights")) == weights


def test_facts_table_has_history_grades_and_current_flag(db):
    rows = db.execute(
        "SELECT value, number, unit, as_of, as_of_precision, confidence, reliability, source, current "
        "FROM facts WHERE entity = 'acme-x1' AND field = 'memory_GB' ORDER BY valid_from"
    ).fetchall()
    assert rows == [  # dates as the first ISO day with a precision (#18)
        ("96 GB", 96.0, "GB", "2023-06-01", "month", "confident", "reporting", "acme-weekly", 0),
        ("288GB", 288.0, "GB", "2024-03-01", "day", "confident", "reporting", "acme-weekly", 0),
        ("384 GB", 384.0, "GB", "2025-01-15", "day", "confident", "primary", "acme-x1-datasheet", 1),
    ]
    assert db.execute("SELECT derived FROM facts WHERE entity = 'acme-x0'").fetchone()[0].startswith("half of")
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_citations_carry_note_and_grade(db):
    row = db.execute(
        "SELECT note, reliability, confidence FROM citations WHERE entity = 'acme-x1' AND source = 'acme-x1-datasheet'"
    ).fetchone()
    assert row == ("revision B", "primary", "confident")
    paths = [f for (f,) in db.execute("SELECT path FROM citations WHERE entity = 'acme-x1' AND field = 'memory_GB'")]
    assert sorted(paths) == ["memory.0", "memory.1", "memory.2"]  # each fact once, at its YAML path


def test_json_export_carries_history_and_grades(trust_data, tmp_path):
    path = tmp_path / "out.json"
    assert run_cli("export", "--format", "json", str(path), "--data-dir", str(trust_data)).exit_code == 0
    chips = {c["id"]: c for c in json.loads(path.read_text())["chips"]}
    x1 = chips["acme-x1"]
    x1 = {**x1, "memory": x1["memory_GB"], "history": {"memory": x1["history"]["memory_GB"]}}  # #18 names
    assert x1["memory"]["current"] is True and x1["memory"]["reliability"] == "primary"
    assert [f["as_of"] for f in x1["history"]["memory"]] == ["2023-06-01", "2024-03-01", "2025-01-15"]
    assert chips["acme-x0"]["memory_GB"]["derived"].startswith("half of")


def test_list_json_carries_grades(trust_data):
    result = run_cli("list", "models", "-f", "json", "--data-dir", str(trust_data))
    model = json.loads(result.stdout)[0]
    assert model["open_weights"]["confidence"] == "confident"
    assert model["history"]["open_weights"][0]["confidence_reason"].startswith("derived: reporting source")


def test_compare_csv_carries_caveats(trust_data):
    import csv
    import io

    result = run_cli("compare", "acme-x1", "acme-x0", "-f", "csv", "--data-dir", str(trust_data))
    # long form (#18): one row per field and entity, its caveats in note/derived/confidence
    rows = {(r["field"], r["entity"]): r for r in csv.DictReader(io.StringIO(result.stdout))}
    assert rows[("memory_GB", "acme-x1")]["note"] == "revision B"
    assert rows[("memory_GB", "acme-x0")]["derived"] == "half of the X1 samples' 96 GB, per the datasheet's table"
    assert (
        rows[("memory_bandwidth_TBps", "acme-x1")]["note"] == ""
        and rows[("memory_bandwidth_TBps", "acme-x1")]["derived"] == ""
    )


def test_list_csv_carries_caveats(trust_data):
    import csv
    import io

    result = run_cli("list", "chips", "-f", "csv", "--data-dir", str(trust_data))
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(result.stdout))}
    assert rows["acme-x1"]["caveats"] == "memory_GB: revision B"
    assert rows["acme-x0"]["caveats"] == "memory_GB: derived: half of the X1 samples' 96 GB, per the datasheet's table"
    models = {
        r["id"]: r
        for r in csv.DictReader(
            io.StringIO(
                run_cli("list", "models", "-f", "csv", "--as-of", "2024-06", "--data-dir", str(trust_data)).stdout
            )
        )
    }
    assert models["foo-1"]["caveats"] == ""  # likely is not a caveat; speculative would be


def test_sqlite_kind_tables_carry_caveats(db):
    assert db.execute("SELECT caveats FROM chips WHERE id = 'acme-x1'").fetchone() == ("memory_GB: revision B",)
