"""Records in a time or confidence view, and each field's facts through time.

Two times per fact (dataset/valid.py, dataset/trust.py): valid time, when it held in the
world (`valid_from`, ended by `valid_until` or by the field's next fact), and reported
time, when a source said it (`as_of`). A View asks for one or both:

- `on` (--as-of): what was true on that day, as far as we know now: the facts whose valid
  time covers it, of the entities that existed by then (from their release, else their
  earliest dated fact; an entity nothing dates is kept and counted as undated);
- `known_by` (--known-by): what the sources had said by that day: the facts reported on
  or before it (an undated report is kept), each holding as its valid time says;
- `min_confidence`: only facts at least that confident; a field whose every value is
  weaker is listed in the record's `hidden`, so views can mark it apart from "missing".

The View counts what it left out, for the view's title (views.trust.scope_line).
`view_of` makes one from the options (the CLI's and the API's); store/viewed.py is a
catalog seen through one (export)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from aitrack import dates
from aitrack.dataset.trust import as_of_start, current, history_fields, valid_start
from aitrack.dataset.valid import SPEC_KINDS
from aitrack.vocab import CITED_KINDS
from aitrack.vocab import CONFIDENCE_RANK as RANK

LIST_FIELDS = ("facts", "people", "sentiment")


@dataclass
class View:
    """What a time or confidence view asks for, and the count of what it left out."""

    on: date | None = None
    known_by: date | None = None
    min_confidence: str | None = None
    not_yet: int = 0  # entities that did not exist yet (on) or no source had named (known_by)
    undated: int = 0  # entities kept although nothing dates them
    hidden: int = 0  # values hidden as below min_confidence
    later: int = 0  # values hidden as not yet valid (on) or not yet reported (known_by)

    @property
    def active(self) -> bool:
        return self.on is not None or self.known_by is not None or bool(self.min_confidence)

    @property
    def timed(self) -> bool:
        return self.on is not None or self.known_by is not None

    def fresh(self) -> View:
        """The same question with no counts (for related entities, which are not counted)."""
        return View(self.on, self.known_by, self.min_confidence)

    def count(self, shown: View) -> None:
        """Add what selecting one shown entity counted (its undated mark, its hidden values)."""
        self.undated += shown.undated
        self.hidden += shown.hidden
        self.later += shown.later


def view_of(as_of: str | date | None, known_by: str | date | None = None, min_confidence: str | None = None):
    """The View the --as-of, --known-by and --min-confidence options ask for, or None. A
    date is that day; a text is YYYY, YYYY-MM or YYYY-MM-DD (a year or month: its last
    day), anything else a usage error naming the option."""
    if as_of is None and known_by is None and not min_confidence:
        return None

    def day(value: str | date | None, option: str) -> date | None:
        if value is None or isinstance(value, date):
            return value
        return dates.option_span(str(value), option)[1]

    return View(day(as_of, "--as-of"), day(known_by, "--known-by"), min_confidence)


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


def valid_until(facts: list[dict], i: int) -> date | None:
    """The first day facts[i] (of one field, oldest first) no longer held: its given
    valid_until, else the valid_from of the next fact that starts later; None if it holds."""
    given = _start(facts[i].get("valid_until"))
    if given != date.min:
        return given
    if "current" not in facts[i]:
        return None  # a list field (facts, people): items do not end each other
    start = valid_start(facts[i])
    later = [valid_start(g) for g in facts[i + 1 :] if valid_start(g) > start]
    return min(later) if later else None


def first_seen(rec: dict) -> date:
    """Reported time: the earliest as_of of anything the record cites; date.min when unknown."""
    starts = [as_of_start(c) for c in rec.get("cite", [])] + [as_of_start(f) for _, f in all_facts(rec)]
    if rec["kind"] == "prediction":
        starts.append(made_start(rec))
    elif rec["kind"] == "source":
        inferred = (rec.get("published_inferred") or {}).get("earliest")
        starts.append(_start(rec.get("published") if rec.get("published") != "unknown" else inferred))
    known = [s for s in starts if s != date.min]
    return min(known) if known else date.min


def exists_from(rec: dict) -> date:
    """Valid time: when an entity began to exist. A chip, model or product from its
    release; otherwise (or with no release date) from its earliest dated fact, event or
    citation; a prediction from when it was made. date.min when nothing dates it."""
    if rec["kind"] in SPEC_KINDS:
        release = _released(rec)
        if release:
            return _start(release)
    if rec["kind"] not in CITED_KINDS:
        return first_seen(rec)
    starts = [valid_start(f) for n, f in all_facts(rec) if n != "events"]
    starts += [_start(e.get("date")) for e in rec.get("events", [])]
    starts += [as_of_start(c) for c in rec.get("cite", [])]
    known = [s for s in starts if s != date.min]
    return min(known) if known else date.min


def _released(rec: dict) -> str | None:
    """The release date of a normalised record (its history, or its current fact)."""
    facts = facts_of(rec, "released")
    known = [str(f["value"]) for f in facts if _start(str(f.get("value"))) != date.min]
    return min(known, key=_start) if known else None


def made_start(pred: dict) -> date:
    """When a prediction was made: its date, or the start of its inferred window."""
    day = _start(pred.get("made"))
    if day == date.min and pred.get("made_window"):
        day = _start(pred["made_window"][0])
    return day


def _start(text: str | None) -> date:
    span = dates.span(text or "unknown")
    return span[0] if span else date.min


def _in_time(fact: dict, view: View) -> bool:
    """Begun by view.on (a fact of unknown valid time is not excluded: it loses to any dated
    fact) and reported by view.known_by (an undated report is kept). A fact whose given
    valid_until has passed stays, carrying its end (a field's next fact ends it for the
    current value): the view without a date shows it too, and `--as-of` today must equal
    that view, which a cache built on another day could not honour if ends were dropped."""
    if view.on is not None and valid_start(fact) > view.on:
        return False
    return view.known_by is None or as_of_start(fact) <= view.known_by


def _confident(fact: dict, view: View) -> bool:
    return not (view.min_confidence and RANK.get(fact.get("confidence") or "", 1) > RANK[view.min_confidence])


def _exists(rec: dict, view: View) -> bool:
    """Whether the entity belongs in the view; counts it left out or undated."""
    undated = False
    if view.on is not None:
        born = exists_from(rec)
        if born > view.on:
            view.not_yet += 1
            return False
        undated = born == date.min
    if view.known_by is not None:
        seen = first_seen(rec)
        if seen > view.known_by:
            view.not_yet += 1
            return False
        undated = undated or seen == date.min
    view.undated += undated
    return True


def select(rec: dict, view: View) -> dict | None:
    """rec in the view, or None when it did not exist yet on view.on (or no source had
    named it by view.known_by). Counts what it leaves out in view."""
    if not view.active:
        return rec
    if view.timed and not _exists(rec, view):
        return None
    out = dict(rec)
    if rec["kind"] in CITED_KINDS:
        history: dict[str, list[dict]] = {}
        hidden: list[str] = []
        for name in history_fields(rec["kind"]):
            timely = [f for f in facts_of(rec, name) if _in_time(f, view)]
            kept = [f for f in timely if _confident(f, view)]
            top = current(kept)
            if top is not current(timely):
                view.hidden += 1
                if top is None:
                    hidden.append(name)
            elif not timely and facts_of(rec, name):
                # The sources hold a value, but not yet on that day: marked apart from
                # "nothing in the sources" (—), like a value below the confidence asked for.
                view.later += 1
                hidden.append(name)
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
                timely = [f for f in rec[name] if _in_time(f, view)]
                out[name] = [f for f in timely if _confident(f, view)]
                view.hidden += len(timely) - len(out[name])
        if hidden:
            out["hidden"] = hidden
        out["events"] = [e for e in rec.get("events", []) if _event_in_time(e, view)]
        if view.known_by is not None:
            out["cite"] = [c for c in rec.get("cite", []) if as_of_start(c) <= view.known_by]
    elif rec["kind"] == "prediction" and rec.get("resolution"):
        latest = min(d for d in (view.on, view.known_by, date.max) if d is not None)
        if _start(rec["resolution"].get("on")) > latest:
            out.pop("resolution")
            out["status"] = "open"
    return out


def _event_in_time(ev: dict, view: View) -> bool:
    if view.on is not None and _start(ev.get("date")) > view.on:
        return False
    return view.known_by is None or as_of_start(ev) <= view.known_by
