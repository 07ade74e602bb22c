"""The loader and validate refuse every hostile dataset loudly, one line per problem with
path:line, and never hang or crash (issue #14, items 1, 5, 6, 7, 10, 11, 14, 15)."""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

import pytest
from conftest import run_cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tiny_dataset import write_tiny


@pytest.fixture
def data(tmp_path):
    return write_tiny(tmp_path)


def validate(data: Path):
    return run_cli("validate", "--data-dir", str(data))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# 1. null documents --------------------------------------------------------------------


@pytest.mark.parametrize("doc", ["~\n", "null\n", "---\n", "# a comment\n---\n", "--- ~\n", "...\n"])
def test_null_document_is_a_problem_and_checks_still_run(data, doc):
    """A data file holding only a null document switched off every cross-check: fake
    quotes and a tampered document passed as valid."""
    (data / "labs.yaml").write_text(doc)
    edit(data / "chips.yaml", "with 96 GB of memory", "with 96 GB of invented memory")
    seed = data.parent / "seeds" / "memo.txt"
    seed.write_text(seed.read_text() + "tampered\n")
    result = validate(data)
    assert result.exit_code == 1
    err = result.stderr
    assert f"{data / 'labs.yaml'}:" in err and ("null" in err or "empty" in err)
    assert "quote not found" in err and "hash mismatch" in err
    assert "internal error" not in err and "Traceback" not in err
    # a reference into the file that did not load is not reported as dangling
    assert "'acme' is not a known" not in err


def test_null_document_never_reaches_later_commands(data):
    (data / "labs.yaml").write_text("---\n")
    for args in (["list", "chips"], ["show", "rocket-1"], ["predictions"], ["compare", "rocket-1", "rocket-1"]):
        result = run_cli(*args, "--data-dir", str(data))
        assert result.exit_code == 1 and "internal error" not in result.stderr
        assert "labs.yaml:1:1" in result.stderr


# the property: any planted problem makes validate fail ---------------------------------


def _null(d):
    (d / "predictions.yaml").write_text("# emptied by mistake\n---\n")


def _fake_quote(d):
    edit(d / "chips.yaml", 'quote: "the Rocket-1 accelerator"', 'quote: "the Rocket-9 accelerator"')


def _tampered(d):
    (d.parent / "seeds" / "memo.txt").write_bytes(b"Acme Labs ships nothing at all.\n")


def _dangling(d):
    edit(d / "chips.yaml", "vendor: acme", "vendor: nobody")


def _bad_id(d):
    edit(d / "labs.yaml", "id: zeta", "id: Zeta_Corp")


def _newline_id(d):
    edit(d / "chips.yaml", "id: rocket-1", 'id: "rocket-1\\n"')


def _duplicate(d):
    edit(d / "predictions.yaml", "id: zeta-acme-share", "id: acme-second-chip")


def _infinite(d):
    path = d / "predictions.yaml"  # on the last entry
    path.write_text(path.read_text() + "  probability: 1e999\n")


def _nan(d):
    edit(d / "chips.yaml", "memory: {value: 96 GB", 'memory: {value: "nan GB"')


def _negative(d):
    edit(d / "chips.yaml", "tdp: {value: 500 W", "tdp: {value: -500 W")


def _control(d):
    edit(d / "labs.yaml", "name: Zeta Corp", "name: Zeta\x07Corp")


def _outside(d):
    edit(d / "sources.yaml", "file: memo.txt", "file: ../data/labs.yaml")


def _unknown_field(d):
    edit(d / "labs.yaml", "name: Acme Labs", "name: Acme Labs\n  colour: blue")


# _null last: it empties a file the others may edit.
PLANTS = [
    _fake_quote,
    _tampered,
    _dangling,
    _bad_id,
    _newline_id,
    _duplicate,
    _infinite,
    _nan,
    _negative,
    _control,
    _outside,
    _unknown_field,
    _null,
]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sets(st.sampled_from(PLANTS), min_size=1, max_size=4))
def test_any_planted_problem_fails_validate(plants):
    with tempfile.TemporaryDirectory() as tmp:
        data = write_tiny(Path(tmp))
        for plant in sorted(plants, key=PLANTS.index):
            plant(data)
        result = validate(data)
        assert result.exit_code == 1, f"{[p.__name__ for p in plants]}: {result.stdout}"
        assert "internal error" not in result.stderr and result.stdout == ""


