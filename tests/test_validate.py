"""The strict loader and `aitrack validate`: every bad-input class gives a one-line
`path:line` error and exit 1; the bundled data validates."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import MINI, run_cli

GOOD_LAB = """\
- id: acme
  name: Acme AI
  cite:
    - {source: labs-brief, quote: "OpenAI released GPT-4o in May 2024, a multimodal model."}
"""


def write(data: Path, name: str, text: str | bytes) -> Path:
    path = data / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def validate(data: Path):
    return run_cli("validate", "--data-dir", str(data))


def test_bundled_data_validates():
    result = run_cli("validate")
    assert result.exit_code == 0, result.stderr
    assert re.search(
        r"valid: \d+ labs, \d+ chips, \d+ models, \d+ predictions, \d+ products, \d+ sources", result.stderr
    )


def assert_one_error(result, path: Path, line: int, *words: str) -> str:
    assert result.exit_code == 1, result.stdout + result.stderr
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"{path}:{line}:"), first
    for word in words:
        assert word in first, first
    assert "Traceback" not in result.stderr
    return first


@pytest.mark.parametrize(
    "case, text, line, words",
    [
        ("unknown field", GOOD_LAB + "  colour: red\n", 5, ["acme", "colour", "unknown field"]),
        ("wrong type", GOOD_LAB.replace("name: Acme AI", "name: [1, 2]"), 2, ["acme", "name"]),
        ("bad id", GOOD_LAB.replace("id: acme", "id: Acme_AI"), 1, ["kebab-case"]),
        ("list where mapping belongs", "- [a, b]\n", 1, ["expected a mapping"]),
        ("mapping where list belongs", "id: acme\nname: x\n", 1, ["expected a list"]),
        ("duplicate key", GOOD_LAB + "  name: Again\n", 5, ["duplicate key 'name'", "lines 2 and 5"]),
        ("anchor", GOOD_LAB + "- &x {id: b}\n", 5, ["anchors"]),
        ("alias", "- id: a\n  name: n\n  cite: []\n  tags: *t\n", 4, ["aliases"]),
        ("syntax", GOOD_LAB + "  notes: [unclosed\n", 6, ["invalid YAML"]),
        ("python tag", "- !!python/object/apply:os.system [echo]\n", 1, ["tags are not allowed"]),
    ],
)
def test_bad_lab_file(mini_data, case, text, line, words):
    (mini_data / "labs").mkdir()
    path = write(mini_data, "labs/extra.yaml", text)
    assert_one_error(validate(mini_data), path, line, *words)


def test_empty_file(mini_data):
    path = write(mini_data, "predictions.yaml", "# nothing here\n")
    assert_one_error(validate(mini_data), path, 1, "empty")


def test_non_utf8_file(mini_data):
    path = write(mini_data, "labs.yaml", (mini_data / "labs.yaml").read_bytes() + b"  notes: caf\xe9\n")
    assert_one_error(validate(mini_data), path, len(path.read_bytes().splitlines()), "not UTF-8")


def test_nul_byte(mini_data):
    path = write(mini_data, "labs.yaml", (mini_data / "labs.yaml").read_bytes() + b"  notes: a\x00b\n")
    assert_one_error(validate(mini_data), path, len(path.read_bytes().splitlines()), "NUL")


def test_yaml11_booleans_stay_strings(mini_data):
    text = GOOD_LAB.replace("name: Acme AI", "name: no") + "  aliases: [yes, off]\n"
    write(mini_data, "labs.yaml", (mini_data / "labs.yaml").read_text() + text)
    result = run_cli("show", "acme", "--format", "json", "--data-dir", str(mini_data))
    assert result.exit_code == 0, result.stderr
    assert '"name": "no"' in result.stdout and '"yes"' in result.stdout and '"off"' in result.stdout


def test_dangling_reference(mini_data):
    chips = mini_data / "chips.yaml"
    text = chips.read_text().replace("vendor: cerebras", "vendor: cerebrus", 1)
    chips.write_text(text)
    line = text.splitlines().index("  vendor: cerebrus") + 1
    assert_one_error(validate(mini_data), chips, line, "wse-3", "vendor", "'cerebrus' is not a known lab id")


def test_duplicate_id(mini_data):
    path = write(mini_data, "labs.yaml", (mini_data / "labs.yaml").read_text() + GOOD_LAB.replace("acme", "openai"))
    line = len(path.read_text().splitlines()) - 3
    first = assert_one_error(validate(mini_data), path, line, "openai", "duplicate id")
    original = path.read_text().splitlines().index("- id: openai") + 1
    assert f"labs.yaml:{original})" in first


def test_duplicate_alias_after_folding(mini_data):
    path = write(mini_data, "labs.yaml", (mini_data / "labs.yaml").read_text() + GOOD_LAB + "  aliases: [W.S.E 3]\n")
    line = len(path.read_text().splitlines())
    assert_one_error(validate(mini_data), path, line, "acme", "aliases.0", "clashes with 'wse-3'")


def test_bad_quantity_names_field(mini_data):
    chips = mini_data / "chips.yaml"
    text = chips.read_text().replace("memory: {value: 44 GB,", "memory: {value: 44 furlongs,")
    chips.write_text(text)
    line = next(i for i, ln in enumerate(text.splitlines(), 1) if "44 furlongs" in ln)
    assert_one_error(validate(mini_data), chips, line, "wse-3", "memory.value", "unknown unit 'furlongs'")


def test_wrong_dimension(mini_data):
    chips = mini_data / "chips.yaml"
    text = chips.read_text().replace("memory: {value: 44 GB,", "memory: {value: 44 GB/s,")
    chips.write_text(text)
    line = next(i for i, ln in enumerate(text.splitlines(), 1) if "44 GB/s" in ln)
    assert_one_error(validate(mini_data), chips, line, "wse-3", "memory.value", "takes bytes")


def test_quote_not_found(mini_data):
    labs = mini_data / "labs.yaml"
    text = labs.read_text().replace(
        'quote: "the Claude models with a focus on safety"', 'quote: "the Claude models with a focus on speed"'
    )
    labs.write_text(text)
    line = next(i for i, ln in enumerate(text.splitlines(), 1) if "a focus on speed" in ln)
    assert_one_error(validate(mini_data), labs, line, "anthropic", "focus", "quote not found")


def test_quote_matching_folds_whitespace_and_typographic_quotes(mini_data):
    labs = mini_data / "labs.yaml"
    text = labs.read_text().replace(
        'quote: "the Claude models with a focus on safety"', 'quote: "the Claude   models\\n with a focus on safety"'
    )
    text = text.replace("quote: \"NVIDIA's H100 GPU offers", 'quote: "NVIDIA\u2019s H100 GPU offers')
    assert "\u2019" in text and "Claude   models" in text
    labs.write_text(text)
    assert validate(mini_data).exit_code == 0


def test_hash_mismatch(mini_data):
    seed = mini_data.parent / "seeds" / "chips-brief.txt"
    seed.write_bytes(seed.read_bytes() + b"\n")
    sources = mini_data / "sources.yaml"
    line = next(i for i, ln in enumerate(sources.read_text().splitlines(), 1) if ln.startswith("  sha256: 0e94"))
    assert_one_error(validate(mini_data), sources, line, "chips-brief", "hash mismatch")


def test_all_problems_reported_sorted(mini_data):
    labs = mini_data / "labs.yaml"
    text = labs.read_text().replace("name: Cerebras\n", "name: Cerebras\n  colour: red\n")
    text = text.replace(
        'quote: "the Claude models with a focus on safety"', 'quote: "the Claude models with no focus at all"'
    )
    assert "colour: red" in text and "no focus at all" in text
    labs.write_text(text)
    result = validate(mini_data)
    lines = [ln for ln in result.stderr.splitlines() if ln.startswith(str(labs))]
    assert len(lines) == 2
    numbers = [int(ln.split(":")[1]) for ln in lines]
    assert numbers == sorted(numbers)
    assert "2 problems found" in result.stderr


def test_data_dir_from_environment(mini_data):
    write(mini_data, "labs.yaml", (mini_data / "labs.yaml").read_text() + GOOD_LAB + "  colour: red\n")
    result = run_cli("validate", env={"AITRACK_DATA_DIR": str(mini_data)})
    assert result.exit_code == 1 and "colour" in result.stderr


def test_missing_data_dir(tmp_path):
    result = run_cli("validate", "--data-dir", str(tmp_path / "nope"))
    assert result.exit_code == 1
    assert "data directory not found" in result.stderr


def test_usage_error_exit_2():
    result = run_cli("validate", "--bogus")
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0


def test_version_prints_package_version_and_fingerprint():
    from aitrack import __version__

    result = run_cli("--version", env={"AITRACK_DATA_DIR": str(MINI)})
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == f"aitrack {__version__}"
    assert re.search(r"fingerprint [0-9a-f]{12}", result.stdout)


def test_version_survives_broken_data(mini_data):
    (mini_data / "chips.yaml").write_text("- id: [\n")
    result = run_cli("--version", env={"AITRACK_DATA_DIR": str(mini_data)})
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0].startswith("aitrack ") and "does not load" in result.stdout


NEW_MODEL = """
- id: {rid}
  name: {name}
  lab: anthropic
  cite:
    - {{source: labs-brief, quote: "Anthropic builds the Claude models with a focus on safety."}}
