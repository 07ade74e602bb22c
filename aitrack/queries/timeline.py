"""The timeline: releases, dated events and prediction deadlines in date order, each
happening once with every entity it is recorded on. Pure data; views.predictions draws it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from aitrack import dates
from aitrack.kinds import fold
from aitrack.queries.predictions import certain
from aitrack.vocab import CITED_KINDS


@dataclass
class Event:
    when: str  # ISO date of any precision
    start: date
    what: str  # release, event, due
    id: str
    kind: str
    label: str
    status: str = ""
    ids: list[str] = field(default_factory=list)  # every entity the event is recorded on
    cite: tuple[str, str] = ("", "")  # (source, folded quote): how a duplicate is recognised


def _cite_key(fact: dict) -> tuple[str, str]:
    return (fact.get("source", ""), fold(fact.get("quote", "")))


def _same(a: Event, b: Event) -> bool:
    """One happening recorded on two entities: the same date from the same source, the
    quotes equal or sharing a passage (ChatGPT's launch on openai and on chatgpt)."""
    import difflib

    if a.when != b.when or not a.cite[0] or a.cite[0] != b.cite[0] or not a.cite[1] or not b.cite[1]:
        return False
    x, y = a.cite[1], b.cite[1]
    if x in y or y in x:
        return True
    return difflib.SequenceMatcher(None, x, y, autojunk=False).find_longest_match().size >= 15


def _order(e: Event) -> tuple:
    """By date within each year; a date known only to its year or month comes after the
    days and months it contains, never between them."""
    return (
        e.start.year,
        len(e.when) == 4,
        e.start.month,
        len(e.when) == 7,
        e.start,
        ("event", "release", "due").index(e.what),
        e.id,
    )


def today_shown(now: date, since: str | None, until: str | None) -> bool:
    """Whether today falls inside the --since/--until window, so the chart marks it."""
    lo = dates.option_span(since, "--since")[0] if since else date.min
    hi = dates.option_span(until, "--until")[1] if until else date.max
    return lo <= now <= hi


def _events_of(rec: dict) -> list[Event]:
    """What a record puts on the timeline: its release and dated events, or, for a
    prediction with a certain due date, its deadline."""
    out: list[Event] = []
    if rec["kind"] == "prediction":
        if certain(rec) and (due := dates.span(rec["due"])):
            out.append(
                Event(rec["due"], due[0], "due", rec["id"], "prediction", rec["name"], rec.get("status", "open"))
            )
        return out
    if rec.get("released") and (days := dates.span(when := rec["released"]["value"])):
        label = f"{rec['name']} released"
        out.append(Event(when, days[0], "release", rec["id"], rec["kind"], label, cite=_cite_key(rec["released"])))
    for ev in rec.get("events", []):
        if days := dates.span(ev["date"]):
            out.append(Event(ev["date"], days[0], "event", rec["id"], rec["kind"], ev["value"], cite=_cite_key(ev)))
    return out


def timeline(cat: Any, since: str | None = None, until: str | None = None, view: Any = None) -> list[Event]:
    """Releases, dated events and prediction deadlines in date order, each happening once
    with every entity it is recorded on. view (history.View): the records as it leaves
    them (what had happened by its day, predictions open until resolved by then); it counts
    the entities it left out that would have been on the timeline, and those shown undated."""
    lo = dates.option_span(since, "--since")[0] if since else date.min
    hi = dates.option_span(until, "--until")[1] if until else date.max
    events: list[Event] = []
    for kind in (*CITED_KINDS, "prediction"):
        if view is None or not view.active:
            events += [e for rec in cat.kind(kind) for e in _events_of(rec)]
            continue
        from aitrack.store.viewed import pairs

        for rec, chosen, counts in pairs(cat, kind, view):
            if chosen is None:
                view.not_yet += any(lo <= e.start <= hi for e in _events_of(rec))
            elif shown := _events_of(chosen):
                events += shown
                view.undated += counts.undated
    unique: list[Event] = []
    on_day: dict[str, list[Event]] = {}
    for e in sorted(events, key=_order):
        if not lo <= e.start <= hi:
            continue
        twin = next((u for u in on_day.get(e.when, []) if _same(u, e) or (u.id, u.label) == (e.id, e.label)), None)
        if twin is None:
            e.ids = [e.id]
            unique.append(e)
            on_day.setdefault(e.when, []).append(e)
        elif e.id not in twin.ids:
            twin.ids.append(e.id)
    return unique
