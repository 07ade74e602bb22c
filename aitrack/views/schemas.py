"""Editor schemas: the JSON Schema of each data file, generated from the pydantic models
and given descriptions and patterns (schema_docs)."""

from __future__ import annotations

import json

from aitrack.kinds import PLURALS

SCHEMA_FILES = {**{plural: kind for plural, kind in PLURALS.items()}, "ignored": "ignored"}


def json_schema(name: str) -> dict:
    """JSON Schema of one data file (`labs`, `chips`, …, `ignored`): a list of entries."""
    from aitrack.dataset.schema import KINDS, Ignored

    model = Ignored if name == "ignored" else KINDS[SCHEMA_FILES[name]]
    item = model.model_json_schema()
    defs = item.pop("$defs", {})
    from aitrack.views.schema_docs import enrich

    return enrich(
        {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"https://aitrack.invalid/schema/{name}.schema.json",
            "title": f"aitrack data file: {name}.yaml",
            "type": "array",
            "items": item,
            **({"$defs": defs} if defs else {}),
        },
        SCHEMA_FILES[name],
    )


def schema_text(name: str) -> str:
    return json.dumps(json_schema(name), indent=2, ensure_ascii=False, sort_keys=False) + "\n"
