"""diff: what changed between two versions of a dataset, as data. Entities added and
removed, each changed field with its old and new value and the fact that says the new one,
predictions newly resolved (open before, an outcome now) and sources added.

Both sides are catalogs already loaded (store.revision finds and loads them); this module
only compares records. A field is compared as curators write it: a fact by its value and
citation (source, quote, locator, note...), not by what the loader derives from its source
(reliability, confidence, the dates a source's date stands in for), so re-grading a source
shows once, on the source, rather than on every fact it backs."""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from aitrack.dataset.trust import history_fields
from aitrack.store.history import facts_of
from aitrack.vocab import LISTED_KINDS, OUTCOMES
from aitrack.vocab import DiffChange as Change

# Keys the loader adds to every record, or that stand for others compared one by one.
_NOT_FIELDS = {"id", "kind", "history"}


@dataclass(frozen=True)
class Entity:
    id: str
    kind: str
    name: str


@dataclass(frozen=True)
class FieldChange:
    id: str
    kind: str
    field: str
    change: Change
    before: Any = None  # the old value (None when the field or item is new)
    after: Any = None  # the new value (None when it was removed)
    cited: dict | None = None  # what says it: the new fact (the old one for a removal)


@dataclass(frozen=True)
class Resolved:
    """A prediction open on the old side and resolved on the new one."""

    id: str
    name: str
    statement: str
    resolution: dict  # outcome, on, note and the evidence (a URL, or a source and quote)


@dataclass
class Diff:
    added: list[Entity] = field(default_factory=list)  # every kind but sources (see `sources`)
    removed: list[Entity] = field(default_factory=list)  # sources too
    changed: list[FieldChange] = field(default_factory=list)
    resolved: list[Resolved] = field(default_factory=list)
    sources: list[dict] = field(default_factory=list)  # the records of the sources added

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.resolved or self.sources)


def diff(old: Any, new: Any) -> Diff:
    """Compare two catalogs (anything with .kind(kind) -> records), kind by kind in the
    order a reader meets them, then by id."""
    out = Diff()
    for kind in LISTED_KINDS:
        before = {r["id"]: r for r in old.kind(kind)}
        after = {r["id"]: r for r in new.kind(kind)}
        for rid in sorted(after.keys() - before.keys()):
            rec = after[rid]
            if kind == "source":
                out.sources.append(rec)
            else:
                out.added.append(Entity(rid, kind, rec["name"]))
        out.removed.extend(Entity(rid, kind, before[rid]["name"]) for rid in sorted(before.keys() - after.keys()))
        for rid in sorted(before.keys() & after.keys()):
            was, now = before[rid], after[rid]
            resolved = kind == "prediction" and _newly_resolved(was, now)
            if resolved:
                out.resolved.append(Resolved(rid, now["name"], now["statement"], now["resolution"]))
            out.changed.extend(_fields(was, now, skip={"status", "resolution"} if resolved else set()))
    return out


def _newly_resolved(was: dict, now: dict) -> bool:
    return was.get("status", "open") == "open" and now.get("status") in OUTCOMES and bool(now.get("resolution"))


def _fields(was: dict, now: dict, skip: set[str]) -> Iterator[FieldChange]:
    """Every field of one entity that differs, in the order the new record has them."""
    kind = now["kind"]
    order = list(now) + [k for k in was if k not in now]
    written, histories = _written_keys(kind), set(history_fields(kind))
    for key in order:
        if key in _NOT_FIELDS or key in skip or key not in written:
            continue
        if key in histories:
            yield from _history(was, now, key)
        elif _is_facts(was.get(key)) or _is_facts(now.get(key)):
            yield from _items(now, key, was.get(key) or [], now.get(key) or [])
        elif was.get(key) != now.get(key):
            # A prediction is one claim: its own source and quote stand behind each field.
            cited = {"source": now["source"], "quote": now.get("quote")} if kind == "prediction" else None
            yield _change(now, key, was.get(key), now.get(key), cited)


