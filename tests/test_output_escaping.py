"""Data strings cannot drive a terminal or a Markdown renderer in any human format, and a
name cannot disguise one entity as another (issue #14, item 13)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from conftest import run_cli
from tiny_dataset import write_tiny

HOSTILE = {
    "esc": "\x1b[31mred\x1b[0m",
    "osc8": "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\",
    "bidi": "abc\u202edcba",
    "zero-width": "Ze\u200bta",
    "bom": "Ze\ufeffta",
    "tag": "Zeta\U000e0041\U000e0042",
    "c1": "Ze\x9bta",
    "line-separator": "Ze\u2028ta",
}
RAW = ["\x1b", "\u202e", "\u200b", "\ufeff", "\U000e0041", "\x9b", "\u2028"]


@pytest.fixture
def data(tmp_path):
    return write_tiny(tmp_path)


def plant(data, text: str) -> None:
    from aitrack.curate.resolve import _q  # a YAML double-quoted scalar, escapes where YAML needs them

    path = data / "labs.yaml"
    path.write_text(path.read_text().replace("name: Zeta Corp", f"name: {_q(text)}"), encoding="utf-8")


def plant_all(data) -> None:
    from aitrack.curate.resolve import _q

    with (data / "labs.yaml").open("a", encoding="utf-8") as fh:  # one lab per hostile string
        for i, text in enumerate(HOSTILE.values()):
            # "h{i} " first: "Ze\u200bta" alone folds to zeta, another lab's id (refused)
            fh.write(f"- id: hostile-{i}\n  name: {_q(f'h{i} {text}')}\n  cite:\n    - {{source: acme-datasheet}}\n")


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_no_raw_control_or_invisible_character_in_human_formats(data, fmt):
    plant_all(data)
    result = run_cli("list", "labs", "-f", fmt, "--data-dir", str(data))
    assert result.exit_code == 0, result.stderr
    assert not [ch for ch in RAW if ch in result.stdout], repr(result.stdout)
    for esc in ("\\x1b", "\\u202e", "\\u200b", "\\ufeff", "\\U000e0041", "\\x9b", "\\u2028"):
        assert esc in result.stdout, esc


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_csv_and_tsv_escape_controls_only(data, fmt):
    """CSV and TSV are for other tools: C0/C1 controls (which could drive a terminal that
    shows the file) are escaped; every other character is kept as it is."""
    plant_all(data)
    result = run_cli("list", "labs", "-f", fmt, "--data-dir", str(data))
    assert result.exit_code == 0, result.stderr
    assert "\x1b" not in result.stdout and "\x9b" not in result.stdout
    assert "\\x1b" in result.stdout and "\\x9b" in result.stdout
    for kept in ("\u202e", "\u200b", "\ufeff", "\U000e0041", "\u2028"):
        assert kept in result.stdout and f"\\u{ord(kept):04x}" not in result.stdout, repr(kept)


@pytest.mark.parametrize(
    "text, shown_as",
    [("Zeta\u200dCorp", "\\u200d"), ("Zeta\u200cCorp", "\\u200c"), ("Ze\u00adta Corp", "\\xad")],
    ids=["zwj", "zwnj", "soft-hyphen"],
)
def test_machine_outputs_keep_joiners_and_soft_hyphens(data, tmp_path, text, shown_as):
    """CSV export wrote U+200D, U+200C and U+00AD as escape text ('\\u200d'), so two names
    that differ only by one became the same string in the file meant for other tools."""
    plant(data, text)
    for fmt in ("csv", "tsv"):
        listed = run_cli("list", "labs", "-f", fmt, "--data-dir", str(data))
        assert text in listed.stdout, fmt
    exported = run_cli("export", f"{tmp_path / 'out'}/", "--data-dir", str(data))
    assert exported.exit_code == 0, exported.stderr
    rows = list(csv.DictReader(io.StringIO((tmp_path / "out" / "labs.csv").read_text(encoding="utf-8"))))
    assert {r["id"]: r["name"] for r in rows}["zeta"] == text
    shown = run_cli("list", "labs", "--data-dir", str(data))  # the terminal table still shows it
    assert shown_as in shown.stdout and text not in shown.stdout
    assert json.loads(run_cli("show", "zeta", "-f", "json", "--data-dir", str(data)).stdout)["name"] == text


def test_json_keeps_the_real_string(data):
    plant(data, HOSTILE["zero-width"])
    result = run_cli("list", "labs", "-f", "json", "--data-dir", str(data))
    names = {lab["id"]: lab["name"] for lab in json.loads(result.stdout)}
    assert names["zeta"] == "Ze\u200bta"


def test_csv_still_reads_back_as_one_cell_per_field(data):
    plant(data, 'Zeta, "Corp"\x1b[2J')
    result = run_cli("list", "labs", "-f", "csv", "--data-dir", str(data))
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {r["id"]: r["name"] for r in rows}["zeta"] == 'Zeta, "Corp"\\x1b[2J'


@pytest.mark.parametrize(
    "text, bad",
    [
        ("<script>alert(1)</script>", "<script>"),
        ("<img src=x onerror=alert(1)>", "<img"),
        ("[click me](javascript:alert(1))", "[click me]("),
        ("[x](https://evil.example)", "[x]("),
        ("<javascript:alert(1)>", "<javascript:"),
    ],
)
def test_markdown_passes_no_html_and_no_links(data, text, bad):
    plant(data, text)
    result = run_cli("list", "labs", "-f", "markdown", "--data-dir", str(data))
    assert result.exit_code == 0 and bad not in result.stdout


@pytest.mark.parametrize(
    "alias, message",
    [
        ("АСМЕ", "look like the Latin 'acme'"),  # all Cyrillic, reads as another entity's id
        ("Rоcket 1", "mixes Cyrillic and Latin"),  # one Cyrillic о among Latin letters
        ("Асme", "mixes Cyrillic and Latin"),
    ],
)
def test_mixed_script_or_look_alike_names_are_refused(data, alias, message):
    path = data / "labs.yaml"
    path.write_text(
        path.read_text().replace("name: Zeta Corp", f"name: Zeta Corp\n  aliases: [{alias}]"), encoding="utf-8"
    )
    result = run_cli("validate", "--data-dir", str(data))
    assert result.exit_code == 1 and message in result.stderr and "labs.yaml:7:" in result.stderr


def test_a_name_in_one_other_script_is_fine(data):
    path = data / "labs.yaml"
    path.write_text(
        path.read_text().replace("name: Zeta Corp", "name: Zeta Corp\n  aliases: [Яндекс, Ζήτα]"), encoding="utf-8"
    )
    result = run_cli("validate", "--data-dir", str(data))
    assert result.exit_code == 0, result.stderr
