"""Time views on search, timeline and export (issue 25, items 2 and 3): `--as-of DATE` and
`--known-by DATE` select as list, show and compare do (store.history.select), say what
they left out, and `--as-of` today gives the output without it. On the time fixture
(tests/fixtures/time: zeta-z1 released 2023-05 with prices from 2023, 2025-06 and
2026-01-15; the lab zeta dated from a 2024 section; nodate, which nothing dates) and on the
bundled data. The API's list/get/compare/search take as_of and known_by too."""

from __future__ import annotations

import csv
import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from conftest import DATA, FIXTURES, run_cli, same_without_title

TIME = FIXTURES / "time" / "data"
TODAY = date.today().isoformat()
FORMATS = ["table", "csv", "json", "jsonl", "markdown"]


def cli(data: Path, *args: str, env: dict | None = None):
    result = run_cli(*args, "--data-dir", str(data), env=env)
    assert result.exit_code == 0, result.stderr
    return result


def found(data: Path, *args: str) -> list[str]:
    return [h["id"] for h in json.loads(cli(data, "search", *args, "-f", "json").stdout)]


# search ------------------------------------------------------------------------------


@pytest.mark.parametrize("data", [DATA, TIME], ids=["bundled", "time"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_search_as_of_today_is_the_search_without_it(data, fmt):
    for text in ("zeta", "hbm3", "open", "nvidia"):
        same_without_title(data, fmt, "search", text)
    same_without_title(data, fmt, "search", "a", "--kind", "chips")


def test_search_as_of_a_past_day_leaves_out_what_did_not_exist_yet():
    assert set(found(TIME, "zeta")) >= {"zeta", "zeta-z1", "zeta-review", "zeta-news-2026"}
    result = cli(TIME, "search", "zeta", "--as-of", "2023-06", "-f", "json")
    ids = {h["id"] for h in json.loads(result.stdout)}
    assert ids == {"zeta-z1", "nodate", "zeta-datasheet"}  # nodate cites the undated datasheet
    assert "as of 2023-06-30: 4 entities not yet known to exist left out" in result.stderr
    assert "2 entities of unknown date shown as known now" in result.stderr
    table = cli(TIME, "search", "zeta", "--kind", "chips", "--as-of", "2023").stdout
    assert table.splitlines()[0] == "as of 2023-12-31: 0 chips not yet released left out"
    # a value that did not hold yet is not found; the entity is there, so nothing is counted
    assert found(TIME, "15000") == ["zeta-z1"]
    none = run_cli("search", "15000", "--as-of", "2025-05", "--data-dir", str(TIME))
    assert none.exit_code == 0 and "nothing matches '15000' in this view" in none.stderr
    assert "0 entities not yet known to exist left out" in none.stdout.splitlines()[0]


def test_search_known_by_hides_what_was_not_yet_reported():
    assert found(TIME, "12000") == ["zeta-z1"]
    assert found(TIME, "12000", "--known-by", "2025-12") == []  # reported 2026-02-01
    result = cli(TIME, "search", "zeta", "--known-by", "2025-12", "-f", "csv")
    ids = {r["id"] for r in csv.DictReader(result.stdout.splitlines())}
    assert "zeta-review" not in ids and "zeta" not in ids and "zeta-z1" in ids
    assert "as the sources had reported it by 2025-12-31" in result.stderr and "not yet reported" in result.stderr


def test_search_on_the_bundled_data_before_a_model_existed():
    assert "grok-3" in found(DATA, "grok")
    result = cli(DATA, "search", "grok", "--kind", "models", "--as-of", "2024-09")
    assert "grok-3" not in result.stdout and "grok-2" in result.stdout
    # grok-3 (and any later model the bundled data gains) is counted, not listed
    first = result.stdout.splitlines()[0]
    assert first.startswith("as of 2024-09-30: ") and first.endswith(" not yet released left out"), first


# timeline -------------------------------------------------------------------------------


@pytest.mark.parametrize("data", [DATA, TIME], ids=["bundled", "time"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_timeline_as_of_today_is_the_timeline_without_it(data, fmt):
    same_without_title(data, fmt, "timeline")
    same_without_title(data, fmt, "timeline", "--since", "2025")


def test_timeline_as_of_a_past_day_shows_what_had_happened():
    env = {"AITRACK_TODAY": TODAY}
    assert [e["id"] for e in json.loads(cli(TIME, "timeline", "-f", "json", env=env).stdout)] == ["zeta-z1"]
    result = run_cli("timeline", "--as-of", "2023-04", "-f", "json", "--data-dir", str(TIME), env=env)
    assert result.exit_code == 0 and json.loads(result.stdout) == []
    assert "as of 2023-04-30: 1 entity not yet known to exist left out" in result.stderr
    events = json.loads(cli(DATA, "timeline", "--as-of", "2023", "-f", "json", env=env).stdout)
    assert events and all(e["date"] <= "2023-12-31" for e in events if e["type"] != "due")
    table = cli(DATA, "timeline", "--as-of", "2023", env=env).stdout
    assert table.startswith("as of 2023-12-31: ") and "entities not yet known to exist left out" in table


def test_timeline_shows_predictions_as_they_stood_then():
    def status(*args: str) -> str | None:
        events = json.loads(cli(DATA, "timeline", *args, "-f", "json", env={"AITRACK_TODAY": TODAY}).stdout)
        return next(e["status"] for e in events if e["id"] == "ainews-biotech-unicorn-2025")

    assert status() == "void"  # resolved on 2026-11-23
    assert status("--as-of", "2026-06") == "open"
    assert status("--known-by", "2026-06") == "open"


def test_timeline_known_by_hides_what_was_not_yet_reported():
    env = {"AITRACK_TODAY": TODAY}
    ids = {e["id"] for e in json.loads(cli(DATA, "timeline", "-f", "json", env=env).stdout)}
    early = json.loads(cli(DATA, "timeline", "--known-by", "2025-06", "-f", "json", env=env).stdout)
    assert "ainews-biotech-unicorn-2025" in ids  # made 2026-04-18
    assert "ainews-biotech-unicorn-2025" not in {e["id"] for e in early} and len(early) < len(ids)


# export -----------------------------------------------------------------------------------


def tables(path: Path) -> dict[str, list]:
    db = sqlite3.connect(path)
    names = [
        n for (n,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'search_%'")
    ]
    return {n: sorted(map(repr, db.execute(f'SELECT * FROM "{n}"'))) for n in names}


def export(data: Path, target: Path, *args: str):
    return cli(data, "export", str(target), *args, env={"AITRACK_TODAY": TODAY})


@pytest.mark.parametrize("data", [DATA, TIME], ids=["bundled", "time"])
def test_export_as_of_today_is_the_export_without_it(data, tmp_path):
    export(data, tmp_path / "plain.db")
    timed = export(data, tmp_path / "timed.db", "--as-of", TODAY)
    assert f"as of {TODAY}" in timed.stderr
    plain, viewed = tables(tmp_path / "plain.db"), tables(tmp_path / "timed.db")
    assert set(viewed["meta"]) - set(plain["meta"]) == {repr(("as_of", TODAY))}  # the file says what it is
    assert {k: v for k, v in viewed.items() if k != "meta"} == {k: v for k, v in plain.items() if k != "meta"}
    export(data, tmp_path / "plain.json")
    export(data, tmp_path / "timed.json", "--as-of", TODAY)
    doc = json.loads((tmp_path / "timed.json").read_text())
    assert doc.pop("view") == {"as_of": TODAY}
    assert doc == json.loads((tmp_path / "plain.json").read_text())
    export(data, tmp_path / "plain.jsonl")
    export(data, tmp_path / "timed.jsonl", "--as-of", TODAY)
    assert (tmp_path / "plain.jsonl").read_text() == (tmp_path / "timed.jsonl").read_text()
    export(data, tmp_path / "plain", "-f", "csv")
    export(data, tmp_path / "timed", "-f", "csv", "--as-of", TODAY)
    for f in (tmp_path / "plain").iterdir():
        assert f.read_text() == (tmp_path / "timed" / f.name).read_text(), f.name


def test_export_as_of_a_past_day_writes_the_view_and_says_so(tmp_path):
    result = export(TIME, tmp_path / "t.db", "--as-of", "2023-06")
    assert "as of 2023-06-30: 2 entities not yet known to exist left out" in result.stderr
    db = sqlite3.connect(tmp_path / "t.db")
    assert dict(db.execute("SELECT key, value FROM meta WHERE key IN ('as_of', 'known_by')")) == {"as_of": "2023-06-30"}
    assert db.execute("SELECT id FROM labs").fetchall() == [("nodate",)]
    # the lab zeta is dated from 2024: the chip's vendor is NULL, not a dangling reference
    assert db.execute("SELECT id, vendor, price_USD FROM chips").fetchall() == [("zeta-z1", None, 20000.0)]
    sources = {s for (s,) in db.execute("SELECT id FROM sources")}
    assert "zeta-news-2026" not in sources and "zeta-review" in sources  # kept: the chip cites it
    prices = db.execute("SELECT value FROM facts WHERE entity = 'zeta-z1' AND field = 'price_USD'").fetchall()
    assert prices == [("20000 USD",)]
    export(TIME, tmp_path / "t.json", "--as-of", "2023-06")
    doc = json.loads((tmp_path / "t.json").read_text())
    assert doc["view"] == {"as_of": "2023-06-30"} and [c["id"] for c in doc["chips"]] == ["zeta-z1"]
    assert doc["counts"]["lab"] == 1 and [lab["id"] for lab in doc["labs"]] == ["nodate"]
    export(TIME, tmp_path / "csv", "-f", "csv", "--as-of", "2023-06")
    labs = list(csv.DictReader((tmp_path / "csv" / "labs.csv").read_text().splitlines()))
    assert [r["id"] for r in labs] == ["nodate"]


def test_export_known_by_hides_what_was_not_yet_reported(tmp_path):
    result = run_cli("export", "-f", "jsonl", "-", "--known-by", "2025-12", "--data-dir", str(TIME))
    assert result.exit_code == 0 and "as the sources had reported it by 2025-12-31" in result.stderr
    chip = next(r for r in map(json.loads, result.stdout.splitlines()) if r["id"] == "zeta-z1")
    assert chip["price_USD"]["value"] == 15000
    assert [f["value"] for f in chip["history"]["price_USD"]] == [20000, 15000]
    export(TIME, tmp_path / "k.db", "--known-by", "2025-12")
    db = sqlite3.connect(tmp_path / "k.db")
    assert dict(db.execute("SELECT key, value FROM meta WHERE key = 'known_by'")) == {"known_by": "2025-12-31"}
    assert db.execute("SELECT count(*) FROM facts WHERE as_of > '2025-12-31'").fetchone() == (0,)


@pytest.mark.parametrize("args", [("--as-of", "2020"), ("--known-by", "2025-01"), ("--as-of", "2023-06")])
def test_export_of_the_bundled_data_in_a_past_view_has_no_dangling_reference(tmp_path, args):
    export(DATA, tmp_path / "old.db", *args)
    db = sqlite3.connect(tmp_path / "old.db")
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert db.execute("SELECT count(*) FROM meta WHERE key IN ('as_of', 'known_by')").fetchone() == (1,)


# a bad date is a usage error ---------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("search", "zeta", "--as-of", "2025-13"),
        ("search", "zeta", "--known-by", "soon"),
        ("timeline", "--as-of", "yesterday"),
        ("timeline", "--known-by", "2025-02-30"),
        ("export", "x.json", "--as-of", "2025/01/01"),
        ("export", "-", "-f", "json", "--known-by", "unknown"),
    ],
)
def test_a_bad_date_is_a_usage_error(args, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run_cli(*args, "--data-dir", str(TIME))
    assert result.exit_code == 2 and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and args[-2] in lines[0]  # one line, naming the option
    assert not (tmp_path / "x.json").exists()


# the API -----------------------------------------------------------------------------------


def test_the_api_takes_as_of_and_known_by():
    import aitrack
    from aitrack.errors import UsageError

    ds = aitrack.open(DATA)
    assert ds.get("grok-2", as_of="2025-01-01")["open_weights"]["value"] is False
    assert ds.get("grok-2", as_of=date(2025, 9, 1))["open_weights"]["value"] is True
    assert ds.get("grok-2", known_by="2025-06-01")["open_weights"]["value"] is False
    assert ds.list("chips", as_of=TODAY) == ds.list("chips")
    assert ds.search("grok", kind="models", as_of="2024-09") == json.loads(
        cli(DATA, "search", "grok", "--kind", "models", "--as-of", "2024-09", "-f", "json").stdout
    )
    cmp = ds.compare(["h100", "mi300x"], as_of="2025-01-01")
    assert json.loads(cli(DATA, "compare", "h100", "mi300x", "--as-of", "2025-01-01", "-f", "json").stdout) == cmp
    with pytest.raises(UsageError):
        ds.list("chips", known_by="soon")
