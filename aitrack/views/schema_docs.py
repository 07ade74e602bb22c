"""What editors need beyond the models: a description (meaning, unit, example) on every
field of the data-file schemas, and patterns for dates and quantities, so
check-jsonschema and yaml-language-server flag `released: "March 2024"` or
`~21 PBps/sec` as you type. The patterns follow aitrack.quantity's grammar (validate
stays the authority; the patterns accept what it accepts in every bundled file)."""

from __future__ import annotations

from aitrack.quantity import (
    COUNT_NOUNS,
    LOWER_BOUNDS,
    LOWER_SYMBOLS,
    NUMBER,
    SPELLED_PREFIXES,
    UPPER_BOUNDS,
    UPPER_SYMBOLS,
)
from aitrack.vocab import CONFIDENCES, OUTCOMES, RELIABILITIES, spoken


def _ci(word: str) -> str:
    """A case-insensitive ECMA regex for a word (JSON Schema patterns take no flags)."""
    return "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else c for c in word)


def _any(*words: str) -> str:
    return "(?:" + "|".join(_ci(w) for w in words) + ")"


DATE = r"^(?:unknown|[0-9]{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12][0-9]|3[01]))?)?)$"
DATE_DOC = "a date as precise as the source: YYYY, YYYY-MM or YYYY-MM-DD, or unknown; e.g. 2024-03"
_NUM = f"(?:{NUMBER})"
_APPROX = r"(?:~|≈|" + _any("approx") + r"\.?\s+|" + _any("about") + r"\s+)?"
_BOUND = (
    r"(?:(?:"
    + "|".join(_any(w).replace(" ", r"\s+") for w in UPPER_BOUNDS + LOWER_BOUNDS)
    + "|"
    + "|".join(UPPER_SYMBOLS + LOWER_SYMBOLS)
    + r")\s*)?"
)
_PER_S = (
    r"(?:\s*/\s*"
    + _any("s", "sec", "second")
    + r"|\s+"
    + _ci("per")
    + r"\s+"
    + _any("s", "sec", "second")
    + r"|"
    + _ci("ps")
    + ")"
)
_SPELLED = _any(*SPELLED_PREFIXES)
_BYTES = r"(?:[KkMmGgTtPpEe]?[iI]?[bB]|" + _SPELLED + "?" + _any("byte", "bytes") + ")"
_MULT = r"(?:[KMBT]|k|bn|" + _any("thousand", "million", "billion", "trillion") + ")"
_NOUN = _any(*COUNT_NOUNS)  # case-insensitive: GPUs and gpus alike
UNIT = {
    "bytes": _BYTES,
    "bandwidth": _BYTES + _PER_S,
    "flops": r"(?:[kKMmGgTtPpEe]?"
    + _any("flops", "flop/s", "flops/s", "flop")
    + _PER_S
    + "?|"
    + _SPELLED
    + "?"
    + _any("flops", "flop/s")
    + ")",
    "power": r"(?:[kKMG]?[wW]|" + _SPELLED + "?" + _any("watt", "watts") + ")",
    "count": r"(?:" + _MULT + r"?(?:\s*" + _NOUN + ")?)",
}


def quantity_pattern(dim: str) -> str:
    """A regex for a quantity of this dimension as curators write it."""
    head = r"^\s*" + _APPROX + r"\s*" + _BOUND + _APPROX + r"[-+]?"
    span = _NUM + r"(?:\s*(?:-|–|" + _ci("to") + r")\s*\$?" + _NUM + ")?"
    if dim == "usd":
        return (
            head
            + r"(?:\$|USD\s*)\s*"
            + span
            + r"\s*(?:"
            + _MULT
            + r")?(?:\s*USD)?\s*$|^\s*"
            + span
            + r"\s*"
            + _MULT
            + r"?\s*(?:USD|"
            + _ci("dollars")
            + r")\s*$"
        )
    return head + span + r"\s*" + UNIT[dim] + r"\s*$"


EXAMPLES = {
    "bytes": "80 GB",
    "bandwidth": "~3.35 TB/s",
    "flops": "989 TFLOPS",
    "power": "700 W",
    "usd": "$30,000",
    "count": "900,000 cores",
}
FACT_DOCS = {
    "source": "the id of a source in sources.yaml, e.g. ainews-dual-track",
    "quote": "the sentence the value comes from, copied verbatim from the document (three words or more); "
    "not needed for an external source",
    "locator": "where in the source: a section, table or page, e.g. 'AINews Verdict & Predictions, 1'",
    "note": "a caveat that travels with the value, e.g. 'H100 SXM'",
    "inferred": "true when the value is inferred rather than stated (say why in note)",
    "as_of": "when the source said it (reported time), " + DATE_DOC + "; default: the source's date",
    "confidence": f"{spoken(CONFIDENCES)}; set by hand only with confidence_reason",
    "confidence_reason": "why the confidence was set by hand",
    "derived": "how the value was derived from the quote, e.g. 'DGX B200 total ÷ 8'",
    "supersedes": "the source id, or the value as written, of the fact this one replaces",
}


