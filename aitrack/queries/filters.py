"""list's filters: which kinds each applies to, the user's values checked against the
data (with 'did you mean'), and whether a record matches. The CLI and the API share them."""

from __future__ import annotations

from typing import Any

from aitrack.errors import UsageError
from aitrack.kinds import fold
from aitrack.vocab import KIND_NAMES, STATUSES

# Which kinds each list filter applies to, and the option to use instead on the others.
FILTER_KINDS = {
    "lab": ("model",),
    "vendor": ("chip",),
    "maker": ("product",),
    "country": ("lab",),
    "status": ("prediction",),
    "open_weights": ("model",),
    "tags": KIND_NAMES,
}
OPTION = {
    "lab": "--lab",
    "vendor": "--vendor",
    "maker": "--maker",
    "country": "--country",
    "status": "--status",
    "open_weights": "--open-weights/--closed-weights",
    "tags": "--tag",
}
INSTEAD = {
    ("lab", "chip"): "vendor",
    ("vendor", "model"): "lab",
    ("country", "chip"): "vendor",
    ("country", "model"): "lab",
    ("lab", "product"): "maker",
    ("vendor", "product"): "maker",
    ("maker", "chip"): "vendor",
    ("maker", "model"): "lab",
    ("country", "product"): "maker",
}


def wanted(
    lab: str | None,
    vendor: str | None,
    maker: str | None,
    tag: str | None,
    country: str | None,
    status: str | None,
    open_weights: bool | None,
) -> dict[str, str | None]:
    """`list`'s filter options (CLI and API alike) as check_filters takes them."""
    flag = None if open_weights is None else str(bool(open_weights)).lower()
    return {
        "lab": lab,
        "vendor": vendor,
        "maker": maker,
        "tags": tag,
        "country": country,
        "status": status,
        "open_weights": flag,
    }


def check_filters(cat: Any, kind: str, filters: dict[str, str | None]) -> tuple[dict[str, Any], list[str]]:
    """Refuse a filter that cannot apply to the kind (usage error naming the right option)
    and a value that matches nothing (unknown, with suggestions). Returns the filters
    with lab ids resolved (a lab stands for itself and its subsidiaries) and notes for
    the user about how a value was read."""
    notes: list[str] = []
    out: dict[str, Any] = {}
    for name, wanted in filters.items():
        if wanted is None:
            continue
        if kind not in FILTER_KINDS[name]:
            instead = INSTEAD.get((name, kind))
            hint = f"; for {kind}s use {OPTION[instead]}" if instead else ""
            applies = " and ".join(f"{k}s" for k in FILTER_KINDS[name])
            raise UsageError(f"{OPTION[name]} filters {applies}, not {kind}s{hint}")
        if name in ("lab", "vendor", "maker"):
            out[name], note = _lab_group(cat, kind, name, wanted)
            notes += [note] if note else []
        elif name == "status":
            out[name] = _known(wanted, STATUSES, "status")
        elif name in ("tags", "country"):
            present = {str(v) for r in cat.kind(kind, slim=True) for v in _as_list(r.get(name))}
            out[name] = _known(wanted, sorted(present), "tag" if name == "tags" else "country")
        else:
            out[name] = wanted
    return out, notes


def _as_list(value: Any) -> list:
    return [] if value is None else value if isinstance(value, list) else [value]


def _known(wanted: str, values: Any, what: str) -> str:
    """wanted if some value folds to it, else NotFoundError with close spellings (or,
    for a short closed list, every valid value)."""
    import difflib

    from aitrack.errors import NotFoundError

    by_fold = {fold(v): v for v in values}
    if fold(wanted) in by_fold:
        return by_fold[fold(wanted)]
    close = difflib.get_close_matches(fold(wanted), list(by_fold), n=3, cutoff=0.5)
    close += [k for k in by_fold if fold(wanted) and fold(wanted) in k and k not in close]
    values = list(values)
    if not close and len(values) <= 6:
        raise NotFoundError(wanted, values, what=what)
    raise NotFoundError(wanted, [by_fold[c] for c in close[:3]], what=what)


def _lab_group(cat: Any, kind: str, name: str, wanted: str) -> tuple[set[str], str]:
    """The lab an id or alias names plus its subsidiaries; when none of them has any
    entity of this kind but its parent does, the parent's group, with a note saying so."""
    from aitrack.errors import NotFoundError

    if wanted.strip().lower() == "unknown":  # entities whose maker the documents do not name
        return {"unknown"}, ""
    try:
        rec = cat.resolve(wanted, "lab")
    except NotFoundError as exc:
        raise NotFoundError(wanted, exc.suggestions, what="lab") from None

    def group(lab: str) -> set[str]:
        return {lab} | {sub["id"] for sub in cat.made_by(lab)["labs"]}

    ids = group(rec["id"])
    owned = {r.get(name) for r in cat.kind(kind, slim=True)}
    if not ids & owned and rec.get("parent") and group(rec["parent"]) & owned:
        parent = cat.get(rec["parent"]) or {"id": rec["parent"], "name": rec["parent"]}
        return group(parent["id"]), (
            f"aitrack: {rec['id']} has no {kind}s of its own; showing those of its parent "
            f"{parent['id']} ({parent['name']})"
        )
    return ids, ""


def ref(record: dict, name: str) -> Any:
    """A flat record's reference; "unknown" when stated unknown (present, no value)."""
    value = record.get(name)
    return "unknown" if value is None and name in record else value


def matches(record: dict, name: str, wanted: str) -> bool:
    value = record.get(name)
    if value is None:  # a field stated unknown is present with no value: --lab unknown finds it
        return name in record and fold(wanted) == "unknown"
    if isinstance(value, bool):
        return value == (fold(wanted) in ("true", "yes", "1"))
    values = value if isinstance(value, list) else [value]
    return any(fold(str(v)) == fold(wanted) for v in values)
