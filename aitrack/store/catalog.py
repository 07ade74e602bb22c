"""The catalog: every record by id, forgiving lookup by id or alias, suggestions on a
miss, and the relations between entities. Opened from the cache when it is fresh,
otherwise from the YAML files (then cached)."""

from __future__ import annotations

import difflib
import os
from collections.abc import Callable

from aitrack.errors import DataError, NotFoundError, Problem
from aitrack.kinds import KIND_NAMES, PLURALS, fold
from aitrack.store.built_from import fingerprint
from aitrack.vocab import CITED_KINDS

# A lab's relation groups for what it makes: models, chips, products (tables.contributions).
MADE_GROUPS = tuple(p for p, k in PLURALS.items() if k in CITED_KINDS and k != "lab")


class Catalog:
    def __init__(self, data_dir: str, store):
        self.data_dir, self.store = data_dir, store

    def _fallback(self) -> None:
        """Another process rewrote the cache under us: read the files instead, and save
        them, or every later run would fall back too."""
        from aitrack.store import cache

        self.store = _read_files(self.data_dir, cache.file_key(self.data_dir))

    def _ask(self, method: str, *args):
        from aitrack.store.tables import MemoryStore

        try:
            return getattr(self.store, method)(*args)
        except Exception:
            # A cached part of another build (cache.StaleCache), or one damaged or made by
            # hand in a way the header cannot tell (a KeyError, a TypeError): the full read
            # is always right. Fresh tables have no such excuse.
            if isinstance(self.store, MemoryStore):
                raise
            self._fallback()
            return getattr(self.store, method)(*args)

    # records --------------------------------------------------------------------
    def kind(self, kind: str, slim: bool = False) -> list[dict]:
        """Every record of a kind; slim: flat listing records (tables.flat), much faster to read."""
        return self._ask("rows" if slim else "kind", kind)

    def predictions_due_in(self, first: int, last: int) -> list[dict]:
        """Flat predictions that may fall due in the years first..last, each once."""
        years = [y for y in self.store.meta["due_years"] if first <= y <= last]
        seen: dict[str, dict] = {}
        for year in years:
            for row in self._ask("due_year", year):
                seen.setdefault(row["id"], row)
        return list(seen.values())

    def get(self, rid: str) -> dict | None:
        return self._ask("record", rid)

    def lookup(self, text: str) -> str | None:
        """The id an id, name or alias stands for, or None."""
        hit = self._ask("alias", fold(text))
        return hit[0] if hit else None

    def all_aliases(self) -> dict[str, tuple[str, str]]:
        return self._ask("all_aliases")

    def counts(self) -> dict[str, int]:
        return self.store.meta["counts"]

    @property
    def fingerprint(self) -> str:
        return self.store.meta["fingerprint"]

    def scope(self) -> dict[str, str]:
        """The time view the records are seen through: none (store.viewed.Viewed has one)."""
        return {}

    # lookup ---------------------------------------------------------------------
    def resolve(self, query: str, kind: str | None = None) -> dict:
        """An entity by id, name or alias, ignoring case, spaces and punctuation."""
        rid = self.lookup(query)
        rec = self.get(rid) if rid else None
        if rec is None or (kind and rec["kind"] != kind):
            raise NotFoundError(query, self.suggest(query, kind))
        return rec

    def suggest(self, query: str, kind: str | None = None, limit: int = 3) -> list[str]:
        """Close spellings and substring matches, as ids, best first."""
        key = fold(query)
        if not key:
            return []
        pool = {a: rid for a, (rid, k) in self.all_aliases().items() if not kind or k == kind}
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
        """A lab's models, chips, products, and the labs it is parent of, as {id, kind, name}."""
        rel = self._ask("relations", lab_id)
        return {group: [_brief(b) for b in rel.get(group, [])] for group in (*MADE_GROUPS, "labs")}

    def predictions_about(self, rid: str) -> list[dict]:
        """Predictions whose subjects include the entity or, for a lab, its models, chips and products."""
        ids = [rid]
        rec = self.get(rid)
        if rec and rec["kind"] == "lab":
            made = self.made_by(rid)
            ids += [r["id"] for group in MADE_GROUPS for r in made[group]]
        seen: dict[str, dict] = {}
        for one in ids:
            for b in self._ask("relations", one).get("about", []):
                seen.setdefault(b[0], _brief(b))
        return sorted(seen.values(), key=lambda b: b["id"])


