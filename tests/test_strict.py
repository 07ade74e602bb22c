"""`aitrack validate --strict` on the mini fixture: each gate fails loudly at path:line,
and "did you mean" for mistyped references (in plain validate too)."""

from __future__ import annotations

from conftest import run_cli


def strict(data, *extra):
    return run_cli("validate", "--strict", "--data-dir", str(data), *extra)


def lines_of(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if not line.startswith("aitrack: ")]


def line_no(path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


def test_mini_passes(mini_data):
    result = strict(mini_data, "--today", "2026-01-01")
    assert result.exit_code == 0, result.stderr
    assert "strict: every name covered" in result.stderr


def test_todo_is_refused(mini_data):
    chips = mini_data / "chips.yaml"
    chips.write_text(
        chips.read_text().replace("  tags: [wafer-scale]\n", "  tags: [wafer-scale]\n  notes: TODO check\n")
    )
    result = strict(mini_data)
    assert result.exit_code == 1
    assert lines_of(result) == [
        f"{chips}:{line_no(chips, 'TODO')}:10: TODO left for a curator: fill it in or remove the entry"
    ]
    assert run_cli("validate", "--data-dir", str(mini_data)).exit_code == 0  # only the gate refuses it


def test_an_uncurated_name_in_a_document_is_refused(mini_data):
    ignored = mini_data / "ignored.yaml"
    ignored.write_text(ignored.read_text().replace("- {name: SRAM, reason: memory technology}\n", ""))
    result = strict(mini_data)
    doc = mini_data.parent / "seeds" / "chips-brief.txt"
    assert result.exit_code == 1
    assert lines_of(result) == [
        f"{doc}:5:85: 'SRAM' is neither curated nor in ignored.yaml (add it, or ignore it with a reason)"
    ]


def test_a_stale_ignored_entry_is_refused(mini_data):
    ignored = mini_data / "ignored.yaml"
    ignored.write_text(ignored.read_text() + "- {name: Gaudi 3, reason: not covered}\n")
    result = strict(mini_data)
    assert result.exit_code == 1
    assert lines_of(result) == [
        f"{ignored}:{line_no(ignored, 'Gaudi')}:3: 'Gaudi 3' occurs in no document: a stale entry, remove it"
    ]


def test_a_horizon_without_a_window_is_refused_unless_due_is_stated(mini_data):
    preds = mini_data / "predictions.yaml"
    preds.write_text(preds.read_text().replace("horizon: by end of 2025", "horizon: once the MI300X sells out"))
    result = strict(mini_data)
    assert result.exit_code == 1
    [line] = lines_of(result)
    assert line.startswith(f"{preds}:{line_no(preds, 'once the MI300X')}:3: amd-mi300x-successor-2025: horizon: ")
    assert "gives no due window" in line
    preds.write_text(
        preds.read_text().replace(
            "horizon: once the MI300X sells out", "horizon: once the MI300X sells out\n  due: unknown"
        )
    )
    assert strict(mini_data).exit_code == 0


def test_resolution_dates_between_made_and_today(mini_data):
    preds = mini_data / "predictions.yaml"
    preds.write_text(preds.read_text().replace('"on": 2025-03-01', '"on": 2024-02-01'))
    result = strict(mini_data)
    assert result.exit_code == 1 and "before the prediction was made (2024-06)" in result.stderr
    preds.write_text(preds.read_text().replace('"on": 2024-02-01', '"on": 2025-03-01'))
    result = strict(mini_data, "--today", "2025-01-01")
    assert result.exit_code == 1 and "resolved on 2025-03-01, after today (2025-01-01)" in result.stderr


def test_did_you_mean_for_mistyped_references(mini_data):
    chips = mini_data / "chips.yaml"
    chips.write_text(chips.read_text().replace("vendor: cerebras", "vendor: cerebrus"))
    preds = mini_data / "predictions.yaml"
    preds.write_text(
        preds.read_text()
        .replace("subjects: [amd, mi300x]", "subjects: [amd, mi300]")
        .replace('source: labs-brief\n  quote: "We', 'source: lab-brief\n  quote: "We')
    )
    result = run_cli("validate", "--data-dir", str(mini_data))
    assert result.exit_code == 1
    assert "'cerebrus' is not a known lab id; did you mean cerebras?" in result.stderr
    assert "'mi300' is not a known id; did you mean mi300x?" in result.stderr
    assert "unknown source 'lab-brief'; did you mean labs-brief?" in result.stderr


def test_a_bad_ignored_entry_names_its_field_and_line(mini_data):
    ignored = mini_data / "ignored.yaml"
    ignored.write_text("- name: Foo\n  reason: not curated\n  because: typo of reason\n")
    result = run_cli("validate", "--data-dir", str(mini_data))
    assert result.exit_code == 1
    assert f"{ignored}:3:3: because: unknown field" in result.stderr
