"""The CSV export: a folder with one CSV per kind (the machine columns of `list -f csv`)
and citations.csv, so every file stands alone: values in one, their sources beside."""

from __future__ import annotations

import io
import os
from datetime import date
from typing import Any

from aitrack.views.render import Output, Sheet, emit
from aitrack.vocab import KIND_NAMES

CITATION_COLUMNS = ["entity", "field", "path", "source", "quote", "locator", "source_title", "source_url"]


def citation_rows(cat: Any) -> list[list[Any]]:
    from aitrack.views.export_sqlite import citation_places

    sources = {s["id"]: s for s in cat.kind("source")}
    return [
        [
            *place,
            c["source"],
            c.get("quote"),
            c.get("locator"),
            *(sources.get(c["source"], {}).get(k) for k in ("title", "url")),
        ]
        for *place, c in citation_places(cat)
    ]


def write_csv_folder(cat: Any, folder: str, today: date | None = None) -> list[str]:
    """Write <kind>s.csv for every kind and citations.csv into folder; returns the paths."""
    from aitrack.curate.writer import write_new
    from aitrack.errors import WriteError
    from aitrack.views.browse import list_output

    try:
        os.makedirs(folder, exist_ok=True)
    except OSError as exc:
        raise WriteError(f"cannot create {folder}: {exc.strerror}") from None
    outputs = {f"{k}s.csv": list_output(k, list(cat.kind(k, slim=True)), None, "csv", today) for k in KIND_NAMES}
    outputs["citations.csv"] = Output([Sheet(CITATION_COLUMNS, citation_rows(cat))], None)
    written = []
    for name, out in outputs.items():
        buf = io.StringIO()
        emit(out, "csv", stream=buf)
        path = os.path.join(folder, name)
        write_new(path, buf.getvalue())
        written.append(path)
    return written
