"""Exports and editor schemas: which writer handles which format. The writers live in
export_json and export_sqlite; the data-file schemas in schemas."""

from __future__ import annotations

from aitrack.views.export_json import everything, write_json  # noqa: F401
from aitrack.views.export_sqlite import write_sqlite  # noqa: F401
from aitrack.views.schemas import SCHEMA_FILES, json_schema, schema_text  # noqa: F401
