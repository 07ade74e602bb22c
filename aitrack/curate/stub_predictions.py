"""The predictions of a scanned document's draft (`scan --stub`): one per claim and
deadline, with the products and labs named in its clause as subjects and its speaker."""

from __future__ import annotations

import re
from typing import Any

from aitrack import dates
from aitrack.curate.names import MODAL
from aitrack.curate.names import keywords as _keywords
from aitrack.kinds import fold
from aitrack.vocab import CITED_KINDS

# What a prediction can be about besides a lab: the things labs make.
_MADE = tuple(k for k in CITED_KINDS if k != "lab")

_SPEAKER = re.compile(
    r"^(?P<who>[A-Z][\w'’.&-]*(?:\s+[\w'’.&-]+){0,4}?)\s+(?:says?|said|expects?|expected|"
    r"predicts?|forecasts?|projects?|believes?|estimates?|plans?)\b"
)
_CLAUSE = re.compile(r";|,\s+(?:and|but|while|whereas|which)\b|\s+(?:while|whereas)\s+")


def clause_bounds(sentence: str, pos: int) -> tuple[int, int]:
    cuts = [0] + [m.start() for m in _CLAUSE.finditer(sentence)] + [len(sentence)]
    for a, b in zip(cuts, cuts[1:]):
        if a <= pos < b:
            return a, b
    return 0, len(sentence)


def products_in(names: dict[str, Any], known: list, lo: int, hi: int) -> list[tuple[int, str, str]]:
    """(offset, id, kind) of every chip, model or product named between lo and hi."""
    new = [(p, n.id, n.kind) for n in names.values() if n.kind in _MADE for p in n.spots if lo <= p < hi]
    inside = {p for n in names.values() for s in n.spots for p in range(s, s + len(n.name))}
    out = [(p, rid, kind) for p, rid, kind in known if lo <= p < hi and kind in _MADE and p not in inside]
    return sorted(out + new)


def sentence_spans(text: str, sentences: list) -> list[tuple[int, int, str]]:
    return [
        (s, sentences[i + 1][0] if i + 1 < len(sentences) else len(text), sent) for i, (s, sent) in enumerate(sentences)
    ]


def predictions(
    text: str, names: dict[str, Any], known: list, sentences: list, source: dict, by: str, cat: Any
) -> list[dict]:
    """One prediction per claim and deadline: a modal sentence's every horizon, with the
    products and labs named in its clause as subjects."""
    out: list[dict] = []
    taken = {r for r, _k in cat.all_aliases().values()} | {n.id for n in names.values()}
    makers = {n.id: n.entry.get("vendor") or n.entry.get("lab") or n.entry.get("maker") for n in names.values()}
    done = {(p["source"], fold(p.get("quote", "")), p.get("horizon")) for p in cat.kind("prediction")}
    # Every folded id, name and alias has one owner (validate refuses a clash): a sentence
    # with two deadlines gives two predictions, each named with its horizon.
    named = set(cat.all_aliases()) | {fold(n.name) for n in names.values()} | {fold(n.id) for n in names.values()}
    for start, end, sentence in sentence_spans(text, sentences):
        if not MODAL.search(sentence):
            continue
        raw = text[start:end]
        for h_start, _h_end, phrase, horizon in dates.find_horizons(raw):
            if (source["id"], fold(sentence), " ".join(phrase.split())) in done:
                continue  # merged before
            lo, hi = clause_bounds(raw, h_start)
            clause = re.sub(r"^[;,\s]*(?:and|but|while|whereas|which)?\s*", "", " ".join(raw[lo:hi].split()))
            speaker = _SPEAKER.match(clause) or _SPEAKER.match(sentence)
            who = speaker["who"] if speaker and speaker["who"] not in ("We", "I") else by
            if re.match(r"(?:said|says|added|expects?|predicts?)\b", clause):  # "…, and said the CS-4 …"
                first_lab = [p for p in known if start <= p[0] < end and p[2] == "lab"][:1]
                who = (cat.get(first_lab[0][1]) or {}).get("name", who) if first_lab else who
            subjects = _subjects(names, known, start + lo, start + hi) or _subjects(names, known, start, end)
            if not products_in(names, known, start + lo, start + hi) and re.search(r"\b(?:it|its)\b", clause):
                # "… and AMD says it will be available in Q4'24": it is the product named before
                subjects += [p[1] for p in products_in(names, known, start, start + lo)[-1:] if p[1] not in subjects]
            for sub in list(subjects):
                rec = cat.get(sub) or {}
                maker = makers.get(sub) or rec.get("vendor") or rec.get("lab") or rec.get("maker")
                if maker and maker != "TODO" and maker not in subjects:
                    subjects.insert(subjects.index(sub), maker)
            window = dates.due_window(horizon, dates.span(source.get("published") or "unknown"))
            year = window[1].year if window else None
            when = [str(year)] if year else [re.sub(r"[^a-z0-9]+", "-", phrase.lower()).strip("-")]
            what = subjects[:2] or _keywords(clause)
            base = "-".join(what + when)
            rid, k = base, 2
            while rid in taken:
                rid, k = f"{base}-{k}", k + 1
            taken.add(rid)
            name = sentence.rstrip(".") if len(sentence) <= 80 else sentence[:77].rsplit(" ", 1)[0] + "…"
            when_text = " ".join(phrase.split())
            tags = ["", f" ({when_text})", *(f" ({when_text}, {n})" for n in range(2, 99))]
            name += next((tag for tag in tags if fold(name + tag) not in named), f" ({rid})")
            named |= {fold(name), fold(rid)}
            pred = {
                "id": rid,
                "name": name,
                "statement": sentence,
                "source": source["id"],
                "quote": sentence,
                "by": who,
                "horizon": " ".join(phrase.split()),
            }
            if horizon.due:
                pred["due"] = horizon.due.isoformat()
            pred["subjects"] = subjects
            speakers = {fold((cat.get(s) or {}).get("name", s)) for s in subjects} | {
                fold(n.name) for n in names.values() if n.id in subjects
            }
            pred["kind"] = "commitment" if fold(who) in speakers else "forecast"
            out.append(pred)
    return out


def _subjects(names: dict[str, Any], known: list, lo: int, hi: int) -> list[str]:
    inside = {p for n in names.values() for s in n.spots for p in range(s, s + len(n.name))}
    found = [(p, rid) for p, rid, kind in known if lo <= p < hi and kind in CITED_KINDS and p not in inside]
    found += [(p, n.id) for n in names.values() for p in n.spots if lo <= p < hi]
    out: list[str] = []
    for _p, rid in sorted(found):
        if rid not in out:
            out.append(rid)
    return out
