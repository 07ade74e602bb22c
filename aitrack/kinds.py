"""The kinds of entity as files and commands name them (plurals) and how names are folded
for lookup. Import-light on purpose: the warm path (cache hit) must not pay for pydantic."""

from __future__ import annotations

import re

from aitrack.vocab import KIND_NAMES

SCHEMA_VERSION = 8
# The store and the readers import KIND_NAMES from here; the list itself is vocab's.
PLURALS = {f"{k}s": k for k in KIND_NAMES}


def fold(text: str) -> str:
    """The lookup key of an id or alias: case, spaces and punctuation ignored."""
    # Exactly str.isalnum() per character (\w is alnum or "_"), at C speed: scan folds
    # every token of untrusted documents.
    return _NOT_ALNUM.sub("", text.casefold())


_NOT_ALNUM = re.compile(r"[\W_]+")
