"""Commands for predictions: predictions, resolve, scorecard, timeline."""

from typing import Annotated

import typer

from aitrack.cli.app import app
from aitrack.cli.options import (
    PREDICTION_KINDS_TEXT,
    STATUS_TEXT,
    AsOf,
    Color,
    ColorOpt,
    DataDir,
    Fmt,
    KnownBy,
    NoCache,
    Section,
    catalog_for,
    complete_entity,
    complete_prediction,
    complete_prediction_kind,
    complete_status,
    emit,
    emit_view,
    note,
    view_of,
)
from aitrack.vocab import JSON_FORMATS, OUTCOMES, spoken

Today = Annotated[
    str | None,
    typer.Option(
        "--today",
        metavar="DATE",
        envvar="AITRACK_TODAY",
        help="Fix today's date (YYYY-MM-DD) for reproducible output.",
        show_default=False,
    ),
]


@app.command()
def predictions(
    due: Annotated[
        str | None, typer.Option(metavar="DATE", help="Due in this year, month or day: 2026, 2026-06, 2026-06-30.")
    ] = None,
    due_before: Annotated[str | None, typer.Option(metavar="DATE", help="Due before this date.")] = None,
    due_after: Annotated[str | None, typer.Option(metavar="DATE", help="Due after this date.")] = None,
    status: Annotated[
        str | None,
        typer.Option(metavar="STATUS", help=f"{STATUS_TEXT}.", autocompletion=complete_status),
    ] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="Open and due before today.")] = False,
    about: Annotated[
        str | None,
        typer.Option(
            metavar="ID",
            help="About this entity (a lab includes its models and chips).",
            autocompletion=complete_entity,
        ),
    ] = None,
    by: Annotated[
        str | None, typer.Option(metavar="NAME", help="Made by this outlet or person (part of the name is enough).")
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option(
            metavar="KIND",
            help=f"{PREDICTION_KINDS_TEXT}.",
            autocompletion=complete_prediction_kind,
        ),
    ] = None,
    include_uncertain: Annotated[
        bool,
        typer.Option("--include-uncertain", help="Include predictions whose possible due window overlaps the filter."),
    ] = False,
    today: Today = None,
    fmt: Fmt = "table",
    color: ColorOpt = Color.auto,
    data_dir: DataDir = None,
    no_cache: NoCache = False,
) -> None:
    """Forecasts with due dates, status and time left; overdue ones stand out.

    \b
    Examples:
      aitrack predictions --due 2026
      aitrack predictions --overdue --today 2026-11-23
      aitrack predictions --about nvidia --include-uncertain -f json
    """
    from aitrack.queries import predictions as pq
    from aitrack.views.predictions import predictions_output

    now = pq.today(today)
    filters = pq.Filters(due, due_before, due_after, status, overdue, about, by, kind, include_uncertain)
    cat = catalog_for(data_dir, no_cache)
    preds = pq.select(cat, filters, now, slim=True)
    if fmt in JSON_FORMATS:
        from aitrack.queries.browse import full_records

        preds = full_records(cat, "prediction", preds)
    emit(predictions_output(preds, now, fmt), fmt, color)
    if not preds:
        more = pq.hidden_uncertain(cat, filters, now, 0)
        hint = (
            (
                f"; {more} more {'has' if more == 1 else 'have'} an uncertain due window that overlaps: "
                "add --include-uncertain"
            )
            if more
            else ""
        )
        note(f"aitrack: no predictions match these filters{hint}")


