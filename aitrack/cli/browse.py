"""Commands that read the catalog: list, show, search, compare."""

from typing import Annotated

import typer

from aitrack.cli.app import app
from aitrack.cli.options import (
    KINDS_TEXT,
    STATUS_TEXT,
    AsOf,
    Color,
    ColorOpt,
    DataDir,
    Fmt,
    KnownBy,
    MinConfidence,
    NoCache,
    Section,
    catalog_for,
    complete_columns,
    complete_entity,
    complete_field,
    complete_kind,
    complete_lab,
    complete_same_kind,
    complete_status,
    complete_tag,
    emit_view,
    note,
    view_of,
)
from aitrack.vocab import JSON_FORMATS

# Kept in step with queries.browse.fields_of by tests/test_cli.py. Machine names (#18): the
# same in CSV headers, JSON keys, SQLite columns; a value's parts (memory_GB_high,
# released_precision) are accepted too.
LIST_EPILOG = """\b
Fields for --sort and --columns (also completed by the shell):
  labs:        id name aliases tags org_type country parent sentiment people focus strategy
               deployment
  chips:       id name aliases tags vendor category architecture released process_node memory_type
               memory_GB memory_bandwidth_TBps cores peak_bf16_TFLOPS peak_fp16_TFLOPS
               peak_fp8_TFLOPS peak_fp4_TFLOPS tdp_W price_USD key_advantage primary_limitation
  models:      id name aliases tags lab family model_type released open_weights license architecture
               parameters active_parameters context_window training_tokens training_hardware
               training_gpus gpu_hours focus deployment
  predictions: id name aliases tags statement by made horizon due status prediction_kind subjects
               value
  sources:     id name aliases tags source_kind title outlet published file url reliability by
  products:    id name aliases tags maker product_type released accelerators description
Numbers are in the unit the name carries (GB = 10^9 bytes, TBps = TB/s, TFLOPS = TFLOP/s, W, USD).
sentiment is the score the "AI's Rapid Evolution" digest gives each company it names: above 0
favourable, below 0 unfavourable; the digest states no range (its scores run from -3.0 to 4.0)."""
SCORES_EPILOG = LIST_EPILOG[LIST_EPILOG.index("sentiment is") :]


@app.command("list", epilog=LIST_EPILOG)
def list_(
    kind: Annotated[
        str | None,
        typer.Argument(metavar="KIND", help=f"{KINDS_TEXT}.", autocompletion=complete_kind, show_default=False),
    ] = None,
    lab: Annotated[
        str | None,
        typer.Option(
            metavar="LAB", help="Models of this lab and its subsidiaries (id or alias).", autocompletion=complete_lab
        ),
    ] = None,
    vendor: Annotated[
        str | None, typer.Option(metavar="LAB", help="Chips of this vendor (id or alias).", autocompletion=complete_lab)
    ] = None,
    maker: Annotated[
        str | None,
        typer.Option(metavar="LAB", help="Products of this maker (id or alias).", autocompletion=complete_lab),
    ] = None,
    tag: Annotated[
        str | None,
        typer.Option(
            metavar="TAG",
            help="Entities with this tag (completed; an unknown tag suggests close ones).",
            autocompletion=complete_tag,
        ),
    ] = None,
    open_weights: Annotated[
        bool | None,
        typer.Option(
            "--open-weights/--closed-weights", help="Models with (or without) open weights.", show_default=False
        ),
    ] = None,
    country: Annotated[str | None, typer.Option(metavar="COUNTRY", help="Labs in this country.")] = None,
    status: Annotated[
        str | None,
        typer.Option(
            metavar="STATUS",
            help=f"Predictions with this status: {STATUS_TEXT}.",
            autocompletion=complete_status,
        ),
    ] = None,
    sort: Annotated[
        str | None,
        typer.Option(
            metavar="FIELD",
            help="Sort by this field (see the fields below); numbers sort as numbers, missing values last.",
            autocompletion=complete_field,
        ),
    ] = None,
    desc: Annotated[bool, typer.Option("--desc", help="Sort descending.")] = False,
    columns: Annotated[
        str | None,
        typer.Option(
            metavar="FIELD,...",
            help="Comma-separated fields to show, e.g. id,name,memory_bandwidth_TBps.",
            autocompletion=complete_columns,
        ),
    ] = None,
    limit: Annotated[int | None, typer.Option(metavar="N", help="At most N rows.")] = None,
    as_of: AsOf = None,
    known_by: KnownBy = None,
    min_confidence: MinConfidence = None,
    fmt: Fmt = "table",
    color: ColorOpt = Color.auto,
    data_dir: DataDir = None,
    no_cache: NoCache = False,
) -> None:
    """List entities of one kind, filtered and sorted.

    \b
    Examples:
      aitrack list chips --sort memory_bandwidth_TBps --desc
      aitrack list models --lab openai --format csv > openai-models.csv
      aitrack list models --as-of 2024-12-31 --min-confidence likely
    """
    from aitrack.errors import UsageError
    from aitrack.queries import browse
    from aitrack.queries.filters import check_filters
    from aitrack.queries.filters import wanted as filter_values
    from aitrack.queries.predictions import today
    from aitrack.views import browse as views

    if kind is None:
        raise UsageError(f"list needs a KIND: {KINDS_TEXT} (e.g. aitrack list chips)")
    kind_ = browse.kind_name(kind)
    wanted = filter_values(lab, vendor, maker, tag, country, status, open_weights)
    view = view_of(as_of, known_by, min_confidence)
    cat = catalog_for(data_dir, no_cache)
    filters, notes = check_filters(cat, kind_, wanted)
    for line in notes:
        note(line)
    records = browse.list_entities(
        cat,
        kind_,
        filters,
        sort,
        desc,
        limit,
        slim=fmt not in JSON_FORMATS,
        view=view,
    )
    cols = [c.strip() for c in columns.split(",") if c.strip()] if columns else None
    now = today(None) if kind_ == "prediction" else None  # only a prediction's days_left uses today
    emit_view(views.list_output(kind_, records, cols, fmt, now), view, kind_, fmt, color)
    if not records:
        note(views.empty_list_message(kind_, wanted, limit) if view is None else f"aitrack: no {kind_}s in this view")


