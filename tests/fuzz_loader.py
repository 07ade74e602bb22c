"""Fuzz the strict loader with hostile input and check that it never crashes.

    python tests/fuzz_loader.py --iterations 100000 [--seed 1] [--workers 2]

Every input must either load or yield problems that each carry a line number (so the
user sees `path:line`), with no uncaught exception, within 2 s. Inputs are mutations of
the real data files and of single entries: byte flips, truncations, insertions, deep
nesting, huge scalars, alias bombs, wrong types, NUL bytes, non-UTF-8 text, duplicate
keys and explicit tags. The test suite imports `mutate` and `check` from here.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from aitrack.dataset.layout import data_files  # noqa: E402
from aitrack.dataset.read import check_bytes  # noqa: E402

TIME_LIMIT = 2.0
STRATEGIES = (
    "flip",
    "truncate",
    "insert",
    "nest",
    "huge",
    "bomb",
    "types",
    "nul",
    "latin1",
    "dupkey",
    "tag",
    "splice",
    "garbage",
)


def corpus() -> list[tuple[str, bytes]]:
    """The real data files, whole, and each of their entries on its own."""
    out: list[tuple[str, bytes]] = []
    for kind, path in data_files(os.path.join(ROOT, "data")):
        with open(path, "rb") as fh:
            raw = fh.read()
        out.append((kind, raw))
        entries = raw.split(b"\n- ")
        out.extend((kind, b"- " + e if i else e) for i, e in enumerate(entries))
    return out


def _bomb(depth: int) -> bytes:
    lines = [b'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, depth):
        prev = f"*a{i - 1}".encode()
        lines.append(f"a{i}: &a{i} [".encode() + b",".join([prev] * 9) + b"]")
    return b"\n".join(lines) + b"\n"


def mutate(rng: random.Random, data: bytes) -> bytes:
    """One hostile variant of data."""
    strategy = rng.choice(STRATEGIES)
    buf = bytearray(data)
    if strategy == "flip" and buf:
        for _ in range(rng.randint(1, 8)):
            buf[rng.randrange(len(buf))] ^= 1 << rng.randrange(8)
        return bytes(buf)
    if strategy == "truncate":
        return data[: rng.randrange(len(data) + 1)]
    if strategy == "insert":
        pos = rng.randrange(len(data) + 1)
        junk = rng.choice(
            [
                b": ",
                b"- ",
                b"{",
                b"}",
                b"[",
                b"]",
                b"'",
                b'"',
                b"\n  ",
                b"\t",
                b"&x ",
                b"*x",
                b"!!",
                b"%YAML 1.1\n",
                b"---\n",
                b"? ",
            ]
        )
        return data[:pos] + junk * rng.randint(1, 5) + data[pos:]
    if strategy == "nest":
        depth = rng.choice([30, 200, 5000, 100000])
        return (
            b"- " + b"[" * depth + b"]" * depth + b"\n"
            if rng.random() < 0.5
            else b"- " + b"{a: " * depth + b"1" + b"}" * depth + b"\n"
        )
    if strategy == "huge":
        size = rng.choice([10_000, 1_000_000, 8_000_000])
        return b"- id: big\n  name: " + b"x" * size + b'\n  notes: "' + b"\\u00e9" * (size // 100) + b'"\n'
    if strategy == "bomb":
        return _bomb(rng.choice([3, 9, 12]))
    if strategy == "types":
        text = data.decode("utf-8", "replace")
        for old in (": ", "- "):
            parts = text.split(old)
            for i in rng.sample(range(1, len(parts)), min(len(parts) - 1, rng.randint(1, 4))) if len(parts) > 1 else []:
                parts[i] = (
                    rng.choice(["[1, 2]\n", "{a: b}\n", "123\n", "-4.5e300\n", "true\n", "null\n", "~\n", "''\n"])
                    + parts[i]
                )
            text = old.join(parts)
        return text.encode()
    if strategy == "nul":
        pos = rng.randrange(len(data) + 1)
        return data[:pos] + b"\x00" + data[pos:]
    if strategy == "latin1":
        return data.decode("utf-8", "replace").encode("latin-1", "replace") + b"\n# caf\xe9 \xff\xfe\n"
    if strategy == "dupkey":
        return data + b"  id: again\n  name: twice\n"
    if strategy == "tag":
        return (
            rng.choice(
                [
                    b"- !!python/object/apply:os.system ['true']\n",
                    b"- !!binary aGVsbG8=\n",
                    b"- id: !!int 3\n",
                    b"--- !custom\n- a\n",
                ]
            )
            + data
        )
    if strategy == "splice":
        cut = rng.randrange(len(data) + 1)
        return data[:cut] + data[rng.randrange(len(data) + 1) :]
    return bytes(rng.randrange(256) for _ in range(rng.randint(0, 400)))


def check(kind: str, raw: bytes) -> float:
    """Run the loader on one input; raise AssertionError on any broken guarantee."""
    start = time.perf_counter()
    loaded = check_bytes(raw, kind, "fuzz.yaml")
    elapsed = time.perf_counter() - start
    for problem in loaded.problems:
        assert problem.path == "fuzz.yaml" and problem.line >= 1, f"problem without a line: {problem}"
        assert str(problem).startswith(f"fuzz.yaml:{problem.line}:"), str(problem)
    assert elapsed < TIME_LIMIT, f"took {elapsed:.2f}s"
    return elapsed


def run(iterations: int, seed: int) -> tuple[int, int, float]:
    rng = random.Random(seed)
    items = corpus()
    slowest = 0.0
    failures = 0
    for i in range(iterations):
        kind, data = rng.choice(items)
        raw = mutate(rng, data)
        try:
            slowest = max(slowest, check(kind, raw))
        except Exception as exc:  # report and go on: a fuzzer wants every failure
            failures += 1
            path = os.path.join(ROOT, f"fuzz-failure-{seed}-{i}.yaml")
            with open(path, "wb") as fh:
                fh.write(raw)
            print(f"FAILURE {type(exc).__name__}: {exc} (input saved to {path})", file=sys.stderr)
    return iterations, failures, slowest


def _worker(args: tuple[int, int]) -> tuple[int, int, float]:
    return run(*args)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    start = time.perf_counter()
    share = [
        args.iterations // args.workers + (1 if w < args.iterations % args.workers else 0) for w in range(args.workers)
    ]
    if args.workers > 1:
        from multiprocessing import Pool

        with Pool(args.workers) as pool:
            results = pool.map(_worker, [(n, args.seed * 1000 + w) for w, n in enumerate(share)])
    else:
        results = [run(args.iterations, args.seed)]
    total = sum(r[0] for r in results)
    failures = sum(r[1] for r in results)
    slowest = max(r[2] for r in results)
    print(f"{total} inputs, {failures} failures, slowest {slowest:.3f}s, {time.perf_counter() - start:.0f}s in all")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
