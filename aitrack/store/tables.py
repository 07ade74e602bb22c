"""The lookup tables built from validated records: records by id, aliases, relations.
Built once when the YAML is read; the cache stores them, hashed into buckets."""

from __future__ import annotations

import sys
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


def _intern(value):
    """Keys and short strings interned: marshal writes a repeated interned string once
    and refers back to it, so cache files shrink and load several times faster."""
    if isinstance(value, dict):
        return {sys.intern(k): _intern(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_intern(v) for v in value]
    if isinstance(value, str) and len(value) <= 40:
        return sys.intern(value)
    return value


def brief(rec: dict) -> list[str]:
    return [rec["id"], rec["kind"], rec["name"]]


def keys(rec: dict) -> list[str]:
    """The folded names a record answers to: its id, name and aliases."""
    return [key for key in map(fold, (rec["id"], rec["name"], *rec.get("aliases", []))) if key]


def lookalikes(records: dict[str, list[dict]]) -> list[str]:
    """The Latin keys that the dataset's non-ASCII names and aliases read as."""
    from aitrack.dataset.scripts import skeleton

    return sorted(
        {
            skeleton(text)
            for recs in records.values()
            for rec in recs
            for text in (rec["name"], *rec.get("aliases", []))
            if not text.isascii()
        }
    )


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


def _reuse(records: dict[str, list[dict]], previous: dict | None) -> tuple[dict, dict]:
    """Records interned and their listing rows, taking both from the previous build
    (cache.previous) for every record that is unchanged, so that after a one-file edit
    only that file's records are flattened again. Unchanged means the same bytes in
    marshal version 0 (which ignores interning but keeps types: 1, 1.0 and True differ,
    and key order counts), so a reused row is exactly the one flat() would make."""
    import marshal

    old: dict[str, dict[str, tuple[dict, dict]]] = {}
    for kind, (recs, rows) in (previous or {}).items():
        if isinstance(recs, list) and isinstance(rows, list) and len(recs) == len(rows):
            old[kind] = {r.get("id"): (r, row) for r, row in zip(recs, rows) if isinstance(r, dict)}
    out_recs: dict[str, list[dict]] = {}
    out_rows: dict[str, list[dict]] = {}
    for kind, recs in records.items():
        mine = old.get(kind, {})
        kept_recs, kept_rows = [], []
        for rec in recs:
            hit = mine.get(rec["id"])
            if hit is not None and marshal.dumps(hit[0], 0) == marshal.dumps(rec, 0):
                kept_recs.append(hit[0])
                kept_rows.append(hit[1])
            else:
                rec = _intern(rec)
                kept_recs.append(rec)
                kept_rows.append(flat(rec))
        out_recs[kind], out_rows[kind] = kept_recs, kept_rows
    return out_recs, out_rows


def build(records: dict[str, list[dict]], fingerprint: str, previous: dict | None = None) -> Tables:
    """The tables for validated records; previous: the last build's (cache.previous), to reuse."""
    records, rows = _reuse(records, previous)
    total = sum(len(v) for v in records.values())
    n = max(1, total // BUCKET_SIZE)
    by_id: list[dict] = [{} for _ in range(n)]
    aliases: list[dict] = [{} for _ in range(n)]
    relations: list[dict] = [{} for _ in range(n)]

    shared: set[str] = set()
    for kind, recs in records.items():
        for rec in recs:
            rid = rec["id"]
            by_id[bucket(rid, n)][rid] = rec
            for key in keys(rec):
                if aliases[bucket(key, n)].setdefault(key, (rid, kind))[0] != rid:
                    shared.add(key)
            for owner, group in contributions(rec):
                relations[bucket(owner, n)].setdefault(owner, {}).setdefault(group, []).append(brief(rec))
    # Relation groups and due years in id order, not file order, so that a patch
    # (store.delta) puts an edited record where a full build would.
    for part in relations:
        for slot in part.values():
            for group in slot.values():
                group.sort(key=lambda b: b[0])
    due_years: dict[int, list[dict]] = {}
    for row in sorted(rows["prediction"], key=lambda r: r["id"]):
        for year in due_years_of(row):
            due_years.setdefault(year, []).append(row)
    # shared: names two records claim (the first one found owns it); lookalikes: the keys
    # that non-Latin names imitate (dataset.scripts). store.delta leaves both alone.
    meta = {
        "buckets": n,
        "counts": {k: len(v) for k, v in records.items()},
        "fingerprint": fingerprint,
        "due_years": sorted(due_years),
        "shared": sorted(shared),
        "lookalikes": lookalikes(records),
    }
    return Tables(records, rows, by_id, aliases, relations, meta, due_years)


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
