"""The SQLite export: a table per kind with the machine columns (dataset.fields: numbers
in the unit their name carries, dates as ISO days or NULL beside `*_precision`), the
relations, a citations table, indexes on every foreign key, an FTS5 `search` table, and
the fingerprint. Each part is one function of (db, cat), so others can add parts."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable, Iterator
from typing import Any

from aitrack.dataset.fields import spec
from aitrack.views.export_meta import kind_columns, metadata, metadata_path
from aitrack.vocab import KIND_NAMES

# A reference column -> the table it points at.
REFS = {
    "vendor": "labs",
    "lab": "labs",
    "parent": "labs",
    "maker": "labs",
    "source": "sources",
    "resolution_source": "sources",
}


def sql_type(kind: str, col: str) -> str:
    """The column's declared type: REAL numbers, INTEGER 0/1 flags, TEXT otherwise."""
    s = spec(kind, col)
    if s is not None and col == s.key:
        return {"quantity": "REAL", "sentiment": "REAL", "bool": "INTEGER"}.get(s.type, "TEXT")
    if col.endswith(("_low", "_high")) or col in ("probability", "value"):
        return "REAL"
    if col.endswith("_approx"):
        return "INTEGER"
    return "TEXT"


def _meta(db: sqlite3.Connection, cat: Any) -> None:
    from aitrack import __version__

    db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
    db.executemany(
        "INSERT INTO meta VALUES (?, ?)",
        [("aitrack", __version__), ("fingerprint", cat.fingerprint), ("counts", json.dumps(cat.counts()))]
        + list(cat.scope().items()),  # a time view's as_of and known_by: what the file is
    )
    # inside the transaction the INSERT above opened (it would reset at a commit): a lab
    # may name a parent listed after it, so references are checked at the commit
    db.execute("PRAGMA defer_foreign_keys = ON")


def _entities(db: sqlite3.Connection, cat: Any) -> None:
    db.execute("CREATE TABLE entities (id TEXT PRIMARY KEY, kind TEXT NOT NULL, name TEXT NOT NULL)")
    db.executemany(
        "INSERT INTO entities VALUES (?, ?, ?)",
        [(r["id"], k, r["name"]) for k in KIND_NAMES for r in cat.kind(k, slim=True)],
    )
    db.execute("CREATE INDEX entities_kind ON entities(kind)")


def _kinds(db: sqlite3.Connection, cat: Any) -> None:
    from aitrack.dataset.shape import shape

    ids = {r["id"] for k in KIND_NAMES for r in cat.kind(k, slim=True)}
    for kind in KIND_NAMES:
        table, cols = f"{kind}s", kind_columns(kind)
        decl = ["id TEXT PRIMARY KEY REFERENCES entities(id)"]
        for c in cols[1:]:
            ref = f" REFERENCES {REFS[c]}(id)" if c in REFS else ""
            decl.append(f'"{c}" {sql_type(kind, c)}{" NOT NULL" if c == "name" else ""}{ref}')
        db.execute(f"CREATE TABLE {table} ({', '.join(decl)}, record TEXT NOT NULL)")
        # a reference written "unknown" (no source names one), or to an entity a time view
        # left out (a model's lab not yet dated then), is NULL, not a dangling key
        rows = [
            [None if c in REFS and f.get(c) not in ids else _sql(f.get(c)) for c in cols]
            + [json.dumps(shape(r), ensure_ascii=False)]
            for r, f in zip(cat.kind(kind), cat.kind(kind, slim=True))
        ]
        if rows:
            db.executemany(f"INSERT INTO {table} VALUES ({', '.join('?' * len(rows[0]))})", rows)
        for c in cols:
            if c in REFS:
                db.execute(f'CREATE INDEX {table}_{c} ON {table}("{c}")')


