"""Who makes a drafted chip, model or product when its sentence names no lab before it:
the lab its own name starts with ('NVIDIA H800', 'DeepSeek-R1'), the maker of another
product of its family ('MI350X' beside AMD's 'MI355X'), or, when the sentence points back
at a company ('its first rack design'), the lab whose products the document names most.
Used by stub.py; never what the catalog happens to hold about another product."""

from __future__ import annotations

import re
from typing import Any

from aitrack.curate.stub_predictions import sentence_of
from aitrack.kinds import fold


def in_name(n: Any, labs: list[tuple[int, str, str]]) -> tuple | None:
    """The lab a product's own name starts with: 'NVIDIA H800', 'DeepSeek-R1', 'Llama' no."""
    first = fold(re.split(r"[\s-]", n.name)[0])
    return next((lab for lab in labs if fold(lab[2]) == first and first), None)


def its_maker(n: Any, names: dict[str, Any], sentences: list) -> tuple | None:
    """'Helios, its first in-house rack design', 'the company's Helios': the lab whose
    products the document names most, when the sentence points back at a company."""
    from collections import Counter

    sentence = sentence_of(sentences, n.spots[0])[1]
    if not re.search(r"\b(?:its|their|the company(?:'s)?)\b", sentence, re.I):
        return None
    makers: Counter[str] = Counter()
    for other in names.values():
        made_by = other.entry.get("vendor") or other.entry.get("lab") or other.entry.get("maker")
        if other is not n and made_by and made_by != "TODO":
            makers[made_by] += 1
    if not makers:
        return None
    lab = makers.most_common(1)[0][0]
    return (0, lab, names_by_id(names).get(lab, lab))


def _family(name: str) -> str:
    """The letters before a product name's number: 'MI' of 'MI350X', 'GB' of 'GB300'."""
    m = re.search(r"\b([A-Za-z]{1,8})[- ]?\d", name)
    return m[1].lower() if m else ""


def family_maker(n: Any, names: dict[str, Any], known: list, cat: Any) -> tuple | None:
    """The maker of another product of the same family ('MI350X' beside AMD's 'MI355X'),
    when the text names no lab beside this one."""
    family = _family(n.name)
    if not family:
        return None
    for other in names.values():
        got = other.entry.get("vendor") or other.entry.get("lab") or other.entry.get("maker")
        if other is not n and other.kind == n.kind and _family(other.name) == family and got not in (None, "TODO"):
            return (0, got, (cat.get(got) or {}).get("name") or names_by_id(names).get(got, got))
    for _pos, rid, kind in known:
        rec = cat.get(rid) or {}
        got = rec.get("vendor") or rec.get("lab") or rec.get("maker")
        if kind == n.kind and got not in (None, "unknown") and _family(rec.get("name", "")) == family:
            return (0, got, (cat.get(got) or {}).get("name", got))
    return None


def names_by_id(names: dict[str, Any]) -> dict[str, str]:
    return {n.id: n.name for n in names.values()}
