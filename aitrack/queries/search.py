"""search: every entity with a field containing the text, folded like id lookup (case,
spaces and punctuation ignored), id and name matches first. Pure data."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aitrack.errors import UsageError
from aitrack.kinds import fold
from aitrack.vocab import KIND_NAMES


@dataclass
class Hit:
    record: dict
    field: str
    text: str
    start: int
    rank: int
    end: int = -1  # end of the match in text (exclusive)


def _strings(value: Any, path: str) -> list[tuple[str, str]]:
    if isinstance(value, str):
        return [(path, value)]
    if isinstance(value, dict):
        if "text" in value and "unit" in value:
            return [(path, value["text"])]
        return [s for k, v in value.items() for s in _strings(v, f"{path}.{k}" if path else k)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v, path)]
    return []


def _folded(text: str) -> tuple[str, list[int]]:
    """text folded as ids are (case ignored, only letters and digits kept), with the
    index in text of every folded character, so a match maps back to the original."""
    chars, where = [], []
    for i, ch in enumerate(text):
        for c in ch.casefold():
            if c.isalnum():
                chars.append(c)
                where.append(i)
    return "".join(chars), where


def _best(rec: dict, needle: str) -> Hit | None:
    """rec's best match of the folded needle: in its id, name or aliases first."""
    best: Hit | None = None
    for path, value in _strings(rec, ""):
        if path == "kind":
            continue
        folded, where = _folded(value)
        pos = folded.find(needle)
        if pos < 0:
            continue
        start, end = where[pos], where[pos + len(needle) - 1] + 1
        named = path in ("id", "name", "aliases")
        rank = 0 if named and folded == needle else 1 if named else 2
        if best is None or rank < best.rank:
            best = Hit(rec, path, value, start, rank, end)
    return best


def search(
    cat: Any, text: str, kinds: list[str] | None = None, limit: int | None = None, view: Any = None
) -> list[Hit]:
    """Every entity with a field containing text, id and name matches first. Case, spaces
    and punctuation are ignored as in id lookup: `mixture-of-experts` finds "Mixture of
    Experts" and `hbm3` finds "HBM 3". view (history.View): search the records as the view
    leaves them; it counts the entities that match but did not exist yet (or were not yet
    reported), and those it shows undated."""
    needle = fold(text)
    if not needle:
        raise UsageError("search text is empty (it needs a letter or a digit)")
    hits: list[Hit] = []
    for kind in kinds or list(KIND_NAMES):
        if view is None or not view.active:
            hits += [hit for rec in cat.kind(kind) if (hit := _best(rec, needle))]
            continue
        from aitrack.store.viewed import pairs

        for rec, chosen, counts in pairs(cat, kind, view):
            hit = _best(chosen, needle) if chosen is not None else None
            if hit:
                hits.append(hit)
                view.count(counts)
            elif chosen is None and _best(rec, needle):
                view.not_yet += 1
    hits.sort(key=lambda h: (h.rank, h.record["kind"], h.record["id"]))
    return hits[:limit] if limit else hits
