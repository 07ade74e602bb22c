"""Write a valid synthetic dataset of N entities in the real layout, for benchmarks.

    python benchmarks/generate.py --entities 10000 --out /tmp/ds10k

Kinds are mixed like the bundled data (about 30% labs, 11% chips, 30% models, 29%
predictions), with quantities, citations to a synthetic source document written beside
the data (DIR/seeds/), predictions with due dates, and the real wse-3 and h100 (with
their makers and sources) so the same commands run on it. Files hold at most 5,000
entries each, under DIR/<kind>/, so no file nears the loader's size limit.
`aitrack validate --data-dir DIR` passes on the result.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CHUNK = 5000
MIX = {"labs": 0.30, "chips": 0.11, "models": 0.30, "predictions": 0.29}

SENTENCES = [f"Synthetic fact number {i} says the lab ships a faster accelerator this year." for i in range(50)]
# One sentence per value the generator writes, so every value is found in its quote (validate checks it).
MEMORY = {m: f"Synthetic chips ship with {m} GB of memory." for m in (16, 32, 80, 96, 141, 192)}
BANDWIDTH = {x: f"Synthetic chips reach ~{x / 10} TB/s of memory bandwidth." for x in range(1, 91)}
TDP = {w: f"Synthetic chips draw {w} W at peak." for w in range(100, 1200, 50)}
RELEASED = {(y, m): f"Synthetic models were released in {y}-{m:02d}." for y in range(2019, 2027) for m in range(1, 13)}
WEIGHTS = {
    True: "Synthetic models with open weights are downloadable.",
    False: "Synthetic models stay closed and proprietary.",
}
DOC = (
    "\n".join(
        ["Synthetic source document for aitrack benchmarks."]
        + SENTENCES
        + list(MEMORY.values())
        + list(BANDWIDTH.values())
        + list(TDP.values())
        + list(RELEASED.values())
        + list(WEIGHTS.values())
    )
    + "\n"
)

REAL = """\
- id: nvidia
  name: NVIDIA
  cite:
    - {source: ainews-dual-track, quote: "The Incumbent Hardware Giant (NVIDIA)"}
- id: cerebras
  name: Cerebras
  cite:
    - {source: ainews-dual-track, quote: "The Infrastructure Disruptors (Cerebras, Groq, SambaNova)"}
"""
REAL_CHIPS = """\
- id: h100
  name: NVIDIA H100
  vendor: nvidia
  cite:
    - {source: ainews-dual-track, quote: "| NVIDIA H100 (GPU) | Multi-chip Module (8 GPUs) | ~3.35 TB/s (HBM3) |"}
  memory: {value: 80 GB, source: nvidia-h100-datasheet}
  memory_bandwidth: {value: ~3.35 TB/s, source: ainews-dual-track, quote: "~3.35 TB/s (HBM3)"}
  tdp: {value: 700 W, source: nvidia-h100-datasheet}
- id: wse-3
  name: Cerebras WSE-3
  aliases: [WSE3]
  vendor: cerebras
  cite:
    - {source: ainews-dual-track, quote: "Cerebras' Wafer-Scale Engine (WSE-3) is not just a larger chip"}
  memory: {value: 44 GB, source: ainews-dual-track, quote: "900,000 AI-optimized cores and 44 GB of on-wafer SRAM"}
  memory_bandwidth: {value: ~21 PB/s, source: ainews-dual-track, quote: "~21 PB/s (on-wafer SRAM)"}
  cores: {value: "900,000 cores", source: ainews-dual-track, quote: "a single, monolithic processor with 900,000 AI-optimized cores"}
"""


def _sources(seed_hash: str, synth_hash: str) -> str:
    return f"""\
- id: ainews-dual-track
  name: AINews
  kind: analysis-article
  title: AINews analysis
  file: 000_89c5ba3799fdb01e.txt
  sha256: {seed_hash}
- id: synthetic-doc
  name: Synthetic document
  kind: news-brief
  title: Synthetic source document
  file: synthetic.txt
  sha256: {synth_hash}
  published: "2025-06-01"
- id: nvidia-h100-datasheet
  name: NVIDIA H100 datasheet
  kind: external
  title: NVIDIA H100 Tensor Core GPU
  url: https://www.nvidia.com/en-us/data-center/h100/
