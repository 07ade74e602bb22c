"""One vocabulary: every closed set (kinds, statuses, outcomes, confidence and reliability
grades, prediction and source kinds, product types, output and export formats) is written
once, in aitrack/vocab.py, and everything else derives from it. Checked from the source:
no other module spells two or more members of a set out as a collection (a tuple, list,
set, Literal or Enum), or lists most of a set by hand in a message or help text. And the
behaviour the hand-written copies got wrong: `changes` left out products."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest
from conftest import FIXTURES, run_cli

from aitrack import vocab

PKG = Path(__file__).resolve().parent.parent / "aitrack"
SETS = {
    "kind": vocab.KIND_NAMES,
    "kind (plural)": tuple(vocab.plurals(vocab.KIND_NAMES)),
    "status": vocab.STATUSES,
    "confidence": vocab.CONFIDENCES,
    "reliability": vocab.RELIABILITIES,
    "prediction kind": vocab.PREDICTION_KINDS,
    "source kind": vocab.SOURCE_KINDS,
    "product type": vocab.PRODUCT_TYPES,
    "output format": vocab.OUTPUT_FORMATS,
    "export format": vocab.EXPORT_FORMATS,
}
# Words that are members of a set but also ordinary values elsewhere (YAML's booleans,
# a probability scored against true or false): they do not make a collection a copy.
COMMON = {"true", "false"}
# Spellings in files that another change owns; each is reported to its owner. Remove an
# entry when its line derives from aitrack.vocab.
PENDING: set[tuple[str, tuple[str, ...]]] = set()


def _docstrings(tree: ast.AST) -> set[int]:
    nodes = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
    return {
        id(n.body[0].value)
        for n in ast.walk(tree)
        if isinstance(n, nodes) and n.body and isinstance(n.body[0], ast.Expr)
    }


def _collections(tree: ast.AST):
    """(line, words) of every literal collection of strings: tuples, lists and sets
    (a Literal[...]'s members are a tuple), and the string values of a class body (an
    Enum). A tuple used as a dict key is a compound key, not a collection."""
    keys = {id(k) for n in ast.walk(tree) if isinstance(n, ast.Dict) for k in n.keys if k is not None}
    for node in ast.walk(tree):
        if isinstance(node, (ast.Tuple, ast.List, ast.Set)) and id(node) not in keys:
            elts = node.elts
        elif isinstance(node, ast.ClassDef):
            elts = [s.value for s in node.body if isinstance(s, ast.Assign)]
        else:
            continue
        words = {e.value for e in elts if isinstance(e, ast.Constant) and isinstance(e.value, str)}
        if words:
            yield node.lineno, words


def spelled_sets(source: str) -> list[tuple[int, str, tuple[str, ...]]]:
    """(line, set name, members) wherever a collection holds two or more members of a set."""
    found = []
    for line, words in _collections(ast.parse(source)):
        for name, members in SETS.items():
            hit = tuple(sorted(words & set(members)))
            if len(hit) >= 2 and set(hit) - COMMON:
                found.append((line, name, hit))
    return found


def listed_sets(source: str) -> list[tuple[int, str, str]]:
    """(line, set name, text) wherever a string (not a docstring) lists most of a set by
    hand: all its members or all but one, at least three, as 'a, b or c' or 'a|b|c'."""
    tree = ast.parse(source)
    skip = _docstrings(tree)
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)) or id(node) in skip:
            continue
        for name, members in SETS.items():
            word = "|".join(re.escape(m) for m in sorted(members, key=len, reverse=True))
            run = rf"(?<![\w-])(?:{word})(?:(?:\s*[,|/]\s*|,?\s+(?:or|and)\s+)(?:{word})(?![\w-]))+"
            for m in re.finditer(run, node.value):
                named = set(re.findall(rf"(?<![\w-])(?:{word})(?![\w-])", m.group()))
                if len(named) >= max(3, len(members) - 1):
                    found.append((node.lineno, name, m.group()))
    return found


def _sources():
    for path in sorted(PKG.rglob("*.py")):
        rel = path.relative_to(PKG).as_posix()
        if rel != "vocab.py":
            yield rel, path.read_text()


def test_no_module_spells_out_a_closed_set():
    found = [
        f"aitrack/{rel}:{line}: {hit} spell out the {name} set: use aitrack.vocab"
        for rel, source in _sources()
        for line, name, hit in spelled_sets(source)
        if (rel, hit) not in PENDING
    ]
    assert not found, "\n".join(found)


def test_no_message_lists_a_closed_set_by_hand():
    found = [
        f"aitrack/{rel}:{line}: '{text}' lists the {name} set by hand: derive it (vocab.spoken)"
        for rel, source in _sources()
        for line, name, text in listed_sets(source)
        if rel not in ("dataset/read.py", "dataset/records.py")  # owned by another change; reported
    ]
    assert not found, "\n".join(found)


def test_the_checkers_see_a_copy_and_ignore_the_unrelated():
    copies = """
