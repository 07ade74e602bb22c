"""Trust on a small fixture dataset (tests/fixtures/trust): grades, as_of, confidence,
history folded to the current fact, and conflicts."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from conftest import run_cli

FIXTURE = Path(__file__).parent / "fixtures" / "trust"


@pytest.fixture
def trust_data(tmp_path) -> Path:
    shutil.copytree(FIXTURE, tmp_path / "trust")
    return tmp_path / "trust" / "data"


def show_json(data: Path, *args: str) -> dict:
    result = run_cli("show", *args, "-f", "json", "--data-dir", str(data))
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_fixture_is_valid(trust_data):
    result = run_cli("validate", "--data-dir", str(trust_data))
    assert result.exit_code == 0, result.stderr


def test_current_fact_is_the_latest_and_history_is_kept(trust_data):
    rec = show_json(trust_data, "acme-x1")
    assert rec["memory_GB"]["text"] == "384 GB"
    assert rec["memory_GB"]["current"] is True
    history = rec["history"]["memory_GB"]
    assert [f["text"] for f in history] == ["96 GB", "288GB", "384 GB"]
    # dates in JSON are the first ISO day with a precision (#18)
    assert [(f["as_of"], f["as_of_precision"]) for f in history] == [
        ("2023-06-01", "month"),
        ("2024-03-01", "day"),
        ("2025-01-15", "day"),
    ]
    assert [f["as_of_basis"] for f in history] == ["given", "published", "published"]
    assert [f["current"] for f in history] == [False, False, True]


def test_reliability_and_confidence(trust_data):
    rec = show_json(trust_data, "acme-x1")
    assert rec["memory_GB"]["reliability"] == "primary"
    assert rec["memory_GB"]["confidence"] == "confident"
    model = show_json(trust_data, "foo-1")
    old = model["history"]["open_weights"][0]
    assert old["value"] is False and old["confidence"] == "likely"  # "aims to" is a hedge
    assert "aims to" in old["confidence_reason"]
    assert model["open_weights"]["value"] is True


def test_section_graded_by_heading(trust_data):
    pred = show_json(trust_data, "acme-valuation-2026")
    assert pred["reliability"] == "ai-generated"
    assert pred["section"] == "Analysis (AI-generated)"


def test_prediction_by_the_outlet_in_an_ai_generated_section_is_refused(trust_data):
    path = trust_data / "predictions.yaml"
    path.write_text(path.read_text().replace("by: the newsletter's AI-generated analysis", "by: Acme Weekly"))
    result = run_cli("validate", "--data-dir", str(trust_data))
    assert result.exit_code == 1
    assert "predictions.yaml:6:" in result.stderr and "ai-generated" in result.stderr


def test_same_date_different_values_conflict_unless_superseded(trust_data):
    path = trust_data / "chips.yaml"
    text = path.read_text()
    clash = '    - {value: 400 GB, as_of: "2025-01-15", source: acme-weekly, quote: "ships with up to 288GB of HBM3e memory", derived: "test"}\n'
    path.write_text(text.replace("    - {value: 384 GB", clash + "    - {value: 384 GB"))
    result = run_cli("validate", "--data-dir", str(trust_data))
    assert result.exit_code == 1
    assert "chips.yaml:11:" in result.stderr and "conflict" in result.stderr
    path.write_text(text.replace("    - {value: 384 GB", clash + '    - {value: 384 GB, supersedes: "400 GB"'))
    result = run_cli("validate", "--data-dir", str(trust_data))
    assert result.exit_code == 0, result.stderr
    assert show_json(trust_data, "acme-x1")["memory_GB"]["text"] == "384 GB"


def test_confidence_by_hand_needs_a_reason(trust_data):
    path = trust_data / "labs.yaml"
    path.write_text(
        path.read_text().replace("source: acme-x1-datasheet}", "source: acme-x1-datasheet, confidence: likely}")
    )
    result = run_cli("validate", "--data-dir", str(trust_data))
    assert result.exit_code == 1
    assert "confidence_reason" in result.stderr and "labs.yaml:5:" in result.stderr


# Users: history, --as-of, changes, --min-confidence, caveats -----------------------


def csv_rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def cli(data: Path, *args: str):
    result = run_cli(*args, "--data-dir", str(data))
    assert result.exit_code == 0, result.stderr
    return result


def test_show_history_lists_every_value_with_date_grade_and_source(trust_data):
    out = cli(trust_data, "show", "acme-x1", "--history").stdout
    history = out[out.index("history") :]
    rows = [ln for ln in history.splitlines() if ln.startswith("memory ")]
    # field, valid from (basis), until, reported, value
    assert [r.split()[1:6] for r in rows] == [
        ["2023-06", "(given)", "2024-03-01", "2023-06", "96"],
        ["2024-03-01", "(published)", "2025-01-15", "2024-03-01", "288GB"],
        ["2025-01-15", "(published)", "2025-01-15", "384", "GB"],  # still holds: no until
    ]
    assert "primary" in rows[2] and "yes" in rows[2] and "yes" not in rows[0]
    assert "Acme X1 datasheet, revision B" in out  # the newest value's source is footnoted


@pytest.mark.parametrize(
    "as_of, memory",
    [
        ("2023-06-30", "96 GB"),
        ("2023", "96 GB"),
        ("2024-03", "288GB"),
        ("2025-01-14", "288GB"),
        ("2025-01-15", "384 GB"),
    ],
)
def test_show_as_of_gives_the_value_of_the_day(trust_data, as_of, memory):
    rec = show_json(trust_data, "acme-x1", "--as-of", as_of)
    assert rec["memory_GB"]["text"] == memory
    assert [f["current"] for f in rec["history"]["memory_GB"]].count(True) == 1


def test_as_of_before_an_entity_appeared(trust_data):
    result = run_cli("show", "foo-1", "--as-of", "2023", "--data-dir", str(trust_data))
    assert result.exit_code == 1 and "foo-1 did not exist yet on 2023-12-31" in result.stderr
    rows = csv_rows(cli(trust_data, "list", "chips", "--as-of", "2024-01", "-f", "csv").stdout)
    assert [r["id"] for r in rows] == ["acme-x1"]  # acme-x0 first appears in 2025
    assert rows[0]["memory_GB"] == "96"


def test_list_as_of_filters_on_the_value_of_the_day(trust_data):
    closed = cli(trust_data, "list", "models", "--closed-weights", "--as-of", "2024-12", "-f", "csv").stdout
    assert "foo-1" in closed
    assert "foo-1" not in cli(trust_data, "list", "models", "--closed-weights", "-f", "csv").stdout
    assert "foo-1" in cli(trust_data, "list", "models", "--open-weights", "-f", "csv").stdout


def test_bad_as_of_is_a_usage_error(trust_data):
    result = run_cli("list", "chips", "--as-of", "March 2024", "--data-dir", str(trust_data))
    assert result.exit_code == 2 and "--as-of" in result.stderr


def test_compare_carries_grade_note_and_derivation(trust_data):
    rows = json.loads(cli(trust_data, "compare", "acme-x1", "acme-x0", "-f", "json").stdout)["rows"]
    memory = next(r for r in rows if r["field"] == "memory_GB")  # one value object per entity (#18)
    values = memory["values"]
    assert {k: v["value"] for k, v in values.items()} == {"acme-x1": 384, "acme-x0": 48}
    assert {k: v["confidence"] for k, v in values.items()} == {"acme-x1": "confident", "acme-x0": "confident"}
    assert {k: v["reliability"] for k, v in values.items()} == {"acme-x1": "primary", "acme-x0": "primary"}
    assert values["acme-x0"]["derived"].startswith("half of")
    assert values["acme-x1"]["note"] == "revision B"


def test_compare_as_of(trust_data):
    rows = json.loads(cli(trust_data, "compare", "acme-x1", "acme-x0", "--as-of", "2025-06", "-f", "json").stdout)[
        "rows"
    ]
    values = next(r for r in rows if r["field"] == "memory_GB")["values"]
    assert {k: v["value"] for k, v in values.items()} == {"acme-x1": 384, "acme-x0": 48}
    result = run_cli("compare", "acme-x1", "acme-x0", "--as-of", "2024-06", "--data-dir", str(trust_data))
    assert result.exit_code == 1 and "acme-x0 did not exist yet" in result.stderr


def test_changes_since_newest_first(trust_data):
    rows = json.loads(cli(trust_data, "changes", "--since", "2024-06", "-f", "json").stdout)
    assert [(r["date"], r["what"], r["id"], r["field"]) for r in rows] == [
        ("2025-02-03", "changed", "foo-1", "open_weights"),
        ("2025-02-03", "source", "acme-foo-1-release", None),
        ("2025-01-15", "changed", "acme-x1", "memory_GB"),  # machine name (#18)
        ("2025-01-15", "fact", "acme", "country"),
        ("2025-01-15", "entity", "acme-x0", None),
        ("2025-01-15", "source", "acme-x1-datasheet", None),
    ]
    assert rows[0]["before"] is False and rows[0]["value"] is True and rows[0]["source"] == "acme-foo-1-release"
    table = cli(trust_data, "changes", "--since", "2024-06").stdout
    assert "288GB -> 384 GB" in table and "no -> yes" in table


def test_changes_includes_resolutions(trust_data):
    path = trust_data / "predictions.yaml"
    path.write_text(
        path.read_text().replace("value: $40-60B\n", "value: $40-60B\nstatus: 'false'\n".replace("status", "  status"))
        + "  resolution: {outcome: 'false', on: '2027-01-05', note: 'Valued at $12B', evidence: 'https://acme.invalid/v'}\n"
    )
    rows = json.loads(cli(trust_data, "changes", "--since", "2027", "-f", "json").stdout)
    assert [(r["what"], r["id"], r["value"]) for r in rows] == [("resolution", "acme-valuation-2026", "false")]
    assert "false: Valued at $12B (https://acme.invalid/v)" in cli(trust_data, "changes", "--since", "2027").stdout
    # as of before the resolution, the prediction is still open
    assert show_json(trust_data, "acme-valuation-2026", "--as-of", "2026-12")["status"] == "open"


def test_min_confidence_drops_weaker_facts(trust_data):
    rows = csv_rows(cli(trust_data, "list", "models", "--min-confidence", "confident", "-f", "csv").stdout)
    assert rows[0]["open_weights"] == "true"
    rows = csv_rows(
        cli(trust_data, "list", "models", "--min-confidence", "confident", "--as-of", "2024-12", "-f", "csv").stdout
    )
    assert rows[0]["open_weights"] == ""  # only a hedged "no" then


def test_compare_table_marks_speculative_values_and_footnotes_caveats(trust_data):
    path = trust_data / "chips.yaml"
    path.write_text(
        path.read_text().replace(
            "memory_type: {value: HBM3e,",
            "memory_type: {value: HBM3e, confidence: speculative, confidence_reason: test,",
        )
    )
    out = cli(trust_data, "compare", "acme-x1", "acme-x0").stdout
    assert "HBM3e ?" in out and "? speculative" in out
    assert "*1 acme-x1 memory: revision B" in out
    assert "*2 acme-x0 memory: derived: half of the X1 samples' 96 GB" in out
    line = next(ln for ln in out.splitlines() if ln.startswith("memory "))
    assert "*1" in line and "*2" in line


def test_show_marks_speculative(trust_data):
    out = cli(trust_data, "show", "foo-1", "--as-of", "2024-06").stdout
    assert "open_weights" in out and " no" in out
    path = trust_data / "models.yaml"
    path.write_text(
        path.read_text().replace(
            "source: acme-foo-1-release}",
            "source: acme-foo-1-release, confidence: speculative, confidence_reason: test}",
        )
    )
    out = cli(trust_data, "show", "foo-1").stdout
    assert "yes ?" in out and "? speculative" in out


def test_changes_in_the_installed_command(trust_data):
    from conftest import run_installed

    proc = run_installed("changes", "--since", "2025-02", "--data-dir", str(trust_data), "-f", "csv")
    assert proc.returncode == 0, proc.stderr
    first = next(csv.DictReader(io.StringIO(proc.stdout)))  # ISO day + precision columns (#18)
    assert [first[k] for k in ("date", "what", "kind", "id", "field")] == [
        "2025-02-03",
        "changed",
        "model",
        "foo-1",
        "open_weights",
    ]
    assert first["date_precision"] == "day" and (first["before"], first["value"]) == ("false", "true")


def test_undated_facts_stay_in_as_of_views_but_never_outrank_dated_ones(trust_data):
    path = trust_data / "sources.yaml"
    path.write_text(path.read_text().replace('  published: "2025-01-15"\n', ""))
    current = show_json(trust_data, "acme-x1")
    assert current["memory_GB"]["text"] == "288GB"  # an undated fact never outranks a dated one
    assert current["history"]["memory_GB"][0]["as_of"] is None  # unknown is null in JSON (#18)
    assert current["history"]["memory_GB"][0]["valid_basis"] == "unknown"
    rec = show_json(trust_data, "acme-x1", "--as-of", "2030")
    assert rec["memory_GB"]["text"] == "288GB"
    # in the sources, of unknown date: kept (issue 25), first, never current
    assert [f["text"] for f in rec["history"]["memory_GB"]] == ["384 GB", "96 GB", "288GB"]


def test_heading_not_in_the_document(trust_data):
    path = trust_data / "sources.yaml"
    path.write_text(path.read_text().replace("heading: Analysis (AI-generated)", "heading: Opinion (AI-generated)"))
    result = run_cli("validate", "--data-dir", str(trust_data))
    assert result.exit_code == 1
    assert "sources.yaml:11:" in result.stderr and "heading not found" in result.stderr


def test_section_graded_by_locator(trust_data):
    src = trust_data / "sources.yaml"
    src.write_text(
        src.read_text().replace(
            "      by: the newsletter's AI-generated analysis\n",
            "      by: the newsletter's AI-generated analysis\n"
            "    - {locator: Chips, reliability: opinion, by: a columnist}\n",
        )
    )
    chips = trust_data / "chips.yaml"
    chips.write_text(
        chips.read_text().replace(
            "{value: 6 TB/s, source: acme-weekly,", "{value: 6 TB/s, source: acme-weekly, locator: Chips,"
        )
    )
    fact = show_json(trust_data, "acme-x1")["memory_bandwidth_TBps"]
    assert (fact["reliability"], fact["section"], fact["speaker"], fact["confidence"]) == (
        "opinion",
        "Chips",
        "a columnist",
        "likely",
    )


def test_compare_labs_as_of_lists_only_what_had_appeared(trust_data):
    def chips(*extra: str) -> str:
        rows = csv_rows(cli(trust_data, "compare", "acme", "acme-ai", "-f", "csv", *extra).stdout)
        return next(r["value"] for r in rows if r["field"] == "chips" and r["entity"] == "acme")

    assert chips() == "acme-x0; acme-x1"  # in id order
    assert chips("--as-of", "2024-06") == "acme-x1"
