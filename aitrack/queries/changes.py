"""changes: what appeared or changed on or after a date, newest first — facts (a new
value for a field, or a field's first value), entities that first appeared, events,
documents, predictions made and predictions resolved. Dates are the world's (as_of,
made, resolution), not the day a curator typed them in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from aitrack import dates
from aitrack.dataset.trust import as_of_start, history_fields
from aitrack.store.history import LIST_FIELDS, facts_of, first_seen, made_start
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


def _start(text: str | None) -> date | None:
    span = dates.span(text or "unknown")
    return span[0] if span else None


def changes(cat: Any, since: date, kinds: list[str] | None = None) -> list[Change]:
    out: list[Change] = []
    for kind in kinds or KIND_NAMES:
        for rec in cat.kind(kind):
            out.extend(_of(rec, since))
    out.sort(key=lambda c: (-c.day.toordinal(), ORDER[c.what], c.id, c.field))
    return out


def _of(rec: dict, since: date) -> list[Change]:
    rid, kind = rec["id"], rec["kind"]
    found: list[Change] = []
    if kind == "source":
        day = first_seen(rec)
        if day != date.min and day >= since:
            when = rec["published"] if rec.get("published") != "unknown" else day.isoformat()
            found.append(Change(day, when, "source", rid, kind, value=rec.get("title")))
        return found
    if kind == "prediction":
        day = made_start(rec)
        if day != date.min and day >= since:
            when = rec["made"] if rec.get("made") != "unknown" else f"{rec['made_window'][0]}..{rec['made_window'][1]}"
            found.append(Change(day, when, "prediction", rid, kind, value=rec["statement"], fact=rec))
        res = rec.get("resolution")
        resolved = _start(res.get("on")) if res else None
        if res and resolved and resolved >= since:
            found.append(
                Change(resolved, res["on"], "resolution", rid, kind, "status", res["outcome"], "open", fact=res)
            )
        return found
    born = first_seen(rec)
    if born != date.min and born >= since:
        found.append(Change(born, born.isoformat(), "entity", rid, kind, value=rec["name"]))
    for name in history_fields(kind):
        facts = facts_of(rec, name)
        for i, fact in enumerate(facts):
            day = as_of_start(fact)
            if day == date.min or day < since:
                continue
            before = facts[i - 1]["value"] if i else None
            if before is not None and before == fact["value"]:
                continue  # the same value again, from a newer source: not a change
            if before is None and day == born:
                continue  # part of the entity's first appearance
            found.append(
                Change(day, fact["as_of"], "changed" if i else "fact", rid, kind, name, fact["value"], before, fact)
            )
    for name in LIST_FIELDS:
        for fact in facts_of(rec, name):
            day = as_of_start(fact)
            if day != date.min and day >= since and day != born:
                found.append(Change(day, fact["as_of"], "fact", rid, kind, name, fact["value"], fact=fact))
    for ev in rec.get("events", []):
        happened = _start(ev.get("date"))
        if happened and happened >= since:
            found.append(Change(happened, ev["date"], "event", rid, kind, "events", ev["value"], fact=ev))
    return found
