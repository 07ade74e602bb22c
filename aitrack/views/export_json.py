"""The JSON export: one document with every record, the counts and the fingerprint."""

from __future__ import annotations

import json
from typing import Any

from aitrack.kinds import KIND_NAMES


def everything(cat: Any) -> dict:
    from aitrack import __version__

    return {"aitrack": __version__, "fingerprint": cat.fingerprint, "counts": cat.counts(),
            **{f"{kind}s": cat.kind(kind) for kind in KIND_NAMES}}


def write_json(cat: Any, path: str) -> None:
    from aitrack.curate.writer import write_new

    write_new(path, json.dumps(everything(cat), ensure_ascii=False, indent=2) + "\n")
