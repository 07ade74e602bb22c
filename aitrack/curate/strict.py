"""`validate --strict`, the curator's gate beyond validity: every name the documents use
is curated or ignored with a reason, no `TODO` is left, every horizon gives a due window,
every resolution is dated between the forecast and today, and nothing is junk (junk.py)."""

from __future__ import annotations

import os
import re
from datetime import date

from aitrack import dates
from aitrack.curate import junk
from aitrack.curate.sources import undated_horizon
from aitrack.dataset import check, loader
from aitrack.dataset.documents import DocumentError, decode_document, read_document
from aitrack.dataset.layout import IGNORED_FILE, data_files
from aitrack.dataset.read import Loaded, load_ignored
from aitrack.errors import Problem
from aitrack.kinds import fold

_TODO = re.compile(r"\bTODO\b")


def problems(loaded: Loaded, data_dir: str, today: date) -> list[Problem]:
    """Every strict problem of a dataset that is already valid, each at path:line."""
    out = _todos(data_dir)
    out += _coverage(loaded, data_dir)
    out += _predictions(loaded, today)
    out += junk.problems(loaded, data_dir)
    return sorted(out)


def _todos(data_dir: str) -> list[Problem]:
    out = []
    paths = [p for _k, p in data_files(data_dir)] + [os.path.join(data_dir, IGNORED_FILE)]
    for path in paths:
        try:
            with open(path, encoding="utf-8", errors="replace") as fh:
                for n, line in enumerate(fh, 1):
                    if m := _TODO.search(line):
                        out.append(
                            Problem(
                                path,
                                n,
                                m.start() + 1,
                                "",
                                "",
                                "TODO left for a curator: fill it in or remove the entry",
                            )
                        )
        except OSError:
            continue
    return out


def _known(loaded: Loaded) -> set[str]:
    names: set[str] = set()
    for records in loaded.records.values():
        for rec in records:
            names.update(fold(n) for n in (rec["id"], rec.get("name", ""), *rec.get("aliases", [])) if n)
    return names


def _coverage(loaded: Loaded, data_dir: str) -> list[Problem]:
    """Each product-like or organisation-like name in a document is curated or in
    ignored.yaml; each ignored name still occurs in some document."""
    from aitrack.curate.extract import distinct, mentions

    ignored, _ = load_ignored(data_dir)
    ignored_names = {fold(i["name"]) for i in ignored}
    known = _known(loaded) | ignored_names
    folder = check.seeds_dir(data_dir)
    produced: set[str] = set()
    out = []
    for src in loaded.records["source"]:
        if src.get("source_kind") == "external" or not src.get("file"):
            continue
        path = os.path.join(folder, src["file"])
        try:
            text, _warnings = decode_document(read_document(folder, src["file"]), path)
        except DocumentError:
            continue  # validate has reported the missing or refused document
        found = distinct(mentions(text))
        produced |= set(found)
        for key, m in found.items():
            if key not in known:
                out.append(
                    Problem(
                        path,
                        m.line,
                        m.col,
                        "",
                        "",
                        f"'{m.name}' is neither curated nor in {IGNORED_FILE} (add it, or ignore it with a reason)",
                    )
                )
    path = os.path.join(data_dir, IGNORED_FILE)
    if ignored and os.path.exists(path):
        value, locs, _ = loader.load_file(path, path)
        for i, item in enumerate(value or []):
            # names only: sentence entries ({source, quote}) are checked by validate
            if isinstance(item, dict) and isinstance(item.get("name"), str) and fold(item["name"]) not in produced:
                line, col = loader.locate(locs, (i,))
                out.append(
                    Problem(
                        path, line, col, "", "", f"'{item['name']}' occurs in no document: a stale entry, remove it"
                    )
                )
    return out


def _predictions(loaded: Loaded, today: date) -> list[Problem]:
    out = []
    sources = {s["id"]: s for s in loaded.records["source"]}
    for rec in loaded.records["prediction"]:
        where = loaded.where[rec["id"]]

        def add(subpath: tuple, field: str, message: str, where=where, rid=rec["id"]) -> None:
            line, col = where.at(*subpath)
            out.append(Problem(where.path, line, col, rid, field, message))

        horizon = rec.get("horizon")
        stated_due = (where.index, "due") in where.locs
        if horizon and not stated_due and rec.get("due") in (None, "unknown") and not rec.get("due_window"):
            add(
                ("horizon",),
                "horizon",
                undated_horizon(sources, rec)  # the source's date is missing, not the horizon
                or f"'{horizon}' gives no due window: write it as a deadline "
                "(by end of 2026, Q4 2025, within 18 months), or state due: unknown",
            )
        res = rec.get("resolution")
        if not res:
            continue
        on = dates.span(res["on"])
        made = dates.span(rec.get("made") or "unknown")
        if made is None and rec.get("made_window"):
            made = (date.fromisoformat(rec["made_window"][0]), date.fromisoformat(rec["made_window"][1]))
        if on and made and on[1] < made[0]:
            add(
                ("resolution", "on"),
                "resolution.on",
                f"resolved on {res['on']}, before the prediction was made ({rec['made']})",
            )
        if on and on[0] > today:
            add(("resolution", "on"), "resolution.on", f"resolved on {res['on']}, after today ({today.isoformat()})")
    return out
