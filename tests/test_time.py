"""Two times per fact (issue 25): valid time, when it held in the world (valid_from,
valid_until), and reported time, when a source said it (as_of). On a small fixture
(tests/fixtures/time): a chip with three dated prices, an undated datasheet fact, a source
section dated "(2024)", and a lab nothing dates; and on the bundled data, the questions
users ask (--as-of, --known-by, changes, what a view hid)."""

from __future__ import annotations

import csv
import io
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from conftest import DATA, FIXTURES, run_cli, same_without_title

TIME = FIXTURES / "time" / "data"


@pytest.fixture
def time_data(tmp_path) -> Path:
    shutil.copytree(FIXTURES / "time", tmp_path / "time")
    return tmp_path / "time" / "data"


def cli(data: Path, *args: str):
    result = run_cli(*args, "--data-dir", str(data))
    assert result.exit_code == 0, result.stderr
    return result


def show_json(data: Path, *args: str) -> dict:
    return json.loads(cli(data, "show", *args, "-f", "json").stdout)


def rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def test_fixture_is_valid():
    assert cli(TIME, "validate").exit_code == 0


# Derivation: each fact's valid_from and its basis ---------------------------------------


def test_valid_from_and_its_basis():
    rec = show_json(TIME, "zeta-z1")
    prices = rec["history"]["price_USD"]
    assert [(f["value"], f["valid_from"], f["valid_basis"]) for f in prices] == [
        (20000, "2023-05-01", "release"),  # a spec holds from the release by default
        (15000, "2025-06-01", "given"),
        (12000, "2026-01-15", "given"),
    ]
    assert [f["as_of"] for f in prices] == ["2025-06-01", "2025-06-01", "2026-02-01"]  # reported time
    # an undated datasheet's number has no reported date but holds from the release
    assert (rec["memory_GB"]["as_of"], rec["memory_GB"]["valid_from"]) == (None, "2023-05-01")
    assert rec["memory_GB"]["valid_basis"] == "release"
    assert rec["released"]["valid_basis"] == "release"


def test_a_dated_section_dates_its_facts():
    focus = show_json(TIME, "zeta")["history"]["focus"]
    assert [(f["value"], f["valid_from"], f["valid_basis"], f["as_of"]) for f in focus] == [
        ("low-power inference chips", "2024-01-01", "section", "2026-03-10"),
        ("training clusters for large models", "2026-03-10", "published", "2026-03-10"),
    ]


def test_history_shows_both_dates_and_the_current_fact():
    out = cli(TIME, "show", "zeta-z1", "--history").stdout
    history = out[out.index("valid from") :]
    price = [ln.split() for ln in history.splitlines() if ln.startswith("price ")]
    assert [p[1:5] for p in price] == [
        ["2023-05", "(release)", "2025-06-01", "2025-06-01"],  # valid from, until, reported
        ["2025-06", "(given)", "2026-01-15", "2025-06-01"],
        ["2026-01-15", "(given)", "2026-02-01", "12000"],  # still holds: no until
    ]
    assert price[2][-2] == "yes" and "yes" not in price[0]


def test_valid_from_after_valid_until_is_an_error(time_data):
    chips = time_data / "chips.yaml"
    chips.write_text(chips.read_text().replace('valid_from: "2025-06"}', 'valid_from: "2025-06", valid_until: "2024"}'))
    result = run_cli("validate", "--data-dir", str(time_data))
    assert result.exit_code == 1
    assert "chips.yaml:" in result.stderr and "valid_from 2025-06 is after valid_until 2024" in result.stderr


def test_valid_from_later_than_its_source_needs_a_note(time_data):
    chips = time_data / "chips.yaml"
    text = chips.read_text()
    chips.write_text(text.replace('valid_from: "2026-01-15"}', 'valid_from: "2027-01"}'))
    result = run_cli("validate", "--data-dir", str(time_data))
    assert result.exit_code == 1
    assert "valid_from 2027-01 is later than the source that reports it (2026-02-01)" in result.stderr
    assert "a note" in result.stderr
    chips.write_text(text.replace('valid_from: "2026-01-15"}', 'valid_from: "2027-01", note: "as announced"}'))
    assert run_cli("validate", "--data-dir", str(time_data)).exit_code == 0


# --as-of: what was true on a day, as far as we know now -----------------------------------


@pytest.mark.parametrize(
    "day, price",
    [("2023-05", "20000"), ("2025-05-31", "20000"), ("2025-06", "15000"), ("2026-01-14", "15000"), ("2026", "12000")],
)
def test_a_later_fact_ends_the_earlier_one(day, price):
    listed = rows(cli(TIME, "list", "chips", "--as-of", day, "-f", "csv", "--columns", "id,price_USD").stdout)
    assert listed == [{"id": "zeta-z1", "price_USD": price}]


