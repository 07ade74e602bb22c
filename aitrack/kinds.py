"""The kinds of entity and how names are folded for lookup. Import-light on purpose: the
warm path (cache hit) must not pay for pydantic."""

from __future__ import annotations

SCHEMA_VERSION = 5
KIND_NAMES = ("source", "lab", "chip", "model", "prediction", "product")
PLURALS = {"sources": "source", "labs": "lab", "chips": "chip", "models": "model", "predictions": "prediction",
           "products": "product"}


def fold(text: str) -> str:
    """The lookup key of an id or alias: case, spaces and punctuation ignored."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())