@app.command()
def resolve(
    prediction: Annotated[
        str, typer.Argument(metavar="ID", help="The prediction's id.", autocompletion=complete_prediction)
    ],
    outcome: Annotated[str, typer.Option(metavar="OUTCOME", help=f"{spoken(OUTCOMES)}.")],
    note: Annotated[str, typer.Option(metavar="TEXT", help="What happened, in a sentence.")],
    evidence: Annotated[str | None, typer.Option(metavar="URL", help="URL of the evidence.")] = None,
    source: Annotated[
        str | None, typer.Option(metavar="ID", help="Or a source id from sources.yaml as the evidence.")
    ] = None,
    on: Annotated[str | None, typer.Option(metavar="DATE", help="Date of the resolution (default: today).")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show the diff; write nothing.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace an earlier resolution (the diff shows it).")] = False,
    data_dir: DataDir = None,
) -> None:
    """Record a prediction's outcome, with evidence, in its YAML file.

    \b
    Examples:
      aitrack resolve anthropic-ipo-2026 --outcome false --note "No listing in 2026" --evidence https://example.org/review --dry-run
      aitrack resolve anthropic-ipo-2026 --outcome void --note "Question withdrawn" --source techspot-anthropic-ipo
    """
    from aitrack import config
    from aitrack.curate.resolve import resolve as run
    from aitrack.queries.predictions import today
    from aitrack.views import render

    when = today(on, "--on")
    folder = (config.data_dir if dry_run else config.writable_data_dir)(data_dir)
    change = run(folder, prediction, outcome, note, evidence, source, when, dry_run, force, today(None))
    if dry_run or force:  # a replaced resolution is shown, old lines and new
        for line in change.diff().splitlines():
            render.message(line)
    if not dry_run:
        render.note(f"resolved {change.prediction} as {outcome} in {change.path}")


@app.command()
def scorecard(
    today: Today = None,
    section: Section = None,
    fmt: Fmt = "table",
    color: ColorOpt = Color.auto,
    data_dir: DataDir = None,
    no_cache: NoCache = False,
) -> None:
    """Who has been right: per predictor, resolved, accuracy, overdue, Brier score.

    \b
    Examples:
      aitrack scorecard
      aitrack scorecard -f json | jq '.predictors[0]'
    """
    from aitrack.queries import predictions as pq
    from aitrack.views.predictions import scorecard_output

    now = pq.today(today)
    scores = pq.scorecard(catalog_for(data_dir, no_cache), now)
    emit(scorecard_output(scores, pq.calibration(scores), now, fmt), fmt, color, section)
    if not any(s.resolved for s in scores):
        note(
            f"aitrack: none of the {sum(s.made for s in scores)} predictions is resolved yet, so nobody can be "
            f"scored; record outcomes with: aitrack resolve ID --outcome {'|'.join(OUTCOMES)} --note TEXT --evidence URL"
        )


@app.command()
def timeline(
    since: Annotated[str | None, typer.Option(metavar="DATE", help="From this date.")] = None,
    until: Annotated[str | None, typer.Option(metavar="DATE", help="Up to this date.")] = None,
    as_of: AsOf = None,
    known_by: KnownBy = None,
    today: Today = None,
    fmt: Fmt = "table",
    color: ColorOpt = Color.auto,
    data_dir: DataDir = None,
    no_cache: NoCache = False,
) -> None:
    """Releases, dated events and prediction deadlines by year, with today marked.

    With --as-of, what had happened by that day, and predictions as they stood then (one
    resolved later shows as open).

    \b
    Examples:
      aitrack timeline
      aitrack timeline --since 2025 -f csv
      aitrack timeline --as-of 2025-06
    """
    from aitrack.queries import predictions as pq
    from aitrack.queries import timeline as tl
    from aitrack.views import render
    from aitrack.views.predictions import timeline_output

    now = pq.today(today)
    view = view_of(as_of, known_by)
    events = tl.timeline(catalog_for(data_dir, no_cache), since, until, view)
    chart = fmt == "table" and (render.stdout_is_terminal() or color == Color.always)
    out = timeline_output(events, now, chart, tl.today_shown(now, since, until), fmt)
    emit_view(out, view, None, fmt, color)
    if not events:
        note("aitrack: nothing dated falls in that window" + (" in this view" if view else ""))
