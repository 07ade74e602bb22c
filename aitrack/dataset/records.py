"""The record shaper: a validated entry (a pydantic model's dump) as the plain record every
later step reads, the same whether it was just validated or read back from a cache."""

from __future__ import annotations

import sys
from typing import Any

from aitrack.vocab import CITED_KINDS


def _plain(value: Any) -> Any:
    """A model's dump as the record keeps it, in one pass: no None, a fact's `value` first
    (the record reads as the YAML was written), and equal strings made one object: short
    ones interned (marshal writes a repeated interned string once and reads it back
    interned, so cache files shrink and load several times faster), longer ones (quotes,
    which back several facts) shared, so marshal writes them once per file as well."""
    kind = type(value)
    if kind is dict:
        out = {"value": _plain(value["value"])} if value.get("value") is not None else {}
        for k, v in value.items():
            if v is not None and k != "value":
                out[sys.intern(k)] = _plain(v)
        return out
    if kind is list:
        return [_plain(v) for v in value]
    if kind is str:
        return sys.intern(value) if len(value) <= 40 else _SHARED.setdefault(value, value)
    return value


# Long strings seen this run, each once; the records hold them anyway.
_SHARED: dict[str, str] = {}


def to_record(kind: str, dumped: dict) -> dict:
    """A validated entry (a model's dump) as a plain record: None dropped, `value` first,
    quantities parsed, the entity kind in `kind` (a source's or prediction's own kind
    field becomes `source_kind` / `prediction_kind`)."""
    from aitrack import quantity
    from aitrack.dataset.fields import quantity_fields

    data = _plain(dumped)
    if kind not in CITED_KINDS:  # their own kind field would clash with the entity kind
        data[f"{kind}_kind"] = data.pop("kind")
    record = {"id": data.pop("id"), "kind": kind, "name": data.pop("name")}
    record.update(data)
    for name in quantity_fields(kind):
        if name in record:
            for fact in record[name] if isinstance(record[name], list) else [record[name]]:
                fact["value"] = _plain(quantity.parse(fact["value"]).as_dict())
    if kind == "prediction" and "value" in record:
        record["value"] = _plain(quantity.parse(record["value"]).as_dict())
    return record
