"""Drawing a chart (queries.chart) as an SVG or PNG with matplotlib: bars of one number,
a scatter over time with point labels, a timeline of dated happenings. Every image
carries its title, units, the date and fingerprint of the data and a footer naming its
sources; speculative values are hollow and a legend says why. matplotlib is imported
only inside these functions, and only the Agg canvas is used: no screen, no pyplot state."""

from __future__ import annotations

import io
import os
import textwrap
from typing import Any, cast

from aitrack.errors import AitrackError, UsageError
from aitrack.quantity import fmt_number
from aitrack.views.chart_parts import place_labels, timeline_axes
from aitrack.vocab import IMAGE_FORMATS, ImageFormat, spoken

INSTALL = "aitrack chart needs matplotlib: pip install 'aitrack[charts]'"
# svg.fonttype none keeps text as text (readable, searchable, testable); the fixed hash
# salt and metadata date make the same data give the same bytes.
RC: Any = {  # Any: matplotlib types its keys as one Literal of every rc name
    "svg.hashsalt": "aitrack",
    "svg.fonttype": "none",
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
}
DPI = 110
FILL = "#3b6ea8"
HOLLOW = "hollow: speculative (an AI-generated or opinion source, or hedged wording)"
FILLED = "filled: confident or likely"
SPAN_NOTE = "A date known only to its month or year: a marker at its first day, a faint line across the rest."
LINE_IN = 0.17  # the height of one 8-point line, in inches


def image_format(path: str) -> ImageFormat:
    """The image format an output file's extension names; anything else is a usage error."""
    ext = os.path.splitext(path)[1].lower().lstrip(".")
    if ext not in IMAGE_FORMATS:
        names = spoken([f".{f}" for f in IMAGE_FORMATS])
        raise UsageError(f"--output: cannot tell the image format of '{path}': end it in {names}")
    return cast(ImageFormat, ext)


def require() -> None:
    """matplotlib is an optional extra: say how to get it, in one line, when it is missing."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise AitrackError(INSTALL) from None


def value_text(p: Any) -> str:
    """3.35 TB/s, ~21,000 TB/s, 80-96 GB: the number in the chart's unit, as compare shows it."""
    text = ("~" if p.approx else "") + fmt_number(p.value)
    if p.high is not None and p.high != p.value:
        text += "-" + fmt_number(p.high)
    return f"{text} {p.unit}".strip()


def spans_decades(values: list[float]) -> bool:
    """A log scale where values span more than 100x, as compare's bars do."""
    pos = [v for v in values if v and v > 0]
    return bool(pos) and max(pos) / min(pos) > 100


def _footer(chart: Any, notes: list[str], width: float) -> list[str]:
    """The sources of what is plotted, then notes, wrapped to the figure's width."""
    named = "; ".join(f"{sid} ({title})" if title != sid else sid for sid, title in chart.sources)
    lines = [f"Sources: {named or 'none cited'}", *notes]
    chars = max(40, int((width - 0.5) / 0.062))
    return [w for line in lines for w in textwrap.wrap(line, chars, break_on_hyphens=False)]


