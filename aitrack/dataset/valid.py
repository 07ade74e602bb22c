"""Valid time: when each fact held in the world (`valid_from`, and `valid_until` when it
stopped), kept apart from when a source said it (`as_of`, trust.py). Derived so that
curators rarely type a date, first rule that applies:

1. `valid_from` given by the curator (basis `given`);
2. a release date holds from itself (`release`);
3. a fact quoted from a source section that states its own date, e.g. a table headed
   "(2024)", holds from that date (`section`, set by trust.annotate);
4. a fact with a hand-given `as_of` holds from it (`given`);
5. any other field of a chip, model or product (a spec) holds from the entity's release
   (`release`), so an undated datasheet's numbers hold from the day the chip came out;
6. anything else holds from its source's date (`published` or `inferred`), else `unknown`.

A later fact of the same field ends the earlier one (history.select, trust.order_key).
Checked here: a fact cannot end before it starts, and a `valid_from` later than the
source that reports it needs a note saying why (a forecast is a prediction, not a fact).
"""

from __future__ import annotations

from typing import Any

from aitrack import dates
from aitrack.dataset.trust import fact_paths
from aitrack.vocab import CITED_KINDS

# Kinds whose fields are specs, holding from the entity's release: all but labs.
SPEC_KINDS = tuple(k for k in CITED_KINDS if k != "lab")
# Fields of statements rather than specs: they hold from their source's date.
STATEMENT_FIELDS = ("facts", "people", "sentiment", "events")
_DATED = {"published": "published", "inferred": "inferred"}


def release_of(rec: dict) -> str | None:
    """The earliest known release (or announcement) date of a chip, model or product."""
    raw = rec.get("released")
    facts = raw if isinstance(raw, list) else [raw] if isinstance(raw, dict) else []
    known = [str(f["value"]) for f in facts if dates.span(str(f.get("value") or "unknown"))]
    return min(known, key=lambda v: dates.span(v) or ()) if known else None


def derive(recs: dict[str, dict], problem: Any) -> None:
    """Fill valid_from and valid_basis on every fact of every cited record; report facts
    that end before they start or hold from after their own report without a note."""
    for rid, rec in recs.items():
        if rec["kind"] not in CITED_KINDS:
            continue
        release = release_of(rec) if rec["kind"] in SPEC_KINDS else None
        for path, fact in fact_paths(rec):
            if path[0] == "events":
                continue  # an event's date is when it happened
            _set(fact, path[0], release)
            _check(rid, path, fact, problem)


def _set(fact: dict, name: str, release: str | None) -> None:
    if fact.get("valid_from") and not fact.get("valid_basis"):
        fact["valid_basis"] = "given"
    elif name == "released" and dates.span(str(fact.get("value") or "unknown")):
        fact["valid_from"], fact["valid_basis"] = str(fact["value"]), "release"  # even in a dated section
    elif fact.get("valid_basis"):  # a dated section (trust.annotate)
        return
    elif fact.get("as_of_basis") == "given":
        fact["valid_from"], fact["valid_basis"] = fact["as_of"], "given"
    elif release and name not in STATEMENT_FIELDS:
        fact["valid_from"], fact["valid_basis"] = release, "release"
    elif fact.get("as_of_basis") in _DATED:
        fact["valid_from"], fact["valid_basis"] = fact["as_of"], _DATED[fact["as_of_basis"]]
    else:
        fact["valid_from"], fact["valid_basis"] = "unknown", "unknown"


def _check(rid: str, path: tuple, fact: dict, problem: Any) -> None:
    start = dates.span(fact.get("valid_from") or "unknown")
    where = ".".join(str(p) for p in path)
    until = dates.span(fact.get("valid_until") or "unknown")
    if start and until and start[0] > until[0] and fact["valid_basis"] != "given":
        problem(
            rid,
            path + ("valid_until",),
            where + ".valid_until",
            f"valid_until {fact['valid_until']} is before the fact holds ({fact['valid_basis']}: {fact['valid_from']})",
        )
    reported = dates.span(fact.get("as_of_latest") or fact.get("as_of") or "unknown")
    if fact["valid_basis"] == "given" and start and reported and start[0] > reported[1] and not fact.get("note"):
        problem(
            rid,
            path + ("valid_from",),
            where + ".valid_from",
            f"valid_from {fact['valid_from']} is later than the source that reports it ({fact.get('as_of')}); "
            "say why in a note (a forecast is a prediction, not a fact)",
        )
