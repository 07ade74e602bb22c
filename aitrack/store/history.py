"""Records as they stood on a date, or keeping only facts of some confidence: every
history-able field recomputed to its current fact among the facts that qualify, lists of
facts filtered, and entities that had not yet appeared left out. Also each field's
facts through time, for `show --history` and the facts table of the export."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from aitrack import dates
from aitrack.dataset.trust import as_of_start, current, history_fields
from aitrack.vocab import CITED_KINDS
from aitrack.vocab import CONFIDENCE_RANK as RANK

LIST_FIELDS = ("facts", "people", "sentiment")


def facts_of(rec: dict, name: str) -> list[dict]:
    """Every fact a field has had, oldest first (one fact when it has no history)."""
    hist = rec.get("history", {}).get(name)
    if hist:
        return hist
    raw = rec.get(name)
    if isinstance(raw, dict) and "source" in raw:
        return [raw]
    if isinstance(raw, list):
        return [f for f in raw if isinstance(f, dict) and "source" in f]
    return []


def all_facts(rec: dict) -> Iterator[tuple[str, dict]]:
    """(field, fact) for every fact of a record, history included, events last."""
    for name in history_fields(rec["kind"]):
        for fact in facts_of(rec, name):
            yield name, fact
    for name in LIST_FIELDS:
        for fact in facts_of(rec, name):
            yield name, fact
    for ev in rec.get("events", []):
        yield "events", ev


def first_seen(rec: dict) -> date:
    """The earliest as_of of anything the record cites; date.min when unknown."""
    starts = [as_of_start(c) for c in rec.get("cite", [])] + [as_of_start(f) for _, f in all_facts(rec)]
    if rec["kind"] == "prediction":
        starts.append(made_start(rec))
    elif rec["kind"] == "source":
        inferred = (rec.get("published_inferred") or {}).get("earliest")
        starts.append(_start(rec.get("published") if rec.get("published") != "unknown" else inferred))
    known = [s for s in starts if s != date.min]
    return min(known) if known else date.min


def made_start(pred: dict) -> date:
    """When a prediction was made: its date, or the start of its inferred window."""
    day = _start(pred.get("made"))
    if day == date.min and pred.get("made_window"):
        day = _start(pred["made_window"][0])
    return day


def _start(text: str | None) -> date:
    span = dates.span(text or "unknown")
    return span[0] if span else date.min


def qualifies(fact: dict, on: date | None, min_confidence: str | None) -> bool:
    """A fact known on that day (an undated fact is not: nothing says it held then) and
    at least that confident."""
    if on is not None and not date.min < as_of_start(fact) <= on:
        return False
    return not (min_confidence and RANK.get(fact.get("confidence") or "", 1) > RANK[min_confidence])


def select(rec: dict, on: date | None = None, min_confidence: str | None = None) -> dict | None:
    """rec as it stood on a day and/or with only facts of min_confidence or better;
    None when on is given and the entity had not yet appeared."""
    if on is None and not min_confidence:
        return rec
    if on is not None and not date.min < first_seen(rec) <= on:
        return None  # not yet seen then, or never dated
    out = dict(rec)
    if rec["kind"] in CITED_KINDS:
        history: dict[str, list[dict]] = {}
        for name in history_fields(rec["kind"]):
            kept = [f for f in facts_of(rec, name) if qualifies(f, on, min_confidence)]
            top = current(kept)
            if "current" in (top or {}):  # a history: flag what was current then
                kept = [dict(f, current=f is top) for f in kept]
                top = next(f for f in kept if f["current"])
            if top is None:
                out.pop(name, None)
            else:
                out[name] = top
                if name in rec.get("history", {}):
                    history[name] = kept
        if "history" in rec:
            out["history"] = history
        for name in LIST_FIELDS:
            if name in rec:
                out[name] = [f for f in rec[name] if qualifies(f, on, min_confidence)]
        if on is not None:
            out["events"] = [e for e in rec.get("events", []) if _start(e.get("date")) <= on]
            out["cite"] = [c for c in rec.get("cite", []) if as_of_start(c) <= on]
    elif (
        rec["kind"] == "prediction"
        and on is not None
        and rec.get("resolution")
        and _start(rec["resolution"].get("on")) > on
    ):
        out.pop("resolution")
        out["status"] = "open"
    return out
