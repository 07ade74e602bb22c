"""After a one-file edit, the tables are rebuilt incrementally: records that did not
change keep the previous build's listing rows. The edit must still be seen at once, the
output must equal a build from scratch, and every problem, cross-file ones included, must
still be reported."""

from __future__ import annotations

import json

from conftest import run_cli

from aitrack.kinds import KIND_NAMES
from aitrack.store import tables


def warm(data) -> None:
    assert run_cli("list", "chips", "--data-dir", str(data)).exit_code == 0


def edit(path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_an_edit_is_seen_and_equals_a_build_from_scratch(mini_data):
    warm(mini_data)
    edit(mini_data / "chips.yaml", "tdp: {value: 700 W,", "tdp: {value: 650 W,")
    args = ("--data-dir", str(mini_data))
    listed = run_cli("list", "chips", "-f", "csv", *args)
    shown = run_cli("show", "h100", "-f", "json", *args)
    assert listed.exit_code == shown.exit_code == 0, listed.stderr + shown.stderr
    assert "650" in listed.stdout
    assert json.loads(shown.stdout)["tdp_W"]["value"] == 650
    assert listed.stdout == run_cli("list", "chips", "-f", "csv", "--no-cache", *args).stdout
    assert shown.stdout == run_cli("show", "h100", "-f", "json", "--no-cache", *args).stdout
    labs = run_cli("list", "labs", "-f", "csv", *args)
    assert labs.stdout == run_cli("list", "labs", "-f", "csv", "--no-cache", *args).stdout


def test_only_changed_records_are_flattened_again(mini_data, monkeypatch):
    warm(mini_data)
    flattened: list[str] = []
    real = tables.flat
    monkeypatch.setattr(tables, "flat", lambda rec: flattened.append(rec["id"]) or real(rec))
    edit(mini_data / "chips.yaml", "name: Cerebras WSE-3", "name: Cerebras WSE-3 (edited)")
    result = run_cli("list", "chips", "-f", "csv", "--data-dir", str(mini_data))
    assert result.exit_code == 0, result.stderr
    assert "Cerebras WSE-3 (edited)" in result.stdout
    assert flattened == ["wse-3"]


def test_a_dangling_reference_in_one_file_is_reported(mini_data):
    warm(mini_data)
    edit(mini_data / "models.yaml", "lab: openai", "lab: openaii")
    result = run_cli("list", "chips", "--data-dir", str(mini_data))
    assert result.exit_code == 1
    assert "'openaii' is not a known lab id" in result.stderr and "models.yaml" in result.stderr


def test_a_duplicate_alias_across_files_is_reported(mini_data):
    warm(mini_data)
    # models.yaml now claims a name that chips.yaml already owns
    edit(mini_data / "models.yaml", "aliases: [GPT 4o]", "aliases: [GPT 4o, WSE 3]")
    result = run_cli("show", "h100", "--data-dir", str(mini_data))
    assert result.exit_code == 1
    assert "'WSE 3' clashes with 'wse-3'" in result.stderr and "models.yaml" in result.stderr


def test_a_value_that_changes_only_its_type_is_not_reused():
    def chip(number):
        return {
            "id": "x",
            "kind": "chip",
            "name": "X",
            "vendor": "v",
            "tdp": {"value": {"value": number, "unit": "W", "approx": False, "text": "700 W"}, "source": "s"},
        }

    def records(rec):
        return {kind: [rec] if kind == "chip" else [] for kind in KIND_NAMES}

    rec = chip(700)
    first = tables.build(records(rec), "fp")
    previous = {"chip": ([{"id": "x", "marker": "reused"}], tables.digest(rec))}
    assert tables.build(records(dict(rec)), "fp", previous).rows("chip")[0] == [{"id": "x", "marker": "reused"}]
    changed = chip(700.0)  # equal in Python, not the same value
    assert changed == rec
    again = tables.build(records(changed), "fp", previous).rows("chip")[0]
    assert again != [{"id": "x", "marker": "reused"}] and first.rows("chip")[0][0].keys() == again[0].keys()


def test_a_problem_in_an_edited_file_is_reported_at_its_new_line(mini_data):
    warm(mini_data)
    chips = mini_data / "chips.yaml"
    # lines shift above every entry, and one entry gains a bad unit
    chips.write_text("# a\n# b\n# c\n" + chips.read_text().replace("tdp: {value: 700 W,", "tdp: {value: 700 furlongs,"))
    line = chips.read_text().splitlines().index(next(x for x in chips.read_text().splitlines() if "furlongs" in x)) + 1
    result = run_cli("list", "chips", "--data-dir", str(mini_data))
    assert result.exit_code == 1
    assert f"{chips}:{line}:" in result.stderr and "unknown unit 'furlongs'" in result.stderr
    chips.write_text(chips.read_text().replace("700 furlongs", "700 W"))  # fixed: seen at once
    assert run_cli("list", "chips", "--data-dir", str(mini_data)).exit_code == 0


def test_a_reference_left_dangling_by_another_file_is_reported_on_a_reused_entry(mini_data):
    warm(mini_data)
    chips = mini_data / "chips.yaml"
    chips.write_text("# shifted\n" + chips.read_text())  # every chip is reused, one line lower
    labs = mini_data / "labs.yaml"
    labs.write_text(labs.read_text().replace("id: cerebras", "id: cerebras-systems"))
    line = chips.read_text().splitlines().index("  vendor: cerebras") + 1
    result = run_cli("show", "h100", "--data-dir", str(mini_data))
    assert result.exit_code == 1
    assert f"{chips}:{line}:" in result.stderr and "'cerebras' is not a known lab id" in result.stderr


def test_only_the_changed_entries_of_an_edited_file_are_validated_again(mini_data, monkeypatch):
    """The per-file cache keeps each parsed entry's digest: after an edit, the entries it
    left alone take their records from the last read, and only the edited one goes
    through pydantic. The answer equals a read without the cache."""
    from aitrack.dataset import entries

    warm(mini_data)
    seen: list[str] = []
    real = entries.validate_item
    monkeypatch.setattr(
        entries, "validate_item", lambda kind, item, where: seen.append(item["id"]) or real(kind, item, where)
    )
    edit(mini_data / "chips.yaml", "name: Cerebras WSE-3", "name: Cerebras WSE-3 (edited)")
    args = ("list", "chips", "-f", "csv", "--data-dir", str(mini_data))
    result = run_cli(*args)
    assert result.exit_code == 0, result.stderr
    assert "Cerebras WSE-3 (edited)" in result.stdout and seen == ["wse-3"]
    assert result.stdout == run_cli(*args, "--no-cache").stdout
