"""A tiny, valid dataset written from scratch for the hardening tests: one document,
one external source, two labs, a chip and two predictions. Small on purpose, so tests
that plant problems in it stay fast and never depend on the bundled data."""

from __future__ import annotations

import hashlib
from pathlib import Path

DOC = (
    "Acme Labs ships the Rocket-1 accelerator with 96 GB of memory.\n"
    "Acme Labs will release a second chip by end of 2026.\n"
    "Zeta Corp expects Acme Labs to lose share before 2027.\n"
)

SOURCES = """\
- id: memo
  name: A test memo
  kind: analysis-article
  title: A test memo
  file: memo.txt
  sha256: {sha}
  published: "2025-06-01"
- id: acme-datasheet
  name: Acme datasheet
  kind: external
  title: Rocket-1 datasheet
  url: https://example.org/rocket-1
  published: "2025-01-01"
"""

LABS = """\
- id: acme
  name: Acme Labs
  cite:
    - {source: memo, quote: "Acme Labs ships the Rocket-1 accelerator"}
- id: zeta
  name: Zeta Corp
  cite:
    - {source: memo, quote: "Zeta Corp expects Acme Labs"}
"""

CHIPS = """\
- id: rocket-1
  name: Acme Rocket-1
  aliases: [Rocket 1]
  vendor: acme
  cite:
    - {source: memo, quote: "the Rocket-1 accelerator"}
  memory: {value: 96 GB, source: memo, quote: "with 96 GB of memory"}
  tdp: {value: 500 W, source: acme-datasheet}
"""

PREDICTIONS = """\
# Forecasts from the memo.

- id: acme-second-chip
  name: Acme releases a second chip
  statement: Acme Labs will release a second chip by the end of 2026.
  source: memo
  quote: "Acme Labs will release a second chip by end of 2026."
  by: Acme Labs
  horizon: by end of 2026
  subjects: [acme]
  kind: forecast

- id: zeta-acme-share
  name: Acme loses share
  statement: Acme Labs loses market share before 2027.
  source: memo
  quote: "Zeta Corp expects Acme Labs to lose share before 2027."
  by: Zeta Corp
  horizon: before 2027
  subjects: [acme]
  kind: forecast
"""


def write_tiny(root: Path) -> Path:
    """Write the dataset under root (root/data, root/seeds); returns the data folder."""
    data, seeds = root / "data", root / "seeds"
    data.mkdir(parents=True)
    seeds.mkdir()
    (seeds / "memo.txt").write_text(DOC, encoding="utf-8")
    sha = hashlib.sha256(DOC.encode()).hexdigest()
    for name, text in (
        ("sources", SOURCES.format(sha=sha)),
        ("labs", LABS),
        ("chips", CHIPS),
        ("predictions", PREDICTIONS),
    ):
        (data / f"{name}.yaml").write_text(text, encoding="utf-8")
    return data