"""


def _cite(rng: random.Random) -> str:
    return f'{{source: synthetic-doc, quote: "{rng.choice(SENTENCES)}"}}'


def lab(i: int, rng: random.Random) -> str:
    return (
        f"- id: lab-{i}\n  name: Synthetic Lab {i}\n  aliases: [SynLab{i}]\n  tags: [synthetic]\n"
        f"  cite:\n    - {_cite(rng)}\n"
        f'  focus: {{value: accelerators, source: synthetic-doc, quote: "{rng.choice(SENTENCES)}"}}\n'
    )


def chip(i: int, labs: int, rng: random.Random) -> str:
    # rng is drawn in the same order as before the value sentences existed (the discarded
    # choices), so a seed gives the same dataset as older versions of this generator.
    head = (
        f"- id: chip-{i}\n  name: Synthetic Chip {i}\n  vendor: lab-{rng.randrange(labs)}\n"
        f"  cite:\n    - {_cite(rng)}\n"
    )
    mem = rng.choice([16, 32, 80, 96, 141, 192])
    rng.choice(SENTENCES)  # noqa: E702
    bw = rng.randint(1, 90)
    rng.choice(SENTENCES)  # noqa: E702
    tdp = rng.randrange(100, 1200, 50)
    rng.choice(SENTENCES)  # noqa: E702
    return (
        head
        + f'  memory: {{value: {mem} GB, source: synthetic-doc, quote: "{MEMORY[mem]}"}}\n'
        + f'  memory_bandwidth: {{value: ~{bw / 10} TB/s, source: synthetic-doc, quote: "{BANDWIDTH[bw]}"}}\n'
        + f'  tdp: {{value: {tdp} W, source: synthetic-doc, quote: "{TDP[tdp]}"}}\n'
    )


def model(i: int, labs: int, rng: random.Random) -> str:
    head = (
        f"- id: model-{i}\n  name: Synthetic Model {i}\n  lab: lab-{rng.randrange(labs)}\n  cite:\n    - {_cite(rng)}\n"
    )
    year, month = rng.randint(2019, 2026), rng.randint(1, 12)
    rng.choice(SENTENCES)  # noqa: E702
    weights = rng.random() < 0.4
    rng.choice(SENTENCES)  # noqa: E702
    return (
        head
        + f'  released: {{value: "{year}-{month:02d}", source: synthetic-doc, quote: "{RELEASED[year, month]}"}}\n'
        + f'  open_weights: {{value: {str(weights).lower()}, source: synthetic-doc, quote: "{WEIGHTS[weights]}"}}\n'
    )


def prediction(i: int, labs: int, rng: random.Random) -> str:
    year = rng.randint(2024, 2030)
    return (
        f"- id: prediction-{i}\n  name: Synthetic prediction {i}\n"
        f"  statement: Synthetic Lab {rng.randrange(labs)} will ship something by end of {year}.\n"
        f'  source: synthetic-doc\n  quote: "{rng.choice(SENTENCES)}"\n  by: Synthetic Analyst {i % 40}\n'
        f"  horizon: by end of {year}\n  subjects: [lab-{rng.randrange(labs)}]\n  kind: forecast\n"
    )


def generate(n: int, out: str, seed: int = 7, chunk: int = 0) -> dict[str, int]:
    """A synthetic dataset of n entities; chunk: entities per file (default CHUNK)."""
    chunk = chunk or CHUNK
    rng = random.Random(seed)
    if os.path.exists(out):
        shutil.rmtree(out)
    os.makedirs(os.path.join(out, "seeds"))
    real_seed = os.path.join(ROOT, "seeds", "000_89c5ba3799fdb01e.txt")
    shutil.copy(real_seed, os.path.join(out, "seeds"))
    with open(os.path.join(out, "seeds", "synthetic.txt"), "w", encoding="utf-8") as fh:
        fh.write(DOC)
    with open(real_seed, "rb") as fh:
        seed_hash = hashlib.sha256(fh.read()).hexdigest()
    with open(os.path.join(out, "sources.yaml"), "w", encoding="utf-8") as fh:
        fh.write(_sources(seed_hash, hashlib.sha256(DOC.encode()).hexdigest()))
    counts = {kind: max(1, int(n * share)) for kind, share in MIX.items()}
    makers = {"labs": lab, "chips": chip, "models": model, "predictions": prediction}
    for kind, count in counts.items():
        os.makedirs(os.path.join(out, kind))
        for start in range(0, count, chunk):
            with open(os.path.join(out, kind, f"{start // chunk:04d}.yaml"), "w", encoding="utf-8") as fh:
                if start == 0 and kind == "labs":
                    fh.write(REAL)
                if start == 0 and kind == "chips":
                    fh.write(REAL_CHIPS)
                for i in range(start, min(count, start + chunk)):
                    fh.write(lab(i, rng) if kind == "labs" else makers[kind](i, counts["labs"], rng))
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entities", type=int, required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    counts = generate(args.entities, args.out, args.seed)
    print(f"wrote {sum(counts.values()) + 4} entities to {args.out}: {counts}")


if __name__ == "__main__":
    main()
