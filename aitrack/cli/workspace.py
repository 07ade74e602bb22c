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
    file: Annotated[str, typer.Argument(help="The document (text or Markdown), or - for stdin.", show_default=False)],
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
    """Add a document to the dataset: copy it into its documents folder and describe it
    in sources.yaml (sha256, id, and the title, outlet, byline and date read from it).

    \b
    Examples:
      aitrack add-source ~/Downloads/amd-roadmap.md
      curl -s https://example.org/a.txt | aitrack add-source - --outlet Example --published 2024-06-02
    """
    from aitrack import config
    from aitrack.curate.document import add_source as run
    from aitrack.dataset.documents import read_input
    from aitrack.errors import UsageError
    from aitrack.views import render

    if published:
        from aitrack import dates

        try:
            dates.check_iso(published)
        except dates.DateError as exc:
            raise UsageError(f"--published: {exc}") from None
    raw = read_input(file)  # a regular file or stdin, at most the documents cap
    if not raw.strip():
        raise UsageError(f"{file} is empty")
    folder = (config.data_dir if dry_run else config.writable_data_dir)(data_dir)
    given = {"id": source_id, "title": title, "outlet": outlet, "byline": by, "published": published}
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
    stderr_line(
        f"aitrack: read from the text (check them): {inferred}"
        + (f"; not found: {', '.join(missing)} (see --help)" if missing else "")
    )
    if not dry_run:
        stderr_line(f"aitrack: next: aitrack scan {file if file != '-' else added.path} --stub")
