"""The lookup tables built from validated records: records by id, aliases, relations.
Built once when the YAML is read; the cache stores them, hashed into buckets."""

from __future__ import annotations

from dataclasses import dataclass

from aitrack.kinds import fold
from aitrack.store.cache import BUCKET_SIZE, bucket


def flat(rec: dict) -> dict:
    """A record as a listing reads it: its machine shape flattened (dataset.shape), so
    keys are the machine column names (memory_bandwidth_TBps, released_precision) and
    values plain. Tables, CSV, filters and sorting all work on these; JSON uses shape().
    `days_left` depends on today, so the views add it."""
    from aitrack.dataset.fields import SPECS
    from aitrack.dataset.shape import flatten, shape

    row = flatten(shape(rec))
    for s in SPECS[rec["kind"]]:
        if s.type == "ref" and rec.get(s.name) == "unknown":
            row[s.key] = None  # present but None: stated unknown (tables say so), not missing
    return row


@dataclass
class Tables:
    records: dict[str, list[dict]]
    rows: dict[str, list[dict]]  # flat records for listings
    by_id: list[dict[str, dict]]
    aliases: list[dict[str, tuple[str, str]]]  # fold -> (id, kind)
    relations: list[dict[str, dict[str, list]]]  # id -> {"models": [brief], ...}
    meta: dict
    due_years: dict[int, list[dict]]  # flat predictions by every year they may fall due in
    digests: dict[str, list[bytes]]  # each record's digest, beside its row (the next build reuses rows)


def brief(rec: dict) -> list[str]:
    return [rec["id"], rec["kind"], rec["name"]]


def keys(rec: dict) -> list[str]:
    """The folded names a record answers to: its id, name and aliases."""
    return [key for key in map(fold, (rec["id"], rec["name"], *rec.get("aliases", []))) if key]


def contributions(rec: dict) -> list[tuple[str, str]]:
    """(owner id, group) of each relation a record adds: a model to its lab's "models",
    a prediction to each subject's "about", ..."""
    kind = rec["kind"]
    if kind == "model" and rec.get("lab") not in (None, "unknown"):
        return [(rec["lab"], "models")]
    if kind == "chip":
        return [(rec["vendor"], "chips")]
    if kind == "product" and rec.get("maker") not in (None, "unknown"):
        return [(rec["maker"], "products")]
    if kind == "lab" and rec.get("parent"):
        return [(rec["parent"], "labs")]
    if kind == "prediction":
        return [(subject, "about") for subject in rec.get("subjects", [])]
    return []


def digest(rec: dict) -> bytes:
    """What a record is, in 16 bytes: marshal version 0 ignores interning but keeps types
    (1, 1.0 and True differ) and key order, so equal digests mean flat() gives equal rows."""
    import hashlib
    import marshal

    return hashlib.blake2b(marshal.dumps(rec, 0), digest_size=16).digest()


def _rows(records: dict[str, list[dict]], previous: dict | None) -> tuple[dict, dict]:
    """Each record's listing row and digest. A row is taken from the previous build
    (cache.previous: rows and digests by kind) when the record's digest is unchanged, so
    after an edit only what changed is flattened again (10k rows take 0.25 s to flatten,
    0.05 s to digest); the previous records themselves are never loaded."""
    rows: dict[str, list[dict]] = {}
    digests: dict[str, list[bytes]] = {}
    for kind, recs in records.items():
        got = (previous or {}).get(kind)
        old = dict(zip(got[1], got[0])) if got and len(got[0]) == len(got[1]) else {}
        rows[kind], digests[kind] = [], []
        for rec in recs:
            d = digest(rec)
            hit = old.get(d)
            rows[kind].append(hit if hit is not None and hit.get("id") == rec["id"] else flat(rec))
            digests[kind].append(d)
    return rows, digests


def build(records: dict[str, list[dict]], fingerprint: str, previous: dict | None = None, code: str = "") -> Tables:
    """The tables for validated records; previous: the last build's rows and digests by
    kind, to reuse (cache.previous); code: the code stamp that builds them (meta keeps it)."""
    rows, digests = _rows(records, previous)
    total = sum(len(v) for v in records.values())
    n = max(1, total // BUCKET_SIZE)
    by_id: list[dict] = [{} for _ in range(n)]
    aliases: list[dict] = [{} for _ in range(n)]
    relations: list[dict] = [{} for _ in range(n)]

    for kind, recs in records.items():
        for rec in recs:
            rid = rec["id"]
            by_id[bucket(rid, n)][rid] = rec
            for key in keys(rec):
                aliases[bucket(key, n)].setdefault(key, (rid, kind))  # the first claim wins
            for owner, group in contributions(rec):
                relations[bucket(owner, n)].setdefault(owner, {}).setdefault(group, []).append(brief(rec))
    # Relation groups and due years in id order, not file order: moving an entry within
    # or between files changes no answer.
    for part in relations:
        for slot in part.values():
            for group in slot.values():
                group.sort(key=lambda b: b[0])
    due_years: dict[int, list[dict]] = {}
    for row in sorted(rows["prediction"], key=lambda r: r["id"]):
        for year in due_years_of(row):
            due_years.setdefault(year, []).append(row)
    meta = {
        "buckets": n,
        "counts": {k: len(v) for k, v in records.items()},
        "fingerprint": fingerprint,
        "due_years": sorted(due_years),
        "code": code,
    }
    return Tables(records, rows, by_id, aliases, relations, meta, due_years, digests)


def due_years_of(row: dict) -> range:
    """The years a prediction may fall due in: its due date's, or its window's."""
    if row.get("due_earliest"):
        return range(int(row["due_earliest"][:4]), int(row["due_latest"][:4]) + 1)
    return range(0)


class MemoryStore:
    """The same interface as cache.CachedStore, over freshly built tables."""

    def __init__(self, tables: Tables):
        self.t = tables
        self.meta = tables.meta

    def kind(self, kind: str) -> list[dict]:
        return self.t.records[kind]

    def rows(self, kind: str) -> list[dict]:
        return self.t.rows[kind]

    def due_year(self, year: int) -> list[dict]:
        return self.t.due_years.get(year, [])

    def record(self, rid: str) -> dict | None:
        return self.t.by_id[bucket(rid, self.meta["buckets"])].get(rid)

    def alias(self, key: str) -> tuple[str, str] | None:
        return self.t.aliases[bucket(key, self.meta["buckets"])].get(key)

    def relations(self, rid: str) -> dict:
        return self.t.relations[bucket(rid, self.meta["buckets"])].get(rid, {})

    def all_aliases(self) -> dict[str, tuple[str, str]]:
        out: dict[str, tuple[str, str]] = {}
        for part in self.t.aliases:
            out.update(part)
        return out
