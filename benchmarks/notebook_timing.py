"""Time every lesson in a fresh kernel next to an import-only notebook; report size and memory.

Usage: .venv/bin/python benchmarks/notebook_timing.py [--repeats 3] [notebooks ...]

Each repeat runs the floor notebooks and every lesson once, interleaved, each in a new kernel
under the test settings (scripts/notebook_env.py); the table shows medians.

The floor, "(floor)", is the least a lesson can cost: start a kernel, import numpy, torch,
pyplot and course_utils, create one torch.optim optimizer (the first optimizer a process
creates imports torch._dynamo: 1-3 s on these machines, which no public API avoids) and draw
one plot. "ratio" is a lesson's wall time over the floor's run in the same round (the median
over the rounds, with the range): the cost of the teaching itself, measured side by side.
"(import only)" (no optimizer, no plot) is shown for reference, with each lesson's ratio to
it in "vs import". Peak memory is the kernel's maximum resident set size (getrusage), read by
one extra cell at the end. Targets: ratio <= 1.5, size < 1 MB, peak memory < 500 MB.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script: make the repository's `scripts` importable
from scripts import notebook_env  # noqa: E402

IMPORT_ONLY = """\
import matplotlib.pyplot as plt
import numpy as np
import torch
from torch import nn, optim

import course_utils
from course_utils import set_seed

set_seed(0)
course_utils.use_course_style()"""
FIRST_OPTIMIZER = "_ = optim.SGD(nn.Linear(1, 1).parameters(), lr=0.1)  # imports torch._dynamo"
ONE_PLOT = """\
fig, ax = plt.subplots(figsize=(6, 3.5))
ax.plot(np.arange(10), np.arange(10) ** 2, marker="o")
ax.set(xlabel="x", ylabel="y", title="one plot")
plt.show()"""
PEAK_CELL = "import resource\nprint(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"


def run(nb: nbformat.NotebookNode) -> tuple[float, float]:
    """Execute a copy with a memory probe appended; return (seconds, peak MB)."""
    nb = nbformat.from_dict(nb)
    nb.cells.append(nbformat.v4.new_code_cell(PEAK_CELL))
    client = NotebookClient(
        nb,
        timeout=600,
        kernel_name="python3",
        extra_arguments=notebook_env.KERNEL_ARGS,
        store_widget_state=False,
        resources={"metadata": {"path": str(ROOT / "notebooks")}},
    )
    start = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - start
    peak_kb = int(nb.cells[-1].outputs[0]["text"].strip())
    return seconds, peak_kb / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    notebook_env.apply()
    paths = args.notebooks or sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))
    books = {
        "(import only)": nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(IMPORT_ONLY)]),
        "(floor)": nbformat.v4.new_notebook(
            cells=[
                nbformat.v4.new_code_cell(IMPORT_ONLY),
                nbformat.v4.new_code_cell(FIRST_OPTIMIZER),
                nbformat.v4.new_code_cell(ONE_PLOT),
            ]
        ),
    }
    books.update({p.stem: nbformat.read(p, as_version=4) for p in paths})
    times: dict[str, list[float]] = {k: [] for k in books}
    peaks: dict[str, list[float]] = {k: [] for k in books}
    for r in range(args.repeats):
        for name, nb in books.items():  # interleaved: machine noise hits all alike
            print(f"repeat {r + 1}/{args.repeats}: {name} ...", end="", flush=True, file=sys.stderr)
            seconds, peak = run(nb)
            print(f" {seconds:.1f} s", file=sys.stderr)
            times[name].append(seconds)
            peaks[name].append(peak)

    def ratios(name: str, base: str) -> list[float]:
        """Per round: the notebook over the baseline run next to it (a slow moment of the
        machine hits both), so the median ratio drifts less than a ratio of medians."""
        return [t / b for t, b in zip(times[name], times[base])]

    print(
        f"{'notebook':28s} {'seconds':>8s} {'ratio':>6s} {'(range)':>11s} {'vs import':>9s} "
        f"{'size KB':>8s} {'peak MB':>8s}  targets: ratio<=1.5, <1000 KB, <500 MB"
    )
    for name in books:
        t, peak = statistics.median(times[name]), max(peaks[name])
        per_round = ratios(name, "(floor)")
        ratio, spread = statistics.median(per_round), f"{min(per_round):.2f}-{max(per_round):.2f}"
        vs_import = statistics.median(ratios(name, "(import only)"))
        size = (
            (ROOT / "notebooks" / f"{name}.ipynb").stat().st_size / 1024
            if name in {p.stem for p in paths}
            else 0
        )
        flags = []
        if not name.startswith("("):
            flags = [
                f
                for f, bad in (
                    ("ratio", ratio > 1.5),
                    ("size", size >= 1000),
                    ("memory", peak >= 500),
                )
                if bad
            ]
        print(
            f"{name:28s} {t:8.2f} {ratio:6.2f} {spread:>11s} {vs_import:9.2f} {size:8.0f} "
            f"{peak:8.0f}  "
            f"{'MISSED: ' + ', '.join(flags) if flags else ''}"
        )
    print(
        f"(seconds: median of {args.repeats} interleaved rounds; ratio: median of the per-round "
        "ratios to the floor run in the same round, with their range; each run is a fresh "
        "kernel with OMP_NUM_THREADS=1)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
