"""Run every notebook several times in fresh kernels and report outputs that differ from the \
stored ones.

Usage (via make): make repro [NOTEBOOKS="notebooks/04_nn_linear.ipynb"]
       python -m scripts.repro [--runs 3] [--threads 1 2] [--like execute] [notebooks ...]

Each notebook is executed ``--runs`` times with OMP_NUM_THREADS=1 and as often with
OMP_NUM_THREADS=2 (every other setting as scripts/notebook_env.py, except MKL_NUM_THREADS,
which follows OMP_NUM_THREADS: see notebook_env.kernel_env), one fresh kernel per run, one
run at a time: a run uses at most two threads, which is all this machine has. Each run reports
the thread count torch really used.
By default cells are executed the way nbval executes them (``store_history=False``, cells
marked NBVAL_SKIP not run); ``--like execute`` runs every cell as ``make execute`` does.

Outputs are compared the way nbval 0.11 compares them: streams coalesced, every output key
and MIME type except images (``image/png``, ``image/jpeg``), widget views, metadata,
tracebacks and execution counts, after tests/sanitize.cfg's replacements; cells marked
NBVAL_IGNORE_OUTPUT or NBVAL_SKIP (comment or tag) are not compared.

Prints a table (notebook x run -> number of differing cells) and, for each differing cell,
its first differing lines. Exit status 1 when any output differs. tests/test_rerun.py uses
this module's helpers.
"""

from __future__ import annotations

import argparse
import copy
import difflib
import re
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if __name__ == "__main__" and not __package__:
    sys.exit("run it from the repository root as a module: python -m scripts.repro")

import nbformat  # noqa: E402
from nbclient import NotebookClient  # noqa: E402

from scripts import notebook_env  # noqa: E402
from scripts.notebook_env import kernel_env  # noqa: E402, F401 - tests use it from here too
from scripts.notebook_files import coalesce_streams  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SANITIZE_CFG = ROOT / "tests" / "sanitize.cfg"

# --- what nbval 0.11 compares (nbval/plugin.py: IPyNbFile.skip_compare, without --nbdime) ---
SKIP_COMPARE = frozenset(
    {
        "metadata",
        "traceback",
        "prompt_number",
        "output_type",
        "name",
        "execution_count",
        "application/vnd.jupyter.widget-view+json",
        "image/png",
        "image/jpeg",
    }
)
# comment markers (alone on their line) and cell tags that switch nbval's checks off
IGNORE_MARKERS = {"NBVAL_IGNORE_OUTPUT", "PYTEST_VALIDATE_IGNORE_OUTPUT"}
SKIP_MARKERS = {"NBVAL_SKIP"}
IGNORE_TAGS = {"nbval-ignore-output", "pytest-validate-ignore-output"}
SKIP_TAGS = {"nbval-skip"}


def _markers(cell: Any) -> set[str]:
    found = {
        line.strip().lstrip("#").strip()
        for line in cell.source.splitlines()
        if line.strip().startswith("#")
    }
    return found | set(cell.get("metadata", {}).get("tags", []))


def is_skipped(cell: Any) -> bool:
    """NBVAL_SKIP: nbval neither runs nor checks the cell."""
    m = _markers(cell)
    return bool(m & SKIP_MARKERS or m & SKIP_TAGS)


def raises(cell: Any) -> bool:
    """NBVAL_RAISES_EXCEPTION or a raises-exception tag: the cell is expected to raise."""
    m = _markers(cell)
    return bool(m & {"NBVAL_RAISES_EXCEPTION", "raises-exception", "nbval-raises-exception"})


def is_checked(cell: Any) -> bool:
    """A code cell whose outputs nbval compares (not NBVAL_IGNORE_OUTPUT, not NBVAL_SKIP)."""
    if cell.cell_type != "code" or is_skipped(cell):
        return False
    m = _markers(cell)
    return not (m & IGNORE_MARKERS or m & IGNORE_TAGS)


def load_sanitizer(path: Path = SANITIZE_CFG) -> Callable[[Any], Any]:
    """The regex replacements of a sanitize file (nbval's `regex:`/`replace:` line pairs)."""
    pairs = re.findall(r"^regex: (.*)$\n^replace: (.*)$", path.read_text(), flags=re.MULTILINE)
    patterns = [(re.compile(rx), rep) for rx, rep in dict(pairs).items()]

    def sanitize(value: Any) -> Any:
        if not isinstance(value, str):
            return value
        for rx, rep in patterns:
            value = rx.sub(rep, value)
        return value

    return sanitize


