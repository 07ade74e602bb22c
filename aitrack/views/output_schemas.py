"""JSON Schemas of what the commands print with -f json / -f jsonl (`aitrack schema
--output NAME`), built from the field vocabulary so they cannot drift from dataset.shape:
one entity shape per kind (list, show, predictions, export), and the shapes of compare,
search, scorecard, timeline and changes. Tests validate every command's JSON with them."""

from __future__ import annotations

from typing import Any

from aitrack import vocab
from aitrack.dataset.fields import IDENTITY, SPECS, column_doc
from aitrack.quantity import LOWER, UPPER
from aitrack.vocab import KIND_NAMES

OUTPUTS = ("entity", "list", "show", "predictions", "compare", "search", "scorecard", "timeline", "changes", "export")
DAY = {
    "type": ["string", "null"],
    "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
    "description": "an ISO day (the first day of the period); null when unknown",
}
VIEW = {"type": "object", "properties": dict.fromkeys(("as_of", "known_by"), {"type": "string", "format": "date"})}
PRECISION = {"enum": ["year", "month", "day", None], "description": "the precision of the date beside it"}
S, N = {"type": ["string", "null"]}, {"type": ["number", "null"]}
B, INT = {"type": ["boolean", "null"]}, {"type": ["integer", "null"]}
STRINGS = {"type": "array", "items": {"type": "string"}}
# Columns that hold a word of a closed set, or null.
WORDS = {
    col: {"enum": [*words, None]}
    for col, words in (
        ("status", vocab.STATUSES),
        ("prediction_kind", vocab.PREDICTION_KINDS),
        ("source_kind", vocab.SOURCE_KINDS),
        ("reliability", vocab.RELIABILITIES),
        ("confidence", vocab.CONFIDENCES),
        ("product_type", vocab.PRODUCT_TYPES),
    )
}
CITE = {
    "source": S,
    "quote": S,
    "locator": S,
    "section": S,
    "speaker": S,
    "note": S,
    "inferred": B,
    "derived": S,
    "supersedes": S,
    "reliability": WORDS["reliability"],
    "confidence": WORDS["confidence"],
    "confidence_reason": S,
    "as_of": DAY,
    "as_of_basis": S,
    "valid_from": DAY,
    "valid_until": DAY,
    "valid_basis": {"enum": [*vocab.VALID_BASES, None]},
    "current": B,
    "as_of_precision": PRECISION,
    "as_of_latest": DAY,
}
QUANTITY = {
    "value": {"type": "number"},
    "low": N,
    "high": N,
    "approx": {"type": "boolean"},
    "text": {"type": "string", "description": "as the source wrote it"},
}


def _obj(props: dict, description: str = "", nullable: bool = False, closed: bool = True, optional=None) -> dict:
    out: dict[str, Any] = {
        "type": ["object", "null"] if nullable else "object",
        "properties": {**props, **(optional or {})},  # optional: properties not required
        "required": list(props),
    }
    if closed:
        out["additionalProperties"] = False
    if description:
        out["description"] = description
    return out


def _fact(value: dict, doc: str, nullable: bool = True) -> dict:
    return _obj({"value": value, **CITE}, doc, nullable)


def _field(kind: str, s: Any) -> dict:
    doc, unit = column_doc(kind, s.key)
    doc += f" [{unit}]" if unit else ""
    if s.type == "quantity":
        return _obj({**QUANTITY, **CITE}, doc + " (value, low and high in the unit the key names)", True)
    if s.type == "date":
        return _obj({"value": DAY, "precision": PRECISION, **CITE}, doc, True)
    if s.type in ("text", "bool"):  # a stated unknown is a null value, cited
        return _fact(B if s.type == "bool" else S, doc + " (null: stated unknown)")
    if s.type == "sentiment":
        return {"type": "array", "items": _fact({"type": "number"}, "", False), "description": doc}
    if s.type == "people":
        return {"type": "array", "items": _obj({"name": {"type": "string"}, "role": S, **CITE}), "description": doc}
    if s.type == "refs":
        return {**STRINGS, "description": doc}
    if s.key in WORDS:
        return {**WORDS[s.key], "description": doc}
    return {"type": ["string", "null"], "description": doc}


def entity(kind: str) -> dict:
    """The JSON object of one entity of a kind, as list, show, predictions and export print it."""
    props: dict[str, Any] = {
        k: {"type": "string", "description": d} for k, d in IDENTITY.items() if k not in ("aliases", "tags")
    }
    props["kind"] = {"const": kind, "description": IDENTITY["kind"]}
    props["aliases"], props["tags"] = (
        {**STRINGS, "description": IDENTITY["aliases"]},
        {**STRINGS, "description": IDENTITY["tags"]},
    )
    if kind == "prediction":
        from aitrack.dataset.fields import columns

        for col in columns("prediction")[4:]:
            if col.startswith("resolution_") or col.startswith("value_"):
                continue
            doc, _ = column_doc(kind, col)
            typed = (
                DAY
                if col.split("_")[0] in ("made", "due") and not col.endswith(("precision", "note"))
                else PRECISION
                if col.endswith("_precision")
                else INT
                if col == "days_left"
                else N
                if col == "probability"
                else STRINGS
                if col == "subjects"
                else WORDS.get(col, S)
            )
            props[col] = {**typed, "description": doc or typed.get("description", col)}
        props["value"] = _obj({"unit": {"type": "string"}, **QUANTITY}, "the predicted quantity in its base unit", True)
        resolution = {
            "outcome": {"enum": list(vocab.OUTCOMES)},
            **{k: S for k in ("on", "note", "evidence", "source", "quote")},
        }
        props["resolution"] = _obj(resolution, "how it turned out", True)
        props["notes"] = S
        return _obj(props, "a prediction")
    if kind == "source":
        for col in (
            "source_kind",
            "title",
            "outlet",
            "published",
            "published_precision",
            "published_earliest",
            "published_latest",
            "published_reason",
            "file",
            "sha256",
            "url",
            "reliability",
            "by",
            "notes",
        ):
            props[col] = (
                DAY
                if col.startswith("published_") and col[10:] in ("earliest", "latest") or col == "published"
                else PRECISION
                if col == "published_precision"
                else WORDS.get(col, S)
            )
        props["sections"] = {
            "type": "array",
            "description": "parts of the source graded apart from the whole",
            "items": _obj({k: WORDS.get(k, S) for k in ("heading", "locator", "reliability", "by", "note")}),
        }
        return _obj(props, "a source document or external source")
    for s in SPECS[kind]:
        props[s.key] = _field(kind, s)
    props["history"] = {
        "type": "object",
        "additionalProperties": {"type": "array"},
        "description": "every dated fact of a field, by machine name, oldest first, each flagged current",
    }
    props["cite"] = {"type": "array", "items": _obj(dict(CITE)), "description": "where the documents name it"}
    props["events"] = {
        "type": "array",
        "items": _obj({"date": DAY, "date_precision": PRECISION, "value": {"type": "string"}, **CITE}),
    }
    props["facts"] = {"type": "array", "items": _fact({"type": "string"}, "", False)}
    props["notes"] = S
    return _obj(props, f"a {kind}")


