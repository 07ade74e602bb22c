"""Chart data: what `aitrack chart` plots, chosen through the other queries (compare,
list, timeline) and returned as plain points: each value in its field's fixed unit (the
one its machine name carries), with its label, confidence and the sources it cites.
Pure data; views.chart draws it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from aitrack import dates
from aitrack.dataset.fields import SPECS, Spec, spec
from aitrack.dataset.shape import number, written
from aitrack.errors import AitrackError, UsageError
from aitrack.quantity import unit_factor
from aitrack.store.facts import Reading, read
from aitrack.vocab import CITED_KINDS, CONFIDENCE_RANK, ChartKind, plurals, spoken

# The weakest confidence: what a chart draws hollow (vocab lists them strongest first).
SPECULATIVE = max(CONFIDENCE_RANK, key=lambda c: CONFIDENCE_RANK[c])


@dataclass
class Point:
    id: str
    label: str  # the entity's name, or the event's label
    value: float | None = None  # in unit; None: the sources give none
    unit: str = ""  # the field's fixed unit, the one its machine name carries ("" for counts)
    high: float | None = None  # top of a range
    approx: bool = False
    text: str = ""  # the value as its source wrote it (~3.35 TB/s)
    when: date | None = None  # the x of a trend over time, the day of a timeline event
    when_text: str = ""  # that date as written (2024-03)
    until: date | None = None  # the last day that date covers (2024-03-31)
    x: float | None = None  # the x of a trend against another number
    confidence: str | None = None  # the weaker of the point's facts
    sources: list[str] = field(default_factory=list)
    what: str = ""  # timeline: release, event or due
    status: str = ""  # timeline: a prediction's status
    overdue: bool = False  # timeline: open after its deadline

    @property
    def speculative(self) -> bool:
        return self.confidence == SPECULATIVE


@dataclass
class Chart:
    kind: ChartKind
    title: str
    points: list[Point]
    axis: str = ""  # the value axis: the field's name with its unit
    unit: str = ""  # the value unit ("" for counts and timelines)
    x_axis: str = ""
    x_unit: str = ""
    data_date: str = ""  # the newest source's date: what the data knows up to
    fingerprint: str = ""
    sources: list[tuple[str, str]] = field(default_factory=list)  # (id, title) of what is plotted
    left_out: list[str] = field(default_factory=list)  # ids not drawn for want of a value
    today: date | None = None


def newest_source(cat: Any) -> str:
    """The date the data knows up to: its newest source's, as written. Sources are
    ordered by the first day their date covers, the more precise first on a tie, so a
    source dated only '2026' does not hide one of 2026-04-18."""
    best: tuple[str, int] = ("", 0)
    shown = "unknown"
    for row in cat.kind("source", slim=True):
        day, precision = row.get("published") or "", row.get("published_precision")
        key = (day, {"day": 2, "month": 1}.get(precision or "", 0))
        if day and key > best:
            best, shown = key, written(day, precision)
    return shown


def _finish(cat: Any, chart: Chart) -> Chart:
    """The date of the data, its fingerprint and the sources of what is plotted, in order."""
    chart.data_date, chart.fingerprint = newest_source(cat), cat.fingerprint
    seen = dict.fromkeys(s for p in chart.points if p.value is not None or p.when for s in p.sources)
    chart.sources = [(sid, (cat.get(sid) or {}).get("title") or sid) for sid in seen]
    return chart


def _number_spec(kind: str, name: str, option: str) -> Spec:
    """The quantity a field names (memory_bandwidth or memory_bandwidth_TBps)."""
    from aitrack.queries.browse import check_field

    s = spec(kind, check_field(kind, name))
    numbers = [q.key for q in SPECS[kind] if q.type == "quantity"]
    if not numbers:
        raise UsageError(f"{kind}s have no numbers to chart")
    if s is None or s.type != "quantity":
        raise UsageError(f"{option} {name}: not a number of {kind}s; numbers: {', '.join(numbers)}")
    return s


def axis(s: Spec) -> str:
    """A field with its unit, as human tables head it: memory_bandwidth (TB/s)."""
    return s.name if s.unit == "count" else f"{s.name} ({s.unit})"


def _weaker(*readings: Reading) -> str | None:
    grades = [r.confidence for r in readings if r.confidence]
    return max(grades, key=lambda c: CONFIDENCE_RANK.get(c, 0)) if grades else None


def _value(p: Point, r: Reading, s: Spec) -> Point:
    """p with r's number in the field's fixed unit (dataset.shape.number, as JSON gives it)."""
    factor = unit_factor(s.unit)
    p.value, p.high = number(r.number, factor), number(r.high, factor)
    p.unit = "" if s.unit == "count" else s.unit
    p.approx, p.text = r.approx, str(r.value or "")
    return p


def compare_chart(cat: Any, queries: list[str], name: str) -> Chart:
    """Bars: one number of two or more entities of one kind (queries.compare resolves and
    checks them); an entity the sources give no value has a point without one."""
    from aitrack.queries.compare import compare

    if len(queries) < 2:
        raise UsageError("chart compare needs at least two ids")
    entities = compare(cat, queries).entities
    kind = entities[0]["kind"]
    s = _number_spec(kind, name, "--field")
    points = []
    for rec in entities:
        r = read(rec, s)
        p = Point(rec["id"], rec["name"], confidence=r.confidence, sources=[c["source"] for c in r.cites])
        points.append(_value(p, r, s) if r.number is not None else p)
    if all(p.value is None for p in points):
        raise AitrackError(f"no {s.name} in the sources for any of {', '.join(p.id for p in points)}")
    title = f"{s.name.replace('_', ' ').capitalize()} of {len(points)} {kind}s"
    chart = Chart("compare", title, points, axis(s), "" if s.unit == "count" else s.unit)
    chart.left_out = [p.id for p in points if p.value is None]
    return _finish(cat, chart)


def trend_chart(cat: Any, kind_text: str, x: str, y: str) -> Chart:
    """A scatter of every entity of a kind (queries.browse.list_entities) with both
    values: y a number, x a date (a date known to its month or year sits at its first
    day, as the listing's machine columns put it) or another number."""
    from aitrack.queries.browse import check_field, kind_name, list_entities

    kind = kind_name(kind_text)
    if kind not in CITED_KINDS:
        raise UsageError(f"chart trend plots {spoken(plurals(CITED_KINDS))}, not {kind}s")
    ys = _number_spec(kind, y, "--y")
    xs = spec(kind, check_field(kind, x))
    if xs is None or xs.type not in ("date", "quantity"):
        raise UsageError(f"--x {x}: not a date or a number of {kind}s")
    points, left_out = [], []
    for rec in list_entities(cat, kind, {}, slim=False):
        rx, ry = read(rec, xs), read(rec, ys)
        when = dates.span(str(rx.value)) if xs.type == "date" and rx.value else None
        if ry.number is None or (when is None if xs.type == "date" else rx.number is None):
            left_out.append(rec["id"])
            continue
        cites = dict.fromkeys(c["source"] for c in (*rx.cites, *ry.cites))
        p = _value(Point(rec["id"], rec["name"], confidence=_weaker(rx, ry), sources=list(cites)), ry, ys)
        if when is not None:
            p.when, p.until, p.when_text = when[0], when[1], str(rx.value)
        else:
            p.x = number(rx.number, unit_factor(xs.unit))
        points.append(p)
    if not points:
        raise AitrackError(f"no {kind} has both {xs.name} and {ys.name} in the sources")
    points.sort(key=lambda p: (p.when or date.min, p.x or 0.0, p.id))
    against = f"over time ({xs.name})" if xs.type == "date" else f"against {xs.name.replace('_', ' ')}"
    title = f"{ys.name.replace('_', ' ').capitalize()} of {kind}s {against}"
    unit = "" if ys.unit == "count" else ys.unit
    chart = Chart("trend", title, points, axis(ys), unit, axis(xs) if xs.type == "quantity" else xs.name)
    chart.x_unit = "" if xs.type == "date" or xs.unit == "count" else xs.unit
    chart.left_out = left_out
    return _finish(cat, chart)


def _fact_of(rec: dict, what: str, when: str, label: str) -> dict:
    """The fact behind a timeline event: the release, the event itself, or the prediction."""
    if what == "release":
        return rec.get("released") or {}
    if what == "event":
        return next((ev for ev in rec.get("events", []) if ev["date"] == when and ev["value"] == label), {})
    return rec


def timeline_chart(cat: Any, since: str | None, until: str | None, now: date) -> Chart:
    """Releases, events and prediction deadlines (queries.timeline), each with the
    confidence and source of its fact; an open prediction past its deadline is overdue
    (its due window ended before now, as `predictions --overdue` counts it)."""
    from aitrack.queries.predictions import window
    from aitrack.queries.timeline import timeline, today_shown

    points = []
    for e in timeline(cat, since, until):
        rec = cat.get(e.id) or {}
        fact = _fact_of(rec, e.what, e.when, e.label)
        p = Point(e.id, e.label, when=e.start, when_text=e.when, what=e.what, status=e.status)
        p.until = (dates.span(e.when) or (e.start, e.start))[1]
        p.confidence = fact.get("confidence") if e.what != "due" else None  # a prediction is no fact
        p.sources = [fact["source"]] if fact.get("source") else []
        if e.what == "due" and e.status == "open":
            w = window(rec)
            p.overdue = w is not None and w[1] < now
        points.append(p)
    if not points:
        raise AitrackError("nothing dated falls in that window")
    span_text = " to ".join(t for t in (since, until) if t) if since and until else ""
    span_text = span_text or (f"from {since}" if since else f"up to {until}" if until else "")
    title = "Releases, events and prediction deadlines" + (f", {span_text}" if span_text else "")
    chart = Chart("timeline", title, points, today=now if today_shown(now, since, until) else None)
    return _finish(cat, chart)
