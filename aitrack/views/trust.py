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
    """Every value each field has had, oldest first, with its date, grade and source."""
    from aitrack.store.history import all_facts

    rows = []
    for name, fact in all_facts(rec):
        if name == "events":
            continue
        when = fact.get("as_of", "unknown")
        if fact.get("as_of_basis") == "inferred" and fact.get("as_of_latest"):
            when = f"{when}..{fact['as_of_latest']}"
        current = "" if "current" not in fact else ("yes" if fact["current"] else "")
        value = fact_text(fact["value"]) + (f" ({fact['role']})" if fact.get("role") else "")
        rows.append(
            [
                name,
                when,
                Cell(value, value, style(fact.get("confidence"))),
                fact.get("confidence"),
                fact.get("reliability"),
                current,
                notes.mark([fact]),
            ]
        )
    return Sheet(
        ["field", "as of", "value", "confidence", "reliability", "current", "source"],
        rows,
        title="history",
        optional=[4, 5],
    )  # on a narrow terminal: the grade stays, its basis goes first
