"""Every citation in a record, at its YAML path: import-light, so `show` can list an
entity's sources without loading the YAML reader."""

from __future__ import annotations

from collections.abc import Iterator


def citations(record: dict, path: tuple = ()) -> Iterator[tuple[tuple, dict]]:
    """Every (field path, citation) in a record: any mapping that names a source. A field
    with a history (trust.normalise) yields each of its facts once, at its YAML path."""
    if "source" in record and isinstance(record.get("source"), str) and record.get("kind") != "source":
        yield path, record
    history = record.get("history") if not path and isinstance(record.get("history"), dict) else {}
    for key, value in record.items():
        if history and (key == "history" or key in history):
            if key in history:
                for i, fact in enumerate(history[key]):
                    yield from citations(fact, (key, i))
            continue
        if isinstance(value, dict):
            yield from citations(value, path + (key,))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, dict):
                    yield from citations(item, path + (key, i))
