"""`aitrack scan`: what a new document says that the catalog knows, what is new, which
numbers confirm or contradict it, and which sentences are predictions. Text heuristics
only: no network, no language model."""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Any

from aitrack import quantity
from aitrack.curate import extract
from aitrack.kinds import fold

_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9.\-'’]*[A-Za-z0-9]|[A-Za-z0-9]")
# Linear on hostile input: a number starts only where no digit precedes it, and its digits
# are taken possessively (nothing after a number can start with a digit or a comma), so a
# run of 10,000 digits is one attempt, not 10,000 attempts that each backtrack over it.
QTY = re.compile(
    r"(?:~|≈)?\$?(?<![\w,])\d[\d,]*+(?:\.\d++)?(?:\s?(?:-|–)\s?\d[\d,]*+(?:\.\d++)?)?"
    r"(?:(?:\s?(?:[KMBT]|thousand|million|billion|trillion))?\s(?:parameters|params|cores|GPUs|chips|tokens|users)\b"
    r"|\s?(?:[KMGTPE]i?B/(?:second|sec|s|S)|[KMGTPE]i?B per second|[KMGTPE]i?Bps|[KMGTPE]?FLOP/s|[KMGTPE]?FLOPS|[KMGTPE]?OPS|[KMGTPE]i?B|[kKMG]?W"
    r"|x|×|B|T|M|K|billion|trillion|million)\b|%)"
)
MAX_SPAN = 5


@dataclass
class Known:
    id: str
    kind: str
    count: int
    line: int
    col: int
    matched: str


@dataclass
class Claim:
    entity: str
    text: str
    dim: str
    value: float
    line: int
    sentence: str
    field: str = ""
    catalog: str = ""
    verdict: str = "new"  # new, matches, conflict


@dataclass
class PredictionLike:
    sentence: str
    line: int
    horizon: str
    deadline: str


@dataclass
class Report:
    file: str
    known: list[Known] = field(default_factory=list)
    candidates: list[extract.Mention] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    predictions: list[PredictionLike] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    hits: list[tuple[int, str]] = field(default_factory=list)  # (offset, id) of every known mention


def _accept(span_text: str, key: str, originals: dict[str, set[str]]) -> bool:
    """Careful with short and common-word aliases: `o1` must match as written, and a
    lowercase word ('meta', 'gemini') is not the entity."""
    plain = re.sub(r"[^A-Za-z0-9]", "", re.sub(r"['’]s$", "", span_text))  # "Meta's" is Meta
    if any(ch.isdigit() for ch in key):
        return True  # H100, h100, B200: a model number is not an ordinary word
    if len(key) <= 4:
        return plain in originals.get(key, set())
    if " " not in span_text.strip() and plain.islower():
        return any(o.islower() for o in originals.get(key, set()))
    return True


def find_known(
    text: str,
    aliases: dict[str, tuple[str, str]],
    originals: dict[str, set[str]],
    index: extract.LineIndex | None = None,
) -> tuple[list[Known], list[tuple[int, str]]]:
    """Entities named in the text: longest run of up to five tokens whose fold is an
    id, name or alias. Returns the summary and every (position, id) hit, in order."""
    index = index or extract.LineIndex(text)
    # Each token and each gap between tokens is folded once, and a span's key is built by
    # joining them: folding every span of up to five tokens anew cost ten folds a token.
    # Token bounds sit in compact arrays: a megabyte of one-letter words is 500,000 tokens.
    starts, ends, keys, gaps = array("q"), array("q"), [], []
    for m in _TOKEN.finditer(text):
        if ends:
            gap = text[ends[-1] : m.start()]
            # A span never crosses a line; ASCII gaps hold no letters or digits (tokens do).
            gaps.append(None if "\n" in gap else "" if gap.isascii() else fold(gap))
        starts.append(m.start())
        ends.append(m.end())
        keys.append(fold(m.group()))
    longest = max(map(len, aliases), default=0)
    hits: list[tuple[int, str]] = []
    summary: dict[str, Known] = {}
    # The first letters of every key: a span starts with its first token's key, so a token
    # of 3+ characters (4+ with a possessive 's) whose start begins no key starts no match.
    heads2, heads3 = {k[:2] for k in aliases}, {k[:3] for k in aliases}
    i, count = 0, len(starts)
    while i < count:
        key = keys[i]
        if (len(key) >= 4 and key[:3] not in heads3) or (len(key) == 3 and key[:2] not in heads2):
            i += 1
            continue
        spans = [key]
        j = i
        while len(spans) < MAX_SPAN and j + 1 < count and (joint := gaps[j]) is not None and len(key) <= longest:
            key = key + joint + keys[j + 1]
            spans.append(key)
            j += 1
        for n in range(len(spans), 0, -1):
            key = plain = spans[n - 1]
            if n == 1 and ("'" in text[starts[i] : ends[i]] or "’" in text[starts[i] : ends[i]]):
                key = fold(text[starts[i] : ends[i]].replace("'s", "").replace("’s", ""))
            hit = aliases.get(key) or aliases.get(plain)
            if not hit:
                continue  # the span's text is cut only for a hit: most spans name nothing
            start = starts[i]
            span = text[start : ends[i + n - 1]]
            if _accept(span, key if key in aliases else plain, originals):
                hits.append((start, hit[0]))
                if hit[0] in summary:
                    summary[hit[0]].count += 1
                else:
                    summary[hit[0]] = Known(hit[0], hit[1], 1, *index.at(start), span)
                i += n
                break
        else:
            i += 1
    return sorted(summary.values(), key=lambda k: (-k.count, k.id)), hits


