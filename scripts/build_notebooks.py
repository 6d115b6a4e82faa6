"""Build notebooks/NN_name.ipynb from its source notebooks/src/NN_name.py.

A source is a Python file in jupytext's "percent" format, read with
`jupytext.reads(text, fmt="py:percent")`:

    # %% [markdown]
    # # Title
    # Text ...

    # %% tags=["solution"]
    x = 1

A cell runs from its `# %%` line to the next one; markdown lines drop their leading "# ".
Of a cell's metadata only its tags and `slideshow` go into the notebook. Every cell of the
built notebook gets a `slideshow` slide type, derived from the lesson's structure by
scripts/slide_types.py (a source cell's own `slideshow` wins): the slides of
scripts/make_slides.py. Tags the lessons use: "solution"
(an exercise's answer, a stub in the student copy), nbval's "nbval-ignore-output" (output
not compared: versions, timings, widgets) and "raises-exception", and "check" (a cell that
only guards the stored outputs: built with its source hidden, `jupyter.source_hidden`, and
left out of the student copy, so a learner never meets it).

A lesson's exercises are at the end of its source: the cells from the markdown cell whose
first line is "## Exercises" to the end (`exercise_cells`, the one place that rule lives).
That section opens with a set-up code cell of its own (imports, seed, data), so the checker
tests run it on its own, without the lesson's cells (tests/test_checks.py,
tests/test_student.py).

A built notebook is one generated markdown cell (`NOTE`: which source it comes from and how
to rebuild it), the generated Colab set-up cell (scripts/links.py: a no-op outside Colab),
then the source's cells. `build` only rewrites cells (a code cell whose
source did not change keeps its outputs; the notebook's metadata is kept) and writes the
notebook deterministically (scripts/notebook_files.py); run `make notebooks` to build and
then execute, so stored outputs always come from a real run.

Opening a source as a notebook: with jupytext installed (a dependency of the course),
JupyterLab opens notebooks/src/NN_name.py as a notebook (right-click > Open With >
Jupytext Notebook) and saves it back as the same percent-format file; jupytext.toml at the
repository root keeps the sources clean (no YAML header, no cell metadata but tags and an
explicit slide type).
The sources are deliberately NOT paired with the notebooks (jupytext's
`formats: ipynb,src//py:percent`): pairing makes the two files one document, synchronised
on every save in either direction, but here they differ on purpose. The .ipynb has cells the
source must not get (the generated note, later a Colab set-up cell), which pairing would
write into the source; its outputs must come from `make execute` under the test settings,
not from an editing session that pairing would save into it; and pairing writes jupytext
metadata into every notebook. So the source is the only file authors edit, and this script
is the one way from source to notebook.

Usage: python -m scripts.build_notebooks [--check] [notebooks/src/NN_name.py ...]
  --check   exit 1 if any .ipynb's cells differ from its source (used by the tests)
"""

from __future__ import annotations

import sys
from pathlib import Path

if __name__ == "__main__" and not __package__:
    sys.exit("run it from the repository root as a module: python -m scripts.build_notebooks")

import jupytext  # noqa: E402
import nbformat  # noqa: E402

from scripts import links, notebook_files, slide_types  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "notebooks" / "src"
EXERCISES_HEADING = "## Exercises"
# The built notebook's first cell. Short: an instructor projects it.
NOTE = "*Generated from `notebooks/src/{name}`: edit that file, then run `make notebooks`.*"
NEW_CELL = {
    "code": nbformat.v4.new_code_cell,
    "markdown": nbformat.v4.new_markdown_cell,
    "raw": nbformat.v4.new_raw_cell,
}


CHECK_TAG = slide_types.CHECK_TAG  # a cell that only guards the stored outputs


def lesson_sources(src_dir: Path = SRC) -> list[Path]:
    """Every lesson source, in order: notebooks/src/NN_name.py."""
    return sorted(src_dir.glob("[0-9]*.py"))


def parse(text: str) -> list[dict]:
    """Return [{"type": "code"|"markdown", "source": str, "tags": [...]}, ...]; a cell that
    sets `slideshow` metadata has it under "slideshow" too."""
    nb = jupytext.reads(text, fmt="py:percent")
    cells = []
    for c in nb.cells:
        cell = {"type": c.cell_type, "source": c.source, "tags": list(c.metadata.get("tags", []))}
        if "slideshow" in c.metadata:
            cell["slideshow"] = dict(c.metadata["slideshow"])
        cells.append(cell)
    return cells


def read_cells(src: Path) -> list[dict]:
    """The cells of a lesson source, exercises included."""
    return parse(Path(src).read_text(encoding="utf-8"))


