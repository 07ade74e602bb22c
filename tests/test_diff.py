"""`aitrack diff OLD NEW`: what a data change does, between two folders or two git
revisions, in every format, with diff's exit status (0 same, 1 different, 2 trouble) and
one line on stderr for a side that is not there or does not load. On copies of the mini
fixture (tests/fixtures/mini) and a temporary git repository holding one."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import MINI, run_cli, run_installed

# The change every test makes to the mini dataset: one value changed (h100's memory), a
# chip and a source added, a model removed, an event added, a prediction resolved.
EDITS = {
    "chips.yaml": [
        (
            "memory: {value: 80 GB, source: nvidia-h100-datasheet, note: H100 SXM}",
            "memory: {value: 94 GB, source: nvidia-h100-datasheet, note: H100 NVL}",
        ),
        (
            '  memory_type: {value: HBM3, source: chips-brief, quote: "192 GB of HBM3 memory"}\n',
            '  memory_type: {value: HBM3, source: chips-brief, quote: "192 GB of HBM3 memory"}\n\n'
            "- id: b200\n  name: NVIDIA B200\n  vendor: nvidia\n  cite:\n    - {source: nvidia-b200-page}\n",
        ),
    ],
    "sources.yaml": [
        (
            "  url: https://www.nvidia.com/en-us/data-center/h100/\n",
            "  url: https://www.nvidia.com/en-us/data-center/h100/\n\n- id: nvidia-b200-page\n"
            "  name: NVIDIA DGX B200\n  kind: external\n  title: NVIDIA DGX B200\n  outlet: NVIDIA\n"
            "  url: https://www.nvidia.com/en-us/data-center/dgx-b200/\n",
        )
    ],
    "models.yaml": [
        (
            "\n- id: claude\n  name: Claude\n  aliases: [Claude models]\n  lab: anthropic\n  cite:\n"
            '    - {source: labs-brief, quote: "Anthropic builds the Claude models with a focus on safety."}\n',
            "",
        )
    ],
    "labs.yaml": [
        (
            "  country: {value: United States, source: nvidia-h100-datasheet}\n",
            "  country: {value: United States, source: nvidia-h100-datasheet}\n  events:\n"
            '    - {date: "2024-03", value: Announced Blackwell, source: nvidia-b200-page}\n',
        )
    ],
    "predictions.yaml": [
        (
            "  subjects: [amd, mi300x]\n  kind: forecast\n",
            '  subjects: [amd, mi300x]\n  kind: forecast\n  status: "false"\n  resolution:\n'
            '    outcome: "false"\n    "on": 2026-01-15\n    note: No successor shipped in 2025.\n'
            "    evidence: https://example.org/amd-roadmap\n",
        )
    ],
}

CHANGED = [
    {
        "kind": "lab",
        "id": "nvidia",
        "field": "events",
        "change": "added",
        "before": None,
        "after": "2024-03: Announced Blackwell",
        "source": "nvidia-b200-page",
        "quote": None,
    },
    {
        "kind": "chip",
        "id": "h100",
        "field": "memory",
        "change": "changed",
        "before": "80 GB",
        "after": "94 GB",
        "source": "nvidia-h100-datasheet",
        "quote": None,
    },
]


def edit(data: Path, changes: dict | None = None) -> None:
    for name, pairs in (changes or EDITS).items():
        path = data / name
        text = path.read_text()
        for old, new in pairs:
            assert old in text, (name, old)
            text = text.replace(old, new, 1)
        path.write_text(text)


@pytest.fixture
def sides(tmp_path) -> tuple[Path, Path]:
    """Two copies of the mini dataset (data/ and seeds/): as it is, and edited."""
    shutil.copytree(MINI.parent, tmp_path / "old")
    shutil.copytree(MINI.parent, tmp_path / "new")
    edit(tmp_path / "new" / "data")
    return tmp_path / "old" / "data", tmp_path / "new" / "data"


def git(repo: Path, *args: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org", GIT_COMMITTER_NAME="t")
    env["GIT_COMMITTER_EMAIL"] = "t@example.org"
    done = subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True)
    return done.stdout.strip()


@pytest.fixture
def repo(tmp_path, monkeypatch) -> Path:
    """A git repository laid out as `aitrack init` makes one (data/, seeds/): tag v1 is
    the mini dataset, HEAD the edited one; the current directory is inside it."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    for var in [k for k in os.environ if k.startswith("GIT_")]:
        monkeypatch.delenv(var)
    root = tmp_path / "repo"
    shutil.copytree(MINI.parent, root)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "v1")
    git(root, "tag", "v1")
    edit(root / "data")
    git(root, "commit", "-qam", "edit")
    monkeypatch.chdir(root)
    return root


