"""compare: two or more entities of one kind, field by field, numbers in base units,
with the ratio of two and the best of several. Pure data; views.compare formats it."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from aitrack.dataset.fields import SPECS
from aitrack.errors import UsageError
from aitrack.quantity import LOWER, UPPER
from aitrack.store.facts import Reading, read
from aitrack.vocab import CITED_KINDS, plurals, spoken


@dataclass
class Row:
    field: str
    dim: str  # quantity dimension, or "" for text rows
    values: list[Reading]
    better: str = ""
    ratio: float | None = None
    ratio_approx: bool = False
    ratio_bound: str | None = None  # quantity.UPPER or LOWER: the ratio is at most or at least this
    # dataclasses.field: the name `field` is this class's first attribute
    best: list[int] = dataclasses.field(default_factory=list)  # indexes of the winning entities


@dataclass
class Comparison:
    entities: list[dict]
    rows: list[Row]


def _lab_rows(cat: Any, entities: list[dict], view: Any = None) -> list[Row]:
    """Relations of labs: their models, chips and the predictions about them (view: only
    those that existed on its day)."""
    from aitrack.store.history import select

    timed = view is not None and view.timed

    def seen(item: dict) -> bool:
        rec = cat.get(item["id"]) if timed else None
        return rec is None or select(rec, view.fresh()) is not None

    rows = []
    for name, get in (
        ("models", lambda r: cat.made_by(r["id"])["models"]),
        ("chips", lambda r: cat.made_by(r["id"])["chips"]),
        ("predictions about", lambda r: cat.predictions_about(r["id"])),
    ):
        values = []
        for rec in entities:
            items = [i for i in get(rec) if seen(i)]
            values.append(Reading([i["id"] for i in items]) if items else Reading())
        rows.append(Row(name, "", values))
    return rows


def compare(cat: Any, queries: list[str], only_common: bool = False, view: Any = None) -> Comparison:
    """view (history.View): each entity as it stood on a day, as reported by a day, or with
    only facts of that confidence or better (history.select)."""
    from aitrack.queries.browse import resolve_at

    if len(queries) < 2:
        raise UsageError("compare needs at least two ids")
    entities = [resolve_at(cat, q, view) for q in queries]
    kinds = sorted({e["kind"] for e in entities})
    if len(kinds) > 1:
        named = ", ".join(f"{e['id']} is a {e['kind']}" for e in entities)
        raise UsageError(f"cannot compare different kinds ({named}); compare labs with labs, chips with chips")
    ids = [e["id"] for e in entities]
    if len(set(ids)) < len(ids):
        twice = next(i for i in ids if ids.count(i) > 1)
        names = [q for q, e in zip(queries, entities) if e["id"] == twice]
        said = " and ".join(f"'{q}'" for q in dict.fromkeys(names))
        same = f"{said} are the same entity" if len(set(names)) > 1 else f"{said} is named twice"
        raise UsageError(f"{same}: {twice}; compare needs different entities")
    kind = kinds[0]
    if kind not in CITED_KINDS:
        raise UsageError(f"compare works on {spoken(plurals(CITED_KINDS), 'and')}, not {kind}s")
    specs = sorted(SPECS[kind], key=lambda s: s.group)
    rows: list[Row] = []
    for s in specs:
        values = [read(e, s) for e in entities]
        dim = s.dim if s.type == "quantity" else ("score" if s.type == "sentiment" else "")
        rows.append(Row(s.name, dim, values, s.better))
    if kind == "lab":
        rows[1:1] = _lab_rows(cat, entities, view)
    rows = [  # a row nothing has, unless a --min-confidence view hid it
        r for r in rows if not all(v.missing and r.field not in e.get("hidden", ()) for v, e in zip(r.values, entities))
    ]
    if only_common:
        rows = [r for r in rows if not any(v.missing for v in r.values)]
    for row in rows:
        _score(row, len(entities))
    return Comparison(entities, rows)


def _score(row: Row, n: int) -> None:
    """The ratio of two (both present), and the winners when every value is a plain number:
    a missing value or a bound might be the best, so no winner is named then (in any format)."""
    nums = [v.number for v in row.values]
    present = [(x, i) for i, x in enumerate(nums) if x is not None]
    complete = not any(v.missing or v.bound or v.high is not None for v in row.values)
    if row.dim and row.better and len(present) >= 2 and complete:
        row.best = _winners(present, row.better)
    if row.dim and n == 2 and len(present) == 2 and nums[1] and row.dim != "score":
        (first, _), (second, _) = present  # nums[0] and nums[1], both present
        row.ratio = first / second
        row.ratio_approx = row.values[0].approx or row.values[1].approx
        bounds = _ratio_bounds(row.values[0].bound, row.values[1].bound)
        if bounds and (first <= 0 or second <= 0 or len(bounds) > 1):
            row.ratio = None  # a bound over a bound the other way, or a sign that flips it: no ratio
        elif bounds:
            row.ratio_bound = bounds.pop()


def _ratio_bounds(top: str | None, bottom: str | None) -> set[str]:
    """Which way the ratio of two positive values is bounded: a bound on the first bounds it
    the same way (≤ 288 ÷ 141 is ≤ 2.0), on the second the other way (÷ at most 141: at least)."""
    flip = {UPPER: LOWER, LOWER: UPPER}
    return {b for b in (top, flip.get(bottom or "")) if b}


def _winners(present: list[tuple[float, int]], better: str) -> list[int]:
    target = max(x for x, _ in present) if better == "higher" else min(x for x, _ in present)
    return [i for x, i in present if x == target]
