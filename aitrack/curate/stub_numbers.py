"""The figures of a scanned document's drafts (`scan --stub`): each spec-table cell under
its column's product, and each figure in the prose on the product named closest to it
whose field the words around it name (facts.field_for); a figure given only with
sparsity says so, and a dense one replaces it."""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from typing import Any

from aitrack import quantity
from aitrack.curate import facts, scan
from aitrack.curate.stub_predictions import Spots, clause_bounds, sentence_spans
from aitrack.kinds import fold

_BOUND = re.compile(r"(?:up to|as much as|more than|at least|over|>|<)\s*$", re.I)
# "2,048 NVIDIA H800 GPUs": a count of chips with their name between (QTY needs the noun next)
# "a 405-billion-parameter model": the figure in words joined by hyphens
_HYPHENATED = re.compile(r"(?<![\w.,])(\d[\d,.]*)-(billion|million|trillion)-param\w*", re.I)
_COUNT_OF = re.compile(r"(?<![\d,.])(\d{1,3}(?:,\d{3})+|\d+)\s+(?:[A-Z][\w-]*\s+){1,2}(?:GPUs|accelerators|chips)\b")


def put(n: Any, field: str, value: str, quote: str, sid: str, sparse: bool = False, dense: bool = False) -> None:
    """A figure into its field: the first one stays, except that a figure said to be dense
    replaces one given only with sparsity (the field holds dense figures; a sparse one says so)."""
    old = n.entry.get(field)
    if old is not None and not (isinstance(old, dict) and old.get("note", "").startswith("with sparsity") and dense):
        return
    n.entry[field] = {"value": value, "source": sid, "quote": quote}
    if sparse:
        n.entry[field]["note"] = "with sparsity, as the source gives it; the dense figure is lower"


def subject_before(main: Any, spots: Spots, text: str, start: int) -> list[tuple[int, str, str]]:
    """For a sentence that names no product ("Pretraining consumed 14.8 trillion tokens."):
    the product last named earlier in its paragraph, then the document's main new subject
    (main_subject), in the order to try them."""
    breaks = _paragraph_starts(text)
    para = breaks[bisect_right(breaks, start) - 1]
    generic = re.match(r"\s*(?:The (?:model|chip|accelerator|part|GPU|system)|It|Its)\b", text[start : start + 30])
    before = [] if generic else spots.made(para, start)[-1:]
    return before + ([(main.spots[0], main.id, main.kind)] if main else [])


@functools.lru_cache(maxsize=8)  # asked for each figure of a document
def _paragraph_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer(r"\n[ \t]*\n", text)]


def main_subject(names: dict[str, Any], text: str) -> Any:
    """What the document is about: the chip or model its title names, else the one it names most."""
    made = [n for n in names.values() if n.kind != "lab" and n.kind != "product"]  # chips and models
    title_end = text.find("\n")
    titled = [n for n in made if n.spots and n.spots[0] < title_end]
    return min(titled, key=lambda n: n.spots[0]) if titled else max(made, key=lambda n: len(n.spots), default=None)


def table_numbers(text: str, names: dict[str, Any], tables: list, sid: str) -> None:
    """Each spec-table cell under a named column: its figure in the field its row label
    names, and the memory type, process or architecture a row states; the row is the quote."""
    for table in tables:
        for header, label, cell, line in facts.table_cells(table, text):
            key = fold(header)
            n = next((n for n in names.values() if fold(n.name) == key or key.endswith(fold(n.name))), None)
            if n is None:
                continue
            got = facts.figure_in(cell)
            name = facts.field_for(n.kind, got[1], "", label) if got else None
            if got and name:
                put(n, name, got[0], line, sid, facts.is_sparse(label))
            stated = facts.row_label_field(n.kind, label, cell)
            if stated and stated[0] not in n.entry:
                n.entry[stated[0]] = {"value": stated[1], "source": sid, "quote": line}