@pytest.mark.parametrize("plant", PLANTS, ids=lambda p: p.__name__.strip("_"))
def test_each_planted_problem_alone_is_one_line_with_a_place(data, plant):
    plant(data)
    result = validate(data)
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert all(":" in line for line in lines) and "internal error" not in result.stderr
    assert any(line.startswith(str(data)) for line in lines), lines


# 5, 6. documents and data files that are not plain files inside their folder ----------


@pytest.mark.parametrize("name", ["../data/labs.yaml", "/etc/passwd", "link.txt", "fifo.txt", "zero.txt"])
def test_documents_must_be_regular_files_inside_the_folder(data, name):
    seeds = data.parent / "seeds"
    (seeds / "link.txt").symlink_to("/etc/hostname")
    os.mkfifo(seeds / "fifo.txt")
    (seeds / "zero.txt").symlink_to("/dev/zero")
    edit(data / "sources.yaml", "file: memo.txt", f"file: {name}")
    start = time.perf_counter()
    result = validate(data)
    assert time.perf_counter() - start < 10
    assert result.exit_code == 1
    assert "sources.yaml:" in result.stderr and (
        "outside the documents folder" in result.stderr or "not a regular file" in result.stderr
    )
    assert "has sha256" not in result.stderr  # no hash of a file outside


def test_symlink_inside_the_documents_folder_is_fine(data):
    seeds = data.parent / "seeds"
    (seeds / "memo.txt").rename(seeds / "real-memo.txt")
    (seeds / "memo.txt").symlink_to("real-memo.txt")
    assert validate(data).exit_code == 0


@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "dir"])
def test_data_file_that_is_not_a_regular_file(data, kind):
    path = data / "chips.yaml"
    path.unlink()
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "dev-zero":
        path.symlink_to("/dev/zero")
    else:
        path.mkdir()
    for args in (["validate"], ["list", "labs"]):
        start = time.perf_counter()
        result = run_cli(*args, "--data-dir", str(data))
        assert time.perf_counter() - start < 10
        assert result.exit_code == 1 and "chips.yaml:1:1" in result.stderr and "not a regular file" in result.stderr
    version = run_cli("--version", env={"AITRACK_DATA_DIR": str(data)})
    assert version.exit_code == 0 and "does not load" in version.stdout


def test_symlinked_data_file_to_a_regular_file_loads(data, tmp_path):
    real = tmp_path / "elsewhere.yaml"
    (data / "chips.yaml").rename(real)
    (data / "chips.yaml").symlink_to(real)
    assert validate(data).exit_code == 0


# 7. a flood of broken entries --------------------------------------------------------


def test_flood_of_empty_entries_is_capped_and_fast(data):
    (data / "labs.yaml").write_text("[" + "{}," * 100_000 + "{}]\n")
    start = time.perf_counter()
    result = validate(data)
    assert time.perf_counter() - start < 15
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    labs = [ln for ln in lines if "labs.yaml" in ln]
    assert len(labs) == 201 and any("99,934 more entries not checked" in ln for ln in labs)
    assert len(lines) < 260


def test_cross_check_problems_are_capped_per_file():
    from aitrack.dataset.read import cap_per_file
    from aitrack.errors import Problem

    problems = [Problem("a.yaml", i, 1, "", "", "bad") for i in range(1, 1001)] + [Problem("b.yaml", 1, 1, "", "", "x")]
    capped = cap_per_file(problems, 200)
    assert len(capped) == 202 and capped[199].line == 200 and "800 more problems" in capped[200].message


# 10, 15. numbers ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, message",
    [
        ("1e999", "out of range"),
        ("-1e999", "out of range"),
        ("1" * 5000, "5,000 digits is too long"),
    ],
)
def test_numbers_the_loader_refuses(value, message):
    from aitrack.dataset.read import check_bytes

    loaded = check_bytes(f"- id: x\n  name: X\n  probability: {value}\n".encode(), "prediction", "p.yaml")
    text = "\n".join(str(p) for p in loaded.problems)
    assert f"p.yaml:3:16: {message}" in text or "p.yaml:3:16" in text and message in text
    assert "set_int_max_str_digits" not in text