def _relations(db: sqlite3.Connection, cat: Any) -> None:
    ids = {r["id"] for k in KIND_NAMES for r in cat.kind(k, slim=True)}  # a time view leaves some out
    db.execute(
        "CREATE TABLE prediction_subjects (prediction TEXT NOT NULL REFERENCES predictions(id), "
        "subject TEXT NOT NULL REFERENCES entities(id))"
    )
    db.executemany(
        "INSERT INTO prediction_subjects VALUES (?, ?)",
        [(p["id"], s) for p in cat.kind("prediction", slim=True) for s in p.get("subjects", []) if s in ids],
    )
    db.execute("CREATE TABLE aliases (entity TEXT NOT NULL REFERENCES entities(id), alias TEXT NOT NULL)")
    db.execute("CREATE TABLE tags (entity TEXT NOT NULL REFERENCES entities(id), tag TEXT NOT NULL)")
    for table, key in (("aliases", "aliases"), ("tags", "tags")):
        db.executemany(
            f"INSERT INTO {table} VALUES (?, ?)",
            [(r["id"], v) for k in KIND_NAMES for r in cat.kind(k, slim=True) for v in r.get(key, [])],
        )
    for index in (
        "prediction_subjects(prediction)",
        "prediction_subjects(subject)",
        "aliases(entity)",
        "aliases(alias)",
        "tags(entity)",
        "tags(tag)",
    ):
        db.execute(f"CREATE INDEX {index.replace('(', '_').rstrip(')')} ON {index}")


def field_name(kind: str, path: tuple) -> str:
    """The machine name of the field a citation path is under (history.memory.0 -> memory_GB)."""
    name = path[1] if path[:1] == ("history",) and len(path) > 1 else (path[0] if path else "statement")
    s = spec(kind, str(name))
    return s.key if s else str(name)


def citation_places(cat: Any) -> Iterator[tuple[str, str, str, dict]]:
    """(entity id, field column, YAML path, citation) of every citation in the dataset: the
    rows of the SQLite and CSV exports' citations tables."""
    from aitrack.dataset.check import citations

    for k in KIND_NAMES:
        if k != "source":
            for r in cat.kind(k):
                for p, c in citations(r):
                    yield r["id"], field_name(k, p), ".".join(map(str, p)) or "statement", c


def _citations(db: sqlite3.Connection, cat: Any) -> None:
    from aitrack.dataset.shape import iso

    db.execute(
        "CREATE TABLE citations (entity TEXT NOT NULL REFERENCES entities(id), field TEXT NOT NULL, "
        "path TEXT NOT NULL, source TEXT NOT NULL REFERENCES sources(id), quote TEXT, locator TEXT, "
        "note TEXT, derived TEXT, reliability TEXT, confidence TEXT, as_of TEXT, as_of_precision TEXT)"
    )
    db.executemany(
        "INSERT INTO citations VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                *place,
                c["source"],
                c.get("quote"),
                c.get("locator"),
                c.get("note"),
                c.get("derived"),
                c.get("reliability"),
                c.get("confidence"),
                *iso(c.get("as_of")),
            )
            for *place, c in citation_places(cat)
        ],
    )
    db.execute("CREATE INDEX citations_entity_field ON citations(entity, field)")
    db.execute("CREATE INDEX citations_source ON citations(source)")


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() if k not in ("kind", "sha256") for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _search(db: sqlite3.Connection, cat: Any) -> None:
    """Full-text search over every string of every record (names, aliases, facts, quotes)."""
    db.execute(
        "CREATE VIRTUAL TABLE search USING fts5(id UNINDEXED, kind UNINDEXED, name, body, "
        "tokenize = 'unicode61 remove_diacritics 2')"
    )
    db.executemany(
        "INSERT INTO search VALUES (?, ?, ?, ?)",
        [
            (
                r["id"],
                k,
                r["name"],
                "\n".join(s for key, v in r.items() if key not in ("id", "name") for s in _strings(v)),
            )
            for k in KIND_NAMES
            for r in cat.kind(k)
        ],
    )


def _facts(db: sqlite3.Connection, cat: Any) -> None:
    from aitrack.views.export_facts import facts_table

    facts_table(db, cat)


PARTS: list[Callable[[sqlite3.Connection, Any], None]] = [
    _meta,
    _entities,
    _kinds,
    _relations,
    _citations,
    _facts,
    _search,
]


def write_sqlite(cat: Any, path: str) -> None:
    """A database built in a temporary file and renamed over path when complete, with
    the file mode a new file gets under the umask; datasette metadata beside it."""
    from aitrack.curate.writer import destination, install, temp_beside, write_new
    from aitrack.errors import WriteError

    dest = destination(path, new_ok=True)  # a symlink written through, a device refused
    fd, tmp = temp_beside(dest.path)
    os.close(fd)
    try:
        db = sqlite3.connect(tmp)
        db.execute("PRAGMA foreign_keys = ON")
        for part in PARTS:
            part(db, cat)
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
    write_new(metadata_path(path), json.dumps(metadata(path), ensure_ascii=False, indent=2) + "\n")


def _sql(value: Any) -> Any:
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return int(value)
    return value
