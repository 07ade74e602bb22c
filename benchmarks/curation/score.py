"""Score `aitrack scan --stub` drafts against hand-made answer keys (issue 26).

    python benchmarks/curation/score.py                  # the tuning articles
    python benchmarks/curation/score.py --set heldout    # the held-back ones (quote these)
    python benchmarks/curation/score.py --set all -v     # every article, with each miss

Each article `articles/<set>/NAME.md` has a key `NAME.key.yaml` (entities with kind and
maker, numbers with entity and field, predictions with speaker, kind and due window,
noise). The drafts are made in a workspace holding the bundled labs and their sources
but no chips, models, products or predictions: the labs are the gazetteer a curator's
workspace has (`aitrack init`), and every product an article names must be drafted, so
the figures do not move as the bundled data grows. An entity counts as found when a draft or a recognised catalog entity
goes by one of its names; a draft is right when it is a key entity of the right kind.
Hand edits: a draft to delete, an entity to add, a kind or maker to fix, a number to add
or fix, a prediction to add, delete, re-date, re-attribute or re-kind.
"""

from __future__ import annotations

import argparse
import glob
import hashlib
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from datetime import date

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
FILES = {"labs.yaml": "lab", "chips.yaml": "chip", "models.yaml": "model", "products.yaml": "product"}
MAKER = {"chip": "vendor", "model": "lab", "product": "maker"}


@dataclass
class Tally:
    drafts: int = 0
    right_drafts: int = 0
    key_entities: int = 0
    found: int = 0
    numbers: int = 0
    right_numbers: int = 0
    predictions: int = 0
    right_windows: int = 0
    right_speakers: int = 0
    edits: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        for name, value in vars(other).items():
            if name != "misses":
                setattr(self, name, getattr(self, name) + value)


def pct(a: int, b: int) -> str:
    return f"{100 * a / b:.0f}% ({a}/{b})" if b else "n/a"


def fold(text: str) -> str:
    from aitrack.kinds import fold as aitrack_fold

    return aitrack_fold(str(text))


GENERIC = {"series", "family", "gpu", "gpus", "accelerator", "chip", "model", "superchip"}


def core(name: str) -> str:
    """A product name without its brand or maker words and generic nouns: 'Instinct MI350
    series' and 'AMD MI350' are both 'mi350'; a bare number keeps the word before it
    ('Gemini 2.5 Pro' is 'gemini25pro'). Empty for a name with no digit (a lab, 'Blackwell
    Ultra'): those match only as written."""
    words = name.split()
    first = next((i for i, w in enumerate(words) if any(ch.isdigit() for ch in w)), None)
    if first is None:
        return ""
    if first and not any(ch.isalpha() for ch in words[first]):
        first -= 1  # a bare number keeps the word before it: "Claude 4", "Gemini 2.5 Pro"
    return fold(" ".join(w for w in words[first:] if w.lower() not in GENERIC))


def as_count(q):
    """'671B' reads as bytes; in a key or a draft of a count it means 671 billion."""
    import re

    from aitrack import quantity

    return quantity.Quantity(q.value, "count", text=q.text) if q.dim == "bytes" and re.search(r"\dB\b", q.text) else q


def same_value(field_name: str, want: object, got: object) -> bool:
    """A number equal within 1% in its base unit; a word equal when folded; a boolean equal."""
    from aitrack import quantity

    if isinstance(want, bool) or isinstance(got, bool):
        return str(want).lower() == str(got).lower()

    def loose(text: str):
        words = text.split()  # "2.788M GPU hours": the figure, without the words a unit cannot be
        for k in range(len(words), 0, -1):
            try:
                return as_count(quantity.parse(" ".join(words[:k])))
            except quantity.QuantityError:
                continue
        raise quantity.QuantityError(text)

    try:
        a, b = (loose(str(v)) for v in (want, got))
        return a.dim == b.dim and abs(a.value - b.value) <= 0.01 * max(abs(a.value), 1e-12)
    except quantity.QuantityError:
        return fold(want) == fold(got) or (len(fold(want)) > 2 and fold(want) in fold(got))


