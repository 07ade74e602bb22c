"""The catalog: every record by id, forgiving lookup by id or alias, suggestions on a
miss, and the relations between entities. Opened from the cache when it is fresh,
otherwise from the YAML files (then cached)."""

from __future__ import annotations

import difflib
import hashlib
import os
from typing import Callable

from aitrack.kinds import KIND_NAMES, fold
from aitrack.errors import DataError, NotFoundError


class MemoryStore:
    def __init__(self, records: dict[str, list[dict]]):
        self.records = records

    def kind(self, kind: str) -> list[dict]:
        return self.records[kind]


def build_index(records: dict[str, list[dict]], fingerprint: str) -> dict:
    aliases: dict[str, str] = {}
    kinds: dict[str, str] = {}
    for kind, recs in records.items():
        for rec in recs:
            kinds[rec["id"]] = kind
            for name in [rec["id"], rec["name"], *rec.get("aliases", [])]:
                aliases.setdefault(fold(name), rec["id"])
    counts = {k: len(v) for k, v in records.items()}
    return {"aliases": aliases, "kinds": kinds, "counts": counts, "fingerprint": fingerprint}


def fingerprint(data_dir: str) -> str:
    """A short content hash of the data files, so any export traces back to its data."""
    from aitrack.layout import IGNORED_FILE, data_files

    digest = hashlib.sha256()
    paths = [p for _, p in data_files(data_dir)]
    extra = os.path.join(data_dir, IGNORED_FILE)
    paths += [extra] if os.path.exists(extra) else []
    for path in paths:
        digest.update(os.path.relpath(path, data_dir).encode() + b"\0")
        with open(path, "rb") as fh:
            digest.update(fh.read())
    return digest.hexdigest()[:12]


class Catalog:
    def __init__(self, data_dir: str, store, index: dict):
        self.data_dir, self.store, self.index = data_dir, store, index
        self._by_id: dict[str, dict] = {}

    # records --------------------------------------------------------------------
    def kind(self, kind: str) -> list[dict]:
        from aitrack.cache import StaleCache

        try:
            return self.store.kind(kind)
        except (StaleCache, OSError, EOFError, ValueError, TypeError):
            # Another process rewrote the cache under us: read the files instead.
            self.store = MemoryStore(load_checked(self.data_dir, with_documents=False).records)
            return self.store.kind(kind)

    def get(self, rid: str) -> dict | None:
        kind = self.index["kinds"].get(rid)
        if kind is None:
            return None
        if rid not in self._by_id:
            for rec in self.kind(kind):
                self._by_id[rec["id"]] = rec
        return self._by_id.get(rid)

    def counts(self) -> dict[str, int]:
        return self.index["counts"]

    @property
    def fingerprint(self) -> str:
        return self.index["fingerprint"]

    # lookup ---------------------------------------------------------------------
    def resolve(self, query: str, kind: str | None = None) -> dict:
        """An entity by id, name or alias, ignoring case, spaces and punctuation."""
        rid = self.index["aliases"].get(fold(query))
        rec = self.get(rid) if rid else None
        if rec is None or (kind and rec["kind"] != kind):
            raise NotFoundError(query, self.suggest(query, kind))
        return rec

    def suggest(self, query: str, kind: str | None = None, limit: int = 3) -> list[str]:
        """Close spellings and substring matches, as ids, best first."""
        key = fold(query)
        if not key:
            return []
        aliases = self.index["aliases"]
        kinds = self.index["kinds"]
        pool = {a: rid for a, rid in aliases.items() if not kind or kinds.get(rid) == kind}
        scored: dict[str, float] = {}

        def consider(rid: str, score: float) -> None:
            scored[rid] = max(scored.get(rid, 0.0), score)

        for alias, rid in pool.items():
            if alias.startswith(key):
                consider(rid, 3.0 + len(key) / len(alias))
            elif key in alias and len(alias) <= len(key) + 6:
                consider(rid, 2.0 + len(key) / len(alias))
        for alias in difflib.get_close_matches(key, list(pool), n=limit * 3, cutoff=0.55):
            consider(pool[alias], difflib.SequenceMatcher(None, key, alias).ratio())
        ranked = sorted(scored, key=lambda r: (-scored[r], r))
        return ranked[:limit]

    # relations ------------------------------------------------------------------
    def made_by(self, lab_id: str) -> dict[str, list[dict]]:
        """A lab's models, chips, and the labs it is parent of."""
        return {
            "models": [m for m in self.kind("model") if m.get("lab") == lab_id],
            "chips": [c for c in self.kind("chip") if c.get("vendor") == lab_id],
            "labs": [lab for lab in self.kind("lab") if lab.get("parent") == lab_id],
        }

    def predictions_about(self, rid: str) -> list[dict]:
        """Predictions whose subjects include the entity, or, for a lab, its models and chips."""
        ids = {rid}
        rec = self.get(rid)
        if rec and rec["kind"] == "lab":
            made = self.made_by(rid)
            ids |= {r["id"] for group in made.values() for r in group}
        return [p for p in self.kind("prediction") if ids & set(p.get("subjects", []))]


def open_catalog(data_dir: str, use_cache: bool = True, with_documents: bool = False,
                 progress: Callable[[int, int], None] | None = None) -> Catalog:
    """The catalog for a data dir: from the cache when fresh, else loaded and checked."""
    from aitrack import cache

    key = cache.file_key(data_dir)
    if use_cache and not with_documents:
        store = cache.load(data_dir, key)
        if store is not None:
            try:
                store.kind("source")
                return Catalog(data_dir, store, store.index)
            except (cache.StaleCache, OSError, EOFError, ValueError, TypeError):
                pass
    loaded = load_checked(data_dir, with_documents, progress)
    index = build_index(loaded.records, fingerprint(data_dir))
    if use_cache:
        cache.save(data_dir, key, index, loaded.records)
    return Catalog(data_dir, MemoryStore(loaded.records), index)


def load_checked(data_dir: str, with_documents: bool, progress=None, overrides: dict[str, str] | None = None):
    """Parse, validate and cross-check a data dir; raises DataError with every problem."""
    from aitrack import crosscheck
    from aitrack.dataset import load_dir

    if not os.path.isdir(data_dir):
        from aitrack.errors import AitrackError

        raise AitrackError(f"data directory not found: {data_dir}")
    from aitrack.dataset import load_ignored

    loaded = load_dir(data_dir, progress, overrides)
    crosscheck.check(loaded, data_dir, with_documents)
    loaded.problems.extend(load_ignored(data_dir)[1])
    if loaded.problems:
        raise DataError(loaded.problems)
    assert set(loaded.records) == set(KIND_NAMES)
    return loaded
