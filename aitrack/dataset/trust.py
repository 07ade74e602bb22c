"""Trust: each fact's reliability (its source's, or its section's), its `as_of` (when it
was reported: given, or the source's date; when it held is valid.py's), its confidence
(set by hand with a reason, or derived from the reliability and hedge words), conflicts
between facts of the same dates, and each field's history folded into its current fact.

After `normalise`, record[field] is the field's current fact (the shape every reader
has always seen) and record["history"][field] lists every fact of a field written as a
list, oldest first, each flagged `current`.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

from aitrack.kinds import fold
from aitrack.vocab import CITED_KINDS, CONFIDENCE_RANK, CONFIDENCES

# How far from "confident" a source's reliability starts; an ungraded source is not
# trusted to be confident.
_START = {"primary": 0, "reporting": 0, "analysis": 1, "opinion": 1, "ai-generated": 2, None: 1}
HEDGES = (
    r"\b(reportedly|reports of|rumou?r(?:s|ed)?|allegedly|may|might|could|likely|possibly|perhaps|"
    r"expected to|aims? to|aiming to|intends? to|plans? to|potential(?:ly)?|speculat\w*|unconfirmed)\b"
)


@functools.lru_cache(maxsize=1)
def _hedges():
    """Compiled on first use: a warm command that never grades pays nothing for it."""
    import re

    return re.compile(HEDGES, re.I)


# Substrings every hedge contains: a quote with none of them needs no regex (most don't).
_HEDGE_HINTS = (
    "report",
    "rumo",
    "alleged",
    "may",
    "might",
    "could",
    "likely",
    "possib",
    "perhaps",
    "expect",
    "aim",
    "intend",
    "plan",
    "potential",
    "speculat",
    "unconfirmed",
)


@functools.lru_cache(maxsize=8192)  # one quote often backs several facts of a record
def hedge(text: str) -> str | None:
    """The first hedge word in text ("reportedly", "may", "could", ...), or None."""
    low = text.lower()
    if not any(h in low for h in _HEDGE_HINTS):
        return None
    m = _hedges().search(text)
    return m.group(0) if m else None


# Fields that may hold a list of dated facts (schema.History).
HISTORY_TYPES = ("text", "date", "bool", "quantity")


def history_fields(kind: str) -> list[str]:
    from aitrack.dataset.fields import SPECS

    return [s.name for s in SPECS.get(kind, []) if s.type in HISTORY_TYPES]


def fact_paths(rec: dict) -> Iterator[tuple[tuple, dict]]:
    """Every (YAML path, fact) of a record: mappings with a value and a source."""
    for key, value in rec.items():
        if key in ("cite", "history") or not isinstance(value, (dict, list)):
            continue
        items = enumerate(value) if isinstance(value, list) else [(None, value)]
        for i, item in items:
            if isinstance(item, dict) and "source" in item and "value" in item:
                yield ((key,) if i is None else (key, i)), item


def as_of_start(fact: dict) -> date:
    """The first day a fact's as_of covers; unknown sorts before every date."""
    from aitrack import dates  # here, not at import: dates compiles its horizon grammar

    s = dates.span(fact.get("as_of") or "unknown")
    return s[0] if s else date.min


def valid_start(fact: dict) -> date:
    """The first day a fact held in the world (valid.py); unknown sorts before every date."""
    from aitrack import dates

    s = dates.span(fact.get("valid_from") or "unknown")
    return s[0] if s else date.min


def order_key(fact: dict) -> tuple:
    """The later fact wins (by valid time, then by report), then one not superseded, then
    higher confidence."""
    return (
        valid_start(fact),
        as_of_start(fact),
        not fact.get("superseded", False),
        -CONFIDENCE_RANK.get(fact.get("confidence") or "", 1),
    )


def current(facts: list[dict]) -> dict | None:
    return max(facts, key=order_key) if facts else None


class Sections:
    """The graded sections of one source, matched by locator or by heading position."""

    def __init__(self, src: dict, text: str | None, fold_quote: Callable[[str], str]):
        self.src, self.text, self.fold_quote = src, text, fold_quote
        self.by_locator = [s for s in src.get("sections", []) if s.get("locator")]
        self.headings: list[tuple[int, dict]] = []
        for sec in src.get("sections", []):
            if sec.get("heading") and text is not None:
                pos = text.find(fold_quote(sec["heading"]))
                if pos >= 0:
                    self.headings.append((pos, sec))
        self.headings.sort(key=lambda p: p[0])

    def find(self, cite: dict) -> dict | None:
        loc = fold(cite.get("locator") or "")
        for sec in self.by_locator:
            if loc and loc.startswith(fold(sec["locator"])):
                return sec
        if self.headings and self.text is not None and cite.get("quote"):
            pos = self.text.find(self.fold_quote(cite["quote"]))
            found = None
            for start, sec in self.headings:
                if 0 <= start <= pos:
                    found = sec
            return found
        return None


