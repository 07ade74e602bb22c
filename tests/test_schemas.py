"""Editor schemas (schema/*.schema.json) that editors can use: every field described,
dates and quantities with patterns; every data file passes them, and bad values are
refused both by the schema (as check-jsonschema / yaml-language-server would) and by
`aitrack validate`."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from conftest import DATA, FIXTURES, ROOT, run_cli

SCHEMAS = ROOT / "schema"


class Yaml12Loader(yaml.SafeLoader):
    """YAML 1.2 scalars, as aitrack's loader and yaml-language-server read them: dates stay
    strings, only true/false are booleans."""


Yaml12Loader.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in resolvers if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")]
    for ch, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.copy().items()
}
Yaml12Loader.add_implicit_resolver("tag:yaml.org,2002:bool", __import__("re").compile(r"^(?:true|false)$"), list("tf"))


def validator(name: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json.loads((SCHEMAS / f"{name}.schema.json").read_text()))


def data_files() -> list[Path]:
    folders = [DATA] + sorted(p / "data" for p in FIXTURES.iterdir() if (p / "data").is_dir())
    return [f for d in folders for f in sorted(d.glob("*.yaml")) + sorted(d.glob("*/*.yaml"))]


def schema_name(path: Path) -> str:
    return path.stem if path.parent.name == "data" else path.parent.name


@pytest.mark.parametrize("path", data_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_data_file_passes_its_schema(path):
    doc = yaml.load(path.read_text(encoding="utf-8"), Loader=Yaml12Loader) or []
    errors = [f"{list(e.absolute_path)}: {e.message[:120]}" for e in validator(schema_name(path)).iter_errors(doc)]
    assert errors == []


def _walk(node, where="") -> list[str]:
    """Every property without a description, by path."""
    missing = []
    if isinstance(node, dict):
        for key, prop in node.get("properties", {}).items():
            if "description" not in prop:
                missing.append(f"{where}.{key}")
        for key, value in node.items():
            missing += _walk(value, f"{where}.{key}" if key not in ("properties",) else where)
    elif isinstance(node, list):
        for item in node:
            missing += _walk(item, where)
    return missing


@pytest.mark.parametrize("name", ["labs", "chips", "models", "predictions", "sources", "products", "ignored"])
def test_every_field_has_a_description(name):
    schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text())
    assert _walk(schema) == []
    props = schema["items"]["properties"]
    if name == "chips":  # meaning, unit and an example
        text = props["memory_bandwidth"]["description"]
        assert "TB/s" in text and "memory_bandwidth_TBps" in text and "e.g." in text


# (file, text in the mini fixture, replacement, what validate says)
BAD = [
    ("models.yaml", 'released: {value: "2024-05"', 'released: {value: "March 2024"', "not a date"),
    ("chips.yaml", "memory_bandwidth: {value: ~3.35 TB/s", "memory_bandwidth: {value: ~21 PBps/sec", "unit"),
    ("chips.yaml", "memory: {value: 80 GB", "memory: {value: 80 GBs", "unit"),
    ("chips.yaml", "tdp: {value: 700 W", "tdp: {value: 700 V", "unit"),
    ("chips.yaml", "memory: {value: 80 GB", "memory: {value: 80 W", "this field takes bytes"),
    ("models.yaml", 'released: {value: "2024-05"', 'released: {value: "2024-13"', "month"),
    ("predictions.yaml", "horizon: by end of 2025\n", "horizon: by end of 2025\n  due: next year\n", "not a date"),
]


@pytest.mark.parametrize("file, old, new, message", BAD, ids=[b[2].split("value: ")[-1] for b in BAD])
def test_bad_values_are_refused_by_schema_and_validate(mini_data, file, old, new, message):
    path = mini_data / file
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    doc = yaml.load(path.read_text(), Loader=Yaml12Loader)
    assert list(validator(path.stem).iter_errors(doc)), f"the schema accepts {new!r}"
    result = run_cli("validate", "--data-dir", str(mini_data))
    assert result.exit_code == 1 and message in result.stderr, result.stderr
    assert f"{file}:" in result.stderr


@pytest.mark.parametrize(
    "good, dim",
    [
        ("~3.35 TB/s", "bandwidth"),
        ("6TB/second", "bandwidth"),
        ("21 PB/s", "bandwidth"),
        ("up to 288GB", "bytes"),
        ("192GB", "bytes"),
        ("44 GB", "bytes"),
        ("1.5 terabytes", "bytes"),
        ("989 TFLOPS", "flops"),
        ("> 1 PFLOPS", "flops"),
        ("700 W", "power"),
        ("1.2 kW", "power"),
        ("$40-60B", "usd"),
        ("$30,000", "usd"),
        ("900,000 cores", "count"),
        ("1.8T parameters", "count"),
        ("19,456", "count"),
    ],
)
def test_schema_patterns_accept_what_the_parser_accepts(good, dim):
    import re

    from aitrack import quantity
    from aitrack.views.schema_docs import quantity_pattern

    assert quantity.parse(good).dim == dim
    assert re.search(quantity_pattern(dim), good), good
