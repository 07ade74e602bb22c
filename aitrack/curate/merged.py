"""The merge record, data/merged.yaml: for each document `scan --stub --merge` took drafts
from, its sha256 and what it took (the ids of the entries and predictions, the ignored
names, and each prediction's claim), so that merging the same document again never
brings back a draft the curator has since deleted or edited."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from typing import Any

from aitrack.dataset.layout import MERGED_FILE
from aitrack.errors import WriteError
from aitrack.kinds import fold

HEADER = (
    "# What `aitrack scan --stub --merge` took from each document (written by aitrack):\n"
    "# a draft merged once is not drafted again, whether it was edited or deleted since.\n"
    "# Remove a document's entry to draft it afresh.\n"
)
_LISTS = ("ids", "ignored", "claims")


def path_of(data_dir: str) -> str:
    return os.path.join(data_dir, MERGED_FILE)


def claim(prediction: dict) -> str:
    """A prediction's claim: its sentence and horizon, whatever its id became. A curator
    who edits the id, the quote or the horizon still has the claim merged."""
    quote = " ".join(str(prediction.get("quote", "")).split()).lower()
    key = f"{quote}\0{fold(str(prediction.get('horizon', '')))}"
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def read(data_dir: str) -> tuple[str | None, list[dict]]:
    """The record's text exactly as stored (None: no record yet) and its entries."""
    from aitrack.dataset import loader

    path = path_of(data_dir)
    if not os.path.lexists(path):
        return None, []
    fix = f"fix or remove {path} (it lists what earlier merges took); nothing was merged"
    raw, problems = loader.read_bytes(path, path)  # a regular file only, as for the data files
    try:
        text = raw.decode("utf-8") if raw is not None else ""
    except UnicodeDecodeError:
        raise WriteError(f"{path} is not UTF-8; {fix}") from None
    if not problems:
        value, _locs, problems = loader.load_text(text, path)
    if problems:
        raise WriteError(f"{problems[0]}; {fix}")
    if not isinstance(value, list) or not all(_entry_ok(e) for e in value):
        raise WriteError(f"{path} is not a merge record (a list of source, sha256, {', '.join(_LISTS)}); {fix}")
    return text, [{k: e.get(k, []) for k in ("source", "sha256", *_LISTS)} for e in value]


def _entry_ok(entry: Any) -> bool:
    if not isinstance(entry, dict) or not isinstance(entry.get("source"), str):
        return False
    if not isinstance(entry.get("sha256"), str):
        return False
    return all(isinstance(entry.get(k, []), list) and all(isinstance(v, str) for v in entry.get(k, [])) for k in _LISTS)


def entry_for(entries: list[dict], sha256: str) -> dict | None:
    return next((e for e in entries if e["sha256"] == sha256), None)


def unmerged(draft: Any, entry: dict | None) -> tuple[Any, int]:
    """The draft without what entry says was merged from its document; and how many drafts
    that left out. The document is the same (its sha256), so a draft it gives again is
    one the curator has seen: deleted or edited since, it stays so."""
    if not entry:
        return draft, 0
    ids, claims = set(entry["ids"]), set(entry["claims"])
    names = {fold(n) for n in entry["ignored"]}
    entries: dict[str, list[dict]] = {}
    left = 0
    for name, items in draft.entries.items():
        kept = [e for e in items if e["id"] not in ids and not ("statement" in e and claim(e) in claims)]
        left += len(items) - len(kept)
        if kept:
            entries[name] = kept
    ignored = [i for i in draft.ignored if fold(str(i.get("name", ""))) not in names]
    left += len(draft.ignored) - len(ignored)
    return dataclasses.replace(draft, entries=entries, ignored=ignored), left


def recorded(entries: list[dict], sha256: str, draft: Any) -> list[dict]:
    """The record's entries with what draft adds to the data noted under its document."""
    out = [dict(e) for e in entries]
    mine = entry_for(out, sha256)
    if mine is None:
        mine = {"source": draft.source_id, "sha256": sha256, **{k: [] for k in _LISTS}}
        out.append(mine)
    mine["source"] = draft.source_id
    took = {
        "ids": [e["id"] for items in draft.entries.values() for e in items],
        "ignored": [str(i["name"]) for i in draft.ignored if i.get("name")],
        "claims": [claim(e) for items in draft.entries.values() for e in items if "statement" in e],
    }
    for key in _LISTS:
        mine[key] = list(dict.fromkeys([*mine[key], *took[key]]))
    return out


def text_of(entries: list[dict]) -> str:
    """The record as YAML: a JSON string is a YAML scalar, so every reader reads the same."""
    parts = [HEADER]
    for e in entries:
        parts.append(f"- source: {json.dumps(e['source'], ensure_ascii=False)}\n  sha256: {json.dumps(e['sha256'])}\n")
        for key in _LISTS:
            parts.append(f"  {key}: [{', '.join(json.dumps(v, ensure_ascii=False) for v in e[key])}]\n")
    return "".join(parts) + ("" if entries else "[]\n")
