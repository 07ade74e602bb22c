"""Commands that set up and grow a curator's own dataset: init (and add-source)."""

import os
from typing import Annotated

import typer

from aitrack.cli.app import app, stderr_line
from aitrack.cli.options import DataDir
from aitrack.vocab import DocumentKind


@app.command()
def init(
    folder: Annotated[
        str, typer.Argument(metavar="[DIR]", help="Where to create the dataset.", show_default=True)
    ] = "aitrack-data",
) -> None:
    """Create a writable dataset: a copy of the bundled data and its documents.

    \b
    Examples:
      aitrack init                  # ./aitrack-data
      aitrack init ~/landscape
    """
    from aitrack.curate.workspace import init as run
    from aitrack.curate.writer import write_new
    from aitrack.store.catalog import open_catalog
    from aitrack.views import render
    from aitrack.views import schemas as export
    from aitrack.views.browse import counts_text

    data, documents = run(folder)
    schema = os.path.join(folder, "schema")
    os.makedirs(schema, exist_ok=True)
    for name in export.SCHEMA_FILES:  # the data files' editor headers point at ../schema/
        write_new(os.path.join(schema, f"{name}.schema.json"), export.schema_text(name))
    cat = open_catalog(data, with_documents=True)
    render.note(f"created {folder}: {counts_text(cat.counts())}, {documents} documents")
    render.note(
        f"use it: cd {folder} (aitrack finds the dataset from there and below), "
        f"or export AITRACK_DATA_DIR={os.path.abspath(data)}"
    )
    render.note("next: aitrack add-source ARTICLE, then aitrack scan ARTICLE --stub, then aitrack validate --strict")


@app.command("add-source")
def add_source(
    file: Annotated[
        str,
        typer.Argument(
            help="The document (text or Markdown), or - for stdin; with --published alone, the id of a source already added.",
            show_default=False,
        ),
    ],
    source_id: Annotated[
        str | None, typer.Option("--id", help="The source id (default: from the outlet and title).", show_default=False)
    ] = None,
    title: Annotated[
        str | None, typer.Option(help="The title, if the first line is not it.", show_default=False)
    ] = None,
    outlet: Annotated[str | None, typer.Option(help="Who published it.", show_default=False)] = None,
    by: Annotated[
        str | None, typer.Option("--by", help="Who wrote or speaks in it (the byline).", show_default=False)
    ] = None,
    published: Annotated[str | None, typer.Option(help="Publication date, YYYY[-MM[-DD]].", show_default=False)] = None,
    kind: Annotated[DocumentKind, typer.Option(help="What the document is.")] = "analysis-article",
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show the entry; write nothing.")] = False,
    data_dir: DataDir = None,
) -> None:
    """Add a document to the dataset: copy it into its documents folder as UTF-8 and
    describe it in sources.yaml (sha256, id, and the title, outlet, byline and date read
    from it). With --published and a source id instead of a file: set that source's date.

    \b
    Examples:
      aitrack add-source ~/Downloads/amd-roadmap.md
      curl -s https://example.org/a.txt | aitrack add-source - --outlet Example --published 2024-06-02
      aitrack add-source --published 2022-03-22 nvidia-h100-datasheet   # date a source already added
    """
    from aitrack import config
    from aitrack.curate import sources
    from aitrack.curate.document import add_source as run
    from aitrack.dataset.documents import as_stored, read_input
    from aitrack.errors import UsageError
    from aitrack.views import render

    if published:
        from aitrack import dates

        try:
            dates.check_iso(published)
        except dates.DateError as exc:
            raise UsageError(f"--published: {exc}") from None
    folder = (config.data_dir if dry_run else config.writable_data_dir)(data_dir)
    if published and file != "-" and not os.path.lexists(file) and _is_source(folder, file):
        if any((source_id, title, outlet, by)):
            raise UsageError("a source already added takes --published only: edit its other fields in sources.yaml")
        path, at, text = sources.set_published(folder, file, published, dry_run)
        stderr_line(f"aitrack: {'would set' if dry_run else 'set'} {file}'s {text} at {path}:{at}")
        return
    raw, converted = as_stored(read_input(file))  # a regular file or stdin, at most the documents cap
    if not raw.strip():
        raise UsageError(f"{file} is empty")
    given = {"id": source_id, "title": title, "outlet": outlet, "byline": by, "published": published}
    sources.refuse_duplicate(folder, _sources(folder), raw)  # the same text in another encoding too
    added = run(folder, raw, file, kind, given, dry_run)
    for line in added.entry.rstrip("\n").split("\n"):
        render.message(line)
    inferred = ", ".join(added.meta.inferred) or "nothing"
    missing = [
        k
        for k, v in (
            ("outlet", added.meta.outlet),
            ("byline", added.meta.byline),
            ("published", added.meta.published != "unknown"),
        )
        if not v
    ]
    verb = "would add" if dry_run else "added"
    stderr_line(f"aitrack: {verb} {added.id}: {added.path}; entry in {added.sources_file}")
    if converted == "UTF-8 with a BOM":
        stderr_line("aitrack: removed its byte-order mark (BOM): stored as UTF-8 without one")
    elif converted:
        stderr_line(f"aitrack: converted from {converted} to UTF-8 (the sha256 is of the UTF-8 copy)")
    stderr_line(
        f"aitrack: read from the text (check them): {inferred}"
        + (f"; not found: {', '.join(missing)} (see --help)" if missing else "")
    )
    if not dry_run:
        stderr_line(f"aitrack: next: aitrack scan {file if file != '-' else added.path} --stub")


