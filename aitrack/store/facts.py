"""Reading one field of a record the same way everywhere: its plain value, the number
in base units for quantities and scores, the note, and the citations behind it.
Queries use it to compare; views turn a Reading into text."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from aitrack.dataset.fields import Spec


@dataclass
class Reading:
    value: Any = None  # plain value: str, bool, list of names, or the quantity as written
    number: float | None = None  # base units, for quantities and scores
    high: float | None = None  # top of a range
    approx: bool = False
    note: str | None = None
    cites: list[dict] = field(default_factory=list)
    bound: str | None = None  # "at most" / "at least": number is a bound, not a value
    confidence: str | None = None  # confident, likely, speculative
    as_of: str | None = None
    derived: str | None = None
    reliability: str | None = None

    @property
    def missing(self) -> bool:
        return self.value is None and self.number is None


def _cite(fact: dict) -> list[dict]:
    keys = ("source", "quote", "locator", "reliability", "section")
    return [{k: fact[k] for k in keys if fact.get(k) is not None}] if "source" in fact else []


def _trust(r: Reading, fact: dict) -> Reading:
    r.confidence, r.as_of = fact.get("confidence"), fact.get("as_of")
    r.derived, r.reliability = fact.get("derived"), fact.get("reliability")
    return r


def read(rec: dict, s: Spec) -> Reading:
    """The field s of rec; Reading() (missing) when the record has none."""
    raw = rec.get(s.name)
    if raw is None or raw == [] or raw == "":
        return Reading()
    if s.type == "quantity":
        q = raw["value"]
        return _trust(
            Reading(
                q["text"], q["value"], q.get("high"), q["approx"], raw.get("note"), _cite(raw), bound=q.get("bound")
            ),
            raw,
        )
    if s.type == "qtext":
        return Reading(raw["text"], raw["value"], raw.get("high"), raw["approx"])
    if s.type == "sentiment":
        return _trust(Reading(raw[0]["value"], raw[0]["value"], cites=[c for x in raw for c in _cite(x)]), raw[0])
    if s.type == "people":
        return Reading([(p["value"], p.get("role")) for p in raw], cites=[c for p in raw for c in _cite(p)])
    if isinstance(raw, dict):
        return _trust(Reading(raw["value"], note=raw.get("note"), cites=_cite(raw)), raw)
    return Reading(raw)
