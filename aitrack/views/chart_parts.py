"""The two parts of views.chart that take many artists: placing a scatter's point labels
so they neither overlap each other nor the points, and the timeline's rows, markers and
legend. matplotlib is imported only inside these functions, as in views.chart."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

GREEN, BLUE, ORANGE, RED, GREY, MAGENTA = "#2a8c55", "#3b6ea8", "#d98200", "#c0392b", "#8a8a8a", "#b0309a"
# Where a label may sit around its point, in points: beside it first, then above or
# below, then the corners, then the same further out (with a leader line).
NEAR = [(7, 0, "left", "center"), (-7, 0, "right", "center"), (0, 8, "center", "bottom"), (0, -8, "center", "top")]
NEAR += [(6, 6, "left", "bottom"), (6, -6, "left", "top"), (-6, 6, "right", "bottom"), (-6, -6, "right", "top")]
CANDIDATES = NEAR + [(dx * k, dy * k, ha, va) for k in (2.5, 4.5) for dx, dy, ha, va in NEAR]


def _overlap(box: Any, others: list[Any]) -> float:
    total = 0.0
    for other in others:
        both = box.intersection(box, other)
        if both is not None:
            total += both.width * both.height
    return total


def _outside(box: Any, frame: Any) -> float:
    """The area of box outside frame: a label must stay inside the plot."""
    inside = box.intersection(box, frame)
    return box.width * box.height - (inside.width * inside.height if inside is not None else 0.0)


def place_labels(fig: Any, ax: Any, xy: list[tuple[Any, float]], labels: list[str], lines=()) -> None:
    """Label each point where the label overlaps nothing drawn yet (other labels, every
    point's marker, the horizontal lines given as (x0, x1, y)) and stays inside the axes;
    when no place is free, the least crowded. The axes' limits and position must be
    final: the layout is by hand (views.chart)."""
    from matplotlib.transforms import Bbox

    renderer = fig.canvas.get_renderer()
    ax.get_xlim(), ax.get_ylim()  # settles autoscaling, so transData is final
    frame = ax.get_window_extent(renderer)
    centres = [ax.transData.transform((ax.convert_xunits(x), ax.convert_yunits(y))) for x, y in xy]
    taken = [Bbox.from_bounds(cx - 6, cy - 6, 12, 12) for cx, cy in centres]
    for x0, x1, y in lines:
        (ax0, ay), (ax1, _) = (ax.transData.transform((ax.convert_xunits(x), ax.convert_yunits(y))) for x in (x0, x1))
        taken.append(Bbox.from_extents(ax0, ay - 2, ax1, ay + 2))
    for (x, y), label in zip(xy, labels):
        best: tuple[float, Any] | None = None
        for dx, dy, ha, va in CANDIDATES:
            far = abs(dx) > 10 or abs(dy) > 10
            text = ax.annotate(
                label,
                (x, y),
                xytext=(dx, dy),
                textcoords="offset points",
                ha=ha,
                va=va,
                fontsize=7.5,
                color="#222222",
                arrowprops={"arrowstyle": "-", "color": "#999999", "lw": 0.6} if far else None,
            )
            box = text.get_window_extent(renderer).expanded(1.04, 1.1)
            cost = _overlap(box, taken) + 4 * _outside(box, frame) + (50.0 if far else 0.0)
            if best is None or cost < best[0]:
                if best is not None:
                    best[1][0].remove()
                best = (cost, (text, box))
            else:
                text.remove()
            if cost == 0:
                break
        if best is not None:
            taken.append(best[1][1])


def _look(p: Any) -> tuple[str, str]:
    """(colour, marker) of a timeline row: release, event, or a deadline by its state."""
    if p.what == "release":
        return GREEN, "o"
    if p.what == "event":
        return BLUE, "D"
    if p.overdue:
        return RED, "s"
    return (ORANGE if p.status == "open" else GREY), "s"


def _handles(chart: Any) -> list[Any]:
    from matplotlib.lines import Line2D

    def mark(label: str, color: str, marker: str, hollow: bool = False) -> Any:
        face = "white" if hollow else color
        return Line2D([], [], ls="", marker=marker, color=color, markerfacecolor=face, mew=1.5, label=label)

    pts = chart.points
    handles = [mark("release", GREEN, "o"), mark("event", BLUE, "D")]
    if any(p.what == "due" and p.status == "open" and not p.overdue for p in pts):
        handles.append(mark("prediction due (open)", ORANGE, "s"))
    if any(p.overdue for p in pts):
        handles.append(mark("overdue: still open after its deadline", RED, "s"))
    if any(p.what == "due" and p.status not in ("", "open") for p in pts):
        handles.append(mark("resolved (its outcome beside it)", GREY, "s"))
    if any(p.speculative for p in pts):
        handles.append(
            mark("hollow: speculative (an AI-generated or opinion source, or hedged wording)", GREY, "o", True)
        )
    if chart.today is not None:
        handles.append(Line2D([], [], color=MAGENTA, ls="--", lw=1, label=f"today, {chart.today.isoformat()}"))
    return handles


def timeline_axes(ax: Any, chart: Any, labels: list[str]) -> list[Any]:
    """Draw the timeline's rows on ax (first happening on top); returns the legend's handles."""
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter

    pts = chart.points
    n = len(pts)
    ys = [n - 1 - i for i in range(n)]
    days = [p.when for p in pts] + ([chart.today] if chart.today is not None else [])
    lo, hi = min(days) - timedelta(days=45), max(days) + timedelta(days=75)
    ax.set_xlim(lo, hi)
    for y, p in zip(ys, pts):
        color, marker = _look(p)
        face = "white" if p.speculative else color
        if p.until is not None and p.until != p.when:  # a month or a year: the span it covers
            ax.plot([p.when, p.until], [y, y], color=color, alpha=0.3, lw=3, solid_capstyle="butt")
        ax.plot([p.when], [y], ls="", marker=marker, color=color, markerfacecolor=face, markersize=7, mew=1.5)
        word = "overdue" if p.overdue else (p.status if p.what == "due" and p.status != "open" else "")
        if word:
            # beside the marker, on whichever side has room
            right = (p.when - lo) / (hi - lo) < 0.8
            ax.annotate(
                word,
                (p.when, y),
                xytext=(8 if right else -8, 0),
                textcoords="offset points",
                ha="left" if right else "right",
                va="center",
                fontsize=8,
                color=color,
                fontweight="bold" if p.overdue else "normal",
            )
    ax.set_yticks(ys, labels, fontsize=8)
    for tick, p in zip(ax.get_yticklabels(), pts):
        if p.overdue:
            tick.set_color(RED)
    ax.set_ylim(-0.7, n - 0.3)
    if chart.today is not None:
        ax.axvline(chart.today, color=MAGENTA, ls="--", lw=1, zorder=1)
    locator = AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    ax.tick_params(axis="x", top=True, labeltop=True)
    ax.spines["top"].set_visible(True)
    ax.grid(axis="y", color="#dddddd", ls=":", lw=0.8)
    ax.grid(axis="x", color="#eeeeee", lw=0.6)
    ax.set_axisbelow(True)
    return _handles(chart)
