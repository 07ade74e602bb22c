"""The yaml-free parser (aitrack/dataset/plainyaml.py) gives exactly what the strict
PyYAML-based parser gives, values, types, key order and locations, or None: on every real
entry and file, on a generated dataset, on thousands of edited variants, and it keeps
`yaml` out of a process that parses a plain entry."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from aitrack.dataset import chunks, plainyaml
from aitrack.dataset.loader import parse_text

ROOT = Path(__file__).resolve().parent.parent
DATASETS = [ROOT / "data", *sorted((ROOT / "tests" / "fixtures").glob("*/data"))]


def _typed(value: Any) -> Any:
    """A value with its types and dict order made part of equality (1 != 1.0 != True)."""
    if isinstance(value, dict):
        return ("dict", [(k, _typed(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("list", [_typed(v) for v in value])
    return (type(value).__name__, value)


def _agrees(text: str) -> bool | None:
    """True when plainyaml accepted text and agrees with parse_text, None when it said
    None; an AssertionError when it accepted and disagrees."""
    got = plainyaml.parse(text)
    if got is None:
        return None
    value, locs, problems = parse_text(text, "t.yaml")
    assert not problems, (text, problems)
    assert _typed(got[0]) == _typed(value), text
    assert list(got[1].items()) == list(locs.items()), text
    return True


@pytest.fixture(scope="module")
def texts(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """Every data file's text: bundled, fixtures, and a generated 300-entity dataset."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import generate
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    out = tmp_path_factory.mktemp("gen")
    argv = sys.argv
    sys.argv = ["generate.py", "--entities", "300", "--out", str(out), "--seed", "7"]
    try:
        generate.main()
    finally:
        sys.argv = argv
    files = [p for d in DATASETS for p in sorted(d.glob("*.yaml"))] + sorted(out.rglob("*.yaml"))
    assert len(files) > 40
    return [p.read_text(encoding="utf-8") for p in files]


@pytest.fixture(scope="module")
def entry_chunks(texts: list[str]) -> list[str]:
    out = [c for t in texts for c in chunks.entry_chunks(t) or []]
    assert len(out) > 500
    return out


def test_real_files_and_entries_agree_and_most_are_accepted(texts: list[str], entry_chunks: list[str]) -> None:
    for text in texts:
        _agrees(text)
    accepted = sum(bool(_agrees(c)) for c in entry_chunks)
    # A parser that always says None would be safe and useless: the data is plain.
    assert accepted >= 0.95 * len(entry_chunks), (accepted, len(entry_chunks))


REPLACEMENTS = [
    "1",
    "1.0",
    "true",
    "null",
    "~",
    "0x1F",
    "1e999",
    '"a\\nb"',
    "'it''s'",
    ".inf",
    "-",
    "[]",
    "{}",
    "-5",
    "1_000",
    "yes",
    "2024-05-31",
    '"x\\u0041"',
    "a: b",
    "&a x",
    "*a",
    "!!str 1",
    "| x",
    ">-",
    '"a # b"',
    "a #b",
    "[a, b,]",
    "{a: 1, a: 2}",
    "'",
    '"',
]
ALPHABET = ":#-[]{},'\"&*!|> \t\n"


def _mutate(text: str, rng: random.Random) -> str:
    for _ in range(rng.randint(1, 3)):
        lines = text.split("\n")
        n = rng.randrange(len(lines))
        op = rng.randrange(7)
        if op == 0:
            i = rng.randrange(len(text) + 1)
            text = text[:i] + rng.choice(ALPHABET) + text[i:]
        elif op == 1 and text:
            i = rng.randrange(len(text))
            text = text[:i] + text[i + 1 :]
        elif op == 2:
            lines.insert(n, lines[n])  # often a duplicate key
            text = "\n".join(lines)
        elif op == 3:
            lines[n] = " " * rng.randint(0, 3) + lines[n][rng.randint(0, 2) :]
            text = "\n".join(lines)
        elif op == 4 and n + 1 < len(lines):
            lines[n : n + 2] = [lines[n] + rng.choice(["", " "]) + lines[n + 1].lstrip()]
            text = "\n".join(lines)
        elif op == 5 and " " in lines[n]:
            i = rng.choice([i for i, ch in enumerate(lines[n]) if ch == " "])
            lines[n] = lines[n][:i] + "\n" + " " * rng.randint(0, 6) + lines[n][i + 1 :]
            text = "\n".join(lines)
        else:
            spots = [i for i in range(len(text) - 1) if text[i] in ":-," and text[i + 1] == " "]
            if spots:
                i = rng.choice(spots) + 2
                end = i
                while end < len(text) and text[end] not in ",}]\n":
                    end += 1
                text = text[:i] + rng.choice(REPLACEMENTS) + text[end:]
    return text


def test_edited_entries_agree_or_fall_back(entry_chunks: list[str]) -> None:
    rng = random.Random(16)
    accepted = 0
    cases = 4000
    for _ in range(cases):
        text = _mutate(rng.choice(entry_chunks), rng)
        accepted += bool(_agrees(text))
    # Edits that keep the text plain YAML must still be taken, not all sent to PyYAML.
    assert accepted > cases // 8, accepted  # about a quarter today


