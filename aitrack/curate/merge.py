"""Drafts as YAML in the house style, and `scan --stub --merge`: each block appended to
its data file under the data-dir lock, validated with the whole dataset first (only lines
marked TODO may still be wrong), the files replaced all or none, each only while it still
holds what was read."""

from __future__ import annotations

import json
import os
import re
from typing import Any

from aitrack.errors import DataError, WriteError

_PLAIN = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
_YAML11_WORDS = {"yes", "no", "on", "off", "y", "n", "true", "false", "null"}
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


def merge(data_dir: str, draft: Any) -> list[tuple[str, int]]:
    """Append the draft to the dataset, to every file or to none; returns (path, entries
    added) per file. Each file is replaced only while it holds what was read (else the
    merge starts over from a fresh read)."""
    from aitrack.curate import writer

    if draft.source:
        raise WriteError("the document is not in the dataset yet: run 'aitrack add-source FILE' first, then merge")
    if not draft.entries and not draft.ignored:
        raise WriteError("nothing new to merge: what this document names is already in the dataset")
    return writer.retried(data_dir, lambda: _merge_once(data_dir, draft), "merging")


def _merge_once(data_dir: str, draft: Any) -> list[tuple[str, int]]:
    from aitrack.curate import writer
    from aitrack.store.catalog import load_checked

    loaded = load_checked(data_dir, with_documents=False)
    ids = {r["id"] for records in loaded.records.values() for r in records}
    again = [e["id"] for entries in draft.entries.values() for e in entries if e["id"] in ids]
    if again:
        raise WriteError(f"already in the dataset: {', '.join(again[:5])}; nothing was merged")
    plans: list[writer.Plan] = []
    counts: list[tuple[str, int]] = []
    for name, block in blocks(draft).items():
        path = os.path.join(data_dir, name)
        before = writer.read(path)  # exactly as stored: the write checks it is still that
        old = HEADER.format(stem=name[:-5]) if before is None else before
        sep = "" if not old or old.endswith("\n\n") else "\n" if old.endswith("\n") else "\n\n"
        tail = sep + block
        plans.append(writer.Plan(path, before, old + (tail.replace("\n", "\r\n") if "\r\n" in old else tail)))
        n = len(draft.ignored) if name == "ignored.yaml" else len(draft.entries.get(name, []))
        counts.append((path, n))
    texts = {plan.path: plan.after for plan in plans}
    try:
        load_checked(data_dir, with_documents=False, overrides=texts)
    except DataError as exc:
        # A TODO (say, `vendor: TODO`) is the curator's to fill: allowed here, refused by --strict.
        wrong = [p for p in exc.problems if "TODO" not in _line(texts.get(p.path, ""), p.line)]
        if wrong:
            raise WriteError(f"the drafts would make the data invalid, nothing was merged: {wrong[0]}") from None
    writer.commit(plans)  # every file or none
    return counts


def _line(text: str, n: int) -> str:
    lines = text.splitlines()
    return lines[n - 1] if 0 < n <= len(lines) else ""
