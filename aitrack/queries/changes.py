"""changes: what happened or was reported on or after a date, newest first — facts (a new
value for a field, or a field's first value), entities that began to exist (a release),
events, documents, predictions made and predictions resolved.

By default dated by valid time, when the sources say it happened or began to hold
(valid_from, release, event date, made, resolution), each with the date it was reported
beside it. reported=True (--reported-since) dates every fact by when a source said it
(as_of) instead: what a newly added article contributed, whatever time it is about."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from aitrack import dates
from aitrack.dataset.trust import as_of_start, history_fields, valid_start
from aitrack.store.history import LIST_FIELDS, exists_from, facts_of, first_seen, made_start
from aitrack.vocab import KIND_NAMES

ORDER = {"resolution": 0, "prediction": 1, "changed": 2, "fact": 3, "event": 4, "entity": 5, "source": 6}


@dataclass
class Change:
    day: date  # first day of `when`, for sorting
    when: str  # the date as the data has it
    what: str  # entity, fact, changed, event, source, prediction, resolution
    id: str
    kind: str
    field: str = ""
    value: Any = None  # the new value (a fact's value, a prediction's statement, ...)
    before: Any = None  # for `changed`: the value it replaced
    fact: dict | None = None  # the fact, with its source, confidence and note
    reported: str | None = None  # when a source said it (as_of), beside the valid date


def _start(text: str | None) -> date | None:
    span = dates.span(text or "unknown")
    return span[0] if span else None


def changes(cat: Any, since: date, kinds: list[str] | None = None, reported: bool = False) -> list[Change]:
    out: list[Change] = []
    for kind in kinds or KIND_NAMES:
        for rec in cat.kind(kind):
            out.extend(_of(rec, since, reported))
    out.sort(key=lambda c: (-c.day.toordinal(), ORDER[c.what], c.id, c.field))
    return out


def _reported(item: dict) -> str | None:
    when = item.get("as_of")
    if not when or when == "unknown":
        return None
    if item.get("as_of_basis") == "inferred" and item.get("as_of_latest"):
        return f"{when}..{item['as_of_latest']}"
    return str(when)


def _fact_day(fact: dict, reported: bool) -> tuple[date, str]:
    """The day a fact counts from, and that date as the data has it."""
    if reported:
        return as_of_start(fact), str(fact.get("as_of"))
    return valid_start(fact), str(fact.get("valid_from"))


def _of(rec: dict, since: date, reported: bool = False) -> list[Change]:
    rid, kind = rec["id"], rec["kind"]
    found: list[Change] = []
    if kind == "source":
        day = first_seen(rec)
        if day != date.min and day >= since:
            when = rec["published"] if rec.get("published") != "unknown" else day.isoformat()
            found.append(Change(day, when, "source", rid, kind, value=rec.get("title"), reported=when))
        return found
    if kind == "prediction":
        day = made_start(rec)
        if day != date.min and day >= since:
            when = rec["made"] if rec.get("made") != "unknown" else f"{rec['made_window'][0]}..{rec['made_window'][1]}"
            found.append(Change(day, when, "prediction", rid, kind, value=rec["statement"], fact=rec, reported=when))
        res = rec.get("resolution")
        resolved = _start(res.get("on")) if res else None
        if res and resolved and resolved >= since:
            found.append(
                Change(resolved, res["on"], "resolution", rid, kind, "status", res["outcome"], "open", res, res["on"])
            )
        return found
    born = first_seen(rec) if reported else exists_from(rec)
    if born != date.min and born >= since:
        seen = first_seen(rec)
        found.append(Change(born, born.isoformat(), "entity", rid, kind, value=rec["name"], reported=_iso(seen)))
    for name in history_fields(kind):
        facts = facts_of(rec, name)
        for i, fact in enumerate(facts):
            day, when = _fact_day(fact, reported)
            if day == date.min or day < since:
                continue
            before = facts[i - 1]["value"] if i else None
            if not reported and before is not None and before == fact["value"]:
                continue  # the same value again, from a newer source: not a change
            if not reported and before is None and day == born:
                continue  # part of the entity's first appearance (its specs, from its release)
            what = "changed" if i and before != fact["value"] else "fact"
            found.append(Change(day, when, what, rid, kind, name, fact["value"], before, fact, _reported(fact)))
    for name in LIST_FIELDS:
        for fact in facts_of(rec, name):
            day, when = _fact_day(fact, reported)
            if day != date.min and day >= since and (reported or day != born):
                found.append(
                    Change(day, when, "fact", rid, kind, name, fact["value"], fact=fact, reported=_reported(fact))
                )
    for ev in rec.get("events", []):
        happened = as_of_start(ev) if reported else (_start(ev.get("date")) or date.min)
        if happened != date.min and happened >= since:
            found.append(
                Change(happened, ev["date"], "event", rid, kind, "events", ev["value"], fact=ev, reported=_reported(ev))
            )
    return found


def _iso(day: date) -> str | None:
    return None if day == date.min else day.isoformat()