def test_an_entity_exists_from_its_release_and_the_view_counts_what_it_left_out():
    result = cli(TIME, "list", "chips", "--as-of", "2023-04", "-f", "csv")
    assert rows(result.stdout) == []
    assert "as of 2023-04-30: 1 chip not yet released left out" in result.stderr
    result = run_cli("show", "zeta-z1", "--as-of", "2023-04", "--data-dir", str(TIME))
    assert (
        result.exit_code == 1 and "zeta-z1 did not exist yet on 2023-04-30 (it exists from 2023-05-01)" in result.stderr
    )
    table = cli(TIME, "list", "chips", "--as-of", "2023-05").stdout
    assert table.splitlines()[0] == "as of 2023-05-31: 0 chips not yet released left out"  # the table's title


def test_undated_datasheet_fact_holds_from_release():
    rec = show_json(TIME, "zeta-z1", "--as-of", "2023-06")
    assert rec["memory_GB"]["value"] == 64 and rec["price_USD"]["value"] == 20000


def test_section_dated_fact_in_an_as_of_view():
    assert show_json(TIME, "zeta", "--as-of", "2025")["focus"]["value"] == "low-power inference chips"
    assert show_json(TIME, "zeta")["focus"]["value"] == "training clusters for large models"
    result = run_cli("show", "zeta", "--as-of", "2023", "--data-dir", str(TIME))
    assert result.exit_code == 1 and "zeta did not exist yet" in result.stderr


def test_an_entity_nothing_dates_is_kept_and_marked():
    result = cli(TIME, "list", "labs", "--as-of", "2000", "-f", "csv")
    assert [r["id"] for r in rows(result.stdout)] == ["nodate"]
    assert "1 lab not yet known to exist left out; 1 lab of unknown date shown as known now" in result.stderr
    assert show_json(TIME, "nodate", "--as-of", "2000")["country"]["value"] == "Nowhere"


# --known-by: what the sources had said by a day ------------------------------------------


def test_known_by_keeps_what_was_reported_each_holding_as_its_valid_time_says():
    rec = show_json(TIME, "zeta-z1", "--known-by", "2025-12")
    assert rec["price_USD"]["value"] == 15000  # the 2026 report is not known yet
    assert [f["value"] for f in rec["history"]["price_USD"]] == [20000, 15000]
    assert show_json(TIME, "zeta-z1", "--known-by", "2026-02-01")["price_USD"]["value"] == 12000
    # both questions at once: what, as reported by 2025-12, held on 2025-01-01
    assert show_json(TIME, "zeta-z1", "--known-by", "2025-12", "--as-of", "2025-01-01")["price_USD"]["value"] == 20000
    result = cli(TIME, "list", "chips", "--known-by", "2025-05", "-f", "json")
    assert json.loads(result.stdout) == [] and "1 chip not yet reported left out" in result.stderr


# changes: by valid time, with the reported date; or by reported time -----------------------


def test_changes_since_is_by_valid_time_with_the_reported_date():
    found = json.loads(cli(TIME, "changes", "--since", "2025", "-f", "json").stdout)
    price = [(c["date"], c["what"], c["value"]["value"], c["reported"]) for c in found if c["field"] == "price_USD"]
    assert price == [("2026-01-15", "changed", 12000, "2026-02-01"), ("2025-06-01", "changed", 15000, "2025-06-01")]
    table = cli(TIME, "changes", "--since", "2025").stdout
    assert "reported" in table.splitlines()[0]


def test_changes_reported_since_lists_what_a_new_article_contributed():
    found = json.loads(cli(TIME, "changes", "--reported-since", "2026-03", "-f", "json").stdout)
    focus = {c["value"] for c in found if c["field"] == "focus"}
    assert focus == {"low-power inference chips", "training clusters for large models"}  # whatever time it is about
    assert "low-power inference chips" not in {
        c["value"] for c in json.loads(cli(TIME, "changes", "--since", "2026-03", "-f", "json").stdout)
    }


def test_changes_needs_one_date():
    assert run_cli("changes", "--data-dir", str(TIME)).exit_code == 2
    both = run_cli("changes", "--since", "2025", "--reported-since", "2025", "--data-dir", str(TIME))
    assert both.exit_code == 2 and "one of --since" in both.stderr


# export: both questions are one query each -------------------------------------------------


def test_export_facts_table_has_both_times_and_their_bases(tmp_path):
    db_path = tmp_path / "t.sqlite"
    cli(TIME, "export", "--format", "sqlite", str(db_path))
    db = sqlite3.connect(db_path)
    got = db.execute(
        "SELECT value, valid_from, valid_until, valid_basis, as_of, as_of_basis FROM facts "
        "WHERE entity = 'zeta-z1' AND field = 'price_USD' ORDER BY valid_from"
    ).fetchall()
    assert got == [
        ("20000 USD", "2023-05-01", "2025-06-01", "release", "2025-06-01", "published"),
        ("15000 USD", "2025-06-01", "2026-01-15", "given", "2025-06-01", "published"),
        ("12000 USD", "2026-01-15", None, "given", "2026-02-01", "published"),
    ]
    held = "SELECT value FROM facts WHERE entity = 'zeta-z1' AND field = 'price_USD' AND valid_from <= :d AND (valid_until IS NULL OR valid_until > :d)"
    assert db.execute(held, {"d": "2025-12-31"}).fetchall() == [("15000 USD",)]
    said = "SELECT count(*) FROM facts WHERE entity = 'zeta-z1' AND field = 'price_USD' AND as_of <= :d"
    assert db.execute(said, {"d": "2025-12-31"}).fetchone() == (2,)


