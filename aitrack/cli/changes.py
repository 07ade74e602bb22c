"""changes: what happened, or was newly reported, on or after a date."""

from typing import Annotated

import typer

from aitrack.cli.app import app
from aitrack.cli.options import (
    KINDS_TEXT,
    Color,
    ColorOpt,
    DataDir,
    Fmt,
    NoCache,
    ReportedSince,
    Since,
    catalog_for,
    complete_kind,
    emit,
    note,
)


@app.command()
def changes(
    since: Since = None,
    reported_since: ReportedSince = None,
    kind: Annotated[
        str | None, typer.Option(metavar="KIND", help=f"Only this kind: {KINDS_TEXT}.", autocompletion=complete_kind)
    ] = None,
    limit: Annotated[int | None, typer.Option(metavar="N", help="At most N rows.")] = None,
    fmt: Fmt = "table",
    color: ColorOpt = Color.auto,
    data_dir: DataDir = None,
    no_cache: NoCache = False,
) -> None:
    """What happened, or was newly reported, on or after a date, newest first.

    Facts (a field's first or new value), entities (a release), events, documents,
    predictions made and predictions resolved. --since dates them by when the sources say
    they happened, with the date each was reported beside it; --reported-since by when a
    source said them (what a newly added article contributed).

    \b
    Examples:
      aitrack changes --since 2026-01
      aitrack changes --since 2025 --kind models -f json
      aitrack changes --reported-since 2026-11
    """
    from aitrack.dates import option_span
    from aitrack.errors import UsageError
    from aitrack.queries.browse import kind_name
    from aitrack.queries.changes import changes as run
    from aitrack.views.changes import changes_output

    if limit is not None and limit < 0:
        raise UsageError("--limit must be 0 or more")
    if (since is None) == (reported_since is None):
        raise UsageError("changes needs one of --since DATE or --reported-since DATE")
    option, text = ("--since", since) if since is not None else ("--reported-since", reported_since)
    cat = catalog_for(data_dir, no_cache)
    found = run(cat, option_span(str(text), option)[0], [kind_name(kind)] if kind else None, since is None)
    emit(changes_output(found[:limit] if limit is not None else found, cat, fmt), fmt, color)
    if not found:
        said = "happened" if since is not None else "was reported"
        note(f"aitrack: nothing {said} on or after {text}" + (f" among {kind}" if kind else ""))
