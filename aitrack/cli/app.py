"""The Typer app, the root callback and the one place errors become exit codes.

The commands live in browse, changes, predictions, tools and workspace, which register
themselves on `app` when aitrack.cli imports them; the shared options are in options.

Errors become one line on stderr and an exit code in exactly one place:
AitrackGroup.main. Heavy modules are imported inside the commands that use them, so
`aitrack --help` pays only for Typer.
"""

import os
import sys
from typing import Annotated

import typer
from typer.core import TyperCommand, TyperGroup

from aitrack import __version__


class AitrackGroup(TyperGroup):
    """Runs a command and turns every failure into one line and an exit code."""

    def format_commands(self, ctx, formatter) -> None:
        # click cuts each summary at 45 characters with "..."; show the whole first line.
        rows = []
        for name in self.list_commands(ctx):
            cmd = self.get_command(ctx, name)
            if cmd is not None and not cmd.hidden:
                rows.append((name, cmd.get_short_help_str(limit=1000)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):  # type: ignore[override]
        from typer import _click

        from aitrack.errors import AitrackError, DataError

        code = 0
        try:
            code = self._run(args, complete_var, extra)
            sys.stdout.flush()  # a closed pipe shows here, inside the handler, not at exit
        except _click.exceptions.NoArgsIsHelpError as exc:
            sys.stdout.write(exc.ctx.get_help() + "\n")  # bare `aitrack`: the help, not an error
            code = 0
        except _click.exceptions.ClickException as exc:
            ctx = getattr(exc, "ctx", None)
            hint = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
            elsewhere = self._owners(exc) if isinstance(exc, _click.exceptions.NoSuchOption) else None
            stderr_line(f"aitrack: error: {elsewhere or exc.format_message()}{hint}")
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

    def _owners(self, exc) -> str | None:
        """For an option the command lacks but other commands take (`list predictions
        --due`, `aitrack --format json list`): which commands take it, instead of click's
        look-alikes of this command (--desc for --due)."""
        ctx, name = exc.ctx, exc.option_name
        if ctx is None:
            return None
        root = ctx.find_root()
        owners = []
        for cmd_name in self.list_commands(root):
            cmd = self.get_command(root, cmd_name)
            if cmd is not None and any(name in (*p.opts, *p.secondary_opts) for p in cmd.params):
                owners.append(cmd_name)
        if not owners:
            return None
        if ctx is root:
            return f"{name} goes after the command: aitrack COMMAND [ARGS] {name} ..."
        where = ", ".join(f"'aitrack {o}'" for o in owners[:4]) + (", ..." if len(owners) > 4 else "")
        return f"'{ctx.command_path}' has no option {name}; it is an option of {where}"

    def _run(self, args, complete_var, extra) -> int:
        """What click's main does, minus its handling of EPIPE: the click vendored in
        Typer turns a closed pipe into exit 1 (even with standalone_mode off) before
        main's handler could make it the quiet exit 0 that `set -o pipefail` needs."""
        args = sys.argv[1:] if args is None else list(args)
        self._main_shell_completion(extra, "aitrack", complete_var)  # exits when completing
        try:
            with self.make_context("aitrack", args, **extra) as ctx:
                rv = self.invoke(ctx)
        except typer.Exit as exc:
            return exc.exit_code
        except EOFError:
            raise typer.Abort() from None
        return rv if isinstance(rv, int) else 0


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


class AitrackCommand(TyperCommand):
    """A command whose help names what each value is: `show ID`, not `show {ID}`, and
    `--since SINCE` rather than `--since <str>` for an option that names no metavar."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for param in self.params:
            if param.metavar is None and not getattr(param, "is_flag", False) and param.name:
                kind = getattr(param.type, "name", "")
                if kind in ("text", "integer", "float", "path", "str", "int"):
                    param.metavar = "N" if kind in ("integer", "int") else param.name.upper()

    def collect_usage_pieces(self, ctx) -> list[str]:
        return [p[1:-1] if p.startswith("{") and p.endswith("}") else p for p in super().collect_usage_pieces(ctx)]


class AitrackTyper(typer.Typer):
    """Every command registered on the app is an AitrackCommand unless it names its own class."""

    def command(self, *args, cls=None, **kwargs):
        return super().command(*args, cls=cls or AitrackCommand, **kwargs)


app = AitrackTyper(
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
    from aitrack.errors import AitrackError
    from aitrack.store.catalog import open_catalog
    from aitrack.views import browse as views
    from aitrack.views.render import message

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
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and the dataset fingerprint."
        ),
    ] = False,
    data_dir: Annotated[
        str | None,
        typer.Option(
            "--data-dir",
            metavar="DIR",
            help="Use another dataset laid out like data/ (the command's own --data-dir wins).",
            show_default=False,
        ),
    ] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Read the YAML files, bypassing the cache.")] = False,
) -> None:
    """Track the AI landscape: labs, chips, models and predictions, every value cited.

    --data-dir and --no-cache work before the command too; the commands read them from
    this context (cli/options.from_root)."""


def main() -> None:
    """Console-script entry point."""
    typer.main.get_command(app).main(prog_name="aitrack")
