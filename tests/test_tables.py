"""Tables in a terminal: at 80, 100 and 160 columns (a pseudo-terminal running the
installed aitrack) no id, number, date or unit is split across lines, nothing is wider
than the terminal, and what had to go to make room is said on stderr. Then the layout
rules themselves, in-process. Runs on the fixture dataset tests/fixtures/cli."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT
from test_terminal import on_tty

FIXTURE = ROOT / "tests" / "fixtures" / "cli" / "data"
D = ("--data-dir", str(FIXTURE), "--color", "never")
CHIPS = ["h100", "h200", "b200", "wse-3", "mi300x", "tpu-v5e", "tpu-v4"]
PREDICTIONS = ["brief-gpu-prices-fall-2026", "brief-second-wafer-scale-vendor"]
WIDTHS = [80, 100, 160]


def shown(*args: str, width: int) -> list[str]:
    out = on_tty(*args, env={"COLUMNS": str(width), "NO_COLOR": "1", "AITRACK_TODAY": "2026-11-23"})
    return [line.rstrip() for line in out.replace("\r\n", "\n").split("\n")]


def cells(lines: list[str]) -> list[list[str]]:
    """Each line cut into its cells: at box rules, or at runs of two or more spaces."""
    return [[c.strip() for c in re.split(r"[│┃]|\s{2,}", line) if c.strip()] for line in lines]


def whole(token: str, lines: list[str]) -> bool:
    """token is a cell of some line, or the start of one (a value followed by its marks)."""
    return any(c == token or c.startswith(token + " ") for row in cells(lines) for c in row)


def assert_fits(lines: list[str], width: int) -> None:
    wide = [line for line in lines if len(line) > width and not line.startswith("aitrack: ")]  # stderr: one line
    assert not wide, f"wider than {width}: {wide[:2]}"


@pytest.mark.parametrize("width", WIDTHS)
def test_list_chips_never_splits_ids_numbers_or_dates(width):
    lines = shown("list", "chips", *D, width=width)
    assert_fits(lines, width)
    for token in CHIPS + ["~21,000", "2024-03", "2023-12", "~3.35", "17.18"]:
        assert whole(token, lines), (token, "\n".join(lines))
    hidden = [line for line in lines if "hidden to fit" in line]
    assert bool(hidden) == (width < 160), "\n".join(lines)  # said (on stderr) when it happens
    assert all(f"hidden to fit {width} columns: cores" in line for line in hidden)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("command", [("predictions",), ("list", "predictions")])
def test_prediction_ids_stay_whole_so_they_can_be_copied_into_resolve(width, command):
    lines = shown(*command, *D, width=width)
    assert_fits(lines, width)
    for token in PREDICTIONS:
        assert whole(token, lines), (token, "\n".join(lines))
    assert whole("2026-12-31", lines)
    if command == ("predictions",) and width > 80:
        assert any(re.search(r"\bin 38 days\b", line) for line in lines), "\n".join(lines)


@pytest.mark.parametrize("width", WIDTHS)
def test_compare_three_chips_keeps_every_value_whole(width):
    lines = shown("compare", "wse-3", "h100", "mi300x", *D, width=width)
    table = [line for line in lines if line.startswith(("┃", "│", "┏", "┡", "└")) or "  " in line]
    assert_fits(lines, width)
    for token in [
        "wse-3",
        "h100",
        "mi300x",
        "~21,000",
        "900,000",
        "19,456",
        "2024-03",
        "2023-12",
        "TB/s",
        "TFLOP/s",
        "memory_bandwidth",
        "1,307",
    ]:
        assert whole(token, table), (token, "\n".join(lines))


@pytest.mark.parametrize("width", WIDTHS)
def test_show_keeps_a_quantity_with_its_unit(width):
    lines = shown("show", "h100", *D, width=width)
    assert_fits(lines, width)
    assert any("~3.35 TB/s" in line for line in lines) and any("989 TFLOPS" in line for line in lines)


def test_a_terminal_too_narrow_for_any_table_gets_one_block_per_row():
    lines = shown("predictions", *D, width=40)
    assert_fits(lines, 40)
    assert "id         brief-gpu-prices-fall-2026" in lines
    assert any(line.startswith("status     open") for line in lines)


# The layout rules, in-process -------------------------------------------------------


def test_atoms_keep_numbers_with_units_and_split_prose_between_words():
    from aitrack.views.layout import atoms, wrap

    assert atoms("TSMC 5 nm and 6 nm chiplets") == ["TSMC", "5 nm", "and", "6 nm", "chiplets"]
    assert atoms("~21,000 ★ [9]  ████████", number=True) == ["~21,000 ★ [9]", "████████"]
    assert wrap("overdue by 327 days", 9) == ["overdue", "by", "327 days"]
    assert wrap("ainews-application-track-verticalization", 10) == [
        "ainews-app",
        "lication-t",
        "rack-verti",
        "calization",
    ]  # only in the record layout


def test_plan_drops_optional_columns_before_breaking_an_id():
    from aitrack.views.layout import COMPACT, RECORDS, plan

    headers = ["id", "name", "cores", "released"]
    rows = [[("apple-silicon", False), ("Apple Silicon", False), ("900,000", True), ("2024-03", False)]]
    fitted = plan(headers, rows, 34, optional=[2])
    assert fitted.mode == COMPACT and fitted.dropped == [2]
    assert fitted.widths[0] == len("apple-silicon") and fitted.widths[3] == len("released")
    assert plan(headers, rows, 20, optional=[2]).mode == RECORDS
    assert plan(headers, rows, None).widths == {0: 13, 1: 13, 2: 7, 3: 8}


def test_spare_room_goes_to_the_column_that_lacks_most():
    from aitrack.views.layout import plan

    headers = ["id", "statement", "by"]
    rows = [[("a-1", False), ("word " * 40, False), ("Someone Quite Long", False)]]
    fitted = plan(headers, rows, 80)
    assert fitted.widths[1] > fitted.widths[2]
