"""Sources already in the dataset, for add-source and scan: which one holds the same
document as a new file (the same text, whatever its encoding, BOM or line endings), a
source's published date set after it was added, and what validate --strict says of a
horizon that needs the date a source does not give."""

from __future__ import annotations

import re
from typing import Any

from aitrack.errors import NotFoundError, WriteError

# The value of a `published:` key on its line, block or flow style: quoted or plain.
_PUBLISHED = re.compile(
    r"""published\s*:[ \t]*(?P<v>"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s,}#][^,}#\r\n]*?)?[ \t]*(?=[,}#\r\n]|$)"""
)


def same_document(data_dir: str, sources: list[dict], raw: bytes) -> dict | None:
    """The source whose document is raw: the same bytes, else the same normalised text
    (documents.normalised). A document that cannot be read is passed over: validate
    says what is wrong with it."""
    import hashlib

    from aitrack.dataset.check import seeds_dir
    from aitrack.dataset.documents import DocumentError, normalised, read_document

    digest = hashlib.sha256(raw).hexdigest()
    exact = next((s for s in sources if s.get("sha256") == digest), None)
    if exact is not None:
        return exact
    text = normalised(raw)
    folder = seeds_dir(data_dir)
    for src in sources:
        if not src.get("file"):
            continue  # an external source: no document
        try:
            if normalised(read_document(folder, src["file"])) == text:
                return src
        except DocumentError:
            continue
    return None


def refuse_duplicate(data_dir: str, sources: list[dict], raw: bytes) -> None:
    """A WriteError naming the source that already holds this document, if one does."""
    import hashlib

    src = same_document(data_dir, sources, raw)
    if src is None:
        return
    said = f"this document is already in the dataset as '{src['id']}' ({src.get('file')})"
    if src.get("sha256") != hashlib.sha256(raw).hexdigest():
        said += ": the same text, in another encoding or with other line endings"
    raise WriteError(said)


def set_published(data_dir: str, rid: str, published: str, dry_run: bool = False) -> tuple[str, int, str]:
    """Set a source's published date in its data file: under the data-dir lock, checked
    with the whole dataset (and that the source now reads that date) before the file is
    replaced, only while it still holds what was read. Returns (path, line, the line)."""
    from aitrack.curate import writer

    def attempt() -> tuple[str, int, str]:
        from aitrack.curate.merge import todo_lines
        from aitrack.errors import DataError
        from aitrack.store.catalog import load_checked

        loaded = load_checked(data_dir, with_documents=False, allow=todo_lines())  # a TODO is the curator's
        if not any(s["id"] == rid for s in loaded.records["source"]):
            raise NotFoundError(rid, what="source")
        where = loaded.where[rid]
        before = writer.read(where.path) or ""
        lines = before.splitlines(keepends=True)
        value = f'"{published}"'
        if (where.index, "published") in where.locs:
            n, col = where.at("published")
            line = lines[n - 1]
            m = _PUBLISHED.match(line, col - 1)
            if not m:
                raise WriteError(f"cannot read the published date at {where.path}:{n}: set it there by hand")
            at, end = (m.start("v"), m.end("v")) if m["v"] else (m.end(), m.end())
            lines[n - 1] = line[:at] + ("" if m["v"] else " ") + value + line[end:]
        else:
            n, col = where.at("id")
            line = lines[n - 1]
            if "{" in line[: col - 1]:  # a flow mapping: no line of its own to add
                raise WriteError(f"the source at {where.path}:{n} is written on one line: add published there by hand")
            n += 1
            lines.insert(n - 1, " " * (col - 1) + f"published: {value}" + ("\r\n" if line.endswith("\r\n") else "\n"))
        after = "".join(lines)
        try:
            again = load_checked(data_dir, False, overrides={where.path: after}, allow=todo_lines({where.path: after}))
        except DataError as exc:
            raise WriteError(f"the date would make the data invalid, nothing was changed: {exc.lines()[0]}") from None
        if next(s for s in again.records["source"] if s["id"] == rid).get("published") != published:
            raise WriteError(f"could not set the date at {where.path}:{n}: set it there by hand")
        if not dry_run:
            writer.commit([writer.Plan(where.path, before, after)])
        return where.path, n, lines[n - 1].strip()

    return writer.retried(data_dir, attempt, "setting the date", lock=not dry_run)


def undated_horizon(sources: dict[str, dict], rec: dict) -> str | None:
    """validate --strict's message for a horizon counted from its source's publication
    ('within 18 months') when that source has no published date: the date is what is
    missing, not another horizon. None for any other prediction."""
    src: Any = sources.get(rec.get("source", ""))
    if not rec.get("due_note") or src is None or src.get("published", "unknown") != "unknown":
        return None
    return (
        f"'{rec['horizon']}' counts from the publication of source '{src['id']}', which has no published "
        f"date: set it with 'aitrack add-source --published YYYY-MM-DD {src['id']}' "
        "(or give the prediction its own made: date)"
    )