def comparable(outputs: list[Any], sanitize: Callable[[Any], Any]) -> dict[str, list]:
    """Outputs flattened as nbval does: key (stream name, MIME type, ename, ...) -> values."""
    flat: dict[str, list] = defaultdict(list)
    for out in coalesce_streams(outputs, like="nbval"):
        if out.get("output_type") == "stream":  # nbval keys a stream by its name
            out = {"output_type": "stream", out["name"]: out["text"]}
        for key, value in out.items():
            if key in SKIP_COMPARE:
                continue
            if key == "data":
                for mime, data in value.items():
                    if mime not in SKIP_COMPARE:
                        text = "".join(data) if isinstance(data, list) else data
                        flat[mime].append(sanitize(text))
            else:
                flat[key].append(sanitize(value))
    return dict(flat)


def _text(value: Any) -> str:
    return value if isinstance(value, str) else repr(value)


def diff_outputs(
    ref: list[Any], test: list[Any], sanitize: Callable[[Any], Any], max_lines: int = 6
) -> list[str]:
    """[] when nbval would accept ``test`` for ``ref``; else the first differing lines."""
    r, t = comparable(ref, sanitize), comparable(test, sanitize)
    if set(r) != set(t):
        lines = []
        if set(r) - set(t):
            lines.append(f"missing output fields: {sorted(set(r) - set(t))}")
        if set(t) - set(r):
            extra = sorted(set(t) - set(r))
            lines.append(f"unexpected output fields: {extra}")
            for key in extra:
                lines += [f"+ [{key}] {line}" for line in _text(t[key][0]).splitlines()[:max_lines]]
        return lines
    for key in r:
        if len(r[key]) != len(t[key]):
            return [f"[{key}] {len(r[key])} output(s) stored, {len(t[key])} now"]
        for a, b in zip(r[key], t[key]):
            if a != b:
                delta = [
                    line
                    for line in difflib.unified_diff(
                        _text(a).splitlines(),
                        _text(b).splitlines(),
                        "stored",
                        "now",
                        n=0,
                        lineterm="",
                    )
                    if not line.startswith(("---", "+++", "@@"))
                ]
                return [f"[{key}] {line}" for line in (delta or ["(whitespace)"])[:max_lines]]
    return []


class Kernel:
    """One fresh kernel for one notebook; ``run(i)`` executes cell i (a copy) and returns its
    outputs.

    >>> with Kernel(path, kernel_env(1)) as k:
    ...     outputs = k.run(3)
    """

    def __init__(
        self, path: Path, env: dict[str, str], *, timeout: int = 600, store_history: bool = False
    ) -> None:
        self.path = Path(path)
        self.nb = nbformat.read(self.path, as_version=4)
        self.env, self.store_history = env, store_history
        self.client = NotebookClient(
            copy.deepcopy(self.nb),
            timeout=timeout,
            kernel_name="python3",
            extra_arguments=notebook_env.KERNEL_ARGS,
            allow_errors=True,
            record_timing=False,
            resources={"metadata": {"path": str(self.path.parent)}},
        )
        self._ctx: Any = None

    def __enter__(self) -> Kernel:
        self._ctx = self.client.setup_kernel(env=self.env)
        self._ctx.__enter__()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._ctx.__exit__(*exc)

    def run(self, index: int) -> list[dict]:
        cell = copy.deepcopy(self.nb.cells[index])
        cell.outputs = []
        self.client.execute_cell(cell, index, store_history=self.store_history)
        return copy.deepcopy(cell.outputs)

    def run_source(self, source: str) -> str:
        """Execute code that is not in the notebook (a probe); return what it printed."""
        cell = nbformat.v4.new_code_cell(source)
        if self.client.nb.nbformat_minor < 5:  # cell ids came with nbformat 4.5
            del cell["id"]
        self.client.nb.cells.append(cell)
        index = len(self.client.nb.cells) - 1
        cell = self.client.execute_cell(self.client.nb.cells[index], index, store_history=False)
        return "".join(o.get("text", "") for o in cell.outputs if o.get("output_type") == "stream")


def runnable(nb: Any, like_nbval: bool = True) -> list[int]:
    """Indices of the code cells a Run All executes (nbval does not run NBVAL_SKIP cells)."""
    return [
        i
        for i, c in enumerate(nb.cells)
        if c.cell_type == "code" and c.source.strip() and not (like_nbval and is_skipped(c))
    ]


def first_line(cell: Any) -> str:
    lines = [
        ln for ln in cell.source.splitlines() if ln.strip() and not ln.lstrip().startswith("#")
    ]
    return (lines or cell.source.splitlines() or [""])[0].strip()[:60]


@dataclass
class RunResult:
    seconds: float
    diffs: dict[int, list[str]] = field(default_factory=dict)  # cell index -> first differing lines
    error: str = ""  # the run did not complete (kernel died, timeout)
    threads: str = "?"  # torch.get_num_threads() in the kernel, after the notebook ran


