"""Time whole aitrack processes against the floor app, on the bundled data and on
synthetic datasets of 10k and 100k entities. Prints medians, ratios to the floor measured
in the same run, and peak RSS, beside the targets of issue 23.

Runs:
- warm: the cache is fresh (nothing changed since the last run);
- first: the first command after an edit of the ignore list: every data file comes from
  the per-file cache, then cross-checks, tables and the cache are built again;
- edit1: the first command after one entry of one data file was edited (a chip renamed):
  that file is parsed and validated again, then as `first`.

Several installs can be measured in one run, in turns (floor, then each install), so a
burst of load on a shared machine weighs on all alike:

    python benchmarks/run.py                                  # the aitrack beside this Python
    python benchmarks/run.py --sizes bundled,10k --runs 5
    python benchmarks/run.py --exe before=/tmp/old/bin/aitrack --exe now=.venv/bin/aitrack
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from generate import generate  # noqa: E402

COMMANDS = {
    "compare": ["compare", "wse-3", "h100"],
    "list": ["list", "chips", "--format", "csv"],
    "predictions": ["predictions", "--due", "2026"],
    "show": ["show", "h100", "--format", "json"],
    "validate": ["validate"],
    "help": ["--help"],
}
SIZES = {"bundled": 0, "10k": 10_000, "100k": 100_000}
AFTER_EDIT = ("list", "show")  # what a curator runs after an edit
# (size, mode) -> (text, max ratio to the floor, max peak MB)
TARGETS = {
    ("bundled", "warm"): ("≤ 1.15× floor", 1.15, None),
    ("bundled", "first"): ("≤ 3× floor", 3.0, None),
    ("bundled", "edit1"): ("≤ 3× floor", 3.0, None),
    ("10k", "warm"): ("≤ 1.5× floor", 1.5, None),
    ("10k", "first"): ("≤ 8× floor", 8.0, None),
    ("10k", "edit1"): ("≤ 8× floor", 8.0, None),
    ("100k", "warm"): ("≤ 3× floor", 3.0, None),
    ("100k", "first"): ("≤ 400 MB", None, 400.0),
}


def run_once(argv: list[str], env: dict) -> tuple[float, float]:
    """Wall seconds and peak RSS in MB of one process (which must succeed)."""
    # stderr goes to a file, not a pipe: a run that writes more than a pipe holds would
    # otherwise block forever before wait4 returns.
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=err, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            err.seek(0)
            raise SystemExit(f"{' '.join(argv)} failed: {err.read().decode(errors='replace')[:500]}")
    return elapsed, usage.ru_maxrss / 1024


def edit_ignored(data_dir: str) -> None:
    """A change of the ignore list: every data file is unchanged, the rest is rebuilt."""
    path = os.path.join(data_dir, "ignored.yaml")
    try:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
    except FileNotFoundError:
        text = "[]\n"
    text = text[: -len("# bench\n")] if text.endswith("# bench\n") else text + "# bench\n"
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)


def edit_one(data_dir: str) -> None:
    """A curator's edit of one entry: a chip renamed, a different name each time."""
    folder = os.path.join(data_dir, "chips")
    path = os.path.join(folder, sorted(os.listdir(folder))[0]) if os.path.isdir(folder) else data_dir + "/chips.yaml"
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    found = re.search(r"(?m)^  name: (?:Synthetic Chip 0|Cerebras WSE-3)(?: rev (\d+))?$", text)
    assert found, "the benchmark's chip to edit is missing"
    base = found.group(0).split(" rev ")[0]
    text = text[: found.start()] + f"{base} rev {int(found.group(1) or 0) + 1}" + text[found.end() :]
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)


MODES = ["warm", "first", "edit1"]


def settle(data_dir: str) -> None:
    """Wait until every file under data_dir was last changed over a minute ago."""
    newest = max(
        max(os.stat(os.path.join(root, n)).st_ctime for n in names) for root, _, names in os.walk(data_dir) if names
    )
    time.sleep(max(0.0, newest + 61 - time.time()))


