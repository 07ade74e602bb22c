"""The fast path of validation: one plainly well-formed entry turned into exactly the
record the pydantic schema gives, without importing pydantic; None when unsure.

Why: importing pydantic and building the models costs 0.16-0.20 s, more than the whole
command budget after a curator edits one entry. This module accepts only exact plain
types (no lax-mode coercion), forbids unknown keys, applies the same checks (rules.py,
shared with schema.py), and says None for anything else, so that pydantic, with its
precise messages, decides. tests/test_quick.py derives FIELDS from the pydantic models
and fails when the two differ, and compares records on every bundled and fixture entry.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from aitrack.dataset import rules

REQUIRED = ...  # a field with no default

# What each field takes, in the schema's terms (a trailing `?` adds "or None"):
#   str, text (a non-empty str), id, quote, date (str or int, checked and kept as text),
#   sha256, bool, float (int or float, given as float), prob (a float in 0..1),
#   bool|unknown, lit:<name> (one of LITERALS[name]), word:<name> (the same, a bool read
#   as its word), qty (a quantity, kept as written), qty:<dim> (of that dimension),
#   <Model> (a nested model), [<code>] (a list of them; `+`: not empty),
#   hist:<Model> (one fact, or a non-empty list of them).
LITERALS: dict[str, tuple[str, ...]] = {
    "confidence": ("confident", "likely", "speculative"),
    "reliability": ("primary", "reporting", "analysis", "opinion", "ai-generated"),
    "source-kind": ("analysis-article", "podcast-summary", "news-digest", "news-brief", "external"),
    "product-type": (
        "platform",
        "service",
        "framework",
        "agent-runtime",
        "cluster",
        "robot",
        "device",
        "research-tool",
        "benchmark",
        "project",
        "technique",
    ),
    "prediction-kind": ("forecast", "estimate", "commitment", "speculation"),
    "outcome": ("true", "false", "partial", "void"),
    "status": ("open", "true", "false", "partial", "void"),
}

Fields = tuple[tuple[str, str, Any], ...]  # (name, code, default) in declaration order
_CITATION: Fields = (("source", "id", REQUIRED), ("quote", "quote?", None), ("locator", "str?", None))
_FACT: Fields = _CITATION + (
    ("note", "str?", None),
    ("inferred", "bool?", None),
    ("as_of", "date?", None),
    ("confidence", "lit:confidence?", None),
    ("confidence_reason", "text?", None),
    ("derived", "text?", None),
    ("supersedes", "text?", None),
)
_ENTITY: Fields = (
    ("id", "id", REQUIRED),
    ("name", "text", REQUIRED),
    ("aliases", "[text]", []),
    ("tags", "[id]", []),
    ("notes", "str?", None),
)
_CITED: Fields = _ENTITY + (
    ("cite", "[Citation]+", REQUIRED),
    ("events", "[EventFact]", []),
    ("facts", "[TextFact]", []),
)
_DIMS = {"Bandwidth": "bandwidth", "Bytes": "bytes", "Count": "count", "Power": "power", "Flops": "flops", "Usd": "usd"}

FIELDS: dict[str, Fields] = {
    "Citation": _CITATION,
    "TextFact": _FACT + (("value", "text", REQUIRED),),
    "DateFact": _FACT + (("value", "date", REQUIRED),),
    "BoolFact": _FACT + (("value", "bool|unknown", REQUIRED),),
    "ScoreFact": _FACT + (("value", "float", REQUIRED),),
    "PersonFact": _FACT + (("value", "text", REQUIRED), ("role", "str?", None)),
    "EventFact": _FACT + (("date", "date", REQUIRED), ("value", "text", REQUIRED)),
    **{f"{name}Fact": _FACT + (("value", f"qty:{dim}", REQUIRED),) for name, dim in _DIMS.items()},
    "InferredRange": (("earliest", "date", REQUIRED), ("latest", "date", REQUIRED), ("reason", "text", REQUIRED)),
    "Section": (
        ("locator", "text?", None),
        ("heading", "text?", None),
        ("reliability", "lit:reliability", REQUIRED),
        ("by", "text?", None),
        ("note", "str?", None),
    ),
    "Source": _ENTITY
    + (
        ("kind", "lit:source-kind", REQUIRED),
        ("title", "text", REQUIRED),
        ("outlet", "str?", None),
        ("file", "str?", None),
        ("sha256", "sha256?", None),
        ("url", "str?", None),
        ("published", "date", "unknown"),
        ("published_inferred", "InferredRange?", None),
        ("reliability", "lit:reliability?", None),
        ("by", "text?", None),
        ("sections", "[Section]", []),
    ),
    "Lab": _CITED
    + (
        ("org_type", "hist:TextFact?", None),
        ("country", "hist:TextFact?", None),
        ("parent", "id?", None),
        ("strategy", "hist:TextFact?", None),
        ("focus", "hist:TextFact?", None),
        ("deployment", "hist:TextFact?", None),
        ("people", "[PersonFact]", []),
        ("sentiment", "[ScoreFact]", []),
    ),
    "Chip": _CITED
    + (
        ("vendor", "id", REQUIRED),
        ("category", "hist:TextFact?", None),
        ("architecture", "hist:TextFact?", None),
        ("released", "hist:DateFact?", None),
        ("process_node", "hist:TextFact?", None),
        ("memory_type", "hist:TextFact?", None),
        ("memory", "hist:BytesFact?", None),
        ("memory_bandwidth", "hist:BandwidthFact?", None),
        ("cores", "hist:CountFact?", None),
        ("peak_bf16", "hist:FlopsFact?", None),
        ("tdp", "hist:PowerFact?", None),
        ("price", "hist:UsdFact?", None),
        ("key_advantage", "hist:TextFact?", None),
        ("primary_limitation", "hist:TextFact?", None),
    ),
    "Model": _CITED
    + (
        ("lab", "id?", None),
        ("family", "str?", None),
        ("model_type", "hist:TextFact?", None),
        ("released", "hist:DateFact?", None),
        ("open_weights", "hist:BoolFact?", None),
        ("license", "hist:TextFact?", None),
        ("architecture", "hist:TextFact?", None),
        ("parameters", "hist:CountFact?", None),
        ("focus", "hist:TextFact?", None),
        ("deployment", "hist:TextFact?", None),
    ),
    "Product": _CITED
    + (
        ("maker", "id?", None),
        ("product_type", "lit:product-type", REQUIRED),
        ("description", "hist:TextFact?", None),
        ("released", "hist:DateFact?", None),
    ),
    "Resolution": (
        ("outcome", "word:outcome", REQUIRED),
        ("on", "date", REQUIRED),
        ("note", "text", REQUIRED),
        ("evidence", "str?", None),
        ("source", "id?", None),
        ("quote", "quote?", None),
    ),
    "Prediction": _ENTITY
    + (
        ("statement", "text", REQUIRED),
        ("source", "id", REQUIRED),
        ("quote", "quote", REQUIRED),
        ("locator", "str?", None),
        ("by", "text", REQUIRED),
        ("made", "date?", None),
        ("horizon", "str?", None),
        ("due", "date?", None),
        ("subjects", "[id]", []),
        ("kind", "lit:prediction-kind", REQUIRED),
        ("status", "word:status", "open"),
        ("probability", "prob?", None),
        ("value", "qty?", None),
        ("resolution", "Resolution?", None),
    ),
}
KIND_MODELS = {
    "source": "Source",
    "lab": "Lab",
    "chip": "Chip",
    "model": "Model",
    "prediction": "Prediction",
    "product": "Product",
}


def _fact_confidence(d: dict) -> None:
    rules.fact_confidence(d["confidence"], d["confidence_reason"])


# The models' model_validators, over the validated fields (None where not given).
AFTER: dict[str, Callable[[dict], None]] = {
    **{name: _fact_confidence for name, fields in FIELDS.items() if fields[: len(_FACT)] == _FACT},
    "Section": lambda d: rules.section_where(d["locator"], d["heading"]),
    "Source": lambda d: rules.source_shape(
        d["kind"], d["url"], d["file"], d["sha256"], d["published"], d["published_inferred"] is not None
    ),
    "Resolution": lambda d: rules.resolution_evidence(d["evidence"], d["source"]),
    "Prediction": lambda d: rules.prediction_status(
        d["status"], d["resolution"]["outcome"] if d["resolution"] is not None else None
    ),
}


class Unsure(Exception):
    """Not plainly valid: pydantic decides (and explains)."""


def _text(v: Any) -> str:
    if type(v) is not str:
        raise Unsure
    return v


def _float(v: Any) -> float:
    # pydantic gives an int as float(int); beyond 2**53 that rounds, so leave those to it.
    if type(v) is int and -(2**53) <= v <= 2**53:
        return float(v)
    if type(v) is float and math.isfinite(v):  # allow_inf_nan=False
        return v
    raise Unsure


def _number_or_text(v: Any) -> Any:
    # The smart union str | int | float keeps an exact str, int or float as it is.
    if type(v) in (str, int) or (type(v) is float and math.isfinite(v)):
        return v
    raise Unsure


def _ok(ok: bool, v: Any) -> Any:
    if not ok:
        raise Unsure
    return v


def _date(v: Any) -> str:
    if type(v) is not str and type(v) is not int:
        raise Unsure
    return rules.check_date(v)


SCALARS: dict[str, Callable[[Any], Any]] = {
    "str": _text,
    "text": lambda v: _ok(len(_text(v)) >= 1, v),
    "id": lambda v: rules.check_id(_text(v)),
    "quote": lambda v: rules.check_quote(_text(v)),
    "date": _date,
    "sha256": lambda v: _ok(rules.SHA256_RE.fullmatch(_text(v)) is not None, v),
    "bool": lambda v: _ok(type(v) is bool, v),
    "float": _float,
    "prob": lambda v: _ok(0 <= _float(v) <= 1, _float(v)),
    "bool|unknown": lambda v: _ok(type(v) is bool or (type(v) is str and v == "unknown"), v),
    "qty": lambda v: rules.check_quantity(_number_or_text(v)),
}

_CHECKERS: dict[str, Callable[[Any], Any]] = {}


def checker(code: str) -> Callable[[Any], Any]:
    """The function that validates a value of this type code (built once, then cached)."""
    found = _CHECKERS.get(code)
    if found is None:
        found = _CHECKERS[code] = _build(code)
    return found


def _build(code: str) -> Callable[[Any], Any]:
    if code.endswith("?"):
        inner = checker(code[:-1])
        return lambda v: None if v is None else inner(v)
    if code.startswith("["):
        inner, nonempty = checker(code[1 : code.rindex("]")]), code.endswith("+")
        return lambda v: [inner(x) for x in v] if type(v) is list and (v or not nonempty) else _ok(False, v)
    if code.startswith("hist:"):
        one, many = checker(code[5:]), checker(f"[{code[5:]}]+")
        return lambda v: many(v) if type(v) is list else one(v)
    if code.startswith(("lit:", "word:")):
        allowed, word = frozenset(LITERALS[code.partition(":")[2]]), code.startswith("word:")

        def literal(v: Any) -> str:
            if word and type(v) is bool:
                v = rules.outcome_word(v)
            return _ok(type(v) is str and v in allowed, v)

        return literal
    if code.startswith("qty:"):
        dim = code[4:]
        return lambda v: rules.check_dim(_number_or_text(v), dim)
    if code in FIELDS:
        return _model(code)
    return SCALARS[code]


def _model(name: str) -> Callable[[Any], dict]:
    fields = [(key, checker(code), default) for key, code, default in FIELDS[name]]
    names = frozenset(key for key, _code, _default in FIELDS[name])
    after = AFTER.get(name)

    def check(v: Any) -> dict:
        if type(v) is not dict or not names.issuperset(v):  # extra="forbid"
            raise Unsure
        out = {}
        for key, check_value, default in fields:
            if key in v:
                out[key] = check_value(v[key])
            elif default is REQUIRED:
                raise Unsure
            else:  # pydantic does not validate defaults; a list default is a fresh list
                out[key] = [] if type(default) is list else default
        if after is not None:
            after(out)
        return out

    return check


def _strip(value: Any) -> Any:
    # As read._strip does to model_dump(): no None, a fact's value first.
    if type(value) is dict:
        keys = sorted(value, key=lambda k: k != "value")
        return {k: _strip(value[k]) for k in keys if value[k] is not None}
    if type(value) is list:
        return [_strip(v) for v in value]
    return value


def record_of(kind: str, dumped: dict) -> dict:
    """A validated entry (a model's dump, or what the checker returns) as a plain record:
    None dropped, `value` first, quantities parsed, the entity kind in `kind`."""
    from aitrack import quantity
    from aitrack.dataset.fields import quantity_fields

    data = _strip(dumped)
    if kind in ("source", "prediction"):
        data[f"{kind}_kind"] = data.pop("kind")
    record = {"id": data.pop("id"), "kind": kind, "name": data.pop("name")}
    record.update(data)
    for name in quantity_fields(kind):
        if name in record:
            for fact in record[name] if isinstance(record[name], list) else [record[name]]:
                fact["value"] = quantity.parse(fact["value"]).as_dict()
    if kind == "prediction" and "value" in record:
        record["value"] = quantity.parse(record["value"]).as_dict()
    return record


def quick_record(kind: str, item: Any) -> dict | None:
    """The record read.validate_item would give this entry, or None when not plainly
    valid (then pydantic decides, and names the problems)."""
    try:
        return record_of(kind, checker(KIND_MODELS[kind])(item))
    except Exception:  # any doubt at all (Unsure, a failed rule, a surprise) goes to pydantic
        return None