def drafts_of(path: str, cat, ignored: set[str]):
    from aitrack.curate import scan, stub
    from aitrack.dataset.documents import decode_document

    with open(path, "rb") as fh:
        raw = fh.read()
    text = decode_document(raw, path)[0]
    return (
        text,
        stub.draft(text, hashlib.sha256(raw).hexdigest(), path, cat, ignored),
        scan.scan_text(text, path, cat, ignored),
    )


def derived_due(pred: dict, published: object) -> str:
    """The due date validate derives for a draft without one: the end of its horizon's
    window, counted from the source's date (dataset/check.py, _derive_predictions)."""
    from aitrack import dates

    window = dates.due_window(dates.parse_horizon(pred.get("horizon") or ""), dates.span(str(published or "unknown")))
    return window[1].isoformat() if window else "unknown"


def score(path: str, cat, ignored: set[str]) -> Tally:
    with open(path[: -len(".md")] + ".key.yaml", encoding="utf-8") as fh:
        key = yaml.safe_load(fh)
    _text, drafts, report = drafts_of(path, cat, ignored)
    t = Tally()
    # What the drafts and the recognised catalog entities say: names -> (kind, maker, fields)
    got: list[dict] = []
    for file, kind in FILES.items():
        for entry in drafts.entries.get(file, []):
            got.append({"kind": kind, "draft": True, **entry})
    for known in report.known:
        rec = cat.get(known.id) or {}
        if rec.get("kind") in MAKER or rec.get("kind") == "lab":
            got.append({"kind": rec["kind"], "draft": False, **rec})

    def names(entry: dict) -> set[str]:
        written = (entry.get("id", "").replace("-", " "), entry.get("name", ""), *entry.get("aliases", []))
        return {fold(n) for n in written} | {c for c in map(core, written) if c}

    matched: dict[str, dict] = {}  # key name -> the entry that stands for it
    for ent in key.get("entities", []):
        want = {fold(n) for n in (ent["name"], *ent.get("aliases", []))} | {
            c for c in map(core, (ent["name"], *ent.get("aliases", []))) if c
        }
        hit = next((g for g in got if names(g) & want), None)
        t.key_entities += 1
        if hit is None:
            t.edits += 1
            t.misses.append(f"missed {ent['kind']} {ent['name']}")
            continue
        t.found += 1
        matched[ent["name"]] = hit
        if hit["draft"] and hit["kind"] != ent["kind"]:
            t.edits += 1
            t.misses.append(f"kind of {ent['name']}: {hit['kind']}, not {ent['kind']}")
        maker = hit.get(MAKER.get(ent["kind"], ""), None)
        if hit["draft"] and ent["kind"] in MAKER and ent.get("maker") and maker != ent["maker"]:
            t.edits += 1
            t.misses.append(f"maker of {ent['name']}: {maker}, not {ent['maker']}")
    keyed = {id(g) for g in matched.values()}
    for g in got:
        if g["draft"]:
            t.drafts += 1
            right = id(g) in keyed and any(
                e["kind"] == g["kind"] for e in key.get("entities", []) if matched.get(e["name"]) is g
            )
            t.right_drafts += right
            if id(g) not in keyed:
                t.edits += 1
                t.misses.append(f"junk draft {g['kind']} {g.get('name')}")
    claims = [(c.entity, c.field, c.text) for c in report.claims if c.field]
    for num in key.get("numbers", []):
        t.numbers += 1
        hit = matched.get(num["entity"])
        value = None
        if hit is not None and hit["draft"]:
            fact = hit.get(num["field"])
            value = fact.get("value") if isinstance(fact, dict) else fact
        elif hit is not None:
            value = next((text for rid, f, text in claims if rid == hit["id"] and f == num["field"]), None)
        if value is not None and same_value(num["field"], num["value"], value):
            t.right_numbers += 1
        else:
            t.edits += 1
            t.misses.append(f"number {num['entity']}.{num['field']} = {num['value']}: got {value}")
    preds = list(drafts.entries.get("predictions.yaml", []))
    used: set[int] = set()
    for p in key.get("predictions", []):
        t.predictions += 1
        want = fold(p["quote"])
        hit = next(
            (
                d
                for d in preds
                if id(d) not in used and (want in fold(d.get("quote", "")) or fold(d.get("quote", "")) in want)
            ),
            None,
        )
        if hit is None:
            t.edits += 1
            t.misses.append(f"missed prediction: {p['quote'][:70]}")
            continue
        used.add(id(hit))
        due = str(hit.get("due") or derived_due(hit, (drafts.source or {}).get("published") or key.get("published")))
        if str(p["due_earliest"]) == "unknown":
            window = due in ("unknown", "None")
        else:
            window = due not in ("unknown", "None") and date.fromisoformat(
                str(p["due_earliest"])
            ) <= date.fromisoformat(due[:10]) <= date.fromisoformat(str(p["due_latest"]))
        t.right_windows += window
        if not window:
            t.edits += 1
            t.misses.append(f"window of '{p['quote'][:50]}': {due}, not {p['due_earliest']}..{p['due_latest']}")
        speaker_ok = fold(hit.get("by", "")) == fold(p["by"]) or fold(p["by"]) in fold(hit.get("by", ""))
        t.right_speakers += speaker_ok
        if not speaker_ok:
            t.edits += 1
            t.misses.append(f"speaker of '{p['quote'][:50]}': {hit.get('by')}, not {p['by']}")
        if hit.get("kind") != p["kind"]:
            t.edits += 1
            t.misses.append(f"kind of '{p['quote'][:50]}': {hit.get('kind')}, not {p['kind']}")
    for d in preds:
        if id(d) not in used:
            t.edits += 1
            t.misses.append(f"junk prediction: {d.get('quote', '')[:70]}")
    return t


