"""Views for predictions, the scorecard and the timeline."""

from __future__ import annotations

from datetime import date
from typing import Any

from aitrack.dataset.shape import written
from aitrack.quantity import fmt_number
from aitrack.queries import predictions as pq
from aitrack.views.render import Cell, Output, Sheet
from aitrack.vocab import DELIMITED_FORMATS, JSON_FORMATS, OUTCOMES

STATUS_STYLE = {"open": "yellow", "true": "green", "false": "red", "partial": "cyan", "void": "dim"}


def predictions_output(preds: list[dict], now: date, fmt: str = "table") -> Output:
    """preds are full records for JSON (the entity's shape, as list and show print it)
    and flat rows otherwise: machine columns for CSV/TSV, human cells for tables."""
    from aitrack.dataset.fields import columns
    from aitrack.dataset.shape import days_left, shape

    if fmt in JSON_FORMATS:
        return Output([Sheet([], [])], [shape(p, now) for p in preds])
    if fmt in DELIMITED_FORMATS:
        cols = columns("prediction")
        rows = [[days_left(p, now) if c == "days_left" else p.get(c) for c in cols] for p in preds]
        return Output([Sheet(cols, rows)], preds)
    rows = []
    for p in preds:
        left = pq.time_left(p, now)
        style = "bold red" if left.startswith("overdue") else ""
        status = p.get("status", "open")
        made = (
            written(p.get("made"), p.get("made_precision"))
            if p.get("made")
            else f"unknown (inferred {p['made_earliest']} to {p['made_latest']})"
            if p.get("made_earliest")
            else "unknown"
        )
        rows.append(
            [
                p["id"],
                " ".join(p["statement"].split()),
                p["by"],
                made,
                pq.due_text(p),
                Cell(status, status, STATUS_STYLE.get(status, "")),
                Cell(left, left, style, keep=True),
            ]
        )
    sheet = Sheet(["id", "statement", "by", "made", "due", "status", "time left"], rows, optional=[3, 2])
    return Output([sheet], preds, footnotes=[f"today: {now.isoformat()}"] if rows else [])


def _pct(x: float | None) -> Any:
    return Cell(x, f"{x * 100:.0f}%") if x is not None else None


def scorecard_output(scores: list[Any], bins: list[dict], now: date, fmt: str = "table") -> Output:
    rows = [
        [
            s.by,
            s.made,
            s.resolved,
            *(getattr(s, o) for o in OUTCOMES),
            _pct(s.accuracy),
            s.overdue,
            Cell(s.brier, fmt_number(round(s.brier, 3))) if s.brier is not None else None,
        ]
        for s in scores
    ]
    sheet = Sheet(
        ["predictor", "made", "resolved", *OUTCOMES, "accuracy", "overdue", "brier"],
        rows,
        numeric=set(range(1, 10)),
        name="predictors",
        optional=[9, 6, 5],
    )
    # For CSV both sections always, so --section works the same whatever the data holds.
    sheets = [sheet] + [
        Sheet(
            ["bin", "count", "mean forecast", "observed"],
            [[b["bin"], b["count"], _pct(b["forecast"]), _pct(b["observed"])] for b in bins],
            title="calibration",
            numeric={1, 2, 3},
        )
    ] * bool(bins or fmt in DELIMITED_FORMATS)
    data = {
        "today": now.isoformat(),
        "predictors": [
            {
                "by": s.by,
                "made": s.made,
                "resolved": s.resolved,
                **{o: getattr(s, o) for o in OUTCOMES},
                "accuracy": s.accuracy,
                "overdue": s.overdue,
                "brier": s.brier,
            }
            for s in scores
        ],
        "calibration": bins,
    }
    notes = [
        "accuracy = (true + partial/2) / (true + false + partial); void is not scored.",
        "brier = mean (probability - outcome)^2 over resolved true/false predictions with a probability.",
    ]
    return Output(sheets, data, footnotes=notes)


def timeline_output(events: list[Any], now: date, chart: bool, show_today: bool = True, fmt: str = "table") -> Output:
    """As a chart for a terminal (years, a spine, markers, today) or as plain rows. An event
    recorded on several entities shows once, naming them all; today is marked only when
    it falls inside the window asked for; overdue deadlines say so in words, not only red."""
    from aitrack.dataset.shape import iso

    data = [
        {
            "date": iso(e.when)[0],
            "date_precision": iso(e.when)[1],
            "type": e.what,
            "id": e.id,
            "ids": e.ids or [e.id],
            "kind": e.kind,
            "label": e.label,
            "status": e.status or None,
        }
        for e in events
    ]
    if fmt in DELIMITED_FORMATS:  # the JSON rows: ISO days with a precision, no 'today' row
        cols = ["date", "date_precision", "type", "ids", "kind", "label", "status"]
        return Output([Sheet(cols, [[d[c] for c in cols] for d in data])], data)
    if not chart:
        table: list[list[Any]] = [[e.when, e.what, ", ".join(e.ids or [e.id]), e.label, e.status] for e in events]
        if show_today:
            at = next((i for i, e in enumerate(events) if e.start > now), len(events))
            table.insert(at, ["today", now.isoformat(), "", "", ""])
        return Output([Sheet(["date", "type", "id", "label", "status"], table)], data)
    rows: list[list[Any]] = []
    year = None
    placed_today = not show_today
    for e in events:
        if not placed_today and e.start > now:
            rows.append(
                [
                    Cell(None, f"▶ {now.isoformat()}", "bold magenta", keep=True),
                    Cell(None, "━━ today ━━", "bold magenta", keep=True),
                    "",
                ]
            )
            placed_today = True
        if e.start.year != year:
            year = e.start.year
            rows.append([Cell(None, str(year), "bold"), Cell(None, "┃", "bold"), ""])
        marker = {"release": "●", "event": "◆", "due": "◇"}[e.what]
        style = {"release": "green", "event": "blue"}.get(e.what) or _due_style(e, now)
        late = " overdue" if style == "bold red" else ""
        rows.append(
            [
                Cell(e.when, "  " + e.when, keep=True),
                Cell(e.what, f"┣ {marker} {e.what}{late}", style, keep=True),
                Cell(e.label, f"{e.label} ({', '.join(e.ids or [e.id])})"),
            ]
        )
    if not placed_today:
        rows.append(
            [
                Cell(None, f"▶ {now.isoformat()}", "bold magenta", keep=True),
                Cell(None, "━━ today ━━", "bold magenta", keep=True),
                "",
            ]
        )
    legend = ["● release  ◆ event  ◇ prediction due; 'overdue' (in red): still open after its date"]
    return Output([Sheet(["when", "", "what"], rows)], data, footnotes=legend)


def _due_style(e: Any, now: date) -> str:
    if e.status == "open" and e.start < now:
        return "bold red"
    return STATUS_STYLE.get(e.status, "")
