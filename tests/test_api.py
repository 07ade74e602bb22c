"""The Python API (aitrack.open, docs/api.md), used the way a notebook would: open a
dataset, list with filters, get by alias, compare, predictions due, changes since,
search, and a typed DataFrame. Each method must return exactly what the CLI's `-f json`
prints for the same command, and `import aitrack` must stay cheap."""

from __future__ import annotations

import inspect
import io
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from conftest import CATALOG, FIXTURES, MINI, ROOT, run_cli

import aitrack
from aitrack.api import Dataset
from aitrack.errors import AitrackError, NotFoundError, UsageError

PREDICTIONS = FIXTURES / "predictions" / "data"
TODAY = "2026-11-23"


def cli_json(data: Path, *args: str):
    result = run_cli(*args, "-f", "json", "--data-dir", str(data))
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def as_json(value):
    """What a value becomes written as JSON and read back: the equality the API promises."""
    return json.loads(json.dumps(value))


# a notebook session ---------------------------------------------------------------


def test_a_notebook_session_on_the_catalog_fixture():
    ds = aitrack.open(CATALOG)
    assert ds.path == str(CATALOG)
    assert "7 chips" in repr(ds) and len(ds.fingerprint) > 8

    nvidia = ds.list("chips", vendor="NVIDIA")
    assert [c["id"] for c in nvidia] == ["h100", "h200", "b200"]
    assert nvidia[0]["memory_GB"]["value"] == 80 and nvidia[0]["memory_GB"]["source"]

    fastest = ds.list("chips", sort="memory_bandwidth_TBps", desc=True, columns=["name", "memory_bandwidth"], limit=2)
    assert [c["id"] for c in fastest] == ["wse-3", "b200"]
    assert set(fastest[0]) == {"id", "name", "memory_bandwidth_TBps"}
    assert [m["id"] for m in ds.list("model", lab="Open AI")] == ["gpt-4o", "gpt-5-4-mini", "o1"]
    assert [m["id"] for m in ds.list("models", open_weights=True)] == ["deepseek-v2", "llama-3"]

    h100 = ds.get("hopper h100")  # an alias, any case
    assert h100["id"] == "h100" and h100["kind"] == "chip" and h100["related"]["maker"] == ["nvidia"]
    assert {s["id"] for s in h100["sources"]} >= {"accelerator-table"}

    versus = ds.compare(["h100", "AMD Instinct MI300X"])
    assert [e["id"] for e in versus["entities"]] == ["h100", "mi300x"]
    memory = next(r for r in versus["rows"] if r["field"] == "memory_GB")
    assert {e: v["value"] for e, v in memory["values"].items()} == {"h100": 80, "mi300x": 192}
    assert memory["best"] == ["mi300x"]

    hits = ds.search("hbm3", kind="chips")
    assert {h["id"] for h in hits} == {"h100", "h200", "b200", "mi300x"} and all(h["kind"] == "chip" for h in hits)


def test_predictions_due_and_changes_since():
    ds = aitrack.open(PREDICTIONS)
    due = ds.predictions(due="2026", today=TODAY)
    assert {p["id"] for p in due} == {
        "market-2026-frontier-training",
        "market-2026-cloud-inference",
        "market-2026-edge-inference",
        "anthropic-ipo-2026",
    }
    assert all(p["days_left"] == 38 for p in due)  # 2026-11-23 to 2026-12-31
    overdue = ds.predictions(overdue=True, today=date(2026, 11, 23))
    assert {p["id"] for p in overdue} == {"biotech-unicorn-2025", "safety-incident-before-2026"}

    changed = ds.changes(since="2025-01")
    assert changed and all(c["date"] >= "2025-01-01" for c in changed)
    assert [c["date"] for c in changed] == sorted((c["date"] for c in changed), reverse=True)
    assert {c["kind"] for c in ds.changes(since=date(2025, 1, 1), kind="labs")} == {"lab"}
    assert len(ds.changes(reported_since="2025-01", limit=2)) == 2


def test_open_finds_the_dataset_as_the_cli_does(catalog_data, monkeypatch):
    monkeypatch.chdir(catalog_data.parent)  # a clone: the dataset is in data/
    assert Path(aitrack.open().path).resolve() == catalog_data.resolve()
    monkeypatch.setenv("AITRACK_DATA_DIR", str(MINI))
    assert aitrack.open().path == str(MINI)
    assert aitrack.open(catalog_data.parent).path == str(catalog_data)  # a folder whose data/ is one
    assert len(aitrack.open(catalog_data, use_cache=False).list("chips")) == 7


