"""Coverage of the seeds: every product-like or organisation-like name the documents use
is curated (as an id, name or alias) or listed in data/ignored.yaml with a reason."""

from __future__ import annotations

import pytest

from conftest import DATA, SEEDS
from aitrack.store.catalog import open_catalog
from aitrack.kinds import fold
from aitrack.dataset.read import load_ignored
from aitrack.curate.extract import distinct, mentions


@pytest.fixture(scope="module")
def known() -> set[str]:
    cat = open_catalog(str(DATA), use_cache=False)
    ignored, problems = load_ignored(str(DATA))
    assert not problems
    return set(cat.all_aliases()) | {fold(i["name"]) for i in ignored}


@pytest.mark.parametrize("seed", sorted(p.name for p in SEEDS.glob("*.txt")))
def test_every_name_in_seed_is_curated_or_ignored(seed, known):
    text = (SEEDS / seed).read_text(encoding="utf-8")
    found = distinct(mentions(text))
    assert len(found) > 10, "the extractor found almost nothing: it is broken"
    missing = [f"{m.name} (line {m.line})" for key, m in found.items() if key not in known]
    assert not missing, f"{seed}: names neither curated nor in data/ignored.yaml: {missing}"


def test_every_ignored_entry_is_used():
    """An ignore entry that no seed produces is stale and hides nothing: remove it."""
    ignored, _ = load_ignored(str(DATA))
    produced = set()
    for seed in SEEDS.glob("*.txt"):
        produced |= set(distinct(mentions(seed.read_text(encoding="utf-8"))))
    stale = [i["name"] for i in ignored if fold(i["name"]) not in produced]
    assert not stale, f"ignored.yaml entries no seed mentions: {stale}"


@pytest.mark.parametrize("text, names", [
    ("The H100 and MI300X lead; GPT-5.4 Mini ships.", {"H100", "MI300X", "GPT-5.4 Mini"}),
    ("Anthropic released Claude 3.5 Sonnet and Google TPU v5e.", {"Claude 3.5 Sonnet", "TPU v5e"}),
    ("Within 12 months, in 2026 and 900,000 cores.", set()),
])
def test_product_extraction(text, names):
    got = {m.name for m in mentions(text) if m.kind == "product"}
    assert got == names
