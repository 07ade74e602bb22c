"""Honest marks in compare (★ only where every entity has a value, the legend row by row,
ratios to their inputs' precision, the log-bar note only when used, units as the sources
wrote them) and the timeline (date order within a year, one line per happening, today
only inside the window, overdue in words). Runs on the fixture dataset tests/fixtures/cli."""

from __future__ import annotations

import json

from conftest import ROOT, run_cli
from test_terminal import on_tty

FIXTURE = ROOT / "tests" / "fixtures" / "cli" / "data"
D = ("--data-dir", str(FIXTURE))


def table(*ids: str) -> list[str]:
    result = run_cli("compare", *ids, *D)
    assert result.exit_code == 0, result.stderr
    return result.stdout.splitlines()


def line(lines: list[str], field: str) -> str:
    return next(ln for ln in lines if ln.startswith(field + " "))


def test_no_star_when_another_entity_has_no_value():
    lines = table("h100", "h200", "b200")
    assert "★" not in line(lines, "peak_bf16")  # b200 has no peak_bf16: it might be the best
    assert "★" not in line(lines, "tdp")
    assert line(lines, "memory").count("★") == 1 and "180 ★" in line(lines, "memory")
    markdown = run_cli("compare", "h100", "h200", "b200", "-f", "markdown", *D).stdout
    assert "★" not in next(ln for ln in markdown.splitlines() if ln.startswith("| peak_bf16"))


def test_ties_among_complete_rows_are_all_starred():
    lines = table("h100", "h200", "mi300x")
    assert line(lines, "tdp").count("★") == 2  # 700 W twice, lower is better
    assert "1,307 ★" in line(lines, "peak_bf16")


def test_the_legend_says_which_way_is_better_for_each_row():
    out = "\n".join(table("h100", "h200", "mi300x"))
    assert "higher is better for memory, memory_bandwidth, cores, peak_bf16" in out
    assert "lower is better for tdp" in out
    assert "★ best of all compared, only where every one has a value" in out


def test_ratios_keep_the_precision_of_their_inputs():
    assert "~6,300×" in line(table("wse-3", "h100"), "memory_bandwidth")  # ~21 PB/s ÷ ~3.35 TB/s
    lines = table("h100", "mi300x")
    assert line(lines, "memory").rstrip().endswith(" 0.42×")  # 80 GB ÷ 192 GB, not 0.4167×
    assert line(lines, "peak_bf16").rstrip().endswith(" 0.757×")
    assert line(lines, "tdp").rstrip().endswith(" 0.933×")


def test_log_bar_note_only_when_a_row_uses_one_and_unit_column_is_only_the_unit():
    lines = table("wse-3", "h100")
    assert "Bars on a log scale (values more than 100x apart): memory_bandwidth." in lines
    assert line(lines, "memory_bandwidth").split()[1] == "TB/s"
    assert not any("log" in ln for ln in table("h100", "h200"))
    data = json.loads(run_cli("compare", "wse-3", "h100", "-f", "json", *D).stdout)
    assert {r["unit"] for r in data["rows"]} <= {None, "GB", "TB/s", "count", "TFLOP/s", "W"}


def test_values_stay_in_the_unit_their_sources_wrote():
    lines = table("tpu-v5e", "tpu-v4")
    memory = line(lines, "memory").split()
    assert memory[1] == "GiB" and "16" in memory and "32" in memory and "17.18" not in memory
    mixed = table("tpu-v5e", "h100")
    assert line(mixed, "memory").split()[1] == "GB" and "17.18" in line(mixed, "memory")
    assert "memory in GB; as the sources wrote it: tpu-v5e 16 GiB" in mixed


def test_two_names_of_one_entity_are_said_once():
    result = run_cli("compare", "h100", "H100 GPU", *D)
    assert result.exit_code == 2 and result.stdout == ""
    assert (
        result.stderr == "aitrack: 'h100' and 'H100 GPU' are the same entity: h100; compare needs different entities\n"
    )


# timeline ----------------------------------------------------------------------------


def events(*args: str) -> list[dict]:
    result = run_cli("timeline", "-f", "json", "--today", "2026-11-23", *args, *D)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_timeline_orders_by_date_within_a_year_with_undated_ones_after():
    from aitrack.dataset.shape import written

    # JSON dates are ISO days with a precision (#18); written() gives them back as curated
    dates = [written(e["date"], e["date_precision"]) for e in events() if e["date"].startswith("2023")]
    assert dates == ["2023-01", "2023-12", "2023-12", "2023", "2023"]


def test_a_happening_recorded_on_two_entities_shows_once_naming_both():
    found = events()
    joint = [e for e in found if "joint research programme" in e["label"]]
    assert len(joint) == 1 and sorted(joint[0]["ids"]) == ["cerebras", "google"]
    gemini = [e for e in found if (e["date"], e["date_precision"]) == ("2023-12-01", "month") and "gemini" in e["ids"]]
    assert len(gemini) == 1 and sorted(gemini[0]["ids"]) == ["gemini", "google"]
    plain = run_cli("timeline", "--today", "2026-11-23", *D).stdout
    assert plain.count("joint research programme") == 1 and "cerebras, google" in plain


def test_today_is_marked_only_inside_the_window():
    inside = run_cli("timeline", "--today", "2026-11-23", *D).stdout
    assert "today" in inside
    after = run_cli("timeline", "--since", "2027", "--today", "2026-11-23", *D)
    assert "today" not in after.stdout and "nothing dated" in after.stderr
    before = run_cli("timeline", "--until", "2024", "--today", "2026-11-23", *D).stdout
    assert "today" not in before
    chart = on_tty("timeline", "--since", "2026-12", *D, env={"AITRACK_TODAY": "2026-11-23", "NO_COLOR": "1"})
    assert "today" not in chart and "2026-12-31" in chart


def test_without_colour_overdue_deadlines_say_so_in_words():
    chart = on_tty("timeline", *D, env={"AITRACK_TODAY": "2027-03-01", "NO_COLOR": "1", "COLUMNS": "100"})
    assert "\x1b[" not in chart
    row = next(ln for ln in chart.splitlines() if "brief-gpu-prices-fall-2026" in ln or "GPU prices fall" in ln)
    assert "overdue" in row
    assert "'overdue'" in chart  # the legend explains the word, not just a colour


def test_labs_compare_without_empty_unit_and_ratio_columns():
    header = next(ln for ln in table("google", "cerebras") if ln.startswith("field"))
    assert header.split() == ["field", "google", "cerebras"]
    assert table("wse-3", "h100")[2].split() == ["field", "unit", "wse-3", "h100", "ratio", "wse-3/h100"]
