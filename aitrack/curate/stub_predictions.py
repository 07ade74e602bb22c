"""The predictions of a scanned document's draft (`scan --stub`): one per claim and
deadline, with the products and labs named in its clause as subjects and its speaker."""

from __future__ import annotations

import functools
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from typing import Any

from aitrack import dates
from aitrack.curate.claims import FORWARD, classify
from aitrack.curate.names import keywords as _keywords
from aitrack.kinds import fold
from aitrack.vocab import CITED_KINDS

# What a prediction can be about besides a lab: the things labs make.
_MADE = tuple(k for k in CITED_KINDS if k != "lab")

_SPEAKER = re.compile(
    r"^(?P<who>[A-Z][\w'’.&-]*(?:\s+[\w'’.&-]+){0,4}?)\s+(?:says?|said|expects?|expected|"
    r"predicts?|forecasts?|projects?|believes?|estimates?|plans?)\b"
)
REACH = 300  # how far a claim's quote reaches each side of its deadline in a run-on sentence
_CLAUSE = re.compile(r";|,\s+(?:and|but|while|whereas|which)\b|\s+(?:while|whereas)\s+")


def clause_bounds(sentence: str, pos: int) -> tuple[int, int]:
    """The clause of a sentence that pos falls in (by bisection over its cuts)."""
    cuts = _cuts(sentence)
    i = bisect_right(cuts, pos) - 1
    return (cuts[i], cuts[i + 1]) if 0 <= i < len(cuts) - 1 else (0, len(sentence))


@functools.lru_cache(maxsize=64)  # one sentence's cuts, asked for each figure and deadline in it
def _cuts(sentence: str) -> list[int]:
    return [0] + [m.start() for m in _CLAUSE.finditer(sentence)] + [len(sentence)]


class Spots:
    """Where the document names each product and lab, sorted, so that the names inside a
    clause are found by bisection: a document may name thousands (scan reads untrusted
    text, and every stage must stay linear)."""

    def __init__(self, names: dict[str, Any], known: list):
        inside = {p for n in names.values() for s in n.spots for p in range(s, s + len(n.name))}
        new = [(p, n.id, n.kind) for n in names.values() for p in n.spots]
        old = [(p, rid, kind) for p, rid, kind in known if p not in inside]
        self._made = sorted(x for x in new + old if x[2] in _MADE)
        self._cited = sorted([x for x in old if x[2] in CITED_KINDS] + new)
        self._made_at = [x[0] for x in self._made]
        self._cited_at = [x[0] for x in self._cited]

    def made(self, lo: int, hi: int) -> list[tuple[int, str, str]]:
        """(offset, id, kind) of every chip, model or product named between lo and hi."""
        return self._made[bisect_left(self._made_at, lo) : bisect_left(self._made_at, hi)]

    def subjects(self, lo: int, hi: int) -> list[str]:
        """The ids of everything named between lo and hi, in order, once each."""
        out: list[str] = []
        for _p, rid, _kind in self._cited[bisect_left(self._cited_at, lo) : bisect_left(self._cited_at, hi)]:
            if rid not in out:
                out.append(rid)
        return out


def sentence_of(sentences: list[tuple[int, str]], pos: int) -> tuple[int, str]:
    """The sentence a position falls in (by bisection)."""
    if not sentences:
        return (0, "")
    i = bisect_right([s for s, _ in sentences], pos) - 1
    return sentences[max(i, 0)]


def sentence_spans(text: str, sentences: list) -> list[tuple[int, int, str]]:
    return [
        (s, sentences[i + 1][0] if i + 1 < len(sentences) else len(text), sent) for i, (s, sent) in enumerate(sentences)
    ]