@pytest.mark.parametrize(
    "text",
    [
        "- id: a\n  n: 1\n  f: 1.0\n  b: true\n  z: null\n  t: ~\n  h: 0x1F\n  y: yes\n  d: 2024-05-31\n",
        "- id: a\n  s: 'it''s'\n  q: \"say \\\"hi\\\"\\n\"\n  u: https://x.org/a:b # comment\n  c: C# and a#b\n",
        "# head\n\n- id: a  # trailing\n  # inside\n  l: [a b, 'c', \"d\", 1, -2.5, [x], {k: v}]\n  m: {a: 1, b: [2, 3], c: {d: e}}\n",
        "- id: a\n  notes: >-\n    folded text\n    # kept, not a comment\n\n- id: b\n",
        "- id: a\n  lit: |\n    line one\n    line two\n  fold: >\n    x\n    y\n  next: 1\n",
        '- id: a\n  res:\n    "on": 2025-03-01\n    \'off\': x\n  cite:\n    - {source: s, quote: "q"}\n    - plain item\n',
        '- {name: AI, reason: "generic term (a heading: \\"Crypto\'s Role\\")"}\n- {name: Musk\'s, reason: x}\n',
    ],
)
def test_hand_written_plain_entries_are_accepted_exactly(text: str) -> None:
    assert _agrees(text) is True


@pytest.mark.parametrize(
    "text",
    [
        "- id: a\n  a: 1\n  a: 2\n",  # duplicate key: the strict parser names both lines
        "- id: a\n  n: 1e999\n",
        "- id: a\n  n: " + "9" * 5000 + "\n",  # refused numbers
        "- id: &x a\n  b: *x\n",
        "- id: !!str 1\n",
        "---\n- id: a\n",
        '- id: a\n  t: "\\x41"\n',
        "- id: a\n  s: two\n    lines\n",
        '- id: a\n  s: "open\n    quote"\n',
        "- id: a\n\tb: 1\n",
        "- id: a\n  l:\n  - indentless\n",
        "- id: a\n  ? k\n  : v\n",
        "- id: a\n  <<: {b: 1}\n",
        "- id: a\n  f: >-\n    x\n\n    y\n",
        "- id: a\n  f: >-\n    x\n      more\n",
        "- id: a\n  e:\n",
        "".join(f"{'  ' * i}k{i}:\n" for i in range(30)) + "  " * 30 + "v: 1\n",
    ],
)
def test_what_is_outside_the_subset_falls_back(text: str) -> None:
    assert plainyaml.parse(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "- id: a\n  f: >-\n    x\n     \n  next: 1\n",  # spaces past the indentation: content ('x\\n ')
        "- id: a\n  f: >-\n    x\n    \n  next: 1\n",
        "- id: a\n  f: |\n    x\n   \n  next: 1\n",
        "- id: a\n  f: |\n    x",
        "- id: a\n  f: >-\n    x\n  # c\n  g: 1\n",
        "- id: a\n  f: >-\n   x\n    y\n",
    ],
)
def test_block_scalar_edges_agree_or_fall_back(text: str) -> None:
    _agrees(text)


@pytest.mark.parametrize("depth", range(20, 28))
def test_nesting_depth_matches_the_strict_limit(depth: int) -> None:
    block = "- k0:\n" + "".join(f"{'  ' * (i + 1)}k{i}:\n" for i in range(1, depth)) + "  " * (depth + 1) + "v: 1\n"
    flow = "- " + "[" * depth + "1" + "]" * depth + "\n"
    for text in (block, flow):
        problems = parse_text(text, "t.yaml")[2]
        assert (_agrees(text) is True) == (not problems), (depth, problems)


def test_parse_entry_uses_it_and_keeps_its_contract(entry_chunks: list[str]) -> None:
    for chunk in entry_chunks[:200]:
        value, locs, problems = parse_text(chunk, "t.yaml")
        expected = None if problems or not isinstance(value, list) or len(value) != 1 else (value[0], locs)
        got = chunks.parse_entry(chunk, "t.yaml")
        assert (got is None) == (expected is None)
        if got is not None:
            assert _typed(got[0]) == _typed(expected[0]) and got[1] == expected[1]
    assert chunks.parse_entry("- id: a\n- id: b\n", "t.yaml") is None  # two entries: not one


def test_a_plain_entry_is_parsed_without_importing_yaml() -> None:
    code = (
        "import sys\n"
        "from aitrack.dataset import plainyaml, chunks\n"
        "chip = '- id: h100\\n  name: NVIDIA H100\\n  aliases: [H100 GPU]\\n"
        '  memory: {value: 80 GB, source: nvidia-h100-datasheet, quote: "80 GB"}\\n\'\n'
        "assert plainyaml.parse(chip) is not None\n"
        "assert 'yaml' not in sys.modules, 'plainyaml imported yaml'\n"
        "assert chunks.parse_entry(chip, 'chips.yaml')[0]['id'] == 'h100'\n"
        "assert 'yaml' not in sys.modules, 'parse_entry imported yaml'\n"
        "assert chunks.parse_entry('- id: &a x\\n', 'chips.yaml') is None\n"
        "assert 'yaml' in sys.modules\n"  # and an unusual entry still goes to PyYAML
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stderr
