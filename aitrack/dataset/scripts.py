"""Names and aliases that disguise one entity as another: letters from more than one
script in one name (`Nvіdia` with a Cyrillic і), or a Cyrillic or Greek look-alike of a
Latin id or alias (`Н100` beside `H100`). Such a name would make `show` and `scan`
answer for the wrong entity, so validate refuses it."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from typing import Any

from aitrack.kinds import fold

# Cyrillic and Greek letters that look like Latin ones (after casefold), for the skeleton.
_LOOKALIKE = str.maketrans(
    {
        "а": "a",
        "в": "b",
        "е": "e",
        "ё": "e",
        "к": "k",
        "м": "m",
        "н": "h",
        "о": "o",
        "р": "p",
        "с": "c",
        "т": "t",
        "у": "y",
        "х": "x",
        "і": "i",
        "ї": "i",
        "ј": "j",
        "ѕ": "s",
        "ԁ": "d",
        "ԛ": "q",
        "ԝ": "w",
        "ӏ": "l",
        "ь": "b",
        "α": "a",
        "β": "b",
        "ε": "e",
        "ζ": "z",
        "η": "h",
        "ι": "i",
        "κ": "k",
        "μ": "m",
        "ν": "v",
        "ο": "o",
        "ρ": "p",
        "τ": "t",
        "υ": "u",
        "χ": "x",
        "ϲ": "c",
        "ϳ": "j",
    }
)
_WATCHED = {"LATIN", "CYRILLIC", "GREEK"}


def _scripts(text: str) -> set[str]:
    out = set()
    for ch in text:
        if ch.isalpha():
            name = unicodedata.name(ch, "")
            out.add(name.split(" ")[0] if name else "UNKNOWN")
    return out


def skeleton(text: str) -> str:
    """The lookup key with Cyrillic and Greek look-alikes read as the Latin letters."""
    return fold(text).translate(_LOOKALIKE)


def check(records: list[dict], problem: Callable[[str, tuple, str, str], Any]) -> None:
    """A problem for each name or alias that mixes scripts or imitates another key."""
    keys = {fold(rec["id"]): rec["id"] for rec in records}
    for rec in records:
        for name in rec.get("aliases", []):
            keys.setdefault(fold(name), rec["id"])
    for rec in records:
        names: list[tuple[tuple[str | int, ...], str, Any]] = (
            [(("name",), "name", rec["name"])] if isinstance(rec.get("name"), str) else []
        )
        names += [(("aliases", i), f"aliases.{i}", a) for i, a in enumerate(rec.get("aliases", []))]
        for path, field, text in names:
            if text.isascii():
                continue  # only Latin letters: nothing mixed, nothing imitated (and most names are)
            scripts = _scripts(text) & _WATCHED
            if len(scripts) > 1:
                problem(
                    rec["id"],
                    path,
                    field,
                    f"'{text}' mixes {' and '.join(sorted(s.title() for s in scripts))} "
                    "letters; write it in one script",
                )
                continue
            if scripts - {"LATIN"}:
                twin = keys.get(skeleton(text))
                if twin is not None and twin != rec["id"] and skeleton(text) != fold(text):
                    problem(
                        rec["id"],
                        path,
                        field,
                        f"'{text}' uses {next(iter(scripts)).title()} letters that "
                        f"look like the Latin '{twin}'; write it in Latin letters",
                    )