def modes_of(size: str, name: str) -> list[str]:
    if name == "help":
        return ["warm"]
    if name == "validate":
        return ["first"]
    return ["warm", "first", "edit1"] if name in AFTER_EDIT else ["warm"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="bundled,10k,100k")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per row (after one warm-up)")
    parser.add_argument("--runs-100k", type=int, default=3, help="timed runs of first and edit1 rows at 100k")
    parser.add_argument("--exe", action="append", default=[], metavar="LABEL=PATH", help="an aitrack to measure")
    parser.add_argument(
        "--bundled",
        default=os.path.dirname(HERE),
        metavar="DIR",
        help="the checkout whose data/ and seeds/ the bundled rows copy (an older one, for installs that predate today's schema)",
    )
    args = parser.parse_args()
    exes = [tuple(e.split("=", 1)) for e in args.exe] or [
        ("now", os.path.join(os.path.dirname(sys.executable), "aitrack"))
    ]
    floor = [sys.executable, os.path.join(HERE, "floor_app.py"), "table"]
    work = tempfile.mkdtemp(prefix="aitrack-bench-")
    envs = {}
    for label, _exe in exes:
        envs[label] = {**os.environ, "AITRACK_CACHE_DIR": os.path.join(work, f"cache-{label}")}
        envs[label].pop("AITRACK_DATA_DIR", None)
    floor_times: list[float] = []
    rows = []
    for size in args.sizes.split(","):
        if SIZES[size]:
            data_dir = os.path.join(work, size)
            generate(SIZES[size], data_dir)
        else:  # a writable copy of the bundled data, with its documents beside it
            import shutil

            root = os.path.join(work, "bundled")
            shutil.copytree(os.path.join(args.bundled, "data"), os.path.join(root, "data"))
            shutil.copytree(os.path.join(args.bundled, "seeds"), os.path.join(root, "seeds"))
            data_dir = os.path.join(root, "data")
        # Warm rows first, once every file is older than the minute in which the caches also
        # hash a file's content (layout.RECENT_NS): the state a user's warm command meets.
        settle(data_dir)
        for name, cmd, mode in sorted(
            ((n, c, m) for n, c in COMMANDS.items() for m in modes_of(size, n)),
            key=lambda row: MODES.index(row[2]),
        ):
            runs = args.runs_100k if size == "100k" and mode != "warm" else args.runs
            argvs = {label: [exe, *cmd] + ([] if name == "help" else ["--data-dir", data_dir]) for label, exe in exes}
            for label in argvs:
                run_once(argvs[label], envs[label])  # warm-up: the cache holds this data
            os.sync()  # the timed runs must not pay for writing back the setup
            times: dict[str, list[float]] = {label: [] for label in argvs}
            peaks: dict[str, list[float]] = {label: [] for label in argvs}
            for _ in range(runs):
                floor_times.append(run_once(floor, envs[exes[0][0]])[0])
                for label, argv in argvs.items():
                    if mode == "first":
                        edit_ignored(data_dir)
                    elif mode == "edit1":
                        edit_one(data_dir)
                    elapsed, peak = run_once(argv, envs[label])
                    times[label].append(elapsed)
                    peaks[label].append(peak)
            for label in argvs:
                median = statistics.median(times[label])
                rows.append((size, name, mode, label, median, max(peaks[label])))
                print(f"  measured {size:8} {name:12} {mode:5} {label:8} {median:.3f}s", file=sys.stderr)
    floor_median = statistics.median(floor_times)
    print(
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}"
    )
    print(f"Floor app (Typer + a three-row rich table): median {floor_median:.3f} s over {len(floor_times)} runs\n")
    print("| dataset | command | run | install | median s | × floor | peak RSS MB | target | met |")
    print("|---|---|---|---|---|---|---|---|---|")
    order = list(COMMANDS)
    rows.sort(key=lambda r: (list(SIZES).index(r[0]), order.index(r[1]), MODES.index(r[2])))
    for size, name, mode, label, median, peak in rows:
        targeted = name in AFTER_EDIT or (mode == "warm" and name != "help")  # validate reads the documents too
        text, max_ratio, max_mb = TARGETS.get((size, mode), ("", None, None)) if targeted else ("", None, None)
        ratio = median / floor_median
        ok = ""
        if max_ratio is not None or max_mb is not None:
            good = (max_ratio is None or ratio <= max_ratio) and (max_mb is None or peak <= max_mb)
            ok = "yes" if good else "NO"
        print(f"| {size} | {name} | {mode} | {label} | {median:.3f} | {ratio:.2f} | {peak:.0f} | {text} | {ok} |")


if __name__ == "__main__":
    main()
