"""What each kind's fields are for display: order, type, fixed CSV unit, and which
direction is better. Used by list, show and compare; the schema stays about validity."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Spec:
    name: str
    type: str  # text, quantity, date, bool, score, ref, refs, str, people, sentiment
    dim: str = ""  # quantity dimension
    csv_unit: str = ""  # fixed unit for CSV/TSV/JSON-free columns, e.g. "TB/s"
    better: str = ""  # "higher", "lower" or ""
    group: int = 0  # 0 identity, 1 numbers, 2 text


def _q(name: str, dim: str, unit: str, better: str = "") -> Spec:
    return Spec(name, "quantity", dim, unit, better, 1)


SPECS: dict[str, list[Spec]] = {
    "chip": [
        Spec("vendor", "ref"), Spec("category", "text"), Spec("architecture", "text"),
        Spec("released", "date"), Spec("process_node", "text"), Spec("memory_type", "text"),
        _q("memory", "bytes", "GB", "higher"), _q("memory_bandwidth", "bandwidth", "TB/s", "higher"),
        _q("cores", "count", "count", "higher"), _q("peak_bf16", "flops", "TFLOP/s", "higher"),
        _q("tdp", "power", "W", "lower"), _q("price", "usd", "USD", "lower"),
        Spec("key_advantage", "text", group=2), Spec("primary_limitation", "text", group=2),
    ],
    "model": [
        Spec("lab", "ref"), Spec("family", "str"), Spec("model_type", "text"), Spec("released", "date"),
        Spec("open_weights", "bool"), Spec("license", "text"), Spec("architecture", "text"),
        _q("parameters", "count", "count"),
        Spec("focus", "text", group=2), Spec("deployment", "text", group=2),
    ],
    "lab": [
        Spec("org_type", "text"), Spec("country", "text"), Spec("parent", "ref"),
        Spec("sentiment", "sentiment", group=1), Spec("people", "people", group=2),
        Spec("focus", "text", group=2), Spec("strategy", "text", group=2), Spec("deployment", "text", group=2),
    ],
    "prediction": [
        Spec("statement", "str"), Spec("by", "str"), Spec("made", "str"), Spec("horizon", "str"),
        Spec("due", "str"), Spec("status", "str"), Spec("prediction_kind", "str"),
        Spec("subjects", "refs"), Spec("value", "qtext"),
    ],
    "product": [
        Spec("maker", "ref"), Spec("product_type", "str"), Spec("released", "date"),
        Spec("description", "text", group=2),
    ],
    "source": [
        Spec("source_kind", "str"), Spec("title", "str"), Spec("outlet", "str"),
        Spec("published", "str"), Spec("file", "str"), Spec("url", "str"),
    ],
}


# What a score means, for show, --help and the schema description.
SCALES = {
    "sentiment": ("how favourably a source covers the lab, on that source's own scale: above 0 favourable, "
                  "below 0 unfavourable, higher is better; the bundled digest states no range (its scores run "
                  "from -3.0 to 4.0)"),
}


def spec(kind: str, name: str) -> Spec | None:
    for s in SPECS.get(kind, []):
        if s.name == name:
            return s
    return None


def quantity_fields(kind: str) -> list[str]:
    return [s.name for s in SPECS.get(kind, []) if s.type == "quantity"]


def csv_header(s: Spec) -> str:
    """A column name that carries its unit, e.g. memory_bandwidth_TBps."""
    if s.type != "quantity" or s.csv_unit in ("", "count"):
        return s.name
    return f"{s.name}_{s.csv_unit.replace('/s', 'ps').replace('/', '').replace(' ', '')}"