def test_errors_are_aitrack_errors_with_what_the_cli_says():
    ds = aitrack.open(CATALOG)
    with pytest.raises(NotFoundError) as miss:
        ds.get("h10")
    assert miss.value.suggestions == ["h100", "h200"]
    with pytest.raises(UsageError, match="unknown kind 'gpus'"):
        ds.list("gpus")
    with pytest.raises(UsageError, match="filters chips"):
        ds.list("models", vendor="nvidia")
    with pytest.raises(UsageError, match="at least two"):
        ds.compare("h100")
    with pytest.raises(UsageError, match="one of since or reported_since"):
        ds.changes()
    with pytest.raises(UsageError, match="since: '2025-13' has no month 13"):
        ds.changes(since="2025-13")
    with pytest.raises(UsageError, match="today: 'soon' is not a day"):
        ds.predictions(today="soon")
    with pytest.raises(AitrackError, match="not found"):
        aitrack.open(CATALOG / "missing")


def test_a_note_the_cli_prints_is_a_warning():
    ds = aitrack.open(FIXTURES / "cli" / "data")
    with pytest.warns(UserWarning, match="google-deepmind has no models of its own"):
        assert [m["id"] for m in ds.list("models", lab="deepmind")] == ["gemini"]


# the same shapes as -f json --------------------------------------------------------


def test_list_is_list_json(monkeypatch):
    monkeypatch.setenv("AITRACK_TODAY", TODAY)  # days_left of predictions
    ds = aitrack.open(CATALOG)
    for kind in ("labs", "chips", "models", "predictions", "sources"):
        assert as_json(ds.list(kind)) == cli_json(CATALOG, "list", kind)
    api = ds.list("chips", vendor="nvidia", sort="memory_GB", desc=True, columns="id,memory,released", limit=2)
    assert as_json(api) == cli_json(
        CATALOG,
        "list",
        "chips",
        "--vendor",
        "nvidia",
        "--sort",
        "memory_GB",
        "--desc",
        "--columns",
        "id,memory,released",
        "--limit",
        "2",
    )
    assert [c["id"] for c in api] == ["h100", "h200"] and set(api[0]) == {"id", "memory_GB", "released"}
    assert as_json(ds.list("models", open_weights=False, tag="multimodal")) == cli_json(
        CATALOG, "list", "models", "--closed-weights", "--tag", "multimodal"
    )


def test_get_is_show_json():
    for data, name in ((CATALOG, "H100 GPU"), (CATALOG, "nvidia"), (MINI, "anthropic-funding-2026")):
        assert as_json(aitrack.open(data).get(name)) == cli_json(data, "show", name)


def test_compare_is_compare_json():
    ds = aitrack.open(CATALOG)
    assert as_json(ds.compare(["h100", "mi300x"])) == cli_json(CATALOG, "compare", "h100", "mi300x")
    assert as_json(ds.compare(("wse-3", "h100", "b200"), only_common=True)) == cli_json(
        CATALOG, "compare", "wse-3", "h100", "b200", "--only-common"
    )


def test_predictions_is_predictions_json():
    ds = aitrack.open(PREDICTIONS)
    assert as_json(ds.predictions(due="2026", today=TODAY)) == cli_json(
        PREDICTIONS, "predictions", "--due", "2026", "--today", TODAY
    )
    assert as_json(ds.predictions(status="open", by="fixture", include_uncertain=True, today=TODAY)) == cli_json(
        PREDICTIONS, "predictions", "--status", "open", "--by", "fixture", "--include-uncertain", "--today", TODAY
    )


def test_changes_is_changes_json():
    ds = aitrack.open(PREDICTIONS)
    assert as_json(ds.changes(since="2025-01")) == cli_json(PREDICTIONS, "changes", "--since", "2025-01")
    assert as_json(ds.changes(reported_since="2025", kind="predictions", limit=3)) == cli_json(
        PREDICTIONS, "changes", "--reported-since", "2025", "--kind", "predictions", "--limit", "3"
    )
    assert as_json(aitrack.open(MINI).changes(since="2025-01")) == cli_json(MINI, "changes", "--since", "2025-01")


def test_search_is_search_json():
    assert as_json(aitrack.open(CATALOG).search("hbm3")) == cli_json(CATALOG, "search", "hbm3")
    assert as_json(aitrack.open(MINI).search("hbm3", kind="labs", limit=1)) == cli_json(
        MINI, "search", "hbm3", "--kind", "labs", "--limit", "1"
    )


# frame ------------------------------------------------------------------------------


