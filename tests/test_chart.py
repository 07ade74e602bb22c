"""aitrack chart (issue 28, section 2): bars, a trend over time and the timeline as SVG and
PNG, on the charts fixture (tests/fixtures/charts: five chips from 0.819 to 21,000 TB/s,
one speculative, one with an eighty-character name; an overdue prediction around the
tests' today, 2025-06-01). SVG keeps its text as text, so the labels, values, units, the
date of the data and the sources footer are read straight from the file."""

from __future__ import annotations

import struct
import sys

import pytest
from conftest import FIXTURES, run_cli

CHARTS = FIXTURES / "charts" / "data"
D = ("--data-dir", str(CHARTS))
TODAY = {"AITRACK_TODAY": "2025-06-01"}
DATA_DATE = "2025-03-20"  # the newest source of the fixture (rumour-mill)


def chart(tmp_path, name: str, *args: str, env: dict | None = None):
    out = tmp_path / name
    result = run_cli("chart", *args, "-o", str(out), *D, env=env)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "" and f"wrote {out}" in result.stderr
    return out


def svg_text(path) -> str:
    text = path.read_text(encoding="utf-8")
    assert text.lstrip().startswith("<?xml") and "<svg" in text
    assert "<text" in text  # svg.fonttype none: labels are text, not glyph paths
    return text


