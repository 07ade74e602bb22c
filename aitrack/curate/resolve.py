"""`aitrack resolve`: record a prediction's outcome in the YAML file that holds it.

Only that entry's lines change; comments, key order and formatting elsewhere stay
byte-identical. The entry is found by its id in the text it replaces, its bounds come
from the YAML parser's marks, and the edit is refused unless parsing it again shows only
its status and resolution changed. It is validated with the whole dataset before it
replaces the file, under the data-dir lock, by writer.commit: only while the file still
holds what was read (else resolve starts over)."""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from aitrack.errors import DataError, NotFoundError, UsageError, WriteError
from aitrack.vocab import OUTCOMES


@dataclass
class Change:
    path: str
    before: str
    after: str
    prediction: str

    def diff(self) -> str:
        return "".join(
            difflib.unified_diff(
                self.before.splitlines(True),
                self.after.splitlines(True),
                fromfile=f"{self.path} (before)",
                tofile=f"{self.path} (after)",
            )
        )


# Characters a YAML double-quoted scalar must not hold raw: NEL, LS and PS are line
# breaks to YAML (a raw NEL in a note came back as a space), and DEL, C1 controls, BOM,
# surrogates and U+FFFE/FFFF are not printable. json.dumps escapes only C0 controls.
_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")


def _q(text: str) -> str:
    # A JSON string is a valid YAML double-quoted scalar; \uXXXX means the same in both.
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(text, ensure_ascii=False))


_YAML11_BOOLS = {"on", "off", "yes", "no", "y", "n", "true", "false"}


def _key(key: str) -> str:
    return f'"{key}"' if key.lower() in _YAML11_BOOLS else key


@dataclass
class _Entry:
    """Where one top-level item sits in the text, from the YAML parser's own marks:
    character offsets [start, end) of its lines, of each top-level key (key to value
    end), its key column, and whether it is written in flow style."""

    start: int
    end: int
    keys: dict
    column: int
    flow: bool


class _Mark(Protocol):  # PyYAML's yaml.error.Mark and its C parser's _yaml.Mark
    index: int
    column: int


def _marked(mark: _Mark | None) -> _Mark:
    """An event's mark: the parser marks every event it yields (only hand-built ones lack marks)."""
    assert mark is not None
    return mark


