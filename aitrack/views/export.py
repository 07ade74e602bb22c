"""Exports: which format a target means (its extension, or --format), and the writers
for each (export_sqlite, export_json, export_csv). Editor schemas live in schemas."""

from __future__ import annotations

import os

from aitrack.views.export_json import entities, everything  # noqa: F401
from aitrack.views.export_sqlite import write_sqlite  # noqa: F401
from aitrack.views.schemas import SCHEMA_FILES, json_schema, schema_text  # noqa: F401
from aitrack.vocab import EXPORT_FORMATS, JSON_FORMATS, ExportFormat, spoken

EXTENSIONS: dict[str, ExportFormat] = {
    ".db": "sqlite",
    ".sqlite": "sqlite",
    ".sqlite3": "sqlite",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}


def infer(target: str, fmt: ExportFormat | None) -> ExportFormat:
    """The export format: --format if given, else the target's extension; a folder (an
    existing directory or a path ending in /) is CSV. Anything else is a usage error."""
    from aitrack.errors import UsageError

    if target == "-":
        if fmt is None:
            raise UsageError(f"export to - (stdout) needs --format {spoken(JSON_FORMATS)}")
        if fmt not in JSON_FORMATS:
            raise UsageError(f"{fmt} cannot go to stdout: use --format {spoken(JSON_FORMATS)} with -, or give a file")
        return fmt
    folder = target.endswith(("/", os.sep)) or os.path.isdir(target)
    ext = os.path.splitext(target)[1].lower()
    if fmt == "csv" or (fmt is None and folder):
        if not folder and ext:
            raise UsageError(
                f"CSV export writes one file per kind into a folder; give a folder, e.g. {os.path.splitext(target)[0]}/"
            )
        return "csv"
    if fmt is not None:
        if folder:
            raise UsageError(f"{target} is a folder; {fmt} export writes one file")
        return fmt
    if ext == ".csv":
        raise UsageError(
            "CSV export writes one file per kind into a folder; give a folder, e.g. "
            f"{os.path.splitext(target)[0]}/ (or use `aitrack list KIND -f csv` for one kind)"
        )
    if ext not in EXTENSIONS:
        raise UsageError(
            f"cannot tell the format of '{target}' from its extension: use .db or .sqlite, .json, "
            f".jsonl, a folder for CSV, or --format {'|'.join(EXPORT_FORMATS)}"
        )
    return EXTENSIONS[ext]


def output(cat, fmt: str, today=None):
    """What a text export prints: one JSON document, or JSON Lines of every entity."""
    from aitrack.views.render import Output

    return Output([], everything(cat, today)) if fmt == "json" else Output([], entities(cat, today))


def write(cat, target: str, fmt: ExportFormat, today=None) -> list[str]:
    """Write the export (atomically, new files under the umask); the paths written."""
    import io

    from aitrack.curate.writer import write_new
    from aitrack.views.render import emit

    if fmt == "sqlite":
        from aitrack.views.export_meta import metadata_path

        write_sqlite(cat, target)
        return [target, metadata_path(target)]
    if fmt == "csv":
        from aitrack.views.export_csv import write_csv_folder

        return write_csv_folder(cat, target, today)
    buf = io.StringIO()
    emit(output(cat, fmt, today), fmt, stream=buf)
    write_new(target, buf.getvalue())
    return [target]
