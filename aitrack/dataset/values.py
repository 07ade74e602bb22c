"""Does a fact's value appear in its quote? Quantities are compared as numbers in base
units (`192GB` = `192 GB`, `6TB/second` = `6 TB/s`, `$40-60B`, `900,000 … cores`),
dates by what they name (`2024-05` = "May 2024"), booleans against a short word list.
Text values may paraphrase (the quote stands beside them) and are not compared."""

from __future__ import annotations

import contextlib
import math
import re
from typing import Any

from aitrack import quantity
from aitrack.dates import MONTHS

_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+"
_CANDIDATE = re.compile(
    rf"(?<![\w.,])(?P<sign>[-−](?=[\d$]))?(?P<cur>\$\s?)?(?P<num>{_NUM})(?:\s?(?:-|–|to)\s?\$?(?P<num2>{_NUM}))?(?![\d])"
)
_TAIL_TOKEN = re.compile(r"\s*([^\s]+)")
# Spellings documents use for units that the quantity grammar writes one way.
_UNIT_SPELLINGS = [
    (re.compile(r"/(?:second|sec)\b", re.I), "/s"),
    (re.compile(r"\s*\bper second\b", re.I), "/s"),
    (re.compile(r"\bTFLOPs\b"), "TFLOPS"),
    # "405-billion-parameter" is 405 billion parameters (docs/curation.md, value rules)
    (re.compile(r"^[-–]"), ""),
    (re.compile(r"(?<=\w)-(?=[A-Za-z])"), " "),
    (re.compile(r"\bparameter\b"), "parameters"),
]
# Words that state a boolean field's value, per field; a field not listed is exempt.
BOOL_WORDS = {
    "open_weights": {
        True: r"open[- ]?(?:source|weights?)|open(?:ly)? (?:release|available)|released? (?:the |its )?weights"
        r"|weights are (?:public|available|downloadable|published)|downloadable|apache|mit licen[cs]e",
        False: r"closed|proprietary|not (?:been )?(?:open|released)|eventually release|api[- ]only",
    },
}


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def _normal_unit(text: str) -> str:
    for pattern, repl in _UNIT_SPELLINGS:
        text = pattern.sub(repl, text)
    return text.rstrip(".,;:)]'\"")


def quantities_in(text: str) -> list[quantity.Quantity]:
    """Every quantity a sentence states, read with up to three words of unit after each
    number (and the bare number), in every dimension the grammar accepts."""
    found: list[quantity.Quantity] = []
    for m in _CANDIDATE.finditer(text):
        tail_tokens = []
        pos = m.end()
        for _ in range(3):
            t = _TAIL_TOKEN.match(text, pos)
            if not t:
                break
            tail_tokens.append(t.group(1))
            pos = t.end()
        cur = ("-" if m["sign"] else "") + ("$" if m["cur"] else "")
        tails = [""] + [" ".join(tail_tokens[:k]) for k in range(1, len(tail_tokens) + 1)]
        nums = [m["num"] + f"-{m['num2']}", m["num"]] if m["num2"] else [m["num"]]
        for num in nums:  # the bare first number only when no reading as a range works
            before = len(found)
            for tail in tails:
                unit = _normal_unit(tail)
                if not unit and tail:
                    continue
                with contextlib.suppress(quantity.QuantityError):  # not every tail is a unit
                    found.append(quantity.parse(f"{cur}{num} {unit}".strip()))
            if len(found) > before:
                break
    return found


def quantity_in(value: dict, quote: str) -> bool:
    """A parsed quantity (as_dict) appears in the quote: same dimension, same number(s).
    Counts match the bare number ("900,000 AI-optimized cores")."""
    dim = _dim(value["unit"])
    for q in quantities_in(quote):
        if dim == "count" and q.dim == "bytes" and re.search(r"\d\s?B$", q.text):
            q = quantity.Quantity(q.value, "count", text=q.text)  # "37B are active": 37 billion, not bytes
        if dim == "count" and q.dim not in ("count",):
            continue
        if q.dim != dim:
            continue
        if _same(q.value, float(value["value"])) and _same(q.high, _f(value.get("high"))):
            return True
    return False


def _f(v: Any) -> float | None:
    return None if v is None else float(v)


def _dim(unit: str) -> str:
    return next(d for d, u in quantity.BASE.items() if u == unit)


def date_in(value: str, quote: str) -> bool:
    """An ISO date of any precision named in the quote: `2024-05` as "2024-05", "May 2024"
    or "May 13, 2024"; `2024` as the year; a day as "13 May 2024" or "May 13, 2024"."""
    if value == "unknown":
        return True
    parts = value.split("-")
    if re.search(rf"(?<!\d){re.escape(value)}(?!\d)", quote):
        return True
    if len(parts) == 1:
        return False
    name = MONTHS[int(parts[1]) - 1]
    month = rf"(?:{name}|{name[:3]}\.?)"
    year = parts[0]
    if len(parts) == 2:
        pattern = rf"\b{month}\s+(?:\d{{1,2}}(?:st|nd|rd|th)?,?\s+)?{year}\b|\b\d{{1,2}}\s+{month}\s+{year}\b"
    else:
        day = str(int(parts[2]))
        pattern = rf"\b{month}\s+{day}(?:st|nd|rd|th)?,?\s+{year}\b|\b{day}(?:st|nd|rd|th)?\s+{month},?\s+{year}\b"
    return re.search(pattern, quote, re.I) is not None


def number_in(value: float, quote: str) -> bool:
    """A plain number (a score) written in the quote."""
    return any(_same(q.value, float(value)) for q in quantities_in(quote) if q.dim == "count")


def bool_in(field: str, value: bool, quote: str) -> bool:
    words = BOOL_WORDS.get(field)
    if words is None:
        return True
    return re.search(rf"\b(?:{words[value]})", quote, re.I) is not None


def mismatch(kind: str, field_type: str, field: str, value: Any, quote: str) -> str | None:
    """Why value is not in quote, or None when it is (or the type is exempt)."""
    shown: Any  # the value as the message quotes it
    if field_type == "quantity" and isinstance(value, dict):
        ok, shown = quantity_in(value, quote), value.get("text", value["value"])
    elif field_type == "date":
        ok, shown = date_in(str(value), quote), value
    elif field_type in ("score", "sentiment"):
        ok, shown = number_in(value, quote), value
    elif field_type == "bool" and value == "unknown":
        return None  # an explicit unknown states nothing to find in the quote
    elif field_type == "bool":
        ok, shown = bool_in(field, bool(value), quote), str(value).lower()
    else:
        return None
    if ok:
        return None
    short = " ".join(quote.split())
    short = short if len(short) <= 90 else short[:87] + "..."
    hint = ("no word in it says " + shown) if field_type == "bool" else "not found in it"
    return (
        f"value '{shown}' does not match its quote \"{short}\" ({hint}); correct the value, "
        'or say how it was obtained with derived: "..."'
    )
