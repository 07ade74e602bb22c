"""Finding names in free text: product-like names (words with digits or versions, such as
`MI300X`, `GPT-5.4 Mini`, `Claude 3.5 Sonnet`) and organisation-like names (CamelCase,
ALL-CAPS, possessives, a "Mentioned Companies" list). Used by the coverage test and by
`aitrack scan`; deliberately simple, explainable heuristics, no language model."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

SUFFIXES = {"Mini", "Nano", "Pro", "Sonnet", "Opus", "Haiku", "Ultra", "Flash", "Turbo", "Max", "Plus", "Lite"}
# Capitalised words that start sentences or headings before a number, not names.
NOT_NAMES = {
    "In",
    "Within",
    "By",
    "Over",
    "Of",
    "The",
    "To",
    "Top",
    "Only",
    "Phase",
    "Step",
    "Section",
    "And",
    "Or",
    "From",
    "Than",
    "For",
    "At",
    "On",
    "Up",
    "About",
    "Around",
    "Nearly",
    "Some",
    "Until",
    "Before",
    "After",
    "Since",
    "Q",
    "Year",
    "Launch",
    "Series",
    "With",
    "Under",
    "Version",
    "Page",
    "Chapter",
    "Table",
}

_PRODUCT = re.compile(
    r"(?<![\w.\-/])"
    r"(?:(?P<brand>[A-Z][A-Za-z]*) )?"
    r"(?P<core>[A-Za-z][A-Za-z]*(?:[-.][A-Za-z]+)*[-.]?[0-9][A-Za-z0-9_.]*(?:-[A-Za-z0-9]+)*"
    r"|[A-Z][a-zA-Z]+ [0-9]{1,3}(?:\.[0-9]{1,2})?(?![0-9,%]))"
    r"(?: (?P<size>\d{1,4}(?:\.\d)?[BT])(?![\w-]))?"  # "Llama 3.1 405B": a size variant is part of the name
    r"(?: (?P<suffix>[A-Z][a-z]+))?"
)
_CAMEL = re.compile(r"(?<![\w-])(?:[A-Z][a-z]+[A-Z][A-Za-z]*|[a-z]+[A-Z][A-Za-z]*|[A-Z]{2,}[a-z]+[A-Za-z]*)(?![\w-])")
_CAPS = re.compile(r"(?<![\w-])[A-Z]{2,}(?![\w-])")
_POSSESSIVE = re.compile(r"(?<![\w-])([A-Z][A-Za-z]+(?:'s|’s|s'))(?!\w)")
# Adjectives that precede "AI" in ordinary prose ("Generative AI"), not company names.
NOT_AI_NAMES = {
    "Constitutional",
    "Edge",
    "Major",
    "Projected",
    "Vertical",
    "Source",
    "Closed",
    "Open",
    "Advancing",
    "Leading",
    "Weekly",
    "Generative",
    "Agentic",
    "Responsible",
    "Safe",
    "Physical",
    "Conversational",
    "Enterprise",
    "Frontier",
    "General",
    "Applied",
    "Modern",
    "Emerging",
    "Trustworthy",
    "Copilot",
}
_ORG_SUFFIX = re.compile(
    r"(?<![\w-])((?:[A-Z][a-z]+ ){1,2}(?:AI|Labs?|Inc|Corp|Technologies|Systems|Research|Robotics))(?![\w-])"
)
_SCORE_LINE = re.compile(r"^-?[0-9]+(?:\.[0-9]+)?\S")
# A capitalised name doing what companies do: "Intel plans to", "Alibaba said", "Amazon
# unveiled" (the text's own attribution: no list of companies needed). One word, or a
# company word after it: "Lisa Su showed" is a person.
# Names without a number that the text says are things: "code-named Jaguar Shores",
# "Crescent Island, a data center GPU", "Helios, its first in-house rack design".
_CODENAME = re.compile(
    r"\b(?:code-?named|codenamed|called|dubbed|known as)\s+[\"“]?([A-Z][a-z][\w+-]*(?:\s[A-Z][\w+-]+){0,2})"
)
_APPOSITIVE = re.compile(
    r"(?<![\w-])([A-Z][a-z][\w+-]*(?:\s[A-Z][a-z][\w+-]*){0,2}),\s+(?:a|an|its|their|the company's)\s+(?:[\w-]+\s+){0,4}?"
    r"(?:GPU|chip|accelerator|processor|CPU|rack|system|server|supercomputer|cluster)s?\b"
)
# A name in quotes, every word capitalised, before what it is: '"Panther Lake" laptop processors'
_QUOTED = re.compile(
    r"[\"“]([A-Z][a-z]+(?:\s[A-Z][a-z]+){1,2})[\"”]\s+(?:[\w-]+\s+){0,2}?"
    r"(?:processors?|chips?|GPUs?|CPUs?|accelerators?|laptops?|servers?|racks?|models?)\b"
)
_ORG_VERB = re.compile(
    r"(?<![\w-])([A-Z][a-z]+(?:\s(?:AI|Labs?|Cloud|Technologies|Systems|Research|Computing))?)(?=\s+(?:said|says|plans|planned|announced|unveiled|unveils|launched|"
    r"launches|released|releases|introduced|introduces|expects|reported|told|committed|confirmed|showed|debuted|"
    r"shipped|ships|revealed|detailed|opened|acquired|invested|signed|will\s+(?:launch|ship|release|spend|invest|open|build)))"
)


@dataclass(frozen=True)
class Mention:
    name: str
    kind: str  # "product" or "org"
    line: int
    col: int
    # (text, offset) to cut the sentence from on demand, or the sentence itself: a
    # document may hold 100,000s of mentions, and only the first of each name is shown.
    context: tuple[str, int] | str = field(default="", compare=False, repr=False)

    @property
    def sentence(self) -> str:
        return self.context if isinstance(self.context, str) else _sentence(*self.context)


# How far a context sentence reaches on each side of a name. Documents are untrusted: a
# megabyte on one line must not give every mention a megabyte-long "sentence" (quadratic
# time and memory); a window is still a verbatim part of the text, usable as a quote.
SENTENCE_REACH = 240


class LineIndex:
    """Line and column of any offset in O(log lines), built once per text: counting
    newlines from the start for every match made a scan quadratic."""

    def __init__(self, text: str):
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def at(self, pos: int) -> tuple[int, int]:
        line = bisect_right(self.starts, pos)
        return line, pos - self.starts[line - 1] + 1


def window(text: str, start: int, end: int, pos: int, reach: int = SENTENCE_REACH) -> str:
    """text[start:end] with whitespace collapsed, cut to about `reach` characters each
    side of pos at word boundaries when longer."""
    lo, hi = max(start, pos - reach), min(end, pos + reach)
    if lo > start:
        space = text.find(" ", lo, pos)
        lo = space + 1 if space >= 0 else lo
    if hi < end:
        space = text.rfind(" ", max(pos, lo), hi)
        hi = space if space > pos else hi
    return " ".join(text[lo:hi].split())


def _sentence(text: str, pos: int) -> str:
    # Look for the sentence's ends only within reach: the search itself must be bounded.
    lo, hi = max(0, pos - SENTENCE_REACH), min(len(text), pos + SENTENCE_REACH)
    cut = max(text.rfind(". ", lo, pos), text.rfind("\n", lo, pos))
    start = cut + 1 if cut >= 0 else lo
    ends = [i for i in (text.find(". ", pos, hi), text.find("\n", pos, hi)) if i >= 0]
    end = min(ends) + 1 if ends else hi
    return window(text, start, end, pos)


def _clean_product(m: re.Match) -> str | None:
    core = m["core"].rstrip(".-")
    if re.fullmatch(r"[A-Za-z]+\d+s", core):
        core = core[:-1]  # "B200s": the chip, in the plural
    if re.match(r"\s?(?:nm|nanometer)\b", m.string[m.end("core") : m.end("core") + 12]):
        return None  # "TSMC 3 nm", "N3 nm": a process, not a product
    if re.fullmatch(r"[A-Za-z]+ [0-9]+(\.[0-9]+)?", core):
        word, number = core.split(" ")
        if word in NOT_NAMES or float(number) >= 1000:
            return None
    elif not re.search(r"[A-Za-z]", core) or re.fullmatch(r"[0-9]+[A-Za-z]{0,2}", core):
        return None
    name = core
    brand = m["brand"]
    if (
        brand
        and brand not in NOT_NAMES
        and (core[0].islower() or brand.isupper() or len(core) <= 3)
        and " " not in core
    ):
        name = f"{brand} {core}"
    if m["size"]:
        name = f"{name} {m['size']}"
    if m["suffix"] in SUFFIXES:
        name = f"{name} {m['suffix']}"
    return name


def mentions(text: str) -> list[Mention]:
    """Every product-like and organisation-like name, in order of appearance."""
    found: list[Mention] = []
    index = LineIndex(text)
    for m in _PRODUCT.finditer(text):
        name = _clean_product(m)
        if name:
            pos = m.start("brand") if name.startswith(m["brand"] or "\0") else m.start("core")
            found.append(Mention(name, "product", *index.at(pos), (text, pos)))
    for regex in (_CAMEL, _CAPS):
        for m in regex.finditer(text):
            if not any(ch.isdigit() for ch in m.group()):
                found.append(Mention(m.group(), "org", *index.at(m.start()), (text, m.start())))
    for m in _ORG_SUFFIX.finditer(text):
        words = m.group(1).split()
        if words[0] not in NOT_NAMES and not (words[-1] == "AI" and set(words[:-1]) & NOT_AI_NAMES):
            found.append(Mention(m.group(1), "org", *index.at(m.start()), (text, m.start())))
    for rx in (_CODENAME, _APPOSITIVE, _QUOTED):
        for m in rx.finditer(text):
            if m.group(1).split()[0] not in NOT_NAMES:
                found.append(Mention(m.group(1), "product", *index.at(m.start(1)), (text, m.start(1))))
    for m in _ORG_VERB.finditer(text):
        before = text[max(0, m.start() - 30) : m.start()].split()
        if before and before[-1][:1].isupper() and not before[-1].endswith((".", ":", ",")):
            continue  # "Lisa Su showed": the end of a longer name, a person's
        if m.group(1).split()[0] not in NOT_NAMES:
            found.append(Mention(m.group(1), "org", *index.at(m.start()), (text, m.start())))
    for m in _POSSESSIVE.finditer(text):
        name = re.sub(r"(?:'s|’s|')$", "", m.group(1))
        found.append(Mention(name, "org", *index.at(m.start()), (text, m.start())))
    lines = text.splitlines()
    for i, line in enumerate(lines[:-1]):
        if re.fullmatch(r"[A-Z][\w .&-]{1,40}", line.strip()) and _SCORE_LINE.match(lines[i + 1]):
            found.append(Mention(line.strip(), "org", i + 1, 1, line.strip()))
    found.sort(key=lambda x: (x.line, x.col))
    return found


def distinct(found: list[Mention]) -> dict[str, Mention]:
    """First mention of each name, folded (case, spaces and punctuation ignored)."""
    from aitrack.kinds import fold

    out: dict[str, Mention] = {}
    for m in found:
        out.setdefault(fold(m.name), m)
    return out
