"""The caches never change an answer (issue 24): random edits of a dataset, each followed
by `list KIND`, `show NAME` and `validate`, each run with the caches and then without
(--no-cache; for validate, which has no such option, an empty cache folder); exit code,
stdout and stderr must be identical byte for byte.

The edits: change a value, rename an id and its references, move an entry to another
file of its kind (KIND/extra.yaml) and back, add or remove an alias, add a comment,
reorder a file's entries, plant an invalid value (both runs must then fail alike), and
put the last valid dataset back. Files are saved in place or replaced by a rename, as
editors do. CI runs AITRACK_DIFF_EDITS=40 edits (the default); the long run:

    AITRACK_DIFF_EDITS=2000 python -m pytest tests/test_differential.py -q -p no:cacheprovider

AITRACK_DIFF_SEED picks the seed (default 24)."""

from __future__ import annotations

import os
import random
import re
import shutil
from pathlib import Path

from conftest import CATALOG, run_cli

EDITS = int(os.environ.get("AITRACK_DIFF_EDITS", "40"))
SEED = int(os.environ.get("AITRACK_DIFF_SEED", "24"))
KINDS = ["labs", "chips", "models", "predictions", "sources"]
REFERENCE = r"^(\s*(?:- )?(?:id|vendor|lab|maker|parent|source): ){rid}$|(?<=[\[ ,{{]){rid}(?=[\],}}])"
INVALID = [
    ("  name: ", "  name: [1, 2]\n  x_name: "),  # a list where text belongs, then an unknown field
    ("  tags: [", "  tags: [Not Kebab, "),
    ("{value: ", "{value: -"),  # a negative quantity (or a value its quote no longer has)
    ("- id: ", "- id: Bad_Id\n  name: Again\n- id: "),
    ("  aliases: [", "  aliases: [АСМЕ, "),  # a look-alike in another script
]


def blocks(text: str) -> tuple[str, list[str]]:
    """A data file as its head (comments) and its top-level entries, as text."""
    parts = re.split(r"(?m)^(?=- )", text)
    return re.sub(r"(?m)^\[\]\n?", "", parts[0]), parts[1:]  # an emptied file's [] goes


def join(head: str, entries: list[str]) -> str:
    body = "".join(e if e.endswith("\n") else e + "\n" for e in entries)
    return head + body if body else head + "[]\n"