def _change(rec: dict, key: str, before: Any, after: Any, cited: dict | None) -> FieldChange:
    what: Change = (
        "added" if before is None else "removed" if after is None else "recited" if before == after else "changed"
    )
    return FieldChange(rec["id"], rec["kind"], key, what, before, after, cited)


def _history(was: dict, now: dict, key: str) -> Iterator[FieldChange]:
    """A field of one fact or a history of them: its current value if that changed, else
    the facts added to or removed from its history."""
    old_facts, new_facts = facts_of(was, key), facts_of(now, key)
    if [_core(f) for f in old_facts] == [_core(f) for f in new_facts]:
        return
    old_cur, new_cur = was.get(key), now.get(key)
    if _core(old_cur) != _core(new_cur):
        before = old_cur.get("value") if old_cur else None
        after = new_cur.get("value") if new_cur else None
        yield _change(now, key, before, after, new_cur or old_cur)
        if before != after or old_cur is None or new_cur is None:
            return
    yield from _items(now, key, old_facts, new_facts, skip=(old_cur, new_cur))


def _items(rec: dict, key: str, old: list, new: list, skip: tuple = ()) -> Iterator[FieldChange]:
    """The items of a list of facts (events, people, cite...) added or removed; an item
    whose citation changed is one removed and one added."""
    keep = {_text(_core(f)) for f in skip if f}
    old_keys = {_text(_core(f)) for f in old if isinstance(f, dict)}
    new_keys = {_text(_core(f)) for f in new if isinstance(f, dict)}
    for fact in new:
        k = _text(_core(fact))
        if k not in old_keys and k not in keep:
            yield _change(rec, key, None, _item_value(fact), fact)
    for fact in old:
        k = _text(_core(fact))
        if k not in new_keys and k not in keep:
            yield _change(rec, key, _item_value(fact), None, fact)


def _item_value(fact: dict) -> Any:
    """What an item says: its value (an event with its date), or for a citation the source."""
    if "date" in fact and "value" in fact:
        return f"{fact['date']}: {fact['value']}"
    return fact.get("value", fact.get("source"))


def _is_facts(value: Any) -> bool:
    return isinstance(value, list) and any(isinstance(v, dict) and "source" in v for v in value)


def _core(fact: dict | None) -> dict | None:
    """A fact as its curator wrote it: without what the loader derived from its source
    (reliability, dates from the source's date, a derived confidence, the current flag)."""
    if not fact:
        return None
    core = {k: v for k, v in fact.items() if k in _fact_keys()}
    if fact.get("as_of_basis") != "given":
        core.pop("as_of", None)
    if fact.get("valid_basis") != "given":
        core.pop("valid_from", None)
    if str(fact.get("confidence_reason") or "derived").startswith("derived"):
        core.pop("confidence", None)
        core.pop("confidence_reason", None)
    return core


def _text(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str)


@functools.lru_cache(maxsize=1)
def _fact_keys() -> frozenset[str]:
    """The keys a fact may be written with (the schema's facts: value, date, role, source,
    quote, locator, note, as_of...); everything else on a loaded fact is derived."""
    from aitrack.dataset import schema

    names: set[str] = {"value"}
    for model in (schema.EventFact, schema.PersonFact, schema.Citation):
        names.update(model.model_fields)
    return frozenset(names)


@functools.lru_cache(maxsize=8)
def _written_keys(kind: str) -> frozenset[str]:
    """The fields of a kind a curator writes (the schema's), under the names the loader
    gives them: a source's or a prediction's own `kind` is `source_kind` / `prediction_kind`."""
    from aitrack.dataset import schema

    names = set(schema.KINDS[kind].model_fields)
    if "kind" in names:
        names.discard("kind")
        names.add(f"{kind}_kind")
    return frozenset(names)