def _brief(b: list[str]) -> dict:
    return {"id": b[0], "kind": b[1], "name": b[2]}


def open_catalog(
    data_dir: str,
    use_cache: bool = True,
    with_documents: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> Catalog:
    """The catalog for a data dir: from the cache when fresh, else loaded and checked."""
    from aitrack.store import cache

    key = cache.file_key(data_dir)
    if use_cache and not with_documents:
        store = cache.load(data_dir, key)
        if store is not None:
            return Catalog(data_dir, store)
    return Catalog(data_dir, _read_files(data_dir, key, with_documents, progress, use_cache))


def _read_files(
    data_dir: str,
    key: str,
    with_documents: bool = False,
    progress: Callable[[int, int], None] | None = None,
    use_cache: bool = True,
):
    """Every file read and checked (unchanged files from the per-file cache), the tables
    built and, with use_cache, saved under key (taken before reading)."""
    from aitrack.store import cache
    from aitrack.store.tables import MemoryStore, build

    loaded = load_checked(data_dir, with_documents, progress, file_cache=use_cache)
    tables = build(loaded.records, fingerprint(data_dir, loaded), cache.previous(data_dir) if use_cache else None)
    if use_cache:
        cache.save(data_dir, key, tables)
    return MemoryStore(tables)


def open_lenient(data_dir: str, allow: Callable[[Problem], bool]) -> tuple[Catalog, list[Problem]]:
    """The catalog of a dataset whose only problems allow() accepts (a draft's `vendor:
    TODO`, which merge writes for a curator to fill), without the entries they are in; and
    those problems. Never cached: the next full read must report them."""
    from aitrack.store.tables import MemoryStore, build

    try:
        return open_catalog(data_dir), []
    except DataError:
        pass
    loaded = load_checked(data_dir, False, allow=allow)
    tables = build(loaded.records, fingerprint(data_dir, loaded), None)
    return Catalog(data_dir, MemoryStore(tables)), loaded.problems


def load_checked(
    data_dir: str,
    with_documents: bool,
    progress=None,
    overrides: dict[str, str] | None = None,
    file_cache: bool = True,
    allow: Callable[[Problem], bool] | None = None,
):
    """Parse, validate and cross-check a data dir; raises DataError with every problem
    but those allow() accepts (they stay in the result's problems)."""
    from aitrack.dataset import check as crosscheck
    from aitrack.dataset.read import load_dir

    if not os.path.isdir(data_dir):
        from aitrack.errors import AitrackError

        raise AitrackError(f"data directory not found: {data_dir}")
    from aitrack.dataset.layout import data_files
    from aitrack.dataset.read import load_ignored

    if not data_files(data_dir):  # not a broken file: no dataset at all (issue 28)
        from aitrack.errors import AitrackError

        raise AitrackError(
            f"{data_dir} holds no aitrack dataset (no labs.yaml, chips.yaml, ...): "
            "'aitrack init DIR' makes one, a copy of the bundled data"
        )

    loaded = load_dir(data_dir, progress, overrides, file_cache)
    crosscheck.check(loaded, data_dir, with_documents)
    loaded.problems.extend(load_ignored(data_dir, file_cache=file_cache)[1])
    if with_documents:
        from aitrack.dataset.layout import IGNORED_FILE

        claims = load_ignored(data_dir, claims=True)[0]
        crosscheck.check_ignored_claims(
            claims, loaded.records, data_dir, os.path.join(data_dir, IGNORED_FILE), loaded.problems
        )
    refused = [p for p in loaded.problems if not (allow and allow(p))]
    if refused:
        from aitrack.dataset.read import cap_per_file

        raise DataError(cap_per_file(refused))
    assert set(loaded.records) == set(KIND_NAMES)
    return loaded
