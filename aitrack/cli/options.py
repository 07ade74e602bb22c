"""The options every command shares (format, colour, data dir, cache) and id completion."""

import os
from enum import Enum
from typing import Annotated

import typer

from aitrack.vocab import (
    CITED_KINDS,
    CONFIDENCES,
    DELIMITED_FORMATS,
    JSON_FORMATS,
    KIND_NAMES,
    LISTED_KINDS,
    OUTPUT_FORMATS,
    PREDICTION_KINDS,
    STATUSES,
    Confidence,
    OutputFormat,
    plurals,
    spoken,
)

# A choice option is annotated with its vocabulary's Literal (aitrack.vocab): typer offers
# the Literal's words as the choices, and the command gets the word itself as a str.


class Color(str, Enum):
    auto = "auto"
    always = "always"
    never = "never"


def from_root(ctx: typer.Context, param: typer.CallbackParam, value):
    """A shared option given before the command (`aitrack --data-dir X list chips`, the
    app's callback in cli/app.py) counts, over the environment; the command's own wins."""
    source = ctx.get_parameter_source(param.name or "")
    if source is not None and source.name == "COMMANDLINE":
        return value
    before = ctx.find_root().params.get(param.name or "")
    return before if before else value


DataDir = Annotated[
    str | None,
    typer.Option(
        "--data-dir",
        metavar="DIR",
        envvar="AITRACK_DATA_DIR",
        help="Use another dataset laid out like data/.",
        show_default=False,
        callback=from_root,
    ),
]
NoCache = Annotated[
    bool, typer.Option("--no-cache", help="Read the YAML files, bypassing the cache.", callback=from_root)
]
Fmt = Annotated[
    OutputFormat,
    typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        case_sensitive=False,
        help=f"{spoken(OUTPUT_FORMATS)} (any case; jsonl is JSON Lines).",
    ),
]
Section = Annotated[
    str | None,
    typer.Option(
        "--section",
        metavar="NAME",
        help="The one section CSV/TSV write when there are several (the error lists them).",
        show_default=False,
    ),
]


AsOf = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="DATE",
        help="What was true on DATE, as far as we know now (YYYY, YYYY-MM or YYYY-MM-DD; a year or month: its last day).",
        show_default=False,
    ),
]
KnownBy = Annotated[
    str | None,
    typer.Option(
        "--known-by",
        metavar="DATE",
        help="Only what the sources had reported by DATE, each fact holding as its dates say.",
        show_default=False,
    ),
]
Since = Annotated[
    str | None,
    typer.Option("--since", metavar="DATE", help="Happened on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD)."),
]
ReportedSince = Annotated[
    str | None,
    typer.Option("--reported-since", metavar="DATE", help="Reported by a source on or after DATE, whenever it held."),
]
MinConfidence = Annotated[
    Confidence | None,
    typer.Option(
        "--min-confidence",
        metavar="LEVEL",
        case_sensitive=False,
        help=f"Only facts at least this confident: {spoken(CONFIDENCES)}.",
        show_default=False,
    ),
]
ColorOpt = Annotated[
    Color,
    typer.Option(
        "--color",
        metavar="WHEN",
        case_sensitive=False,
        help="auto (a terminal; honours NO_COLOR, FORCE_COLOR, CLICOLOR_FORCE), always or never.",
    ),
]
KINDS_TEXT = spoken(plurals())
STATUS_TEXT = spoken(STATUSES)
PREDICTION_KINDS_TEXT = spoken(PREDICTION_KINDS)


def complete_ids(incomplete: str, kinds: tuple[str, ...] = ()) -> list[str]:
    """Ids and space-free aliases starting with what was typed (case ignored)."""
    from aitrack import config
    from aitrack.store.catalog import open_catalog

    try:
        cat = open_catalog(config.data_dir())
        found = set()
        for kind in kinds or LISTED_KINDS:
            for rec in cat.kind(kind, slim=True):
                for name in (rec["id"], *rec.get("aliases", [])):
                    if " " not in name and name.lower().startswith(incomplete.lower()):
                        found.add(name)
        return sorted(found)
    except Exception:  # completion must never print a traceback into the shell
        return []


def complete_entity(incomplete: str) -> list[str]:
    return complete_ids(incomplete)


def complete_kind(incomplete: str) -> list[str]:
    return [k for k in plurals() if k.startswith(incomplete.lower())]


def complete_status(incomplete: str) -> list[str]:
    return [s for s in STATUSES if s.startswith(incomplete.lower())]


def complete_prediction_kind(incomplete: str) -> list[str]:
    return [k for k in PREDICTION_KINDS if k.startswith(incomplete.lower())]