def png_size(path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    assert 500 <= width <= 3000 and 300 <= height <= 4000, (width, height)
    return width, height


def sourced(text: str) -> None:
    """The date of the data, the fingerprint and the footer naming the sources."""
    assert f"Data as of {DATA_DATE}" in text
    from aitrack.store.catalog import open_catalog

    assert f"dataset fingerprint {open_catalog(str(CHARTS)).fingerprint}" in text
    assert "Sources: vendor-sheets (Accelerator datasheets, collected)" in text


COMPARE = ("compare", "alpha", "gamma", "wafer", "tiny", "--field", "memory_bandwidth")


def test_compare_svg_names_values_units_date_and_sources(tmp_path):
    text = svg_text(chart(tmp_path, "bw.svg", *COMPARE))
    assert "Memory bandwidth of 4 chips" in text
    for label in ("ChipCo Alpha (alpha)", "WaferWorks Wafer (wafer)", "ChipCo Tiny (tiny)"):
        assert label in text
    for value in ("3.35 TB/s", "8 TB/s", "21,000 TB/s", "0.819 TB/s"):
        assert value in text
    assert "memory_bandwidth (TB/s) (log scale)" in text  # 0.819 to 21,000: more than 100x
    assert "Log scale: the values span more than 100x." in text
    sourced(text)
    assert "rumour-mill (Next-generation accelerator rumours)" in text
    assert "hollow: speculative" in text  # gamma's bandwidth comes from an AI-generated source
    assert f"<dc:date>{DATA_DATE}</dc:date>" in text  # the fixed metadata date


def test_compare_of_close_values_is_linear_and_shows_no_hollow_legend(tmp_path):
    text = svg_text(chart(tmp_path, "bw.svg", "compare", "alpha", "beta", "--field", "memory_bandwidth_TBps"))
    assert "memory_bandwidth (TB/s)" in text and "log scale" not in text
    assert "hollow" not in text and "filled: confident or likely" in text
    assert "ChipCo Beta Extreme Performance" in text  # the long name, wrapped on the axis


def test_compare_png(tmp_path):
    png_size(chart(tmp_path, "bw.png", *COMPARE))


def test_compare_names_an_entity_without_the_value(tmp_path):
    text = svg_text(chart(tmp_path, "mem.svg", "compare", "alpha", "gamma", "--field", "memory"))
    assert "no value in the sources" in text and "No value in the sources: gamma." in text
    assert "80 GB" in text


def test_the_same_data_gives_the_same_svg(tmp_path):
    first = chart(tmp_path, "a.svg", *COMPARE).read_bytes()
    assert chart(tmp_path, "b.svg", *COMPARE).read_bytes() == first


TREND = ("trend", "chips", "--x", "released", "--y", "memory_bandwidth_TBps")


def test_trend_svg_labels_points_over_time(tmp_path):
    text = svg_text(chart(tmp_path, "trend.svg", *TREND))
    assert "Memory bandwidth of chips over time (released)" in text
    for label in ("ChipCo Alpha", "ChipCo Gamma", "WaferWorks Wafer", "ChipCo Beta Extreme"):
        assert label in text
    assert "memory_bandwidth (TB/s) (log scale)" in text
    assert "Not drawn (no value in the sources): tiny." in text  # no release date
    assert "hollow: speculative" in text
    sourced(text)


def test_trend_png(tmp_path):
    png_size(chart(tmp_path, "trend.png", *TREND))


def test_trend_against_another_number(tmp_path):
    text = svg_text(chart(tmp_path, "t.svg", "trend", "chips", "--x", "memory", "--y", "memory_bandwidth"))
    assert "against memory" in text and "memory (GB)" in text
    assert "Not drawn (no value in the sources): gamma." in text  # no memory


def test_timeline_svg_marks_overdue_and_today(tmp_path):
    text = svg_text(chart(tmp_path, "tl.svg", "timeline", "--since", "2024", env=TODAY))
    assert "Releases, events and prediction deadlines, from 2024" in text
    assert "2024-12-31  OpenLab ships Model Three by end of 2024" in text
    assert "overdue" in text and "today, 2025-06-01" in text
    assert "2024-05-13  OpenLab Model One released" in text
    assert "ChipCo Alpha released" not in text  # 2022: before --since
    assert "hollow: speculative" in text  # Model Two's release comes from the rumour mill
    assert f"Data as of {DATA_DATE}" in text and "lab-log (What the labs shipped)" in text


def test_timeline_png(tmp_path):
    png_size(chart(tmp_path, "tl.png", "timeline", env=TODAY))


@pytest.mark.parametrize("name", ["chart.pdf", "chart", "chart.svg.txt"])
def test_an_unknown_image_format_is_one_line_and_a_usage_error(tmp_path, name):
    result = run_cli("chart", *COMPARE, "-o", str(tmp_path / name), *D)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and ".svg or .png" in result.stderr
    assert not (tmp_path / name).exists()


@pytest.mark.parametrize(
    "args,code,words",
    [
        (("compare", "alpha", "nosuch", "--field", "memory"), 1, "unknown entity 'nosuch'"),
        (("compare", "alpha", "gamma", "--field", "speed"), 2, "unknown field 'speed' for chips"),
        (("compare", "alpha", "gamma", "--field", "vendor"), 2, "not a number of chips"),
        (("compare", "alpha", "--field", "memory"), 2, "at least two ids"),
        (("compare", "alpha", "openlab", "--field", "memory"), 2, "cannot compare different kinds"),
        (("trend", "chips", "--y", "speed"), 2, "unknown field 'speed' for chips"),
        (("trend", "gadgets", "--y", "memory"), 2, "unknown kind 'gadgets'"),
        (("trend", "predictions", "--y", "memory"), 2, "not predictions"),
        (("timeline", "--since", "2030"), 1, "nothing dated falls in that window"),
        (("timeline", "--since", "soon"), 2, "--since: 'soon' is not a date"),
    ],
)
def test_bad_input_is_one_line_like_the_other_commands(tmp_path, args, code, words):
    result = run_cli("chart", *args, "-o", str(tmp_path / "x.svg"), *D)
    assert result.exit_code == code, result.stderr
    assert result.stderr.count("\n") == 1 and words in result.stderr, result.stderr


def test_without_matplotlib_one_line_says_how_to_install_it(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib now fails
    result = run_cli("chart", *COMPARE, "-o", str(tmp_path / "bw.svg"), *D)
    assert result.exit_code == 1
    assert result.stderr == "aitrack: aitrack chart needs matplotlib: pip install 'aitrack[charts]'\n"


def test_matplotlib_is_not_imported_by_other_commands():
    import subprocess

    code = "import sys; from aitrack.cli import app; assert 'matplotlib' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)
