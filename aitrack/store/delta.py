"""After an edit of a few entries, the cached tables are patched rather than rebuilt: only
the edited files are read, only the entries whose text changed are parsed, validated and
cross-checked (against all the others, through the cache), and only the cache parts they
touch are written again. This is what makes the first command after an edit of a large
dataset about as fast as a warm one.

It answers only when it is sure. Anything else (a problem of any kind, a source edited,
a file added or removed, an entry removed that others refer to, a name that two entries
share, many changes at once) returns None, and the caller reads the whole dataset as
before, so every problem is still reported by the one full path, at its line. The tests
check that a patched cache equals a build from scratch."""

from __future__ import annotations

import hashlib
import os
from typing import Any

MAX_FILES = 4  # edited files at once; more, and a full read is about as fast
MAX_ENTRIES = 200  # changed entries at once
_ODD_BREAKS = ("\x85", "\u2028", "\u2029")


class _Unsure(Exception):
    """Not sure this path gives what a full read would: read the whole dataset."""


class _Known(dict):
    """The changed records by id, answering for every other id from the cache (except
    the ids the edit removed): what check.check looks references up in."""

    def __init__(self, own: dict, store: Any, gone: set):
        super().__init__(own)
        self._store, self._gone = store, gone

    def __missing__(self, rid: str) -> dict:
        rec = None if rid in self._gone or not isinstance(rid, str) else self._store.record(rid)
        if rec is None:
            raise KeyError(rid)
        return rec

    def get(self, rid: Any, default: Any = None) -> Any:
        try:
            return self[rid]
        except KeyError:
            return default

    def __contains__(self, rid: Any) -> bool:
        return self.get(rid) is not None


def update(data_dir: str, key: str) -> Any:
    """A cache.CachedStore for the data as it is now, patched from the last build; None
    when a full read is needed."""
    from aitrack.store import cache

    store = cache.base(data_dir)
    if store is None:
        return None
    try:
        return _update(data_dir, key, store)
    except Exception:  # noqa: BLE001
        # _Unsure, a part from another generation (StaleCache) or of another shape, or
        # anything unforeseen: the full read is always right, so it decides. The tests
        # check that the edits this path is for do take it.
        return None


def _read_edits(data_dir: str, store: Any) -> tuple[dict, dict, dict, dict, set]:
    """The edited files read: (the `files` part as it is now, the new `c<N>` parts of the
    edited files, {id: (kind, path, (item, locations))} of entries whose text is new,
    {id: kind} of every entry the edited files held before, ids of those they hold again
    unchanged)."""
    from aitrack.dataset import loader
    from aitrack.dataset.chunks import chunk_digest, entry_chunks, has_marker, parse_entry
    from aitrack.dataset.layout import IGNORED_FILE, data_files, file_stamp, stray_files

    info = store.part("files")
    old_files = info["files"]
    now = data_files(data_dir)
    if (
        [p for _, p in now] != list(old_files)
        or file_stamp(os.path.join(data_dir, IGNORED_FILE)) != tuple(info["ignored"][:2])
        or stray_files(data_dir)
    ):
        raise _Unsure("a file was added, removed or renamed, or the ignore list changed")
    changed = [(n, kind, path) for n, (kind, path) in enumerate(now) if file_stamp(path) != tuple(old_files[path][1:3])]
    if not changed or len(changed) > MAX_FILES:
        raise _Unsure(f"{len(changed)} files changed")
    files, chunk_parts, added, before, kept = dict(old_files), {}, {}, {}, set()
    for n, kind, path in changed:
        stamp = file_stamp(path)  # before reading: a later write is seen by the next run
        raw, problems = loader.read_bytes(path, path)
        text, more = loader.decode(raw, path) if raw is not None else (None, [])
        # A lone CR, NEL or line separator is a line break to YAML but not to the chunks.
        if text is None or problems or more or any(c in text for c in _ODD_BREAKS) or "\r" in text.replace("\r\n", ""):
            raise _Unsure(path)
        sha = hashlib.sha256(raw).hexdigest()
        if sha == old_files[path][3]:  # touched, or saved unchanged
            files[path] = (kind, *stamp, *old_files[path][3:])
            continue
        old_chunks, old_ids = store.part(f"c{n}")
        # Markers and characters are looked for only where the text is new: an unchanged
        # chunk was clean when the whole file was read. (A new one that parses alone may
        # still end the document with `...`, which the whole file would refuse.)
        chunks = entry_chunks(text, markers=False)
        if chunks is None or old_chunks is None or len(old_chunks) != len(old_ids):
            raise _Unsure(f"{path} is not a plain list of entries")
        if loader.character_problems(text[: len(text) - sum(map(len, chunks))], path):
            raise _Unsure(path)
        before.update(dict.fromkeys(old_ids, kind))
        was = dict(zip(old_chunks, old_ids))
        digests, ids = [], []
        for chunk in chunks:
            digest = chunk_digest(chunk)
            rid = was.pop(digest, None)  # pop: the same text twice is a duplicate id
            if rid is None and (loader.character_problems(chunk, path) or has_marker(chunk)):
                raise _Unsure(path)
            if rid is not None:
                kept.add(rid)
            else:
                parsed = parse_entry(chunk, path)
                rid = parsed[0].get("id") if parsed and isinstance(parsed[0], dict) else None
                if not isinstance(rid, str) or rid in added or len(added) >= MAX_ENTRIES:
                    raise _Unsure(f"an entry of {path} needs the full read")
                added[rid] = (kind, path, parsed)
            digests.append(digest)
            ids.append(rid)
        files[path] = (kind, *stamp, sha, len(ids))
        chunk_parts[f"c{n}"] = (digests, ids)
    every = [rid for _digests, ids in chunk_parts.values() for rid in ids]
    if len(every) != len(set(every)):
        raise _Unsure("an id twice in the edited files: the full read reports the duplicate")
    return {"files": files, "ignored": info["ignored"]}, chunk_parts, added, before, kept