@pytest.mark.parametrize("value", ["-80 GB", "-3.35 TB/s", "-700 W", "-900,000 cores", "-10 TFLOPS"])
def test_negative_values_refused_where_the_dimension_cannot_be(value):
    from aitrack import quantity

    with pytest.raises(quantity.QuantityError, match="negative"):
        quantity.parse(value)


@pytest.mark.parametrize("value", ["-20%", "-$5B", "-3.0", "-2"])
def test_negative_values_allowed_where_they_mean_something(value):
    from aitrack import quantity

    assert quantity.parse(value).value < 0


@pytest.mark.parametrize("value", ['"nan"', '"Infinity"', "1e999", '"-inf"'])
def test_nan_and_infinity_never_reach_json(data, value):
    """A sentiment score (a plain float, no bounds) of NaN passed validation; -f json then
    wrote NaN, which strict JSON parsers reject."""
    edit(
        data / "labs.yaml",
        "- id: zeta\n  name: Zeta Corp\n",
        f"- id: zeta\n  name: Zeta Corp\n  sentiment:\n    - {{value: {value}, source: acme-datasheet}}\n",
    )
    result = run_cli("list", "labs", "-f", "json", "--data-dir", str(data))
    assert result.exit_code == 1 and result.stdout == ""
    assert "labs.yaml:8:" in result.stderr and ("sentiment" in result.stderr or "out of range" in result.stderr)


@pytest.mark.parametrize("text", ["abc\n", "abc\n\n"])
def test_id_pattern_is_anchored_at_the_very_end(text):
    from aitrack.dataset import schema

    assert not schema.ID_RE.match(text)


# 11. permissions ------------------------------------------------------------------------

needs_non_root = pytest.mark.skipif(os.getuid() == 0, reason="root reads unreadable folders")


def test_unreadable_kind_folder_is_one_line(data, monkeypatch):
    """An unreadable chips/ folder was an internal error. As root nothing is unreadable,
    so the folder listing is made to fail the way it does for a user."""
    folder = data / "chips"
    folder.mkdir()
    (data / "chips.yaml").rename(folder / "chips.yaml")
    real = os.listdir

    def listdir(path="."):
        if str(path) == str(folder):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "listdir", listdir)
    for args in (["validate"], ["list", "chips"], ["show", "acme"]):
        result = run_cli(*args, "--data-dir", str(data))
        assert result.exit_code == 1, result.stderr
        assert result.stderr.strip() == f"aitrack: cannot read the folder {folder}: Permission denied"


@needs_non_root
def test_unreadable_kind_folder_for_real(data):
    folder = data / "chips"
    folder.mkdir()
    (data / "chips.yaml").rename(folder / "chips.yaml")
    os.chmod(folder, 0)
    try:
        result = run_cli("list", "chips", "--data-dir", str(data))
    finally:
        os.chmod(folder, 0o755)
    assert result.exit_code == 1 and str(folder) in result.stderr and "internal error" not in result.stderr


def test_read_only_predictions_subfolder_is_one_line(data):
    folder = data / "predictions"
    folder.mkdir()
    (data / "predictions.yaml").rename(folder / "forecasts.yaml")
    os.chmod(folder, 0o555)
    try:
        result = run_cli(
            "resolve",
            "zeta-acme-share",
            "--outcome",
            "true",
            "--note",
            "n",
            "--evidence",
            "https://e.org",
            "--data-dir",
            str(data),
        )
    finally:
        os.chmod(folder, 0o755)
    assert result.exit_code == 1 and "internal error" not in result.stderr
    assert str(folder) in result.stderr and "read-only" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "status:" not in (folder / "forecasts.yaml").read_text()


# 14. the real line of a bad character ----------------------------------------------------


def test_control_character_reported_at_its_line_and_column(data):
    path = data / "labs.yaml"
    lines = path.read_text().splitlines(True)
    padding = ["# padding comment\n"] * 400
    text = "".join(padding + lines[:-1]) + lines[-1].replace("Zeta Corp", "Zeta \x1b[31mCorp")
    path.write_text(text)
    line = text[: text.index("\x1b")].count("\n") + 1
    col = text.index("\x1b") - text.rfind("\n", 0, text.index("\x1b"))
    result = validate(data)
    assert result.exit_code == 1
    assert f"labs.yaml:{line}:{col}: control character U+001B" in result.stderr
