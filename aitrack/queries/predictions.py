"""Predictions: due-date filters (with uncertain windows), time left, the scorecard per
predictor and the timeline of dated facts. Pure functions of the catalog and `today`."""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from aitrack import dates
from aitrack.dataset.shape import written
from aitrack.errors import UsageError
from aitrack.kinds import fold
from aitrack.vocab import PREDICTION_KINDS, STATUSES


def _one_of(text: str, valid: tuple[str, ...], what: str) -> str:
    """The valid value text names (case ignored), else unknown with suggestions (exit 1)."""
    import difflib

    from aitrack.errors import NotFoundError

    if fold(text) in valid:
        return fold(text)
    close = difflib.get_close_matches(fold(text), valid, n=3, cutoff=0.5)
    raise NotFoundError(text, close or list(valid), what=what)


def hidden_uncertain(cat: Any, f: Filters, now: date, shown: int) -> int:
    """How many more predictions --include-uncertain would add to a date-filtered result."""
    if f.include_uncertain or not (f.due or f.due_before or f.due_after or f.overdue):
        return 0
    from dataclasses import replace

    return len(select(cat, replace(f, include_uncertain=True), now, slim=True)) - shown


def today(option: str | None, flag: str = "--today") -> date:
    """--today (or the option named flag), else $AITRACK_TODAY, else the system date.
    Typer fills --today from AITRACK_TODAY too, so an error in a value equal to the
    variable's names the variable: the user may never have typed --today."""
    env = os.environ.get("AITRACK_TODAY")
    text = option or env
    if not text:
        return date.today()
    try:
        return dates.parse_day(text)
    except dates.DateError as exc:
        typed = option and not (flag == "--today" and option == env)
        raise UsageError(f"{flag if typed else 'AITRACK_TODAY'}: {exc}") from None


def window(pred: dict) -> tuple[date, date] | None:
    """When the prediction falls due: one day if fixed, a range if uncertain, else None.
    pred is a full record or a flat row (which carries due_earliest and due_latest)."""
    if "due_precision" in pred or "due_earliest" in pred:  # a stated due is its own span
        if pred.get("due"):
            return dates.span(written(pred["due"], pred.get("due_precision")))
        lo, hi = pred.get("due_earliest"), pred.get("due_latest")
        return (_day(lo), _day(hi)) if lo else None
    if pred.get("due") and pred["due"] != "unknown":
        return dates.span(pred["due"])
    if pred.get("due_window"):
        lo, hi = pred["due_window"]
        return date.fromisoformat(lo), date.fromisoformat(hi)
    return None


@functools.lru_cache(maxsize=4096)
def _day(text: str) -> date:
    return date.fromisoformat(text)


def certain(pred: dict) -> bool:
    return bool(pred.get("due")) and pred["due"] != "unknown"


@dataclass
class Filters:
    due: str | None = None
    due_before: str | None = None
    due_after: str | None = None
    status: str | None = None
    overdue: bool = False
    about: str | None = None
    by: str | None = None
    kind: str | None = None
    include_uncertain: bool = False


def _year_range(f: Filters, now: date) -> tuple[int, int] | None:
    """The years a date filter can match, to read only those (None: no date filter)."""
    lo, hi = date.min.year, date.max.year
    if f.due:
        span_ = dates.option_span(f.due, "--due")
        lo, hi = max(lo, span_[0].year), min(hi, span_[1].year)
    if f.due_before:
        hi = min(hi, dates.option_span(f.due_before, "--due-before")[0].year)
    if f.due_after:
        lo = max(lo, dates.option_span(f.due_after, "--due-after")[1].year)
    if f.overdue:
        hi = min(hi, now.year)
    return (lo, hi) if (f.due or f.due_before or f.due_after or f.overdue) else None