def _update(data_dir: str, key: str, store: Any) -> Any:
    from aitrack.dataset import check
    from aitrack.dataset.read import Loaded, Where, validate_item
    from aitrack.store import cache
    from aitrack.store.built_from import fingerprint

    info, chunk_parts, added, before, kept = _read_edits(data_dir, store)
    gone = set(before) - kept  # old versions of edited entries, and removed ones
    old = {rid: store.record(rid) for rid in gone}
    for rid, (kind, _path, _parsed) in added.items():
        if (
            kind == "source"
            or (rid not in gone and store.record(rid) is not None)
            or (rid in gone and before[rid] != kind)
        ):
            raise _Unsure(f"{rid}: a source, a duplicate id, or an entry that changed kind")
    for rid in gone - set(added):
        if before[rid] == "source" or store.relations(rid):
            raise _Unsure(f"{rid} was removed and others refer to it")
    total = sum(store.meta["counts"].values()) + len(set(added) - gone) - len(gone - set(added))
    if max(1, total // cache.BUCKET_SIZE) != store.meta["buckets"]:
        raise _Unsure("the number of buckets changes")
    loaded = Loaded()
    for rid, (kind, path, (item, locs)) in added.items():
        rec, problems = validate_item(kind, item, Where(path, 0, locs))
        if rec is None or problems:
            raise _Unsure(f"{rid} does not validate")
        loaded.records[kind].append(rec)
        loaded.where[rid] = Where(path, 0, locs)
    own = {r["id"]: r for recs in loaded.records.values() for r in recs}
    _check_names(own, old, store)
    check.check(loaded, data_dir, False, _Known(own, store, gone))
    if loaded.problems:
        raise _Unsure("a problem: the full read reports it at its line")
    parts, slices = _patch(store, own, old, info["files"], chunk_parts)
    counts = {k: sum(f[4] for f in info["files"].values() if f[0] == k) for k in store.meta["counts"]}
    meta = {**store.meta, "counts": counts, "fingerprint": fingerprint(data_dir, info), "slices": slices}
    if any(rec["kind"] == "prediction" for rec in (*own.values(), *old.values())):
        meta["due_years"] = _due_parts(store, parts, own, old)
    meta = cache.write(data_dir, key, meta, {**parts, **chunk_parts, "files": info})
    if meta is None:
        raise _Unsure("the cache could not be written")
    fresh = cache.CachedStore(store.folder, key, meta)
    fresh._files.update(parts)
    return fresh


def _check_names(own: dict, old: dict, store: Any) -> None:
    """An edited entry's id, name and aliases may only take folded names no other entry
    holds, and no name two entries share may be given up: otherwise which entry a name
    finds depends on file order, or it is a clash the full read reports."""
    from aitrack.kinds import fold
    from aitrack.store.tables import keys

    shared = set(store.meta["shared"])
    if any(key in shared for rec in old.values() if rec for key in keys(rec)):
        raise _Unsure("a shared name is given up")
    # A non-Latin name may imitate another entry's key (dataset.scripts), in either direction.
    if any(
        not text.isascii() for rec in (*own.values(), *old.values()) for text in (rec["name"], *rec.get("aliases", []))
    ) or any(key in set(store.meta["lookalikes"]) for rec in own.values() for key in keys(rec)):
        raise _Unsure("a non-Latin name, or a key one imitates")
    claimed: dict[str, str] = {}
    for rid, rec in own.items():
        if any(not fold(a) for a in rec.get("aliases", [])):
            raise _Unsure("an alias with no letters or digits")
        for key in keys(rec):
            hit = store.alias(key)
            if claimed.setdefault(key, rid) != rid or key in shared or (hit and hit[0] not in old):
                raise _Unsure(f"'{key}' is claimed twice")


def _patch(store: Any, own: dict, old: dict, files: dict, chunk_parts: dict) -> tuple[dict[str, Any], dict]:
    """The cache parts an edit changes: the slices of the edited files' records and rows,
    and the buckets of records by id, names and relations that the old and new versions
    touch. Returns them and the kinds' slices as they are now."""
    from aitrack.store.cache import bucket, slice_name, slice_size
    from aitrack.store.tables import _intern, brief, contributions, flat, keys

    n = store.meta["buckets"]
    parts: dict[str, Any] = {}
    new = {rid: _intern(rec) for rid, rec in own.items()}
    slices = dict(store.meta["slices"])
    edited = {f[0] for i, f in enumerate(files.values()) if f"c{i}" in chunk_parts}  # reordered too
    for kind in {r["kind"] for r in new.values()} | {r["kind"] for r in old.values()} | edited:
        now: list = []
        for i, (path, f) in enumerate(files.items()):
            mine = [(m, j) for m, j in slices[kind] if m == i] if f[0] == kind else []
            if f[0] != kind or f"c{i}" not in chunk_parts:
                now += mine
                continue
            # An edited file: its entries in their new order, each old one from its slice.
            # When entries only changed in place, only their slices are read and written.
            ids = chunk_parts[f"c{i}"][1]
            in_place = ids == store.part(f"c{i}")[1]
            whole = {} if in_place else _entries(store, kind, mine)
            size = slice_size(len(ids))
            for j, at in enumerate(range(0, len(ids), size)):
                now.append((i, j))
                if in_place and not any(rid in new for rid in ids[at : at + size]):
                    continue
                was = _entries(store, kind, [(i, j)]) if in_place else whole
                part = [(new[rid], flat(new[rid])) if rid in new else was[rid] for rid in ids[at : at + size]]
                parts[slice_name(kind, "", i, j)] = [r for r, _ in part]
                parts[slice_name(kind, ".rows", i, j)] = [row for _, row in part]
        slices[kind] = now

    def part(prefix: str, key: str) -> dict:
        name = f"{prefix}{bucket(key, n)}"
        if name not in parts:
            parts[name] = dict(store.part(name))
        return parts[name]

    def links(rec: dict | None) -> set:
        found = [(owner, group, *brief(rec)) for owner, group in contributions(rec)] if rec else []
        if len(set(found)) != len(found):  # a subject named twice: a full build lists it twice
            raise _Unsure("a relation twice")
        return set(found)

    # Only what an edit changes is touched: a value edit leaves its names and relations
    # alone, so their buckets are neither read nor written again.
    for rid in old.keys() | new.keys():
        was, now = old.get(rid), new.get(rid)
        if was is not None and now is None:
            part("r", rid).pop(rid, None)
        if now is not None:
            part("r", rid)[rid] = now
        before, after = set(keys(was)) if was else set(), set(keys(now)) if now else set()
        for key in before - after:
            if part("a", key).get(key, ("",))[0] == rid:
                part("a", key).pop(key)
        for key in after - before:
            part("a", key).setdefault(key, (rid, now["kind"]))
        gone_links, new_links = links(was) - links(now), links(now) - links(was)
        for owner, group, *_ in gone_links:
            slot = part("l", owner).get(owner, {})
            slot[group] = [b for b in slot.get(group, []) if b[0] != rid]
            if not slot[group]:
                del slot[group]
            if not slot:
                part("l", owner).pop(owner, None)
        for owner, group, *_ in new_links:
            slot = part("l", owner).setdefault(owner, {})
            slot[group] = sorted([*slot.get(group, []), brief(now)], key=lambda b: b[0])
    return parts, slices


def _entries(store: Any, kind: str, slices: list) -> dict[str, tuple[dict, dict]]:
    """id -> (record, listing row) of the given slices of a kind."""
    from aitrack.store.cache import slice_name

    return {
        r["id"]: (r, row)
        for n, j in slices
        for r, row in zip(store.part(slice_name(kind, "", n, j)), store.part(slice_name(kind, ".rows", n, j)))
    }


def _due_parts(store: Any, parts: dict, own: dict, old: dict) -> list[int]:
    """The due-year parts of the years an edited prediction falls due in, before or after
    the edit, patched; returns the years that now have any."""
    from aitrack.store.tables import due_years_of, flat

    gone = {rid for rid, rec in old.items() if rec["kind"] == "prediction"}
    rows = {rid: flat(rec) for rid, rec in own.items() if rec["kind"] == "prediction"}
    touched = {y for rid in gone for y in due_years_of(flat(old[rid]))} | {
        y for row in rows.values() for y in due_years_of(row)
    }
    years = set(store.meta["due_years"])
    for year in touched:
        kept = [r for r in store.due_year(year) if r["id"] not in gone and r["id"] not in rows]
        due = sorted(kept + [row for row in rows.values() if year in due_years_of(row)], key=lambda r: r["id"])
        if due:
            parts[f"due{year}"] = due
            years.add(year)
        else:
            years.discard(year)
    return sorted(years)
