"""Near-final drafts from a scanned document (`scan --stub`): each new name in its kind
(an MI-, TPU-, GPU- or accelerator-like name is a chip) with its maker, each number on
the product named closest to it, one prediction per claim and deadline, and an
ignored.yaml line for every name left, with the reason. What needs a human says TODO."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from aitrack.curate import extract, makers, scan
from aitrack.curate import stub_numbers as numbers
from aitrack.curate.names import NOT_AFTER, kind_of, noise, product_type
from aitrack.curate.stub_predictions import predictions, sentence_of, sentence_spans
from aitrack.kinds import fold

_LAUNCH = re.compile(
    r"\b(?:released|launched|unveiled|introduced|announced|showed|debuted)\s+(?:the\s+|its\s+)?"
    r"(?P<name>[A-Z][\w.-]*(?:\s+[A-Z0-9][\w.-]*){0,2})"
)
# An article is tens of KB; a longer text (a dump, a hostile input) is reported, not
# drafted: drafting reads it several times over and must not take minutes.
DRAFT_LIMIT = 200_000
FILES = {
    "lab": "labs.yaml",
    "chip": "chips.yaml",
    "model": "models.yaml",
    "product": "products.yaml",
    "prediction": "predictions.yaml",
}


@dataclass
class Name:
    id: str
    kind: str  # lab, chip or model
    name: str
    spots: list[int]  # offsets of every mention
    entry: dict = field(default_factory=dict)


@dataclass
class Draft:
    source_id: str
    source: dict | None  # a new source entry, when the document is not in the dataset yet
    entries: dict[str, list[dict]]  # file name -> entries
    ignored: list[dict]


def _spots(text: str, name: str) -> list[int]:
    return [m.start() for m in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text)]


def draft(text: str, raw_hash: str, filename: str, cat: Any, ignored: set[str], scanned: Any = None) -> Draft:
    from aitrack.curate import page
    from aitrack.curate.document import pick_id, read_meta

    if len(text) > DRAFT_LIMIT:
        from aitrack.errors import AitrackError

        raise AitrackError(
            f"{filename} is longer than {DRAFT_LIMIT // 1000} KB, which no article is: split it to draft it"
        )

    doc = page.read(text)
    original, text = text, doc.body  # furniture blanked: offsets are the document's
    report = scanned or scan.scan_text(original, filename, cat, ignored)  # scanned: the report's own reading
    source = next((s for s in cat.kind("source") if s.get("sha256") == raw_hash), None)
    new_source = None
    if source is None:
        meta = read_meta(original)
        sid = pick_id(meta, filename, {s["id"] for s in cat.kind("source")})
        new_source = {
            "id": sid,
            "name": meta.title or filename,
            "kind": "analysis-article",
            "title": meta.title or filename,
            **({"outlet": meta.outlet} if meta.outlet else {}),
            **({"by": meta.byline} if meta.byline else {}),
            "file": filename.rsplit("/", 1)[-1],
            "sha256": raw_hash,
            "published": meta.published,
        }
        source = new_source
    sentences = scan.split_sentences(text)
    known = [(pos, rid, (cat.get(rid) or {}).get("kind", "")) for pos, rid in report.hits]
    names, ignore = _names(text, cat, ignored, sentences, source.get("outlet") or "")
    _makers(text, names, known, cat, sentences)
    numbers.table_numbers(text, names, doc.tables, source["id"])
    numbers.numbers(text, names, known, sentences, source["id"])
    numbers.statements(text, names, sentences, source["id"], str(source.get("published") or ""))
    preds = predictions(
        text, names, known, sentences, source, (source.get("by") or "", source.get("outlet") or ""), cat
    )
    entries: dict[str, list[dict]] = {}
    for n in names.values():
        if n.kind in FILES:
            entries.setdefault(FILES[n.kind], []).append(n.entry)
    if preds:
        entries["predictions.yaml"] = preds
    for key in ("labs.yaml", "chips.yaml", "models.yaml", "products.yaml", "predictions.yaml"):
        if key in entries:
            entries[key] = entries.pop(key)  # a fixed order: makers before what they make
    return Draft(source["id"], new_source, entries, ignore)


def _names(
    text: str, cat: Any, ignored: set[str], sentences: list, outlet: str = ""
) -> tuple[dict[str, Name], list[dict]]:
    aliases = cat.all_aliases()
    found = list(extract.distinct(extract.mentions(text)).values())
    seen = {fold(m.name) for m in found}
    longer: dict[str, str] = {}  # "MI325X" -> "Instinct MI325X", as the text also writes it
    for launch in _LAUNCH.finditer(text):
        candidate = launch["name"].rstrip(".,")
        inner = next((f.name for f in found if candidate.endswith(" " + f.name)), None)
        if inner:
            longer[fold(inner)] = candidate
            continue
        if fold(candidate) not in seen and fold(candidate) not in aliases and not noise(candidate.split()[0]):
            seen.add(fold(candidate))
            found.append(extract.Mention(candidate, "product", 0, 0, ""))
    orgs = [f for f in found if f.kind == "org"]
    short_of: dict[str, str] = {}  # "Mistral AI" -> "Mistral": one lab, named in full, the short name its alias
    for short in orgs:
        full = next((f for f in orgs if f.name.startswith(short.name + " ") and len(f.name.split()) == 2), None)
        if full:
            short_of[fold(full.name)] = short.name
    found = [f for f in found if not (f.kind == "org" and fold(f.name) in {fold(v) for v in short_of.values()})]
    for short in found:  # "Blackhole p150" and "p150": one chip, named in full
        full = next(
            (
                f
                for f in found
                if f.kind == short.kind == "product" and f.name.endswith((" " + short.name, "-" + short.name))
            ),
            None,
        )
        if full and fold(short.name) not in longer:
            longer[fold(short.name)] = full.name
            seen.discard(fold(full.name))
    found = [
        f
        for f in found
        if not (f.kind == "product" and fold(f.name) in {fold(v) for k, v in longer.items() if k != fold(f.name)})
    ]
    names: dict[str, Name] = {}
    ignore: list[dict] = []
    # The labs a text may name as owners: the catalog's and the ones it names doing things
    lab_words = {k for k, (_rid, kind) in aliases.items() if kind == "lab"} | {
        fold(f.name) for f in found if f.kind == "org" and " " not in f.name and not any(c.isdigit() for c in f.name)
    }
    for m in found:
        key = fold(m.name)
        if key in aliases or key in ignored or key in names:
            continue
        spots = _spots(text, m.name)
        why = noise(m.name)
        if not why and outlet and key in fold(outlet):
            why = "the document's outlet, not a subject of it"
        if why or not spots:
            ignore.append({"name": m.name, "reason": why or "TODO confirm: not a name to curate"})
            continue
        start, sentence = sentence_of(sentences, spots[0])
        kind, after = None, ""
        for spot in spots:  # the first mention whose words say what it is
            around = text[max(0, spot - 80) : spot + len(m.name) + 80]
            words = re.match(r"\s+(\w+)(?:\s+(\w+))?", text[spot + len(m.name) :])
            after = words[1] if words else ""
            if words and words[2] and words[2].lower() in NOT_AFTER:
                after = words[2]  # "the Xe3 graphics architecture": the second word says it
            owned = (
                _owned(text, spot, m.name, lab_words)
                if m.kind == "org"
                else bool(_THING.match(text, spot + len(m.name)))
            )
            kind = "product" if owned else kind_of(m.name, m.kind, around, after)
            if kind:
                break
        if after.lower() in NOT_AFTER:
            ignore.append({"name": m.name, "reason": NOT_AFTER[after.lower()]})
            continue
        if kind is None:
            ignore.append({"name": m.name, "reason": "TODO confirm: neither curated nor clearly a lab, chip or model"})
            continue
        # the short name is the id ("mi325x"), unless it is too short to stand alone ("p150")
        base = longer.get(key, m.name) if len(m.name) <= 4 else m.name
        rid = re.sub(r"[^a-z0-9]+", "-", base.lower()).strip("-")
        if not rid or rid in {r for r, _ in aliases.values()}:
            ignore.append({"name": m.name, "reason": "TODO confirm: clashes with a curated id"})
            continue
        if key in longer:
            spots = sorted(set(spots) | set(_spots(text, longer[key])))
        names[key] = Name(rid, kind, longer.get(key, m.name), spots)
        if kind == "product":
            names[key].entry["product_type"] = product_type(after, text[max(0, spots[0] - 80) : spots[0] + 120])
        if key in longer:
            names[key].entry["alias"] = m.name
        if key in short_of:
            names[key].entry["alias"] = short_of[key]
            names[key].spots = sorted(set(spots) | set(_spots(text, short_of[key])))
    return names, ignore


_LAB_WORDS = {"ai", "labs", "lab", "research", "deepmind", "brain", "inc", "corp", "technologies", "systems"}


def _owned(text: str, spot: int, name: str, labs: set[str]) -> bool:
    """A name the text gives an owner, so a thing and not a lab: "DeepSeek's FlashMLA",
    "Google's Vertex AI", or a lab's name before another word ("Amazon Bedrock", "Microsoft
    Azure"; not "Mistral AI", "Google DeepMind")."""
    before = re.search(r"([\w.&-]+)['’]s\s+$", text[max(0, spot - 40) : spot])
    if before and fold(before[1]) in labs and fold(before[1]) != fold(name):
        return True
    words = name.split()
    if len(words) >= 2 and fold(words[0]) in labs and words[1].lower() not in _LAB_WORDS:
        return True
    return bool(_THING.match(text, spot + len(name)))


