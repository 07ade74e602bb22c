"""The field vocabulary: each kind's fields in display order, their type, and for numbers
the one machine name and fixed unit used by every machine-readable output.

Convention: a numeric field's machine name is `<field>_<unit>`, the unit an SI symbol
with decimal prefixes, `/s` written `ps` for bytes and `FLOPS` for FLOP/s, case
significant: `memory_GB`, `memory_bandwidth_TBps`, `peak_bf16_TFLOPS`, `tdp_W`,
`price_USD`. Counts carry no unit (`cores`, `parameters`). The same name is the JSON
key, the CSV header, the SQLite column, and what --columns and --sort accept; only
human tables may say `memory_bandwidth (TB/s)`. Parts of a value flatten to
`<machine name>_<part>` (`memory_GB_high`, `released_precision`).
"""

from __future__ import annotations

from dataclasses import dataclass

from aitrack import vocab

# Machine unit label -> the suffix of the machine name.
SUFFIX = {"GB": "GB", "TB/s": "TBps", "TFLOP/s": "TFLOPS", "W": "W", "USD": "USD", "count": ""}
# Parts of a quantity that CSV and SQLite carry beside its value.
QUANTITY_PARTS = ("low", "high", "approx", "text")
DATE_PARTS = ("precision",)


@dataclass(frozen=True)
class Spec:
    name: str
    type: str  # text, quantity, date, bool, ref, refs, str, people, sentiment, qtext, day
    dim: str = ""  # quantity dimension
    unit: str = ""  # the fixed machine unit of a quantity, e.g. "TB/s"
    better: str = ""  # "higher", "lower" or ""
    group: int = 0  # 0 identity, 1 numbers, 2 text
    doc: str = ""  # what it means, for schemas, metadata and the README

    @property
    def key(self) -> str:
        """The machine name: memory_bandwidth_TBps, memory_GB, cores."""
        suffix = SUFFIX.get(self.unit, "") if self.type == "quantity" else ""
        return f"{self.name}_{suffix}" if suffix else self.name


def _q(name: str, dim: str, unit: str, better: str, doc: str) -> Spec:
    return Spec(name, "quantity", dim, unit, better, 1, doc)


def _t(name: str, doc: str, group: int = 0, type_: str = "text") -> Spec:
    return Spec(name, type_, group=group, doc=doc)


