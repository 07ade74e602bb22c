"""The machine shape of a record: the one JSON object per kind that list, show,
predictions and the exports print, and its flattening into CSV/SQLite columns.

Rules (documented in the README): every field of the kind is present, null when
missing (a stated `unknown` is a fact whose value is null); numbers are floats in the
fixed unit their key names (dataset.fields); a quantity keeps value, low, high, approx
and text; a date is the first ISO day of the period with a `precision` (year, month,
day); every fact carries its citation and caveats.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from aitrack.dataset.fields import DATE_PARTS, QUANTITY_PARTS, SPECS, Spec
from aitrack.vocab import CITED_KINDS

# A fact's citation, caveats and trust (dataset.trust): always present in JSON, null when
# the data has none. as_of is a date like any other: first ISO day plus as_of_precision;
# valid_from and valid_until (a given end) are ISO days.
CITE_KEYS = (
    "source",
    "quote",
    "locator",
    "section",
    "speaker",
    "note",
    "inferred",
    "derived",
    "supersedes",
    "reliability",
    "confidence",
    "confidence_reason",
    "as_of",
    "as_of_basis",
    "valid_from",
    "valid_until",
    "valid_basis",
    "current",
)
_FACTORS = {"GB": 1e9, "TB/s": 1e12, "TFLOP/s": 1e12, "W": 1.0, "USD": 1.0, "count": 1.0}


def iso(text: Any) -> tuple[str | None, str | None]:
    """('2024-03-01', 'month') for '2024-03'; (None, None) for unknown or missing."""
    if not text or text == "unknown":
        return None, None
    s = str(text)
    if len(s) == 4:
        return f"{s}-01-01", "year"
    if len(s) == 7:
        return f"{s}-01", "month"
    return s[:10], "day"


def written(day: str | None, precision: str | None) -> str:
    """A date as curators write it: '2026' for year precision, '2026-05' for month."""
    if not day:
        return "unknown"
    return day[:4] if precision == "year" else day[:7] if precision == "month" else day


def number(v: float | None, factor: float = 1.0) -> float | None:
    """A base-unit number in a unit of `factor`, without float noise (3.35, not 3.3499999).
    Always a float (80.0, not 80): a field keeps one JSON type on every line of JSON
    Lines, which readers that infer a column's type from the first lines need (polars)."""
    if v is None:
        return None
    return float(f"{v / factor:.12g}")


def quantity(q: dict, factor: float = 1.0) -> dict:
    """value, low, high, approx, text of a parsed quantity, in the unit of factor."""
    value = number(q["value"], factor)
    if q.get("high") is not None:
        low, high = value, number(q["high"], factor)
    elif q.get("bound") == "at most":  # "up to 288GB": value is the upper bound
        low, high = None, value
    elif q.get("bound") == "at least":
        low, high = value, None
    else:
        low = high = value
    return {"value": value, "low": low, "high": high, "approx": bool(q.get("approx")), "text": q.get("text")}


def citation(raw: dict) -> dict:
    out = {k: raw.get(k) for k in CITE_KEYS}
    out["inferred"] = bool(raw.get("inferred")) if "inferred" in raw else None
    day, precision = iso(raw.get("as_of"))
    out["as_of"], out["as_of_precision"] = day, precision
    out["valid_from"], out["valid_until"] = iso(raw.get("valid_from"))[0], iso(raw.get("valid_until"))[0]
    latest = raw.get("as_of_latest")  # an inferred publication range: as_of is its start
    out["as_of_latest"] = latest or (_span_end(raw.get("as_of")) if day else None)
    return out


def _span_end(text: Any) -> str | None:
    from aitrack.dates import span

    got = span(str(text))
    return got[1].isoformat() if got else None


def stated(value: Any) -> Any:
    """A value as machines read it: a stated `unknown` (looked for, not found in any
    source) is null, like a missing one; the fact around it keeps its citation."""
    return None if value == "unknown" else value


def fact(raw: dict, value: Any) -> dict:
    return {"value": value(raw["value"]), **citation(raw)}


def _field(s: Spec, raw: Any) -> Any:
    if s.type == "quantity":
        factor = _FACTORS[s.unit]
        return {**quantity(raw["value"], factor), **citation(raw)} if raw else None
    if s.type == "date":
        if not raw:
            return None
        day, precision = iso(raw["value"])
        return {"value": day, "precision": precision, **citation(raw)}
    if s.type in ("text", "bool"):  # a stated unknown (country: unknown) is a null value, cited
        return fact(raw, stated) if raw else None
    if s.type == "sentiment":
        return [fact(x, float) for x in raw or []]
    if s.type == "people":
        return [{"name": p["value"], "role": p.get("role"), **citation(p)} for p in raw or []]
    if s.type == "refs":
        return list(raw or [])
    if s.type == "ref" and raw == "unknown":
        return None  # JSON has one spelling of missing: null (also NULL in SQLite)
    return raw


def _window(out: dict, name: str, text: Any, window: list | None) -> None:
    """name, name_precision, name_earliest, name_latest: the window the date may fall in
    (a horizon's, e.g. H2 2025 or "within 12 months" of an undated document), else the
    stated date's own span."""
    day, precision = iso(text)
    out[name], out[f"{name}_precision"] = day, precision
    if window:
        out[f"{name}_earliest"], out[f"{name}_latest"] = window[0], window[1]
    elif day:
        from aitrack.dates import span

        days = span(str(text))  # None only for a date no record passing validation holds
        out[f"{name}_earliest"], out[f"{name}_latest"] = (
            (days[0].isoformat(), days[1].isoformat()) if days else (None, None)
        )
    else:
        out[f"{name}_earliest"] = out[f"{name}_latest"] = None


