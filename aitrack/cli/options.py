"""The options every command shares (format, colour, data dir, cache) and id completion."""

from enum import Enum
from typing import Annotated, Optional

import typer


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
class Confidence(str, Enum):
    confident = "confident"
    likely = "likely"
    speculative = "speculative"


AsOf = Annotated[Optional[str], typer.Option("--as-of", metavar="DATE", help="The landscape as it stood on DATE (YYYY, YYYY-MM or YYYY-MM-DD; a year or month means its last day).", show_default=False)]
MinConfidence = Annotated[Optional[Confidence], typer.Option("--min-confidence", help="Only facts at least this confident: confident, likely or speculative.", show_default=False)]
ColorOpt = Annotated[Color, typer.Option("--color", help="auto (terminal only, honours NO_COLOR), always or never.")]


def complete_ids(incomplete: str, kinds: tuple[str, ...] = ()) -> list[str]:
    """Ids and space-free aliases starting with what was typed (case ignored)."""
    from aitrack import config
    from aitrack.store.catalog import open_catalog

    try:
        cat = open_catalog(config.data_dir())
        found = set()
        for kind in kinds or ("lab", "chip", "model", "prediction", "source", "product"):
            for rec in cat.kind(kind, slim=True):
                for name in (rec["id"], *rec.get("aliases", [])):
                    if " " not in name and name.lower().startswith(incomplete.lower()):
                        found.add(name)
        return sorted(found)
    except Exception:  # completion must never print a traceback into the shell
        return []


def complete_entity(incomplete: str) -> list[str]:
    return complete_ids(incomplete)


def complete_prediction(incomplete: str) -> list[str]:
    return complete_ids(incomplete, ("prediction",))


def catalog_for(data_dir: str | None, no_cache: bool = False):
    from aitrack import config
    from aitrack.store import catalog

    return catalog.open_catalog(config.data_dir(data_dir), use_cache=not no_cache)


def emit(out, fmt: Format, color: Color = Color.auto) -> None:
    from aitrack.views import render

    render.emit(out, fmt.value, color.value)


