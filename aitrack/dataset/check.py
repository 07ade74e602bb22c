"""Checks that need the whole dataset: references, unique aliases, citations, quotes
found in the documents, document hashes; and the derived prediction dates. Trust
(grades, as_of, confidence, history) is filled in by trust.py, called from here."""

from __future__ import annotations

import hashlib
import os
import re
from typing import Any

from aitrack import dates
from aitrack.dataset import scripts, trust, valid
from aitrack.dataset.cites import citations  # noqa: F401  (others import it from here too)
from aitrack.dataset.documents import DocumentError, decode_document, read_document
from aitrack.dataset.read import Loaded
from aitrack.errors import Problem
from aitrack.kinds import fold

_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
    }
)
_SPACE = re.compile(r"\s+")


def fold_quote(text: str) -> str:
    """Whitespace collapsed and typographic quotes made plain, for quote matching."""
    return _SPACE.sub(" ", text.translate(_QUOTES)).strip()


def seeds_dir(data_dir: str) -> str:
    """Where source documents live: $AITRACK_SEEDS_DIR, DATA/seeds, or DATA/../seeds."""
    env = os.environ.get("AITRACK_SEEDS_DIR")
    if env:
        return env
    inner = os.path.join(data_dir, "seeds")
    return inner if os.path.isdir(inner) else os.path.join(os.path.dirname(os.path.abspath(data_dir)), "seeds")


def check(loaded: Loaded, data_dir: str, with_documents: bool) -> None:
    """Append every cross-entity problem to loaded.problems; fill derived fields."""
    recs = {r["id"]: r for kind in loaded.records.values() for r in kind}
    problems = loaded.problems

    def problem(rid: str, subpath: tuple, field: str, message: str) -> None:
        where = loaded.where[rid]
        line, col = where.at(*subpath)
        problems.append(Problem(where.path, line, col, rid, field, message))

    _check_aliases(loaded, problem, data_dir)
    scripts.check([r for kind in loaded.records.values() for r in kind], problem)
    # Every check runs on whatever did load. Only a reference to an id that is nowhere is
    # not reported while a file failed to load: that file may hold it, and says why not.
    unsure = (lambda ref: ref not in recs) if loaded.broken_files else (lambda ref: False)
    for rid, rec in recs.items():
        for key, want in (("vendor", "lab"), ("lab", "lab"), ("parent", "lab"), ("maker", "lab")):
            # lab/maker "unknown": looked for, and no source names a single maker
            if key in rec and rec["kind"] != "source" and isinstance(rec[key], str) and rec[key] != "unknown":
                target = recs.get(rec[key])
                if rec[key] in loaded.invalid_ids or unsure(rec[key]):
                    continue
                if target is None or target["kind"] != want:
                    problem(rid, (key,), key, f"'{rec[key]}' is not a known {want} id" + _hint(rec[key], recs, want))
        for i, subject in enumerate(rec.get("subjects", [])):
            if subject not in recs and subject not in loaded.invalid_ids and not unsure(subject):
                problem(rid, ("subjects", i), f"subjects.{i}", f"'{subject}' is not a known id" + _hint(subject, recs))
        for path, cite in citations(rec):
            field = ".".join(str(p) for p in path) or "source"
            src = recs.get(cite["source"])
            if cite["source"] in loaded.invalid_ids or unsure(cite["source"]):
                continue
            if src is None or src["kind"] != "source":
                problem(
                    rid,
                    path + ("source",),
                    field,
                    f"cites unknown source '{cite['source']}'" + _hint(cite["source"], recs, "source"),
                )
            elif src["source_kind"] != "external" and not cite.get("quote"):
                problem(rid, path, field, f"a fact from document '{src['id']}' needs a verbatim quote")
    if with_documents:
        _check_documents(loaded, data_dir, recs, problem)
        _check_values(recs, problem)
    _grade(recs, data_dir, problem)
    valid.derive(recs, problem)
    _derive_predictions(loaded, recs, problem)
    trust.normalise(recs, problem)


