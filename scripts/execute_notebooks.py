"""Execute notebooks in a fresh kernel each and store their outputs in place.

Usage (via make): make execute [NOTEBOOKS="notebooks/01_numpy_gradients.ipynb"]
Runs under exactly the settings `make test` uses (tests/notebook_env.py), so what is stored
is what nbval expects. Prints each notebook's wall time.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
import notebook_env  # noqa: E402


def coalesce_streams(outputs: list) -> list:
    """Join consecutive stdout (or stderr) outputs into one, as JupyterLab shows them. How a
    cell's prints are split depends on when the kernel flushed, i.e. on the machine's speed;
    joined, the stored notebook differs only where the printed text does."""
    merged: list = []
    for out in outputs:
        prev = merged[-1] if merged else None
        if (out.output_type == "stream" and prev is not None and prev.output_type == "stream"
                and prev.name == out.name):
            prev.text += out.text
        else:
            merged.append(out)
    return merged


def execute(path: Path, timeout: int = 600) -> float:
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
            cell.metadata.pop("execution", None)
    nb.nbformat_minor = 4  # no random cell ids
    nb.metadata.pop("widgets", None)  # saved widget views from an earlier run
    # store_widget_state=False: a widget's saved view would add ~100 KB per widget; every widget
    # has a static fallback figure, and a live kernel redraws it anyway
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            extra_arguments=notebook_env.KERNEL_ARGS, record_timing=False,
                            store_widget_state=False,
                            resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    client.execute()
    elapsed = time.perf_counter() - start
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = coalesce_streams(cell.outputs)
    nb.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
    nbformat.write(nb, path)
    return elapsed


def main(paths: list[str]) -> int:
    notebook_env.apply()
    for p in paths:
        elapsed = execute(Path(p))
        print(f"{p}: executed in {elapsed:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or sorted(str(p) for p in (ROOT / "notebooks").glob("[0-9]*.ipynb"))))
