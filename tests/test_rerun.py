"""Notebooks survive what learners do: Run All twice in the same kernel, and running a cell again.

One kernel per notebook (5-25 s each, about 80 s for all eight, so these are marked ``slow``;
they run in ``make test``):

1. Run All, then Run All again: every checked cell (one nbval compares) prints the same
   results the second time, and no cell raises.
2. Then, in the same kernel, each cell runs twice in a row: the second run prints what the
   first printed. A cell that fails this continues from the state it left behind (trains the
   same model further, appends to a list again, draws the next random numbers).

Cells are executed and compared as nbval does (scripts/repro.py): NBVAL_SKIP cells are not
run; NBVAL_IGNORE_OUTPUT cells run (their asserts count) but their outputs are not compared.
"""

from __future__ import annotations

import functools
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import pytest

from scripts.repro import (
    Kernel,
    diff_outputs,
    first_line,
    is_checked,
    kernel_env,
    load_sanitizer,
    runnable,
)

ROOT = Path(__file__).resolve().parents[1]

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))
SANITIZE = load_sanitizer()

# Cells that fail "run it again right after it ran" today, with the source fix proposed to the
# lesson author. Strict: once the lesson is fixed, the test says so and the entry must go.
KNOWN_RERUN: dict[str, str] = {}  # notebook stem -> the cell and the fix proposed (none today)


@dataclass
class Findings:
    run_all_twice: list[str] = field(default_factory=list)
    rerun_cell: list[str] = field(default_factory=list)
    seconds: float = 0.0


def _error(outputs: list[dict]) -> str:
    errors = [o for o in outputs if o.get("output_type") == "error"]
    return f"{errors[0]['ename']}: {errors[0]['evalue']}" if errors else ""


def _describe(cell, i: int, why: str, lines: list[str]) -> str:
    return "\n".join([f"cell {i} `{first_line(cell)}` {why}"] + [f"    {line}" for line in lines])


@functools.cache
def rerun(path: Path) -> Findings:
    """Run All, Run All again, then every cell twice in a row, all in one kernel."""
    found, start = Findings(), time.perf_counter()
    with Kernel(path, kernel_env(threads=1)) as k:
        cells = runnable(k.nb)
        first = {i: k.run(i) for i in cells}
        for i in cells:
            again, cell = k.run(i), k.nb.cells[i]
            if _error(again) and not _error(first[i]):
                found.run_all_twice.append(
                    _describe(cell, i, "raises in the second Run All:", [_error(again)])
                )
            elif is_checked(cell) and (delta := diff_outputs(first[i], again, SANITIZE)):
                found.run_all_twice.append(
                    _describe(cell, i, "prints something else in the second Run All:", delta)
                )
        for i in cells:
            once, twice, cell = k.run(i), k.run(i), k.nb.cells[i]
            if _error(twice) and not _error(once):
                found.rerun_cell.append(
                    _describe(cell, i, "raises when run again right after it ran:", [_error(twice)])
                )
            elif is_checked(cell) and (delta := diff_outputs(once, twice, SANITIZE)):
                found.rerun_cell.append(
                    _describe(
                        cell,
                        i,
                        "prints something else when run again right after it ran (it continues "
                        "from the state it left; create or reset that state inside the cell):",
                        delta,
                    )
                )
    found.seconds = time.perf_counter() - start
    return found


@pytest.mark.slow
@pytest.mark.parametrize("nb_path", NOTEBOOKS, ids=lambda p: p.stem)
def test_run_all_twice_in_one_kernel_prints_the_same(nb_path):
    found = rerun(nb_path)
    assert not found.run_all_twice, "\n".join(found.run_all_twice)


@pytest.mark.slow
@pytest.mark.parametrize(
    "nb_path",
    [
        pytest.param(
            p,
            marks=[pytest.mark.xfail(strict=True, reason=KNOWN_RERUN[p.stem])]
            if p.stem in KNOWN_RERUN
            else [],
        )
        for p in NOTEBOOKS
    ],
    ids=lambda p: p.stem,
)
def test_running_a_cell_again_right_after_it_ran_prints_the_same(nb_path):
    found = rerun(nb_path)
    assert not found.rerun_cell, "\n".join(found.rerun_cell)


def test_the_rerun_checks_catch_cells_that_continue_from_their_state(tmp_path):
    """The harness itself: state kept across Run All fails both checks; state reset by an
    earlier cell fails only the second; a fresh cell and an ignored cell fail neither."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("total = 0"),
        nbformat.v4.new_code_cell("total += 1\nprint('total', total)"),
        nbformat.v4.new_code_cell(
            "seen = globals().get('seen', []) + [1]\nprint('seen', len(seen))"
        ),
        nbformat.v4.new_code_cell("fresh = [1, 2]\nprint(sum(fresh))"),
        nbformat.v4.new_code_cell("# NBVAL_IGNORE_OUTPUT\nimport time\nprint(time.time())"),
    ]
    path = tmp_path / "state.ipynb"
    nbformat.write(nb, path)
    found = rerun(path)
    assert [f.splitlines()[0][:20] for f in found.run_all_twice] == ["cell 2 `seen = globa"]
    assert "-seen 1" in found.run_all_twice[0] and "+seen 2" in found.run_all_twice[0]
    assert [f.splitlines()[0][:20] for f in found.rerun_cell] == [
        "cell 1 `total += 1` ",
        "cell 2 `seen = globa",
    ]
