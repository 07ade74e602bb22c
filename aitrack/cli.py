"""The command line: parse options, call a query, render the result. Nothing else.
This module holds the app, the shared options and the one place errors become exit
codes; the commands are in cli_browse, cli_predictions and cli_tools.

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
            rv = super().main(args=args, prog_name="aitrack", complete_var=complete_var,
                              standalone_mode=False, **extra)
            code = rv if isinstance(rv, int) else 0
        except _click.exceptions.NoArgsIsHelpError as exc:
            sys.stdout.write(exc.ctx.get_help() + "\n")  # bare `aitrack`: the help, not an error
            code = 0
        except _click.exceptions.ClickException as exc:
            ctx = getattr(exc, "ctx", None)
            hint = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
            _stderr(f"aitrack: error: {exc.format_message()}{hint}")
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

    from aitrack.errors import AitrackError

    message(f"aitrack {__version__}")
    folder = config.data_dir(os.environ.get("AITRACK_DATA_DIR"))
    try:
        message(views.fingerprint_line(open_catalog(folder)))
    except AitrackError:
        # The version must print even when the data does not load.
        message(f"data: {folder} does not load; run 'aitrack validate' to see why")
    raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and the dataset fingerprint.")] = False,
) -> None:
    """Track the AI landscape: labs, chips, models and predictions, every value cited."""


def main() -> None:
    """Console-script entry point."""
    typer.main.get_command(app).main(prog_name="aitrack")


# The commands live in their own modules and register themselves on `app`.
from aitrack import cli_browse, cli_predictions, cli_tools  # noqa: E402,F401
