"""Pydantic models for the kinds: source, lab, chip, model, prediction, product.

Unknown fields are forbidden everywhere. A fact carries its citation inline
(`source`, `quote`, optional `locator` and `note`), so no value is ever separated from
the sentence it came from, and its trust inline too (`as_of`, `valid_from`, `valid_until`,
`confidence`, `derived`, `supersedes`). A field may hold one fact or a list of dated facts (its history).
Cross-entity rules (references, unique aliases, quotes found in the documents, values
found in their quotes, conflicts) live in check.py, values.py and trust.py.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, TypeVar

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Discriminator, Field, Tag, model_validator

from aitrack import vocab
from aitrack.dataset import rules
from aitrack.dataset.fields import SCALES

ID_RE = rules.ID_RE
# The checks themselves are plain functions in rules.py.
_id, _date, _quote, _outcome_word = rules.check_id, rules.check_date, rules.check_quote, rules.outcome_word


def _dim_check(dim: str):
    def check(v: Any) -> Any:
        return rules.check_dim(v, dim)

    return check


Id = Annotated[str, AfterValidator(_id)]
Outcome = Annotated[vocab.Outcome, BeforeValidator(_outcome_word)]
Status = Annotated[vocab.Status, BeforeValidator(_outcome_word)]
DateStr = Annotated[str, BeforeValidator(_date)]
Quote = Annotated[str, AfterValidator(_quote)]
Text = Annotated[str, Field(min_length=1)]


class Strict(BaseModel):
    # defer_build: a model's validator is built when first used, so a command that
    # validates one edited file (or the ignore list) builds those models only, not all 30.
    model_config = ConfigDict(extra="forbid", strict=False, frozen=False, allow_inf_nan=False, defer_build=True)


class Citation(Strict):
    """Where a fact comes from: a document id plus a verbatim quote, or an external source."""

    source: Id
    quote: Quote | None = None
    locator: str | None = None


class Fact(Citation):
    note: str | None = None
    inferred: bool | None = None
    as_of: DateStr | None = Field(
        None, description="when the source said it (reported time); default: the source's date"
    )
    valid_from: DateStr | None = Field(
        None, description="when it began to hold in the world; default: release (specs), section date or source date"
    )
    valid_until: DateStr | None = Field(None, description="when it stopped holding; default: the field's next fact")
    confidence: vocab.Confidence | None = Field(
        None, description="set by hand only with confidence_reason; else derived"
    )
    confidence_reason: Text | None = None
    derived: Text | None = Field(
        None, description="how the value was derived from the quote, e.g. 'DGX B200 total / 8'"
    )
    supersedes: Text | None = Field(
        None, description="the source id, or the value as written, of the fact this replaces"
    )

    @model_validator(mode="after")
    def _confidence(self) -> Fact:
        rules.fact_confidence(self.confidence, self.confidence_reason)
        rules.valid_order(self.valid_from, self.valid_until)
        return self


class TextFact(Fact):
    value: Text


class DateFact(Fact):
    value: DateStr


class BoolFact(Fact):
    value: bool | Literal["unknown"]  # unknown: looked for, not knowable from the sources


class ScoreFact(Fact):
    value: float


class PersonFact(Fact):
    value: Text  # the person's name
    role: str | None = None


class EventFact(Fact):
    date: DateStr
    value: Text  # what happened


# The discriminator tags: read.py drops them from error paths so messages name the field.
ONE, MANY = "one-fact", "fact-history"


def _kind_of_field(v: Any) -> str:
    return MANY if isinstance(v, list) else ONE


_F = TypeVar("_F", bound=Fact)
# History[SomeFact]: one fact, or a non-empty list of dated facts (the field's history).
History = Annotated[
    Annotated[_F, Tag(ONE)] | Annotated[list[_F], Tag(MANY), Field(min_length=1)],
    Discriminator(_kind_of_field),
]


# A quantity in one dimension (rules.check_dim): a number, or a number with its unit as written.
class BandwidthFact(Fact):
    value: Annotated[str | int | float, AfterValidator(_dim_check("bandwidth"))]


class BytesFact(Fact):
    value: Annotated[str | int | float, AfterValidator(_dim_check("bytes"))]


class CountFact(Fact):
    value: Annotated[str | int | float, AfterValidator(_dim_check("count"))]


class PowerFact(Fact):
    value: Annotated[str | int | float, AfterValidator(_dim_check("power"))]


class FlopsFact(Fact):
    value: Annotated[str | int | float, AfterValidator(_dim_check("flops"))]


class UsdFact(Fact):
    value: Annotated[str | int | float, AfterValidator(_dim_check("usd"))]


class Entity(Strict):
    id: Id
    name: Text
    aliases: list[Text] = []
    tags: list[Id] = []
    notes: str | None = None


class Cited(Entity):
    cite: list[Citation] = Field(min_length=1, description="where the documents name this entity")
    events: list[EventFact] = []
    facts: list[TextFact] = []


class InferredRange(Strict):
    earliest: DateStr
    latest: DateStr
    reason: Text


class Section(Strict):
    """Part of a source graded on its own: found by a fact's locator, or by a heading
    quoted from the document (it runs to the next declared heading)."""

    locator: Text | None = None
    heading: Text | None = None
    reliability: vocab.Reliability
    by: Text | None = Field(None, description="who speaks in this section, when not the outlet")
    valid_from: DateStr | None = Field(None, description="the date the section states, e.g. a table headed (2024)")
    note: str | None = None

    @model_validator(mode="after")
    def _where(self) -> Section:
        rules.section_where(self.locator, self.heading)
        return self


class Source(Entity):
    kind: vocab.SourceKind
    title: Text
    outlet: str | None = None
    file: str | None = None
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")] | None = None
    url: str | None = None
    published: DateStr = "unknown"
    published_inferred: InferredRange | None = None
    reliability: vocab.Reliability | None = Field(
        None, description=f"{vocab.spoken(vocab.RELIABILITIES)}; primary is the vendor or lab itself"
    )
    by: Text | None = Field(None, description="who speaks, when not the outlet")
    sections: list[Section] = []

    @model_validator(mode="after")
    def _shape(self) -> Source:
        rules.source_shape(
            self.kind, self.url, self.file, self.sha256, self.published, self.published_inferred is not None
        )
        return self


class Lab(Cited):
    org_type: History[TextFact] | None = None
    country: History[TextFact] | None = None
    parent: Id | None = None
    strategy: History[TextFact] | None = None
    focus: History[TextFact] | None = None
    deployment: History[TextFact] | None = None
    people: list[PersonFact] = []
    sentiment: list[ScoreFact] = Field(default=[], description=f"A score: {SCALES['sentiment']}.")
    domains: list[str] = Field(default=[], description="its own web domains (host, or host/path of an account)")


class Chip(Cited):
    vendor: Id
    category: History[TextFact] | None = None
    architecture: History[TextFact] | None = None
    released: History[DateFact] | None = None
    process_node: History[TextFact] | None = None
    memory_type: History[TextFact] | None = None
    memory: History[BytesFact] | None = None
    memory_bandwidth: History[BandwidthFact] | None = None
    cores: History[CountFact] | None = None
    peak_bf16: History[FlopsFact] | None = None
    peak_fp16: History[FlopsFact] | None = None
    peak_fp8: History[FlopsFact] | None = None
    peak_fp4: History[FlopsFact] | None = None
    tdp: History[PowerFact] | None = None
    price: History[UsdFact] | None = None
    key_advantage: History[TextFact] | None = None
    primary_limitation: History[TextFact] | None = None


class Model(Cited):
    lab: Id | None = None
    family: str | None = None
    model_type: History[TextFact] | None = None
    released: History[DateFact] | None = None
    open_weights: History[BoolFact] | None = None
    license: History[TextFact] | None = None
    architecture: History[TextFact] | None = None
    parameters: History[CountFact] | None = None
    active_parameters: History[CountFact] | None = None
    context_window: History[CountFact] | None = None
    training_tokens: History[CountFact] | None = None
    training_hardware: History[TextFact] | None = None
    training_gpus: History[CountFact] | None = None
    gpu_hours: History[CountFact] | None = None
    focus: History[TextFact] | None = None
    deployment: History[TextFact] | None = None


class Product(Cited):
    """Something named that is not a lab, chip or model (a platform, runtime, robot...)."""

    maker: Id | None = Field(None, description="the lab that makes it; omitted when no source names one")
    product_type: vocab.ProductType
    description: History[TextFact] | None = None
    released: History[DateFact] | None = None
    accelerators: History[CountFact] | None = None


class Resolution(Strict):
    outcome: Outcome
    on: DateStr
    note: Text
    evidence: str | None = None
    source: Id | None = None
    quote: Quote | None = None

    @model_validator(mode="after")
    def _evidence(self) -> Resolution:
        rules.resolution_evidence(self.evidence, self.source)
        return self


class Prediction(Entity):
    statement: Text
    source: Id
    quote: Quote
    locator: str | None = None
    by: Text
    made: DateStr | None = None
    horizon: str | None = None
    due: DateStr | None = None
    subjects: list[Id] = []
    kind: vocab.PredictionKind
    status: Status = "open"
    probability: Annotated[float, Field(ge=0, le=1)] | None = None
    value: Annotated[str | int | float, AfterValidator(rules.check_quantity)] | None = None
    resolution: Resolution | None = None

    @model_validator(mode="after")
    def _status(self) -> Prediction:
        rules.prediction_status(self.status, self.resolution.outcome if self.resolution else None)
        return self


class Ignored(Strict):
    """A name deliberately not curated, or a sentence (source + quote) not recorded."""

    name: Text | None = None
    source: Id | None = None
    quote: Quote | None = None
    reason: Text

    @model_validator(mode="after")
    def _what(self) -> Ignored:
        rules.ignored_what(self.name, self.source, self.quote)
        return self


KINDS: dict[str, type[Entity]] = {
    "source": Source,
    "lab": Lab,
    "chip": Chip,
    "model": Model,
    "prediction": Prediction,
    "product": Product,
}
