"""`scan --stub` drafts on three articles written for the tests (a chip launch, a model
release, an analyst forecast), and the proof that a new document goes from add-source to
a strict-valid dataset: add-source, scan --stub --merge, validate --strict, show."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
import yaml
from conftest import MINI, run_cli

ARTICLES = Path(__file__).parent / "articles"

# The entities each article really introduces, by kind (the mini dataset knows amd,
# nvidia, cerebras, openai, anthropic, h100, mi300x, wse-3, gpt-4o, claude).
REAL = {
    "chip-launch.md": {"labs.yaml": {"fixture-research"}, "chips.yaml": {"mi325x", "mi350", "mi400"}},
    "model-release.txt": {"labs.yaml": {"mistral-ai"}, "models.yaml": {"pixtral-large"}},
    "analyst-forecast.md": {"labs.yaml": {"google", "aws", "intel"}, "chips.yaml": {"tpu-v6", "trainium-3", "gaudi-3"}},
}
# prediction id -> (first, last) day of its due window
WINDOWS = {
    "chip-launch.md": {
        "amd-mi325x-2024": ("2024-10-01", "2024-12-31"),
        "amd-mi350-2025": ("2025-07-01", "2025-12-31"),
        "amd-mi400-2026": ("2026-01-01", "2026-12-31"),
        "fixture-research-amd-2025": ("2025-12-31", "2025-12-31"),
    },
    "model-release.txt": {"mistral-ai-2025": ("2025-09-14", "2025-09-14")},
    "analyst-forecast.md": {
        "nvidia-2026": ("2026-12-31", "2026-12-31"),
        "google-tpu-v6-2025": ("2025-01-01", "2025-04-30"),
        "aws-trainium-3-2025": ("2025-09-01", "2025-12-31"),
        "cerebras-2025": ("2025-01-01", "2025-12-31"),
    },
}
# entity -> field -> value as the article writes it
NUMBERS = {
    "chip-launch.md": {"mi325x": {"memory": "up to 288GB", "memory_bandwidth": "6TB/second"}},
    "model-release.txt": {"pixtral-large": {"parameters": "124B parameters"}},
    "analyst-forecast.md": {"gaudi-3": {"memory": "128 GB", "memory_bandwidth": "3.7 TB/s"}},
}


def stub_blocks(article: str, data: Path = MINI) -> dict[str, list]:
    result = run_cli("scan", str(ARTICLES / article), "--stub", "--data-dir", str(data))
    assert result.exit_code == 0, result.stderr
    blocks = {}
    for block in result.stdout.split("# --- add to data/")[1:]:
        name, body = block.split("\n", 1)
        blocks[name.split()[0]] = yaml.safe_load(body)
    return blocks


@pytest.mark.parametrize("article", sorted(REAL))
def test_stub_precision_every_stub_a_real_entity_of_its_kind(article):
    blocks = stub_blocks(article)
    got = {f: {e["id"] for e in blocks.get(f) or []} for f in ("labs.yaml", "chips.yaml", "models.yaml")}
    stubs = sum(len(v) for v in got.values())
    right = sum(len(got[f] & REAL[article].get(f, set())) for f in got)
    assert stubs and right / stubs == 1.0, got  # precision 100% on these articles
    for f, ids in REAL[article].items():
        assert ids <= got[f], (f, got[f])  # and nothing real is missed


@pytest.mark.parametrize("article", sorted(NUMBERS))
def test_numbers_go_to_the_product_named_next_to_them(article):
    entries = {e["id"]: e for f in ("chips.yaml", "models.yaml") for e in stub_blocks(article).get(f) or []}
    text = " ".join((ARTICLES / article).read_text().split())
    for rid, fields in NUMBERS[article].items():
        for field, value in fields.items():
            fact = entries[rid][field]
            assert fact["value"] == value
            assert fact["quote"] in text and value in fact["quote"]
    labs = {e["id"]: e for e in stub_blocks(article).get("labs.yaml") or []}
    assert not any(k in lab for lab in labs.values() for k in ("memory", "memory_bandwidth", "parameters"))


def test_chip_launch_makers_noise_and_known_numbers():
    blocks = stub_blocks("chip-launch.md")
    chips = {e["id"]: e for e in blocks["chips.yaml"]}
    assert {c["vendor"] for c in chips.values()} == {"amd"}
    assert chips["mi325x"]["name"] == "AMD Instinct MI325X"
    ignored = {i["name"]: i["reason"] for i in blocks["ignored.yaml"]}
    assert ignored["Q4"].startswith("a quarter") and ignored["CEO"] == "a job title"
    assert ignored["PT"].startswith("a clock time") and "technology" in ignored["HBM3E-equipped"]
    assert "technology" in ignored["CDNA"]
    # 192 GB is about the (known) MI300X: no stub carries it
    assert "192" not in json.dumps(blocks["chips.yaml"])


@pytest.mark.parametrize("article", sorted(WINDOWS))
def test_predictions_one_per_deadline_with_ids_subjects_and_by(article):
    preds = {p["id"]: p for p in stub_blocks(article)["predictions.yaml"]}
    assert set(preds) == set(WINDOWS[article])
    assert "TODO" not in json.dumps(preds)
    if article == "chip-launch.md":
        assert preds["amd-mi400-2026"]["subjects"] == ["amd", "mi400"]
        assert preds["amd-mi400-2026"]["by"] == "AMD" and preds["amd-mi400-2026"]["kind"] == "commitment"
        assert preds["amd-mi325x-2024"]["horizon"] == "in Q4'24"
        assert preds["fixture-research-amd-2025"]["by"] == "Fixture Research"  # the firm, not "Analysts at"
    if article == "analyst-forecast.md":
        assert preds["nvidia-2026"]["by"] == "Fixture Analytics"  # "We forecast": the source speaks


@pytest.mark.parametrize("article", sorted(WINDOWS))
def test_a_new_document_end_to_end_to_strict_valid(article, mini_data):
    """The proof: copy a dataset, add a document, merge its drafts, run the checks."""
    from aitrack.store.catalog import open_catalog

    path = str(ARTICLES / article)
    added = run_cli("add-source", path, "--data-dir", str(mini_data))
    assert added.exit_code == 0, added.stderr
    merged = run_cli("scan", path, "--stub", "--merge", "--data-dir", str(mini_data))
    assert merged.exit_code == 0, merged.stderr
    assert "merged" in merged.stderr
    for args in (["validate"], ["validate", "--strict", "--today", "2026-11-23"]):
        result = run_cli(*args, "--data-dir", str(mini_data))
        assert result.exit_code == 0, result.stderr
    cat = open_catalog(str(mini_data), use_cache=False)
    for rid, (first, last) in WINDOWS[article].items():
        pred = cat.get(rid)
        assert pred["due"] == last
        assert tuple(pred.get("due_window") or (pred["due"], pred["due"])) == (first, last), rid
    for rid, fields in NUMBERS[article].items():
        shown = run_cli("show", rid, "--data-dir", str(mini_data))
        assert shown.exit_code == 0, shown.stderr
        assert all(value in shown.stdout for value in fields.values())
    again = run_cli("scan", path, "--stub", "--merge", "--data-dir", str(mini_data))
    assert again.exit_code == 0 and f"nothing new from {path}" in again.stderr  # issue 26 item 8


def test_merge_needs_the_document_added_first(mini_data):
    before = {p.name: p.read_bytes() for p in mini_data.iterdir()}
    result = run_cli("scan", str(ARTICLES / "chip-launch.md"), "--stub", "--merge", "--data-dir", str(mini_data))
    assert result.exit_code == 1 and "aitrack add-source" in result.stderr
    assert {p.name: p.read_bytes() for p in mini_data.iterdir()} == before


def test_merge_keeps_todo_for_a_human_and_strict_refuses_it(mini_data):
    path = str(ARTICLES / "chips-week.md")
    assert run_cli("add-source", path, "--data-dir", str(mini_data)).exit_code == 0
    merged = run_cli("scan", path, "--stub", "--merge", "--data-dir", str(mini_data))
    assert merged.exit_code == 0, merged.stderr
    strict = run_cli("validate", "--strict", "--data-dir", str(mini_data))
    assert strict.exit_code == 1 and "TODO" in strict.stderr
    digest = hashlib.sha256((ARTICLES / "chips-week.md").read_bytes()).hexdigest()
    assert digest in (mini_data / "sources.yaml").read_text()


def test_the_bundled_data_takes_a_new_document_and_stays_strict_valid(tmp_path):
    """Data quality, on a copy of data/: a new document merged in keeps the gate green."""
    import shutil

    from conftest import DATA, SEEDS

    shutil.copytree(DATA, tmp_path / "data")
    shutil.copytree(SEEDS, tmp_path / "seeds")
    data, path = str(tmp_path / "data"), str(ARTICLES / "analyst-forecast.md")
    assert run_cli("add-source", path, "--data-dir", data).exit_code == 0
    merged = run_cli("scan", path, "--stub", "--merge", "--data-dir", data)
    assert merged.exit_code == 0, merged.stderr
    strict = run_cli("validate", "--strict", "--data-dir", data)
    assert strict.exit_code == 0, strict.stderr


def test_a_product_named_in_full_and_short_is_one_entry(tmp_path):
    article = tmp_path / "zeta.txt"
    article.write_text(
        "Acme opens orders for Zeta p150 cards\nFixture Wire - March 3, 2025\n\n"
        "Acme began selling its Zeta p150 accelerator card, which ships with 32 GB of memory.\n"
        "The p150 draws up to 300 W.\n"
    )
    result = run_cli("scan", str(article), "--stub", "--data-dir", str(MINI))
    assert result.exit_code == 0, result.stderr
    blocks = {}
    for block in result.stdout.split("# --- add to data/")[1:]:
        name, body = block.split("\n", 1)
        blocks[name.split()[0]] = yaml.safe_load(body)
    [chip] = blocks["chips.yaml"]
    assert (chip["id"], chip["name"], chip["aliases"]) == ("zeta-p150", "Zeta p150", ["p150"])
    assert chip["memory"]["value"] == "32 GB" and chip["tdp"]["value"] == "up to 300 W"
    # cited from the body, not from the heading block (title, dateline)
    assert chip["cite"][0]["quote"].startswith("Acme began selling its Zeta p150")
