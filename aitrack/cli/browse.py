"""Commands that read the catalog: list, show, search, compare."""

from typing import Annotated, Optional

import typer

from aitrack.cli.app import app
from aitrack.cli.options import (AsOf, Color, ColorOpt, DataDir, Fmt, Format, MinConfidence, NoCache, catalog_for,
                                 complete_entity, emit)


@app.command("list")
def list_(
    kind: Annotated[str, typer.Argument(help="labs, chips, models, predictions, sources or products.")],
    lab: Annotated[Optional[str], typer.Option(help="Models of this lab (id or alias).")] = None,
    vendor: Annotated[Optional[str], typer.Option(help="Chips of this vendor (id or alias).")] = None,
    maker: Annotated[Optional[str], typer.Option(help="Products of this maker (id or alias).")] = None,
    tag: Annotated[Optional[str], typer.Option(help="Entities with this tag.")] = None,
    open_weights: Annotated[Optional[bool], typer.Option("--open-weights/--closed-weights", help="Models with (or without) open weights.", show_default=False)] = None,
    country: Annotated[Optional[str], typer.Option(help="Labs in this country.")] = None,
    status: Annotated[Optional[str], typer.Option(help="Predictions with this status.")] = None,
    sort: Annotated[Optional[str], typer.Option(help="Sort by this field; numbers sort as numbers, missing values last.")] = None,
    desc: Annotated[bool, typer.Option("--desc", help="Sort descending.")] = False,
    columns: Annotated[Optional[str], typer.Option(help="Comma-separated columns, e.g. id,name,memory_bandwidth.")] = None,
    limit: Annotated[Optional[int], typer.Option(help="At most N rows.")] = None,
    as_of: AsOf = None, min_confidence: MinConfidence = None,
    fmt: Fmt = Format.table, color: ColorOpt = Color.auto, data_dir: DataDir = None, no_cache: NoCache = False,
) -> None:
    """List entities of one kind, filtered and sorted.

    \b
    Examples:
      aitrack list chips --sort memory_bandwidth --desc
      aitrack list models --lab openai --format csv > openai-models.csv
      aitrack list models --as-of 2024-12-31 --min-confidence likely
    """
    from aitrack.views import browse as views
    from aitrack.queries import browse
    from aitrack.store.history import day_of

    kind_ = browse.kind_name(kind)
    filters = {"lab": lab, "vendor": vendor, "maker": maker, "tags": tag, "country": country, "status": status,
               "open_weights": None if open_weights is None else str(open_weights).lower()}
    cat = catalog_for(data_dir, no_cache)
    records = browse.list_entities(cat, kind_, filters, sort, desc, limit, slim=fmt != Format.json,
                                   on=day_of(as_of), min_confidence=min_confidence and min_confidence.value)
    cols = [c.strip() for c in columns.split(",") if c.strip()] if columns else None
    emit(views.list_output(kind_, records, cols, fmt.value), fmt, color)


@app.command()
def show(
    entity: Annotated[str, typer.Argument(help="An id or alias; case, spaces and punctuation are ignored.", autocompletion=complete_entity)],
    history: Annotated[bool, typer.Option("--history", help="Also list every value each field has had, with its date, grade and source.")] = False,
    as_of: AsOf = None,
    fmt: Fmt = Format.table, color: ColorOpt = Color.auto, data_dir: DataDir = None, no_cache: NoCache = False,
) -> None:
    """Everything about one entity, what relates to it, and the source of every fact.

    \b
    Examples:
      aitrack show h100
      aitrack show "Cerebras WSE-3" --format json
      aitrack show grok-2 --history --as-of 2025-06
    """
    from aitrack.views import browse as views
    from aitrack.queries import browse
    from aitrack.store.history import day_of

    cat = catalog_for(data_dir, no_cache)
    emit(views.show_output(browse.show(cat, entity, day_of(as_of)), cat, history), fmt, color)


@app.command()
def search(
    text: Annotated[str, typer.Argument(help="Text to find in any field of any kind.")],
    kind: Annotated[Optional[str], typer.Option(help="Only this kind.")] = None,
    limit: Annotated[Optional[int], typer.Option(help="At most N results.")] = None,
    fmt: Fmt = Format.table, color: ColorOpt = Color.auto, data_dir: DataDir = None, no_cache: NoCache = False,
) -> None:
    """Search every kind and field; id and name matches first.

    \b
    Examples:
      aitrack search "mixture of experts"
      aitrack search hbm3 --kind chips
    """
    from aitrack.views import browse as views
    from aitrack.queries import browse

    kinds = [browse.kind_name(kind)] if kind else None
    cat = catalog_for(data_dir, no_cache)
    emit(views.search_output(browse.search(cat, text, kinds, limit), text), fmt, color)


@app.command()
def compare(
    entities: Annotated[list[str], typer.Argument(help="Two or more ids or aliases of one kind.", autocompletion=complete_entity)],
    only_common: Annotated[bool, typer.Option("--only-common", help="Hide rows that any entity lacks.")] = False,
    as_of: AsOf = None, min_confidence: MinConfidence = None,
    fmt: Fmt = Format.table, color: ColorOpt = Color.auto, data_dir: DataDir = None, no_cache: NoCache = False,
) -> None:
    """Compare chips, models or labs side by side, with units, ratios and sources.

    \b
    Examples:
      aitrack compare wse-3 h100
      aitrack compare h100 mi300x tpu-v5e --only-common
      aitrack compare h100 b200 --min-confidence likely
    """
    from aitrack.queries.compare import compare as run
    from aitrack.store.history import day_of
    from aitrack.views.compare import compare_output

    cat = catalog_for(data_dir, no_cache)
    result = run(cat, entities, only_common, day_of(as_of), min_confidence and min_confidence.value)
    emit(compare_output(result, cat, fmt.value), fmt, color)


@app.command()
def changes(
    since: Annotated[str, typer.Option("--since", metavar="DATE", help="On or after DATE (YYYY, YYYY-MM or YYYY-MM-DD).")],
    kind: Annotated[Optional[str], typer.Option(help="Only this kind (labs, chips, models, predictions, sources).")] = None,
    limit: Annotated[Optional[int], typer.Option(help="At most N rows.")] = None,
    fmt: Fmt = Format.table, color: ColorOpt = Color.auto, data_dir: DataDir = None, no_cache: NoCache = False,
) -> None:
    """What appeared or changed on or after a date, newest first.

    Facts (a field's first or new value), entities, events, documents, predictions made
    and predictions resolved, dated by when the sources say they happened.

    \b
    Examples:
      aitrack changes --since 2026-01
      aitrack changes --since 2025 --kind models -f json
    """
    from aitrack.queries.browse import kind_name
    from aitrack.queries.changes import changes as run
    from aitrack.store.history import day_of
    from aitrack.views.changes import changes_output

    if limit is not None and limit < 0:
        from aitrack.errors import UsageError

        raise UsageError("--limit must be 0 or more")
    cat = catalog_for(data_dir, no_cache)
    found = run(cat, day_of(since, "--since", end=False), [kind_name(kind)] if kind else None)
    emit(changes_output(found[:limit] if limit is not None else found, cat), fmt, color)
