"""A document as a web page pasted as text: which lines are its title, subtitle, byline,
dateline, tag list, headings, captions, share and subscribe boilerplate, and which are
its body (paragraphs and tables). Extraction reads the body only (and the title and
subtitle, which are sentences that may carry a plan or a figure), so page furniture never
becomes an entity, a quote or a prediction.

`body()` keeps every offset: furniture is blanked with spaces, so a sentence of the body
is still a verbatim part of the document, usable as a quote."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_HEADING = re.compile(r"^\s{0,3}#{1,6}\s")
_RULE = re.compile(r"^\s*(?:[-*_]\s*){3,}$")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_BYLINE = re.compile(r"^\W*(?:by|written by|words by)\s+[A-Z]", re.I)
_DATELINE = re.compile(
    r"^\W*(?:published|updated|posted|last updated|first published|issue\s+#?\d+|vol\.?\s*\d+)\b|^\W*(?:mon|tue|wed|thu|fri|sat|sun)\w*,?\s",
    re.I,
)
_TAGS = re.compile(r"^\W*(?:tags?|topics?|filed under|categor(?:y|ies)|keywords|related topics)\s*:", re.I)
_BOILER = re.compile(
    r"\b(?:share this|share on|subscribe|sign up|newsletter sign|follow us|click to enlarge|"
    r"read more|related:|related articles|advertisement|all rights reserved|copyright|"
    r"comments?\s*\(|view comments|image credit|photo credit|image:|photo:|source: [A-Z][\w ]+$)",
    re.I,
)
_ONLY_DATE = re.compile(
    r"^\W*(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*\.?\s+\d{1,2},?\s+\d{4}|\d{4}-\d\d-\d\d)\W*"
    r"(?:\d{1,2}:\d\d\s*(?:am|pm)?\s*\w*)?\W*$",
    re.I,
)
# "SAN JOSE — AMD opened …": a place in capitals before a dash opens the first paragraph
_PLACE = re.compile(r"^(\s*[A-Z][A-Z .'’-]{2,40}(?:,\s*[A-Z][a-z]+\.?)?\s+[—–-]{1,2}\s+)(?=\S)")
_CAPTION = re.compile(r"^\s*([*_])(?!\1).*\1\s*$")


@dataclass
class Page:
    text: str  # the document as given
    body: str  # the same length: furniture blanked with spaces, line breaks kept
    title: str = ""
    subtitle: str = ""
    furniture: list[tuple[int, str]] = field(default_factory=list)  # (line number, why), for tests and reports
    tables: list[Table] = field(default_factory=list)


@dataclass
class Table:
    """A Markdown table: its header cells and its rows of cells, each cell with its offset."""

    header: list[tuple[int, str]]
    rows: list[list[tuple[int, str]]]


def _caps_line(line: str) -> bool:
    """A heading written in capitals: 'INSIDE THE PACKAGE', 'WHAT COMES NEXT'."""
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 4 and sum(c.isupper() for c in letters) / len(letters) > 0.85 and len(line.split()) <= 8


def _cells(line: str, at: int) -> list[tuple[int, str]]:
    out, pos = [], 0
    inner = line.strip()
    lead = line.index(inner[0]) if inner else 0
    for part in inner.strip("|").split("|"):
        start = line.find(part, lead + pos)
        out.append((at + start + (len(part) - len(part.lstrip())), part.strip()))
        pos = start - lead + len(part)
    return out


def read(text: str) -> Page:
    """The page model of a document."""
    lines = text.split("\n")
    out: list[str] = []
    page = Page(text, "")
    offset = 0
    seen_body = False  # the first paragraph may open with a dateline place
    prose = 0  # non-blank lines seen: the title is the first, a subtitle may follow
    table: Table | None = None
    for n, line in enumerate(lines, 1):
        blank, why = False, ""
        plain = line.strip()
        if not plain:
            out.append(line)
            offset += len(line) + 1
            table = None
            continue
        prose += 1
        if prose == 1 and _caps_line(plain):
            blank, why = True, "title in capitals (a masthead)"
        elif prose == 1:
            page.title = plain.lstrip("#").strip()
            # "Title | Outlet": the outlet is not part of the sentence
            cut = re.search(r"\s+[|–—]\s+[^|]{2,60}$", line)
            if cut:
                line = line[: cut.start()] + " " * (len(line) - cut.start())
            line = re.sub(r"^\s*#+\s", lambda m: " " * len(m.group()), line)
        elif prose <= 3 and _HEADING.match(line) and not page.subtitle and not seen_body:
            page.subtitle = plain.lstrip("#").strip()
            line = re.sub(r"^\s*#+\s", lambda m: " " * len(m.group()), line)
        elif _TABLE_RULE.match(line):
            blank, why = True, "table rule"
        elif plain.startswith("|"):
            cells = _cells(line, offset)
            if table is None:
                table = Table(cells, [])
                page.tables.append(table)
            else:
                table.rows.append(cells)
        elif _HEADING.match(line) or _caps_line(plain):
            blank, why = True, "heading"
        elif _RULE.match(line):
            blank, why = True, "rule"
        elif _BYLINE.match(plain) and len(plain.split()) <= 12:
            blank, why = True, "byline"
        elif _DATELINE.match(plain) and len(plain.split()) <= 12 or _ONLY_DATE.match(plain):
            blank, why = True, "dateline"
        elif _TAGS.match(plain):
            blank, why = True, "tags"
        elif _BOILER.search(plain) and (len(plain.split()) <= 25 or _CAPTION.match(line)):
            blank, why = True, "boilerplate"
        elif _CAPTION.match(line):
            blank, why = True, "caption"
        elif " | " in plain and len(plain.split()) <= 10 and not re.search(r"[.!?]$", plain):
            blank, why = True, "section line"  # "Fixture Model Report | Open Weights", "Share | Save"
        elif not seen_body and re.match(r"^\s*[-*•]\s+[^.!?]{1,40}$", line):
            blank, why = True, "tags"  # a bulleted tag list between the byline and the body
        elif re.match(r"^\s*[-*•]\s+\S{1,30}$", line) and page.furniture and page.furniture[-1][1] == "tags":
            blank, why = True, "tags"  # a bulleted tag list under "Tags:"
        else:
            if (not seen_body or not lines[n - 2].strip()) and (m := _PLACE.match(line)):
                line = " " * len(m.group(1)) + line[len(m.group(1)) :]
            seen_body = True
        if blank:
            page.furniture.append((n, why))
            line = " " * len(line)
        out.append(line)
        offset += len(line) + 1
    page.body = "\n".join(out)
    return page