def _check_values(recs: dict, problem: Any) -> None:
    """Every quoted value found in its quote, unless the fact says how it was derived."""
    from aitrack.dataset.fields import spec
    from aitrack.dataset.values import mismatch

    for rid, rec in recs.items():
        if rec["kind"] == "source":
            continue
        items = (
            [(("value",), "value", "quantity", rec.get("value"), rec)]
            if rec["kind"] == "prediction" and "value" in rec
            else []
        )
        for path, fact in trust.fact_paths(rec):
            s = spec(rec["kind"], path[0])
            ftype = s.type if s else "text"
            items.append((path, path[0], ftype, fact["value"], fact))
            if path[0] == "events":
                items.append((path + ("date",), "events", "date", fact["date"], fact))
        for path, name, ftype, value, fact in items:
            if not fact.get("quote") or fact.get("derived"):
                continue
            why = mismatch(rec["kind"], ftype, name, value, fact["quote"])
            if why:
                where = path if path[-1] in ("value", "date") else path + ("value",)
                problem(rid, where, ".".join(str(p) for p in path), why)


def _grade(recs: dict, data_dir: str, problem: Any) -> None:
    """Reliability, as_of and confidence on every fact. A source graded by headings is
    read to place each quote under its heading (only those sources are read)."""

    def sections_of(src: dict) -> trust.Sections:
        text = None
        if any(sec.get("heading") for sec in src.get("sections", [])) and src.get("file"):
            try:
                text = fold_quote(decode_document(read_document(seeds_dir(data_dir), src["file"]), src["file"])[0])
            except DocumentError:
                text = None  # validate reports the missing or refused document
        found = trust.Sections(src, text, fold_quote)
        if text is not None:
            placed = {id(sec) for _, sec in found.headings}
            for i, sec in enumerate(src.get("sections", [])):
                if sec.get("heading") and id(sec) not in placed:
                    problem(
                        src["id"],
                        ("sections", i, "heading"),
                        f"sections.{i}.heading",
                        f"heading not found in '{src['file']}': \"{sec['heading'][:60]}\"",
                    )
        return found

    # Every graded source once, cited or not, so a heading that is not in its document
    # is reported even before any fact cites that part.
    graded = {rid: sections_of(rec) for rid, rec in recs.items() if rec["kind"] == "source" and rec.get("sections")}
    trust.annotate(recs, lambda src: graded[src["id"]] if src["id"] in graded else sections_of(src), problem)


def _hint(wrong: str, recs: dict, kind: str | None = None) -> str:
    """'; did you mean …?' for a mistyped reference, from the ids of the wanted kind."""
    import difflib

    ids = [rid for rid, rec in recs.items() if kind is None or rec["kind"] == kind]
    close = difflib.get_close_matches(wrong, ids, n=3, cutoff=0.75)
    return f"; did you mean {', '.join(close)}?" if close else ""


def _check_aliases(loaded: Loaded, problem: Any, data_dir: str) -> None:
    """Each folded id, name and alias belongs to one entity. Ids first, then names and
    aliases in file order, so a clash is reported on the later name or alias, naming the
    other entity and where it says so (lookup takes an id first: docs/design.md)."""
    from itertools import chain

    owner: dict[str, tuple[dict, tuple]] = {}  # folded key -> (record, subpath that claims it)
    records = [rec for kind in loaded.records.values() for rec in kind]
    id_at, name_at = ("id",), ("name",)

    def aliases_of(r: dict) -> list[tuple[str, tuple]]:
        return [(alias, ("aliases", i)) for i, alias in enumerate(r.get("aliases", []))]

    for rec, text, at in chain(
        ((r, r["id"], id_at) for r in records),
        ((r, t, where) for r in records for t, where in [(r["name"], name_at), *aliases_of(r)]),
    ):
        key = fold(text)
        if not key and at[0] == "aliases":
            problem(rec["id"], at, f"aliases.{at[1]}", f"'{text}' has no letters or digits")
        other, there = owner.setdefault(key, (rec, at)) if key else (rec, at)
        if other is not rec:
            where = loaded.where[other["id"]]
            whose = other["id"] if other["kind"] == rec["kind"] else f"the {other['kind']} {other['id']}"
            role = "id" if there is id_at else "name" if there is name_at else "alias"
            problem(
                rec["id"],
                at,
                ".".join(map(str, at)),
                f"'{text}' clashes with '{other['id']}': it folds to '{key}', which is also {whose}'s {role} "
                f"({os.path.relpath(where.path, data_dir)}:{where.at(*there)[0]})",
            )