def gazetteer(folder: str) -> None:
    """A dataset of the bundled labs and sources only (see the module's docstring)."""
    os.makedirs(folder)
    for name in ("labs.yaml", "sources.yaml"):
        shutil.copy(os.path.join(ROOT, "data", name), os.path.join(folder, name))
    for name in ("chips.yaml", "models.yaml", "products.yaml", "predictions.yaml"):
        with open(os.path.join(folder, name), "w", encoding="utf-8") as fh:
            fh.write("[]\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", default="tune", choices=["tune", "heldout", "all"])
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument("--articles", default=os.path.join(HERE, "articles"), metavar="DIR")
    args = parser.parse_args()
    from aitrack.dataset.read import load_ignored
    from aitrack.store.catalog import open_catalog

    sets = ["tune", "heldout"] if args.set == "all" else [args.set]
    paths = sorted(p for s in sets for p in glob.glob(os.path.join(args.articles, s, "*.md")))
    if not paths:
        sys.exit(f"no articles under {args.articles}/{args.set}")
    work = tempfile.mkdtemp(prefix="aitrack-curation-")
    try:
        gazetteer(os.path.join(work, "data"))
        os.environ["AITRACK_CACHE_DIR"] = os.path.join(work, "cache")
        cat = open_catalog(os.path.join(work, "data"), use_cache=False)
        ignored = {fold(i["name"]) for i in load_ignored(os.path.join(work, "data"))[0]}
        total = Tally()
        print(
            "| article | entity precision | entity recall | numbers right | prediction windows | speakers | hand edits |"
        )
        print("|---|---|---|---|---|---|---|")
        for path in paths:
            t = score(path, cat, ignored)
            total.add(t)
            name = os.path.relpath(path, args.articles)
            print(
                f"| {name} | {pct(t.right_drafts, t.drafts)} | {pct(t.found, t.key_entities)} | "
                f"{pct(t.right_numbers, t.numbers)} | {pct(t.right_windows, t.predictions)} | "
                f"{pct(t.right_speakers, t.predictions)} | {t.edits} |"
            )
            if args.verbose:
                for miss in t.misses:
                    print(f"  - {miss}", file=sys.stderr)
        print(
            f"| **all** | {pct(total.right_drafts, total.drafts)} | {pct(total.found, total.key_entities)} | "
            f"{pct(total.right_numbers, total.numbers)} | {pct(total.right_windows, total.predictions)} | "
            f"{pct(total.right_speakers, total.predictions)} | {total.edits / len(paths):.1f} per article |"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