SPECS: dict[str, list[Spec]] = {
    "chip": [
        _t("vendor", "the lab id of the chip's maker, e.g. nvidia", type_="ref"),
        _t("category", "GPU, TPU, wafer-scale engine, …"),
        _t("architecture", "the chip's architecture as the source names it"),
        _t("released", "when it was released or announced", type_="date"),
        _t("process_node", "fabrication process, e.g. TSMC 4N"),
        _t("memory_type", "e.g. HBM3, on-chip SRAM"),
        _q("memory", "bytes", "GB", "higher", "memory capacity in gigabytes (10^9 bytes), e.g. 80"),
        _q(
            "memory_bandwidth",
            "bandwidth",
            "TB/s",
            "higher",
            "memory bandwidth in terabytes per second (10^12 B/s), e.g. 3.35",
        ),
        _q("cores", "count", "count", "higher", "number of cores, e.g. 900000"),
        _q(
            "peak_bf16",
            "flops",
            "TFLOP/s",
            "higher",
            "dense peak BF16 throughput in teraFLOP/s (10^12 FLOP/s), e.g. 989",
        ),
        # Each precision its own field, never one for another; a figure only given with
        # sparsity says so in a note (docs/data.md).
        _q("peak_fp16", "flops", "TFLOP/s", "higher", "dense peak FP16 throughput in teraFLOP/s, e.g. 989"),
        _q("peak_fp8", "flops", "TFLOP/s", "higher", "dense peak FP8 throughput in teraFLOP/s, e.g. 1979"),
        _q("peak_fp4", "flops", "TFLOP/s", "higher", "dense peak FP4 throughput in teraFLOP/s, e.g. 9000"),
        _q("tdp", "power", "W", "lower", "thermal design power in watts, e.g. 700"),
        _q("price", "usd", "USD", "lower", "list price in US dollars, e.g. 30000"),
        _t("key_advantage", "the strength the source names", 2),
        _t("primary_limitation", "the weakness the source names", 2),
    ],
    "model": [
        _t("lab", "the lab id of the model's maker, e.g. openai", type_="ref"),
        _t("family", "the model family, e.g. GPT-4", type_="str"),
        _t("model_type", "e.g. reasoning model, multimodal model"),
        _t("released", "when it was released or announced", type_="date"),
        _t("open_weights", "whether the weights are published", type_="bool"),
        _t("license", "the licence of the weights"),
        _t("architecture", "e.g. mixture of experts"),
        Spec("parameters", "quantity", "count", "count", "", 1, "number of parameters, e.g. 1800000000000"),
        Spec("active_parameters", "quantity", "count", "count", "", 1, "parameters active per token (MoE)"),
        Spec("context_window", "quantity", "count", "count", "higher", 1, "context window in tokens, e.g. 128000"),
        Spec("training_tokens", "quantity", "count", "count", "", 1, "tokens trained on, e.g. 15000000000000"),
        _t("training_hardware", "the chips it was trained on, e.g. NVIDIA H800"),
        Spec("training_gpus", "quantity", "count", "count", "", 1, "number of GPUs it was trained on"),
        Spec("gpu_hours", "quantity", "count", "count", "", 1, "GPU-hours of training"),
        _t("focus", "what the model is for", 2),
        _t("deployment", "how it is offered", 2),
    ],
    "lab": [
        _t("org_type", "company, research lab, …"),
        _t("country", "where it is based"),
        _t("parent", "the lab id of its parent organisation", type_="ref"),
        Spec("sentiment", "sentiment", group=1, doc="the source's sentiment score, -1 (negative) to 1 (positive)"),
        Spec("people", "people", group=2, doc="people named with the lab, with their role"),
        _t("focus", "what it works on", 2),
        _t("strategy", "its strategy as the source puts it", 2),
        _t("deployment", "how it ships its work", 2),
    ],
    "prediction": [
        _t("statement", "the claim, in one sentence", type_="str"),
        _t("by", "who predicts (a person, outlet or group)", type_="str"),
        _t("made", "when the prediction was made", type_="day"),
        _t("horizon", "the deadline as the source wrote it, e.g. within 12 months", type_="str"),
        _t("due", "when it falls due", type_="day"),
        _t("status", vocab.spoken(vocab.STATUSES), type_="str"),
        _t("prediction_kind", vocab.spoken(vocab.PREDICTION_KINDS), type_="str"),
        _t("subjects", "ids of the entities it is about", type_="refs"),
        _t("value", "the predicted quantity, if any, in its base unit", type_="qtext"),
    ],
    "product": [
        _t("maker", "the lab id of its maker, e.g. nvidia", type_="ref"),
        _t("product_type", "platform, agent runtime, framework, cluster, robot, device, …", type_="str"),
        _t("released", "when it was released or announced", type_="date"),
        Spec("accelerators", "quantity", "count", "count", "", 1, "chips in one system, e.g. 72 in an NVL72 rack"),
        _t("description", "what it is, as the source puts it", 2),
    ],
    "source": [
        _t("source_kind", vocab.spoken(vocab.SOURCE_KINDS), type_="str"),
        _t("title", "the document's title", type_="str"),
        _t("outlet", "who published it", type_="str"),
        _t("published", "when it was published", type_="day"),
        _t("file", "the document's file name in seeds/", type_="str"),
        _t("url", "where an external source lives", type_="str"),
        _t("reliability", f"{vocab.spoken(vocab.RELIABILITIES)} (sections may differ)", type_="str"),
        _t("by", "who speaks, when not the outlet", type_="str"),
    ],
}

IDENTITY = {
    "id": "the entity's stable id (lowercase kebab-case)",
    "kind": f"the entity kind: {vocab.spoken(vocab.LISTED_KINDS)}",
    "name": "the display name",
    "aliases": "other names people type",
    "tags": "tags (kebab-case)",
}


# What a score means, for show, --help and the schema description.
SCALES = {
    "sentiment": (
        "how favourably a source covers the lab, on that source's own scale: above 0 favourable, "
        "below 0 unfavourable, higher is better; the bundled digest states no range (its scores run "
        "from -3.0 to 4.0)"
    ),
}