def _node_end(ev, events) -> int:
    """Offset just past a node's content. A block collection's end event is marked at
    the next token (after trailing comments), so its children decide; a quoted or block
    scalar decides for itself, whatever its lines start with."""
    import yaml

    if not isinstance(ev, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
        return _marked(ev.end_mark).index
    end = _marked(ev.end_mark).index
    for child in events:
        if isinstance(child, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            return _marked(child.end_mark).index if ev.flow_style else end
        end = max(end, _node_end(child, events))
    return end


def _line_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


def _line_end(text: str, pos: int) -> int:
    """The end of the line holding the content that ends at pos (past its newline). A
    block scalar's end is marked at the start of the next line: that line is not its."""
    if pos > 0 and not text[_line_start(text, pos) : pos].strip(" \t\r"):
        return _line_start(text, pos)
    nl = text.find("\n", pos)
    return len(text) if nl < 0 else nl + 1


def _entry(text: str, index: int) -> _Entry:
    import yaml

    events = iter(yaml.parse(text, Loader=yaml.SafeLoader))  # pure Python: marks count characters
    for ev in events:
        if isinstance(ev, yaml.SequenceStartEvent):
            break
    for i, ev in enumerate(events):
        if i < index:
            _node_end(ev, events)
            continue
        if not isinstance(ev, yaml.MappingStartEvent):
            break
        start = _marked(ev.start_mark)
        keys, end, column = {}, start.index, None
        for key in events:
            if isinstance(key, yaml.MappingEndEvent):
                break
            if not isinstance(key, yaml.ScalarEvent):  # `? [a, b]: …` or `*alias: …`
                raise WriteError(f"prediction #{index + 1} has a key that is not plain text; edit it by hand")
            value_end = _node_end(next(events), events)
            at = _marked(key.start_mark)
            keys[key.value] = (at.index, value_end)
            column = at.column if column is None else column
            end = max(end, value_end)
        return _Entry(_line_start(text, start.index), _line_end(text, end), keys, column or 0, bool(ev.flow_style))
    raise WriteError(f"prediction #{index + 1} is not a mapping in the file; edit it by hand")


def edit(text: str, index: int, outcome: str, resolution: dict) -> str:
    """The file's text with one prediction's status and resolution replaced. The entry's
    bounds come from the parser; the result is checked by parsing it again (verify)."""
    entry = _entry(text, index)
    if entry.flow:
        raise WriteError("this prediction is written in flow style ({...}); edit it by hand")
    cuts = []
    for key in ("status", "resolution"):
        if key in entry.keys:
            first, last = entry.keys[key]
            line = _line_start(text, first)
            if line == entry.start or text[line:first].strip():
                raise WriteError(f"'{key}' shares a line with other keys in this prediction; edit it by hand")
            cuts.append((line, _line_end(text, last)))
    # The entry's own line ending (else the file's): a CRLF file stays CRLF.
    first_break = text.find("\n", entry.start, entry.end)
    first_break = text.find("\n") if first_break < 0 else first_break
    newline = "\r\n" if first_break > 0 and text[first_break - 1] == "\r" else "\n"
    indent = " " * entry.column
    block = [f"{indent}status: {_q(outcome)}", f"{indent}resolution:"]
    # Keys quoted where YAML 1.1 readers (PyYAML's default, many editors) would read a
    # bare `on:` as the boolean true.
    block += [f"{indent}  {_key(k)}: {_q(str(v))}" for k, v in resolution.items() if v is not None]
    body, pos = [], entry.start
    for first, last in sorted(cuts):
        body.append(text[pos:first])
        pos = last
    body.append(text[pos : entry.end])
    lead = "" if "".join(body).endswith("\n") else newline  # the last line of a file may lack one
    return text[: entry.start] + "".join(body) + lead + newline.join(block) + newline + text[entry.end :]


def find(text: str, pid: str, path: str) -> tuple[int, dict] | None:
    """The index and the entry as written of the prediction with this id in a file's
    text, or None unless it is there exactly once."""
    from aitrack.dataset import loader

    value, _locs, _problems = loader.parse_text(text, path)
    entries = value if isinstance(value, list) else []
    hits = [i for i, e in enumerate(entries) if isinstance(e, dict) and e.get("id") == pid]
    return (hits[0], entries[hits[0]]) if len(hits) == 1 else None


def verify(
    before: str, after: str, index: int, outcome: str, resolution: dict, path: str, pid: str | None = None
) -> None:
    """Refuse unless the edit changed exactly what it should: the entry (the one with id
    pid, when given) differs from the old one in status and resolution only, every other
    entry is equal, and the bytes outside the entry are identical."""
    from aitrack.dataset import loader

    old, _locs, _problems = loader.parse_text(before, path)
    new, _locs, problems = loader.parse_text(after, path)
    entry = _entry(before, index)
    grown = len(after) - len(before)
    rest = {"status", "resolution"}
    want = {k: str(v) for k, v in resolution.items() if v is not None}
    ok = (
        not problems
        and isinstance(new, list)
        and isinstance(old, list)
        and len(new) == len(old)
        and after[: entry.start] == before[: entry.start]
        and after[entry.end + grown :] == before[entry.end :]
        and all(a == b for j, (a, b) in enumerate(zip(old, new)) if j != index)
        and isinstance(new[index], dict)
        and (pid is None or old[index].get("id") == new[index].get("id") == pid)
        and new[index].get("status") == outcome
        and new[index].get("resolution") == want
        and [(k, v) for k, v in old[index].items() if k not in rest]
        == [(k, v) for k, v in new[index].items() if k not in rest]
    )
    if not ok:
        raise WriteError(
            f"{path}: could not edit this prediction safely (its layout is unusual); "
            "nothing was changed, add the resolution by hand"
        )


def _check_dates(pred: dict, on: date, today: date | None) -> None:
    """A resolution is dated between the forecast and today."""
    from aitrack import dates

    made = dates.span(pred.get("made") or "unknown")
    if made is None and pred.get("made_window"):
        made = (date.fromisoformat(pred["made_window"][0]), date.fromisoformat(pred["made_window"][1]))
    if made and on < made[0]:
        raise UsageError(f"--on {on.isoformat()} is before the prediction was made ({pred.get('made')})")
    if today and on > today:
        raise UsageError(f"--on {on.isoformat()} is in the future (today is {today.isoformat()})")


def _earlier(pred: dict) -> str:
    res = pred.get("resolution")
    res = res if isinstance(res, dict) else {}
    return f"{res.get('outcome')} on {res.get('on')}: {res.get('note', '')}".strip()


def resolve(
    data_dir: str,
    query: str,
    outcome: str,
    note: str,
    evidence: str | None,
    source: str | None,
    on: date,
    dry_run: bool,
    force: bool = False,
    today: date | None = None,
) -> Change:
    from aitrack.curate import writer
    from aitrack.kinds import fold
    from aitrack.store.catalog import load_checked

    if outcome not in OUTCOMES:
        raise UsageError(f"--outcome must be one of {', '.join(OUTCOMES)}")
    if not note.strip():
        raise UsageError("--note must say what happened")
    if not (evidence or source):
        raise UsageError("a resolution needs cited evidence: --evidence URL or --source ID")
    if evidence and not evidence.startswith(("http://", "https://")):
        raise UsageError("--evidence must be an http(s) URL")
    resolution = {"outcome": outcome, "on": on.isoformat(), "note": note, "evidence": evidence, "source": source}

    def attempt() -> Change:
        loaded = load_checked(data_dir, with_documents=False)
        preds = {p["id"]: p for p in loaded.records["prediction"]}
        by_fold = {fold(name): p["id"] for p in preds.values() for name in p.get("aliases", [])}
        by_fold.update({fold(pid): pid for pid in preds})  # an id first, then aliases
        pid = by_fold.get(fold(query))
        if pid is None:
            raise NotFoundError(query, difflib.get_close_matches(query, list(preds), n=3, cutoff=0.5), "prediction")
        _check_dates(preds[pid], on, today)
        path = loaded.where[pid].path
        before = writer.read(path)
        # The entry is found again, by its id, in the text just read: an editor may have
        # saved the file since it was loaded, with entries added, removed or moved.
        found = find(before, pid, path) if before is not None else None
        if before is None or found is None:
            raise writer.Changed(path)  # start over: the entry is found where it is now, or refused
        index, written = found
        if written.get("resolution") and not force:
            raise WriteError(
                f"{pid} is already resolved ({_earlier(written)}); pass --force to replace "
                "that resolution (--dry-run shows both)"
            )
        after = edit(before, index, outcome, resolution)
        verify(before, after, index, outcome, resolution, path, pid)
        try:
            load_checked(data_dir, with_documents=False, overrides={path: after})
        except DataError as exc:
            raise WriteError(
                f"the resolution would make the data invalid, nothing was changed: {exc.lines()[0]}"
            ) from None
        if not dry_run:
            # Only if the file still holds, byte for byte, what was read and edited.
            writer.commit([writer.Plan(path, before, after)])
        return Change(path, before, after, pid)

    return writer.retried(data_dir, attempt, "resolving", lock=not dry_run)
