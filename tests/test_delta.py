"""The delta path (store/delta.py): after an edit of a few entries, the cache is patched
instead of rebuilt. Every patched cache must equal a build from scratch, part by part;
and whatever the delta path is not sure of must fall back to the full read, which
reports every problem at its line."""

from __future__ import annotations

import json

import pytest
from conftest import run_cli

from aitrack.store import cache, delta
from aitrack.store.catalog import fingerprint, load_checked, open_catalog, source_files
from aitrack.store.tables import build

H100_END = "  tdp: {value: 700 W, source: nvidia-h100-datasheet}\n"
NEW_CHIP = """
- id: tpu-v9
  name: Test TPU v9
  aliases: [TPU9]
  vendor: nvidia
  cite:
    - {source: chips-brief, quote: "NVIDIA's H100 GPU offers about 3.35 TB/s of HBM3 memory bandwidth."}
  memory: {value: 96 GB, source: nvidia-h100-datasheet}
"""


def took_delta(monkeypatch) -> list:
    taken: list = []
    real = delta.update
    monkeypatch.setattr(delta, "update", lambda d, k: taken.append(real(d, k)) or taken[-1])
    return taken


def parts(data) -> tuple[dict, dict]:
    """Every part of the cache as it is, and of a build from scratch: (meta, parts)."""
    key = cache.file_key(str(data))
    store = cache.load(str(data), key)
    assert store is not None
    loaded = load_checked(str(data), False, file_cache=False)
    built_from = source_files(str(data), loaded)
    fresh = build(loaded.records, fingerprint(str(data), built_from["files"]))
    want, slices = cache.parts_of(fresh, built_from["files"])
    assert store.meta["slices"] == slices
    got = {name: store.part(name) for name in want}
    assert set(store.meta["due_years"]) == set(fresh.meta["due_years"])
    for field in ("counts", "fingerprint", "buckets", "shared", "due_years"):
        assert store.meta[field] == fresh.meta[field], field
    for name, content in built_from.items():
        assert store.part(name) == content, name
    return got, want


