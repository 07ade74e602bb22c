"""list, show and search: pure functions from the catalog to data. No formatting here."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from aitrack.dataset.fields import SPECS, columns, spec
from aitrack.errors import UsageError
from aitrack.kinds import PLURALS
from aitrack.queries.filters import matches, ref
from aitrack.queries.search import Hit, search  # noqa: F401  (search lives in queries.search)
from aitrack.vocab import CITED_KINDS, KIND_NAMES, plurals, spoken


def kind_name(text: str) -> str:
    """labs/lab/Labs -> lab; anything else is a usage error naming the kinds."""
    key = text.strip().lower()
    kind = PLURALS.get(key, key)
    if kind not in KIND_NAMES:
        raise UsageError(f"unknown kind '{text}': use {spoken(plurals())}")
    return kind


def list_entities(
    cat: Any,
    kind: str,
    filters: dict[str, str | None],
    sort: str | None = None,
    desc: bool = False,
    limit: int | None = None,
    slim: bool = True,
    view: Any = None,
) -> list[dict]:
    """Entities of a kind, filtered by field equality (case and punctuation ignored),
    sorted by a machine column. slim: flat records (tables.flat), enough for tables and
    CSV; otherwise the full records in the same order (for JSON). view (history.View): the
    records as they stood on a day, as reported by a day, or with only facts that confident;
    it counts the entities the filters wanted that it left out, and those shown undated."""
    chosen: dict[str, dict] | None = None
    if view is None or not view.active:
        records = _filtered(cat, list(cat.kind(kind, slim=True)), filters)
    else:
        from aitrack.store.tables import flat
        from aitrack.store.viewed import pairs

        picked, counts = {}, {}
        for r, chosen, counted in pairs(cat, kind, view):
            picked[r["id"]], counts[r["id"]] = chosen, counted
        chosen = {rid: r for rid, r in picked.items() if r is not None}
        rows = [
            dict(flat(r), hidden=[s.key for n in r.get("hidden", []) if (s := spec(kind, n))]) for r in chosen.values()
        ]
        records = _filtered(cat, rows, filters)
        left = [r for r in cat.kind(kind, slim=True) if picked[r["id"]] is None]
        view.not_yet += len(_filtered(cat, left, filters))
        for row in records:  # what the view hid of the entities it shows
            view.count(counts[row["id"]])
    if sort:
        sort = check_field(kind, sort)
        present = [r for r in records if r.get(sort) not in (None, "", [])]
        missing = [r for r in records if r.get(sort) in (None, "", [])]
        present.sort(key=lambda r: _sort_key(r.get(sort)), reverse=desc)
        records = present + missing
    if limit is not None:
        if limit < 0:
            raise UsageError("--limit must be 0 or more")
        records = records[:limit]
    if slim:
        return records
    return [chosen[r["id"]] for r in records] if chosen is not None else full_records(cat, kind, records)


def _filtered(cat: Any, records: list[dict], filters: dict[str, Any]) -> list[dict]:
    for name, value in filters.items():
        if value is None:
            continue
        if isinstance(value, set):  # a lab and its subsidiaries (check_filters), or {"unknown"}
            records = [r for r in records if ref(r, name) in value]
            continue
        if name in ("lab", "vendor", "parent", "maker") and value:
            value = _resolve_id(cat, value)
        records = [r for r in records if matches(r, name, value)]
    return records


def full_records(cat: Any, kind: str, rows: list[dict]) -> list[dict]:
    """The full records behind flat rows, in their order."""
    if len(rows) < 64:
        return [cat.get(r["id"]) for r in rows]
    by_id = {r["id"]: r for r in cat.kind(kind)}
    return [by_id[r["id"]] for r in rows]


def _resolve_id(cat: Any, text: str) -> str:
    return cat.lookup(text) or text


def _sort_key(value: Any) -> tuple:
    if isinstance(value, bool):
        return (0, int(value), "")
    if isinstance(value, (int, float)):
        return (0, value, "")
    if isinstance(value, list):
        return (1, 0, "; ".join(map(str, value)).casefold())
    return (1, 0, str(value).casefold())


def fields_of(kind: str) -> list[str]:
    """The machine names of a kind's fields (memory_GB, memory_bandwidth_TBps): what
    --sort and --columns offer. Their parts (memory_GB_high, released_precision) and every
    CSV column (dataset.fields.columns) are accepted too."""
    return ["id", "name", "aliases", "tags"] + [s.key for s in SPECS[kind]]


def check_field(kind: str, name: str) -> str:
    """The machine name of a column; a field's plain name is accepted for its value
    (memory_bandwidth -> memory_bandwidth_TBps). Unknown: a usage error listing them."""
    if name in columns(kind) or name in fields_of(kind):
        return name
    s = spec(kind, name)
    if s is None:
        raise UsageError(f"unknown field '{name}' for {kind}s; fields: {', '.join(fields_of(kind))}")
    return s.key


@dataclass
class Shown:
    record: dict
    related: dict[str, list[dict]] = field(default_factory=dict)
    sources: dict[str, dict] = field(default_factory=dict)


def resolve_at(cat: Any, query: str, view: Any = None) -> dict:
    """An entity in a view (history.View, history.select); an error if it did not exist
    yet on the view's day (or no source had named it by its known-by day)."""
    rec = cat.resolve(query)
    if view is None or not view.active:
        return rec  # the warm path: no need to load the history code
    from aitrack.errors import AitrackError
    from aitrack.store.history import exists_from, first_seen, select

    chosen = select(rec, view)
    if chosen is None:  # a date's str() is its isoformat()
        if view.on is not None and exists_from(rec) > view.on:
            born = exists_from(rec).isoformat()
            raise AitrackError(f"{rec['id']} did not exist yet on {view.on} (it exists from {born})")
        raise AitrackError(f"no source had named {rec['id']} by {view.known_by} (first on {first_seen(rec)})")
    return chosen


