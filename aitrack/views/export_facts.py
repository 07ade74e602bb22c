"""The SQLite facts table: every fact of every field through time (history included),
with its grade and citation, so "what did aitrack believe on a day" is one query.
`field` is the machine name (memory_GB), as in the citations table."""

from __future__ import annotations

from typing import Any

from aitrack.dataset.fields import spec
from aitrack.dataset.shape import iso
from aitrack.vocab import CITED_KINDS

FACT_COLUMNS = (
    "entity TEXT NOT NULL REFERENCES entities(id)",
    "field TEXT NOT NULL",
    "value TEXT",  # as the source wrote it
    "number REAL",
    "unit TEXT",
    "approx INTEGER",  # quantities: in the unit of the kind table's column
    "as_of TEXT",
    "as_of_precision TEXT",  # the first ISO day of the period + year/month/day; NULL when unknown
    "valid_from TEXT",
    "valid_until TEXT",  # ISO days: from as_of to the next fact of the field
    "as_of_basis TEXT",
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
    """One row per fact, history included: `WHERE valid_from <= :day AND (valid_until IS NULL
    OR valid_until > :day)` is what aitrack believed on that day."""
    from datetime import date

    from aitrack.dataset.trust import as_of_start
    from aitrack.quantity import unit_factor
    from aitrack.store.history import all_facts

    db.execute(f"CREATE TABLE facts ({', '.join(FACT_COLUMNS)})")
    rows = []
    for kind in CITED_KINDS:
        for rec in cat.kind(kind):
            facts = [(name, f) for name, f in all_facts(rec) if name != "events"]
            for i, (name, fact) in enumerate(facts):
                s, value = spec(kind, name), fact["value"]
                number = unit = approx = None
                if isinstance(value, dict) and "unit" in value:
                    unit = s.unit if s else value["unit"]
                    number, approx = value["value"] / unit_factor(unit), int(value["approx"])
                    value = value["text"]
                elif isinstance(value, bool):
                    value = "true" if value else "false"
                start = as_of_start(fact)
                later = [as_of_start(g) for n, g in facts[i + 1 :] if n == name and "current" in g]
                until = later[0].isoformat() if later and "current" in fact else None
                rows.append(
                    (
                        rec["id"],
                        s.key if s else name,
                        str(value),
                        number,
                        unit,
                        approx,
                        *iso(fact.get("as_of")),
                        None if start == date.min else start.isoformat(),
                        until,
                        fact.get("as_of_basis"),
                        fact.get("confidence"),
                        fact.get("reliability"),
                        fact.get("note"),
                        fact.get("derived"),
                        fact["source"],
                        fact.get("quote"),
                        fact.get("locator"),
                        int(fact.get("current", True)),
                    )
                )
    db.executemany(f"INSERT INTO facts VALUES ({', '.join('?' * len(FACT_COLUMNS))})", rows)
    db.execute("CREATE INDEX facts_entity_field ON facts(entity, field)")
    db.execute("CREATE INDEX facts_source ON facts(source)")
