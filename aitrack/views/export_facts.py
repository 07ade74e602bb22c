"""The SQLite facts table: every fact of every field through time (history included),
with its two times, its grade and citation, so both questions are one query each: what
held on a day (valid_from/valid_until) and what the sources had said by a day (as_of).
`field` is the machine name (memory_GB), as in the citations table."""

from __future__ import annotations

from typing import Any

from aitrack.dataset.fields import spec
from aitrack.dataset.shape import iso
from aitrack.vocab import CITED_KINDS

FACT_COLUMNS = (
    "entity TEXT NOT NULL REFERENCES entities(id)",
    "field TEXT NOT NULL",
    "value TEXT",  # as the source wrote it; NULL when stated unknown
    "number REAL",
    "unit TEXT",
    "approx INTEGER",  # quantities: in the unit of the kind table's column
    "as_of TEXT",
    "as_of_precision TEXT",  # the first ISO day of the period + year/month/day; NULL when unknown
    "valid_from TEXT",  # ISO days: when it held in the world; NULL when unknown
    "valid_until TEXT",  # the first day it no longer held: given, or the field's next fact
    "as_of_basis TEXT",
    "valid_basis TEXT",
    "confidence TEXT",
    "reliability TEXT",
    "note TEXT",
    "derived TEXT",
    "source TEXT REFERENCES sources(id)",
    "quote TEXT",
    "locator TEXT",
    "current INTEGER NOT NULL",
)


def facts_table(db: Any, cat: Any) -> None:
    """One row per fact, history included. What held on a day: `WHERE valid_from <= :day
    AND (valid_until IS NULL OR valid_until > :day)`; what the sources had said by then:
    `WHERE as_of <= :day` (the latest valid_from per field wins)."""
    from aitrack.dataset.trust import history_fields, valid_start
    from aitrack.quantity import unit_factor
    from aitrack.store.history import LIST_FIELDS, facts_of, valid_until

    db.execute(f"CREATE TABLE facts ({', '.join(FACT_COLUMNS)})")
    rows = []
    for kind in CITED_KINDS:
        for rec in cat.kind(kind):
            for name in (*history_fields(kind), *LIST_FIELDS):
                facts = facts_of(rec, name)
                for i, fact in enumerate(facts):
                    rows.append(
                        _row(rec["id"], kind, name, fact, valid_start(fact), valid_until(facts, i), unit_factor)
                    )
    db.executemany(f"INSERT INTO facts VALUES ({', '.join('?' * len(FACT_COLUMNS))})", rows)
    db.execute("CREATE INDEX facts_entity_field ON facts(entity, field)")
    db.execute("CREATE INDEX facts_source ON facts(source)")


def _row(rid: str, kind: str, name: str, fact: dict, start: Any, until: Any, unit_factor: Any) -> tuple:
    from datetime import date

    s, value = spec(kind, name), fact["value"]
    number = unit = approx = None
    if isinstance(value, dict) and "unit" in value:
        unit = s.unit if s else value["unit"]
        number, approx = value["value"] / unit_factor(unit), int(value["approx"])
        value = value["text"]
    elif isinstance(value, bool):
        value = "true" if value else "false"
    return (
        rid,
        s.key if s else name,
        None if value == "unknown" else str(value),  # a stated unknown is NULL, as in its kind's table
        number,
        unit,
        approx,
        *iso(fact.get("as_of")),
        None if start == date.min else start.isoformat(),
        until.isoformat() if until else None,
        fact.get("as_of_basis"),
        fact.get("valid_basis"),
        fact.get("confidence"),
        fact.get("reliability"),
        fact.get("note"),
        fact.get("derived"),
        fact["source"],
        fact.get("quote"),
        fact.get("locator"),
        int(fact.get("current", True)),
    )
