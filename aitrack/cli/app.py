"""The Typer app, the root callback and the one place errors become exit codes.

The commands live in browse, predictions and tools, which register themselves on `app`
when aitrack.cli imports them; the shared options are in options.

Errors become one line on stderr and an exit code in exactly one place:
AitrackGroup.main. Heavy modules are imported inside the commands that use them, so
`aitrack --help` pays only for Typer.
"""


import os
import sys
from typing import Annotated

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
            stderr_line(f"aitrack: error: {exc.format_message()}{hint}")
            code = exc.exit_code
        except DataError as exc:
            # path:line:col first, like a compiler, so editors can jump to it.
            for line in exc.lines():
                stderr_line(line)
            if len(exc.problems) > 1:
                stderr_line(f"aitrack: {len(exc.problems)} problems found")
            code = exc.exit_code
        except AitrackError as exc:
            stderr_line(f"aitrack: {exc}")
            code = exc.exit_code
        except typer.Abort:
            stderr_line("aitrack: aborted")
            code = 1
        except BrokenPipeError:
            _silence_stdout()
            code = 0
        except KeyboardInterrupt:
            code = 130
        except Exception as exc:  # a bug: say so in one line unless debugging
            if os.environ.get("AITRACK_DEBUG"):
                raise
            stderr_line(f"aitrack: internal error: {type(exc).__name__}: {exc} (set AITRACK_DEBUG=1 for a traceback)")
            code = 1
        if standalone_mode:
            sys.exit(code)
        return code


def stderr_line(line: str) -> None:
    from aitrack.views.render import literal

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


def _version(value: bool) -> None:
    if not value:
        return
    from aitrack import config
    from aitrack.views import browse as views
    from aitrack.store.catalog import open_catalog
    from aitrack.views.render import message

    from aitrack.errors import AitrackError

    message(f"aitrack {__version__}")
    dataset = config.locate()
    folder = dataset.path
    message(dataset.describe())
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


