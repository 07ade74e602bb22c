"""The products kind: platforms, agent runtimes, robots, benchmarks and the like, with a
maker and a type. Run on tests/fixtures/products (2 labs, 3 products, 1 prediction)."""

from __future__ import annotations

import csv
import io
import json
import sqlite3

import pytest
from conftest import copy_fixture, run_cli, run_installed


@pytest.fixture
def products(tmp_path):
    return copy_fixture("products", tmp_path)


def cli(data, *args):
    return run_cli(*args, "--data-dir", str(data))


def test_validate_counts_products(products):
    result = cli(products, "validate")
    assert result.exit_code == 0, result.stderr
    assert "3 products" in result.stderr


def test_list_products_and_filter_by_maker(products):
    result = cli(products, "list", "products", "-f", "csv")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {r["id"]: (r["maker"], r["product_type"]) for r in rows} == {
        "nemoclaw": ("nvidia", "agent-runtime"),
        "optimus": ("tesla", "robot"),
        "mmlu": ("", "benchmark"),
    }
    only = cli(products, "list", "products", "--maker", "Tesla", "-f", "csv")
    assert [r["id"] for r in csv.DictReader(io.StringIO(only.stdout))] == ["optimus"]


def test_show_product_names_its_maker_and_the_lab_lists_its_products(products):
    shown = json.loads(cli(products, "show", "Optimus", "-f", "json").stdout)
    assert shown["kind"] == "product" and shown["product_type"] == "robot"
    assert shown["related"]["maker"] == ["tesla"]
    assert shown["related"]["predictions"] == ["tesla-sells-optimus-2027"]
    lab = json.loads(cli(products, "show", "tesla", "-f", "json").stdout)
    assert lab["related"]["products"] == ["optimus"]
    assert lab["related"]["predictions"] == ["tesla-sells-optimus-2027"]  # about its product
    table = cli(products, "show", "nemoclaw").stdout
    assert "agent-runtime" in table and "secure sandbox runtime" in table


def test_search_and_scan_know_products(products, tmp_path):
    hits = json.loads(cli(products, "search", "sandbox", "--kind", "products", "-f", "json").stdout)
    assert [h["id"] for h in hits] == ["nemoclaw"]
    article = tmp_path / "article.txt"
    article.write_text("NemoClaw and the MMLU benchmark were in the news.\n", encoding="utf-8")
    report = json.loads(cli(products, "scan", str(article), "-f", "json").stdout)
    assert {k["id"]: k["kind"] for k in report["known"]} == {"nemoclaw": "product", "mmlu": "product"}
    assert report["candidates"] == []


def test_exports_carry_products(products, tmp_path):
    db = tmp_path / "out.db"
    assert cli(products, "export", "--format", "sqlite", str(db)).exit_code == 0
    con = sqlite3.connect(db)
    assert sorted(con.execute("SELECT id, maker, product_type FROM products").fetchall(), key=str) == sorted(
        [("mmlu", None, "benchmark"), ("nemoclaw", "nvidia", "agent-runtime"), ("optimus", "tesla", "robot")], key=str
    )
    fks = con.execute("PRAGMA foreign_key_list(products)").fetchall()
    assert any(fk[3] == "maker" and fk[2] == "labs" for fk in fks)
    out = tmp_path / "out.json"
    assert cli(products, "export", "--format", "json", str(out)).exit_code == 0
    assert {p["id"] for p in json.loads(out.read_text())["products"]} == {"nemoclaw", "optimus", "mmlu"}


def test_unknown_maker_and_type_are_refused_at_their_line(products):
    path = products / "products.yaml"
    text = (
        path.read_text()
        .replace("maker: tesla", "maker: tesler")
        .replace("product_type: benchmark", "product_type: quiz")
    )
    path.write_text(text)
    result = cli(products, "validate")
    assert result.exit_code == 1
    lines = text.splitlines()
    maker_line = next(i for i, ln in enumerate(lines, 1) if "maker: tesler" in ln)
    type_line = next(i for i, ln in enumerate(lines, 1) if "product_type: quiz" in ln)
    assert f"products.yaml:{maker_line}:" in result.stderr and "'tesler' is not a known lab id" in result.stderr
    assert f"products.yaml:{type_line}:" in result.stderr and "product_type" in result.stderr


