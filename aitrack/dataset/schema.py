"""Pydantic models for the five kinds: source, lab, chip, model, prediction.

Unknown fields are forbidden everywhere. A fact carries its citation inline
(`source`, `quote`, optional `locator` and `note`), so no value is ever separated from
the sentence it came from. Cross-entity rules (references, unique aliases, quotes found
in the documents) live in read.py and check.py, which sees the whole dataset.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from aitrack import dates, quantity

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _id(v: str) -> str:
    if not ID_RE.match(v):
        raise ValueError(f"'{v}' is not a lowercase kebab-case id")
    return v


def _date(v: Any) -> str:
    if isinstance(v, bool) or not isinstance(v, (str, int)):
        raise ValueError("expected a date string (YYYY, YYYY-MM, YYYY-MM-DD or unknown)")
    return dates.check_iso(v)


def _quote(v: str) -> str:
    if len(v.split()) < 3:
        raise ValueError("a quote needs at least three words copied verbatim")
    return v


def _dim_check(dim: str):
    def check(v: Any) -> Any:
        try:
            q = quantity.parse(v)
        except quantity.QuantityError as exc:
            raise ValueError(str(exc)) from None
        if q.dim != dim:
            raise ValueError(f"'{v}' is {q.dim} ({q.unit}); this field takes {dim} ({quantity.BASE[dim]})")
        return v
    return check


def _outcome_word(v: Any) -> Any:
    # `status: true` in YAML is a boolean; the curator meant the outcome "true".
    return str(v).lower() if isinstance(v, bool) else v


Id = Annotated[str, AfterValidator(_id)]
Outcome = Annotated[Literal["true", "false", "partial", "void"], BeforeValidator(_outcome_word)]
Status = Annotated[Literal["open", "true", "false", "partial", "void"], BeforeValidator(_outcome_word)]
DateStr = Annotated[str, BeforeValidator(_date)]
Quote = Annotated[str, AfterValidator(_quote)]
Text = Annotated[str, Field(min_length=1)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=False, frozen=False)


class Citation(Strict):
    """Where a fact comes from: a document id plus a verbatim quote, or an external source."""

    source: Id
    quote: Quote | None = None
    locator: str | None = None


class Fact(Citation):
    note: str | None = None
    inferred: bool | None = None


class TextFact(Fact):
    value: Text


class DateFact(Fact):
    value: DateStr


class BoolFact(Fact):
    value: bool


class ScoreFact(Fact):
    value: float


class PersonFact(Fact):
    value: Text  # the person's name
    role: str | None = None


class EventFact(Fact):
    date: DateStr
    value: Text  # what happened


def _qfact(dim: str) -> type[Fact]:
    model = type(
        f"{dim.title()}Fact",
        (Fact,),
        {"__annotations__": {"value": Annotated[str | int | float, AfterValidator(_dim_check(dim))]}},
    )
    return model


BandwidthFact = _qfact("bandwidth")
BytesFact = _qfact("bytes")
CountFact = _qfact("count")
PowerFact = _qfact("power")
FlopsFact = _qfact("flops")
UsdFact = _qfact("usd")


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


class Source(Entity):
    kind: Literal["analysis-article", "podcast-summary", "news-digest", "news-brief", "external"]
    title: Text
    outlet: str | None = None
    file: str | None = None
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")] | None = None
    url: str | None = None
    published: DateStr = "unknown"
    published_inferred: InferredRange | None = None

    @model_validator(mode="after")
    def _shape(self) -> "Source":
        if self.kind == "external":
            if not self.url or self.file:
                raise ValueError("an external source needs a url and no file")
        elif not (self.file and self.sha256):
            raise ValueError("a document source needs file and sha256")
        if self.published_inferred and self.published != "unknown":
            raise ValueError("published_inferred is only for sources whose date is unknown")
        return self


class Lab(Cited):
    org_type: TextFact | None = None
    country: TextFact | None = None
    parent: Id | None = None
    strategy: TextFact | None = None
    focus: TextFact | None = None
    deployment: TextFact | None = None
    people: list[PersonFact] = []
    sentiment: list[ScoreFact] = []


class Chip(Cited):
    vendor: Id
    category: TextFact | None = None
    architecture: TextFact | None = None
    released: DateFact | None = None
    process_node: TextFact | None = None
    memory_type: TextFact | None = None
    memory: BytesFact | None = None
    memory_bandwidth: BandwidthFact | None = None
    cores: CountFact | None = None
    peak_bf16: FlopsFact | None = None
    tdp: PowerFact | None = None
    price: UsdFact | None = None
    key_advantage: TextFact | None = None
    primary_limitation: TextFact | None = None


class Model(Cited):
    lab: Id | None = None
    family: str | None = None
    model_type: TextFact | None = None
    released: DateFact | None = None
    open_weights: BoolFact | None = None
    license: TextFact | None = None
    architecture: TextFact | None = None
    parameters: CountFact | None = None
    focus: TextFact | None = None
    deployment: TextFact | None = None


class Resolution(Strict):
    outcome: Outcome
    on: DateStr
    note: Text
    evidence: str | None = None
    source: Id | None = None
    quote: Quote | None = None

    @model_validator(mode="after")
    def _evidence(self) -> "Resolution":
        if not self.evidence and not self.source:
            raise ValueError("a resolution needs cited evidence: an evidence URL or a source")
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
    kind: Literal["forecast", "estimate", "commitment"]
    status: Status = "open"
    probability: Annotated[float, Field(ge=0, le=1)] | None = None
    value: Annotated[str | int | float, AfterValidator(lambda v: quantity.parse(v) and v)] | None = None
    resolution: Resolution | None = None

    @model_validator(mode="after")
    def _status(self) -> "Prediction":
        if self.status == "open" and self.resolution:
            raise ValueError("status is open but a resolution is recorded")
        if self.status != "open" and (not self.resolution or self.resolution.outcome != self.status):
            raise ValueError(f"status '{self.status}' needs a resolution with the same outcome")
        return self


class Ignored(Strict):
    name: Text
    reason: Text


KINDS: dict[str, type[Entity]] = {
    "source": Source, "lab": Lab, "chip": Chip, "model": Model, "prediction": Prediction,
}