"""


@pytest.mark.parametrize(
    "name, other, line_of_other",
    [
        # another entity's alias, the issue's case ('Grok 2' and grok-1's alias)
        ("Claude Models", "claude's alias (models.yaml:{})", "  aliases: [Claude models]"),
        # another kind's id, and another kind's name
        ("H 100", "the chip h100's id (chips.yaml:{})", "- id: h100"),
        ("Cerebras WSE 3", "the chip wse-3's name (chips.yaml:{})", "  name: Cerebras WSE-3"),
    ],
    ids=["alias", "id-of-another-kind", "name-of-another-kind"],
)
def test_a_name_shared_by_two_entities_is_refused(mini_data, name, other, line_of_other):
    """A name folding to another entity's id, name or alias passed validate; then a lookup
    returned whichever entity came first, and reordering a file changed the answer."""
    models = mini_data / "models.yaml"
    text = models.read_text() + NEW_MODEL.format(rid="newcomer", name=name)
    models.write_text(text)
    line = text.splitlines().index(f"  name: {name}") + 1
    first = assert_one_error(validate(mini_data), models, line, "newcomer", "name", f"'{name}' clashes with")
    where = (mini_data / other.split("(")[1].split(":")[0]).read_text().splitlines().index(line_of_other) + 1
    assert f"which is also {other.format(where)}" in first


def test_an_id_wins_a_lookup_over_a_name():
    """docs/design.md: a lookup takes an id first, then names and aliases, whatever the
    order of the records (validate refuses the clash; the tables never depend on order)."""
    from aitrack.kinds import KIND_NAMES, fold
    from aitrack.store.tables import MemoryStore, build

    first = {"id": "grok-1", "kind": "model", "name": "Grok 2"}
    second = {"id": "grok-2", "kind": "model", "name": "Grok Two"}
    for order in ([first, second], [second, first]):
        records = {k: [] for k in KIND_NAMES} | {"model": order}
        assert MemoryStore(build(records, "f")).alias(fold("grok-2")) == ("grok-2", "model")