THREADS_PROBE = "import torch\nprint(torch.get_num_threads(), end='')"


def run_once(
    path: Path, threads: int, sanitize: Callable[[Any], Any], like_nbval: bool = True
) -> RunResult:
    """Execute the notebook in a fresh kernel; compare each checked cell with its stored outputs."""
    start = time.perf_counter()
    result = RunResult(0.0)
    try:
        with Kernel(path, kernel_env(threads), store_history=not like_nbval) as k:
            for i in runnable(k.nb, like_nbval):
                outputs = k.run(i)
                cell = k.nb.cells[i]
                errors = [o for o in outputs if o.get("output_type") == "error"]
                if is_checked(cell) or errors:
                    delta = diff_outputs(cell.outputs, outputs, sanitize)
                    if errors and not delta and not raises(cell):  # nbval fails a cell that raises
                        delta = [f"error: {errors[0]['ename']}: {errors[0]['evalue']}"]
                    if delta:
                        result.diffs[i] = delta
            result.threads = k.run_source(THREADS_PROBE)
    except Exception as exc:  # noqa: BLE001 - reported, not hidden
        result.error = f"{type(exc).__name__}: {exc}".splitlines()[0][:200]
    result.seconds = time.perf_counter() - start
    return result


def report(results: dict[str, dict[str, RunResult]], cells: dict[str, Any]) -> str:
    runs = list(next(iter(results.values())))
    width = max(len(n) for n in results)
    lines = [
        f"{'notebook':<{width}}  " + "  ".join(f"{r:>6}" for r in runs) + "   seconds per run",
        "-" * (width + 8 * len(runs) + 20),
    ]
    for name, by_run in results.items():
        cols = [("ERR" if res.error else str(len(res.diffs))) for res in by_run.values()]
        secs = " ".join(f"{res.seconds:.0f}" for res in by_run.values())
        lines.append(f"{name:<{width}}  " + "  ".join(f"{c:>6}" for c in cols) + f"   {secs}")
    lines.append("(cells differing from the stored outputs; ERR = the run did not complete)")
    used: dict[str, set[str]] = defaultdict(set)
    for by_run in results.values():
        for run, res in by_run.items():
            used[run.split("#")[0]].add(res.threads)
    lines.append(
        "torch.get_num_threads() in the kernels: "
        + ", ".join(f"{t} runs -> {'/'.join(sorted(v))}" for t, v in used.items())
    )
    details = []
    for name, by_run in results.items():
        for run, res in by_run.items():
            if res.error:
                details.append(f"{name} [{run}]: run failed: {res.error}")
        seen: dict[int, list[str]] = {}
        for run, res in by_run.items():
            for i, _delta in res.diffs.items():
                seen.setdefault(i, [])
                seen[i].append(run)
        for i, where in sorted(seen.items()):
            first = next(res.diffs[i] for res in by_run.values() if i in res.diffs)
            details.append(
                f"{name} cell {i} `{first_line(cells[name][i])}` differs in {', '.join(where)}:"
            )
            details += [f"    {line}" for line in first]
    if details:
        lines += ["", "Differences:"] + details
    else:
        lines += ["", "No differences: every run reproduced every checked output."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path)
    parser.add_argument("--runs", type=int, default=3, help="runs per thread count (default 3)")
    parser.add_argument(
        "--threads",
        type=int,
        nargs="+",
        default=[1, 2],
        help="OMP_NUM_THREADS values (default 1 2)",
    )
    parser.add_argument(
        "--like",
        choices=["nbval", "execute"],
        default="nbval",
        help="execute cells as nbval does (default) or as `make execute` does",
    )
    args = parser.parse_args(argv)
    paths = args.notebooks or sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))
    sanitize = load_sanitizer()
    results: dict[str, dict[str, RunResult]] = {}
    cells: dict[str, Any] = {}
    total = time.perf_counter()
    for path in paths:
        name = Path(path).stem
        cells[name] = nbformat.read(path, as_version=4).cells
        results[name] = {}
        for threads in args.threads:
            for k in range(1, args.runs + 1):
                run = f"{threads}t#{k}"
                res = run_once(Path(path), threads, sanitize, args.like == "nbval")
                results[name][run] = res
                status = "ERR" if res.error else f"{len(res.diffs)} differing cell(s)"
                print(
                    f"{name} [{run}]: {status} ({res.seconds:.1f} s, torch threads {res.threads})",
                    flush=True,
                )
    print()
    print(report(results, cells))
    print(
        f"\n{len(paths)} notebook(s) x {len(args.threads) * args.runs} runs in "
        f"{time.perf_counter() - total:.0f} s (cells run like {args.like})"
    )
    bad = any(res.error or res.diffs for by_run in results.values() for res in by_run.values())
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