_BOUNDARY = re.compile(r"(?<=[.!?])\s+(?=[\"'(\[]?[A-Z0-9])|\n\s*\n|\n(?=\s*(?:[-*#>|]|\d+\.)\s)")


def split_sentences(text: str) -> list[tuple[int, str]]:
    """(offset, sentence) pairs; a sentence may run over line breaks, not over a blank
    line, a heading or a list item; '4.0 TB/s' is not a sentence end."""
    out, start = [], 0
    for m in list(_BOUNDARY.finditer(text)) + [None]:
        end = m.start() if m else len(text)
        chunk = text[start:end]
        stripped = " ".join(chunk.split())
        if len(stripped.split()) >= 3:
            out.append((start + len(chunk) - len(chunk.lstrip()), stripped))
        start = m.end() if m else end
    return out


def scan_text(text: str, name: str, cat: Any, ignored: set[str]) -> Report:
    from aitrack.curate import page

    text = page.read(text).body  # the body only: headings, tags and bylines are not claims
    report = Report(name)
    aliases = cat.all_aliases()
    originals: dict[str, set[str]] = {}
    for key, (rid, _kind) in aliases.items():
        rec = cat.get(rid)
        # Names and aliases show how an entity is written; ids are always lowercase.
        for alias in (rec["name"], *rec.get("aliases", [])):
            if fold(alias) == key:
                originals.setdefault(key, set()).add(re.sub(r"[^A-Za-z0-9]", "", alias))
    index = extract.LineIndex(text)
    report.known, hits = find_known(text, aliases, originals, index)
    report.hits = hits
    for key, mention in extract.distinct(extract.mentions(text)).items():
        if key not in aliases and key not in ignored:
            report.candidates.append(mention)
    sentences = split_sentences(text)
    hit_pos = [p for p, _rid in hits]
    for n, (start, sentence) in enumerate(sentences):
        end = sentences[n + 1][0] if n + 1 < len(sentences) else len(text)
        # The hits inside this sentence, by bisection: each sentence costs its own hits.
        lo, hi = bisect_left(hit_pos, start), bisect_left(hit_pos, end)
        if lo < hi:
            for m in QTY.finditer(text, start, end):
                claim = _claim(m, sentence, (start, end), hits, hit_pos, lo, hi, text, cat, index)
                if claim:
                    report.claims.append(claim)
    # The report's predictions, and its new names, are the drafts' (curate/report.py).
    return report


def _claim(
    m: re.Match,
    sentence: str,
    bounds: tuple[int, int],
    hits: list,
    hit_pos: list[int],
    lo: int,
    hi: int,
    text: str,
    cat: Any,
    index: extract.LineIndex,
) -> Claim | None:
    from aitrack.dataset.fields import SPECS

    try:
        q = quantity.parse(m.group().strip())
    except quantity.QuantityError:
        return None
    if q.dim == "count" and not re.search(r"[A-Za-z]", m.group()):
        return None  # a bare number (a year, a count of nothing) is not a claim
    pos = m.start()
    # The nearest hit in the sentence (hits[lo:hi]), by bisection; the earlier one on a tie.
    k = bisect_left(hit_pos, pos, lo, hi)
    entity = min((hits[j] for j in (k - 1, k) if lo <= j < hi), key=lambda h: abs(h[0] - pos))[1]
    if len(sentence) > 2 * extract.SENTENCE_REACH:
        sentence = extract.window(text, *bounds, pos)  # the part around the number
    claim = Claim(entity, m.group().strip(), q.dim, q.value, index.at(pos)[0], sentence)
    rec = cat.get(entity) or {}
    for s in SPECS.get(rec.get("kind", ""), []):
        if s.type == "quantity" and s.dim == q.dim and rec.get(s.name):
            have = rec[s.name]["value"]
            claim.field, claim.catalog = s.name, have["text"]
            close = abs(have["value"] - q.value) <= 0.02 * max(abs(have["value"]), abs(q.value))
            claim.verdict = "matches" if close else "conflict"
            break
    return claim


def seed_coverage(cat: Any, folder: str, ignored: set[str]) -> list[dict]:
    """For each document in seeds/: the names it uses, how many are curated, which not."""
    import os

    aliases = cat.all_aliases()
    rows = []
    from aitrack.dataset.documents import DocumentError, decode_document, read_document

    for name in sorted(os.listdir(folder)):
        try:  # regular files inside the folder only: no FIFO, device or symlink out
            raw = read_document(folder, name)
        except DocumentError:
            continue
        text, _warnings = decode_document(raw, name)
        found = {k: m for k, m in extract.distinct(extract.mentions(text)).items() if k not in ignored}
        missing = sorted(m.name for k, m in found.items() if k not in aliases)
        total = len(found)
        rows.append(
            {
                "document": name,
                "names": total,
                "curated": total - len(missing),
                "coverage": 100.0 * (total - len(missing)) / total if total else 100.0,
                "missing": missing,
            }
        )
    return rows
