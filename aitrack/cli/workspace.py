"""Commands that set up and grow a curator's own dataset: init (and add-source)."""

import os
from typing import Annotated

import typer

from aitrack.cli.app import app


@app.command()
def init(
    folder: Annotated[str, typer.Argument(help="Where to create the dataset.", show_default=True)] = "aitrack-data",
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
    from aitrack.views import export, render
    from aitrack.views.browse import counts_text

    data, documents = run(folder)
    schema = os.path.join(folder, "schema")
    os.makedirs(schema, exist_ok=True)
    for name in export.SCHEMA_FILES:  # the data files' editor headers point at ../schema/
        write_new(os.path.join(schema, f"{name}.schema.json"), export.schema_text(name))
    cat = open_catalog(data, with_documents=True)
    render.message(f"created {folder}: {counts_text(cat.counts())}, {documents} documents")
    render.message(f"use it: cd {folder} (aitrack finds the dataset from there and below), "
                   f"or export AITRACK_DATA_DIR={os.path.abspath(data)}")
    render.message("next: aitrack add-source ARTICLE, then aitrack scan ARTICLE --stub, then aitrack validate --strict")
