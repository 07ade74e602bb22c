"""How trust shows: confidence marks and their legend, caveat footnotes (a value's note,
derivation and grade travel with it), and a field's history."""

from __future__ import annotations

from typing import Any

from aitrack.views.render import Cell, Sheet

MARK = {"speculative": "?"}
LEGEND = (
    "? speculative: an AI-generated or opinion source, or hedged wording "
    "('reportedly', 'may', 'could'); every value's grade: show ID --history or -f json"
)


def mark(confidence: str | None) -> str:
    return MARK.get(confidence or "", "")


def style(confidence: str | None) -> str:
    return "dim" if confidence == "speculative" else ""


def fact_text(value: Any) -> str:
    """A fact's value as the source wrote it: quantities as written, yes/no for booleans."""
    if isinstance(value, dict) and "text" in value:
        return value["text"]
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(value)
    return "" if value is None else str(value)


class Caveats:
    """Footnotes for notes and derivations, marked *1, *2 … in the order first used."""

    def __init__(self) -> None:
        self.items: list[str] = []

    def mark(self, who: str, field: str, note: str | None, derived: str | None) -> str:
        parts = [p for p in (note and " ".join(note.split()), derived and f"derived: {derived}") if p]
        if not parts:
            return ""
        self.items.append(f"{who} {field}: " + "; ".join(parts))
        return f"*{len(self.items)}"

    def lines(self) -> list[str]:
        return [f"*{i} {text}" for i, text in enumerate(self.items, 1)]


def history_sheet(rec: dict, notes: Any) -> Sheet:
    """Every value each field has had, oldest first, with when it held (valid from, until),
    when it was reported (as of), its grade and source; `current` marks the one shown."""
    from aitrack.dataset.trust import history_fields
    from aitrack.store.history import LIST_FIELDS, facts_of, valid_until

    rows = []
    for name in (*history_fields(rec["kind"]), *LIST_FIELDS):
        facts = facts_of(rec, name)
        for i, fact in enumerate(facts):
            when = fact.get("as_of", "unknown")
            if fact.get("as_of_basis") == "inferred" and fact.get("as_of_latest"):
                when = f"{when}..{fact['as_of_latest']}"
            until = valid_until(facts, i)
            current = "" if "current" not in fact else ("yes" if fact["current"] else "")
            value = fact_text(fact["value"]) + (f" ({fact['role']})" if fact.get("role") else "")
            rows.append(
                [
                    name,
                    f"{fact.get('valid_from', 'unknown')} ({fact.get('valid_basis', 'unknown')})",
                    until.isoformat() if until else "",
                    when,
                    Cell(value, value, style(fact.get("confidence"))),
                    fact.get("confidence"),
                    fact.get("reliability"),
                    current,
                    notes.mark([fact]),
                ]
            )
    return Sheet(
        ["field", "valid from", "until", "reported", "value", "confidence", "reliability", "current", "source"],
        rows,
        title="history",
        optional=[6, 7, 2],
    )  # on a narrow terminal: the grade stays, its basis goes first


# What "not yet" means for an entity of a kind with no release date.
_BORN = {"prediction": "made", "source": "published"}

# A value the sources have but a --min-confidence view hides: not "—" (nothing in the sources).
HIDDEN = "(hidden)"
HIDDEN_LEGEND = (
    f"{HIDDEN} a value the view hides (below --min-confidence, or not yet valid or reported on its date); "
    "— nothing in the sources"
)


def scope_line(view: Any, kind: str | None, listing: bool = True) -> str:
    """What a time or confidence view is and what it left out, in one line: 'as of
    2025-01-01: 2 chips not yet released left out; 3 values below 'likely' hidden'.
    listing: a list (which counts the entities it left out), not show or compare."""
    from aitrack.dataset.valid import SPEC_KINDS

    what = []
    if view.on is not None:
        what.append(f"as of {view.on}")
    if view.known_by is not None:
        what.append(f"as the sources had reported it by {view.known_by}")
    if view.min_confidence:
        what.append(f"values at least '{view.min_confidence}'")
    told = []
    plural = f"{kind}s" if kind else "entities"

    def many(n: int, one: str) -> str:
        return f"{n} {one if n == 1 else plural}"

    if view.on is not None or view.known_by is not None:
        born = "released" if kind in SPEC_KINDS else _BORN.get(kind or "", "known to exist")
        why = "not yet " + " or ".join(
            w for w, asked in ((born, view.on is not None), ("reported", view.known_by is not None)) if asked
        )
        if listing:
            told.append(f"{many(view.not_yet, kind or 'entity')} {why} left out")
        if view.undated:
            told.append(f"{many(view.undated, kind or 'entity')} of unknown date shown as known now")
    if view.later:
        later = " or ".join(w for w, asked in (("valid", view.on), ("reported", view.known_by)) if asked is not None)
        told.append(f"{view.later} value{'' if view.later == 1 else 's'} not yet {later} hidden")
    if view.min_confidence:
        told.append(f"{view.hidden} value{'' if view.hidden == 1 else 's'} below '{view.min_confidence}' hidden")
    return ", ".join(what) + (": " + "; ".join(told) if told else "")