def spec(kind: str, name: str) -> Spec | None:
    """The spec of a field by its name or its machine name (memory_bandwidth or memory_bandwidth_TBps)."""
    for s in SPECS.get(kind, []):
        if s.name == name or s.key == name:
            return s
    return None


def quantity_fields(kind: str) -> list[str]:
    return [s.name for s in SPECS.get(kind, []) if s.type == "quantity"]


def columns(kind: str) -> list[str]:
    """Every machine column of a kind, in order: what CSV, SQLite and --columns use."""
    cols = ["id", "name", "aliases", "tags"]
    for s in SPECS[kind]:
        cols.append(s.key)
        if s.type == "quantity":
            cols += [f"{s.key}_{p}" for p in QUANTITY_PARTS]
        elif s.type in ("date", "day"):
            cols.append(f"{s.key}_precision")
            if s.type == "day" and kind not in vocab.CITED_KINDS:
                cols += [f"{s.key}_earliest", f"{s.key}_latest"]
        elif s.type == "qtext":
            cols += [f"{s.key}_{p}" for p in ("unit",) + QUANTITY_PARTS]
    if kind in vocab.CITED_KINDS:
        cols.append("caveats")  # a CSV has no footnotes: what the bare values hide (shape.flatten)
    if kind == "prediction":
        cols.insert(cols.index("due_latest") + 1, "due_note")
        cols.insert(cols.index("due_note") + 1, "days_left")
        cols += [
            "probability",
            "source",
            "quote",
            "locator",
            "reliability",
            "section",
            "speaker",
            "resolution_outcome",
            "resolution_on",
            "resolution_note",
            "resolution_evidence",
            "resolution_source",
        ]
    return cols


def column_doc(kind: str, col: str) -> tuple[str, str]:
    """(description, unit) of a machine column, for metadata and schemas."""
    if col in IDENTITY:
        return IDENTITY[col], ""
    if col in EXTRA_DOCS:
        return EXTRA_DOCS[col]
    for s in SPECS[kind]:
        unit = "" if s.unit in ("", "count") else s.unit
        if col == s.key:
            return s.doc, unit
        part = col[len(s.key) + 1 :] if col.startswith(s.key + "_") else ""
        if part in PART_DOCS:
            return PART_DOCS[part].format(name=s.name), unit if part in ("low", "high") else ""
    return "", ""


PART_DOCS = {
    "low": "lower end of the {name} the source states (equals the value unless it gives a range or a bound; empty for 'up to')",
    "high": "upper end of the {name} the source states (equals the value unless it gives a range or a bound; empty for 'at least')",
    "approx": "true when the source gives the {name} as approximate (~, about)",
    "text": "the {name} exactly as the source wrote it, e.g. '~3.35 TB/s'",
    "precision": "precision of the {name} date: year, month or day (the date is the first day of that period)",
    "earliest": "earliest possible {name} date (ISO day)",
    "latest": "latest possible {name} date (ISO day)",
    "unit": "base unit of the {name}: B, B/s, FLOP/s, OP/s, W, USD, count, % or x",
}
EXTRA_DOCS = {
    "caveats": (
        "per field, what its bare value hides: the note, the derivation, a speculative grade "
        "(e.g. 'memory_GB: derived: DGX B200 total ÷ 8 | category: speculative')",
        "",
    ),
    "due_note": ("why the due date is uncertain, e.g. 'within 12 months of publication'", ""),
    "days_left": (
        "days from today to the latest possible due date (negative: overdue); empty when resolved or unknown",
        "days",
    ),
    "probability": ("the stated probability, 0 to 1", ""),
    "source": ("the source id the prediction comes from", ""),
    "quote": ("the verbatim sentence from the source", ""),
    "locator": ("where in the source (section, page)", ""),
    "reliability": (
        f"the grade of the source or its section: {vocab.spoken(vocab.RELIABILITIES)}",
        "",
    ),
    "section": ("the graded section of the source the quote sits in", ""),
    "speaker": ("who speaks in that section, when the outlet only hosts it", ""),
    "resolution_outcome": (vocab.spoken(vocab.OUTCOMES), ""),
    "resolution_on": ("when it was resolved (ISO day)", ""),
    "resolution_note": ("what happened", ""),
    "resolution_evidence": ("URL of the evidence", ""),
    "resolution_source": ("source id of the evidence", ""),
}
