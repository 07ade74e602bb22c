"""The kinds of entity and how names are folded for lookup. Import-light on purpose: the
warm path (cache hit) must not pay for pydantic."""

from __future__ import annotations

import re

SCHEMA_VERSION = 7
KIND_NAMES = ("source", "lab", "chip", "model", "prediction", "product")
PLURALS = {
    "sources": "source",
    "labs": "lab",
    "chips": "chip",
    "models": "model",
    "predictions": "prediction",
    "products": "product",
}


def fold(text: str) -> str:
    """The lookup key of an id or alias: case, spaces and punctuation ignored."""
    # Exactly str.isalnum() per character (\w is alnum or "_"), at C speed: scan folds
    # every token of untrusted documents.
    return _NOT_ALNUM.sub("", text.casefold())


_NOT_ALNUM = re.compile(r"[\W_]+")