def edit(path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


EDITS = {
    "a value": ("chips.yaml", "tdp: {value: 700 W,", "tdp: {value: 650 W,"),
    "a comment": ("chips.yaml", H100_END, H100_END + "# checked against the datasheet\n"),
    "a new entry": ("chips.yaml", H100_END, H100_END + NEW_CHIP),
    "an entry removed": ("chips.yaml", "- id: wse-3", "- id: wse-3x"),  # placeholder, replaced below
    "an alias renamed": ("chips.yaml", "aliases: [WSE3]", "aliases: [WSE3, Wafer Scale Engine 3]"),
    "a model moved to another lab": ("models.yaml", "lab: openai", "lab: anthropic"),
    "a model moved ahead of another": ("models.yaml", "lab: anthropic", "lab: openai"),  # claude sorts before gpt-4o
    "a horizon": ("predictions.yaml", "horizon: by end of 2025", "horizon: by end of 2027"),
    "a prediction's subjects": ("predictions.yaml", "subjects: [amd, mi300x]", "subjects: [amd]"),
    "a name": ("labs.yaml", "name: Anthropic", "name: Anthropic PBC"),
}


def remove_entry(path, rid: str) -> None:
    text = path.read_text()
    start = text.index(f"- id: {rid}\n")
    end = text.find("\n- id: ", start + 1)
    path.write_text(text[:start] + (text[end + 1 :] if end != -1 else ""))


# (records per slice, most slices per file): files in several slices; one slice each;
# slices whose size follows the file's entry count (an entry added or removed re-cuts them)
@pytest.mark.parametrize("slicing", [(2, 32), (100, 32), (1, 2)])
@pytest.mark.parametrize("what", list(EDITS))
def test_a_patched_cache_equals_a_build_from_scratch(mini_data, monkeypatch, what, slicing):
    monkeypatch.setattr(cache, "SLICE", slicing[0])
    monkeypatch.setattr(cache, "MAX_SLICES", slicing[1])
    assert run_cli("list", "chips", "--data-dir", str(mini_data)).exit_code == 0
    name, old, new = EDITS[what]
    if what == "an entry removed":
        remove_entry(mini_data / name, "wse-3")
    else:
        edit(mini_data / name, old, new)
    taken = took_delta(monkeypatch)
    result = run_cli("list", "chips", "-f", "json", "--data-dir", str(mini_data))
    assert result.exit_code == 0, result.stderr
    assert taken and taken[0] is not None, "the delta path was not taken"
    got, want = parts(mini_data)
    for part in want:
        assert got[part] == want[part], part
    for args in (
        ("list", "chips", "-f", "csv"),
        ("show", "nvidia", "-f", "json"),
        ("predictions", "-f", "csv"),
        ("show", "anthropic", "-f", "json"),
        ("search", "wafer"),
    ):
        fast = run_cli(*args, "--data-dir", str(mini_data))
        assert fast.stdout == run_cli(*args, "--no-cache", "--data-dir", str(mini_data)).stdout, args


def test_an_edit_is_seen_through_the_delta_path(mini_data, monkeypatch):
    assert run_cli("list", "chips", "--data-dir", str(mini_data)).exit_code == 0
    edit(mini_data / "chips.yaml", H100_END, H100_END + NEW_CHIP)
    taken = took_delta(monkeypatch)
    shown = run_cli("show", "tpu9", "-f", "json", "--data-dir", str(mini_data))
    assert shown.exit_code == 0, shown.stderr
    assert json.loads(shown.stdout)["memory_GB"]["value"] == 96 and taken[0] is not None
    made = json.loads(run_cli("show", "nvidia", "-f", "json", "--data-dir", str(mini_data)).stdout)
    assert "tpu-v9" in json.dumps(made)


FALLBACKS = {
    # edit -> what the full read then reports
    "a dangling reference": (("models.yaml", "lab: openai", "lab: openaii"), "'openaii' is not a known lab id"),
    "an alias clash": (
        ("models.yaml", "aliases: [GPT 4o]", "aliases: [GPT 4o, WSE 3]"),
        "'WSE 3' clashes with 'wse-3'",
    ),
    "a duplicate id": (("chips.yaml", "- id: mi300x", "- id: h100"), "duplicate id"),
    "a bad unit": (("chips.yaml", "tdp: {value: 700 W,", "tdp: {value: 700 furlongs,"), "unknown unit 'furlongs'"),
    "an unquoted document fact": (("chips.yaml", 'quote: "packs 900,000 cores"}', "}"), "needs a verbatim quote"),
    "a source edited": (("sources.yaml", "id: chips-brief", "id: chips-brief-2"), "cites unknown source 'chips-brief'"),
    "a control character": (
        ("chips.yaml", "name: Cerebras WSE-3", "name: Cerebras\x07 WSE-3"),
        "control character U+0007",
    ),
    "a document marker": (("chips.yaml", "- id: wse-3", "---\n- id: wse-3"), "more than one YAML document"),
    # an edited entry parses alone, but the file does not (found by a QA session's fuzzing)
    "a document end": (("chips.yaml", "\n- id: mi300x", "...\n- id: mi300x"), "invalid YAML"),
    "an id taken from an unchanged entry": (("chips.yaml", "- id: wse-3\n", "- id: h100\n"), "duplicate id"),
}


@pytest.mark.parametrize("what", list(FALLBACKS))
def test_a_problem_falls_back_to_the_full_read(mini_data, monkeypatch, what):
    assert run_cli("list", "chips", "--data-dir", str(mini_data)).exit_code == 0
    (name, old, new), message = FALLBACKS[what]
    edit(mini_data / name, old, new)
    taken = took_delta(monkeypatch)
    result = run_cli("list", "chips", "--data-dir", str(mini_data))
    assert result.exit_code == 1 and message in result.stderr, result.stderr
    assert taken == [None]


def test_an_entry_copied_verbatim_is_a_duplicate(mini_data, monkeypatch):
    assert run_cli("list", "chips", "--data-dir", str(mini_data)).exit_code == 0
    chips = mini_data / "chips.yaml"
    text = chips.read_text()
    start = text.index("- id: wse-3")
    chips.write_text(text + "\n" + text[start : text.index("\n- id: ", start + 1) + 1])
    taken = took_delta(monkeypatch)
    result = run_cli("list", "chips", "--data-dir", str(mini_data))
    assert result.exit_code == 1 and "duplicate id" in result.stderr and taken == [None]


def test_entries_reordered_unchanged_are_listed_in_their_new_order(mini_data, monkeypatch):
    assert run_cli("list", "chips", "--data-dir", str(mini_data)).exit_code == 0
    chips = mini_data / "chips.yaml"
    text = chips.read_text()
    first, second = text.index("- id: h100"), text.index("- id: wse-3")
    chips.write_text(
        text[:first]
        + text[second : text.index("- id: mi300x")]
        + text[first:second]
        + text[text.index("- id: mi300x") :]
    )
    taken = took_delta(monkeypatch)
    listed = run_cli("list", "chips", "-f", "csv", "--columns", "id", "--data-dir", str(mini_data))
    assert listed.stdout.split() == ['"id"', '"wse-3"', '"h100"', '"mi300x"'] and taken[0] is not None
    got, want = parts(mini_data)
    assert got == want


def test_a_misnamed_data_file_is_reported_even_when_the_cache_is_fresh(mini_data):
    assert run_cli("list", "models", "--data-dir", str(mini_data)).exit_code == 0
    (mini_data / "chip.yaml").write_text("[]\n")
    result = run_cli("list", "models", "--data-dir", str(mini_data))
    assert result.exit_code == 1 and "unknown data file name" in result.stderr


def test_an_edit_with_its_mtime_set_back_is_seen(mini_data):
    """Same size, mtime restored (touch -d, cp -p, some editors): ctime still moves."""
    import os

    assert run_cli("show", "h100", "--data-dir", str(mini_data)).exit_code == 0
    chips = mini_data / "chips.yaml"
    st = os.stat(chips)
    chips.write_text(chips.read_text().replace("tdp: {value: 700 W,", "tdp: {value: 650 W,"))
    os.utime(chips, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert os.stat(chips).st_size == st.st_size and os.stat(chips).st_mtime_ns == st.st_mtime_ns
    shown = json.loads(run_cli("show", "h100", "-f", "json", "--data-dir", str(mini_data)).stdout)
    assert shown["tdp_W"]["value"] == 650


def test_removing_an_entry_others_refer_to_is_reported(mini_data, monkeypatch):
    assert run_cli("list", "chips", "--data-dir", str(mini_data)).exit_code == 0
    remove_entry(mini_data / "chips.yaml", "mi300x")  # a prediction's subject
    taken = took_delta(monkeypatch)
    result = run_cli("list", "chips", "--data-dir", str(mini_data))
    assert result.exit_code == 1 and "'mi300x' is not a known id" in result.stderr
    assert taken == [None]


def test_a_half_written_patch_is_never_mixed_in(mini_data, monkeypatch):
    """A part written by a patch that died before its meta was written is refused, and
    the next run reads the files again."""
    assert run_cli("list", "chips", "--data-dir", str(mini_data)).exit_code == 0
    edit(mini_data / "chips.yaml", "tdp: {value: 700 W,", "tdp: {value: 650 W,")
    real = cache._atomic_write
    monkeypatch.setattr(
        cache,
        "_atomic_write",
        lambda p, k, c: (_ for _ in ()).throw(OSError("disk full")) if p.endswith("meta.marshal") else real(p, k, c),
    )
    assert open_catalog(str(mini_data)).get("h100")["tdp"]["value"]["value"] == 650
    monkeypatch.setattr(cache, "_atomic_write", real)
    listed = run_cli("list", "chips", "-f", "csv", "--data-dir", str(mini_data))
    assert listed.exit_code == 0 and "650" in listed.stdout
    assert listed.stdout == run_cli("list", "chips", "-f", "csv", "--no-cache", "--data-dir", str(mini_data)).stdout


def split_into_folders(data) -> None:
    """Each kind's file becomes a folder with one file per entry (chips/0.yaml, ...)."""
    for name in ("chips", "models", "predictions", "labs"):
        text = (data / f"{name}.yaml").read_text()
        entries = ["- id: " + part for part in text.split("\n- id: ")[1:]]
        (data / f"{name}.yaml").unlink()
        (data / name).mkdir()
        for i, entry in enumerate(entries):
            (data / name / f"{i}.yaml").write_text(entry.rstrip("\n") + "\n")


def test_entries_moved_between_files_keep_the_order_of_a_full_build(mini_data, monkeypatch):
    split_into_folders(mini_data)
    assert run_cli("list", "chips", "--data-dir", str(mini_data)).exit_code == 0
    first, last = mini_data / "chips" / "0.yaml", mini_data / "chips" / "2.yaml"
    moved = first.read_text()
    first.write_text(last.read_text())
    last.write_text(moved)  # h100 now comes last, mi300x first
    labs = mini_data / "labs" / "0.yaml"
    labs.write_text(labs.read_text() + "  notes: edited too\n")
    taken = took_delta(monkeypatch)
    listed = run_cli("list", "chips", "-f", "csv", "--data-dir", str(mini_data))
    assert listed.exit_code == 0, listed.stderr
    assert taken and taken[0] is not None
    got, want = parts(mini_data)
    store = cache.load(str(mini_data), cache.file_key(str(mini_data)))
    assert [r["id"] for r in store.kind("chip")] == ["mi300x", "wse-3", "h100"]
    for part in want:
        assert got[part] == want[part], part


def test_a_new_key_that_an_unchanged_non_latin_name_imitates_is_reported(mini_data, monkeypatch):
    """The look-alike check runs both ways: an unchanged entry's Cyrillic alias, harmless
    until another entry takes the Latin key it reads as."""
    edit(mini_data / "chips.yaml", "aliases: [WSE3]", "aliases: [WSE3, \u0422\u04059]")  # Cyrillic Т and Ѕ
    assert run_cli("list", "chips", "--data-dir", str(mini_data)).exit_code == 0
    edit(mini_data / "chips.yaml", "aliases: [H100 GPU]", "aliases: [H100 GPU, TS9]")
    taken = took_delta(monkeypatch)
    result = run_cli("list", "chips", "--data-dir", str(mini_data))
    assert result.exit_code == 1 and "look like the Latin" in result.stderr, result.stderr
    assert taken == [None]


def test_a_part_from_another_generation_is_read_afresh_once(mini_data, monkeypatch):
    """Two processes patching at once can leave a part of another generation: the command
    that meets it reads the files, and saves a consistent cache for the next ones."""
    from aitrack.store.catalog import Catalog

    assert run_cli("list", "chips", "--data-dir", str(mini_data)).exit_code == 0
    store = cache.load(str(mini_data), cache.file_key(str(mini_data)))
    name = next(p for p in store.meta["parts"] if p.startswith("chip.rows."))
    cache._atomic_write(f"{store.folder}/{name}.marshal", "another-generation", [])
    fallbacks: list[str] = []
    real = Catalog._fallback
    monkeypatch.setattr(Catalog, "_fallback", lambda self: fallbacks.append("x") or real(self))
    first = run_cli("list", "chips", "-f", "csv", "--data-dir", str(mini_data))
    again = run_cli("list", "chips", "-f", "csv", "--data-dir", str(mini_data))
    assert first.exit_code == again.exit_code == 0 and "h100" in first.stdout
    assert first.stdout == again.stdout and fallbacks == ["x"]


def test_a_subject_named_twice_is_left_to_the_full_read(mini_data, monkeypatch):
    assert run_cli("list", "chips", "--data-dir", str(mini_data)).exit_code == 0
    edit(mini_data / "predictions.yaml", "subjects: [amd, mi300x]", "subjects: [amd, mi300x, amd]")
    taken = took_delta(monkeypatch)
    fast = run_cli("show", "amd", "-f", "json", "--data-dir", str(mini_data))
    assert fast.stdout == run_cli("show", "amd", "-f", "json", "--no-cache", "--data-dir", str(mini_data)).stdout
    assert taken == [None]
