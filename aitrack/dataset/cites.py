"""Every citation in a record, at its YAML path: import-light, so `show` can list an
entity's sources without loading the YAML reader."""

from __future__ import annotations


def citations(record: dict, path: tuple = ()) -> list[tuple[tuple, dict]]:
    """Every (field path, citation) in a record: any mapping that names a source. A field
    with a history (trust.normalise) yields each of its facts once, at its YAML path."""
    out: list[tuple[tuple, dict]] = []
    # A list built by plain recursion: a chain of nested generators cost twice as much
    # (every full read walks every record).
    _collect(record, path, out)
    return out


def _collect(record: dict, path: tuple, out: list[tuple[tuple, dict]]) -> None:
    if isinstance(record.get("source"), str) and record.get("kind") != "source":
        out.append((path, record))
    history = record.get("history") if not path and isinstance(record.get("history"), dict) else None
    for key, value in record.items():
        if history and (key == "history" or key in history):
            if key in history:
                for i, fact in enumerate(history[key]):
                    _collect(fact, (key, i), out)
            continue
        if isinstance(value, dict):
            _collect(value, (*path, key), out)
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, dict):
                    _collect(item, (*path, key, i), out)
