"""Writers never write the wrong entry and never lose a save (issue 24, items 1, 6, 7 and
8): resolve finds its entry again by id in the text it replaces; resolve, add-source and
scan --merge replace a file only while it holds exactly what they read (else they start
over, at most three times); a merge lands in every file or in none. The races are forced
with hooks, so every test is deterministic."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from conftest import run_cli
from tiny_dataset import write_tiny

PID = "zeta-acme-share"
RESOLVE = [
    "--outcome",
    "true",
    "--note",
    "Acme's share fell",
    "--evidence",
    "https://example.org/s",
    "--on",
    "2026-11-01",
]
ARTICLE = Path(__file__).parent / "articles" / "chip-launch.md"
ACME = """\
- id: acme-second-chip
  name: Acme releases a second chip
  statement: Acme Labs will release a second chip by the end of 2026.
  source: memo
  quote: "Acme Labs will release a second chip by end of 2026."
  by: Acme Labs
  horizon: by end of 2026
  subjects: [acme]
  kind: forecast

"""


@pytest.fixture
def data(tmp_path):
    return write_tiny(tmp_path)


def resolve(data, pid=PID):
    return run_cli("resolve", pid, *RESOLVE, "--data-dir", str(data))


def entries(path: Path) -> dict[str, dict]:
    from aitrack.dataset.loader import parse_text

    value, _locs, problems = parse_text(path.read_text(encoding="utf-8"), str(path))
    assert not problems
    return {e["id"]: e for e in value}


def after_first_load(monkeypatch, save, overrides: bool = False):
    """Run save() once, right after the writer's first load of the dataset (overrides=True:
    after its validation of the new text instead): an editor saving while it works."""
    from aitrack.store import catalog

    real, saved = catalog.load_checked, []

    def load_then_save(*args, **kwargs):
        result = real(*args, **kwargs)
        if bool(kwargs.get("overrides")) == overrides and not saved:
            saved.append(1)
            save()
        return result

    monkeypatch.setattr(catalog, "load_checked", load_then_save)
    return saved


# 1. resolve finds its entry by id in what it replaces --------------------------------------


def _insert_above(text: str) -> str:
    third = ACME.replace("acme-second-chip", "acme-third-chip").replace("a second chip", "a third chip")
    return text.replace("- id: zeta-acme-share", third + "- id: zeta-acme-share")


def _remove_above(text: str) -> str:
    return text.replace(ACME, "")


def _move_target_first(text: str) -> str:
    head, target = text.split("- id: zeta-acme-share")
    return head.replace(ACME, "") + "- id: zeta-acme-share" + target.rstrip("\n") + "\n\n" + ACME


@pytest.mark.parametrize(
    "save, order",
    [
        (_insert_above, ["acme-second-chip", "acme-third-chip", PID]),
        (_remove_above, [PID]),
        (_move_target_first, [PID, "acme-second-chip"]),
    ],
    ids=["insert-above", "remove-above", "move"],
)
def test_resolve_edits_the_entry_asked_for_when_an_editor_moved_it(data, monkeypatch, save, order):
    """The editor's save adds, removes or moves an entry above the target after resolve
    loaded the data: the position resolve found is now another entry's. The neighbour got
    the resolution, and the command said it had resolved the prediction asked for."""
    path = data / "predictions.yaml"
    saved = after_first_load(monkeypatch, lambda: path.write_text(save(path.read_text())))
    result = resolve(data)
    assert saved and result.exit_code == 0, result.stderr
    found = entries(path)
    assert found[PID]["status"] == "true" and found[PID]["resolution"]["note"] == "Acme's share fell"
    assert [rid for rid, e in found.items() if "status" in e or "resolution" in e] == [PID]
    assert list(found) == order  # the editor's save is kept


def test_resolve_refuses_when_the_entry_is_gone(data, monkeypatch):
    """The editor replaced the target by another prediction at the same place: resolve
    starts over, does not find the id any more, and refuses; nothing is resolved."""
    path = data / "predictions.yaml"

    def replace_target():
        path.write_text(path.read_text().replace("zeta-acme-share", "zeta-acme-exit"))

    after_first_load(monkeypatch, replace_target)
    saved = path.read_text().replace("zeta-acme-share", "zeta-acme-exit")
    result = resolve(data)
    assert result.exit_code == 1 and "unknown prediction 'zeta-acme-share'" in result.stderr
    assert path.read_text() == saved and "status:" not in saved


def test_resolve_follows_an_entry_moved_to_another_file(data, monkeypatch):
    """The editor moved the target into predictions/later.yaml after resolve loaded the data:
    resolve starts over and resolves it where it now is."""
    path, later = data / "predictions.yaml", data / "predictions" / "later.yaml"

    def move_out():
        head, target = path.read_text().split("- id: zeta-acme-share")
        later.parent.mkdir()
        later.write_text("- id: zeta-acme-share" + target)
        path.write_text(head)

    after_first_load(monkeypatch, move_out)
    result = resolve(data)
    assert result.exit_code == 0, result.stderr
    assert entries(later)[PID]["status"] == "true" and "status" not in entries(path)["acme-second-chip"]


# 6. add-source and scan --merge keep an editor's save ---------------------------------------


def test_add_source_keeps_a_save_made_while_it_ran(mini_data, monkeypatch):
    """sources.yaml saved by an editor after add-source read it: the save was overwritten."""
    sources = mini_data / "sources.yaml"
    after_first_load(monkeypatch, lambda: sources.write_text(sources.read_text() + "# checked by Ana\n"), True)
    result = run_cli("add-source", str(ARTICLE), "--data-dir", str(mini_data))
    assert result.exit_code == 0, result.stderr
    text = sources.read_text()
    assert "# checked by Ana\n" in text and text.count("- id: fixture-hardware-amd-lays-out\n") == 1
    assert sorted(p.name for p in (mini_data.parent / "seeds").iterdir() if "chip-launch" in p.name) == [
        "chip-launch.md"
    ]


def test_add_source_refuses_a_file_that_keeps_changing(mini_data, monkeypatch):
    from aitrack.store import catalog

    sources, real, saves = mini_data / "sources.yaml", catalog.load_checked, []

    def always_saved(*args, **kwargs):
        result = real(*args, **kwargs)
        if kwargs.get("overrides"):
            saves.append(1)
            sources.write_text(sources.read_text() + f"# save {len(saves)}\n")
        return result

    monkeypatch.setattr(catalog, "load_checked", always_saved)
    result = run_cli("add-source", str(ARTICLE), "--data-dir", str(mini_data))
    assert result.exit_code == 1 and "kept changing" in result.stderr and len(result.stderr.splitlines()) == 1
    assert sources.read_text().endswith("# save 3\n") and "fixture-hardware" not in sources.read_text()
    assert not (mini_data.parent / "seeds" / "chip-launch.md").exists()


def added(mini_data) -> dict[str, bytes]:
    """The mini dataset with chip-launch.md added (not merged yet): every data file's bytes."""
    assert run_cli("add-source", str(ARTICLE), "--data-dir", str(mini_data)).exit_code == 0
    return {p.name: p.read_bytes() for p in mini_data.iterdir()}


