"""What a new document says about itself: its title, outlet, byline and publication date,
read from its first lines by plain patterns, and an id for it. Each inferred field is
named, so the curator knows what to check."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from aitrack import dates

# Month names as a byline writes them: in full (dates.MONTHS), in three letters, or "sept".
MONTHS = {m: i for i, m in enumerate(dates.MONTHS, 1)}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
_MON = r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_DATES = [
    re.compile(rf"\b{_MON}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d\d)\b", re.I),
    re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MON}\s+(?P<y>(?:19|20)\d\d)\b", re.I),
    re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>\d\d)-(?P<d>\d\d)\b"),
    re.compile(rf"\b{_MON}\s+(?P<y>(?:19|20)\d\d)\b", re.I),
]
_BYLINE = re.compile(r"^\s*(?:\*\*|_)?by\s+(?P<who>[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|and|&|de|van|von))*)", re.I)
_OUTLET = re.compile(r"^\s*(?:source|outlet|published by|publication|from)\s*[:\-]\s*(?P<o>[^|,\n]{2,60})", re.I)
_HEAD_LINES = 12


@dataclass
class Meta:
    title: str | None = None
    outlet: str | None = None
    byline: str | None = None
    published: str = "unknown"
    inferred: list[str] = field(default_factory=list)  # which fields came from the text


def _date_in(line: str) -> str | None:
    for rx in _DATES:
        m = rx.search(line)
        if not m:
            continue
        g = m.groupdict()
        month = int(g["m"]) if g.get("m") else MONTHS.get(g["mon"].lower().rstrip("."), 0) if g.get("mon") else 0
        if not 1 <= month <= 12:
            continue
        if g.get("d"):
            return f"{m['y']}-{month:02d}-{int(g['d']):02d}"
        return f"{m['y']}-{month:02d}"
    return None


def read_meta(text: str) -> Meta:
    """Title: the first heading or first line. Byline: a 'By …' line. Outlet: a
    'Source:' line, or the part after a separator in the title line ('… | AnandTech').
    Published: the first date written in the opening lines."""
    from aitrack import dates

    meta = Meta()
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()][:_HEAD_LINES]
    if not lines:
        return meta
    head = lines[0].lstrip("#").strip().strip("*_").strip()
    parts = re.split(r"\s+[|–—]\s+|\s+-\s+(?=[A-Z][\w.]*(?:\s[A-Z][\w.]*)?$)", head)
    if len(parts) > 1 and len(parts[-1].split()) <= 3 and not _date_in(parts[-1]):
        meta.outlet = parts[-1].strip()
        head = " ".join(parts[:-1]).strip()
        meta.inferred.append("outlet")
    meta.title = head[:200] or None
    meta.inferred.append("title")
    for line in lines[1:]:
        plain = line.strip("*_ ")
        if meta.byline is None and (m := _BYLINE.match(plain)):
            who = re.split(r"\s*(?:,|\||\bon\b|—|–)\s*", m["who"])[0].strip()
            meta.byline = who
            meta.inferred.append("byline")
        if meta.outlet is None and (m := _OUTLET.match(plain)):
            meta.outlet = m["o"].strip()
            meta.inferred.append("outlet")
        elif meta.outlet is None and _date_in(plain) and not _BYLINE.match(plain):
            # a dateline: "Fixture AI Wire - March 14, 2025"
            first = re.split(r"\s+[-|–—]\s+|,\s+(?=[A-Z][a-z]+\.? \d)", plain)[0].strip()
            if first != plain and not _date_in(first) and 0 < len(first.split()) <= 5:
                meta.outlet = first
                meta.inferred.append("outlet")
    for line in lines:
        found = _date_in(line)
        if found:
            try:
                meta.published = dates.check_iso(found)
                meta.inferred.append("published")
                break
            except dates.DateError:
                continue
    return meta


def slug(text: str, words: int = 6) -> str:
    parts = re.findall(r"[a-z0-9]+", text.lower())
    stop = {"the", "a", "an", "of", "and", "to", "in", "on", "for", "with", "its", "is", "at", "by"}
    kept = [p for p in parts if p not in stop][:words] or parts[:words]
    return "-".join(kept) or "document"


def pick_id(meta: Meta, filename: str, taken: set[str]) -> str:
    """outlet + title words, kebab-case, made unique with -2, -3."""
    outlet = slug(meta.outlet, 2) if meta.outlet else ""
    title = slug(meta.title, 5 - len(outlet.split("-")) if outlet else 5) if meta.title else ""
    base = "-".join(x for x in (outlet, title) if x) or slug(filename)
    rid, n = base, 2
    while rid in taken:
        rid, n = f"{base}-{n}", n + 1
    return rid


@dataclass
class Added:
    id: str
    path: str  # where the document was copied
    sources_file: str
    entry: str  # the YAML text appended to sources.yaml
    meta: Meta


def _yaml_scalar(text: str) -> str:
    import json

    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid YAML scalar


def entry_text(rid: str, meta: Meta, kind: str, filename: str, digest: str) -> str:
    """The sources.yaml entry, with a comment naming what was inferred from the text."""
    lines = [
        f"- id: {rid}",
        f"  name: {_yaml_scalar(meta.title or filename)}",
        f"  kind: {kind}",
        f"  title: {_yaml_scalar(meta.title or filename)}",
    ]
    if meta.outlet:
        lines.append(f"  outlet: {_yaml_scalar(meta.outlet)}")
    if meta.byline:
        lines.append(f"  by: {_yaml_scalar(meta.byline)}")
    lines += [f"  file: {_yaml_scalar(filename)}", f"  sha256: {digest}", f'  published: "{meta.published}"']
    return "\n".join(lines) + "\n"


def add_source(
    data_dir: str,
    raw: bytes,
    filename: str,
    kind: str = "analysis-article",
    given: dict | None = None,
    dry_run: bool = False,
) -> Added:
    """Copy a document into the dataset's documents folder and append its sources.yaml
    entry: under the data-dir lock, validated with the whole dataset first, each file
    written atomically, sources.yaml only while it still holds what was read (else start
    over); a document already present (same sha256) is refused."""
    import contextlib
    import hashlib
    import os

    from aitrack.curate import writer
    from aitrack.dataset.check import seeds_dir
    from aitrack.dataset.documents import decode_document
    from aitrack.dataset.layout import data_files
    from aitrack.errors import DataError, WriteError
    from aitrack.store.catalog import load_checked

    digest = hashlib.sha256(raw).hexdigest()
    text, _warnings = decode_document(raw, filename)
    meta = read_meta(text)
    for key, value in (given or {}).items():
        if value:
            setattr(meta, key, value)
            if key in meta.inferred:
                meta.inferred.remove(key)
    folder = seeds_dir(data_dir)

    def attempt() -> Added:
        loaded = load_checked(data_dir, with_documents=False)
        sources = loaded.records["source"]
        for src in sources:
            if src.get("sha256") == digest:
                raise WriteError(f"this document is already in the dataset as '{src['id']}' ({src.get('file')})")
        rid = (given or {}).get("id") or pick_id(meta, filename, {r["id"] for k in loaded.records.values() for r in k})
        base = os.path.basename(filename) if filename != "-" else f"{rid}.txt"
        name, n = base, 2
        stem, ext = os.path.splitext(base)
        while os.path.exists(os.path.join(folder, name)) or any(s.get("file") == name for s in sources):
            name, n = f"{stem}-{n}{ext}", n + 1
        target = next(
            (p for k, p in data_files(data_dir) if k == "source" and p.endswith("sources.yaml")),
            os.path.join(data_dir, "sources.yaml"),
        )
        before = writer.read(target)  # exactly as stored: the write checks it is still that
        old = before or ""
        entry = entry_text(rid, meta, kind, name, digest)
        tail = ("" if old.endswith("\n") or not old else "\n") + ("\n" if old.strip() else "") + entry
        after = old + (tail.replace("\n", "\r\n") if "\r\n" in old else tail)  # a CRLF file stays CRLF
        try:
            load_checked(data_dir, with_documents=False, overrides={target: after})
        except DataError as exc:
            raise WriteError(f"the entry would make the data invalid, nothing was changed: {exc.lines()[0]}") from None
        path = os.path.join(folder, name)
        if not dry_run:
            _write_document(path, raw)
            try:
                writer.commit([writer.Plan(target, before, after)])
            except WriteError:  # also Changed: an editor saved sources.yaml meanwhile; start over
                with contextlib.suppress(OSError):
                    os.unlink(path)
                raise
        return Added(rid, path, target, entry, meta)

    return writer.retried(data_dir, attempt, "adding the document", lock=not dry_run)


def _write_document(path: str, raw: bytes) -> None:
    """A new document, all or nothing: never replaces one (O_EXCL), and a write that fails
    (a full disk) removes what it wrote, so no empty or partial document stays in the folder."""
    import contextlib
    import os

    from aitrack.errors import WriteError

    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666)
    except OSError as exc:
        raise WriteError(f"cannot write {path}: {exc.strerror or exc}; nothing was changed") from None
    try:
        try:
            view = memoryview(raw)
            while view:  # os.write may write less than asked
                view = view[os.write(fd, view) :]
            os.fsync(fd)  # a full disk may show only here, when the blocks are allocated
        finally:
            os.close(fd)  # or here, on a network file system
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(path)
        raise WriteError(f"cannot write {path}: {exc.strerror or exc}; nothing was changed") from None
