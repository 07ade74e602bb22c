"""Commands for curators and integrations: validate, scan, schema, export."""

import os
from typing import Annotated

import typer

from aitrack.cli.app import app, stderr_line
from aitrack.cli.options import (
    AsOf,
    Color,
    ColorOpt,
    DataDir,
    Fmt,
    KnownBy,
    NoCache,
    Section,
    catalog_for,
    emit,
    view_of,
)
from aitrack.vocab import EXPORT_FORMATS, ExportFormat, plurals, spoken


@app.command()
def validate(
    data_dir: DataDir = None,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="Also: every name in the documents curated or in ignored.yaml, no TODO, every horizon with a due window, resolutions dated between the forecast and today.",
        ),
    ] = False,
    today: Annotated[
        str | None,
        typer.Option(
            metavar="DATE",
            help="Today, for --strict's resolution dates (default: AITRACK_TODAY or the clock).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Check the dataset: schema, references, aliases, every quote and document hash.

    \b
    Examples:
      aitrack validate
      aitrack validate --strict        # the curator's gate, run by CI on the bundled data
      aitrack validate --data-dir ~/my-landscape/data
    """
    from aitrack import config
    from aitrack.store.catalog import open_catalog
    from aitrack.views import browse as views
    from aitrack.views import render

    dataset = config.locate(data_dir)
    folder = dataset.path
    if strict:
        from aitrack.curate import strict as gate
        from aitrack.errors import DataError
        from aitrack.queries.predictions import today as today_of
        from aitrack.store.catalog import load_checked

        loaded = load_checked(folder, with_documents=True, progress=render.progress("validating"))
        problems = gate.problems(loaded, folder, today_of(today))
        if problems:
            raise DataError(problems)
        cat = open_catalog(folder)
    else:
        cat = open_catalog(folder, with_documents=True, progress=render.progress("validating"))
    # Both lines are messages, not data: stderr, so stdout stays empty (and errors stay one line each).
    render.note(dataset.describe())
    render.note(views.validate_summary(cat) + ("; strict: every name covered, no TODO" if strict else ""))


@app.command()
def scan(
    file: Annotated[
        str | None,
        typer.Argument(metavar="[FILE]", help="A text or Markdown file, or - for stdin.", show_default=False),
    ] = None,
    seeds: Annotated[
        bool, typer.Option("--seeds", help="Report coverage of every document in seeds/ instead.")
    ] = False,
    stub: Annotated[
        bool,
        typer.Option(
            "--stub",
            help="Print draft entries: new labs, chips and models with their numbers, predictions, ignored names.",
        ),
    ] = False,
    merge: Annotated[
        bool, typer.Option("--merge", help="With --stub: append the drafts to the data files (after add-source).")
    ] = False,
    section: Section = None,
    fmt: Fmt = "table",
    color: ColorOpt = Color.auto,
    data_dir: DataDir = None,
    no_cache: NoCache = False,
) -> None:
    """Review a new document: known entities, new names, numeric claims, predictions.

    \b
    Examples:
      aitrack scan article.md
      aitrack scan article.md --stub --merge   # after: aitrack add-source article.md
      aitrack scan --seeds
    """
    from aitrack import config
    from aitrack.curate import scan as scanner
    from aitrack.dataset import check as crosscheck
    from aitrack.dataset.read import load_ignored
    from aitrack.errors import UsageError
    from aitrack.kinds import fold
    from aitrack.views import scan as views_scan

    if merge and not stub:
        raise UsageError("--merge goes with --stub")
    folder = config.data_dir(data_dir)
    if seeds:
        ignored = {fold(i["name"]) for i in load_ignored(folder)[0]}
        rows = scanner.seed_coverage(catalog_for(data_dir, no_cache), crosscheck.seeds_dir(folder), ignored)
        emit(views_scan.coverage_output(rows), fmt, color)
        return
    if not file:
        raise UsageError("scan needs a FILE (or - for stdin), or --seeds")
    from aitrack.dataset.documents import decode_document, read_input

    raw = read_input(file)  # a regular file or stdin, at most the documents cap: `scan /dev/zero` ends
    text, warnings = decode_document(raw, file)
    for warning in warnings:
        stderr_line(f"aitrack: warning: {warning}")
    if stub:
        from aitrack.cli.workspace import stub_drafts

        stub_drafts(file, raw, text, config.writable_data_dir(data_dir) if merge else folder, merge)
        return
    cat = catalog_for(data_dir, no_cache)
    ignored = {fold(i["name"]) for i in load_ignored(folder)[0]}
    from aitrack.curate.report import report as read_report  # the same reading as --stub

    report = read_report(text, file, cat, ignored)
    for warning in report.warnings:
        stderr_line(f"aitrack: warning: {warning}")
    emit(views_scan.report_output(report), fmt, color, section)


@app.command()
def schema(
    kind: Annotated[
        str | None,
        typer.Argument(metavar="[KIND]", help=f"{spoken([*plurals(), 'ignored'])}.", show_default=False),
    ] = None,
    out: Annotated[
        str | None,
        typer.Option(
            metavar="DIR",
            help="Write every data file's schema into this directory (and the output schemas into DIR/output).",
        ),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            metavar="NAME",
            help="The schema of a command's JSON output instead: entity, list, show, predictions, compare, search, scorecard, timeline, changes or export.",
        ),
    ] = None,
) -> None:
    """Print the JSON Schema of a data file, or of a command's JSON output.

    \b
    Examples:
      aitrack schema chips
      aitrack schema --output list
      aitrack schema --out schema/
    """
    import json

    from aitrack.errors import UsageError
    from aitrack.views import export, render
    from aitrack.views.output_schemas import OUTPUTS, output_schema

    if out:
        from aitrack.curate.writer import write_new

        os.makedirs(os.path.join(out, "output"), exist_ok=True)
        for name in export.SCHEMA_FILES:
            write_new(os.path.join(out, f"{name}.schema.json"), export.schema_text(name))
        for name in OUTPUTS:
            write_new(
                os.path.join(out, "output", f"{name}.schema.json"),
                json.dumps(output_schema(name), indent=2, ensure_ascii=False) + "\n",
            )
        render.note(
            f"wrote {len(export.SCHEMA_FILES) + len(OUTPUTS)} schemas to {out} (output schemas in {os.path.join(out, 'output')})"
        )
        return
    if output:
        for line in json.dumps(output_schema(output.strip().lower()), indent=2, ensure_ascii=False).split("\n"):
            render.message(line)
        return
    if kind is None:  # what it can print, rather than "unknown schema 'None'"
        render.message(f"data files (aitrack schema KIND): {', '.join(export.SCHEMA_FILES)}")
        render.message(f"command outputs (aitrack schema --output NAME): {', '.join(OUTPUTS)}")
        return
    name = kind.strip().lower()
    name = name if name in export.SCHEMA_FILES else f"{name}s"
    if name not in export.SCHEMA_FILES:
        raise UsageError(f"unknown schema '{kind}': use one of {', '.join(export.SCHEMA_FILES)}")
    for line in export.schema_text(name).rstrip("\n").split("\n"):
        render.message(line)


@app.command()
def export(
    out: Annotated[
        str,
        typer.Argument(
            metavar="TARGET", help="The file or folder to write (replaced atomically), or - for stdout (json, jsonl)."
        ),
    ],
    fmt: Annotated[
        ExportFormat | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            case_sensitive=False,
            help=f"{spoken(EXPORT_FORMATS)} (csv: a folder), any case; default: from the extension (.db/.sqlite, .json, .jsonl, a folder for csv).",
            show_default=False,
        ),
    ] = None,
    as_of: AsOf = None,
    known_by: KnownBy = None,
    data_dir: DataDir = None,
    no_cache: NoCache = False,
) -> None:
    """Export everything to SQLite, JSON, JSON Lines or a CSV folder.

    With --as-of or --known-by, the records of that view (a source they cite is kept),
    and the view recorded in the SQLite meta table and the JSON document.

    \b
    Examples:
      aitrack export landscape.db
      aitrack export -f jsonl - | jq -c 'select(.kind == "chip")'
      aitrack export landscape-2024.db --as-of 2024-12-31
    """
    from aitrack.queries.predictions import today
    from aitrack.views import browse as views
    from aitrack.views import export as exporter
    from aitrack.views import render

    kind = exporter.infer(out, fmt)
    view = view_of(as_of, known_by)
    cat = catalog_for(data_dir, no_cache)
    if view is not None:
        from aitrack.store.viewed import Viewed

        cat = Viewed(cat, view)
    now = today(None)
    if out == "-":
        assert kind == "json" or kind == "jsonl"  # infer sends only these to stdout
        render.emit(exporter.output(cat, kind, now), kind)
        paths = ["stdout"]
    else:
        paths = exporter.write(cat, out, kind, now)
    render.note(f"exported to {', '.join(paths)} ({kind}): {views.fingerprint_line(cat)}")
    if view is not None:
        from aitrack.views.trust import scope_line

        render.note(f"aitrack: {scope_line(view, None)}")
