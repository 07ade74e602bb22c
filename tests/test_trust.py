"""Trust on a small fixture dataset (tests/fixtures/trust): grades, as_of, confidence,
history folded to the current fact, and conflicts."""

from __future__ import annotations

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
    assert rec["memory"]["value"]["text"] == "384 GB"
    assert rec["memory"]["current"] is True
    history = rec["history"]["memory"]
    assert [f["value"]["text"] for f in history] == ["96 GB", "288GB", "384 GB"]
    assert [f["as_of"] for f in history] == ["2023-06", "2024-03-01", "2025-01-15"]
    assert [f["as_of_basis"] for f in history] == ["given", "published", "published"]
    assert [f["current"] for f in history] == [False, False, True]


def test_reliability_and_confidence(trust_data):
    rec = show_json(trust_data, "acme-x1")
    assert rec["memory"]["reliability"] == "primary"
    assert rec["memory"]["confidence"] == "confident"
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
    path.write_text(text.replace('    - {value: 384 GB', clash + '    - {value: 384 GB'))
    result = run_cli("validate", "--data-dir", str(trust_data))
    assert result.exit_code == 1
    assert "chips.yaml:11:" in result.stderr and "conflict" in result.stderr
    path.write_text(text.replace('    - {value: 384 GB', clash + '    - {value: 384 GB, supersedes: "400 GB"'))
    result = run_cli("validate", "--data-dir", str(trust_data))
    assert result.exit_code == 0, result.stderr
    assert show_json(trust_data, "acme-x1")["memory"]["value"]["text"] == "384 GB"


def test_confidence_by_hand_needs_a_reason(trust_data):
    path = trust_data / "labs.yaml"
    path.write_text(path.read_text().replace("source: acme-x1-datasheet}", "source: acme-x1-datasheet, confidence: likely}"))
    result = run_cli("validate", "--data-dir", str(trust_data))
    assert result.exit_code == 1
    assert "confidence_reason" in result.stderr and "labs.yaml:5:" in result.stderr
