"""Real clients against aitrack's outputs (#18): DuckDB reads the CSV export with the
column types docs/machine-output.md documents, sqlite3 runs the example queries of the
README and of docs/machine-output.md and the datasette canned queries, their DuckDB and
jq examples run as written, and the SQLite export has NULL unknown dates, an index on
every foreign key and FTS5 search. Runs on the mini fixture with a fixed today."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import subprocess

import duckdb
import pytest
from conftest import MINI, ROOT, run_cli


def section(path: str, end: str) -> str:
    """The "Using the data in other tools" section of a Markdown file, up to the heading `end`."""
    text = (ROOT / path).read_text(encoding="utf-8")
    return text[text.index("## Using the data in other tools") : text.index(end)]


# The same examples appear in the README and in the full reference; both must run. (An
# sdist that leaves out docs/ still tests the README's.)
SECTIONS = {"README.md": section("README.md", "## Trust model")}
if (ROOT / "docs" / "machine-output.md").exists():
    SECTIONS["docs/machine-output.md"] = section("docs/machine-output.md", "## Exports")
documents = pytest.mark.parametrize("doc", sorted(SECTIONS))


def example(doc: str, pattern: str) -> str:
    """The first code block of the section that `pattern` (one group) finds."""
    found = re.search(pattern, SECTIONS[doc], re.S)
    assert found, f"{doc}: no example matching {pattern!r}"
    return found.group(1)


NUMERIC_SUFFIXES = ("_GB", "_TBps", "_TFLOPS", "_W", "_USD")
DATES = ("released", "made", "due", "published")


def documented_type(col: str) -> str:
    """The column types docs/machine-output.md documents, as DuckDB names."""
    if col.endswith("_approx") or col == "open_weights":
        return "BOOLEAN"
    if col == "days_left":
        return "INTEGER"
    if col in DATES or col.endswith(("_earliest", "_latest")):
        return "DATE"
    base = col.removesuffix("_low").removesuffix("_high")
    if base.endswith(NUMERIC_SUFFIXES) or base in ("cores", "parameters", "sentiment", "probability", "value"):
        return "DOUBLE"
    return "VARCHAR"


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    folder = tmp_path_factory.mktemp("export")
    env = {"AITRACK_TODAY": "2026-11-23"}
    for target in ("landscape-csv/", "landscape.db", "landscape.jsonl"):
        result = run_cli("export", f"{folder}/{target}", "--data-dir", str(MINI), env=env)  # keeps the trailing /
        assert result.exit_code == 0, result.stderr
    return folder


def test_duckdb_reads_every_csv_with_the_documented_types(exported):
    con = duckdb.connect()
    for path in sorted((exported / "landscape-csv").glob("*.csv")):
        header = con.sql(f"SELECT * FROM read_csv('{path}', header = true, all_varchar = true) LIMIT 0").columns
        types = {c: documented_type(c) for c in header}
        rel = con.sql(f"SELECT * FROM read_csv('{path}', header = true, types = {types!r})")
        assert dict(zip(rel.columns, map(str, rel.types))) == types, path.name
        rel.fetchall()  # every cell converts to its documented type
    chips = dict(
        con.sql(
            f"SELECT id, memory_GB FROM read_csv('{exported}/landscape-csv/chips.csv', header = true, "
            "types = {'memory_GB': 'DOUBLE'})"
        ).fetchall()
    )
    assert chips == {"h100": 80.0, "wse-3": 44.0, "mi300x": 192.0}
    preds = dict(
        con.sql(
            f"SELECT id, days_left FROM read_csv('{exported}/landscape-csv/predictions.csv', "
            "header = true, types = {'days_left': 'INTEGER'})"
        ).fetchall()
    )
    assert preds["amd-mi300x-successor-2025"] == -327 and preds["anthropic-funding-2026"] is None


def test_csv_folder_stands_alone_with_its_citations(exported):
    con = duckdb.connect()
    rows = con.sql(f"""SELECT c.id, k.field, k.quote, k.source_url
                       FROM read_csv('{exported}/landscape-csv/chips.csv', header = true) c
                       JOIN read_csv('{exported}/landscape-csv/citations.csv', header = true) k ON k.entity = c.id
                       WHERE c.id = 'h100' AND k.field = 'memory_bandwidth_TBps'""").fetchall()
    assert rows == [("h100", "memory_bandwidth_TBps", "about 3.35 TB/s of HBM3 memory bandwidth", None)]


@documents
def test_readme_duckdb_example_runs_as_written(exported, monkeypatch, doc):
    code = example(doc, r"```python\n(.*?)```")
    monkeypatch.chdir(exported)
    scope: dict = {}
    exec(compile(code, doc, "exec"), scope)
    assert scope["top"] == [("h100", 3.35, None, None)]  # the mini fixture gives H100 no release date


def readme_sql(doc: str) -> list[str]:
    block = example(doc, r"```sql\n(.*?)```")
    body = "\n".join(line for line in block.splitlines() if not line.startswith("--"))
    return [q.strip() for q in body.split(";") if q.strip()]


@documents
def test_readme_sql_examples_run_against_the_export(exported, doc):
    db = sqlite3.connect(exported / "landscape.db")
    results = [db.execute(q).fetchall() for q in readme_sql(doc)]
    assert len(results) == 4
    top, due_2026, cited, found = results
    assert top == [("h100", "NVIDIA H100", 3.35)]
    assert due_2026 == []  # the mini fixture's one 2026 forecast is resolved
    assert ("memory_bandwidth_TBps", "chips-brief", "about 3.35 TB/s of HBM3 memory bandwidth") in cited
    assert {r[0] for r in found} >= {"h100", "mi300x"}


def test_datasette_canned_queries_run(exported):
    meta = json.loads((exported / "landscape.metadata.json").read_text())
    db = sqlite3.connect(exported / "landscape.db")
    queries = meta["databases"]["landscape"]["queries"]
    params = {"id": "h100", "text": "hbm3"}
    for name, query in queries.items():
        rows = db.execute(query["sql"], {k: v for k, v in params.items() if f":{k}" in query["sql"]}).fetchall()
        assert rows or name == "due_in_2026", name


def test_datasette_metadata_describes_every_column_with_units(exported):
    meta = json.loads((exported / "landscape.metadata.json").read_text())
    tables = meta["databases"]["landscape"]["tables"]
    db = sqlite3.connect(exported / "landscape.db")
    for table in ("labs", "chips", "models", "predictions", "sources", "products", "citations", "entities"):
        cols = [r[1] for r in db.execute(f"PRAGMA table_info({table})")]
        described = tables[table]["columns"]
        assert [c for c in cols if not described.get(c)] == [], table
    assert tables["chips"]["units"]["memory_bandwidth_TBps"] == "terabyte / second"
    assert "[TB/s]" in tables["chips"]["columns"]["memory_bandwidth_TBps"]


def test_sqlite_unknown_dates_are_null_with_precision(exported):
    db = sqlite3.connect(exported / "landscape.db")
    rows = dict(db.execute("SELECT id, released FROM chips").fetchall())
    assert rows["h100"] is None  # the mini fixture gives no release date
    gpt = db.execute("SELECT released, released_precision FROM models WHERE id = 'gpt-4o'").fetchone()
    assert gpt == ("2024-05-01", "month")
    assert db.execute("SELECT count(*) FROM predictions WHERE due = 'unknown' OR made = 'unknown'").fetchone() == (0,)
    assert db.execute("SELECT typeof(memory_GB) FROM chips WHERE id = 'h100'").fetchone() == ("real",)


def test_sqlite_indexes_every_foreign_key_and_citations(exported):
    db = sqlite3.connect(exported / "landscape.db")
    tables = [
        r[0]
        for r in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE "
            "'CREATE VIRTUAL%' AND name NOT LIKE 'search_%'"
        )
    ]
    missing = []
    for table in tables:
        indexed = set()
        for (name,) in db.execute(f"SELECT name FROM pragma_index_list('{table}')"):
            cols = [r[0] for r in db.execute(f"SELECT name FROM pragma_index_info('{name}')")]
            indexed.add(cols[0])
        for (col,) in db.execute(f"SELECT \"from\" FROM pragma_foreign_key_list('{table}')"):
            if col not in indexed and col != "id":
                missing.append(f"{table}.{col}")
    assert missing == []
    cols = [r[0] for r in db.execute("SELECT name FROM pragma_index_info('citations_entity_field')")]
    assert cols == ["entity", "field"]
    plan = " ".join(
        r[3]
        for r in db.execute("EXPLAIN QUERY PLAN SELECT * FROM citations WHERE entity = 'h100' AND field = 'memory_GB'")
    )
    assert "citations_entity_field" in plan


def test_jsonl_export_reads_in_duckdb(exported):
    rows = duckdb.sql(
        f"SELECT id, kind FROM read_json('{exported}/landscape.jsonl', format = 'newline_delimited') "
        "WHERE kind = 'chip' ORDER BY id"
    ).fetchall()
    assert rows == [("h100", "chip"), ("mi300x", "chip"), ("wse-3", "chip")]


@pytest.mark.skipif(shutil.which("jq") is None, reason="jq is not installed")
@documents
def test_readme_jq_examples_run_as_written(doc):
    import os

    from conftest import installed

    block = example(doc, r"\*\*jq\*\*:\n\n```sh\n(.*?)```")
    commands = re.split(r"\n(?=aitrack )", block.strip())
    env = {
        **os.environ,
        "AITRACK_DATA_DIR": str(MINI),
        "AITRACK_TODAY": "2026-11-23",
        "PATH": os.path.dirname(installed()) + os.pathsep + os.environ.get("PATH", ""),
    }
    outputs = [
        subprocess.run(c.replace("\n", " "), shell=True, capture_output=True, text=True, env=env, timeout=60)
        for c in commands
    ]
    assert all(o.returncode == 0 for o in outputs), [o.stderr for o in outputs]
    assert outputs[0].stdout.split("\n")[0] == "h100\t3.35 TB/s"
    assert '"id":"amd-mi300x-successor-2025"' in outputs[1].stdout and '"days_left":-327' in outputs[1].stdout
