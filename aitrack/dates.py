"""Dates with precision (`2024`, `2024-05`, `2024-05-13`, `unknown`) and forecast horizons
as documents write them ("within 12 months", "by end of 2025", "before 2026", "2026E")."""

from __future__ import annotations

import calendar
import functools
import re
from dataclasses import dataclass
from datetime import date

_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class DateError(ValueError):
    """A date string that is not ISO with precision or `unknown`."""


def check_iso(text: str | int) -> str:
    """Validate an ISO date of year, month or day precision; returns it as a string."""
    s = str(text).strip()
    if s == "unknown":
        return s
    m = _ISO.match(s)
    if not m:
        raise DateError(f"'{s}' is not a date: use YYYY, YYYY-MM, YYYY-MM-DD or unknown")
    year, month, day = int(m[1]), m[2], m[3]
    if not 1000 <= year <= 9000:
        raise DateError(f"'{s}' has an implausible year")
    if month is not None and not 1 <= int(month) <= 12:
        raise DateError(f"'{s}' has no month {month}")
    if day is not None:
        try:
            date(year, int(month), int(day))
        except ValueError as exc:
            raise DateError(f"'{s}' is not a real day") from exc
    return s


@functools.lru_cache(maxsize=4096)  # listings ask for the same few dates thousands of times
def span(text: str) -> tuple[date, date] | None:
    """The first and last day a date of any precision covers; None for unknown."""
    if not text or text == "unknown":
        return None
    m = _ISO.match(text)
    if not m:
        return None
    year = int(m[1])
    if m[3]:
        d = date(year, int(m[2]), int(m[3]))
        return d, d
    if m[2]:
        month = int(m[2])
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    return date(year, 1, 1), date(year, 12, 31)


def add_months(d: date, months: int) -> date:
    month0 = d.month - 1 + months
    year, month = d.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Horizon:
    """A parsed horizon: an absolute deadline, or a relative one in months."""

    due: date | None = None
    months_min: int | None = None
    months_max: int | None = None

    def describe(self) -> str:
        """A relative horizon in words, e.g. 'within 18-24 months'."""
        lo, hi = self.months_min, self.months_max
        if lo != hi:
            return f"within {lo}-{hi} months"
        return f"within {hi} month{'s' if hi != 1 else ''}"


_WORDS = {"one": 1, "two": 2, "three": 3, "six": 6, "twelve": 12, "eighteen": 18, "a": 1}
_REL = re.compile(
    r"\b(?:within|in|over|next|the next)\s+(?:the\s+next\s+)?(?P<a>\d+|one|two|three|six|twelve|eighteen|a)"
    r"(?:\s*(?:-|–|to)\s*(?P<b>\d+))?\s+(?P<unit>months?|years?)\b",
    re.I,
)
_END_OF = re.compile(r"\b(?:by|before|until)\s+(?:the\s+)?end\s+of\s+(?P<y>20\d\d)\b", re.I)
_BEFORE = re.compile(r"\bbefore\s+(?P<y>20\d\d)\b", re.I)
_BY = re.compile(r"\b(?:by|in|through)\s+(?P<y>20\d\d)\b", re.I)
_EST = re.compile(r"\b(?P<y>20\d\d)E\b")
_NEXT_YEAR = re.compile(r"\bnext\s+year\b", re.I)


def parse_horizon(text: str) -> Horizon | None:
    """Read a horizon as written. Absolute forms give a due date; relative ones give months."""
    if not text:
        return None
    if m := _END_OF.search(text):
        return Horizon(due=date(int(m["y"]), 12, 31))
    if m := _BEFORE.search(text):
        return Horizon(due=date(int(m["y"]) - 1, 12, 31))
    if m := _EST.search(text):
        return Horizon(due=date(int(m["y"]), 12, 31))
    if m := _BY.search(text):
        return Horizon(due=date(int(m["y"]), 12, 31))
    if m := _REL.search(text):
        a = _WORDS.get(m["a"].lower()) if not m["a"].isdigit() else int(m["a"])
        b = int(m["b"]) if m["b"] else a
        scale = 12 if m["unit"].lower().startswith("year") else 1
        if b * scale > 1200:  # a century or more is no deadline
            return None
        return Horizon(months_min=a * scale, months_max=b * scale)
    if _NEXT_YEAR.search(text):
        return Horizon(months_min=12, months_max=24)
    return None


def due_window(horizon: Horizon | None, made: tuple[date, date] | None) -> tuple[date, date] | None:
    """The earliest and latest possible deadline, given when the forecast was made."""
    if horizon is None:
        return None
    if horizon.due:
        return horizon.due, horizon.due
    if made is None:
        return None
    return add_months(made[0], horizon.months_min or 0), add_months(made[1], horizon.months_max or 0)


def parse_day(text: str) -> date:
    """A full ISO day, for --today and --on."""
    try:
        return date.fromisoformat(str(text))
    except ValueError as exc:
        raise DateError(f"'{text}' is not a day: use YYYY-MM-DD") from exc
