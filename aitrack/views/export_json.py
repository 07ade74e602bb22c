"""The JSON and JSON Lines exports: every entity in its machine shape (dataset.shape, the
same objects `list -f json` prints), with the counts and the fingerprint."""

from __future__ import annotations

from datetime import date
from typing import Any

from aitrack.vocab import KIND_NAMES


def everything(cat: Any, today: date | None = None) -> dict:
    """One JSON document: version, fingerprint, the time view if it is one (as_of,
    known_by), counts, and a list per kind."""
    from aitrack import __version__
    from aitrack.dataset.shape import shape

    return {
        "aitrack": __version__,
        "fingerprint": cat.fingerprint,
        **({"view": scope} if (scope := cat.scope()) else {}),
        "counts": cat.counts(),
        **{f"{kind}s": [shape(r, today) for r in cat.kind(kind)] for kind in KIND_NAMES},
    }


def entities(cat: Any, today: date | None = None) -> list[dict]:
    """Every entity of every kind, one object each (JSON Lines: one per line)."""
    from aitrack.dataset.shape import shape

    return [shape(r, today) for kind in KIND_NAMES for r in cat.kind(kind)]