@app.command(epilog=SCORES_EPILOG)
def show(
    entity: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="An id or alias; case, spaces and punctuation are ignored.",
            autocompletion=complete_entity,
        ),
    ],
    history: Annotated[
        bool,
        typer.Option("--history", help="Also list every value each field has had, with its date, grade and source."),
    ] = False,
    as_of: AsOf = None,
    known_by: KnownBy = None,
    min_confidence: MinConfidence = None,
    section: Section = None,
    fmt: Fmt = "table",
    color: ColorOpt = Color.auto,
    data_dir: DataDir = None,
    no_cache: NoCache = False,
) -> None:
    """Everything about one entity, what relates to it, and the source of every fact.

    \b
    Examples:
      aitrack show h100
      aitrack show "Cerebras WSE-3" --format json
      aitrack show grok-2 --history --as-of 2025-06
    """
    from aitrack.queries import browse
    from aitrack.queries.predictions import today
    from aitrack.views import browse as views

    view = view_of(as_of, known_by, min_confidence)
    cat = catalog_for(data_dir, no_cache)
    shown = browse.show(cat, entity, view)
    now = today(None) if shown.record["kind"] == "prediction" else None  # its days_left
    out = views.show_output(shown, cat, history, fmt, now)
    emit_view(out, view, shown.record["kind"], fmt, color, listing=False, section=section)


@app.command()
def search(
    text: Annotated[
        str,
        typer.Argument(
            metavar="TEXT", help="Text to find in any field of any kind; case, spaces and punctuation are ignored."
        ),
    ],
    kind: Annotated[
        str | None, typer.Option(metavar="KIND", help=f"Only this kind: {KINDS_TEXT}.", autocompletion=complete_kind)
    ] = None,
    limit: Annotated[int | None, typer.Option(metavar="N", help="At most N results.")] = None,
    as_of: AsOf = None,
    known_by: KnownBy = None,
    fmt: Fmt = "table",
    color: ColorOpt = Color.auto,
    data_dir: DataDir = None,
    no_cache: NoCache = False,
) -> None:
    """Search every kind and field; id and name matches first.

    \b
    Examples:
      aitrack search "mixture of experts"
      aitrack search hbm3 --kind chips --as-of 2023
    """
    from aitrack.queries import browse
    from aitrack.views import browse as views

    kinds = [browse.kind_name(kind)] if kind else None
    view = view_of(as_of, known_by)
    hits = browse.search(catalog_for(data_dir, no_cache), text, kinds, limit, view)
    emit_view(views.search_output(hits, text), view, kinds[0] if kinds else None, fmt, color)
    if not hits:
        among = (f" among {kinds[0]}s" if kinds else "") + (" in this view" if view else "")
        note(f"aitrack: nothing matches '{text}'{among}")


@app.command(epilog=SCORES_EPILOG)
def compare(
    entities: Annotated[
        list[str],
        typer.Argument(
            metavar="ID ID...", help="Two or more ids or aliases of one kind.", autocompletion=complete_same_kind
        ),
    ],
    only_common: Annotated[bool, typer.Option("--only-common", help="Hide rows that any entity lacks.")] = False,
    as_of: AsOf = None,
    known_by: KnownBy = None,
    min_confidence: MinConfidence = None,
    fmt: Fmt = "table",
    color: ColorOpt = Color.auto,
    data_dir: DataDir = None,
    no_cache: NoCache = False,
) -> None:
    """Compare chips, models or labs side by side, with units, ratios and sources.

    \b
    Examples:
      aitrack compare wse-3 h100
      aitrack compare h100 mi300x tpu-v5e --only-common
      aitrack compare h100 b200 --min-confidence likely
    """
    from aitrack.queries.compare import compare as run
    from aitrack.views.compare import compare_output

    view = view_of(as_of, known_by, min_confidence)
    cat = catalog_for(data_dir, no_cache)
    result = run(cat, entities, only_common, view)
    emit_view(compare_output(result, cat, fmt), view, result.entities[0]["kind"], fmt, color, listing=False)