def as_json(*args: str):
    result = run_cli("diff", *args, "-f", "json")
    assert result.exit_code in (0, 1), result.stderr
    return result, json.loads(result.stdout)


def test_two_folders_as_json_name_every_difference(sides):
    result, data = as_json(*map(str, sides))
    assert result.exit_code == 1 and result.stderr == ""
    assert data["added"] == [{"kind": "chip", "id": "b200", "name": "NVIDIA B200"}]
    assert data["removed"] == [{"kind": "model", "id": "claude", "name": "Claude"}]
    assert data["changed"] == CHANGED
    assert data["resolved"] == [
        {
            "id": "amd-mi300x-successor-2025",
            "name": "AMD ships an MI300X successor by end of 2025",
            "statement": "AMD will ship a successor to the MI300X by end of 2025.",
            "outcome": "false",
            "on": "2026-01-15",
            "note": "No successor shipped in 2025.",
            "evidence": "https://example.org/amd-roadmap",
            "source": None,
            "quote": None,
        }
    ]
    assert [s["id"] for s in data["sources_added"]] == ["nvidia-b200-page"]
    assert data["sources_added"][0]["url"] == "https://www.nvidia.com/en-us/data-center/dgx-b200/"
    assert (data["old"], data["new"], data["old_commit"]) == (str(sides[0]), str(sides[1]), None)


def test_the_table_has_a_summary_and_one_section_per_kind_of_difference(sides):
    result = run_cli("diff", *map(str, sides), "--color", "never")
    assert result.exit_code == 1 and result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0] == (
        f"aitrack diff {sides[0]} {sides[1]}: 1 entity added, 1 entity removed, 2 fields changed, "
        "1 prediction resolved, 1 source added"
    )
    titles = [line for line in lines if line in {"Entities added", "Entities removed", "Fields changed"}]
    assert titles == ["Entities added", "Entities removed", "Fields changed"]
    row = next(line for line in lines if line.split()[:2] == ["chip", "h100"])
    assert row.split() == ["chip", "h100", "memory", "changed", "80", "GB", "94", "GB", "nvidia-h100-datasheet"]
    assert "Predictions resolved" in lines and "Sources added" in lines
    assert any("https://example.org/amd-roadmap" in line for line in lines)


def test_markdown_is_a_pull_request_comment(sides):
    result = run_cli("diff", *map(str, sides), "-f", "markdown")
    assert result.exit_code == 1
    out = result.stdout
    assert out.startswith(f"**aitrack diff {sides[0]} {sides[1]}: 1 entity added,")
    for title in ("Entities added", "Entities removed", "Fields changed", "Predictions resolved", "Sources added"):
        assert f"\n### {title}\n" in out
    rows = [[c.strip() for c in line.split("|")[1:-1]] for line in out.splitlines() if line.startswith("| chip")]
    assert ["chip", "h100", "memory", "changed", "80 GB", "94 GB", "nvidia-h100-datasheet", ""] in rows


def test_json_lines_and_csv_sections(sides):
    lines = run_cli("diff", *map(str, sides), "-f", "jsonl").stdout.splitlines()
    assert [json.loads(line)["what"] for line in lines] == ["added", "removed", "changed", "changed"] + [
        "resolved",
        "sources",
    ]
    csv = run_cli("diff", *map(str, sides), "-f", "csv", "--section", "changed")
    assert csv.exit_code == 1
    assert csv.stdout.splitlines()[0] == '"kind","id","field","change","old","new","source","quote"'
    assert '"chip","h100","memory","changed","80 GB","94 GB","nvidia-h100-datasheet",' in csv.stdout
    several = run_cli("diff", *map(str, sides), "-f", "csv")
    assert several.exit_code == 2 and "--section" in several.stderr


def test_the_same_data_twice_is_no_difference(sides):
    old = str(sides[0])
    result = run_cli("diff", old, old)
    assert result.exit_code == 0
    assert result.stdout.strip() == f"aitrack diff {old} {old}: no differences"
    assert result.stderr == f"aitrack: no differences between {old} and {old}\n"
    _, data = as_json(old, old)
    assert [data[k] for k in ("added", "removed", "changed", "resolved", "sources_added")] == [[]] * 5


def test_a_workspace_root_stands_for_its_data(sides):
    result, data = as_json(str(sides[0].parent), str(sides[1].parent))
    assert result.exit_code == 1 and data["changed"] == CHANGED