def predictions(
    text: str, names: dict[str, Any], known: list, sentences: list, source: dict, voices: tuple[str, str], cat: Any
) -> list[dict]:
    """One prediction per claim and deadline: a modal sentence's every horizon, with the
    products and labs named in its clause as subjects."""
    out: list[dict] = []
    taken = {r for r, _k in cat.all_aliases().values()} | {n.id for n in names.values()}
    makers = {n.id: n.entry.get("vendor") or n.entry.get("lab") or n.entry.get("maker") for n in names.values()}
    done = {(p["source"], fold(p.get("quote", "")), p.get("horizon") or "") for p in cat.kind("prediction")}
    # Every folded id, name and alias has one owner (validate refuses a clash): a sentence
    # with two deadlines gives two predictions, each named with its horizon.
    named = set(cat.all_aliases()) | {fold(n.name) for n in names.values()} | {fold(n.id) for n in names.values()}

    published = dates.span(source.get("published") or "unknown")
    lab_names = {n.id: n.name for n in names.values() if n.kind == "lab"}
    for lid in {rid for _p, rid, kind in known if kind == "lab"}:
        lab_names[lid] = (cat.get(lid) or {}).get("name", lid)
    subject_lab = _subject_lab(names, known, makers)
    spots, tries = Spots(names, known), dict[str, int]()
    made = Counter(rid for _p, rid, _k in spots.made(0, len(text)))
    main = made.most_common(1)[0][0] if made else ""
    for s0, e0, sentence0 in sentence_spans(text, sentences):
        if not FORWARD.search(sentence0):
            continue
        for h0, _h_end, phrase, horizon in _one_per_clause(text[s0:e0], published):
            start, end, h_start, sentence = s0, e0, h0, sentence0
            if e0 - s0 > 2 * REACH:  # a run-on "sentence" (untrusted text): the part around its deadline
                start, end = max(s0, s0 + h0 - REACH), min(e0, s0 + h0 + REACH)
                h_start, sentence = s0 + h0 - start, " ".join(text[start:end].split())
            raw = text[start:end]
            if (source["id"], fold(sentence), " ".join(phrase.split())) in done:
                continue  # merged before
            lo, hi = clause_bounds(raw, h_start)
            clause = re.sub(r"^[;,\s]*(?:and|but|while|whereas|which)?\s*", "", " ".join(raw[lo:hi].split()))
            subjects = spots.subjects(start + lo, start + hi) or spots.subjects(start, end)
            if not spots.made(start + lo, start + hi) and re.search(r"\b(?:it|its)\b", clause):
                # "… and AMD says it will be available in Q4'24": it is the product named before
                subjects += [p[1] for p in spots.made(start, start + lo)[-1:] if p[1] not in subjects]
            for sub in list(subjects):
                rec = cat.get(sub) or {}
                maker = makers.get(sub) or rec.get("vendor") or rec.get("lab") or rec.get("maker")
                if maker and maker != "TODO" and maker not in subjects:
                    subjects.insert(subjects.index(sub), maker)
            if not subjects and main and re.match(r"\s*(?:The (?:chip|model|accelerator|part|GPU|system)|It)\b", raw):
                subjects = [main]  # "The chip could potentially …": the document's subject
            if not horizon and not subjects:
                continue  # looks ahead, but at no time and about nothing named: not a claim to track
            window = dates.due_window(horizon, published) if horizon else None
            year = window[1].year if window else None
            when = [str(year)] if year else [re.sub(r"[^a-z0-9]+", "-", phrase.lower()).strip("-") or "unknown"]
            what = subjects[:2] or _keywords(clause)
            base = "-".join(what + when)
            rid, k = base, tries.get(base, 2)  # counted per base: a thousand alike stay linear
            while rid in taken:
                rid, k = f"{base}-{k}", k + 1
            tries[base] = k
            taken.add(rid)
            name = sentence.rstrip(".") if len(sentence) <= 80 else sentence[:77].rsplit(" ", 1)[0] + "…"
            when_text = " ".join(phrase.split())
            tags = [
                "",
                f" ({when_text})" if when_text else "",
                *(f" ({when_text or 'undated'}, {n})" for n in range(2, 6)),
            ]
            name += next((tag for tag in tags if fold(name + tag) not in named), f" ({rid})")
            named |= {fold(name), fold(rid)}
            pred = {
                "id": rid,
                "name": name,
                "statement": sentence,
                "source": source["id"],
                "quote": sentence,
                "by": "",
            }
            if horizon:
                pred["horizon"] = " ".join(phrase.split())
            if horizon and horizon.due:
                pred["due"] = horizon.due.isoformat()
            elif not horizon:
                pred["due"] = "unknown"  # looks ahead, names no time: a curator may date it
            pred["subjects"] = subjects
            # The clause with the deadline speaks when it names a lab ("…, and OpenAI plans to
            # widen access"); else the whole sentence does.
            said = (
                clause
                if any((w := _written(text, known, names, start, end, lab)) and w in clause for lab in lab_names)
                else sentence
            )
            written = {lid: _written(text, known, names, start, end, lid) for lid in lab_names}
            in_sentence = sorted(
                ((lid, nm) for lid, nm in written.items() if nm and nm in said), key=lambda lab: said.find(lab[1])
            )
            made_by = [makers.get(s) or (cat.get(s) or {}).get("vendor") or "" for s in subjects]
            claim = classify(said, in_sentence, [m for m in made_by if m and m != "TODO"], *voices, subject_lab)
            own = lab_names.get(claim.by)
            # the lab's own name ("Acme Robotics" for "Acme plans …"), unless the text calls
            # a catalog lab otherwise ("Alibaba said …" for the lab the catalog names Qwen)
            shown = own if own and (claim.by in {n.id for n in names.values()} or own in sentence) else None
            shown = shown or written.get(claim.by) or own or claim.by
            pred["by"], pred["kind"] = shown, claim.kind  # a lab as the text names it ("Alibaba", not "Qwen")
            out.append(pred)
    return out