def field_value(kind: str, name: str, value: Any) -> tuple[str, Any]:
    """(machine name, value in its fixed unit) of one raw field value, for listings that
    carry single values (changes): memory + 384e9 B -> memory_GB + {value: 384, ...}."""
    from aitrack.dataset.fields import spec

    s = spec(kind, name)
    if s is None:
        return name, value
    if s.type == "quantity" and isinstance(value, dict) and "unit" in value:
        return s.key, quantity(value, _FACTORS[s.unit])
    if s.type == "date" and isinstance(value, str):
        day, precision = iso(value)
        return s.key, {"value": day, "precision": precision}
    return s.key, stated(value) if s.type in ("text", "bool", "ref") else value


def days_left(row: dict, today: date | None) -> int | None:
    """Days from today to the latest possible due date; None when resolved or unknown."""
    if today is None or row.get("status", "open") != "open" or not row.get("due_latest"):
        return None
    return (date.fromisoformat(row["due_latest"]) - today).days


def shape(rec: dict, today: date | None = None) -> dict:
    """The JSON object of a record (see the module docstring)."""
    kind = rec["kind"]
    out: dict[str, Any] = {
        "id": rec["id"],
        "kind": kind,
        "name": rec["name"],
        "aliases": list(rec.get("aliases", [])),
        "tags": list(rec.get("tags", [])),
    }
    if kind == "prediction":
        return _prediction(rec, out, today)
    if kind == "source":
        for key in ("source_kind", "title", "outlet"):
            out[key] = rec.get(key)
        inferred = rec.get("published_inferred") or {}
        _window(
            out, "published", rec.get("published"), [inferred["earliest"], inferred["latest"]] if inferred else None
        )
        out["published_reason"] = inferred.get("reason")
        for key in ("file", "sha256", "url", "reliability", "by", "notes"):
            out[key] = rec.get(key)
        # parts graded apart from the whole (e.g. an aggregator's AI-generated analysis)
        out["sections"] = [
            {k: sec.get(k) for k in ("heading", "locator", "reliability", "by", "note")}
            for sec in rec.get("sections", [])
        ]
        return out
    for s in SPECS[kind]:
        out[s.key] = _field(s, rec.get(s.name))
    history = rec.get("history") or {}
    # Every dated fact a field has had, oldest first, each flagged `current`.
    out["history"] = {s.key: [_field(s, f) for f in history[s.name]] for s in SPECS[kind] if s.name in history}
    out["cite"] = [citation(c) for c in rec.get("cite", [])]
    out["events"] = [
        {"date": iso(e["date"])[0], "date_precision": iso(e["date"])[1], "value": e["value"], **citation(e)}
        for e in rec.get("events", [])
    ]
    out["facts"] = [fact(f, lambda v: v) for f in rec.get("facts", [])]
    out["notes"] = rec.get("notes")
    return out


def _prediction(rec: dict, out: dict, today: date | None) -> dict:
    out["statement"], out["by"] = rec["statement"], rec["by"]
    _window(out, "made", rec.get("made"), rec.get("made_window"))
    out["horizon"] = rec.get("horizon")
    _window(out, "due", rec.get("due"), rec.get("due_window"))
    out["due_note"] = rec.get("due_note")
    out["status"] = rec.get("status", "open")
    out["days_left"] = days_left(out, today)
    out["prediction_kind"] = rec["prediction_kind"]
    out["subjects"] = list(rec.get("subjects", []))
    q = rec.get("value")
    out["value"] = {"unit": q["unit"], **quantity(q)} if q else None
    out["probability"] = rec.get("probability")
    for key in ("source", "quote", "locator", "reliability", "section", "speaker"):
        out[key] = rec.get(key)
    res = rec.get("resolution")
    out["resolution"] = (
        None
        if not res
        else {
            "outcome": res["outcome"],
            "on": res["on"],
            "note": res["note"],
            "evidence": res.get("evidence"),
            "source": res.get("source"),
            "quote": res.get("quote"),
        }
    )
    out["notes"] = rec.get("notes")
    return out


def flatten(obj: dict) -> dict:
    """The CSV/SQLite row of a shape: a fact's value under its key, its parts as
    `<key>_<part>`; citations, lists of facts and nested history are left to JSON."""
    row: dict[str, Any] = {}
    for key, value in obj.items():
        if key == "history":
            continue
        if isinstance(value, dict):
            if key == "resolution":
                row.update({f"resolution_{k}": v for k, v in value.items() if k != "quote"})
                continue
            row[key] = value.get("value")
            for part in ("unit",) + QUANTITY_PARTS + DATE_PARTS:
                if part in value:
                    row[f"{key}_{part}"] = value[part]
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            first = value[0]  # sentiment: the first score; people: the names
            row[key] = [v["name"] for v in value] if "name" in first else first.get("value")
        elif value is not None and value != []:
            row[key] = value
    if obj.get("kind") in CITED_KINDS:
        row["caveats"] = caveats(obj) or None
    return row


def caveats(obj: dict) -> str:
    """Per field of a shape, its note, derivation and a speculative grade, fields joined
    with ' | ': the CSV's stand-in for the footnotes a table prints under itself."""
    parts = []
    for key, value in obj.items():
        if not isinstance(value, dict) or key in ("history", "resolution") or "confidence" not in value:
            continue
        said = [
            x
            for x in (
                value.get("note") and " ".join(value["note"].split()),
                value.get("derived") and f"derived: {value['derived']}",
                value.get("confidence") == "speculative" and "speculative",
            )
            if x
        ]
        if said:
            parts.append(f"{key}: " + "; ".join(said))
    return " | ".join(parts)