def test_frame_has_the_csv_columns_with_proper_dtypes(monkeypatch):
    pd = pytest.importorskip("pandas")
    monkeypatch.setenv("AITRACK_TODAY", TODAY)
    ds = aitrack.open(CATALOG)
    chips = ds.frame("chips")
    csv = run_cli("list", "chips", "-f", "csv", "--data-dir", str(CATALOG)).stdout
    read = pd.read_csv(io.StringIO(csv))
    assert list(chips.columns) == list(read.columns) and list(chips["id"]) == list(read["id"])
    for col in ("memory_GB", "memory_bandwidth_TBps", "memory_bandwidth_TBps_high", "cores", "tdp_W"):
        assert chips[col].dtype == "float64"
        assert chips[col].equals(read[col].astype("float64"))
    assert pd.api.types.is_datetime64_any_dtype(chips["released"])
    assert chips["memory_GB_approx"].dtype == "boolean" and chips["memory_GB_approx"].isna().any()
    assert chips["name"].dtype == "string" and chips["released_precision"].dtype == "string"
    assert chips.set_index("id").loc["h100", "aliases"] == ["H100 GPU", "Hopper H100", "NVIDIA H100 GPU"]
    assert chips.groupby("vendor")["memory_bandwidth_TBps"].max()["nvidia"] == 8  # a notebook's first question

    empty = ds.frame("chips", limit=0)  # typed from the vocabulary, not from the values
    assert empty.shape == (0, len(chips.columns)) and empty["memory_GB"].dtype == "float64"
    assert pd.api.types.is_datetime64_any_dtype(empty["released"]) and empty["tdp_W_approx"].dtype == "boolean"

    models = ds.frame("models", lab="openai", columns="id,released,open_weights")
    assert list(models.columns) == ["id", "released", "open_weights"] and len(models) == 3
    assert models["open_weights"].dtype == "boolean"
    assert models.set_index("id").loc["gpt-4o", "released"] == pd.Timestamp("2024-05-01")

    preds = aitrack.open(PREDICTIONS).frame("predictions")
    for col in ("made", "due", "due_earliest", "due_latest", "resolution_on"):
        assert pd.api.types.is_datetime64_any_dtype(preds[col]), col
    for col in ("days_left", "probability", "value", "value_high"):
        assert preds[col].dtype == "float64", col
    assert preds.set_index("id").loc["anthropic-ipo-2026", "days_left"] == 38
    sources = aitrack.open(PREDICTIONS).frame("sources").set_index("id")  # a year-wide inferred window
    assert sources.loc["outlook-notes", "published_latest"] == pd.Timestamp("2025-12-31")


def test_frame_without_pandas_says_how_to_install_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)  # `import pandas` now raises ImportError
    with pytest.raises(AitrackError, match="pip install pandas"):
        aitrack.open(CATALOG).frame("chips")


# import cost ------------------------------------------------------------------------


def test_import_aitrack_loads_nothing_heavy():
    code = "import sys, aitrack; print(' '.join(sorted(sys.modules)))"
    loaded = set(
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    )
    assert "aitrack" in loaded and callable(aitrack.open)
    heavy = {"pydantic", "yaml", "rich", "typer", "click", "pandas", "aitrack.api"}
    assert not loaded & heavy, loaded & heavy
    assert not [m for m in loaded if m.startswith("aitrack.")]


# the public surface -------------------------------------------------------------------


def test_every_public_name_is_typed_and_documented_with_an_example():
    import aitrack.api

    assert aitrack.__all__ == ["__version__", "open"] and aitrack.api.__all__ == ["Dataset"]
    members = [n for n in vars(Dataset) if not n.startswith("_")]
    doc = (ROOT / "docs" / "api.md").read_text()
    for name in ["aitrack.open", "aitrack.api.Dataset", "aitrack.__version__", *(f"Dataset.{n}" for n in members)]:
        at = doc.find(f"**`{name}")
        assert at >= 0, f"docs/api.md does not document {name}"
        assert "```python" in doc[at : doc.find("**`", at + 3)], f"docs/api.md has no example for {name}"
    functions = [aitrack.open, Dataset.__init__] + [getattr(Dataset, n) for n in members]
    for func in (getattr(f, "fget", f) for f in functions):  # a property's getter
        sig = inspect.signature(func)
        assert sig.return_annotation is not inspect.Signature.empty, func.__qualname__
        untyped = [p for p in sig.parameters.values() if p.name != "self" and p.annotation is inspect.Parameter.empty]
        assert not untyped, f"{func.__qualname__}: {untyped}"