def numbers(text: str, names: dict[str, Any], known: list, sentences: list, sid: str) -> None:
    """Each figure on the product named closest to it in its clause (else its sentence,
    else the product last named in its paragraph, else the document's subject) whose
    field the words around it name: a new chip's or model's spec field gets the value as
    written and the clause as its quote. A curated entity's figures are scan's report's."""
    by_id = {n.id: n for n in names.values()}
    spots, main = Spots(names, known), main_subject(names, text)
    for start, end, sentence in sentence_spans(text, sentences):
        raw = text[start:end]
        found = [(m.start(), m.end(), m.group()) for m in scan.QTY.finditer(raw)]
        found += [(m.start(1), m.end(), m[1] + " GPUs") for m in _COUNT_OF.finditer(raw)]
        found += [(m.start(), m.end(), f"{m[1]} {m[2]}") for m in _HYPHENATED.finditer(raw)]
        for at, stop, written in found:
            try:
                q = quantity.parse(written.strip())
            except quantity.QuantityError:
                continue
            c_lo, c_hi = clause_bounds(raw, at)
            clause = re.sub(r"^(?:and|but|while|whereas|which)\s+", "", " ".join(raw[c_lo:c_hi].split()).lstrip(";, "))
            clause = clause.rstrip(".")
            near = " ".join(raw[max(0, at - 30) : stop + 30].split())
            prods = spots.made(start + c_lo, start + c_hi) or spots.made(start, end)
            prods = sorted(prods, key=lambda p: abs(p[0] - (start + at))) + subject_before(main, spots, text, start)
            for _pos, rid, kind in prods:
                n = by_id.get(rid)
                if n is None and facts.field_for(kind, q, near):
                    break  # a curated entity's own figure: scan's report compares it with the catalog
                if n is None:
                    continue
                value, counted = written, q
                if kind == "model" and q.dim == "bytes" and re.search(r"\d\s?B$", written):
                    counted = quantity.Quantity(q.value, "count", text=written)  # "37B are active": a count
                    value = written.rstrip("B ") + " billion"
                after = re.split(r"\d", raw[stop : stop + 25])[0]  # up to the next figure
                name = facts.field_for(kind, counted, near, after=after) or facts.field_for(
                    kind, counted, clause, after=after
                )
                if not name:
                    continue  # not this product's figure: the next one named, or the subject
                bound = _BOUND.search(raw[:at])
                value = " ".join(((raw[bound.start() : at] if bound else "") + value).split())
                quote = clause if len(clause.split()) >= 3 else sentence
                put(n, name, value, quote, sid, facts.is_sparse(clause), facts.is_dense(clause))
                if (
                    name == "memory"
                    and (mt := facts.MEMORY_TYPE.search(raw[stop : stop + 40]))
                    and "memory_type" not in n.entry
                ):
                    n.entry["memory_type"] = {"value": mt.group(), "source": sid, "quote": quote}
                hardware = facts.training_hardware(clause) if name == "training_gpus" else None
                if hardware and "training_hardware" not in n.entry:
                    n.entry["training_hardware"] = {"value": hardware, "source": sid, "quote": quote}
                break
    for n in names.values():
        for cite in n.entry.get("cite", []):
            cite["source"] = sid


_RELEASED = re.compile(
    r"\b(?:released|launched|unveiled|introduced|shipped|debuted|announced)\s+(?:the\s+|its\s+)?(?P<name>[A-Z][\w.+-]*"
    r"(?:\s[A-Z0-9][\w.+-]*){0,3})\s+on\s+(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
    r"(?P<month>[A-Z][a-z]+)\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?(?:,\s+(?P<year>\d{4}))?"
)


def statements(text: str, names: dict[str, Any], sentences: list, sid: str, published: str) -> None:
    """What a model-release sentence states besides figures: its release date ("released
    DeepSeek-V3 on Thursday, December 26", the year from the article's date when the text
    leaves it out, and then marked derived) and open weights ("the weights are downloadable")."""
    from aitrack.dataset.values import BOOL_WORDS
    from aitrack.dates import MONTHS

    for start, end, _sentence in sentence_spans(text, sentences):
        raw = " ".join(text[start:end].split())
        for m in _RELEASED.finditer(raw):
            n = next((n for n in names.values() if m["name"].startswith(n.name) and n.kind != "lab"), None)
            month = next((i for i, mn in enumerate(MONTHS, 1) if mn.startswith(m["month"].lower()[:3])), 0)
            year = m["year"] or (published[:4] if published[:4].isdigit() else "")
            if n is None or not month or not year or "released" in n.entry:
                continue
            fact = {"value": f"{year}-{month:02d}-{int(m['day']):02d}", "source": sid, "quote": m.group()}
            if not m["year"]:
                fact["derived"] = "the year is the article's"
            n.entry["released"] = fact
        if re.search(rf"\b(?:{BOOL_WORDS['open_weights'][True]})", raw, re.I):
            named = [n for n in names.values() if n.kind == "model" and n.name in raw]
            if not named and re.match(r"(?:It|The model|Its weights|The weights)\b", raw):
                named = [main_subject(names, text)] if main_subject(names, text) else []
            for n in named:
                if n.kind == "model" and "open_weights" not in n.entry:
                    n.entry["open_weights"] = {"value": True, "source": sid, "quote": raw}
