"""The error hierarchy. Every user-facing failure is an AitrackError; the CLI turns it
into one line on stderr and an exit code in exactly one place (aitrack.cli.app.AitrackGroup.main)."""

from __future__ import annotations

from dataclasses import dataclass


class AitrackError(Exception):
    """Base error: a message for the user and the exit code to leave with."""

    exit_code = 1

    def lines(self) -> list[str]:
        return [str(self)]


class UsageError(AitrackError):
    """The command line itself is wrong (bad option value, conflicting flags)."""

    exit_code = 2


class NotFoundError(AitrackError):
    """An id or alias that matches nothing; carries 'did you mean' suggestions."""

    def __init__(self, query: str, suggestions: list[str] | None = None, what: str = "entity"):
        self.query = query
        self.suggestions = suggestions or []
        hint = f"; did you mean: {', '.join(self.suggestions)}?" if self.suggestions else ""
        super().__init__(f"unknown {what} '{query}'{hint}")


class WriteError(AitrackError):
    """A write to the data directory failed or was refused; nothing was changed."""


class AccessError(AitrackError):
    """A folder or file aitrack must read cannot be (permissions, not a folder)."""


@dataclass(frozen=True, order=True)
class Problem:
    """One data problem at a place in a file. Sorted by file, then line."""

    path: str
    line: int
    col: int
    entity: str
    field: str
    message: str

    def key(self) -> tuple:
        # A plain tuple: sorting by it is many times faster than the dataclass's __lt__.
        return (self.path, self.line, self.col, self.entity, self.field, self.message)

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.col}" if self.line else self.path
        parts = [where]
        if self.entity:
            parts.append(self.entity)
        if self.field:
            parts.append(self.field)
        parts.append(self.message)
        return ": ".join(parts)


class DataError(AitrackError):
    """The dataset is invalid. Carries every problem found in one run, sorted."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems), key=Problem.key)
        first = str(self.problems[0]) if self.problems else "invalid data"
        more = f" (and {len(self.problems) - 1} more)" if len(self.problems) > 1 else ""
        super().__init__(first + more)

    def lines(self) -> list[str]:
        return [str(p) for p in self.problems]
