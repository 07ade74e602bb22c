"""chart: draw the data as an SVG or PNG image (compare, trend, timeline subcommands).

matplotlib is an optional extra (`aitrack[charts]`), imported only when a chart is drawn."""

from typing import TYPE_CHECKING, Annotated

import typer

from aitrack.cli.app import AitrackGroup, AitrackTyper, app
from aitrack.cli.options import DataDir, NoCache, catalog_for, complete_field, complete_kind, complete_same_kind
from aitrack.cli.predictions import Today
from aitrack.vocab import CHART_KINDS, IMAGE_FORMATS, ImageFormat, spoken

if TYPE_CHECKING:
    from aitrack.queries.chart import Chart

# The subcommands are named by the vocabulary; each draws one kind of chart.
COMPARE, TREND, TIMELINE = CHART_KINDS

chart_app = AitrackTyper(
    cls=AitrackGroup,
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(chart_app, name="chart")

Out = Annotated[
    str,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help=f"The image to write (replaced atomically); its extension picks the format: {spoken(IMAGE_FORMATS)}.",
        show_default=False,
    ),
]


@chart_app.callback()
def _chart() -> None:
    """Draw the data as an SVG or PNG image: bars comparing entities, a trend over time,
    or the timeline. Every image names its units, the date of the data and its sources;
    speculative values are drawn hollow.

    \b
    Examples:
      aitrack chart compare h100 mi300x b200 --field memory_bandwidth -o bw.svg
      aitrack chart trend chips --x released --y memory_bandwidth_TBps -o trend.png
      aitrack chart timeline --since 2024 -o timeline.svg
    """


def _draw(chart: "Chart", out: str, fmt: ImageFormat) -> None:
    """Render and write; say where on stderr (stdout stays empty: the image is the file)."""
    from aitrack.cli.options import note
    from aitrack.views.chart import render, save

    save(out, render(chart, fmt))
    note(f"aitrack: wrote {out} ({fmt}, {len(chart.points)} {'bars' if chart.kind == COMPARE else 'points'})")


def _prepare(out: str) -> ImageFormat:
    """The format from the extension, then matplotlib: both fail before any data is read."""
    from aitrack.views.chart import image_format, require

    fmt = image_format(out)
    require()
    return fmt


@chart_app.command(COMPARE)
def compare(
    entities: Annotated[
        list[str], typer.Argument(metavar="ID...", help="Two or more of one kind.", autocompletion=complete_same_kind)
    ],
    field: Annotated[
        str,
        typer.Option(
            metavar="FIELD",
            help="The number to compare: memory_bandwidth or memory_bandwidth_TBps.",
            autocompletion=complete_field,
        ),
    ],
    out: Out,
    data_dir: DataDir = None,
    no_cache: NoCache = False,
) -> None:
    """Bars of one number of two or more entities, each with its value and unit.

    A log scale when the values span more than 100x; an entity with no value in the
    sources is named as such.

    \b
    Examples:
      aitrack chart compare h100 mi300x b200 --field memory_bandwidth -o bw.svg
      aitrack chart compare h100 wse-3 --field memory_GB -o memory.png
    """
    from aitrack.queries.chart import compare_chart

    fmt = _prepare(out)
    _draw(compare_chart(catalog_for(data_dir, no_cache), entities, field), out, fmt)


@chart_app.command(TREND)
def trend(
    kind: Annotated[
        str,
        typer.Argument(metavar="KIND", help="The kind to plot, e.g. chips or models.", autocompletion=complete_kind),
    ],
    y: Annotated[
        str, typer.Option("--y", metavar="FIELD", help="The number on the y axis.", autocompletion=complete_field)
    ],
    out: Out,
    x: Annotated[
        str, typer.Option("--x", metavar="FIELD", help="A date or a number.", autocompletion=complete_field)
    ] = "released",
    data_dir: DataDir = None,
    no_cache: NoCache = False,
) -> None:
    """A scatter of one number over time (or against another), every point labelled.

    Every entity of the kind with both values is drawn; a date known only to its month
    or year sits at its first day. A log scale when the values span more than 100x.

    \b
    Examples:
      aitrack chart trend chips --x released --y memory_bandwidth_TBps -o trend.png
      aitrack chart trend chips --x memory_GB --y memory_bandwidth -o trend.svg
    """
    from aitrack.queries.chart import trend_chart

    fmt = _prepare(out)
    _draw(trend_chart(catalog_for(data_dir, no_cache), kind, x, y), out, fmt)


@chart_app.command(TIMELINE)
def timeline(
    out: Out,
    since: Annotated[str | None, typer.Option(metavar="DATE", help="From this date.")] = None,
    until: Annotated[str | None, typer.Option(metavar="DATE", help="Up to this date.")] = None,
    today: Today = None,
    data_dir: DataDir = None,
    no_cache: NoCache = False,
) -> None:
    """Releases, events and prediction deadlines in date order, overdue ones marked.

    An open prediction whose deadline has passed is red and says 'overdue'; today is a
    dashed line when it falls in the window.

    \b
    Examples:
      aitrack chart timeline --since 2024 -o timeline.svg
      aitrack chart timeline --since 2025 --until 2026 -o timeline.png
    """
    from aitrack.queries import predictions as pq
    from aitrack.queries.chart import timeline_chart

    fmt = _prepare(out)
    now = pq.today(today)
    _draw(timeline_chart(catalog_for(data_dir, no_cache), since, until, now), out, fmt)
