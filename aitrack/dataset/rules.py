"""The schema's checks as plain functions over values: the one place the rules live, kept
apart from the pydantic models (schema.py wraps them as field and model validators) so
they read, and can be tested, without pydantic's machinery.

Each check raises ValueError with the message a curator sees (pydantic prefixes it with
"Value error, ", which read.py removes), or returns the value to keep.
"""

from __future__ import annotations

import re
from typing import Any

from aitrack import dates, quantity

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*\Z")
# schema.py gives pydantic `^[0-9a-f]{64}$` (Rust regex: `$` is the very end, no newline
# before it); fullmatch with this pattern says the same in Python.
SHA256_RE = re.compile(r"[0-9a-f]{64}")


def check_id(v: str) -> str:
    if not ID_RE.match(v):
        raise ValueError(f"'{v}' is not a lowercase kebab-case id")
    return v


def check_date(v: Any) -> str:
    if isinstance(v, bool) or not isinstance(v, (str, int)):
        raise ValueError("expected a date string (YYYY, YYYY-MM, YYYY-MM-DD or unknown)")
    return dates.check_iso(v)


def check_quote(v: str) -> str:
    if len(v.split()) < 3:
        raise ValueError("a quote needs at least three words copied verbatim")
    return v


def check_dim(v: Any, dim: str) -> Any:
    """A quantity of the given dimension (bytes, bandwidth, …), kept as written."""
    try:
        q = quantity.parse(v)
    except quantity.QuantityError as exc:
        raise ValueError(str(exc)) from None
    if q.dim != dim:
        raise ValueError(f"'{v}' is {q.dim} ({q.unit}); this field takes {dim} ({quantity.BASE[dim]})")
    return v


def check_quantity(v: Any) -> Any:
    """A quantity of any dimension (a prediction's value), kept as written."""
    quantity.parse(v)
    return v


def outcome_word(v: Any) -> Any:
    # `status: true` in YAML is a boolean; the curator meant the outcome "true".
    return str(v).lower() if isinstance(v, bool) else v


def fact_confidence(confidence: str | None, reason: str | None) -> None:
    if (confidence is None) != (reason is None):
        raise ValueError("confidence set by hand needs confidence_reason (and a reason needs a confidence)")


def valid_order(valid_from: str | None, valid_until: str | None) -> None:
    """A fact cannot stop holding before it starts (a year or month: its first day)."""
    start, end = dates.span(valid_from or "unknown"), dates.span(valid_until or "unknown")
    if start and end and start[0] > end[0]:
        raise ValueError(f"valid_from {valid_from} is after valid_until {valid_until}")


def section_where(locator: str | None, heading: str | None) -> None:
    if (locator is None) == (heading is None):
        raise ValueError("a section needs exactly one of locator or heading")


def source_shape(
    kind: str, url: str | None, file: str | None, sha256: str | None, published: str, inferred: bool
) -> None:
    """inferred: whether published_inferred is given."""
    if kind == "external":
        if not url or file:
            raise ValueError("an external source needs a url and no file")
    elif not (file and sha256):
        raise ValueError("a document source needs file and sha256")
    if inferred and published != "unknown":
        raise ValueError("published_inferred is only for sources whose date is unknown")


def resolution_evidence(evidence: str | None, source: str | None) -> None:
    if not evidence and not source:
        raise ValueError("a resolution needs cited evidence: an evidence URL or a source")


def prediction_status(status: str, outcome: str | None) -> None:
    """outcome: the resolution's outcome, None when there is no resolution."""
    if status == "open" and outcome is not None:
        raise ValueError("status is open but a resolution is recorded")
    if status != "open" and outcome != status:
        raise ValueError(f"status '{status}' needs a resolution with the same outcome")


def ignored_what(name: str | None, source: str | None, quote: str | None) -> None:
    if (name is None) == (source is None) or (source is None) != (quote is None):
        raise ValueError("an ignore entry is either a name, or a sentence given as source and quote")