def _frame(chart: Any, width: float, plot_h: float, left: float, notes: list[str], legend_rows: int, top_axis=0.0):
    """A figure of the given plot size with its header (title, data date), room for a
    legend row and the footer; returns (figure, axes, y of the legend row in figure
    fractions). Laid out by hand in inches so nothing depends on a layout engine."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    footer = _footer(chart, notes, width)
    header, legend = 0.62, 0.24 * legend_rows
    bottom = 0.55 + LINE_IN * len(footer) + 0.1
    height = header + legend + top_axis + plot_h + bottom
    fig = Figure(figsize=(width, height), dpi=DPI, facecolor="white")
    FigureCanvasAgg(fig)
    ax = fig.add_axes((left / width, bottom / height, (width - left - 0.35) / width, plot_h / height))
    fig.text(0.12 / width, 1 - 0.1 / height, chart.title, fontsize=12.5, fontweight="bold", va="top")
    dated = f"Data as of {chart.data_date} (the newest source's date); dataset fingerprint {chart.fingerprint}"
    fig.text(0.12 / width, 1 - 0.4 / height, dated, fontsize=8.5, color="#444444", va="top")
    for i, line in enumerate(footer):
        fig.text(0.12 / width, (0.1 + LINE_IN * (len(footer) - 1 - i)) / height, line, fontsize=8, color="#444444")
    return fig, ax, 1 - (header + 0.02) / height


def _number_axis(axis: Any, values: list[float], label: str, log: bool) -> str:
    """Set a number axis up and return its label. Ticks read as numbers (1, 10, 1,000),
    not powers of ten nor an offset like '1e11' in a corner; big numbers in millions,
    billions or trillions, which the label then says."""
    from matplotlib.ticker import FuncFormatter, LogLocator

    top = max((abs(v) for v in values), default=0.0)
    big = ((1e12, "trillions"), (1e9, "billions"), (1e6, "millions"))
    factor, word = next(((f, w) for f, w in big if top >= f), (1.0, ""))
    if log:
        if axis.axis_name == "x":
            axis.axes.set_xscale("log")
        else:
            axis.axes.set_yscale("log")
        axis.set_major_locator(LogLocator(base=10))
    axis.set_major_formatter(FuncFormatter(lambda v, _: fmt_number(v / factor)))
    return label + (f", in {word}" if word else "") + (" (log scale)" if log else "")


def _legend(fig: Any, handles: list[Any], y: float, width: float) -> None:
    cols = min(len(handles), max(1, int(width / 2.6)))
    fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.1 / width, y), ncol=cols, frameon=False, fontsize=8)


def _trust_handles(points: list[Any], marker: str | None = None) -> list[Any]:
    """Filled and, when any point is speculative, hollow: what the two looks mean."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    filled: Any
    hollow: Any
    if marker is None:
        filled, hollow = Patch(facecolor=FILL, edgecolor=FILL), Patch(facecolor="white", edgecolor=FILL, lw=1.5)
    else:
        filled = Line2D([], [], ls="", marker=marker, color=FILL, markersize=7)
        hollow = Line2D([], [], ls="", marker=marker, color=FILL, markerfacecolor="white", markersize=7, mew=1.5)
    handles = [filled]
    filled.set_label(FILLED)
    if any(p.speculative for p in points):
        hollow.set_label(HOLLOW)
        handles.append(hollow)
    return handles


def _left_width(labels: list[str], size: float = 8.5) -> float:
    """Inches the longest line of the labels needs (DejaVu Sans averages ~0.56 em a character)."""
    longest = max((len(line) for label in labels for line in label.splitlines()), default=4)
    return 0.3 + longest * size * 0.57 / 72


def draw_compare(chart: Any) -> Any:
    """Horizontal bars, one per entity, each labelled with its value and unit."""
    pts = chart.points
    labels = [textwrap.fill(f"{p.label} ({p.id})", 36) for p in pts]
    values = [p.value for p in pts if p.value is not None]
    log = spans_decades(values)
    notes = ["Log scale: the values span more than 100x."] if log else []
    if chart.left_out:
        notes.append(f"No value in the sources: {', '.join(chart.left_out)}.")
    left = _left_width(labels)
    width = left + 6.5
    fig, ax, legend_y = _frame(chart, width, 0.2 + 0.5 * len(pts), left, notes, 1)
    ys = list(range(len(pts)))[::-1]  # the first entity on top
    top = max(values)
    lo = min(v for v in values if v > 0) if log else 0.0
    for y, p in zip(ys, pts):
        if p.value is None:
            ax.text(lo if log else 0, y, "  no value in the sources", va="center", color="#777777", fontsize=8.5)
            continue
        face = "white" if p.speculative else FILL
        ax.barh(y, p.value, height=0.6, color=face, edgecolor=FILL, linewidth=1.5)
        ax.text(p.value, y, "  " + value_text(p), va="center", fontsize=8.5)
    ax.set_yticks(ys, labels, fontsize=8.5)
    ax.set_xlabel(_number_axis(ax.xaxis, values, chart.axis, log))
    # room on the right for the value text
    ax.set_xlim(*((lo / 3, top * 20) if log else (0, top * 1.3)))
    ax.set_ylim(-0.6, len(pts) - 0.4)
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    _legend(fig, _trust_handles(pts), legend_y, width)
    return fig


