"""The wider grammar of quantities and horizons: unit spellings and case variants,
bounds and ranges, quarters, halves, parts of a year and relative horizons, each with
its due window."""

from __future__ import annotations

import json
from datetime import date

import pytest
from conftest import run_cli

from aitrack import dates, quantity

TB_S = 1e12


@pytest.mark.parametrize(
    "text, value, dim",
    [
        ("6TB/second", 6 * TB_S, "bandwidth"),
        ("6 TB/sec", 6 * TB_S, "bandwidth"),
        ("6TB/S", 6 * TB_S, "bandwidth"),
        ("6 TBps", 6 * TB_S, "bandwidth"),
        ("900 GBps", 900e9, "bandwidth"),
        ("5.3 terabytes per second", 5.3 * TB_S, "bandwidth"),
        ("192 gigabytes", 192e9, "bytes"),
        ("2 petaflops", 2e15, "flops"),
        ("45 TFLOPs", 45e12, "flops"),
        ("750 watts", 750, "power"),
        ("20 percent", 20, "percent"),
    ],
)
def test_unit_variants(text, value, dim):
    q = quantity.parse(text)
    assert (q.value, q.dim, q.bound) == (pytest.approx(value), dim, None)


@pytest.mark.parametrize("text", ["6 tb/s", "5 mB", "10 Gbps"])
def test_ambiguous_units_stay_errors(text):
    # lowercase b is bits and lowercase m is milli: never guessed
    with pytest.raises(quantity.QuantityError, match="unknown unit"):
        quantity.parse(text)


def test_unknown_unit_error_lists_the_accepted_ones():
    with pytest.raises(quantity.QuantityError) as err:
        quantity.parse("200 furlongs")
    assert "accepted:" in str(err.value) and "TB/s" in str(err.value) and "GBps" in str(err.value)


@pytest.mark.parametrize(
    "text, value, bound",
    [
        ("up to 288GB", 288e9, "at most"),
        ("Up to 288 GB", 288e9, "at most"),
        ("< 700 W", 700, "at most"),
        (">1 PFLOPS", 1e15, "at least"),
        ("at least 100,000 GPUs", 100_000, "at least"),
        ("up to ~5 TB/s", 5 * TB_S, "at most"),
    ],
)
def test_bounds(text, value, bound):
    q = quantity.parse(text)
    assert (q.value, q.bound) == (pytest.approx(value), bound)
    assert q.as_dict()["bound"] == bound


def test_a_bound_and_a_range_at_once_is_refused():
    with pytest.raises(quantity.QuantityError, match="both a bound and a range"):
        quantity.parse("up to $5-6B")


def test_ranges_keep_both_ends():
    d = quantity.parse("$40-60B").as_dict()
    assert (d["value"], d["high"]) == (40e9, 60e9)


MADE = (date(2024, 6, 1), date(2024, 6, 30))


@pytest.mark.parametrize(
    "text, window",
    [
        ("Q4'24", ("2024-10-01", "2024-12-31")),
        ("Q4 2024", ("2024-10-01", "2024-12-31")),
        ("ships in 4Q24", ("2024-10-01", "2024-12-31")),
        ("in the fourth quarter of 2024", ("2024-10-01", "2024-12-31")),
        ("H2 2025", ("2025-07-01", "2025-12-31")),
        ("the second half of 2025", ("2025-07-01", "2025-12-31")),
        ("mid-2025", ("2025-05-01", "2025-08-31")),
        ("early 2026", ("2026-01-01", "2026-04-30")),
        ("late 2025", ("2025-09-01", "2025-12-31")),
        ("by end of 2025", ("2025-12-31", "2025-12-31")),
        ("before 2026", ("2025-12-31", "2025-12-31")),
        ("before Q3 2025", ("2025-06-30", "2025-06-30")),
        ("in 2026", ("2026-01-01", "2026-12-31")),
        ("2026E", ("2026-12-31", "2026-12-31")),
        ("2026-27", ("2026-01-01", "2027-12-31")),
        ("next year", ("2025-01-01", "2025-12-31")),
        ("within 12 months", ("2025-06-01", "2025-06-30")),
        ("the next 18-24 months", ("2025-12-01", "2026-06-30")),
    ],
)
def test_horizon_windows(text, window):
    got = dates.due_window(dates.parse_horizon(text), MADE)
    assert got is not None, text
    assert (got[0].isoformat(), got[1].isoformat()) == window


@pytest.mark.parametrize(
    "text", ["Intel's Gaudi 3 will beat the H100", "launched 2024-05", "at least the next few months"]
)
def test_not_horizons(text):
    assert dates.parse_horizon(text) is None


def test_relative_horizon_needs_a_known_date():
    assert dates.due_window(dates.parse_horizon("next year"), None) is None


def test_prediction_due_window_from_a_quarter(mini_data):
    text = (mini_data / "predictions.yaml").read_text()
    (mini_data / "predictions.yaml").write_text(text.replace("horizon: by end of 2025", "horizon: H2 2025"))
    result = run_cli("show", "amd-mi300x-successor-2025", "--data-dir", str(mini_data), "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["due"] == "2025-12-31"
    from aitrack.store.catalog import open_catalog

    pred = open_catalog(str(mini_data), use_cache=False).get("amd-mi300x-successor-2025")
    assert pred["due_window"] == ["2025-07-01", "2025-12-31"]


def test_compare_shows_a_bound_as_a_bound(mini_data):
    chips = mini_data / "chips.yaml"
    chips.write_text(
        chips.read_text().replace(
            "memory: {value: 80 GB, source: nvidia-h100-datasheet, note: H100 SXM}",
            "memory: {value: up to 94 GB, source: nvidia-h100-datasheet, note: H100 NVL}",
        )
    )
    result = run_cli("compare", "h100", "mi300x", "--data-dir", str(mini_data), "-f", "csv")
    assert result.exit_code == 0, result.stderr
    shown = run_cli("show", "h100", "--data-dir", str(mini_data))
    assert "up to 94 GB" in shown.stdout
    table = run_cli("compare", "h100", "mi300x", "--data-dir", str(mini_data), "-f", "markdown")
    assert "≤ 94" in table.stdout


def test_due_unknown_with_a_horizon_that_fixes_the_day_is_derived(mini_data):
    """It crashed with a TypeError (found by a QA session): `due: unknown` is no due."""
    from conftest import run_cli

    preds = mini_data / "predictions.yaml"
    preds.write_text(
        preds.read_text().replace("  horizon: by end of 2025\n", "  horizon: by end of 2025\n  due: unknown\n")
    )
    result = run_cli("show", "amd-mi300x-successor-2025", "-f", "json", "--data-dir", str(mini_data))
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["due"] == "2025-12-31"
