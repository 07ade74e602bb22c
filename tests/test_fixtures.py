"""The fixture datasets under tests/fixtures/ stay valid: behaviour tests build on them."""

from __future__ import annotations

from conftest import FIXTURES, run_cli


def test_mini_fixture_is_valid(mini_data):
    result = run_cli("validate", "--data-dir", str(mini_data))
    assert result.exit_code == 0, result.stderr
    assert "5 labs, 3 chips, 2 models, 3 predictions, 0 products, 3 sources" in result.stderr


def test_mini_fixture_copy_is_writable_and_independent(mini_data):
    (mini_data / "labs.yaml").write_text("[]\n")
    assert (FIXTURES / "mini" / "data" / "labs.yaml").read_text() != "[]\n"


def test_mini_fixture_reads_by_id(mini_data):
    result = run_cli("show", "mi300x", "--data-dir", str(mini_data), "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert '"192 GB"' in result.stdout or "192" in result.stdout


def test_catalog_fixture_passes_the_strict_gate():
    """The catalog fixture (list/show/search/compare/scan/export tests) is a dataset a
    curator could ship: every quote found, every name in its documents covered."""
    result = run_cli("validate", "--strict", "--data-dir", str(FIXTURES / "catalog" / "data"))
    assert result.exit_code == 0, result.stderr
    assert "13 labs, 7 chips, 9 models, 4 predictions, 0 products, 3 sources" in result.stderr
    assert "strict: every name covered, no TODO" in result.stderr


def test_predictions_fixture_passes_the_strict_gate():
    """The predictions fixture (due filters, resolve, timeline tests) is small, every quote
    is found in its test documents, and every name in them is covered."""
    result = run_cli("validate", "--strict", "--data-dir", str(FIXTURES / "predictions" / "data"))
    assert result.exit_code == 0, result.stderr
    assert "4 labs, 0 chips, 4 models, 16 predictions, 0 products, 3 sources" in result.stderr
    assert "strict: every name covered, no TODO" in result.stderr