def _written(text: str, known: list, names: dict[str, Any], start: int, end: int, lab: str) -> str:
    """How the text writes a lab between start and end ("Alibaba" for the lab the catalog
    calls Qwen), or "" when it does not name it there."""
    for pos, rid, _kind in known:
        if rid == lab and start <= pos < end:
            m = re.match(r"[\w.&-]+(?:\s(?:AI|Labs?|Research|Cloud))?", text[pos:end])
            return m.group() if m else ""
    n = next((n for n in names.values() if n.id == lab), None)
    if n is None:
        return ""
    # the name or its alias, as written where the text names it ("Acme" for Acme Robotics)
    return next((w for w in (n.name, *n.entry.get("aliases", [])) if w and w in text[start:end]), "")


def _one_per_clause(raw: str, published: Any) -> list[tuple[int, int, str, Any]]:
    """The horizons of a sentence, one per clause (the most specific: the shortest window);
    a sentence that names no time gives one claim without a horizon."""
    found = dates.find_horizons(raw)
    if not found:
        ahead = FORWARD.search(raw)
        return [(ahead.start() if ahead else 0, 0, "", None)]
    best: dict[tuple[int, int], tuple[Any, ...]] = {}
    for h in found:
        bounds = clause_bounds(raw, h[0])
        window = dates.due_window(h[3], published)
        size = (window[1] - window[0]).days if window else 10**6
        if bounds not in best or size < best[bounds][4]:
            best[bounds] = (*h, size)
    return [b[:4] for b in sorted(best.values())]


def _subject_lab(names: dict[str, Any], known: list, makers: dict[str, Any]) -> str:
    """The lab a document is mostly about: the maker its products name most, else the lab
    it names most."""
    from collections import Counter

    counts: Counter[str] = Counter(m for m in makers.values() if m and m != "TODO")
    if not counts:
        counts.update(rid for _p, rid, kind in known if kind == "lab")
        counts.update({n.id: len(n.spots) for n in names.values() if n.kind == "lab"})
    return counts.most_common(1)[0][0] if counts else ""