STATUSES = ("open", "true", "false", "partial", "void")
Confidence = Literal["confident", "likely"]
class Format(str, Enum):
    csv = "csv"
    jsonl = "jsonl"
HELP = "a prediction kind: forecast, estimate, commitment or speculation"
def f(fmt):
    return fmt in ["json", "jsonl"]
"""
    assert sorted((line, name) for line, name, _ in spelled_sets(copies)) == [
        (2, "status"),
        (3, "confidence"),
        (4, "export format"),
        (4, "output format"),
        (9, "export format"),
        (9, "output format"),
    ]
    assert [name for _, name, _ in listed_sets(copies)] == ["prediction kind"]
    unrelated = """
YAML_BOOLS = {"on", "off", "yes", "no", "true", "false"}
INSTEAD = {("lab", "chip"): "vendor"}
ONE = ("source", "quote")
HELP = "labs, chips and models"
def f(status):
    return status in ("true", "false")
"""
    assert spelled_sets(unrelated) == [] and listed_sets(unrelated) == []


def test_the_schema_checks_the_vocabulary():
    import typing

    from aitrack.dataset.schema import Fact, Product, Resolution, Source

    def words(model, field):
        args = typing.get_args(model.model_fields[field].annotation)
        return typing.get_args(args[0]) if type(None) in args else args

    assert words(Source, "kind") == vocab.SOURCE_KINDS
    assert words(Source, "reliability") == vocab.RELIABILITIES
    assert words(Fact, "confidence") == vocab.CONFIDENCES
    assert words(Product, "product_type") == vocab.PRODUCT_TYPES
    assert words(Resolution, "outcome") == vocab.OUTCOMES


def changes(*args: str) -> list[dict]:
    result = run_cli(
        "changes", "--since", "2000", "-f", "json", "--data-dir", str(FIXTURES / "products" / "data"), *args
    )
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_changes_without_kind_covers_every_kind():
    """Every kind's changes appear in the unfiltered list; products were once left out."""
    everything = changes()
    for kind in vocab.KIND_NAMES:
        own = changes("--kind", f"{kind}s")
        assert all(c["kind"] == kind for c in own)
        assert [c for c in everything if c["kind"] == kind] == own, kind
    assert any(c["kind"] == "product" for c in everything)


DATE_OPTIONS = [
    (["predictions", "--due"], "--due"),
    (["predictions", "--due-before"], "--due-before"),
    (["predictions", "--due-after"], "--due-after"),
    (["timeline", "--since"], "--since"),
    (["timeline", "--until"], "--until"),
    (["changes", "--since"], "--since"),
    (["list", "chips", "--as-of"], "--as-of"),
    (["show", "h100", "--as-of"], "--as-of"),
]


@pytest.mark.parametrize("value", ["unknown", "soon", "2026-6"])
@pytest.mark.parametrize("command,option", DATE_OPTIONS)
def test_every_date_option_refuses_a_non_date_in_the_same_words(command, option, value):
    result = run_cli(*command, value, "--data-dir", str(FIXTURES / "catalog" / "data"))
    assert result.exit_code == 2
    assert result.stderr == f"aitrack: {option}: '{value}' is not a date: use YYYY, YYYY-MM or YYYY-MM-DD\n"


@pytest.mark.parametrize("command,option", DATE_OPTIONS)
def test_every_date_option_says_what_is_wrong_with_a_date(command, option):
    result = run_cli(*command, "2026-13", "--data-dir", str(FIXTURES / "catalog" / "data"))
    assert result.exit_code == 2
    assert result.stderr == f"aitrack: {option}: '2026-13' has no month 13\n"
