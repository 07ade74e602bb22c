"""Which field a figure in an article fills, by the entity's kind, the figure's dimension
and the words around it (a table row's label, or the figure's clause): a throughput goes
to the field of its precision and never another's, a board's or a rack's memory is not a
chip's, a context window is not a training corpus. Plus the facts a spec table states,
each cell under its row and column headers. Used by `scan --stub` (stub.py)."""

from __future__ import annotations

import re
from typing import Any

from aitrack import quantity

# Throughput by precision, most specific first; a figure with no precision named fills nothing.
_PRECISION = [
    (re.compile(r"\bFP4\b|\bFP6\b|\bMXFP4\b|\bNVFP4\b", re.I), "peak_fp4"),
    (re.compile(r"\bFP8\b|\bMXFP8\b|\bINT8\b", re.I), "peak_fp8"),
    (re.compile(r"\bBF16\b|\bbfloat16\b", re.I), "peak_bf16"),
    (re.compile(r"\bFP16\b|\bhalf[- ]precision\b", re.I), "peak_fp16"),
]
# Not the chip's own figure: a board's, a node's, a rack's, a pod's or a link's.
_NOT_THE_CHIP = re.compile(
    r"\b(?:per (?:board|node|rack|pod|server|system|superpod|link|port)|board|in total|rack|pod|superpod|node|cluster|"
    r"interconnect|NVLink|Infinity Fabric|ICI|scale[- ]up|network|Ethernet|per second per|bidirectional)\b",
    re.I,
)
_SPARSE = re.compile(r"\bsparsity\b|\bsparse\b", re.I)
_DENSE = re.compile(r"\bdense\b|without (?:it|sparsity)", re.I)
MEMORY_TYPE = re.compile(r"\b(?:HBM\d?[A-Z]?e?|HBM3E|LPDDR\dX?|GDDR\dX?|on-chip SRAM)\b")
_PROCESS = re.compile(r"\b(?:TSMC|Samsung|Intel)?\s?(?:N\d[A-Z]?|\d{1,2}\s?nm|[0-9]N[A-Z]?P?|Intel \d+[A-Z]?|18A)\b")


def field_for(kind: str, q: quantity.Quantity, context: str, label: str = "", after: str | None = None) -> str | None:
    """The spec field a figure fills, or None when the words do not say (better no draft
    than a figure in the wrong field); after: the words right after the figure."""
    words = f"{label} {context}"
    if kind == "chip":
        if q.dim == "flops":
            return next((f for rx, f in _PRECISION if rx.search(label or context)), None)
        if _NOT_THE_CHIP.search(label or context):
            return None
        return {"bytes": "memory", "bandwidth": "memory_bandwidth", "power": "tdp"}.get(q.dim) or (
            "cores" if q.dim == "count" and re.search(r"\bcores\b", words, re.I) else None
        )
    if kind == "model" and q.dim == "count":
        if re.search(r"\b(?:GPUs|accelerators|chips)\b", q.text) and re.search(r"\btrain|cluster|run\b", words, re.I):
            return "training_gpus"  # "16,000 Nvidia H100 GPUs": the count names its own noun
        if re.search(r"GPU[- ]hours", words, re.I):
            return "gpu_hours"
        if re.search(r"\bparam", words, re.I):
            # "17B active parameters", "of which 37B are activated": the words right after it
            return (
                "active_parameters"
                if re.search(r"\bactiv", context if after is None else after, re.I)
                else "parameters"
            )
        if re.search(r"\btokens?\b", words, re.I):
            if re.search(r"\bcontext|window|reads|per request|input\b", words, re.I):
                return "context_window"
            if re.search(r"\btrain|pre-?train|corpus|consum", words, re.I):
                return "training_tokens"
            return None
        if re.search(r"\b(?:GPUs|accelerators|chips)\b", words) and re.search(r"\btrain|cluster|run\b", words, re.I):
            return "training_gpus"
    if kind == "product" and q.dim == "count" and re.search(r"\b(?:GPUs|accelerators|chips)\b", words):
        return "accelerators"
    return None


def is_sparse(text: str) -> bool:
    return bool(_SPARSE.search(text)) and not _DENSE.search(text)


def is_dense(text: str) -> bool:
    """Said to be without sparsity ("dense", "without it"), not merely silent about it."""
    return bool(_DENSE.search(text))


def training_hardware(clause: str) -> str | None:
    """'2,048 NVIDIA H800 GPUs' -> 'NVIDIA H800': the chips a model was trained on."""
    m = re.search(r"\d[\d,.]*\s+((?:NVIDIA |AMD |Google )?[A-Z][\w-]*\d[\w-]*)\s+(?:GPUs|accelerators|chips)", clause)
    return m[1] if m else None


def row_label_field(kind: str, label: str, cell: str) -> tuple[str, str] | None:
    """A text field a table row states: (field, value) for 'Memory | 288 GB HBM3E' (the
    memory type) or 'Process | TSMC 3 nm'."""
    if kind != "chip":
        return None
    if re.search(r"\bmemory\b", label, re.I) and (m := MEMORY_TYPE.search(cell)) and "bandwidth" not in label.lower():
        return "memory_type", m.group()
    if re.search(r"\bprocess|node\b", label, re.I) and _PROCESS.search(cell):
        return "process_node", cell.strip()
    if re.search(r"\barchitecture\b", label, re.I) and cell.strip():
        return "architecture", cell.strip()
    return None


def table_cells(table: Any, text: str) -> list[tuple[str, str, str, str]]:
    """(column header, row label, cell text, the row's line) of every cell of a spec table
    whose columns are named things; the row's line is the quote (a verbatim part of text)."""
    out = []
    for row in table.rows:
        if len(row) < 2:
            continue
        start = text.rfind("\n", 0, row[0][0]) + 1
        end = text.find("\n", row[0][0])
        line = text[start : end if end >= 0 else len(text)].strip()
        label = row[0][1]
        for (_pos, header), (_cpos, cell) in zip(table.header[1:], row[1:]):
            if cell and cell.lower() not in ("n/a", "-", "—", "tbd"):
                out.append((header, label, cell, line))
    return out


def figure_in(cell: str) -> tuple[str, quantity.Quantity] | None:
    """The first figure a table cell states, as written, and parsed."""
    for m in re.finditer(r"[~≈]?\$?\d[\d,.]*\s?[A-Za-z/]*(?:/s)?", cell):
        text = m.group().strip()
        try:
            return text, quantity.parse(text)
        except quantity.QuantityError:
            continue
    return None
