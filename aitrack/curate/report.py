"""`aitrack scan FILE` (the report) as a view of the one reading `--stub` drafts from: the
same entities, the same figures on the same products, the same deadlines (issue 26). What
only the report adds: the catalog entities the document mentions, and how each figure it
states about them compares with the catalog (matches, conflict, new)."""

from __future__ import annotations

from typing import Any

from aitrack.curate import extract, scan, stub

_PRODUCT_DIMS = ("bytes", "bandwidth", "flops", "power")
_FILES = {"labs.yaml": "org", "chips.yaml": "product", "models.yaml": "product", "products.yaml": "product"}


def report(text: str, name: str, cat: Any, ignored: set[str], raw_hash: str = "") -> scan.Report:
    """The scan report of a document: known entities, the drafted new ones, every figure
    (compared with the catalog for a known product), every forward-looking claim."""
    out = scan.scan_text(text, name, cat, ignored)
    if len(text) > stub.DRAFT_LIMIT:
        out.warnings.append(f"longer than {stub.DRAFT_LIMIT // 1000} KB: no article is; names and figures not drafted")
        return out
    drafts = stub.draft(text, raw_hash, name, cat, ignored, scanned=out)
    index = extract.LineIndex(text)

    def line_of(quote: str) -> int:
        pos = text.find(quote[:60]) if quote else -1
        return index.at(pos)[0] if pos >= 0 else 0

    out.candidates = []
    # A lab's own figures stay (a market share); a product's spec is the product's (the draft's)
    out.claims = [
        c for c in out.claims if not ((cat.get(c.entity) or {}).get("kind") == "lab" and c.dim in _PRODUCT_DIMS)
    ]
    for file, looks in _FILES.items():
        for entry in drafts.entries.get(file, []):
            quote = (entry.get("cite") or [{}])[0].get("quote", "")
            out.candidates.append(extract.Mention(entry["name"], looks, line_of(quote), 1, quote))
            for field, fact in entry.items():
                if isinstance(fact, dict) and "value" in fact and field != "cite":
                    dim, value = _measure(fact["value"])
                    claim = scan.Claim(
                        entry["id"], str(fact["value"]), dim, value, line_of(fact["quote"]), fact["quote"]
                    )
                    claim.field, claim.verdict = field, "new"
                    out.claims.append(claim)
    out.claims.sort(key=lambda c: c.line)
    out.predictions = [
        scan.PredictionLike(
            p["quote"],
            line_of(p["quote"]),
            p.get("horizon", ""),
            p.get("due") or f"{p.get('horizon', '')} of the document's date",
        )
        for p in drafts.entries.get("predictions.yaml", [])
    ]
    return out


def _measure(value: Any) -> tuple[str, float]:
    """(dimension, value in base units) of a drafted figure; ("", 0.0) for a word."""
    from aitrack import quantity

    try:
        q = quantity.parse(value) if not isinstance(value, bool) else None
    except quantity.QuantityError:
        q = None
    return (q.dim, q.value) if q else ("", 0.0)
