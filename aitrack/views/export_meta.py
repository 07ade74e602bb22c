"""Datasette metadata for the SQLite export: a description of every table and column,
each number's unit (Pint names, as datasette expects), and the README's example queries
as canned queries. Written beside the database as `<name>.metadata.json`."""

from __future__ import annotations

import os

from aitrack.dataset.fields import column_doc, columns
from aitrack.vocab import CONFIDENCES, KIND_NAMES, VALID_BASES, spoken

PINT = {
    "GB": "gigabyte",
    "TB/s": "terabyte / second",
    "TFLOP/s": "teraFLOP / second",
    "W": "watt",
    "USD": "USD",
    "days": "day",
}
TABLES = {
    "entities": ("every entity: id, kind and name", {"id": "the entity's id", "kind": "its kind", "name": "its name"}),
    "prediction_subjects": (
        "which entities each prediction is about",
        {"prediction": "a prediction id", "subject": "an entity id"},
    ),
    "aliases": ("the other names of each entity", {"entity": "an entity id", "alias": "a name people type"}),
    "tags": ("the tags of each entity", {"entity": "an entity id", "tag": "a tag"}),
    "citations": (
        "every cited fact: which entity and field, the source and the verbatim quote",
        {
            "entity": "the entity id",
            "field": "the machine name of the field (memory_GB)",
            "path": "the path of the fact in the record (memory, history.memory.0, cite.0)",
            "source": "the source id",
            "quote": "the quote copied verbatim from the document (empty for external sources)",
            "locator": "where in the source",
            "note": "the caveat that travels with the value",
            "derived": "how the value was derived from the quote",
            "reliability": "the source's (or section's) grade",
            "confidence": spoken(CONFIDENCES),
            "as_of": "when the source says the value held (ISO day)",
            "as_of_precision": "year, month or day",
        },
    ),
    "facts": (
        "every fact of every field through time, with its two times: what held on a day is "
        "valid_from <= :day AND (valid_until IS NULL OR valid_until > :day); what the sources "
        "had said by a day is as_of <= :day",
        {
            "entity": "the entity id",
            "field": "the machine name of the field",
            "value": "the value as the source wrote it (NULL: stated unknown)",
            "number": "a quantity's number, in the unit column's unit",
            "unit": "the unit of number (the field's fixed unit)",
            "approx": "1 when the source gives it as approximate",
            "as_of": "reported time: when the source said it (ISO day)",
            "as_of_precision": "year, month or day",
            "valid_from": "valid time: the first day it held in the world (ISO day; NULL: unknown)",
            "valid_until": "the first day it no longer held: given, or the field's next fact (NULL: still holds)",
            "as_of_basis": "given, published, inferred or unknown",
            "valid_basis": "where valid_from comes from: " + spoken(VALID_BASES),
            "confidence": spoken(CONFIDENCES),
            "reliability": "the source's grade",
            "note": "caveat",
            "derived": "how it was derived",
            "source": "the source id",
            "quote": "the verbatim quote",
            "locator": "where in the source",
            "current": "1 for the field's current fact",
        },
    ),
    "meta": ("the aitrack version, the dataset fingerprint and counts", {"key": "name", "value": "value"}),
}
# The README's example queries ("Using the data in other tools"); a test runs each one.
QUERIES = {
    "top_bandwidth": (
        "Top 3 chips by memory bandwidth (TB/s)",
        "SELECT id, name, memory_bandwidth_TBps FROM chips WHERE memory_bandwidth_TBps IS NOT NULL "
        "ORDER BY memory_bandwidth_TBps DESC LIMIT 3",
    ),
    "due_in_2026": (
        "Open predictions that fall due in 2026 (unknown due dates are NULL)",
        "SELECT id, due, due_precision, statement FROM predictions WHERE status = 'open' "
        "AND due >= '2026-01-01' AND due < '2027-01-01' ORDER BY due",
    ),
    "cited_quotes": (
        "Every value of a chip with its source and quote",
        "SELECT field, source, quote FROM citations WHERE entity = :id ORDER BY field",
    ),
    # The term is quoted as one FTS5 phrase ('"' doubled inside), so `wse-3`, `gpt-4o` and
    # an empty form search as typed instead of failing as FTS5 query syntax.
    "full_text_search": (
        "Full-text search over every record (the text is searched as one phrase)",
        "SELECT id, kind, name FROM search WHERE search MATCH '\"' || replace(:text, '\"', '\"\"') || '\"' "
        "ORDER BY rank",
    ),
}


def kind_columns(kind: str) -> list[str]:
    """The SQLite columns of a kind: its machine columns less days_left, which depends on
    today (in SQL: julianday(due_latest) - julianday('now'))."""
    return [c for c in columns(kind) if c != "days_left"]


def metadata_path(db_path: str) -> str:
    stem, _ = os.path.splitext(db_path)
    return stem + ".metadata.json"


def metadata(db_path: str) -> dict:
    """The datasette metadata for the database at db_path (its name is the file's stem)."""
    tables: dict[str, dict] = {}
    for kind in KIND_NAMES:
        columns, units = {}, {}
        for col in kind_columns(kind) + ["record"]:
            doc, unit = (
                column_doc(kind, col)
                if col != "record"
                else ("the whole record as JSON (aitrack schema --output show)", "")
            )
            columns[col] = doc + (f" [{unit}]" if unit else "")
            if unit in PINT and unit != "days":
                units[col] = PINT[unit]
        tables[f"{kind}s"] = {
            "description": f"one row per {kind}; numbers in the unit their column name carries, "
            "dates as ISO days (NULL when unknown) with *_precision",
            "label_column": "name",
            "columns": columns,
            **({"units": units} if units else {}),
        }
    for name, (description, columns) in TABLES.items():
        tables[name] = {"description": description, "columns": columns}
    tables["search"] = {"description": "FTS5 full-text index over every string of every record"}
    name = os.path.splitext(os.path.basename(db_path))[0]
    return {
        "title": "aitrack: the AI landscape, every value cited",
        "description": "Labs, chips, models, products, predictions and their sources, exported by aitrack.",
        "custom_units": ["FLOP = [computation]", "USD = [currency]"],
        "databases": {
            name: {"tables": tables, "queries": {k: {"title": t, "sql": q} for k, (t, q) in QUERIES.items()}}
        },
    }
