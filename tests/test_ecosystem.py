"""Editor schemas, exports, completion, help with examples, dataset fingerprint."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess

import pytest
from conftest import CATALOG, DATA, ROOT, installed, run_cli

from aitrack.dataset.check import citations
from aitrack.views.export import SCHEMA_FILES, schema_text


@pytest.fixture(autouse=True)
def _catalog(_isolated, monkeypatch):
    """Commands without --data-dir read the catalog fixture (subprocesses too); only the
    schema-pointer and schema-validation tests read data/, a property of every data file."""
    monkeypatch.setenv("AITRACK_DATA_DIR", str(CATALOG))


COMMANDS = [
    "validate",
    "list",
    "show",
    "search",
    "compare",
    "predictions",
    "resolve",
    "scorecard",
    "timeline",
    "scan",
    "schema",
    "export",
]


@pytest.mark.parametrize("name", sorted(SCHEMA_FILES))
def test_committed_schemas_match_the_models(name):
    committed = (ROOT / "schema" / f"{name}.schema.json").read_text()
    assert committed == schema_text(name), f"schema/{name}.schema.json is stale: run `aitrack schema --out schema`"


@pytest.mark.parametrize("name", sorted(SCHEMA_FILES))
def test_data_files_point_at_their_schema(name):
    first = (DATA / f"{name}.yaml").read_text().splitlines()[0]
    assert first == f"# yaml-language-server: $schema=../schema/{name}.schema.json"


def test_schema_validates_real_entries():
    jsonschema = pytest.importorskip("jsonschema")
    import yaml

    for name in SCHEMA_FILES:
        entries = yaml.safe_load((DATA / f"{name}.yaml").read_text())
        jsonschema.validate(json.loads(json.dumps(entries, default=str)), json.loads(schema_text(name)))


def test_schema_command():
    result = run_cli("schema", "chip")
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert doc["type"] == "array" and "memory_bandwidth" in doc["items"]["properties"]
    assert doc["items"]["additionalProperties"] is False
    assert run_cli("schema", "widgets").exit_code == 2


def test_export_json_round_trip(tmp_path):
    path = tmp_path / "all.json"
    result = run_cli("export", "--format", "json", str(path))
    assert result.exit_code == 0, result.stderr
    doc = json.loads(path.read_text())
    version = run_cli("--version").stdout
    assert doc["fingerprint"] in version and doc["fingerprint"] in result.stderr
    for kind in ("labs", "chips", "models", "predictions", "sources"):
        listed = json.loads(run_cli("list", kind, "-f", "json").stdout)
        assert doc[kind] == listed


def test_export_sqlite_round_trip(tmp_path):
    path = tmp_path / "all.db"
    result = run_cli("export", "--format", "sqlite", str(path))
    assert result.exit_code == 0, result.stderr
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert dict(db.execute("SELECT key, value FROM meta"))["fingerprint"] in run_cli("--version").stdout
    for kind in ("labs", "chips", "models", "predictions", "sources", "products"):
        listed = {r["id"] for r in json.loads(run_cli("list", kind, "-f", "json").stdout)}
        assert {r[0] for r in db.execute(f"SELECT id FROM {kind}")} == listed
    assert db.execute("SELECT memory_bandwidth_TBps FROM chips WHERE id = 'wse-3'").fetchone()[0] == 21000
    assert db.execute("SELECT vendor FROM chips WHERE id = 'h100'").fetchone()[0] == "nvidia"
    fks = db.execute('SELECT "table", "from" FROM pragma_foreign_key_list(\'chips\')').fetchall()
    assert ("labs", "vendor") in fks
    expected = []
    for kind in ("lab", "chip", "model", "prediction", "product"):
        for rec in json.loads(run_cli("list", f"{kind}s", "-f", "json").stdout):
            expected += [(rec["id"], c["source"], c.get("quote")) for _p, c in citations(rec)]
    got = list(db.execute("SELECT entity, source, quote FROM citations"))
    assert sorted(got, key=repr) == sorted(expected, key=repr) and len(got) == 79  # the catalog's citations


@pytest.mark.parametrize("fmt", ["json", "sqlite"])
def test_export_is_atomic_and_refuses_read_only(tmp_path, fmt):
    target = tmp_path / "out"
    target.mkdir()
    os.chmod(target, 0o555)
    try:
        result = run_cli("export", "--format", fmt, str(target / "x.out"))
    finally:
        os.chmod(target, 0o755)
    assert result.exit_code == 1 and "read-only" in result.stderr
    assert list(target.iterdir()) == []


def complete(words: str) -> list[str]:
    env = {
        **os.environ,
        "_AITRACK_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1)),
    }
    result = subprocess.run([installed()], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_completion_of_ids_and_aliases():
    assert {"h100", "h200"} <= set(complete("aitrack show h"))
    assert "wse-3" in complete("aitrack compare h100 ws")
    assert "WSE3" in complete("aitrack compare h100 WS")
    assert complete("aitrack resolve an") == ["anthropic-ipo-2026"]  # not the lab anthropic
    assert complete("aitrack resolve ") == [
        "anthropic-ipo-2026",
        "deepseek-v2-successor-12m",
        "nvidia-b200-volume-2025",
        "openai-custom-silicon",
    ]
    assert "h100" not in complete("aitrack resolve h")


def test_install_completion_option_exists():
    result = run_cli("--help")
    assert "--install-completion" in result.stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_summary_and_examples(command):
    result = run_cli(command, "--help")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    summary = next(ln.strip() for ln in lines[1:] if ln.strip())
    assert summary.endswith(".") and len(summary) > 20
    start = lines.index("  Examples:")
    examples = []
    for line in lines[start + 1 :]:
        if not line.startswith("    aitrack "):
            break
        examples.append(line.strip())
    assert 1 <= len(examples) <= 3, examples


def test_fingerprint_everywhere():
    version = run_cli("--version").stdout
    fp = re.search(r"fingerprint ([0-9a-f]{12})", version).group(1)
    assert fp in run_cli("validate").stderr
    assert re.search(r"\d+ labs, \d+ chips, \d+ models, \d+ predictions, \d+ products, \d+ sources", version)


def test_bare_command_prints_help():
    result = run_cli()
    assert result.exit_code == 0 and all(c in result.stdout for c in ("compare", "predictions", "validate"))


def test_usage_error_points_at_help():
    result = run_cli("show")
    assert result.exit_code == 2
    # One line of ours around click's words for what is missing: the argument named, and where help is.
    assert result.stderr.startswith("aitrack: error: ") and result.stderr.count("\n") == 1
    assert "'ID'" in result.stderr and result.stderr.endswith("(see 'aitrack show --help')\n")