def draw_trend(chart: Any) -> Any:
    """A scatter over time (or against another number), each point labelled by name."""
    pts = chart.points
    log_y = spans_decades([p.value for p in pts])
    numbers_x = [p.x for p in pts if p.x is not None]
    log_x = pts[0].when is None and spans_decades(numbers_x)
    logs = " and ".join(a for a, on in (("y", log_y), ("x", log_x)) if on)
    notes = [f"Log scale ({logs}): the values span more than 100x."] if logs else []
    if pts[0].when is not None:
        notes.append(SPAN_NOTE)
    if chart.left_out:
        notes.append(f"Not drawn (no value in the sources): {', '.join(chart.left_out)}.")
    width = 10.0
    fig, ax, legend_y = _frame(chart, width, 5.2, 0.9, notes, 1)
    xs = [p.when if p.when is not None else p.x for p in pts]
    spans = [(p.when, p.until, p.value) for p in pts if p.until is not None and p.until != p.when]
    for x0, x1, y in spans:  # a month or a year: the span it covers
        ax.plot([x0, x1], [y, y], color=FILL, alpha=0.3, lw=2.5, solid_capstyle="butt")
    for hollow in (False, True):
        mine = [(x, p.value) for x, p in zip(xs, pts) if p.speculative == hollow]
        if mine:
            face = "white" if hollow else FILL
            ax.scatter(*zip(*mine), s=46, facecolors=face, edgecolors=FILL, linewidths=1.5, zorder=3)
    ax.set_ylabel(_number_axis(ax.yaxis, [p.value for p in pts], chart.axis, log_y))
    if pts[0].when is not None:
        from matplotlib.dates import AutoDateLocator, ConciseDateFormatter

        locator = AutoDateLocator()
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))
        ax.set_xlabel(chart.x_axis)
    else:
        ax.set_xlabel(_number_axis(ax.xaxis, numbers_x, chart.x_axis, log_x))
    ax.margins(0.12, 0.15)
    ax.grid(color="#e4e4e4", linewidth=0.6)
    ax.set_axisbelow(True)
    place_labels(fig, ax, [(x, p.value) for x, p in zip(xs, pts)], [textwrap.fill(p.label, 28) for p in pts], spans)
    _legend(fig, _trust_handles(pts, "o"), legend_y, width)
    return fig


def draw_timeline(chart: Any) -> Any:
    """One row per happening, in date order: its date and label on the left, a marker
    at its date on a shared time axis; overdue deadlines red and said in words."""
    labels = []
    for p in chart.points:
        wrapped = textwrap.wrap(f"{p.when_text}  {p.label}", 76, break_on_hyphens=False)
        labels.append("\n".join(wrapped[:2]) + ("…" if len(wrapped) > 2 else ""))
    left = _left_width(labels, 8)
    width = left + 5.0
    rows = len(chart.points)
    notes = [SPAN_NOTE]
    fig, ax, legend_y = _frame(chart, width, 0.3 + 0.34 * rows, left, notes, 2, top_axis=0.3)
    handles = timeline_axes(ax, chart, labels)
    _legend(fig, handles, legend_y, width)
    return fig


DRAW = {"compare": draw_compare, "trend": draw_trend, "timeline": draw_timeline}


def render(chart: Any, fmt: ImageFormat) -> bytes:
    """The chart as SVG or PNG bytes; the same data gives the same bytes."""
    import matplotlib

    with matplotlib.rc_context(RC):
        fig = DRAW[chart.kind](chart)
        buf = io.BytesIO()
        meta = {"Title": chart.title, "Date": chart.data_date} if fmt == "svg" else {"Title": chart.title}
        fig.savefig(buf, format=fmt, dpi=DPI, metadata=meta, facecolor="white")
    return buf.getvalue()


def save(path: str, data: bytes) -> None:
    """Write the image whole or not at all (a temporary file beside it, then a rename)."""
    from aitrack.curate.writer import destination, install, temp_beside
    from aitrack.errors import WriteError

    dest = destination(path, new_ok=True)
    try:
        fd, tmp = temp_beside(dest.path)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
    except OSError as exc:
        raise WriteError(f"cannot write {path}: {exc.strerror}; nothing was changed") from None
    install(tmp, dest)
