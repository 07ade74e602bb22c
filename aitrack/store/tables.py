"""The lookup tables built from validated records: records by id, aliases, relations.
Built once when the YAML is read; the cache stores them, hashed into buckets."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

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
    by_id: list[dict[str, dict]]
    aliases: list[dict[str, tuple[str, str]]]  # fold -> (id, kind)
    relations: list[dict[str, dict[str, list]]]  # id -> {"models": [brief], ...}
    meta: dict
    due_years: dict[int, list[dict]]  # flat predictions by every year they may fall due in
    previous: Any  # cache.Previous: the rows of the build on disk, to reuse (or None)
    made: dict[str, tuple[list[dict], bytes]]  # rows build already made (predictions, for due_years)

    def rows(self, kind: str) -> tuple[list[dict], bytes]:
        """A kind's listing rows (flat records) and their records' digests, joined. Made
        on demand, one kind at a time, and not kept: the cache writes them kind by kind,
        so a 100k build never holds every kind's rows at once (70 MB of its peak)."""
        if kind in self.made:
            return self.made[kind]
        return rows_of(self.records[kind], self.previous.get(kind) if self.previous is not None else None)


def brief(rec: dict) -> tuple[str, str, str]:
    return (rec["id"], rec["kind"], rec["name"])


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


DIGEST = 16  # bytes per record digest


def digest(rec: dict) -> bytes:
    """What a record is, in 16 bytes: marshal version 0 ignores interning but keeps types
    (1, 1.0 and True differ) and key order, so equal digests mean flat() gives equal rows."""
    import hashlib
    import marshal

    return hashlib.blake2b(marshal.dumps(rec, 0), digest_size=DIGEST).digest()


def rows_of(recs: list[dict], got: tuple[list, bytes] | None) -> tuple[list[dict], bytes]:
    """Rows and joined digests of records; got: the previous build's (rows, digests) of
    their kind, whose rows are taken for every record with an unchanged digest."""
    old: dict[bytes, dict] = {}
    if got and isinstance(got[1], bytes) and len(got[1]) == DIGEST * len(got[0]):
        old = {got[1][i * DIGEST : (i + 1) * DIGEST]: row for i, row in enumerate(got[0])}
    mine = [digest(rec) for rec in recs]
    return [old.get(d) or flat(rec) for d, rec in zip(mine, recs)], b"".join(mine)  # one bytes, not 100k


def build(records: dict[str, list[dict]], fingerprint: str, previous: Any = None) -> Tables:
    """The tables for validated records; previous: the build on disk (cache.previous),
    whose rows are reused for every record whose digest is unchanged, so after an edit only
    what changed is flattened again (10k rows take 0.25 s to flatten, 0.05 s to digest)."""
    total = sum(len(v) for v in records.values())
    n = max(1, total // BUCKET_SIZE)
    by_id: list[dict] = [{} for _ in range(n)]
    aliases: list[dict] = [{} for _ in range(n)]
    relations: list[dict] = [{} for _ in range(n)]

    for kind, recs in records.items():
        for rec in recs:
            rid = rec["id"]
            by_id[bucket(rid, n)][rid] = rec
            claim = (rid, kind)  # one tuple for all of a record's names (100k of them, not 300k)
            for key in keys(rec):
                aliases[bucket(key, n)].setdefault(key, claim)  # the first claim wins,
            key = fold(rid)  # but an id over any name or alias (validate refuses both)
            aliases[bucket(key, n)][key] = claim
            for owner, group in contributions(rec):
                relations[bucket(owner, n)].setdefault(owner, {}).setdefault(group, []).append(brief(rec))
    # Relation groups and due years in id order, not file order: moving an entry within
    # or between files changes no answer.
    for part in relations:
        for slot in part.values():
            for group in slot.values():
                group.sort(key=lambda b: b[0])
    due_years: dict[int, list[dict]] = {}
    made = {"prediction": rows_of(records["prediction"], previous.get("prediction") if previous is not None else None)}
    for row in sorted(made["prediction"][0], key=lambda r: r["id"]):
        for year in due_years_of(row):
            due_years.setdefault(year, []).append(row)
    meta = {
        "buckets": n,
        "counts": {k: len(v) for k, v in records.items()},
        "fingerprint": fingerprint,
        "due_years": sorted(due_years),
    }
    return Tables(records, by_id, aliases, relations, meta, due_years, previous, made)


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
        self._rows: dict[str, list[dict]] = {}

    def kind(self, kind: str) -> list[dict]:
        return self.t.records[kind]

    def rows(self, kind: str) -> list[dict]:
        if kind not in self._rows:
            self._rows[kind] = self.t.rows(kind)[0]
        return self._rows[kind]

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