def _any_entity() -> dict:
    return {"oneOf": [{"$ref": f"#/$defs/{k}"} for k in KIND_NAMES]}


def _shown(one: dict) -> dict:
    extra = {
        "related": {"type": "object", "additionalProperties": STRINGS},
        "sources": {"type": "array", "items": {"$ref": "#/$defs/source"}},
    }
    return {**one, "properties": {**one["properties"], **extra}, "required": one["required"] + list(extra)}


def output_schema(name: str) -> dict:
    """The JSON Schema of one command's JSON output (see OUTPUTS)."""
    from aitrack.errors import UsageError

    if name not in OUTPUTS:
        raise UsageError(f"unknown output '{name}': use one of {', '.join(OUTPUTS)}")
    defs = {k: entity(k) for k in KIND_NAMES}
    body = {
        "entity": _any_entity(),
        "list": {"type": "array", "items": _any_entity(), "description": "list -f json (jsonl: one item per line)"},
        "predictions": {"type": "array", "items": {"$ref": "#/$defs/prediction"}},
        "show": {
            "oneOf": [_shown(defs[k]) for k in KIND_NAMES],
            "description": "the entity's shape plus related ids and the sources it cites",
        },
        "compare": _obj(
            {
                "entities": {
                    "type": "array",
                    "items": _obj({"id": {"type": "string"}, "kind": {"type": "string"}, "name": {"type": "string"}}),
                },
                "rows": {
                    "type": "array",
                    "items": _obj(
                        {
                            "field": {"type": "string", "description": "the machine name"},
                            "label": {"type": "string"},
                            "unit": S,
                            "values": {
                                "type": "object",
                                "additionalProperties": {"type": ["object", "null"], "required": ["value"]},
                            },
                            "ratio": N,
                            "ratio_approx": B,
                            "ratio_bound": {"enum": [UPPER, LOWER, None], "description": "ratio is at most/at least"},
                            "better": {"enum": ["higher", "lower", None]},
                            "best": STRINGS,
                            "markers": {
                                "type": "object",
                                "additionalProperties": {"type": "array", "items": {"type": "integer"}},
                            },
                        }
                    ),
                },
                "sources": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["marker", "source"],
                        "properties": {"marker": {"type": "integer"}},
                    },
                },
            }
        ),
        "search": {
            "type": "array",
            "items": _obj(
                {
                    "kind": {"type": "string"},
                    "id": {"type": "string"},
                    "name": {"type": "string"},
                    "field": {"type": "string"},
                    "snippet": {"type": "string"},
                },
                closed=False,
            ),
        },
        "scorecard": _obj(
            {
                "today": {"type": "string"},
                "predictors": {
                    "type": "array",
                    "items": _obj(
                        {
                            "by": {"type": "string"},
                            **{k: {"type": "integer"} for k in ("made", "resolved", *vocab.OUTCOMES, "overdue")},
                            "accuracy": N,
                            "brier": N,
                        }
                    ),
                },
                "calibration": {"type": "array"},
            }
        ),
        "timeline": {
            "type": "array",
            "items": _obj(
                {
                    "date": DAY,
                    "date_precision": PRECISION,
                    "type": {"type": "string"},
                    "id": {"type": "string"},
                    "ids": STRINGS,
                    "kind": {"type": "string"},
                    "label": {"type": "string"},
                    "status": S,
                }
            ),
        },
        "changes": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["date", "date_precision", "what", "kind", "id", "field", "value", "before"],
                "properties": {"date": DAY, "date_precision": PRECISION, "reported": DAY},
            },
        },
        "export": _obj(
            {
                "aitrack": {"type": "string"},
                "fingerprint": {"type": "string"},
                "counts": {"type": "object", "additionalProperties": {"type": "integer"}},
                **{f"{k}s": {"type": "array", "items": {"$ref": f"#/$defs/{k}"}} for k in KIND_NAMES},
            },
            optional={"view": VIEW},
        ),
    }[name]
    # Only the kinds the body refers to: search or timeline need none of the entity shapes.
    text = repr(body)
    used = {k: d for k, d in defs.items() if f"#/$defs/{k}'" in text}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://aitrack.invalid/schema/output/{name}.schema.json",
        "title": f"aitrack {name} -f json",
        **body,
        **({"$defs": used} if used else {}),
    }