def _describe(prop: dict, text: str) -> None:
    prop.setdefault("description", text)


def _date(prop: dict) -> None:
    """A date property (maybe nullable): its string branch gets the pattern; a bare
    year (YAML reads 2024 as a number) stays allowed."""
    branches = prop.get("anyOf") or [prop]
    for b in branches:
        if b.get("type") == "string":
            b["pattern"] = DATE
    _describe(prop, DATE_DOC)


def enrich(schema: dict, kind: str) -> dict:
    """Add descriptions and patterns to a data-file schema in place; returns it."""
    from aitrack.dataset.fields import IDENTITY, SPECS

    defs = schema.get("$defs", {})
    for name, d in defs.items():
        props = d.get("properties", {})
        for key, text in FACT_DOCS.items():
            if key in props:
                _describe(props[key], text)
        for key in ("as_of", "valid_from", "valid_until"):
            if key in props:
                _date(props[key])
        dim = {
            "BandwidthFact": "bandwidth",
            "BytesFact": "bytes",
            "CountFact": "count",
            "PowerFact": "power",
            "FlopsFact": "flops",
            "UsdFact": "usd",
        }.get(name)
        if dim and "value" in props:
            props["value"] = {
                "anyOf": [{"type": "string", "pattern": quantity_pattern(dim)}]
                + ([{"type": "number"}] if dim == "count" else []),
                "description": f"the quantity as the source writes it, e.g. {EXAMPLES[dim]}",
            }
        elif name in ("DateFact",) and "value" in props:
            _date(props["value"])
        elif name == "EventFact" and "date" in props:
            _date(props["date"])
        if name in ("InferredRange",):
            for key in ("earliest", "latest"):
                _date(props[key])
        if name == "Resolution" and "on" in props:
            _date(props["on"])
        if "value" in props:
            _describe(props["value"], "the value as the source gives it")
        for key, prop in props.items():
            _describe(prop, _DEF_DOCS.get(key, key.replace("_", " ")))
    item = schema["items"]
    props = item.get("properties", {})
    for key, text in IDENTITY.items():
        # A data file's `kind` is the kind of source or prediction, not the entity's kind.
        if key in props and key != "kind":
            _describe(
                props[key],
                text
                + (
                    {
                        "id": ", e.g. h100",
                        "name": ", e.g. NVIDIA H100",
                        "aliases": ", e.g. [H100 GPU]",
                        "tags": ", e.g. [gpu]",
                    }.get(key, "")
                ),
            )
    for s in SPECS.get(kind, []):
        if s.name not in props:
            continue
        unit = f" (exported as {s.key}, in {s.unit})" if s.type == "quantity" and s.unit not in ("", "count") else ""
        example = (
            f"; write it as the source does, e.g. {EXAMPLES[s.dim]}"
            if s.type == "quantity"
            else f"; {DATE_DOC}"
            if s.type == "date"
            else ""
        )
        _describe(props[s.name], s.doc + unit + example)
        if s.type == "day":
            _date(props[s.name])
    if kind == "prediction" and "value" in props:
        props["value"]["description"] = "the predicted quantity as the source writes it, e.g. $40-60B or 70%"
    for key in ("notes", "cite", "events", "facts", "kind", "horizon", "probability", "resolution", "statement"):
        if key in props:
            _describe(props[key], _ENTRY_DOCS.get(key, key))
    for key, prop in props.items():
        _describe(prop, key.replace("_", " "))
    return schema


_DEF_DOCS = {
    "role": "the person's role as the source gives it, e.g. CEO",
    "outcome": spoken(OUTCOMES),
    "on": "when it was resolved, " + DATE_DOC,
    "evidence": "URL of the evidence",
    "reason": "why: how the range or the entry was decided",
    "earliest": "the earliest possible date, " + DATE_DOC,
    "latest": "the latest possible date, " + DATE_DOC,
    "reliability": f"{spoken(RELIABILITIES)}; primary is the vendor or lab itself",
    "heading": "a section heading quoted from the document",
    "by": "who speaks in that section",
    "date": "when it happened, " + DATE_DOC,
    "name": "the name as written",
    "sentence": "the sentence, verbatim",
}
_ENTRY_DOCS = {
    "notes": "free-text notes for curators (not shown as data)",
    "cite": "where the documents name this entity: source and quote",
    "events": "dated events with a source, e.g. {date: 2024-03, value: Launched, source: …, quote: …}",
    "facts": "other cited statements about the entity",
    "kind": "the kind of source or prediction (see the allowed values)",
    "horizon": "the deadline as the source wrote it, e.g. 'within 12 months', 'by end of 2026', 'H2 2025'",
    "probability": "the stated probability, 0 to 1",
    "resolution": "how the prediction turned out: outcome, on (date), note, and evidence URL or source",
    "statement": "the claim in one sentence",
}
