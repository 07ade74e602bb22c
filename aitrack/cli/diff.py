"""diff: what changed between two versions of a dataset (folders or git revisions)."""

from typing import Annotated

import typer

from aitrack.cli.app import app
from aitrack.cli.options import Color, ColorOpt, Fmt, NoCache, Section, emit, note

_SIDE_HELP = "A dataset folder, or a git revision of the repository you are in (main, HEAD~1, v1)."


@app.command()
def diff(
    old: Annotated[str, typer.Argument(metavar="OLD", help=_SIDE_HELP, show_default=False)],
    new: Annotated[str, typer.Argument(metavar="NEW", help=_SIDE_HELP, show_default=False)],
    fmt: Fmt = "table",
    section: Section = None,
    color: ColorOpt = Color.auto,
    no_cache: NoCache = False,
) -> None:
    """What changed from OLD to NEW: entities, fields, resolutions and sources.

    Entities added and removed; each changed field, old and new value, with the source
    and quote of the new fact; predictions newly resolved, with their evidence; sources
    added. OLD and NEW are each a dataset folder or a git revision: in a clone,
    'aitrack diff main HEAD' is what a branch changes, and 'aitrack diff main HEAD -f
    markdown' a pull-request comment (docs/team.md). A revision's data/ and seeds/ are read
    with git archive; an existing folder wins over a revision of the same name. Exit
    status as diff's: 0 no differences, 1 differences, 2 trouble.

    \b
    Examples:
      aitrack diff ~/landscape-2025/data ./data      # two folders
      aitrack diff ~/landscape-2025/data ./data -f json
    """
    from aitrack.queries.diff import diff as compare
    from aitrack.store.revision import opened
    from aitrack.views.diff import diff_output

    with opened(old, new, use_cache=not no_cache) as (before, after):
        found = compare(before.catalog, after.catalog)
        out = diff_output(found, before, after, fmt)
    emit(out, fmt, color, section)
    if found.empty:
        note(f"aitrack: no differences between {before.label} and {after.label}")
        return
    # Differences are diff's answer, not an error: status 1 with nothing on stderr.
    raise typer.Exit(1)
