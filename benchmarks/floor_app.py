"""The floor: a minimal Typer app with two commands, one printing a three-row rich
table. Any Typer and Rich CLI pays at least this much to start and print."""

import typer

app = typer.Typer()


@app.command()
def table() -> None:
    """Print a three-row table."""
    from rich.console import Console
    from rich.table import Table

    t = Table("id", "name", "value")
    for i in range(3):
        t.add_row(str(i), f"row {i}", str(i * 10))
    Console().print(t)


@app.command()
def hello(name: str = "world") -> None:
    """Say hello."""
    print(f"hello {name}")


if __name__ == "__main__":
    app()
