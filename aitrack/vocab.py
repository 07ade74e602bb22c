"""Every closed set of words aitrack knows, written once: the kinds of entity, a
prediction's kinds, statuses and outcomes, the confidence and reliability grades, the
kinds of source, the product types, and the output and export formats.

Each set is a `Literal` type (what the pydantic schema checks) with its values as a tuple
derived from it (what queries, completion, help text and the JSON schemas use), so no
other module spells the members out; tests/test_vocabulary.py enforces that. Only
`typing` is imported: the warm path (a cache hit) imports this module too.
"""

from __future__ import annotations

from typing import Literal, get_args

# The kinds of entity. Sources come first: every other kind cites them.
Kind = Literal["source", "lab", "chip", "model", "prediction", "product"]
KIND_NAMES: tuple[str, ...] = get_args(Kind)
# The kinds cited by documents and carrying dated facts (schema.Cited): not the sources
# themselves, nor predictions, which are claims rather than facts.
CITED_KINDS = tuple(k for k in KIND_NAMES if k not in ("source", "prediction"))
# The kinds named to a reader (help, counts, completion): what is tracked, then the
# sources it is read from.
LISTED_KINDS = tuple(k for k in KIND_NAMES if k != "source") + ("source",)

# A prediction's outcome once resolved, and its status: open until then.
Outcome = Literal["true", "false", "partial", "void"]
Status = Literal["open", Outcome]
OUTCOMES: tuple[str, ...] = get_args(Outcome)
STATUSES: tuple[str, ...] = get_args(Status)

PredictionKind = Literal["forecast", "estimate", "commitment", "speculation"]
PREDICTION_KINDS: tuple[str, ...] = get_args(PredictionKind)

# How sure a fact is, strongest first; CONFIDENCE_RANK compares them (0 is the most confident).
Confidence = Literal["confident", "likely", "speculative"]
CONFIDENCES: tuple[str, ...] = get_args(Confidence)
CONFIDENCE_RANK = {c: i for i, c in enumerate(CONFIDENCES)}

# Where a fact's valid time (valid_from: when it began to hold in the world) comes from:
# given by the curator, the entity's release (a spec), the dated section or table it is
# quoted from, its source's date (published or inferred), or unknown.
ValidBasis = Literal["given", "release", "section", "published", "inferred", "unknown"]
VALID_BASES: tuple[str, ...] = get_args(ValidBasis)

# Who a source (or a section of it) is: primary is the vendor or lab itself.
Reliability = Literal["primary", "reporting", "analysis", "opinion", "ai-generated"]
RELIABILITIES: tuple[str, ...] = get_args(Reliability)

# A source is a document in the dataset (add-source offers these) or an external one (a URL).
DocumentKind = Literal["analysis-article", "podcast-summary", "news-digest", "news-brief"]
SourceKind = Literal[DocumentKind, "external"]
DOCUMENT_KINDS: tuple[str, ...] = get_args(DocumentKind)
SOURCE_KINDS: tuple[str, ...] = get_args(SourceKind)

ProductType = Literal[
    "platform",
    "service",
    "framework",
    "agent-runtime",
    "cluster",
    "robot",
    "device",
    "research-tool",
    "benchmark",
    "project",
    "technique",
]
PRODUCT_TYPES: tuple[str, ...] = get_args(ProductType)

# What -f prints: the delimited formats write one sheet, the JSON ones the data itself.
DelimitedFormat = Literal["csv", "tsv"]
JsonFormat = Literal["json", "jsonl"]
OutputFormat = Literal["table", DelimitedFormat, JsonFormat, "markdown"]
DELIMITED_FORMATS: tuple[str, ...] = get_args(DelimitedFormat)
JSON_FORMATS: tuple[str, ...] = get_args(JsonFormat)
OUTPUT_FORMATS: tuple[str, ...] = get_args(OutputFormat)

# What `diff` says happened to a field: a new value, its first value (or a new item of a
# list field), its value (or an item) taken away, or the same value cited differently
# (another source or quote, or a changed note or given date).
DiffChange = Literal["changed", "added", "removed", "recited"]
DIFF_CHANGES: tuple[str, ...] = get_args(DiffChange)

# What `export` writes; only the JSON ones can go to stdout.
ExportFormat = Literal["sqlite", JsonFormat, "csv"]
EXPORT_FORMATS: tuple[str, ...] = get_args(ExportFormat)

# What `aitrack chart` draws (its subcommands), and the images it writes, chosen by the
# output file's extension (.svg, .png).
ChartKind = Literal["compare", "trend", "timeline"]
CHART_KINDS: tuple[str, ...] = get_args(ChartKind)
ImageFormat = Literal["svg", "png"]
IMAGE_FORMATS: tuple[str, ...] = get_args(ImageFormat)


def spoken(words: tuple[str, ...] | list[str], last: str = "or") -> str:
    """A set as help text and messages say it: 'open, true, false, partial or void'."""
    words = list(words)
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} {last} {words[-1]}"


def plurals(kinds: tuple[str, ...] = LISTED_KINDS) -> list[str]:
    """The kinds as commands take them: labs, chips, models…"""
    return [f"{k}s" for k in kinds]
