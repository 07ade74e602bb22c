"""How `scan --stub` reads an article (issue 26): page furniture is never an entity or a
quote, makers come from the text's own attribution, each figure goes to the field of its
precision, the speaker and kind of a claim follow who says it, one deadline per clause,
and the report and the drafts read the document the same way."""

from __future__ import annotations

import yaml
from conftest import MINI, run_cli


def drafts(tmp_path, text: str, name: str = "article.md") -> dict[str, list[dict]]:
    """The drafts of an article, by data file."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = run_cli("scan", str(path), "--stub", "--data-dir", str(MINI))
    assert result.exit_code == 0, result.stderr
    out: dict[str, list[dict]] = {}
    for block in result.stdout.split("# --- add to data/")[1:]:
        file, body = block.split("\n", 1)
        out[file.split()[0]] = yaml.safe_load(body) or []
    return out


def entities(found: dict[str, list[dict]]) -> dict[str, dict]:
    return {e["id"]: e for f in ("labs.yaml", "chips.yaml", "models.yaml", "products.yaml") for e in found.get(f, [])}


PAGE = """\
# Acme unveils the Zephyr X9 accelerator | Fixture Chip Wire

### The startup's first chip aims at inference

By Jane Roe, Senior Editor
Published March 3, 2025, 9:00 AM PT

Tags: GPUs, HBM3E, Data Center, SXM, GTC

Share this article: X | LinkedIn | Email

SAN FRANCISCO — Acme Robotics launched the Zephyr X9 on Monday. The Zephyr X9 carries 96 GB of HBM3E and
delivers 2,000 TFLOPS of FP8 compute, or 4,000 TFLOPS of FP4, at a TDP of 700 W.

## INSIDE THE PACKAGE

*Acme's Zephyr X9 board. Image: Acme. Click to enlarge.*

| Spec | Zephyr X9 |
|---|---|
| Memory | 96 GB HBM3E |
| Peak BF16 | 1,000 TFLOPS |

Acme plans to ship the Zephyr X10 in the second half of 2026. We expect the X10 to reach cloud
providers over the next two years, and in 2026 at the earliest. The chip could potentially double
inference throughput.

---
Subscribe to Fixture Chip Wire. Related: "What HBM4 changes"
"""


def test_page_furniture_is_never_an_entity_or_a_quote(tmp_path):
    found = drafts(tmp_path, PAGE)
    names = {e["name"] for e in entities(found).values()}
    for junk in ("SXM", "GTC", "TDP", "INSIDE", "PACKAGE", "SAN", "FRANCISCO", "Tags", "LinkedIn", "HBM3E"):
        assert not any(junk in n.split() for n in names), (junk, names)
    quotes = [c["quote"] for e in entities(found).values() for c in e.get("cite", [])]
    quotes += [p["quote"] for p in found.get("predictions.yaml", [])]
    for furniture in ("Tags:", "By Jane Roe", "Click to enlarge", "INSIDE THE PACKAGE", "Subscribe"):
        assert not any(furniture in q for q in quotes), furniture


def test_figures_go_to_the_field_of_their_precision(tmp_path):
    chip = entities(drafts(tmp_path, PAGE))["zephyr-x9"]
    assert chip["vendor"] == "acme-robotics"  # "Acme Robotics launched the Zephyr X9"
    assert chip["memory"]["value"] == "96 GB" and chip["memory_type"]["value"] == "HBM3E"
    assert chip["peak_fp8"]["value"] == "2,000 TFLOPS"
    assert chip["peak_fp4"]["value"] == "4,000 TFLOPS"
    assert chip["peak_bf16"]["value"] == "1,000 TFLOPS"  # from the table row, never the FP4 figure
    assert chip["peak_bf16"]["quote"] == "| Peak BF16 | 1,000 TFLOPS |"
    assert chip["tdp"]["value"] == "700 W"


def test_who_speaks_and_what_kind_of_claim(tmp_path):
    preds = {p["quote"][:20]: p for p in drafts(tmp_path, PAGE)["predictions.yaml"]}
    plan = preds["Acme plans to ship t"]
    assert (plan["by"], plan["kind"], plan["due"]) == ("Acme Robotics", "commitment", "2026-12-31")
    ours = preds["We expect the X10 to"]
    # the reporter's projection; one deadline per clause: "in 2026", not "the next two years"
    assert (ours["by"], ours["kind"]) == ("Jane Roe", "forecast")
    hedge = preds["The chip could poten"]
    assert (hedge["by"], hedge["kind"], hedge["due"]) == ("Jane Roe", "speculation", "unknown")


MODEL = """\
Fixture Lab ships Orca 2 405B

By Sam Okafor
June 2, 2025