def annotate(recs: dict[str, dict], sections_of: Callable[[dict], Sections], problem: Any) -> None:
    """Fill reliability, section, as_of and confidence on every fact and prediction."""
    cache: dict[str, Sections] = {}

    def grade(cite: dict) -> tuple[str | None, dict | None, dict]:
        src = recs.get(cite["source"]) or {}
        if src.get("kind") != "source":
            return None, None, src
        if src["id"] not in cache:
            cache[src["id"]] = sections_of(src)
        sec = cache[src["id"]].find(cite)
        return (sec or src).get("reliability") or src.get("reliability"), sec, src

    for rec in recs.values():
        if rec["kind"] == "source":
            continue
        if rec["kind"] == "prediction":
            rel, sec, src = grade(rec)
            _set_reliability(rec, rel, sec)
            _check_by(rec, rel, sec, src, problem)
            continue
        for cite in rec.get("cite", []):
            _set_as_of(cite, recs.get(cite["source"]) or {})
        for _path, fact in fact_paths(rec):
            rel, sec, src = grade(fact)
            _set_reliability(fact, rel, sec)
            if sec and sec.get("valid_from") and not fact.get("valid_from"):  # a table headed "(2024)"
                fact["valid_from"], fact["valid_basis"] = sec["valid_from"], "section"
            _set_as_of(fact, src)
            _set_confidence(fact, rel)


def _set_reliability(item: dict, rel: str | None, sec: dict | None) -> None:
    item["reliability"] = rel
    if sec:
        item["section"] = sec.get("heading") or sec.get("locator")
        if sec.get("by"):
            item["speaker"] = sec["by"]


def _set_as_of(fact: dict, src: dict) -> None:
    if fact.get("as_of"):
        fact["as_of_basis"] = "given"
    elif src.get("published", "unknown") != "unknown":
        fact["as_of"], fact["as_of_basis"] = src["published"], "published"
    elif src.get("published_inferred"):
        inf = src["published_inferred"]
        fact["as_of"], fact["as_of_latest"], fact["as_of_basis"] = inf["earliest"], inf["latest"], "inferred"
    else:
        fact["as_of"], fact["as_of_basis"] = "unknown", "unknown"


def _set_confidence(fact: dict, rel: str | None) -> None:
    if fact.get("confidence"):
        return  # set by hand; the schema demands confidence_reason with it
    step = _START.get(rel, 1)
    why = [f"{rel} source" if rel else "ungraded source"]
    value = fact.get("value")
    hedged = hedge(fact.get("quote") or "") or (hedge(value) if isinstance(value, str) else None)
    if hedged:
        step += 1
        why.append(f"hedged ('{hedged}')")
    if fact.get("inferred"):
        step += 1
        why.append("inferred")
    fact["confidence"] = CONFIDENCES[min(step, len(CONFIDENCES) - 1)]
    fact["confidence_reason"] = sys.intern("derived: " + ", ".join(why))  # a handful of distinct reasons


def _check_by(pred: dict, rel: str | None, sec: dict | None, src: dict, problem: Any) -> None:
    """A prediction in a section the outlet only hosts must name who actually speaks."""
    if rel != "ai-generated" or not src:
        return
    outlet = {fold(x) for x in (src.get("outlet"), src.get("name"), src["id"], *src.get("aliases", [])) if x}
    if fold(pred.get("by", "")) in outlet:
        who = (sec or {}).get("by") or src.get("by") or "the AI-generated analysis"
        problem(
            pred["id"],
            ("by",),
            "by",
            f"'{pred['by']}' only hosts this part of '{src['id']}', which is ai-generated; by should name who speaks ({who})",
        )


def _value_key(fact: dict) -> Any:
    v = fact.get("value")
    if isinstance(v, dict) and "unit" in v:
        return (v["value"], v.get("high"), v["unit"])
    return fold(str(v))


def _replaces(a: dict, b: dict) -> bool:
    """a is marked as superseding b (by b's source id or b's value as written)."""
    mark = a.get("supersedes")
    if not mark:
        return False
    bv = b.get("value")
    written = bv.get("text") if isinstance(bv, dict) else str(bv)
    return fold(mark) in (fold(b["source"]), fold(str(written)))


def normalise(recs: dict[str, dict], problem: Any) -> None:
    """Conflicts reported; each history list folded to record[field] = current fact."""
    for rid, rec in recs.items():
        if rec["kind"] not in CITED_KINDS:
            continue
        for name in history_fields(rec["kind"]):
            facts = rec.get(name)
            if not isinstance(facts, list):
                continue
            for i, a in enumerate(facts):
                for j, b in enumerate(facts[:i]):
                    same_time = a.get("as_of") == b.get("as_of") and a.get("valid_from") == b.get("valid_from")
                    if not same_time or _value_key(a) == _value_key(b):
                        continue
                    if _replaces(a, b):
                        b["superseded"] = True
                    elif _replaces(b, a):
                        a["superseded"] = True
                    else:
                        problem(
                            rid,
                            (name, i),
                            f"{name}.{i}",
                            f"conflict: '{_written(a)}' and '{_written(b)}' (item {j}) are both as of {a.get('as_of')}; "
                            "mark the newer one `supersedes: <source id or value>`",
                        )
            facts.sort(key=order_key)
            top = facts[-1]
            for f in facts:
                f["current"] = f is top
            rec[name] = top
            rec.setdefault("history", {})[name] = facts


def _written(fact: dict) -> str:
    v = fact.get("value")
    return v.get("text", "") if isinstance(v, dict) else str(v)
