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
    assert "3 products" in result.stdout


def test_list_products_and_filter_by_maker(products):
    result = cli(products, "list", "products", "-f", "csv")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {r["id"]: (r["maker"], r["product_type"]) for r in rows} == {
        "nemoclaw": ("nvidia", "agent-runtime"), "optimus": ("tesla", "robot"), "mmlu": ("", "benchmark")}
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
        [("mmlu", None, "benchmark"), ("nemoclaw", "nvidia", "agent-runtime"), ("optimus", "tesla", "robot")], key=str)
    fks = con.execute("PRAGMA foreign_key_list(products)").fetchall()
    assert any(fk[3] == "maker" and fk[2] == "labs" for fk in fks)
    out = tmp_path / "out.json"
    assert cli(products, "export", "--format", "json", str(out)).exit_code == 0
    assert {p["id"] for p in json.loads(out.read_text())["products"]} == {"nemoclaw", "optimus", "mmlu"}


def test_unknown_maker_and_type_are_refused_at_their_line(products):
    path = products / "products.yaml"
    text = path.read_text().replace("maker: tesla", "maker: tesler").replace("product_type: benchmark", "product_type: quiz")
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
