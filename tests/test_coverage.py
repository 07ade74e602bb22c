"""Coverage of the seeds: every product-like or organisation-like name the documents use
is curated (as an id, name or alias) or listed in data/ignored.yaml with a reason. The
gate itself is `aitrack validate --strict` (aitrack/curate/strict.py); its behaviour is
tested on fixtures in test_strict.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import DATA, run_cli

from aitrack.curate.extract import distinct, mentions


def test_bundled_data_passes_the_strict_gate():
    """CI's curator gate: `aitrack validate --strict` on the bundled data (every name in the
    documents curated or ignored, no TODO, every horizon with a window, sane resolutions).
    Properties only: adding a document with its entries keeps this green."""
    result = run_cli("validate", "--strict", "--data-dir", str(DATA))
    assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize("article", ["analyst-forecast.md", "chip-launch.md", "chips-week.md"])
def test_the_extractor_still_finds_names_in_a_full_article(article):
    # on the articles written for the tests, not seeds/: a short new document there may
    # well name fewer than ten things
    text = (Path(__file__).parent / "articles" / article).read_text(encoding="utf-8")
    found = distinct(mentions(text))
    assert len(found) > 10, f"{article}: the extractor found almost nothing: it is broken"


@pytest.mark.parametrize(
    "text, names",
    [
        ("The H100 and MI300X lead; GPT-5.4 Mini ships.", {"H100", "MI300X", "GPT-5.4 Mini"}),
        ("Anthropic released Claude 3.5 Sonnet and Google TPU v5e.", {"Claude 3.5 Sonnet", "TPU v5e"}),
        ("Within 12 months, in 2026 and 900,000 cores.", set()),
    ],
)
def test_product_extraction(text, names):
    got = {m.name for m in mentions(text) if m.kind == "product"}
    assert got == names
