"""The value-vs-quote matcher on real shapes from documents, and validate refusing a
wrong number against a correct quote at path:line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import run_cli

from aitrack import quantity
from aitrack.dataset.values import bool_in, date_in, mismatch, number_in, quantity_in

FIXTURE = Path(__file__).parent / "fixtures" / "trust"


def q(text: str) -> dict:
    return quantity.parse(text).as_dict()


@pytest.mark.parametrize(
    "value, quote",
    [
        ("192GB", "High memory capacity (192GB), open ROCm stack"),
        ("192 GB", "High memory capacity (192GB), open ROCm stack"),
        ("~21 PB/s", "~21 PB/s (on-wafer SRAM)"),
        ("21 PB/s", "~21 PB/s (on-wafer SRAM)"),
        ("~3.35 TB/s", "| NVIDIA H100 (GPU) | Multi-chip Module (8 GPUs) | ~3.35 TB/s (HBM3) |"),
        ("900,000 cores", "a single, monolithic processor with 900,000 AI-optimized cores"),
        ("900000 cores", "with 900,000 AI-optimized cores"),
        ("6 TB/s", "and 6TB/second of memory bandwidth"),
        ("6 TB/s", "delivering 6 TB per second"),
        ("$40-60B", "a market of $40-60B by 2026E"),
        ("$150B", "at a valuation exceeding $150 billion"),
        ("288GB", "up to 288GB of memory"),
        ("288 GB", "up to 288GB of HBM3e memory"),
        ("44 GB", "900,000 AI-optimized cores and 44 GB of on-wafer SRAM"),
        ("1.2 TB/s", "a bandwidth of 1,200 GB/s"),
        ("25%", "with about 25% of Google's code contributed by AI"),
        ("70%", "will drop from >90% to below 70%."),
        ("2 trillion parameters", "models with parameter counts exceeding 2 trillion."),
        ("1,307.4 TFLOPS", "peak BF16 of 1,307.4 TFLOPs dense"),
        ("700 W", "configurable up to 700W"),
        ("$2.5M", "costs $2.5 million per system"),
        ("up to 288GB", "up to 288GB of memory"),
        ("6 TB/s", "with 6 terabytes per second of bandwidth"),
        ("80 GB", "with 80 gigabytes of HBM3"),
        ("1.2 TB/s", "| Google TPU v5e | Systolic Array | ~1.2 TB/S (HBM) |"),
        ("~3.35 TB/s", "delivering 3.35TB/s"),
        ("~21 PB/s", "about 21 PB/s"),
    ],
)
def test_quantity_found(value, quote):
    assert quantity_in(q(value), quote)


@pytest.mark.parametrize(
    "value, quote",
    [
        ("2880GB", "up to 288GB of memory"),
        ("60 TB/s", "and 6TB/second of memory bandwidth"),
        ("192 GB/s", "High memory capacity (192GB)"),  # right number, wrong dimension
        ("$40B", "a market of $40-60B by 2026E"),  # a range is not its low end
        ("$40-70B", "a market of $40-60B by 2026E"),
        ("90,000 cores", "with 900,000 AI-optimized cores"),
        ("16 GiB", "16 GB of HBM"),  # GiB and GB differ: say it was converted
        ("100 GB", "H100 GPU"),  # digits inside a name are no number
        ("5 GB", "released 2024-05"),
    ],
)
def test_quantity_not_found(value, quote):
    assert not quantity_in(q(value), quote)


@pytest.mark.parametrize(
    "value, quote, ok",
    [
        ("2024-05", "2024-05\nOpenAI releases GPT-4o", True),
        ("2024-05", "OpenAI released GPT-4o in May 2024.", True),
        ("2024-05", "on May 13, 2024 OpenAI", True),
        ("2024-03", "announced in Mar. 2024", True),
        ("2024-05-13", "on May 13, 2024 OpenAI", True),
        ("2024-05-13", "on 13 May 2024 OpenAI", True),
        ("2023", "removal from the board in 2023", True),
        ("2024-06", "OpenAI released GPT-4o in May 2024.", False),
        ("2024", "released in 20245 units", False),
        ("2024-05-14", "on May 13, 2024 OpenAI", False),
        ("2022-11", "Launch of ChatGPT, triggering the race", False),
    ],
)
def test_dates(value, quote, ok):
    assert date_in(value, quote) is ok


def test_scores_and_booleans():
    assert number_in(-3.0, "Meta\n-3.0Delayed its next-generation model")
    assert not number_in(3.0, "Meta\n-3.0Delayed its next-generation model")
    assert number_in(1.0, "OpenAI\n1.0Successfully launched")
    assert bool_in("open_weights", True, "Open-source weights, cloud API")
    assert bool_in("open_weights", False, "aiming to eventually release older models like Grok 2")
    assert not bool_in("open_weights", True, "a closed, proprietary model")
    assert bool_in("license", True, "anything")  # a field without a word list is exempt


def test_text_may_paraphrase():
    assert mismatch("chip", "text", "category", "wafer-scale processor", "an entire wafer as one processor") is None


def test_message_names_value_and_quote():
    why = mismatch("chip", "quantity", "memory", q("2880GB"), "up to 288GB of memory")
    assert "'2880GB'" in why and "up to 288GB of memory" in why and "derived" in why


@pytest.fixture
def trust_data(tmp_path) -> Path:
    shutil.copytree(FIXTURE, tmp_path / "trust")
    return tmp_path / "trust" / "data"


def test_wrong_number_against_a_correct_quote_fails_validate_at_its_line(trust_data):
    path = trust_data / "chips.yaml"
    path.write_text(path.read_text().replace("{value: 288GB,", "{value: 2880GB,"))
    result = run_cli("validate", "--data-dir", str(trust_data))
    assert result.exit_code == 1
    line = [ln for ln in result.stderr.splitlines() if "2880GB" in ln]
    assert len(line) == 1
    assert f"{path}:9:" in line[0] and "acme-x1: memory.1:" in line[0] and "up to 288GB" in line[0]


def test_derived_value_is_exempt(trust_data):
    path = trust_data / "chips.yaml"
    path.write_text(
        path.read_text().replace(
            "{value: 6 TB/s, source: acme-weekly,",
            '{value: 6.6 TB/s, derived: "6TB/s plus 10% overclock", source: acme-weekly,',
        )
    )
    assert run_cli("validate", "--data-dir", str(trust_data)).exit_code == 0


def test_wrong_number_fails_in_the_installed_command(trust_data):
    from conftest import run_installed

    path = trust_data / "chips.yaml"
    path.write_text(path.read_text().replace("{value: 6 TB/s,", "{value: 60 TB/s,"))
    proc = run_installed("validate", "--data-dir", str(trust_data))
    assert proc.returncode == 1 and f"{path}:11:" in proc.stderr and "'60 TB/s'" in proc.stderr


def test_benchmark_data_passes_validate(tmp_path):
    """The synthetic benchmark dataset states every value in its quote, so the benchmark
    measures validate doing its whole job rather than failing."""
    import sys

    sys.path.insert(0, str(Path(__file__).parent.parent / "benchmarks"))
    from generate import generate

    generate(300, str(tmp_path / "ds"))
    result = run_cli("validate", "--data-dir", str(tmp_path / "ds"))
    assert result.exit_code == 0, result.stderr[:2000]