def is_exercises_heading(cell: dict) -> bool:
    lines = cell["source"].splitlines()
    return cell["type"] == "markdown" and bool(lines) and lines[0].strip() == EXERCISES_HEADING


def exercise_cells(cells: list[dict]) -> list[dict]:
    """A lesson's exercises: its cells from the "## Exercises" markdown cell to the end ([] if
    none)."""
    start = next((i for i, c in enumerate(cells) if is_exercises_heading(c)), None)
    return [] if start is None else cells[start:]


def note_source(src: Path) -> str:
    return NOTE.format(name=Path(src).name)


def is_note(cell) -> bool:
    """Whether a notebook cell is the generated note `build` puts first."""
    prefix = NOTE.split("{name}")[0]
    return cell.cell_type == "markdown" and cell.source.startswith(prefix)


def notebook_cells(src: Path) -> list[dict]:
    """The cells of the built notebook: the note, the Colab set-up cell (scripts/links.py),
    then the source's cells; each with its slide type under "slideshow"."""
    cells = [
        {"type": "markdown", "source": note_source(src), "tags": []},
        {"type": "code", "source": links.colab_cell(), "tags": []},
        *read_cells(src),
    ]
    for cell, kind in zip(cells, slide_types.slide_types(cells, skip_first=2)):
        cell["slideshow"] = {"slide_type": kind}
    return cells


def target_of(src: Path) -> Path:
    return src.parent.parent / (src.stem + ".ipynb")


def _key(cell) -> tuple[str, str, list, dict | None]:
    meta = cell.metadata
    return cell.cell_type, cell.source, meta.get("tags", []), meta.get("slideshow")


def build(src: Path) -> bool:
    """Write the notebook's cells from the source; keep outputs of unchanged code cells.

    Returns True when the notebook changed."""
    target = target_of(src)
    old = nbformat.read(target, as_version=4) if target.exists() else None
    old_outputs = {c.source: c for c in old.cells if c.cell_type == "code"} if old else {}
    nb = nbformat.v4.new_notebook()
    # the metadata of the last execution (language_info) stays until the next one
    nb.metadata = old.metadata if old else {"language_info": {"name": "python"}}
    for c in notebook_cells(src):
        cell = NEW_CELL[c["type"]](c["source"])
        prev = old_outputs.get(c["source"]) if c["type"] == "code" else None
        if prev is not None:
            cell.outputs, cell.execution_count = prev.outputs, prev.execution_count
        if c["tags"]:
            cell.metadata["tags"] = c["tags"]
        if CHECK_TAG in c["tags"]:  # guards the stored outputs: collapsed for a reader
            cell.metadata["jupyter"] = {"source_hidden": True}
        cell.metadata["slideshow"] = c["slideshow"]
        nb.cells.append(cell)
    changed = old is None or [_key(c) for c in old.cells] != [_key(c) for c in nb.cells]
    if changed:
        notebook_files.write(nb, target)
    return changed


def out_of_date(src: Path) -> list[str]:
    """What differs between a notebook's cells and its source's ([] when in step)."""
    target = target_of(src)
    if not target.exists():
        return [f"{target.name} is missing"]
    nb = nbformat.read(target, as_version=4)
    note, *want = [(c["type"], c["source"], c["tags"], c["slideshow"]) for c in notebook_cells(src)]
    have = [_key(c) for c in nb.cells]
    problems = (
        []
        if have[:1] == [note]
        else [f"{target.name}: cell 0 is not the generated note {note[1]!r}"]
    )
    skip = (
        1 if nb.cells and is_note(nb.cells[0]) else 0
    )  # compare the rest even if the note is wrong
    body = have[skip:]
    if body != want:
        i = next((i for i, (w, h) in enumerate(zip(want, body)) if w != h), None)
        if i is not None:
            problems.append(f"{target.name}: cell {i + skip} differs from {src.name}")
        else:
            problems.append(
                f"{target.name}: {len(have)} cells, {src.name} has {len(want)} "
                "plus the generated note"
            )
    return problems


def main(argv: list[str]) -> int:
    check = "--check" in argv
    # accept notebooks/NN.ipynb as well as notebooks/src/NN.py
    paths = [SRC / (Path(a).stem + ".py") for a in argv if a != "--check"] or lesson_sources()
    if check:
        problems = [p for src in paths for p in out_of_date(src)]
        for p in problems:
            print(p)
        return 1 if problems else 0
    for src in paths:
        print(f"{target_of(src).relative_to(ROOT)}: {'rebuilt' if build(src) else 'unchanged'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