def select(cat: Any, f: Filters, now: date, slim: bool = False) -> list[dict]:
    """Predictions matching every filter, sorted by due date, unknown dates last.
    slim: flat rows; with a date filter only the matching years are read."""
    years = _year_range(f, now) if slim else None
    preds = cat.predictions_due_in(*years) if years else list(cat.kind("prediction", slim=slim))
    if f.status:
        status = _one_of(f.status, STATUSES, "status")
        preds = [p for p in preds if p.get("status", "open") == status]
    if f.kind:
        kind = _one_of(f.kind, PREDICTION_KINDS, "prediction kind")
        preds = [p for p in preds if p["prediction_kind"] == kind]
    if f.by:
        preds = [p for p in preds if fold(f.by) in fold(p["by"])]
    if f.about:
        target = cat.resolve(f.about)
        ids = {p["id"] for p in cat.predictions_about(target["id"])}
        preds = [p for p in preds if p["id"] in ids]
    ranges = []
    if f.due:
        ranges.append(dates.option_span(f.due, "--due"))
    if f.due_before:
        ranges.append((date.min, dates.option_span(f.due_before, "--due-before")[0] - timedelta(days=1)))
    if f.due_after:
        ranges.append((dates.option_span(f.due_after, "--due-after")[1] + timedelta(days=1), date.max))
    for lo, hi in ranges:
        preds = [p for p in preds if _in_range(p, lo, hi, f.include_uncertain)]
    if f.overdue:
        preds = [p for p in preds if p.get("status", "open") == "open" and _overdue(p, now, f.include_uncertain)]

    def order(p: dict) -> tuple:
        w = window(p)
        return (w is None, not certain(p), w[0] if w else date.max, p["id"])

    preds.sort(key=order)
    return preds


def _in_range(pred: dict, lo: date, hi: date, uncertain: bool) -> bool:
    w = window(pred)
    if w is None or (not certain(pred) and not uncertain):
        return False
    return w[0] <= hi and w[1] >= lo


def _overdue(pred: dict, now: date, uncertain: bool) -> bool:
    w = window(pred)
    if w is None or (not certain(pred) and not uncertain):
        return False
    return w[1] < now


def time_left(pred: dict, now: date) -> str:
    """'in 38 days', 'overdue by 327 days', 'due today', or '' when unknowable."""
    if pred.get("status", "open") != "open":
        return f"resolved {pred['status']}"
    w = window(pred)
    if w is None:
        return ""
    if not certain(pred):
        if w[1] < now:
            return f"overdue by {(now - w[1]).days}+ days"
        if w[0] > now:
            return f"in {(w[0] - now).days}-{(w[1] - now).days} days"
        return f"due by {w[1].isoformat()} at the latest"
    days = (w[1] - now).days
    if days > 0:
        return f"in {days} day{'s' if days != 1 else ''}"
    if days == 0:
        return "due today"
    return f"overdue by {-days} day{'s' if days != -1 else ''}"


def due_text(pred: dict) -> str:
    if certain(pred):
        return written(pred["due"], pred.get("due_precision", "day")) if "due_precision" in pred else pred["due"]
    return f"unknown ({pred['due_note']})" if pred.get("due_note") else "unknown"


# scorecard ---------------------------------------------------------------------------


@dataclass
class Score:
    by: str
    made: int = 0
    resolved: int = 0
    true: int = 0
    false: int = 0
    partial: int = 0
    void: int = 0
    overdue: int = 0
    probabilities: list[tuple[float, int]] = field(default_factory=list)  # (p, outcome 0/1)

    @property
    def accuracy(self) -> float | None:
        """Share right among decided predictions; a partial counts half, void not at all."""
        decided = self.true + self.false + self.partial
        return (self.true + 0.5 * self.partial) / decided if decided else None

    @property
    def brier(self) -> float | None:
        if not self.probabilities:
            return None
        return sum((p - o) ** 2 for p, o in self.probabilities) / len(self.probabilities)


def scorecard(cat: Any, now: date) -> list[Score]:
    scores: dict[str, Score] = {}
    for pred in cat.kind("prediction", slim=True):
        s = scores.setdefault(pred["by"], Score(pred["by"]))
        s.made += 1
        status = pred.get("status", "open")
        if status == "open":
            s.overdue += _overdue(pred, now, False)
            continue
        s.resolved += 1
        setattr(s, status, getattr(s, status) + 1)
        if pred.get("probability") is not None and status in ("true", "false"):
            s.probabilities.append((pred["probability"], 1 if status == "true" else 0))
    return sorted(scores.values(), key=lambda s: (-s.made, s.by))


def calibration(scores: list[Score]) -> list[dict]:
    """10% bins over every resolved true/false prediction that carries a probability."""
    pairs = [pair for s in scores for pair in s.probabilities]
    bins = []
    for i in range(10):
        lo, hi = i / 10, (i + 1) / 10
        inside = [(p, o) for p, o in pairs if lo <= p < hi or (i == 9 and p == 1.0)]
        if inside:
            bins.append(
                {
                    "bin": f"{i * 10}-{(i + 1) * 10}%",
                    "count": len(inside),
                    "forecast": sum(p for p, _ in inside) / len(inside),
                    "observed": sum(o for _, o in inside) / len(inside),
                }
            )
    return bins
