"""The command line: parse options, call a query, render the result. Nothing else.

Errors become one line on stderr and an exit code in exactly one place:
AitrackGroup.main. Heavy modules are imported inside the commands that use them, so
`aitrack --help` pays only for Typer.
"""


import os
import sys
from enum import Enum
from typing import Annotated, Optional

import typer
from typer.core import TyperGroup

from aitrack import __version__


class AitrackGroup(TyperGroup):
    """Runs a command and turns every failure into one line and an exit code."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):  # type: ignore[override]
        from typer import _click

        from aitrack.errors import AitrackError, DataError

        code = 0
        try:
            rv = super().main(args=args, prog_name=prog_name or "aitrack", complete_var=complete_var,
                              standalone_mode=False, **extra)
            code = rv if isinstance(rv, int) else 0
        except _click.exceptions.ClickException as exc:
            _stderr(f"aitrack: error: {exc.format_message()}")
            code = exc.exit_code
        except DataError as exc:
            # path:line:col first, like a compiler, so editors can jump to it.
            for line in exc.lines():
                _stderr(line)
            if len(exc.problems) > 1:
                _stderr(f"aitrack: {len(exc.problems)} problems found")
            code = exc.exit_code
        except AitrackError as exc:
            _stderr(f"aitrack: {exc}")
            code = exc.exit_code
        except typer.Abort:
            _stderr("aitrack: aborted")
            code = 1
        except BrokenPipeError:
            _silence_stdout()
            code = 0
        except KeyboardInterrupt:
            code = 130
        except Exception as exc:  # a bug: say so in one line unless debugging
            if os.environ.get("AITRACK_DEBUG"):
                raise
            _stderr(f"aitrack: internal error: {type(exc).__name__}: {exc} (set AITRACK_DEBUG=1 for a traceback)")
            code = 1
        if standalone_mode:
            sys.exit(code)
        return code


def _stderr(line: str) -> None:
    from aitrack.render import literal

    sys.stderr.write(literal(line) + "\n")


def _silence_stdout() -> None:
    # Further writes to the closed pipe (at interpreter exit) must not raise again.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


app = typer.Typer(
    cls=AitrackGroup,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    no_args_is_help=True,
    help="Track the AI landscape: labs, chips, models and predictions, every value cited.",
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Format(str, Enum):
    table = "table"
    csv = "csv"
    tsv = "tsv"
    json = "json"
    markdown = "markdown"


class Color(str, Enum):
    auto = "auto"
    always = "always"
    never = "never"


DataDir = Annotated[Optional[str], typer.Option("--data-dir", envvar="AITRACK_DATA_DIR", help="Use another dataset laid out like data/.", show_default=False)]
NoCache = Annotated[bool, typer.Option("--no-cache", help="Read the YAML files, bypassing the cache.")]
Fmt = Annotated[Format, typer.Option("--format", "-f", help="table, csv, tsv, json or markdown.")]
ColorOpt = Annotated[Color, typer.Option("--color", help="auto (terminal only, honours NO_COLOR), always or never.")]


def _complete_ids(incomplete: str, kinds: tuple[str, ...] = ()) -> list[str]:
    """Ids and space-free aliases starting with what was typed (case ignored)."""
    from aitrack import config
    from aitrack.catalog import open_catalog

    try:
        cat = open_catalog(config.data_dir(os.environ.get("AITRACK_DATA_DIR")))
        found = set()
        for kind in kinds or ("lab", "chip", "model", "prediction", "source"):
            for rec in cat.kind(kind, slim=True):
                for name in (rec["id"], *rec.get("aliases", [])):
                    if " " not in name and name.lower().startswith(incomplete.lower()):
                        found.add(name)
        return sorted(found)
    except Exception:  # completion must never print a traceback into the shell
        return []


def _complete_entity(incomplete: str) -> list[str]:
    return _complete_ids(incomplete)


def _complete_prediction(incomplete: str) -> list[str]:
    return _complete_ids(incomplete, ("prediction",))


def _catalog(data_dir: str | None, no_cache: bool = False):
    from aitrack import catalog, config

    return catalog.open_catalog(config.data_dir(data_dir), use_cache=not no_cache)


def _emit(out, fmt: Format, color: Color = Color.auto) -> None:
    from aitrack import render

    render.emit(out, fmt.value, color.value)


def _version(value: bool) -> None:
    if not value:
        return
    from aitrack import config, views
    from aitrack.catalog import open_catalog
    from aitrack.render import message

    cat = open_catalog(config.data_dir(os.environ.get("AITRACK_DATA_DIR")))
    message(f"aitrack {__version__}")
    message(views.fingerprint_line(cat))
    raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and the dataset fingerprint.")] = False,
) -> None:
    """Track the AI landscape: labs, chips, models and predictions, every value cited."""


@app.command()
def validate(data_dir: DataDir = None) -> None:
    """Check the dataset: schema, references, aliases, every quote and document hash.

    \b
    Examples:
      aitrack validate
      aitrack validate --data-dir ~/my-landscape/data
    """
    from aitrack import config, render, views
    from aitrack.catalog import open_catalog

    folder = config.data_dir(data_dir)
    cat = open_catalog(folder, with_documents=True, progress=render.progress("validating"))
    render.message(views.validate_summary(cat))


@app.command("list")
def list_(
    kind: Annotated[str, typer.Argument(help="labs, chips, models, predictions or sources.")],
    lab: Annotated[Optional[str], typer.Option(help="Models of this lab (id or alias).")] = None,
    vendor: Annotated[Optional[str], typer.Option(help="Chips of this vendor (id or alias).")] = None,
    tag: Annotated[Optional[str], typer.Option(help="Entities with this tag.")] = None,
    open_weights: Annotated[Optional[bool], typer.Option("--open-weights/--closed-weights", help="Models with (or without) open weights.", show_default=False)] = None,
    country: Annotated[Optional[str], typer.Option(help="Labs in this country.")] = None,
    status: Annotated[Optional[str], typer.Option(help="Predictions with this status.")] = None,
    sort: Annotated[Optional[str], typer.Option(help="Sort by this field; numbers sort as numbers, missing values last.")] = None,
    desc: Annotated[bool, typer.Option("--desc", help="Sort descending.")] = False,
    columns: Annotated[Optional[str], typer.Option(help="Comma-separated columns, e.g. id,name,memory_bandwidth.")] = None,
    limit: Annotated[Optional[int], typer.Option(help="At most N rows.")] = None,
    fmt: Fmt = Format.table, color: ColorOpt = Color.auto, data_dir: DataDir = None, no_cache: NoCache = False,
) -> None:
    """List entities of one kind, filtered and sorted.

    \b
    Examples:
      aitrack list chips --sort memory_bandwidth --desc
      aitrack list models --lab openai --format csv > openai-models.csv
      aitrack list labs --tag chinese-contender --format json
    """
    from aitrack import views
    from aitrack.queries import browse

    kind_ = browse.kind_name(kind)
    filters = {"lab": lab, "vendor": vendor, "tags": tag, "country": country, "status": status,
               "open_weights": None if open_weights is None else str(open_weights).lower()}
    cat = _catalog(data_dir, no_cache)
    records = browse.list_entities(cat, kind_, filters, sort, desc, limit, slim=fmt != Format.json)
    cols = [c.strip() for c in columns.split(",") if c.strip()] if columns else None
    _emit(views.list_output(kind_, records, cols, fmt.value), fmt, color)


@app.command()
def show(
    entity: Annotated[str, typer.Argument(help="An id or alias; case, spaces and punctuation are ignored.", autocompletion=_complete_entity)],
    fmt: Fmt = Format.table, color: ColorOpt = Color.auto, data_dir: DataDir = None, no_cache: NoCache = False,
) -> None:
    """Everything about one entity, what relates to it, and the source of every fact.

    \b
    Examples:
      aitrack show h100
      aitrack show "Cerebras WSE-3" --format json
      aitrack show openai
    """
    from aitrack import views
    from aitrack.queries import browse

    cat = _catalog(data_dir, no_cache)
    _emit(views.show_output(browse.show(cat, entity), cat), fmt, color)


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
    from aitrack import views
    from aitrack.queries import browse

    kinds = [browse.kind_name(kind)] if kind else None
    cat = _catalog(data_dir, no_cache)
    _emit(views.search_output(browse.search(cat, text, kinds, limit), text), fmt, color)


@app.command()
def compare(
    entities: Annotated[list[str], typer.Argument(help="Two or more ids or aliases of one kind.", autocompletion=_complete_entity)],
    only_common: Annotated[bool, typer.Option("--only-common", help="Hide rows that any entity lacks.")] = False,
    fmt: Fmt = Format.table, color: ColorOpt = Color.auto, data_dir: DataDir = None, no_cache: NoCache = False,
) -> None:
    """Compare chips, models or labs side by side, with units, ratios and sources.

    \b
    Examples:
      aitrack compare wse-3 h100
      aitrack compare h100 mi300x tpu-v5e --only-common
      aitrack compare openai anthropic --format markdown
    """
    from aitrack.queries.compare import compare as run
    from aitrack.views_compare import compare_output

    cat = _catalog(data_dir, no_cache)
    _emit(compare_output(run(cat, entities, only_common), cat, fmt.value), fmt, color)


Today = Annotated[Optional[str], typer.Option("--today", envvar="AITRACK_TODAY", help="Fix today's date (YYYY-MM-DD) for reproducible output.", show_default=False)]


@app.command()
def predictions(
    due: Annotated[Optional[str], typer.Option(help="Due in this year, month or day: 2026, 2026-06, 2026-06-30.")] = None,
    due_before: Annotated[Optional[str], typer.Option(help="Due before this date.")] = None,
    due_after: Annotated[Optional[str], typer.Option(help="Due after this date.")] = None,
    status: Annotated[Optional[str], typer.Option(help="open, true, false, partial or void.")] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="Open and due before today.")] = False,
    about: Annotated[Optional[str], typer.Option(help="About this entity (a lab includes its models and chips).")] = None,
    by: Annotated[Optional[str], typer.Option(help="Made by this outlet or person.")] = None,
    kind: Annotated[Optional[str], typer.Option(help="forecast, estimate or commitment.")] = None,
    include_uncertain: Annotated[bool, typer.Option("--include-uncertain", help="Include predictions whose possible due window overlaps the filter.")] = False,
    today: Today = None,
    fmt: Fmt = Format.table, color: ColorOpt = Color.auto, data_dir: DataDir = None, no_cache: NoCache = False,
) -> None:
    """Forecasts with due dates, status and time left; overdue ones stand out.

    \b
    Examples:
      aitrack predictions --due 2026
      aitrack predictions --overdue --today 2026-11-23
      aitrack predictions --about nvidia --include-uncertain -f json
    """
    from aitrack.queries import predictions as pq
    from aitrack.views_predictions import predictions_output

    now = pq.today(today)
    filters = pq.Filters(due, due_before, due_after, status, overdue, about, by, kind, include_uncertain)
    cat = _catalog(data_dir, no_cache)
    _emit(predictions_output(pq.select(cat, filters, now, slim=fmt != Format.json), now), fmt, color)


@app.command()
def resolve(
    prediction: Annotated[str, typer.Argument(help="The prediction's id.", autocompletion=_complete_prediction)],
    outcome: Annotated[str, typer.Option(help="true, false, partial or void.")],
    note: Annotated[str, typer.Option(help="What happened, in a sentence.")],
    evidence: Annotated[Optional[str], typer.Option(help="URL of the evidence.")] = None,
    source: Annotated[Optional[str], typer.Option(help="Or a source id from sources.yaml as the evidence.")] = None,
    on: Annotated[Optional[str], typer.Option(help="Date of the resolution (default: today).")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show the diff; write nothing.")] = False,
    data_dir: DataDir = None,
) -> None:
    """Record a prediction's outcome, with evidence, in its YAML file.

    \b
    Examples:
      aitrack resolve ainews-safety-incident-before-2026 --outcome false --note "No such incident by 2026-01-01" --evidence https://example.org/review --dry-run
      aitrack resolve anthropic-ipo-2026 --outcome void --note "Question withdrawn" --source bloomberg-compute-edge
    """
    from aitrack import config, render
    from aitrack.queries.predictions import today
    from aitrack.resolve import resolve as run

    when = today(on)
    change = run(config.data_dir(data_dir), prediction, outcome, note, evidence, source, when, dry_run)
    if dry_run:
        for line in change.diff().splitlines():
            render.message(line)
    else:
        render.message(f"resolved {change.prediction} as {outcome} in {change.path}")


@app.command()
def scorecard(
    today: Today = None,
    fmt: Fmt = Format.table, color: ColorOpt = Color.auto, data_dir: DataDir = None, no_cache: NoCache = False,
) -> None:
    """Who has been right: per predictor, resolved, accuracy, overdue, Brier score.

    \b
    Examples:
      aitrack scorecard
      aitrack scorecard -f json | jq '.predictors[0]'
    """
    from aitrack.queries import predictions as pq
    from aitrack.views_predictions import scorecard_output

    now = pq.today(today)
    scores = pq.scorecard(_catalog(data_dir, no_cache), now)
    _emit(scorecard_output(scores, pq.calibration(scores), now), fmt, color)


@app.command()
def timeline(
    since: Annotated[Optional[str], typer.Option(help="From this date.")] = None,
    until: Annotated[Optional[str], typer.Option(help="Up to this date.")] = None,
    today: Today = None,
    fmt: Fmt = Format.table, color: ColorOpt = Color.auto, data_dir: DataDir = None, no_cache: NoCache = False,
) -> None:
    """Releases, dated events and prediction deadlines by year, with today marked.

    \b
    Examples:
      aitrack timeline
      aitrack timeline --since 2025 -f csv
    """
    from aitrack import render
    from aitrack.queries import predictions as pq
    from aitrack.views_predictions import timeline_output

    now = pq.today(today)
    events = pq.timeline(_catalog(data_dir, no_cache), since, until)
    chart = fmt == Format.table and (render.stdout_is_terminal() or color == Color.always)
    _emit(timeline_output(events, now, chart), fmt, color)


@app.command()
def scan(
    file: Annotated[Optional[str], typer.Argument(help="A text or Markdown file, or - for stdin.", show_default=False)] = None,
    seeds: Annotated[bool, typer.Option("--seeds", help="Report coverage of every document in seeds/ instead.")] = False,
    stub: Annotated[bool, typer.Option("--stub", help="Print YAML stubs for the new entities and predictions.")] = False,
    fmt: Fmt = Format.table, color: ColorOpt = Color.auto, data_dir: DataDir = None, no_cache: NoCache = False,
) -> None:
    """Review a new document: known entities, new names, numeric claims, predictions.

    \b
    Examples:
      aitrack scan article.md
      aitrack scan article.md --stub >> draft.yaml
      aitrack scan --seeds
    """
    from aitrack import config, crosscheck, scan as scanner, views_scan
    from aitrack.dataset import load_ignored
    from aitrack.errors import UsageError
    from aitrack.kinds import fold

    folder = config.data_dir(data_dir)
    cat = _catalog(data_dir, no_cache)
    ignored = {fold(i["name"]) for i in load_ignored(folder)[0]}
    if seeds:
        rows = scanner.seed_coverage(cat, crosscheck.seeds_dir(folder), ignored)
        _emit(views_scan.coverage_output(rows), fmt, color)
        return
    if not file:
        raise UsageError("scan needs a FILE (or - for stdin), or --seeds")
    try:
        raw = sys.stdin.buffer.read() if file == "-" else open(file, "rb").read()
    except OSError as exc:
        from aitrack.errors import AitrackError

        raise AitrackError(f"cannot read {file}: {exc.strerror}") from None
    text, warnings = scanner.decode(raw, file)
    for warning in warnings:
        _stderr(f"aitrack: warning: {warning}")
    report = scanner.scan_text(text, file, cat, ignored)
    if stub:
        from aitrack.render import message

        for line in views_scan.stub_yaml(report, raw, file).rstrip("\n").split("\n"):
            message(line)
        return
    _emit(views_scan.report_output(report), fmt, color)


@app.command()
def schema(
    kind: Annotated[Optional[str], typer.Argument(help="labs, chips, models, predictions, sources or ignored.", show_default=False)] = None,
    out: Annotated[Optional[str], typer.Option(help="Write every data file's schema into this directory.")] = None,
) -> None:
    """Print the JSON Schema of a data file, generated from the models, for editors.

    \b
    Examples:
      aitrack schema chips
      aitrack schema --out schema/
    """
    from aitrack import export, render
    from aitrack.errors import UsageError

    if out:
        from aitrack.writer import write_new

        os.makedirs(out, exist_ok=True)
        for name in export.SCHEMA_FILES:
            write_new(os.path.join(out, f"{name}.schema.json"), export.schema_text(name))
        render.message(f"wrote {len(export.SCHEMA_FILES)} schemas to {out}")
        return
    name = (kind or "").strip().lower()
    name = name if name in export.SCHEMA_FILES else f"{name}s"
    if name not in export.SCHEMA_FILES:
        raise UsageError(f"unknown schema '{kind}': use one of {', '.join(export.SCHEMA_FILES)}")
    for line in export.schema_text(name).rstrip("\n").split("\n"):
        render.message(line)


class ExportFormat(str, Enum):
    sqlite = "sqlite"
    json = "json"


@app.command()
def export(
    out: Annotated[str, typer.Argument(help="The file to write (replaced atomically).")],
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="sqlite or json.")] = ExportFormat.sqlite,
    data_dir: DataDir = None, no_cache: NoCache = False,
) -> None:
    """Export everything to SQLite or JSON, stamped with the dataset fingerprint.

    \b
    Examples:
      aitrack export --format sqlite landscape.db
      aitrack export --format json landscape.json
    """
    from aitrack import export as exporter, render, views

    cat = _catalog(data_dir, no_cache)
    (exporter.write_sqlite if fmt == ExportFormat.sqlite else exporter.write_json)(cat, out)
    render.message(f"exported to {out}: {views.fingerprint_line(cat)}")


def main() -> None:
    """Console-script entry point."""
    typer.main.get_command(app).main(prog_name="aitrack")
