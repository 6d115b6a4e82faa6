"""Execute notebooks in a fresh kernel each and store their outputs in place.

Usage (via make): make execute [NOTEBOOKS="notebooks/01_numpy_gradients.ipynb"]
       python -m scripts.execute_notebooks [notebooks/NN_name.ipynb ...]
Runs under exactly the settings `make test` uses (scripts/notebook_env.py), so what is stored
is what nbval expects. Prints each notebook's wall time.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

if __name__ == "__main__" and not __package__:
    sys.exit("run it from the repository root as a module: python -m scripts.execute_notebooks")

import nbformat  # noqa: E402
from nbclient import NotebookClient  # noqa: E402

from scripts import notebook_env, notebook_files  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def execute(path: Path, timeout: int = 600) -> float:
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    notebook_files.normalize(nb)  # no random cell ids, no saved widget views from an earlier run
    # store_widget_state=False: a widget's saved view would add ~100 KB per widget; every widget
    # has a static fallback figure, and a live kernel redraws it anyway
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        extra_arguments=notebook_env.KERNEL_ARGS,
        record_timing=False,
        store_widget_state=False,
        resources={"metadata": {"path": str(path.parent)}},
    )
    start = time.perf_counter()
    client.execute()
    elapsed = time.perf_counter() - start
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = notebook_files.coalesce_streams(cell.outputs)
    notebook_files.write(nb, path)
    return elapsed


def main(paths: list[str]) -> int:
    notebook_env.apply()
    for p in paths:
        elapsed = execute(Path(p))
        print(f"{p}: executed in {elapsed:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(
        main(sys.argv[1:] or sorted(str(p) for p in (ROOT / "notebooks").glob("[0-9]*.ipynb")))
    )
