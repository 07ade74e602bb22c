"""Drafts as YAML in the house style, and `scan --stub --merge`: each block appended to
its data file under the data-dir lock, validated with the whole dataset first (only lines
marked TODO may still be wrong), the files and the merge record (merged.py) replaced all
or none, each only while it still holds what was read."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aitrack.errors import DataError, Problem, WriteError

_PLAIN = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
_YAML11_WORDS = {"yes", "no", "on", "off", "y", "n", "true", "false", "null"}
_TODO = re.compile(r"\bTODO\b")  # as validate --strict finds them
HEADER = "# yaml-language-server: $schema=../schema/{stem}.schema.json\n"


def scalar(value: Any) -> str:
    """A scalar every YAML reader (1.1 or 1.2) reads as the same string: ids plain,
    everything else double-quoted (a JSON string is a YAML double-quoted scalar)."""
    if isinstance(value, bool) or value is None or isinstance(value, (int, float)):
        return json.dumps(value)
    text = str(value)
    return text if _PLAIN.fullmatch(text) and text not in _YAML11_WORDS else json.dumps(text, ensure_ascii=False)


def _flow(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    return scalar(value)


def entry_yaml(entry: dict) -> str:
    """One list item: simple values on their key's line, citations one per line."""
    lines = []
    for i, (key, value) in enumerate(entry.items()):
        lead = "- " if i == 0 else "  "
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            lines.append(f"{lead}{key}:")
            lines += [f"    - {_flow(v)}" for v in value]
        else:
            lines.append(f"{lead}{key}: {_flow(value)}")
    return "\n".join(lines) + "\n"


def blocks(draft: Any) -> dict[str, str]:
    """File name -> the YAML to append to it."""
    out: dict[str, str] = {}
    if draft.source:
        out["sources.yaml"] = entry_yaml(draft.source)
    for name, entries in draft.entries.items():
        out[name] = "\n".join(entry_yaml(e) for e in entries)
    if draft.ignored:
        out["ignored.yaml"] = "".join(f"- {_flow(i)}\n" for i in draft.ignored)
    return out


@dataclass
class Merged:
    """What a merge did: entries added per file, the lines it wrote for a curator to fill
    (TODO), and how many drafts it left out as merged before from the same document."""

    counts: list[tuple[str, int]]
    todos: list[str]  # "path:line: the line"
    left_out: int


def todo_lines(texts: dict[str, str] | None = None) -> Callable[[Problem], bool]:
    """Whether a problem sits on a line that says TODO (in texts, the files about to be
    written, else on disk): the curator's to fill, not an error of the merge."""
    read: dict[str, list[str]] = {}

    def allowed(p: Problem) -> bool:
        if p.path not in read:
            from aitrack.dataset import loader

            text = (texts or {}).get(p.path)
            if text is None:  # the loader's reader: a FIFO in place of a data file must not hang
                raw = loader.read_bytes(p.path, p.path)[0] or b""
                text = raw.decode("utf-8", "replace")
            read[p.path] = text.splitlines()
        lines = read[p.path]
        return 0 < p.line <= len(lines) and bool(_TODO.search(lines[p.line - 1]))

    return allowed


def merge(data_dir: str, draft: Any, sha256: str) -> Merged:
    """Append the draft to the dataset, to every file or to none, less what the merge
    record (merged.py) says was merged from this document before; the record is written
    in the same commit. Each file is replaced only while it holds what was read (else
    the merge starts over from a fresh read)."""
    from aitrack.curate import writer

    if draft.source:
        raise WriteError("the document is not in the dataset yet: run 'aitrack add-source FILE' first, then merge")
    return writer.retried(data_dir, lambda: _merge_once(data_dir, draft, sha256), "merging")


def _merge_once(data_dir: str, draft: Any, sha256: str) -> Merged:
    from aitrack.curate import merged, writer
    from aitrack.store.catalog import load_checked

    loaded = load_checked(data_dir, with_documents=False, allow=todo_lines())
    record_before, record = merged.read(data_dir)
    draft, left_out = merged.unmerged(draft, merged.entry_for(record, sha256))
    if not draft.entries and not draft.ignored:
        return Merged([], [], left_out)
    # An entry left invalid by its TODO is not in the records, but its id is taken.
    ids = {r["id"] for records in loaded.records.values() for r in records} | loaded.invalid_ids
    again = [e["id"] for entries in draft.entries.values() for e in entries if e["id"] in ids]
    if again:
        raise WriteError(f"already in the dataset: {', '.join(again[:5])}; nothing was merged")
    plans: list[writer.Plan] = []
    counts: list[tuple[str, int]] = []
    todos: list[str] = []
    for name, block in blocks(draft).items():
        path = os.path.join(data_dir, name)
        before = writer.read(path)  # exactly as stored: the write checks it is still that
        old = HEADER.format(stem=name[:-5]) if before is None else before
        sep = "" if not old or old.endswith("\n\n") else "\n" if old.endswith("\n") else "\n\n"
        tail = sep + block
        plans.append(writer.Plan(path, before, old + (tail.replace("\n", "\r\n") if "\r\n" in old else tail)))
        n = len(draft.ignored) if name == "ignored.yaml" else len(draft.entries.get(name, []))
        counts.append((path, n))
        first = (old + sep).count("\n") + 1  # the block's first line in the file
        todos += [f"{path}:{first + i}: {ln.strip()}" for i, ln in enumerate(block.split("\n")) if _TODO.search(ln)]
    texts = {plan.path: plan.after for plan in plans}
    try:
        load_checked(data_dir, with_documents=False, overrides=texts, allow=todo_lines(texts))
    except DataError as exc:
        raise WriteError(f"the drafts would make the data invalid, nothing was merged: {exc.problems[0]}") from None
    after = merged.text_of(merged.recorded(record, sha256, draft))
    plans.append(writer.Plan(merged.path_of(data_dir), record_before, after))
    writer.commit(plans)  # every file and the record, or none
    return Merged(counts, todos, left_out)