Fixture Lab released Orca 2 405B on Tuesday, June 3, 2025, a 405-billion-parameter model with 17B
active parameters. It was trained on 15 trillion tokens using 16,000 Nvidia H100 GPUs. The model reads
a context of 128K tokens, and its weights are openly available.
"""


def test_model_release_facts_in_their_fields(tmp_path):
    found = drafts(tmp_path, MODEL)
    model = next(e for e in found["models.yaml"] if e["id"].startswith("orca-2"))
    assert model["parameters"]["value"] == "405 billion"
    assert model["active_parameters"]["value"] == "17 billion"
    assert model["training_tokens"]["value"] == "15 trillion tokens"
    assert model["training_gpus"]["value"] == "16,000 GPUs"  # not "100 GPUs" from "H100 GPUs"
    assert model["context_window"]["value"] == "128K tokens"
    assert model["open_weights"]["value"] is True
    assert model["released"]["value"] == "2025-06-03"


def test_natural_wordings_pass_the_value_check(mini_data, tmp_path):
    """'405-billion-parameter' states 405 billion parameters; 'openly available' states
    open weights: a curator's fact with those quotes validates."""
    seeds = mini_data.parent / "seeds"
    (seeds / "orca.txt").write_text(MODEL)
    import hashlib

    digest = hashlib.sha256(MODEL.encode()).hexdigest()
    with open(mini_data / "sources.yaml", "a", encoding="utf-8") as fh:
        fh.write(
            "\n- {id: orca-news, name: Orca news, kind: analysis-article, title: Orca news, file: orca.txt, "
            f"sha256: {digest}, published: 2025-06-02, reliability: reporting}}\n"
        )
    with open(mini_data / "models.yaml", "a", encoding="utf-8") as fh:
        fh.write(
            "\n- id: orca-2\n  name: Orca 2 405B\n  lab: openai\n  cite:\n"
            '    - {source: orca-news, quote: "Fixture Lab released Orca 2 405B"}\n'
            '  parameters: {value: 405 billion, source: orca-news, quote: "a 405-billion-parameter model"}\n'
            '  open_weights: {value: true, source: orca-news, quote: "its weights are openly available"}\n'
        )
    result = run_cli("validate", "--data-dir", str(mini_data))
    assert result.exit_code == 0, result.stderr


def test_the_report_is_a_view_of_the_drafts(tmp_path):
    """Plain `scan` and `--stub` read the document once: the report's figures sit on the
    product the drafts put them on (not on the lab AMD), its deadlines are the drafts'."""
    import json

    from conftest import ROOT

    article = ROOT / "tests" / "articles" / "chip-launch.md"
    result = run_cli("scan", str(article), "-f", "json", "--data-dir", str(MINI))
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    on = {(c["entity"], c["text"]) for c in report["claims"]}
    assert ("mi325x", "up to 288GB") in on and not any(e == "amd" and "288" in t for e, t in on)
    drafted = {p["due"] for p in drafts(tmp_path, article.read_text(), "chip-launch.md")["predictions.yaml"]}
    assert {p["deadline"] for p in report["predictions"]} == drafted
    text = "Fixture Lab trained Orca 3 on 16,000 Nvidia H100 GPUs, and it will ship in 2026.\n"
    (tmp_path / "orca.md").write_text(text)
    result = run_cli("scan", str(tmp_path / "orca.md"), "-f", "json", "--data-dir", str(MINI))
    assert not any(c["text"].startswith("100") for c in json.loads(result.stdout)["claims"])


def test_a_second_merge_adds_nothing_even_an_undated_claim(mini_data, tmp_path):
    """A claim with no deadline is remembered like the others (the second merge once
    re-added it as '…-2'); a forward-looking sentence about nothing named is not a claim."""
    article = tmp_path / "acme.md"
    article.write_text(
        "Acme news\nBy Jo Bloggs\nMarch 3, 2025\n\nAcme Robotics launched the Zephyr X9, a chip with 96 GB of "
        "memory. The Zephyr X9 could double inference speed. Coffee lovers will love it.\n"
    )
    assert run_cli("add-source", str(article), "--data-dir", str(mini_data)).exit_code == 0
    first = run_cli("scan", str(article), "--stub", "--merge", "--data-dir", str(mini_data))
    assert first.exit_code == 0, first.stderr
    predictions = (mini_data / "predictions.yaml").read_text()
    assert "could double inference speed" in predictions and "Coffee lovers" not in predictions
    again = run_cli("scan", str(article), "--stub", "--merge", "--data-dir", str(mini_data))
    assert again.exit_code == 0 and "nothing new" in again.stderr, again.stderr
    assert (mini_data / "predictions.yaml").read_text() == predictions
