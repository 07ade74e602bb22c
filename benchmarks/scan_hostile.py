"""Time `aitrack scan` on hostile 1 MB documents, each a whole process, against the
target of issue #14: any shape of document in at most 5 s and 200 MB peak RSS.

    python benchmarks/scan_hostile.py                # every shape, 1 MB each
    python benchmarks/scan_hostile.py --size 300000 --shapes one-line,digits

scan reads untrusted text, so every stage (tokens, names, sentences, quantities) must
stay linear: a megabyte on one line, a run of digits, a flood of names or of short lines.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time

# Each shape is repeated to the size asked for; "H100 " in front gives the quantity
# and prediction stages something to work on, since they only look at sentences that
# name a known entity.
SHAPES = {
    "one-line": "NVIDIA H100 will reach 4.0 TB/s and 80 GB by end of 2026 while Gaudi 3 and MI300X ship; ",
    "digits": "H100 has " + "1234567890" * 8,
    "commas": "H100 has 1,2,3,4,5,6,7,8,9,0,",
    "dots": "H100 has 1.2.3.4.5.6.7.8.9.0.",
    "names": "A1 Bq2 XyZ Gaudi 3 MI300X ",
    "sentences": "H100 will hit 4 TB/s by 2026. ",
    "short-lines": "H100\n",
    "blank-lines": "\n \n",
    "letters": "abcdefghij",
    "dashes": "a-a-b-c-",
    "caps": "ABCDEFGHIJ",
    "flow": "[{},",
    "spaces": "H100 " + " " * 50,
}
TARGET_S, TARGET_MB = 5.0, 200


def run(exe: str, path: str) -> tuple[float, int, int]:
    start = time.perf_counter()
    proc = subprocess.Popen([exe, "scan", path, "-f", "json"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    return time.perf_counter() - start, usage.ru_maxrss // 1024, os.waitstatus_to_exitcode(status)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000, help="bytes per document")
    parser.add_argument("--shapes", default=",".join(SHAPES), help="comma-separated shape names")
    args = parser.parse_args()
    exe = os.path.join(os.path.dirname(sys.executable), "aitrack")
    work = tempfile.mkdtemp(prefix="aitrack-scan-")
    print(f"| shape | bytes | seconds | peak RSS MB | exit | ≤ {TARGET_S:g} s, ≤ {TARGET_MB} MB |")
    print("|---|---|---|---|---|---|")
    failed = False
    for name in args.shapes.split(","):
        unit = SHAPES[name]
        path = os.path.join(work, f"{name}.txt")
        with open(path, "w", encoding="utf-8") as fh:
            fh.write((unit * (args.size // len(unit) + 1))[: args.size])
        run(exe, path)  # warm-up: the catalog cache
        seconds, peak, code = run(exe, path)
        met = seconds <= TARGET_S and peak <= TARGET_MB and code == 0
        failed |= not met
        print(f"| {name} | {args.size:,} | {seconds:.2f} | {peak} | {code} | {'yes' if met else 'NO'} |", flush=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