def test_installed_lists_products(products):
    result = run_installed("list", "products", "--data-dir", str(products), "-f", "tsv")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0].split("\t")[:2] == ["id", "name"]
    assert {line.split("\t")[0] for line in result.stdout.splitlines()[1:]} == {"nemoclaw", "optimus", "mmlu"}


# Explicit unknowns and ignored sentences (same fixture: mamba-3 has lab, released and
# open_weights "unknown"; ignored.yaml holds one name and one sentence).


def test_unknown_weights_are_neither_open_nor_closed(products):
    for flag in ("--open-weights", "--closed-weights"):
        rows = list(csv.DictReader(io.StringIO(cli(products, "list", "models", flag, "-f", "csv").stdout)))
        assert rows == []
    table = cli(products, "list", "models").stdout
    assert "mamba-3" in table and table.count("unknown") == 3  # lab, released, open_weights


def test_unknown_lab_is_listed_shown_and_exported_without_a_dangling_key(products, tmp_path):
    rows = list(csv.DictReader(io.StringIO(cli(products, "list", "models", "--lab", "unknown", "-f", "csv").stdout)))
    assert [r["id"] for r in rows] == ["mamba-3"]
    shown = json.loads(cli(products, "show", "mamba-3", "-f", "json").stdout)
    # JSON spells missing and unknown one way, null (#18), as SQLite does (NULL below)
    assert shown["lab"] is None and "maker" not in shown["related"]
    db = tmp_path / "out.db"
    assert cli(products, "export", "--format", "sqlite", str(db)).exit_code == 0
    assert sqlite3.connect(db).execute("SELECT lab FROM models WHERE id = 'mamba-3'").fetchone() == (None,)


def test_a_real_lab_id_is_still_required_everywhere_else(products):
    path = products / "models.yaml"
    path.write_text(path.read_text().replace("lab: unknown", "lab: unknwn"))
    result = cli(products, "validate")
    assert result.exit_code == 1 and "'unknwn' is not a known lab id" in result.stderr


def test_an_ignored_sentence_must_be_in_its_document(products):
    assert cli(products, "validate").exit_code == 0
    path = products / "ignored.yaml"
    path.write_text(path.read_text().replace("evaluate their agent platforms", "evaluate their agent platform"))
    result = cli(products, "validate")
    assert result.exit_code == 1
    assert "ignored.yaml:2:" in result.stderr and "quote not found in 'platform-notes'" in result.stderr
    path.write_text(path.read_text().replace("source: platform-notes", "source: nowhere"))
    assert "'nowhere' is not a known document source" in cli(products, "validate").stderr


def test_an_ignore_entry_is_a_name_or_a_sentence_not_both(products):
    path = products / "ignored.yaml"
    path.write_text(
        path.read_text() + '- {name: Mamba, source: platform-notes, quote: "came from a group", reason: both}\n'
    )
    result = cli(products, "validate")
    assert (
        result.exit_code == 1 and "ignored.yaml:3:" in result.stderr and "either a name, or a sentence" in result.stderr
    )


def test_sqlite_export_accepts_a_parent_listed_after_its_child(products, tmp_path):
    labs = products / "labs.yaml"
    labs.write_text(
        labs.read_text()
        + (
            "\n- id: child-lab\n  name: Child Lab\n  parent: parent-lab\n"
            '  cite:\n    - {source: platform-notes, quote: "The MMLU benchmark no longer separates"}\n'
            "\n- id: parent-lab\n  name: Parent Lab\n"
            '  cite:\n    - {source: platform-notes, quote: "The MMLU benchmark no longer separates"}\n'
        )
    )
    db = tmp_path / "out.db"
    result = cli(products, "export", "--format", "sqlite", str(db))
    assert result.exit_code == 0, result.stderr
    assert sqlite3.connect(db).execute("SELECT parent FROM labs WHERE id = 'child-lab'").fetchone() == ("parent-lab",)


def test_show_a_source_gives_its_grade_speaker_and_sections(tmp_path):
    data = copy_fixture("trust", tmp_path)
    shown = json.loads(cli(data, "show", "acme-weekly", "-f", "json").stdout)
    assert shown["reliability"] == "reporting"
    assert [(s["heading"], s["reliability"]) for s in shown["sections"]] == [
        ("Analysis (AI-generated)", "ai-generated")
    ]
    table = cli(data, "show", "acme-weekly").stdout
    assert "reliability" in table and "section Analysis (AI-generated)" in table and "ai-generated" in table