def _check_documents(loaded: Loaded, data_dir: str, recs: dict, problem: Any) -> None:
    folder = seeds_dir(data_dir)
    texts: dict[str, str] = {}
    for src in loaded.records["source"]:
        if src["source_kind"] == "external":
            continue
        try:
            raw = read_document(folder, src["file"])
        except DocumentError as exc:
            problem(src["id"], ("file",), "file", str(exc))
            continue
        digest = hashlib.sha256(raw).hexdigest()
        if digest != src["sha256"]:
            problem(src["id"], ("sha256",), "sha256", f"hash mismatch: {src['file']} has sha256 {digest}")
        texts[src["id"]] = fold_quote(decode_document(raw, src["file"])[0])
    for rid, rec in recs.items():
        for path, cite in citations(rec):
            text = texts.get(cite["source"])
            if text is not None and cite.get("quote") and fold_quote(cite["quote"]) not in text:
                field = ".".join(str(p) for p in path) or "quote"
                problem(
                    rid, path + ("quote",), field, f"quote not found in '{cite['source']}': \"{cite['quote'][:60]}\""
                )


def _derive_predictions(loaded: Loaded, recs: dict, problem: Any) -> None:
    """made from the source when not given; due from the horizon when the text fixes it."""
    for rec in loaded.records["prediction"]:
        src = recs.get(rec["source"], {})
        made = rec.get("made") or src.get("published", "unknown")
        rec["made"] = made
        made_span = dates.span(made)
        if made_span is None and src.get("published_inferred"):
            inf = src["published_inferred"]
            lo, hi = dates.span(inf["earliest"]), dates.span(inf["latest"])
            if lo and hi:
                made_span = (lo[0], hi[1])
                rec["made_window"] = [lo[0].isoformat(), hi[1].isoformat()]
        horizon = dates.parse_horizon(rec.get("horizon") or "")
        # due: unknown with a horizon that fixes a day is derived below, like no due at all
        if (
            horizon
            and horizon.due
            and rec.get("due") not in (None, "unknown")
            and (due := dates.span(rec["due"])) is not None
            and due[1] != horizon.due
        ):
            problem(
                rec["id"],
                ("due",),
                "due",
                f"due {rec['due']} disagrees with horizon '{rec['horizon']}' ({horizon.due})",
            )
        stated = dates.span(rec.get("due") or "unknown")
        if (
            stated
            and horizon
            and horizon.window
            and horizon.window[0] != horizon.window[1]
            and stated[1] == horizon.window[1]
        ):
            rec["due_window"] = [horizon.window[0].isoformat(), horizon.window[1].isoformat()]
        if not rec.get("due") or rec["due"] == "unknown":
            known = dates.span(made)
            window = dates.due_window(horizon, known if known else None) if horizon else None
            if window:
                # due is the latest day; a horizon such as "Q4 2024" or "next year" also
                # keeps its whole window, from its first day.
                rec["due"] = window[1].isoformat()
                if window[0] != window[1]:
                    rec["due_window"] = [window[0].isoformat(), window[1].isoformat()]
            else:
                rec["due"] = "unknown"
                if horizon:
                    rec["due_note"] = f"{horizon.describe()} of publication"
                    window = dates.due_window(horizon, made_span) if made_span else None
                    if window:
                        rec["due_window"] = [window[0].isoformat(), window[1].isoformat()]


def check_ignored_claims(
    claims: list[dict], records: dict[str, list[dict]], data_dir: str, path: str, problems: list
) -> None:
    """Each sentence in the ignore list names a document source and is found in it."""
    sources = {s["id"]: s for s in records.get("source", [])}
    texts: dict[str, str | None] = {}
    for claim in claims:
        src = sources.get(claim["source"])
        if src is None or src["source_kind"] == "external":
            problems.append(
                Problem(path, claim["line"], 1, "", "source", f"'{claim['source']}' is not a known document source")
            )
            continue
        if src["id"] not in texts:
            try:
                # The source's own reader: no quote oracle on a file outside the folder, no FIFO.
                raw = read_document(seeds_dir(data_dir), src["file"])
                texts[src["id"]] = fold_quote(decode_document(raw, src["file"])[0])
            except DocumentError:
                texts[src["id"]] = None  # reported on the source itself
        text = texts[src["id"]]
        if text is not None and fold_quote(claim["quote"]) not in text:
            problems.append(
                Problem(
                    path, claim["line"], 1, "", "quote", f"quote not found in '{src['id']}': \"{claim['quote'][:60]}\""
                )
            )
