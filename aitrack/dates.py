"""Dates with precision (`2024`, `2024-05`, `2024-05-13`, `unknown`) and forecast horizons
as documents write them ("within 12 months", "by end of 2025", "before 2026", "2026E",
"Q4'24", "H2 2025", "mid-2025", "next year"), each giving a due window."""

from __future__ import annotations

import calendar
import functools
import re
from dataclasses import dataclass
from datetime import date, timedelta

_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?\Z")
# The months as documents name them, January first (how a quote's "May 2024" is read).
MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)


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


def option_span(text: str, option: str) -> tuple[date, date]:
    """The first and last day of a date option (--due, --since, --as-of …) of any precision;
    anything else is a usage error naming the option. Every date option reads through here,
    so they all accept the same dates and say the same thing about the rest."""
    from aitrack.errors import UsageError

    s = str(text).strip()
    if not _ISO.match(s):  # `unknown` too: check_iso takes it, an option cannot
        raise UsageError(f"{option}: '{s}' is not a date: use YYYY, YYYY-MM or YYYY-MM-DD")
    try:
        days = span(check_iso(s))
    except DateError as exc:
        raise UsageError(f"{option}: {exc}") from None
    assert days is not None  # an ISO date that passed check_iso always has a span
    return days


def add_months(d: date, months: int) -> date:
    month0 = d.month - 1 + months
    year, month = d.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Horizon:
    """A parsed horizon: an absolute due window (earliest..due), or one relative to when
    the forecast was made, in months or in calendar years ahead ("next year")."""

    due: date | None = None  # the latest day of an absolute window
    months_min: int | None = None
    months_max: int | None = None
    earliest: date | None = None  # the first day of an absolute window (None: due only)
    years_ahead: int | None = None

    def describe(self) -> str:
        """A relative horizon in words, e.g. 'within 18-24 months'."""
        if self.years_ahead is not None:
            return "the calendar year after" if self.years_ahead == 1 else f"{self.years_ahead} calendar years after"
        lo, hi = self.months_min, self.months_max
        if lo != hi:
            return f"within {lo}-{hi} months"
        return f"within {hi} month{'s' if hi != 1 else ''}"

    @property
    def window(self) -> tuple[date, date] | None:
        """(earliest, latest) of an absolute horizon; None for a relative one."""
        return (self.earliest or self.due, self.due) if self.due else None


_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "six": 6,
    "nine": 9,
    "twelve": 12,
    "eighteen": 18,
    "twenty-four": 24,
    "a": 1,
}
_REL = re.compile(
    r"\b(?:within|in|over|next|the next)\s+(?:the\s+next\s+)?(?P<a>\d+|one|two|three|four|six|nine|twelve|"
    r"eighteen|twenty-four|a)(?:\s*(?:-|–|to)\s*(?P<b>\d+))?\s+(?P<unit>months?|years?)\b",
    re.I,
)
_YEAR = r"(?P<y>(?:19|20)\d\d)"
# A two-digit year only after an apostrophe (Q4'24), so "H100" is a chip, not H1 2000.
_SHORT_YEAR = r"(?:\s*['’]\s*(?P<y>\d\d)|\s*(?P<yl>(?:19|20)\d\d))(?!\d)"
_PREP = r"(?:(?P<prep>by|before|until|through|in|during|around)\s+)?(?:the\s+)?"
# Periods a document names: a quarter, a half, a part of a year, or a whole year.
_QUARTER = re.compile(
    rf"\b{_PREP}(?:Q(?P<q>[1-4])|(?P<q2>[1-4])Q|(?P<qw>first|second|third|fourth)\s+quarter\s+(?:of\s+)?)"
    rf"(?:(?:\s*(?:of\s+)?){_SHORT_YEAR}|(?<=[1-4]Q)(?P<yq>\d\d)(?!\d))",
    re.I,
)
_HALF = re.compile(
    rf"\b{_PREP}(?:H(?P<h>[12])|(?P<h2>[12])H|(?P<hw>first|second)\s+half\s+(?:of\s+)?)"
    rf"(?:\s*(?:of\s+)?){_SHORT_YEAR}",
    re.I,
)
_PART = re.compile(
    rf"\b{_PREP}(?P<part>early|mid|middle\s+of|late|(?:the\s+)?end\s+of|beginning\s+of|start\s+of)"
    rf"[\s-]+(?:of\s+)?{_YEAR}\b",
    re.I,
)
_WHOLE = re.compile(rf"\b(?P<prep>by|before|until|through|in|during|around|for)\s+{_YEAR}\b(?!\s*[-–/]\d)", re.I)
_RANGE = re.compile(rf"\b{_YEAR}\s*[-–/]\s*(?P<y2>(?:19|20)?\d\d)\b(?!-\d)")
_EST = re.compile(r"\b(?P<y>20\d\d)E\b")
_NEXT_YEAR = re.compile(r"\b(?:next|the\s+coming|the\s+following)\s+year\b", re.I)
_DECADE = re.compile(r"\b(?:(?:the\s+)?next|within\s+a|in\s+a)\s+decade\b", re.I)
_QW = {"first": 1, "second": 2, "third": 3, "fourth": 4}
# Parts of a year as month ranges; "end of 2025" as a deadline is the year's last day.
_PARTS = {"early": (1, 4), "beginning": (1, 3), "start": (1, 3), "mid": (5, 8), "middle": (5, 8), "late": (9, 12)}