class Dataset:
    """A writable copy of the catalog fixture and the random edits made to it."""

    def __init__(self, root: Path, rng: random.Random):
        shutil.copytree(CATALOG.parent, root / "catalog")
        self.data = root / "catalog" / "data"
        self.rng = rng
        self.valid = self.snapshot()

    def files(self, kind: str | None = None) -> list[Path]:
        kinds = [kind] if kind else KINDS
        return sorted(p for k in kinds for p in [self.data / f"{k}.yaml", *self.data.glob(f"{k}/*.yaml")] if p.exists())

    def snapshot(self) -> dict[Path, str]:
        return {p: p.read_text(encoding="utf-8") for p in self.files()}

    def save(self, path: Path, text: str) -> None:
        path.parent.mkdir(exist_ok=True)
        if self.rng.random() < 0.5:
            path.write_text(text, encoding="utf-8")  # in place: same inode
        else:
            tmp = path.with_name(f".{path.name}.edit")
            tmp.write_text(text, encoding="utf-8")
            os.replace(tmp, path)  # as an editor's atomic save: a new inode

    def ids(self) -> list[str]:
        return [m for p in self.files() for m in re.findall(r"(?m)^- id: (\S+)$", p.read_text())]

    def names(self) -> list[str]:
        found = []
        for p in self.files():
            text = p.read_text()
            found += re.findall(r"(?m)^  name: (.+)$", text) + re.findall(r"(?m)^- id: (\S+)$", text)
            found += [a.strip() for line in re.findall(r"(?m)^  aliases: \[(.*)\]$", text) for a in line.split(",")]
        return found

    # the edits ---------------------------------------------------------------------------

    def change_value(self) -> str:
        path = self.rng.choice(self.files())
        text = path.read_text()
        numbers = list(re.finditer(r"(?<=value: )~?(\d+)(?=[ ,}])", text))
        names = list(re.finditer(r"(?m)^  name: (.+)$", text))
        if numbers and self.rng.random() < 0.5:
            m = self.rng.choice(numbers)
            new = str(int(m.group(1)) + self.rng.choice([-1, 1, 10]))
            self.save(path, text[: m.start(1)] + new + text[m.end(1) :])
            return f"value in {path.name}"
        if not names:
            return "nothing"
        m = self.rng.choice(names)
        new = self.rng.choice([m.group(1)[::-1], m.group(1) + " X", m.group(1).upper(), "Renamed " + m.group(1)])
        self.save(path, text[: m.start(1)] + new.replace(":", "") + text[m.end(1) :])
        return f"name in {path.name}"

    def rename_id(self) -> str:
        ids = self.ids()
        if not ids:
            return "nothing"
        old = self.rng.choice(ids)
        new = f"{old}-r{self.rng.randrange(100)}"
        pattern = re.compile(REFERENCE.format(rid=re.escape(old)), re.M)
        for path in self.files():
            text = path.read_text()
            changed = pattern.sub(lambda m: (m.group(1) or "") + new, text)
            if changed != text:
                self.save(path, changed)
        return f"rename {old} -> {new}"

    def move_entry(self) -> str:
        kind = self.rng.choice(KINDS)
        files = self.files(kind)
        extra = self.data / kind / "extra.yaml"
        src = self.rng.choice(files)
        dst = self.data / f"{kind}.yaml" if src == extra else extra
        head, entries = blocks(src.read_text())
        if not entries:
            return "nothing"
        entry = entries.pop(self.rng.randrange(len(entries)))
        dhead, dentries = blocks(dst.read_text()) if dst.exists() else ("", [])
        dentries.insert(self.rng.randrange(len(dentries) + 1), entry)
        self.save(dst, join(dhead, dentries))
        self.save(src, join(head, entries))
        return f"move an entry {src.name} -> {dst.name}"

    def alias(self) -> str:
        path = self.rng.choice(self.files())
        head, entries = blocks(path.read_text())
        entries = [e for e in entries if e.startswith("- id: ")]
        if not entries:
            return "nothing"
        i = self.rng.randrange(len(entries))
        entry = entries[i]
        lines = entry.split("\n")
        at = next((j for j, line in enumerate(lines) if line.startswith("  aliases: [")), None)
        if at is not None and self.rng.random() < 0.5:
            aliases = [a.strip() for a in lines[at][len("  aliases: [") : -1].split(",")]
            aliases.pop(self.rng.randrange(len(aliases)))
            if aliases:
                lines[at] = f"  aliases: [{', '.join(aliases)}]"
            else:
                del lines[at]
            what = "remove an alias"
        else:
            # a new alias: usually a fresh one, sometimes another entity's name (a clash)
            name = self.rng.choice(self.names()) if self.rng.random() < 0.2 else f"Alias {self.rng.randrange(10**6)}"
            if at is None:
                lines.insert(2, f"  aliases: [{name}]")
            else:
                lines[at] = lines[at][:-1] + f", {name}]"
            what = f"add alias {name}"
        _head, all_entries = blocks(path.read_text())
        all_entries[all_entries.index(entry)] = "\n".join(lines)
        self.save(path, join(head, all_entries))
        return what

    def comment(self) -> str:
        path = self.rng.choice(self.files())
        lines = path.read_text().split("\n")
        tops = [j for j, line in enumerate(lines) if line.startswith("- ") or not line.strip()] or [0]
        lines.insert(self.rng.choice(tops), f"# note {self.rng.randrange(10**6)}")
        self.save(path, "\n".join(lines))
        return f"comment in {path.name}"

    def reorder(self) -> str:
        path = self.rng.choice(self.files())
        head, entries = blocks(path.read_text())
        self.rng.shuffle(entries)
        self.save(path, join(head, entries))
        return f"reorder {path.name}"

    def invalid(self) -> str:
        path = self.rng.choice(self.files())
        text = path.read_text()
        old, new = self.rng.choice(INVALID)
        if old not in text:
            return "nothing"
        at = self.rng.choice([m.start() for m in re.finditer(re.escape(old), text)])
        self.save(path, text[:at] + new + text[at + len(old) :])
        return f"invalid value in {path.name}"

    def restore(self) -> str:
        """Put the last valid dataset back (an editor's undo)."""
        now = self.snapshot()
        for path in set(now) - set(self.valid):
            path.unlink()
        for path, text in self.valid.items():
            if now.get(path) != text:
                self.save(path, text)
        return "restore the last valid state"

    def edit(self) -> str:
        edits = [self.change_value, self.rename_id, self.move_entry, self.alias, self.comment, self.reorder]
        for _ in range(20):  # some edits find nothing to do in the file they pick
            done = self.rng.choice(edits + [self.invalid])()
            if done != "nothing":
                return done
        return "nothing"


def outcome(*args: str, cache: Path | None = None) -> tuple[int, str, str]:
    """A command's exit code, stdout and stderr; with cache, run against that (empty) cache
    folder instead of the shared one (validate has no --no-cache: it always keeps its
    per-file cache), which is emptied afterwards."""
    env = {"AITRACK_TODAY": "2026-06-01", "COLUMNS": "200"} | ({"AITRACK_CACHE_DIR": str(cache)} if cache else {})
    result = run_cli(*args, env=env)
    if cache:
        shutil.rmtree(cache, ignore_errors=True)
    return result.exit_code, result.stdout, result.stderr


def test_cached_and_uncached_runs_agree_after_every_edit(tmp_path):
    rng = random.Random(SEED)
    data = Dataset(tmp_path, rng)
    d = ["--data-dir", str(data.data)]
    invalid_steps = 0
    for step in range(EDITS):
        done = data.restore() if invalid_steps and rng.random() < 0.5 else data.edit()
        name = rng.choice(data.names() + ["no such thing", "h10"])
        listing = ["list", rng.choice(KINDS), "-f", rng.choice(["table", "csv", "json"]), *d]
        for args in (listing, ["show", name, "-f", rng.choice(["table", "json"]), *d], ["validate", *d]):
            cached = outcome(*args)
            fresh = outcome(*args, cache=tmp_path / "none") if args[0] == "validate" else outcome(*args, "--no-cache")
            assert cached == fresh, f"step {step} ({done}): {args} differs with the cache"
        if cached[0] == 0:
            data.valid, invalid_steps = data.snapshot(), 0
        else:
            invalid_steps += 1