def test_a_newer_fact_in_a_history_and_a_new_citation_of_the_same_value(sides, tmp_path):
    old = sides[0]
    new = tmp_path / "other"
    shutil.copytree(old.parent, new)
    fact = '  focus: {value: safety, source: labs-brief, quote: "the Claude models with a focus on safety"}\n'
    edit(
        new / "data",
        {
            "labs.yaml": [
                (fact, fact.replace('"the Claude models with a focus on safety"', '"with a focus on safety"'))
            ],
            "chips.yaml": [
                (
                    "  tdp: {value: 700 W, source: nvidia-h100-datasheet}\n",
                    '  tdp:\n    - {value: 700 W, source: nvidia-h100-datasheet, valid_from: "2023"}\n'
                    '    - {value: 600 W, source: nvidia-h100-datasheet, valid_from: "2025"}\n',
                )
            ],
        },
    )
    _, data = as_json(str(old), str(new / "data"))
    got = [(c["id"], c["field"], c["change"], c["before"], c["after"], c["quote"]) for c in data["changed"]]
    assert got == [
        ("anthropic", "focus", "recited", "safety", "safety", "with a focus on safety"),
        ("h100", "tdp", "changed", "700 W", "600 W", None),
    ]


def test_two_git_revisions(repo):
    result, data = as_json("v1", "HEAD")
    assert result.exit_code == 1
    assert data["changed"] == CHANGED
    assert [e["id"] for e in data["added"]] == ["b200"] and [e["id"] for e in data["removed"]] == ["claude"]
    head = git(repo, "rev-parse", "HEAD")
    assert (data["old"], data["new"], data["new_commit"]) == ("v1", "HEAD", head)
    table = run_cli("diff", "v1", "HEAD")
    assert table.stdout.splitlines()[0].startswith(f"aitrack diff v1 ({git(repo, 'rev-parse', '--short=7', 'v1')}) ")


def test_a_revision_against_the_working_copy(repo):
    assert run_cli("diff", "HEAD", "./data").exit_code == 0
    path = repo / "data" / "chips.yaml"
    path.write_text(path.read_text().replace("value: 94 GB", "value: 96 GB"))
    _, data = as_json("HEAD", "./data")
    assert [(c["id"], c["before"], c["after"]) for c in data["changed"]] == [("h100", "94 GB", "96 GB")]
    assert data["added"] == data["removed"] == data["resolved"] == data["sources_added"] == []


def test_a_revision_that_does_not_load_is_one_line_naming_its_file(repo):
    path = repo / "data" / "chips.yaml"
    path.write_text(path.read_text().replace("vendor: nvidia\n", "vendor: nvidiaa\n", 1))
    git(repo, "commit", "-qam", "broken")
    result = run_cli("diff", "v1", "HEAD")
    assert result.exit_code == 2 and result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("aitrack: 'HEAD' does not load: HEAD:data/chips.yaml:")
    assert "nvidiaa" in lines[0] and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("v9", "HEAD"), "'v9' is neither a dataset folder nor a git revision of "),
        (("v1", "./nowhere"), "'./nowhere' is neither a dataset folder nor a git revision of "),
        (("data/chips.yaml", "HEAD"), "'data/chips.yaml' is a file, not a dataset folder"),
        (("seeds", "HEAD"), "'seeds' does not load: "),
    ],
)
def test_a_side_that_is_not_there_is_one_line_and_status_2(repo, args, said):
    result = run_cli("diff", *args)
    assert result.exit_code == 2 and result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"aitrack: {said}"), lines


def test_a_revision_without_the_dataset_folder(repo):
    git(repo, "mv", "data", "elsewhere")
    git(repo, "commit", "-qm", "moved")
    result = run_cli("diff", "v1", "HEAD")
    assert result.exit_code == 2
    assert result.stderr == "aitrack: revision 'HEAD' has no data/ folder (the dataset to compare)\n"


def test_outside_a_repository_a_name_is_neither(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    result = run_cli("diff", "main", str(MINI))
    assert result.exit_code == 2
    assert result.stderr == (
        "aitrack: 'main' is neither a dataset folder nor a git revision "
        "(the current directory is not in a git repository)\n"
    )


def test_the_installed_command_exits_as_diff_does(sides, tmp_path):
    old, new = map(str, sides)
    different = run_installed("diff", old, new, "-f", "json")
    assert different.returncode == 1 and different.stderr == "" and json.loads(different.stdout)["changed"] == CHANGED
    missing = run_installed("diff", old, str(tmp_path / "nowhere"), cwd=str(tmp_path))
    assert missing.returncode == 2 and len(missing.stderr.splitlines()) == 1
    assert "Traceback" not in missing.stderr
