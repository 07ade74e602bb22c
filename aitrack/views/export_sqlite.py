"""The SQLite export: a table per kind, foreign keys, a citations table, every fact
through time (the facts table), the fingerprint."""

from __future__ import annotations

import json
import os
import sqlite3
from typing import Any

from aitrack.dataset.fields import SPECS, csv_header
from aitrack.kinds import KIND_NAMES


def _column_type(spec_type: str) -> str:
    return {"quantity": "REAL", "sentiment": "REAL", "bool": "INTEGER", "score": "REAL"}.get(spec_type, "TEXT")


_REFS = {"vendor": "labs", "lab": "labs", "parent": "labs", "maker": "labs", "source": "sources"}


def write_sqlite(cat: Any, path: str) -> None:
    """A database built in a temporary file and renamed over path when complete. Columns
    are the listing's (the flat records), numbers in the unit their name carries."""
    from aitrack.dataset.check import citations
    from aitrack.errors import WriteError
    from aitrack.curate.writer import destination, install, temp_beside

    dest = destination(path, new_ok=True)  # a symlink written through, a device refused
    fd, tmp = temp_beside(dest.path)
    os.close(fd)
    try:
        db = sqlite3.connect(tmp)
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
        from aitrack import __version__

        db.executemany("INSERT INTO meta VALUES (?, ?)", [("aitrack", __version__), ("fingerprint", cat.fingerprint),
                                                          ("counts", json.dumps(cat.counts()))])
        db.execute("CREATE TABLE entities (id TEXT PRIMARY KEY, kind TEXT NOT NULL, name TEXT NOT NULL)")
        db.executemany("INSERT INTO entities VALUES (?, ?, ?)",
                       [(r["id"], k, r["name"]) for k in KIND_NAMES for r in cat.kind(k)])
        for kind in KIND_NAMES:
            table = f"{kind}s"
            specs = [s for s in SPECS[kind] if s.type not in ("refs",)]
            cols = ["id TEXT PRIMARY KEY REFERENCES entities(id)", "name TEXT NOT NULL", "aliases TEXT", "tags TEXT"]
            for s in specs:
                ref = f" REFERENCES {_REFS[s.name]}(id)" if s.type == "ref" and s.name in _REFS else ""
                cols.append(f"{csv_header(s)} {_column_type(s.type)}{ref}")
            extra = ["source TEXT REFERENCES sources(id)", "quote TEXT"] if kind == "prediction" else []
            db.execute(f"CREATE TABLE {table} ({', '.join(cols + extra + ['record TEXT NOT NULL'])})")
            rows = []
            for r, f in zip(cat.kind(kind), cat.kind(kind, slim=True)):
                # a reference written "unknown" (no source names one) is NULL, not a dangling key
                values = [None if s.type == "ref" and f.get(s.name) == "unknown" else _sql(f.get(s.name)) for s in specs]
                tail = [r["source"], r["quote"]] if kind == "prediction" else []
                rows.append([r["id"], r["name"], json.dumps(r.get("aliases", [])), json.dumps(r.get("tags", []))]
                            + values + tail + [json.dumps(r, ensure_ascii=False)])
            marks = ", ".join("?" * len(rows[0])) if rows else ""
            if rows:
                db.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
        db.execute("CREATE TABLE prediction_subjects (prediction TEXT REFERENCES predictions(id), "
                   "subject TEXT REFERENCES entities(id))")
        db.executemany("INSERT INTO prediction_subjects VALUES (?, ?)",
                       [(p["id"], s) for p in cat.kind("prediction") for s in p.get("subjects", [])])
        db.execute("CREATE TABLE citations (entity TEXT REFERENCES entities(id), field TEXT, "
                   "source TEXT REFERENCES sources(id), quote TEXT, locator TEXT, note TEXT, derived TEXT, "
                   "reliability TEXT, confidence TEXT, as_of TEXT)")
        db.executemany("INSERT INTO citations VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", [
            (r["id"], ".".join(map(str, p)) or "statement", c["source"], c.get("quote"), c.get("locator"),
             c.get("note"), c.get("derived"), c.get("reliability"), c.get("confidence"), c.get("as_of"))
            for k in KIND_NAMES for r in cat.kind(k) for p, c in citations(r)])
        _facts_table(db, cat)
        db.commit()
        problems = db.execute("PRAGMA foreign_key_check").fetchall()
        db.close()
        if problems:
            raise WriteError(f"export would have dangling references: {problems[:3]}")
        install(tmp, dest)  # with the umask's mode (mkstemp made it 0600) and fsync
    except (OSError, sqlite3.Error) as exc:
        raise WriteError(f"cannot write {path}: {exc}") from None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _sql(value: Any) -> Any:
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return int(value)
    return value


FACT_COLUMNS = (
    "entity TEXT NOT NULL REFERENCES entities(id)", "field TEXT NOT NULL",
    "value TEXT",  # as the source wrote it
    "number REAL", "unit TEXT", "approx INTEGER",  # quantities: in the unit of the kind table's column
    "as_of TEXT",  # as the data has it (YYYY, YYYY-MM, YYYY-MM-DD); NULL when unknown
    "valid_from TEXT", "valid_until TEXT",  # ISO days: from as_of to the next fact of the field
    "as_of_basis TEXT", "confidence TEXT", "reliability TEXT", "note TEXT", "derived TEXT",
    "source TEXT REFERENCES sources(id)", "quote TEXT", "locator TEXT", "current INTEGER NOT NULL",
)


def _facts_table(db: Any, cat: Any) -> None:
    """One row per fact, history included: `WHERE valid_from <= :day AND (valid_until IS NULL
    OR valid_until > :day)` is what aitrack believed on that day."""
    from aitrack.dataset.fields import spec
    from aitrack.dataset.trust import as_of_start
    from aitrack.quantity import unit_factor
    from aitrack.store.history import all_facts
    from datetime import date

    db.execute(f"CREATE TABLE facts ({', '.join(FACT_COLUMNS)})")
    rows = []
    for kind in KIND_NAMES:
        for rec in cat.kind(kind):
            if kind in ("source", "prediction"):
                continue
            facts = [(name, f) for name, f in all_facts(rec) if name != "events"]
            for i, (name, fact) in enumerate(facts):
                s, value = spec(kind, name), fact["value"]
                number = unit = approx = None
                if isinstance(value, dict) and "unit" in value:
                    unit = s.csv_unit if s else value["unit"]
                    number, approx = value["value"] / unit_factor(unit), int(value["approx"])
                    value = value["text"]
                elif isinstance(value, bool):
                    value = "true" if value else "false"
                start = as_of_start(fact)
                later = [as_of_start(g) for n, g in facts[i + 1:] if n == name and "current" in g]
                until = later[0].isoformat() if later and "current" in fact else None
                rows.append((rec["id"], name, str(value), number, unit, approx,
                             None if fact.get("as_of") in (None, "unknown") else fact["as_of"],
                             None if start == date.min else start.isoformat(), until, fact.get("as_of_basis"),
                             fact.get("confidence"), fact.get("reliability"), fact.get("note"), fact.get("derived"),
                             fact["source"], fact.get("quote"), fact.get("locator"), int(fact.get("current", True))))
    db.executemany(f"INSERT INTO facts VALUES ({', '.join('?' * len(FACT_COLUMNS))})", rows)
    db.execute("CREATE INDEX facts_entity_field ON facts(entity, field)")