def merge(mini_data):
    return run_cli("scan", str(ARTICLE), "--stub", "--merge", "--data-dir", str(mini_data))


def test_merge_keeps_a_save_made_while_it_ran(mini_data, monkeypatch):
    added(mini_data)
    preds = mini_data / "predictions.yaml"
    after_first_load(monkeypatch, lambda: preds.write_text(preds.read_text() + "# checked by Ana\n"), True)
    result = merge(mini_data)
    assert result.exit_code == 0, result.stderr
    assert "# checked by Ana\n" in preds.read_text() and "amd-mi400-2026" in preds.read_text()


# 7. scan --merge: every file or none -----------------------------------------------------


def test_merge_into_a_read_only_file_changes_nothing(mini_data):
    """labs and chips were written, predictions refused, and the message said nothing changed."""
    before = added(mini_data)
    os.chmod(mini_data / "predictions.yaml", 0o444)
    result = merge(mini_data)
    assert result.exit_code == 1 and len(result.stderr.splitlines()) == 1
    assert (
        "predictions.yaml" in result.stderr and "read-only" in result.stderr and "nothing was changed" in result.stderr
    )
    assert {p.name: p.read_bytes() for p in mini_data.iterdir()} == before


def test_a_rename_that_fails_is_rolled_back(mini_data, monkeypatch):
    """The second file's rename fails (a full disk, an I/O error): the first, already
    renamed, gets its old bytes back, and the message names it."""
    before = added(mini_data)
    real, calls, inside = os.replace, [], os.path.realpath(mini_data)

    def second_fails(src, dst):
        if str(dst).startswith(inside):
            calls.append(str(dst))
            if len(calls) == 2:
                raise OSError(errno.EIO, os.strerror(errno.EIO))
        return real(src, dst)

    monkeypatch.setattr(os, "replace", second_fails)
    result = merge(mini_data)
    assert result.exit_code == 1 and len(result.stderr.splitlines()) == 1, result.stderr
    first, second = Path(calls[0]).name, Path(calls[1]).name
    assert f"cannot write {mini_data / second}: " in result.stderr and "nothing was changed" in result.stderr
    assert f"{mini_data / first}: written, then restored" in result.stderr
    assert {p.name: p.read_bytes() for p in mini_data.iterdir()} == before  # no .tmp left either


