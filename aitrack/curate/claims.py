"""Who speaks in a forward-looking sentence, and what kind of claim it is: a company's own
stated plan is a `commitment` by that company; a reporter's or an analyst firm's
projection is a `forecast` (an `estimate` when it projects a number) by the byline or the
firm; hedged wording ("could", "may", "potentially") is `speculation` at its strength.
The answer comes from the sentence and the document, never from what the catalog holds."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A sentence that looks ahead: plans, expectations, forecasts and hedges. "may" and
# "might" only in lower case ("May 2025" is a month).
FORWARD = re.compile(
    r"\b(?:will|won't|plans?\s+to|planned|planning|slated|scheduled|expects?|expected|predicts?|predicted|"
    r"forecasts?|forecasted|projects?|projected|likely\s+to|set\s+to|going\s+to|poised\s+to|aims?\s+to|"
    r"intends?\s+to|on\s+track|committed\s+to|commits?\s+to|promised?|anticipates?|suspect|"
    r"estimates?|should|to\s+follow|due\s+(?:in|by|out)|coming\s+in|arrives?\s+in|until)\b"
    r"|(?-i:\b(?:could|may|might)\b)|\b20\d\dE\b",  # "$15B (2026E)": an estimate for that year
    re.I,
)
HEDGE = re.compile(r"(?-i:\b(?:could|may|might)\b)|\bpotentially\b|\bpossibly\b|\bperhaps\b|\bsuspect\b", re.I)
_PLAN = re.compile(
    r"\b(?:plans?\s+to|planned|slated|scheduled|aims?\s+to|intends?\s+to|on\s+track|roadmap|committed\s+to|"
    r"commits?\s+to|promised?|will|to\s+follow|says?\s+(?:it|they)\s+will|said\s+(?:it|they)\s+(?:will|would))\b",
    re.I,
)
_FIRM_VERB = re.compile(
    r"\b(?P<who>(?:[A-Z][\w'’.&-]*\s+){0,3}[A-Z][\w'’.&-]*)\s+(?:forecasts?|projects?|predicts?|estimates?|expects?|"
    r"sees|believes?|thinks?)\b"
)
_ANALYSTS_AT = re.compile(
    r"\b(?i:analysts?|researchers?)\s+(?:at|from)\s+(?P<who>[A-Z][\w'’.&-]*(?:\s+[A-Z][\w'’.&-]*){0,3})"
)
_WE = re.compile(r"(?i:\b(?:we|our|us)\b)(?!-)|\bI\b")
_NUMBER_AHEAD = re.compile(r"\$\s?\d|\d\s?%|\b\d[\d,.]*\s?(?:billion|million|trillion|[BMK])\b")
# What follows a company that speaks for itself: "AMD plans", "Alibaba said on Monday that it will"
_ACTS = re.compile(
    r"(?:['’]s\s+\w+\s+)?(?:\s*\w+){0,3}?\s*(?:says?|said|plans?|will|is|are|has|expects?|aims?|intends?|"
    r"committed|commits|announced|confirmed|promised|told)\b"
)
_THE_COMPANY = re.compile(
    r"\b[Tt]he (?:company|firm|chipmaker|lab|startup)\b|\b(?:It|They)\s+(?:plans?|will|expects?)\b"
)


@dataclass
class Claim:
    by: str  # a lab id, or a name as the document writes it
    kind: str  # commitment, forecast, estimate or speculation


def classify(
    sentence: str, labs: list[tuple[str, str]], makers: list[str], byline: str, outlet: str, subject_lab: str
) -> Claim:
    """Speaker and kind of a forward-looking sentence. labs: (id, name as written) of the
    labs the sentence names, in order; makers: the makers of the products it names;
    subject_lab: the lab the document is mostly about, for "the company"."""
    hedged = bool(HEDGE.search(sentence))
    estimate = bool(_NUMBER_AHEAD.search(sentence))
    firm = _ANALYSTS_AT.search(sentence)
    if firm:
        return Claim(firm["who"], "speculation" if hedged else "estimate" if estimate else "forecast")
    # "We" is the firm in an analyst firm's own report, else the reporter who signs it
    firm_voice = outlet and re.search(
        r"\b(?:Analytics|Research|Insights|Intelligence|Consulting|Partners|Advisors)\b", outlet
    )
    reporter = (outlet if firm_voice else byline or outlet) or "TODO who predicts"
    if _WE.search(" ".join(sentence.split()[:6])):  # "Our view:", "We expect", "Our own estimate is"
        return Claim(reporter, "speculation" if hedged else "estimate" if estimate else "forecast")
    # "AMD plans to ...", "Alibaba said ... it will ...": the company named as the subject
    speaker = _FIRM_VERB.search(sentence)
    for lab_id, written in labs:
        at = sentence.find(written)
        if at < 0:
            continue
        head = sentence[at + len(written) : at + len(written) + 80]
        own = r"\s*(?:says?|said|announced|told|expects?\s+to|expects?\s+(?:the|its|to))\b"  # its own plan
        acts = re.match(_ACTS, head) and (_PLAN.search(head) or re.match(own, head))
        if acts:
            return Claim(lab_id, "speculation" if hedged and not _PLAN.search(head) else "commitment")
        break  # only the first lab named can be the sentence's subject
    if _THE_COMPANY.search(sentence[:60]) and subject_lab and _PLAN.search(sentence):
        return Claim(subject_lab, "commitment")
    if speaker and not labs:
        return Claim(speaker["who"], "speculation" if hedged else "estimate" if estimate else "forecast")
    if hedged:
        return Claim(reporter, "speculation")
    owner = labs[0][0] if labs else makers[0] if makers else ""
    if owner and re.search(r"\b(?:slated|scheduled|on\s+track|roadmap|to\s+follow|due\s+(?:in|by|out))\b", sentence):
        return Claim(owner, "commitment")  # "An MI500 generation is slated for 2027": its maker's plan
    return Claim(reporter, "estimate" if estimate and "forecast" not in sentence else "forecast")
