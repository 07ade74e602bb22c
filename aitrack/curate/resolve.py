"""`aitrack resolve`: record a prediction's outcome in the YAML file that holds it.

Only that entry's lines change; comments, key order and formatting elsewhere stay
byte-identical. The edit is validated with the whole dataset before it replaces the
file, under the data-dir lock, by an atomic rename."""

from __future__ import annotations

import contextlib
import difflib
import json
from dataclasses import dataclass
from datetime import date

from aitrack.errors import DataError, NotFoundError, UsageError, WriteError

OUTCOMES = ("true", "false", "partial", "void")


@dataclass
class Change:
    path: str
    before: str
    after: str
    prediction: str

    def diff(self) -> str:
        return "".join(difflib.unified_diff(self.before.splitlines(True), self.after.splitlines(True),
                                            fromfile=f"{self.path} (before)", tofile=f"{self.path} (after)"))


def _q(text: str) -> str:
    # A JSON string is a valid YAML double-quoted scalar.
    return json.dumps(text, ensure_ascii=False)


def _item_bounds(lines: list[str], locs: dict, index: int) -> tuple[int, int]:
    """0-based [start, end) line range of a top-level sequence item, trailing blank and
    comment lines left to whatever follows."""
    start = locs[(index,)][0] - 1
    nxt = locs.get((index + 1,))
    end = nxt[0] - 1 if nxt else len(lines)
    while end > start + 1 and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
        end -= 1
    return start, end


def edit(text: str, locs: dict, index: int, outcome: str, resolution: dict) -> str:
    """The file's text with one prediction's status and resolution replaced."""
    lines = text.splitlines(True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    start, end = _item_bounds(lines, locs, index)
    if "{" in lines[start].split("#")[0].split("-", 1)[-1][:3]:
        raise WriteError("this prediction is written in flow style ({...}); edit it by hand")
    indent = " " * (locs[(index, "id")][1] - 1)
    key_lines = sorted(line - 1 for path, (line, _c) in locs.items()
                       if len(path) == 2 and path[0] == index and isinstance(path[1], str))
    keep = set(range(start, end))
    for key in ("status", "resolution"):
        if (index, key) in locs:
            first = locs[(index, key)][0] - 1
            later = [k for k in key_lines if k > first] + [end]
            keep -= set(range(first, min(later)))
    block = [f"{indent}status: {_q(outcome)}\n", f"{indent}resolution:\n"]
    block += [f"{indent}  {k}: {_q(str(v))}\n" for k, v in resolution.items() if v is not None]
    body = [lines[i] for i in range(start, end) if i in keep]
    return "".join(lines[:start] + body + block + lines[end:])


def resolve(data_dir: str, query: str, outcome: str, note: str, evidence: str | None,
            source: str | None, on: date, dry_run: bool) -> Change:
    from aitrack.curate import writer
    from aitrack.store.catalog import load_checked
    from aitrack.kinds import fold

    if outcome not in OUTCOMES:
        raise UsageError(f"--outcome must be one of {', '.join(OUTCOMES)}")
    if not note.strip():
        raise UsageError("--note must say what happened")
    if not (evidence or source):
        raise UsageError("a resolution needs cited evidence: --evidence URL or --source ID")
    if evidence and not evidence.startswith(("http://", "https://")):
        raise UsageError("--evidence must be an http(s) URL")
    with writer.locked(data_dir) if not dry_run else contextlib.nullcontext():
        loaded = load_checked(data_dir, with_documents=False)
        preds = {p["id"]: p for p in loaded.records["prediction"]}
        by_fold = {fold(name): p["id"] for p in preds.values() for name in [p["id"], *p.get("aliases", [])]}
        pid = by_fold.get(fold(query))
        if pid is None:
            raise NotFoundError(query, difflib.get_close_matches(query, list(preds), n=3, cutoff=0.5), "prediction")
        where = loaded.where[pid]
        with open(where.path, encoding="utf-8", newline="") as fh:
            before = fh.read()
        resolution = {"outcome": outcome, "on": on.isoformat(), "note": note, "evidence": evidence, "source": source}
        after = edit(before, where.locs, where.index, outcome, resolution)
        try:
            load_checked(data_dir, with_documents=False, overrides={where.path: after})
        except DataError as exc:
            raise WriteError(f"the resolution would make the data invalid, nothing was changed: {exc.lines()[0]}") from None
        change = Change(where.path, before, after, pid)
        if not dry_run:
            writer.atomic_write(where.path, after)
    return change
