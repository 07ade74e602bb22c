"""`aitrack add-source`: a new document copied into the dataset's documents folder with a
sources.yaml entry (id, sha256, title, outlet, byline and date read from the text),
written atomically after validation; duplicates by hash refused."""

from __future__ import annotations

import hashlib
from pathlib import Path

from conftest import run_cli, run_installed

ARTICLES = Path(__file__).parent / "articles"
CHIP_LAUNCH = ARTICLES / "chip-launch.md"


def add(data, *args, input=None):
    from typer.testing import CliRunner

    from aitrack.cli.app import app

    return CliRunner().invoke(app, ["add-source", *args, "--data-dir", str(data)], input=input, catch_exceptions=False)


def test_add_a_document_reading_its_metadata(mini_data):
    sources = mini_data / "sources.yaml"
    before = sources.read_text()
    result = add(mini_data, str(CHIP_LAUNCH))
    assert result.exit_code == 0, result.stderr
    copied = mini_data.parent / "seeds" / "chip-launch.md"
    assert copied.read_bytes() == CHIP_LAUNCH.read_bytes()
    after = sources.read_text()
    assert after.startswith(before)  # the rest of the file is untouched, byte for byte
    entry = after[len(before) :]
    digest = hashlib.sha256(CHIP_LAUNCH.read_bytes()).hexdigest()
    assert "- id: fixture-hardware-amd-lays-out\n" in entry
    assert 'title: "AMD lays out its Instinct accelerator roadmap"' in entry
    assert 'outlet: "Fixture Hardware"' in entry and 'by: "Dana Whitfield"' in entry
    assert 'published: "2024-06-02"' in entry and f"sha256: {digest}" in entry
    assert "read from the text (check them): outlet, title, byline, published" in result.stderr
    checked = run_cli("validate", "--data-dir", str(mini_data))
    assert checked.exit_code == 0, checked.stderr
    assert "4 sources" in checked.stderr


def test_a_duplicate_is_refused_by_hash(mini_data, tmp_path):
    assert add(mini_data, str(CHIP_LAUNCH)).exit_code == 0
    renamed = tmp_path / "same-bytes.txt"
    renamed.write_bytes(CHIP_LAUNCH.read_bytes())
    before = (mini_data / "sources.yaml").read_bytes()
    result = add(mini_data, str(renamed))
    assert result.exit_code == 1
    assert (
        result.stderr
        == "aitrack: this document is already in the dataset as 'fixture-hardware-amd-lays-out' (chip-launch.md)\n"
    )
    assert (mini_data / "sources.yaml").read_bytes() == before
    assert not (mini_data.parent / "seeds" / "same-bytes.txt").exists()


def test_stdin_with_given_fields_and_a_taken_id(mini_data):
    text = "Some untitled notes about the H100 and the MI300X accelerators.\n"
    result = add(mini_data, "-", "--id", "chips-brief", "--outlet", "Notes", "--published", "2025-02", input=text)
    assert result.exit_code == 1 and "chips-brief" in result.stderr  # the id is taken: invalid, nothing written
    result = add(mini_data, "-", "--id", "notes-2025", "--outlet", "Notes", "--published", "2025-02", input=text)
    assert result.exit_code == 0, result.stderr
    assert (mini_data.parent / "seeds" / "notes-2025.txt").read_text() == text
    assert 'published: "2025-02"' in (mini_data / "sources.yaml").read_text()
    assert "not found: byline" in result.stderr


def test_dry_run_writes_nothing(mini_data):
    before = (mini_data / "sources.yaml").read_bytes()
    result = add(mini_data, str(CHIP_LAUNCH), "--dry-run")
    assert result.exit_code == 0 and "- id: fixture-hardware-amd-lays-out" in result.stdout
    assert (mini_data / "sources.yaml").read_bytes() == before
    assert not (mini_data.parent / "seeds" / "chip-launch.md").exists()


def test_bad_published_is_a_usage_error(mini_data):
    result = add(mini_data, str(CHIP_LAUNCH), "--published", "June 2024")
    assert result.exit_code == 2 and "--published" in result.stderr


def test_installed_add_source_refuses_the_bundled_copy(tmp_path):
    result = run_installed("add-source", str(CHIP_LAUNCH), cwd=str(tmp_path))
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "aitrack init" in result.stderr


def test_metadata_of_three_document_shapes():
    from aitrack.curate.document import read_meta

    launch = read_meta(CHIP_LAUNCH.read_text())
    assert (launch.title, launch.outlet, launch.byline, launch.published) == (
        "AMD lays out its Instinct accelerator roadmap",
        "Fixture Hardware",
        "Dana Whitfield",
        "2024-06-02",
    )
    release = read_meta((ARTICLES / "model-release.txt").read_text())
    assert (release.outlet, release.byline, release.published) == ("Fixture AI Wire", "Sam Okafor", "2025-03-14")
    forecast = read_meta((ARTICLES / "analyst-forecast.md").read_text())
    assert (forecast.title, forecast.outlet, forecast.byline, forecast.published) == (
        "Accelerator market outlook for 2025",
        "Fixture Analytics",
        "Priya Raman",
        "2024-11-20",
    )
    bare = read_meta("just some text without any header at all\n")
    assert (bare.outlet, bare.byline, bare.published) == (None, None, "unknown")
