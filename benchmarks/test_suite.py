"""Time the whole test suite on one core and on two, side by side in one run.

Usage: .venv/bin/python benchmarks/test_suite.py [--repeats 1] [--quick] [-- extra pytest args]

Runs what `make test` runs after lint (`pytest tests notebooks/*.ipynb` with strict nbval),
once serially and once with pytest-xdist (`-n 2 --dist loadfile`: every file, and so every
notebook, stays on one worker, in order), alternating, and prints the wall time of each, the
ratio and whether both passed. `--quick` leaves out the slow and browser tests. Every notebook
runs with one thread (scripts/notebook_env.py), so two workers use the machine's two cores.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NBVAL = ["--nbval", "--nbval-current-env", "--nbval-sanitize-with", "tests/sanitize.cfg"]
WAYS = {"serial": [], "-n 2 --dist loadfile": ["-n", "2", "--dist", "loadfile"]}


def run(extra: list[str], args: argparse.Namespace) -> tuple[float, int, str]:
    notebooks = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "notebooks").glob("[0-9]*.ipynb"))
    command = [sys.executable, "-m", "pytest", "tests", *notebooks, *NBVAL, "-q"]
    command += ["-p", "no:cacheprovider", *extra, *args.pytest_args]
    if args.quick:
        command += ["-m", "not slow and not browser"]
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    summary = (done.stdout.strip().splitlines() or ["(no output)"])[-1]
    return seconds, done.returncode, summary


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("pytest_args", nargs="*")
    args = parser.parse_args()
    times: dict[str, list[float]] = {way: [] for way in WAYS}
    failed = False
    for r in range(args.repeats):
        order = list(WAYS) if r % 2 == 0 else list(reversed(WAYS))
        for way in order:
            print(f"repeat {r + 1}/{args.repeats}: {way} ...", end="", flush=True, file=sys.stderr)
            seconds, code, summary = run(WAYS[way], args)
            print(f" {seconds:.0f} s, exit {code}: {summary}", file=sys.stderr)
            times[way].append(seconds)
            failed |= code != 0
    serial = statistics.median(times["serial"])
    print(f"{'way':24s} {'seconds':>8s} {'ratio':>6s}")
    for way, values in times.items():
        t = statistics.median(values)
        print(f"{way:24s} {t:8.0f} {t / serial:6.2f}")
    print(f"(medians of {args.repeats} alternating run(s); ratio = time / serial time)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