# "FlashMLA, a decoding kernel for Hopper GPUs", "Alexa+ …, a rebuilt version of its assistant"
_THING = re.compile(
    r",\s+(?:a|an|its|the)\s+(?:[\w-]+\s+){0,5}?(?:kernel|library|framework|tool|toolkit|assistant|app|service|"
    r"platform|agent|chatbot|API|supercomputer|cluster|rack|system|repository)\b"
)


def _quote(text: str, pos: int, sentences: list, spots: list[int] | None = None) -> str:
    """The sentence naming it: the first one after the document's heading block (title,
    dateline, byline) when the body names it too."""
    head = text.find("\n\n")
    later = [p for p in spots or [] if head >= 0 and p > head]
    return sentence_of(sentences, later[0] if later and pos < head else pos)[1]


def _makers(text: str, names: dict[str, Name], known: list, cat: Any, sentences: list) -> None:
    """Fill each entry: name, maker (the nearest lab before it in its sentence, else after),
    the citation of its first sentence."""
    labs = [(pos, rid, (cat.get(rid) or {}).get("name", rid)) for pos, rid, kind in known if kind == "lab"]
    for n in names.values():
        if n.kind == "lab":
            labs += [(p, n.id, n.name) for p in n.spots]
    labs.sort()
    spans = sentence_spans(text, sentences)
    for n in names.values():
        first = n.spots[0]
        keep = {k: n.entry[k] for k in ("alias", "product_type") if k in n.entry}
        n.entry = {"id": n.id, "name": n.name, **({"alias": keep["alias"]} if "alias" in keep else {})}
        if n.kind == "lab":
            n.entry = {"id": n.id, "name": n.name, **({"aliases": [keep["alias"]]} if "alias" in keep else {})}
            n.entry["cite"] = [{"source": "", "quote": _quote(text, first, sentences, n.spots)}]
            continue
        # The lab named before the product in one of its sentences ("AMD's MI300X",
        # "Mistral AI released Pixtral Large"), else the first named after it.
        maker, later = makers.in_name(n, labs), None
        for spot in n.spots if maker is None else []:
            start, end, _s = next((sp for sp in spans if sp[0] <= spot < sp[1]), (spot, spot, ""))
            before = [lab for lab in labs if start <= lab[0] < spot]
            if before:
                maker, first = before[-1], spot
                break
            later = later or next((lab for lab in labs if spot < lab[0] < end), None)
        maker = maker or later or makers.family_maker(n, names, known, cat) or makers.its_maker(n, names, sentences)
        display = n.name
        if maker and n.kind == "chip" and not fold(n.name).startswith(fold(maker[2])):
            display = f"{maker[2]} {n.name}"
        aliases = [a for a in (n.entry.get("alias"), n.name) if a and a != display and fold(a) != fold(n.id)]
        n.entry = {"id": n.id, "name": display}
        if aliases:
            n.entry["aliases"] = aliases
        if n.kind == "product":
            n.entry["maker"] = maker[1] if maker else "TODO"
            n.entry["product_type"] = keep["product_type"]
        else:
            n.entry["vendor" if n.kind == "chip" else "lab"] = maker[1] if maker else "TODO"
        n.entry["cite"] = [{"source": "", "quote": _quote(text, first, sentences, n.spots)}]
