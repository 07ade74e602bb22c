"""A catalog seen through a time view (history.View): the reading methods of
catalog.Catalog that a writer of every record uses (kind, slim rows, counts, fingerprint,
scope), every record as history.select leaves it, so the export writes the view's
records without knowing there is one; `scope` names the view (a Catalog's is empty).

`pairs` is the one walk: each record, what the view leaves of it (None: it did not exist
yet, or no source had named it) and what selecting it counted; search and timeline walk
it too, counting only what they would have shown. A source the view leaves out is kept
when a record it keeps cites it: it is how that record is known now."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from aitrack.store.history import View, select
from aitrack.vocab import KIND_NAMES


def pairs(cat: Any, kind: str, view: View) -> Iterator[tuple[dict, dict | None, View]]:
    """(record, the record in the view or None, what selecting it counted) for a kind."""
    for rec in cat.kind(kind):
        counts = view.fresh()
        yield rec, select(rec, counts), counts


class Viewed:
    """cat's records in view, each kind selected once (its counts added to view once)."""

    def __init__(self, cat: Any, view: View) -> None:
        self.cat, self.view = cat, view
        self._records: dict[str, list[dict]] = {}
        self._rows: dict[str, list[dict]] = {}

    def kind(self, kind: str, slim: bool = False) -> list[dict]:
        if kind not in self._records:
            self._records[kind] = self._select(kind)
        if not slim:
            return self._records[kind]
        if kind not in self._rows:
            from aitrack.store.tables import flat

            self._rows[kind] = [flat(r) for r in self._records[kind]]
        return self._rows[kind]

    def _select(self, kind: str) -> list[dict]:
        from aitrack.dataset.cites import citations

        cited: set[str] = set()
        if kind == "source":
            cited = {c["source"] for k in KIND_NAMES if k != kind for r in self.kind(k) for _, c in citations(r)}
        kept = []
        for rec, chosen, counts in pairs(self.cat, kind, self.view):
            if chosen is None and rec["id"] in cited:
                chosen = rec  # the evidence for what the view keeps
            elif chosen is None:
                self.view.not_yet += 1
            else:
                self.view.count(counts)
            if chosen is not None:
                kept.append(chosen)
        return kept

    def counts(self) -> dict[str, int]:
        return {k: len(self.kind(k)) for k in self.cat.counts()}

    @property
    def fingerprint(self) -> str:
        return self.cat.fingerprint

    def scope(self) -> dict[str, str]:
        """The view as the export records it: as_of and known_by, those it has (ISO days)."""
        asked = {"as_of": self.view.on, "known_by": self.view.known_by}
        return {k: d.isoformat() for k, d in asked.items() if d is not None}
