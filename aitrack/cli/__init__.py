"""The command line: Typer only. Parse options, call a query or a curate step, render.

Nothing below the CLI imports it. Importing this package registers every command on
the app (each command module adds itself to `app.app`) and exposes `main`, the
console-script entry point; the command modules themselves are imported only here.
"""

from aitrack.cli import browse, changes, chart, diff, predictions, tools, workspace  # noqa: F401  (they register commands)
from aitrack.cli.app import app, main

__all__ = ["app", "main"]