def _year(text: str) -> int:
    y = int(text)
    return y + 2000 if y < 100 else y


def _months(year: int, first: int, last: int) -> tuple[date, date]:
    return date(year, first, 1), date(year, last, calendar.monthrange(year, last)[1])


def _period(m: re.Match) -> tuple[date, date, bool]:
    """(first day, last day, is a whole year or a year's end) of a matched period."""
    groups = m.groupdict()
    written = groups.get("y") or groups.get("yl") or groups.get("yq")
    assert written, "every period pattern captures a year"
    year = _year(written)
    if groups.get("q") or groups.get("q2") or groups.get("qw"):
        q = int(m["q"] or m["q2"] or _QW[m["qw"].lower()])
        return (*_months(year, 3 * q - 2, 3 * q), False)
    if groups.get("h") or groups.get("h2") or groups.get("hw"):
        h = int(m["h"] or m["h2"] or _QW[m["hw"].lower()])
        return (*_months(year, 6 * h - 5, 6 * h), False)
    if groups.get("part"):
        word = m["part"].lower().replace("the", "").split()[0].rstrip("-")
        if word == "end":
            return date(year, 12, 31), date(year, 12, 31), True
        return (*_months(year, *_PARTS[word]), False)
    return date(year, 1, 1), date(year, 12, 31), True


def _range_end(m: re.Match) -> int:
    """The last year of '2026-2027' or '2026-27' ('2024-05', a month, ends before it starts)."""
    end = m["y2"]
    return int(end) if len(end) == 4 else int(m["y"]) // 100 * 100 + int(end)


def _absolute(text: str) -> Horizon | None:
    """The first period the text names, read with its preposition: `before P` ends the
    day before P, `by P` for a year (or a year's end) is that year's last day, and any
    other period is a window over P."""
    if _ISO.fullmatch(text.strip()):
        try:
            days = span(check_iso(text.strip()))
        except DateError:
            days = None
        if days:
            return Horizon(due=days[1], earliest=days[0] if days[0] != days[1] else None)
    found = [m for rx in (_QUARTER, _HALF, _PART, _WHOLE, _EST, _RANGE) if (m := rx.search(text))]
    found = [m for m in found if m.re is not _RANGE or _range_end(m) > int(m["y"])]
    if not found:
        return None
    m = min(found, key=lambda x: x.start())
    first, last, whole = _period(m)
    prep = (m.groupdict().get("prep") or "").lower()
    if prep == "before":
        return Horizon(due=first - timedelta(days=1))
    if m.re is _RANGE:
        return Horizon(due=date(_range_end(m), 12, 31), earliest=first)
    if whole and (prep in ("by", "until", "through") or m.re is _EST):
        return Horizon(due=last)
    return Horizon(due=last, earliest=first if first != last else None)


def parse_horizon(text: str) -> Horizon | None:
    """Read a horizon as written. Absolute forms give a due window; relative ones give
    months or calendar years after the forecast was made."""
    if not text:
        return None
    if found := _absolute(text):
        return found
    if m := _REL.search(text):
        a = _WORDS[m["a"].lower()] if not m["a"].isdigit() else int(m["a"])  # the pattern takes only these words
        b = int(m["b"]) if m["b"] else a
        scale = 12 if m["unit"].lower().startswith("year") else 1
        if b * scale > 1200:  # a century or more is no deadline
            return None
        return Horizon(months_min=a * scale, months_max=b * scale)
    if _NEXT_YEAR.search(text):
        return Horizon(years_ahead=1)
    if _DECADE.search(text):
        return Horizon(months_min=120, months_max=120)
    return None


def find_horizons(text: str) -> list[tuple[int, int, str, Horizon]]:
    """Every horizon phrase in a text, in order, without overlaps: (start, end, phrase,
    horizon). A sentence may hold several deadlines ("the MI350 in 2025 and the MI400
    in 2026"), each its own prediction."""
    found = []
    for rx in (_QUARTER, _HALF, _PART, _WHOLE, _EST, _RANGE, _REL, _NEXT_YEAR, _DECADE):
        for m in rx.finditer(text):
            phrase = m.group().strip()
            horizon = parse_horizon(phrase)
            if horizon is not None:
                found.append((m.start(), m.end(), phrase, horizon))
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    out: list[tuple[int, int, str, Horizon]] = []
    for item in found:
        if not out or item[0] >= out[-1][1]:
            out.append(item)
        elif item[1] - item[0] > out[-1][1] - out[-1][0] and item[0] == out[-1][0]:
            out[-1] = item
    return out


def due_window(horizon: Horizon | None, made: tuple[date, date] | None) -> tuple[date, date] | None:
    """The earliest and latest possible deadline, given when the forecast was made."""
    if horizon is None:
        return None
    if horizon.due:
        return horizon.window
    if made is None:
        return None
    if horizon.years_ahead is not None:
        return date(made[0].year + horizon.years_ahead, 1, 1), date(made[1].year + horizon.years_ahead, 12, 31)
    return add_months(made[0], horizon.months_min or 0), add_months(made[1], horizon.months_max or 0)


def parse_day(text: str) -> date:
    """A full ISO day, for --today and --on."""
    try:
        return date.fromisoformat(str(text))
    except ValueError as exc:
        raise DateError(f"'{text}' is not a day: use YYYY-MM-DD") from exc