# --as-of today is the view without it -------------------------------------------------------

FORMATS = ["table", "csv", "tsv", "json", "jsonl", "markdown"]


@pytest.mark.parametrize("data", [DATA, TIME, FIXTURES / "trust" / "data"], ids=["bundled", "time", "trust"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_as_of_today_is_the_view_without_it(data, fmt):
    from aitrack.vocab import CITED_KINDS, KIND_NAMES

    for kind in KIND_NAMES:
        same_without_title(data, fmt, "list", f"{kind}s")
        listed = json.loads(run_cli("list", f"{kind}s", "-f", "json", "--data-dir", str(data)).stdout)
        ids = [r["id"] for r in listed]
        for rid in ids[:3]:
            same_without_title(data, fmt, "show", rid)
        if kind in CITED_KINDS and len(ids) >= 2:
            same_without_title(data, fmt, "compare", *ids[:3])


# The bundled data answers the questions of issue 25 --------------------------------------


def test_compare_on_a_day_before_the_sources_spoke():
    result = cli(DATA, "compare", "h100", "mi300x", "--as-of", "2025-01-01", "-f", "json")
    values = {r["field"]: r["values"] for r in json.loads(result.stdout)["rows"]}
    assert values["memory_GB"]["h100"]["value"] == 80 and values["memory_GB"]["mi300x"]["value"] == 192
    assert values["peak_bf16_TFLOPS"]["h100"]["value"] == 989


def test_grok_2_weights_through_time():
    def weights(*args: str) -> bool:
        return show_json(DATA, "grok-2", *args)["open_weights"]["value"]

    assert weights("--as-of", "2025-01-01") is False
    assert weights("--as-of", "2025-09-01") is True
    assert weights("--known-by", "2025-06-01") is False
    assert weights() is True


def test_list_chips_as_of_2020_says_how_many_it_left_out():
    result = cli(DATA, "list", "chips", "--as-of", "2020")
    assert result.stdout.splitlines()[0].startswith("as of 2020-12-31: ")
    assert "chips not yet released left out" in result.stdout.splitlines()[0]
    assert "this dataset has no chips" not in result.stderr


def test_the_2024_table_holds_from_2024():
    focus = show_json(DATA, "openai")["focus"]
    assert (focus["valid_from"], focus["valid_basis"], focus["as_of"]) == ("2024-01-01", "section", "2026-04-18")


def test_spacex_owns_xai_from_the_acquisition():
    org = show_json(DATA, "spacex")["org_type"]
    assert (org["valid_from"], org["valid_basis"], org["as_of"]) == ("2026-02-02", "given", "2026-02-03")


def test_min_confidence_marks_what_it_hid():
    table = cli(DATA, "list", "chips", "--min-confidence", "likely").stdout
    assert table.splitlines()[0].startswith("values at least 'likely': ") and "below 'likely' hidden" in table
    assert "(hidden)" in table and "(hidden) a value the view hides (below --min-confidence" in table
    result = cli(DATA, "list", "chips", "--min-confidence", "likely", "-f", "csv")
    assert "below 'likely' hidden" in result.stderr and "(hidden)" not in result.stdout


def test_a_value_not_yet_reported_is_marked_hidden_and_counted(time_data):
    """--known-by hides a value no source had reported by then (a TDP first reported in
    February 2026): marked (hidden), not '—' (which means nothing in the sources), and
    counted in the view's line."""
    chips = time_data / "chips.yaml"
    memory = "  memory: {value: 64 GB, source: zeta-datasheet}\n"
    chips.write_text(chips.read_text().replace(memory, memory + "  tdp: {value: 500 W, source: zeta-news-2026}\n"))
    shown = cli(time_data, "show", "zeta-z1", "--known-by", "2025-12-31")
    first, *rest = shown.stdout.splitlines()
    assert (
        first.startswith("as the sources had reported it by 2025-12-31: ")
        and "1 value not yet reported hidden" in first
    )
    assert "(hidden)" in next(line for line in rest if line.startswith("tdp"))
    listed = cli(time_data, "list", "chips", "--known-by", "2025-12-31", "--columns", "id,tdp_W").stdout
    assert "1 value not yet reported hidden" in listed.splitlines()[0] and "(hidden)" in listed
    plain = cli(time_data, "show", "zeta-z1").stdout.splitlines()
    assert "500 W" in next(line for line in plain if line.startswith("tdp"))