def complete_lab(incomplete: str) -> list[str]:
    return complete_ids(incomplete, ("lab",))


def _typed_words() -> list[str]:
    """The words on the command line being completed. click leaves an argument out of
    ctx.params when an option after it still lacks its value (`list chips --sort <TAB>`),
    so read them as the shell passed them: COMP_WORDS (bash) or _TYPER_COMPLETE_ARGS."""
    import shlex

    raw = os.environ.get("_TYPER_COMPLETE_ARGS") or os.environ.get("COMP_WORDS") or ""
    try:
        return shlex.split(raw)
    except ValueError:
        return raw.split()


def _kind_of(ctx: typer.Context) -> str | None:
    from aitrack.kinds import PLURALS

    words = _typed_words()
    after = words[words.index("list") + 1 :] if "list" in words else []
    for text in [str(ctx.params.get("kind") or "")] + after[:1]:
        kind = PLURALS.get(text.strip().lower(), text.strip().lower())
        if kind in KIND_NAMES:
            return kind
    return None


def complete_field(ctx: typer.Context, incomplete: str) -> list[str]:
    """Fields of the kind typed before (all kinds' fields when none is)."""
    from aitrack.queries.browse import fields_of

    kind = _kind_of(ctx)
    names = fields_of(kind) if kind else sorted({f for k in KIND_NAMES for f in fields_of(k)})
    return [n for n in names if n.startswith(incomplete)]


def complete_columns(ctx: typer.Context, incomplete: str) -> list[str]:
    """--columns a,b,<TAB>: the fields not yet chosen, after what is typed."""
    done, _, last = incomplete.rpartition(",")
    chosen = set(done.split(",")) if done else set()
    head = done + "," if done else ""
    return [head + f for f in complete_field(ctx, last) if f not in chosen]


def complete_tag(ctx: typer.Context, incomplete: str) -> list[str]:
    from aitrack import config
    from aitrack.store.catalog import open_catalog

    try:
        cat = open_catalog(config.data_dir(ctx.params.get("data_dir")))
        kinds = [kind] if (kind := _kind_of(ctx)) else list(KIND_NAMES)
        tags = {t for k in kinds for r in cat.kind(k, slim=True) for t in r.get("tags", [])}
        return sorted(t for t in tags if t.startswith(incomplete.lower()))
    except Exception:  # completion must never print a traceback into the shell
        return []


def complete_same_kind(ctx: typer.Context, incomplete: str) -> list[str]:
    """compare: any id of a comparable kind first; after it, only ids of the first one's kind."""
    from aitrack import config
    from aitrack.store.catalog import open_catalog

    typed = [t for t in (ctx.params.get("entities") or []) if t != incomplete]
    if not typed:
        return complete_ids(incomplete, CITED_KINDS)
    try:
        cat = open_catalog(config.data_dir(ctx.params.get("data_dir")))
        first = cat.lookup(typed[0])
        rec = cat.get(first) if first else None
        kind = rec["kind"] if rec else None
    except Exception:  # completion must never print a traceback into the shell
        return []
    return [i for i in complete_ids(incomplete, (kind,) if kind else CITED_KINDS) if i not in typed]


def complete_prediction(incomplete: str) -> list[str]:
    return complete_ids(incomplete, ("prediction",))


def catalog_for(data_dir: str | None, no_cache: bool = False):
    from aitrack import config
    from aitrack.store import catalog

    return catalog.open_catalog(config.data_dir(data_dir), use_cache=not no_cache)


def note(text: str) -> None:
    """A message that is not data, on stderr."""
    from aitrack.views import render

    render.note(text)


def emit(out, fmt: OutputFormat, color: Color = Color.auto, section: str | None = None) -> None:
    from aitrack.views import render

    render.emit(out, fmt, color.value, section=section)


def view_of(as_of: str | None, known_by: str | None = None, min_confidence: str | None = None):
    """The time or confidence view the options ask for (store.history.view_of), or None."""
    if as_of is None and known_by is None and not min_confidence:
        return None  # the warm path imports no history code
    from aitrack.store.history import view_of as asked

    return asked(as_of, known_by, min_confidence)


def emit_view(out, view, kind: str | None, fmt: OutputFormat, color: Color, listing: bool = True, section=None):
    """emit, saying what a time or confidence view is and what it hid: in the table's
    title, or on stderr for machine formats (their stdout is the data alone)."""
    if view is not None:
        from aitrack.views.trust import scope_line

        line = scope_line(view, kind, listing)
        if fmt in DELIMITED_FORMATS or fmt in JSON_FORMATS:
            note(f"aitrack: {line}")
        else:
            out.header.insert(0, line)
    emit(out, fmt, color, section)