def show(cat: Any, query: str, view: Any = None) -> Shown:
    """One entity with what relates to it and every source it cites; view: history.View."""
    from aitrack.dataset.cites import citations

    rec = resolve_at(cat, query, view)
    related: dict[str, list[dict]] = {}
    if rec["kind"] == "lab":
        related.update({k: v for k, v in cat.made_by(rec["id"]).items() if v})
        if rec.get("parent"):
            related["parent"] = [cat.get(rec["parent"])]
        about = cat.predictions_about(rec["id"])
        if about:
            related["predictions"] = about
    elif rec["kind"] in CITED_KINDS:  # a lab is handled above
        maker = rec.get("vendor") or rec.get("lab") or rec.get("maker")
        if maker and maker != "unknown":
            related["maker"] = [cat.get(maker)]
        about = cat.predictions_about(rec["id"])
        if about:
            related["predictions"] = about
    elif rec["kind"] == "prediction":
        related["subjects"] = [cat.get(s) for s in rec.get("subjects", [])]
    elif rec["kind"] == "source":
        cited = [
            r
            for k in KIND_NAMES
            if k != "source"  # a source cites nothing
            for r in cat.kind(k)
            if any(c["source"] == rec["id"] for _, c in citations(r))
        ]
        if cited:
            related["cited by"] = cited
    if view is not None and view.timed:  # only what existed then
        from aitrack.store.history import select

        def existed(item: dict) -> bool:
            full = cat.get(item["id"])
            return full is None or select(full, view.fresh()) is not None

        related = {
            k: kept for k, items in related.items() if (kept := [i for i in items if i and existed(i)]) or not items
        }
    sources = {}
    for _, cite in citations(rec):
        src = cat.get(cite["source"])
        if src:
            sources[src["id"]] = src
    return Shown(rec, related, sources)
