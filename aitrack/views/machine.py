"""Machine-readable sheets that stand alone: a record's facts as rows with their citation
(source id and quote, or title and URL) and caveats, show's sections, and compare in long
form (one row per field and entity, the same columns whatever is compared)."""

from __future__ import annotations

from typing import Any

from aitrack.dataset.fields import spec
from aitrack.views.render import Sheet

# What a citation cell set says, and the trust fields beside it (issue #15 fills them).
CITE_COLUMNS = [
    "note",
    "derived",
    "inferred",
    "confidence",
    "confidence_reason",
    "reliability",
    "section",
    "as_of",
    "as_of_precision",
    "as_of_basis",
    "valid_from",
    "valid_until",
    "valid_basis",
    "current",
    "source",
    "quote",
    "locator",
    "source_title",
    "source_url",
]
VALUE_COLUMNS = ["value", "unit", "precision", "approx", "low", "high", "text"]
FACT_COLUMNS = ["field"] + VALUE_COLUMNS + CITE_COLUMNS
# ratio_bound: "at most" or "at least" when the ratio is a bound (of a bound value), else empty
COMPARE_COLUMNS = ["field", "entity"] + VALUE_COLUMNS + ["best", "ratio", "ratio_bound"] + CITE_COLUMNS


def unit_of(kind: str, key: str) -> str | None:
    s = spec(kind, key)
    if s is None or s.type != "quantity" or s.unit == "count":
        return None
    return s.unit


def _cite_cells(cat: Any, obj: dict) -> list[Any]:
    src = cat.get(obj["source"]) if obj.get("source") else None
    title = src.get("title") if src else None
    url = src.get("url") if src else None
    return [obj.get(c) for c in CITE_COLUMNS[:-2]] + [title, url]


def _plain(key: str, item: dict) -> Any:
    """A list item's value as one cell: an event with its date, a person (who has a name,
    not a value) with their role."""
    value = item.get("value", item.get("name"))
    if key == "events":
        value = f"{item.get('date') or 'unknown'}: {value}"
    if key == "people" and item.get("role"):
        value = f"{value} ({item['role']})"
    return value


def _value_cells(kind: str, key: str, obj: dict) -> list[Any]:
    value = obj["value"] if "value" in obj else _plain(key, obj)
    if isinstance(value, list):
        value = "; ".join(map(str, value))
    return [
        value,
        obj.get("unit") or unit_of(kind, key),
        obj.get("precision"),
        obj.get("approx"),
        obj.get("low"),
        obj.get("high"),
        obj.get("text"),
    ]


def fact_rows(cat: Any, obj: dict) -> list[list[Any]]:
    """One row per value of a record's shape, in FACT_COLUMNS."""
    kind = obj["kind"]
    rows: list[list[Any]] = []
    empty_cite = [None] * len(CITE_COLUMNS)
    for key, val in obj.items():
        if val is None or val == [] or val == {} or key == "kind":
            continue
        if key == "history":  # every dated fact, flagged current
            for field, facts in val.items():
                rows += [[field] + _value_cells(kind, field, f) + _cite_cells(cat, f) for f in facts]
            continue
        if isinstance(val, dict) and key == "resolution":
            for part, v in val.items():
                if v is not None:
                    rows.append([f"resolution_{part}", v] + [None] * 6 + empty_cite)
        elif isinstance(val, dict):
            rows.append(
                [key] + _value_cells(kind, key, val) + (_cite_cells(cat, val) if "source" in val else empty_cite)
            )
        elif isinstance(val, list) and isinstance(val[0], dict):
            for item in val:
                rows.append([key, _plain(key, item)] + [None] * 6 + _cite_cells(cat, item))
        else:
            value = "; ".join(map(str, val)) if isinstance(val, list) else val
            rows.append([key, value] + [None] * 6 + empty_cite)
    return rows


SOURCE_COLUMNS = ["id", "source_kind", "title", "outlet", "published", "published_precision", "url", "file"]


def show_sheets(cat: Any, obj: dict, related: dict[str, list[dict]], sources: list[dict]) -> list[Sheet]:
    """show for CSV/TSV: the facts, then each related section, then the sources."""
    sheets = [Sheet(FACT_COLUMNS, fact_rows(cat, obj), name="fields")]
    for label, items in related.items():
        sheets.append(
            Sheet(
                ["kind", "id", "name"], [[i["kind"], i["id"], i["name"]] for i in items], name=label.replace(" ", "_")
            )
        )
    sheets.append(Sheet(SOURCE_COLUMNS, [[s.get(c) for c in SOURCE_COLUMNS] for s in sources], name="sources"))
    return sheets


def compare_rows(cat: Any, kind: str, data_rows: list[dict], ids: list[str]) -> list[list[Any]]:
    """compare in long form: one row per field and entity (per person of a people row),
    in COMPARE_COLUMNS."""
    rows = []
    for row in data_rows:
        for eid in ids:
            val = row["values"].get(eid)
            best = (eid in row["best"]) if row["better"] else None  # only rows with a better direction
            if val is not None and "items" in val:  # people: a row per person, each with its citation
                for item in val["items"]:
                    cells = [_plain(row["field"], item)] + [None] * (len(VALUE_COLUMNS) - 1)
                    rows.append(
                        [row["field"], eid] + cells + [best, row["ratio"], row["ratio_bound"]] + _cite_cells(cat, item)
                    )
                continue
            if val is None:
                cells = [None] * len(VALUE_COLUMNS)
                cells[1] = row["unit"]
                cites = [None] * len(CITE_COLUMNS)
            else:
                cells = _value_cells(kind, row["field"], val)
                cells[1] = row["unit"]
                cites = _cite_cells(cat, val)
            rows.append([row["field"], eid] + cells + [best, row["ratio"], row["ratio_bound"]] + cites)
    return rows
