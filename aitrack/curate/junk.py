"""`validate --strict`'s checks for junk that is merely well-formed: an entity named like a
unit, precision, form factor, chemical, job title or page heading; a chip, model or
product whose maker its sources never name beside it; a lab that makes a chip without
saying it makes chips; a prediction whose speaker its source never names; an external
source graded primary that is not on a lab's own domain. Each message says what to do
(issues 26 and 27)."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urlsplit

from aitrack.curate.names import noise
from aitrack.dataset import check
from aitrack.dataset.cites import citations
from aitrack.dataset.documents import DocumentError, decode_document, read_document
from aitrack.dataset.read import Loaded
from aitrack.errors import Problem
from aitrack.vocab import CITED_KINDS

# Who makes an entity, by kind: the field that names the lab.
MAKER_FIELD = {"chip": "vendor", "model": "lab", "product": "maker"}
# A lab says it makes chips when its own record uses one of these words.
_CHIP_WORDS = re.compile(
    r"\b(?:chips?|chipmakers?|silicon|semiconductors?|accelerators?|GPUs?|TPUs?|NPUs?|hardware|processors?)\b",
    re.I,
)


def problems(loaded: Loaded, data_dir: str) -> list[Problem]:
    """Every junk problem of a valid dataset, each at its path:line."""
    texts = _documents(loaded, data_dir)
    recs = {r["id"]: r for kind in loaded.records.values() for r in kind}
    out: list[Problem] = []

    def add(rid: str, subpath: tuple, field: str, message: str) -> None:
        where = loaded.where[rid]
        line, col = where.at(*subpath)
        out.append(Problem(where.path, line, col, rid, field, message))

    for kind in CITED_KINDS:
        for rec in loaded.records.get(kind, []):
            why = noise(rec["name"])
            if why:
                add(rec["id"], ("name",), "name", f"'{rec['name']}' is {why}, not a {kind}: remove the entry")
            if kind in MAKER_FIELD:
                _check_maker(rec, recs, texts, add)
    for rec in loaded.records.get("prediction", []):
        _check_speaker(rec, recs, texts, add)
    owned = [d for lab in loaded.records.get("lab", []) for d in lab.get("domains", [])]
    for src in loaded.records.get("source", []):
        if src.get("reliability") == "primary" and src.get("url") and not _on_own_domain(src["url"], owned):
            host = urlsplit(src["url"]).hostname or src["url"]
            add(
                src["id"],
                ("reliability",),
                "reliability",
                f"graded primary, but {host} is no lab's own domain (labs list theirs under `domains`): "
                "grade it for what it is (a copy or a report), or add the domain to its publisher",
            )
    return out


def _on_own_domain(url: str, domains: list[str]) -> bool:
    """Whether url is on one of the domains ('nvidia.com' covers docs.nvidia.com;
    'huggingface.co/nvidia' covers that account's pages only)."""
    parts = urlsplit(url)
    host, path = (parts.hostname or "").lower(), parts.path.lower() + "/"
    for domain in domains:
        on, _, prefix = domain.lower().partition("/")
        if (host == on or host.endswith("." + on)) and path.startswith(f"/{prefix}/" if prefix else "/"):
            return True
    return False


def _documents(loaded: Loaded, data_dir: str) -> dict[str, str]:
    """Each seed document's text by source id (the ones that load; validate reports the rest)."""
    folder = check.seeds_dir(data_dir)
    out = {}
    for src in loaded.records.get("source", []):
        if src.get("file"):
            try:
                out[src["id"]] = decode_document(read_document(folder, src["file"]), src["file"])[0]
            except DocumentError:
                continue
    return out


def names_of(rec: dict) -> list[str]:
    """The names a record goes by: id, name and aliases (the id with spaces for hyphens)."""
    return [rec["id"].replace("-", " "), rec["name"], *rec.get("aliases", [])]


def _named(text: str, names: list[str]) -> bool:
    """Whether any of names stands in text as a whole word (case ignored)."""
    return any(re.search(rf"(?<!\w){re.escape(n)}(?!\w)", text, re.I) for n in names if len(n) > 1)


def _near(text: str, mine: list[str], wanted: list[str]) -> bool:
    """Whether a line of text (a paragraph, a table row) names the entity, and it or the
    sentence before it names the maker ("AMD launched the MI325X.\nThe chip carries ...")."""
    lines = [line for line in text.splitlines() if line.strip()]
    for n, line in enumerate(lines):
        if _named(line, mine):
            # the line (a paragraph or a table row), or the sentence before it
            before = re.split(r"(?<=[.!?])\s+", lines[n - 1])[-1] if n else ""
            if _named(line, wanted) or _named(before, wanted):
                return True
    return False


def _check_maker(rec: dict, recs: dict, texts: dict[str, str], add: Callable[..., None]) -> None:
    field = MAKER_FIELD[rec["kind"]]
    maker = recs.get(rec.get(field) or "")
    if maker is None:  # unknown, or not given: nothing to attribute
        return
    if rec["kind"] == "chip" and not _says_chips(maker, recs):
        add(
            rec["id"],
            (field,),
            field,
            f"'{maker['id']}' makes no other chip and its record never says it makes chips: "
            "check the vendor, or cite a fact on the lab that says it designs chips",
        )
    cites = [cite for _path, cite in citations(rec)]
    if any(recs.get(c["source"], {}).get("source_kind") == "external" for c in cites):
        return  # looked up in a page of its own: the curator attests the maker there
    wanted = names_of(maker)
    if any(_named(c.get("quote") or "", wanted) for c in cites):
        return
    mine = names_of(rec)
    for sid in {c["source"] for c in cites}:
        if _near(texts.get(sid, ""), mine, wanted):
            return
    add(
        rec["id"],
        (field,),
        field,
        f"no source of {rec['id']} names '{maker['name']}' beside it: check the {field}, "
        "or cite a quote or page that says who makes it",
    )


def _says_chips(lab: dict, recs: dict) -> bool:
    """A lab that vends another chip, or whose own record speaks of chips."""
    if sum(1 for r in recs.values() if r["kind"] == "chip" and r.get("vendor") == lab["id"]) > 1:
        return True
    return bool(_CHIP_WORDS.search(repr({k: v for k, v in lab.items() if k not in ("id", "name", "aliases")})))


def speaker_names(by: str, recs: dict) -> list[str]:
    """What may stand for a speaker in its source: the whole `by`, the part before a
    qualifier ("Bankless episode speakers (unnamed)", "NVIDIA (as reported by the digest)"),
    its first word when that is a name (an outlet, a firm), its last (a surname, the noun of
    "podcast guest"), and a lab's names."""
    head = by.split(" (")[0].strip()
    words = [re.sub(r"['’]s$", "", w) for w in head.split()]
    out = [by, head, *(names_of(recs[head]) if head in recs else [])]
    if words:  # a person's surname, or the noun of a description ("podcast guest")
        out.append(words[-1])
    if words and words[0][:1].isupper():
        out.append(words[0])
    return out


def _check_speaker(rec: dict, recs: dict, texts: dict[str, str], add: Callable[..., None]) -> None:
    """A prediction's `by` is named by its source: in the document, or as its byline,
    outlet or title (a lab speaking is also named by its lab's names)."""
    by = rec.get("by") or ""
    src = recs.get(rec.get("source") or "", {})
    about = " ".join(str(src.get(k) or "") for k in ("title", "outlet", "by")) + "\n" + texts.get(src.get("id", ""), "")
    own = [str(src.get(k) or "") for k in ("name", "title", "outlet", "by")] + list(src.get("aliases", []))
    own += [t.split(":")[0] for t in own if ":" in t]
    if not by or _named(about, speaker_names(by, recs)) or _named(by, own):
        return  # named by the source, or the source's own voice ("setupai.cc's AI-generated analysis")
    add(
        rec["id"],
        ("by",),
        "by",
        f"'{by}' is named nowhere in source '{src.get('id', rec.get('source'))}': "
        "give the speaker the source names (company, byline, outlet or analyst firm)",
    )