def test_a_rollback_that_fails_says_what_changed(mini_data, monkeypatch):
    before = added(mini_data)
    real, calls, inside = os.replace, [], os.path.realpath(mini_data)

    def all_but_the_first_fail(src, dst):
        if str(dst).startswith(inside):
            calls.append(str(dst))
            if len(calls) > 1:
                raise OSError(errno.EIO, os.strerror(errno.EIO))
        return real(src, dst)

    monkeypatch.setattr(os, "replace", all_but_the_first_fail)
    result = merge(mini_data)
    assert result.exit_code == 1 and len(result.stderr.splitlines()) == 1, result.stderr
    changed, second = Path(calls[0]).name, Path(calls[1]).name
    assert f"CHANGED, could not be restored: {mini_data / changed} (" in result.stderr
    assert f"{mini_data / second}" in result.stderr.split("unchanged: ")[1]
    now = {p.name: p.read_bytes() for p in mini_data.iterdir() if not p.name.endswith(".tmp")}
    assert [name for name in before if now[name] != before[name]] == [changed]


def test_merge_never_replaces_a_file_that_appeared_meanwhile(mini_data, monkeypatch):
    """ignored.yaml is new to the dataset when the merge reads it; an editor creates it just
    before the merge puts its own in place. The merge's is linked into place, which fails
    rather than replace the editor's; the files already renamed are restored, and the
    merge starts over on top of the editor's file."""
    (mini_data / "ignored.yaml").unlink()
    added(mini_data)
    ignored, real, made = mini_data / "ignored.yaml", os.link, []

    def created_first(src, dst, *args, **kwargs):
        if str(dst) == os.path.realpath(ignored) and not made:
            made.append(1)
            ignored.write_text("- {name: Mine, reason: generic term}\n")
        return real(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "link", created_first)
    result = merge(mini_data)
    assert made and result.exit_code == 0, result.stderr
    assert (
        ignored.read_text().startswith("- {name: Mine, reason: generic term}\n") and ignored.read_text().count("\n") > 1
    )
    assert (mini_data / "predictions.yaml").read_text().count("- id: amd-mi400-2026\n") == 1


# 8. the last check is immediately before the rename ------------------------------------------


@pytest.mark.parametrize("how", ["in-place", "by-rename"])
def test_a_save_after_the_content_check_is_still_seen(data, monkeypatch, how):
    """A save that lands after resolve compared the file with what it read, before the
    rename (the editor writes in place, or saves a new file over it), is seen by the
    last check just before the rename: resolve starts over and both land."""
    from aitrack.curate import writer

    path, real, saved = data / "predictions.yaml", writer.unchanged, []

    def compared_then_saved(dest, plan):
        stamp = real(dest, plan)
        if not saved:
            saved.append(1)
            text = path.read_text().replace("# Forecasts from the memo.", "# Forecasts, checked.")
            if how == "in-place":
                path.write_text(text)
            else:
                (data / "new.tmp").write_text(text)
                os.replace(data / "new.tmp", path)
        return stamp

    monkeypatch.setattr(writer, "unchanged", compared_then_saved)
    result = resolve(data)
    assert saved and result.exit_code == 0, result.stderr
    assert "# Forecasts, checked." in path.read_text() and entries(path)[PID]["status"] == "true"


def test_the_window_that_remains_is_the_rename_itself(data, monkeypatch):
    """What docs/reliability.md admits: a save by a program that does not take the lock,
    landing between the last check and the rename, is replaced by resolve's file. No
    check can close that window short of a lock the editor also takes."""
    path, real = data / "predictions.yaml", os.replace

    def saved_just_before(src, dst):
        if str(dst) == os.path.realpath(path):
            path.write_text(path.read_text() + "# a save in the window\n")
        return real(src, dst)

    monkeypatch.setattr(os, "replace", saved_just_before)
    assert resolve(data).exit_code == 0
    assert "# a save in the window" not in path.read_text() and entries(path)[PID]["status"] == "true"