def _sources(folder: str) -> list[dict]:
    """The dataset's sources, also while a merged draft's TODO leaves it invalid."""
    from aitrack.curate.merge import todo_lines
    from aitrack.store.catalog import open_lenient

    return open_lenient(folder, todo_lines())[0].kind("source")


def _is_source(folder: str, name: str) -> bool:
    return any(s["id"] == name for s in _sources(folder))


def stub_drafts(file: str, raw: bytes, text: str, folder: str, merge: bool) -> None:
    """scan --stub: the drafts for a document, less what was merged from it before
    (curate/merged.py); with merge, appended to the data files. A TODO in the data (a
    draft's field for a curator to fill) is a note, not an error."""
    import hashlib

    from aitrack.curate import merge as merger
    from aitrack.curate import merged, sources
    from aitrack.curate.stub import draft as make_draft
    from aitrack.dataset.documents import as_stored
    from aitrack.dataset.read import load_ignored
    from aitrack.kinds import fold
    from aitrack.store.catalog import open_lenient
    from aitrack.views import render
    from aitrack.views import scan as views_scan

    cat, todos = open_lenient(folder, merger.todo_lines())
    ignored = {fold(i["name"]) for i in load_ignored(folder)[0]}
    stored = as_stored(raw)[0]  # as add-source stored it: its sha256 names the source
    known = sources.same_document(folder, cat.kind("source"), stored)
    digest = known["sha256"] if known else hashlib.sha256(stored).hexdigest()
    drafts = make_draft(text, digest, file, cat, ignored)
    if not merge:
        if drafts.source is None:
            drafts = merged.unmerged(drafts, merged.entry_for(merged.read(folder)[1], digest))[0]
        if not drafts.entries and not drafts.ignored and drafts.source is None:
            stderr_line(f"aitrack: nothing new from {file}")
            return
        for line in views_scan.stub_text(merger.blocks(drafts), drafts.source is not None).rstrip("\n").split("\n"):
            render.message(line)
        return
    done = merger.merge(folder, drafts, digest)
    if done.left_out:  # deleted or edited since, or left out of the catalog by its TODO
        n = done.left_out
        stderr_line(
            f"aitrack: {n} draft{'s' if n > 1 else ''} merged from it before left out ({merged.path_of(folder)})"
        )
    if not done.counts:
        stderr_line(f"aitrack: nothing new from {file}")
        for problem in todos[:20]:
            stderr_line(f"aitrack: to fill in: {problem}")
        return
    for path, count in done.counts:
        stderr_line(f"aitrack: merged {count} entr{'y' if count == 1 else 'ies'} into {path}")
    for line in done.todos[:20]:
        stderr_line(f"aitrack: to fill in: {line}")
    if len(done.todos) > 20:
        stderr_line(f"aitrack: and {len(done.todos) - 20} more lines marked TODO")
    stderr_line(f"aitrack: next: {'fill in every TODO, then ' if done.todos else ''}aitrack validate --strict")
