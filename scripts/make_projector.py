"""Generate the projector copies projector/NN_name.ipynb from the instructor notebooks.

A projector copy is what an instructor opens in JupyterLab to run a lesson live in front of a
class: its instructor notebook (notebooks/NN_name.ipynb) with
- every output kept (the figures are there before anything runs), but those of an
  exercise's solution and of the cells after it in the same exercise (the check prints
  "Correct: <the rule>", an experiment prints the answer): the instructor runs them live;
- every cell tagged "solution" collapsed (cell metadata `"jupyter": {"source_hidden": true}`,
  which JupyterLab honours):
  the class sees a thin bar with "..." until the instructor clicks it, or the blue bar to the
  left of the cell, to reveal the solution. A collapsed cell's bar shows the first line of
  its code and of its output, so the code gets a first line that gives nothing away
  (`SOLUTION_LINE`), and its outputs are removed: the instructor reveals the code, then runs
  it (Shift+Enter) to show the result (no "outputs_hidden": there is no stored output to
  hide, and it would keep the fresh result collapsed until a second click);
- the generated note at the top (scripts/build_notebooks.py) replaced by `PROJECTOR_NOTE`.
The rest (markdown, code, tags, slide metadata) stays as it is. The output is deterministic
(scripts/notebook_files.py), so a rerun with no change is no diff; projector/README.md is
written too. Check and write mode, and the files' names, work as in scripts/make_student.py.

Usage: python -m scripts.make_projector [--check] [--out DIR] [notebooks/NN_name.ipynb ...]
  --check   write nothing; exit 1 listing the projector files that are missing, out of date
            or left over (used by tests/test_projector.py)
  --out DIR write the copies to DIR instead of projector/
"""

from __future__ import annotations

import argparse
import copy
import sys
from pathlib import Path

if __name__ == "__main__" and not __package__:
    sys.exit("run it from the repository root as a module: python -m scripts.make_projector")

import nbformat  # noqa: E402

from scripts import build_notebooks, make_student, notebook_files  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
PROJECTOR = ROOT / "projector"
HIDDEN = {"source_hidden": True}
SOLUTION_LINE = "# Solution to Exercise {n}: revealed by a click on this bar"
PROJECTOR_NOTE = (
    "*Projector copy of lesson {lesson}, generated from `notebooks/{name}` by `make projector`:"
    " outputs kept, solutions collapsed (click a collapsed bar to reveal one, then run it). "
    "See [README.md](README.md).*"
)

README = """\
# Projector copies of the lessons

Every notebook here is generated from the instructor version in `../notebooks/` by
`scripts/make_projector.py` (`make projector`), for an instructor who runs a lesson live
in JupyterLab in front of a class. It is the same lesson with two differences:

- all outputs are kept, so every figure is on screen before anything runs, except in the
  exercises from each solution on (the check cell's "Correct: ..." states the answer);
- each exercise's solution cell is collapsed: the class sees a thin bar saying "Solution to
  Exercise N" with "..." in its place. Click the bar (or the blue bar to the left of the
  cell) to reveal the solution, then run it (Shift+Enter) to show its result (its output is
  not stored, so the collapsed bar cannot give it away); click the blue bar to hide it again.

The slides of a lesson (`make slides`, `../slides/NN_name.slides.html`) are made from the
same notebooks. Do not edit these files: they are regenerated from `../notebooks/`, and a
test checks that they are in step.
"""


def projector_note(name: str) -> nbformat.NotebookNode:
    """The first cell of the projector copy of notebook ``name`` (NN_name.ipynb)."""
    lesson = Path(name).stem.split("_")[0]
    return nbformat.v4.new_markdown_cell(PROJECTOR_NOTE.format(lesson=lesson, name=name))


def is_solution(cell) -> bool:
    return cell.cell_type == "code" and make_student.SOLUTION_TAG in cell.metadata.get("tags", [])


def projectorize(nb: nbformat.NotebookNode, name: str = "notebook") -> nbformat.NotebookNode:
    """Return the projector copy of an instructor notebook (the input is not changed)."""
    nb = copy.deepcopy(nb)
    if nb.cells and build_notebooks.is_note(nb.cells[0]):
        nb.cells[0] = projector_note(name)
    else:
        nb.cells.insert(0, projector_note(name))
    notebook_files.normalize(nb)
    number, solved = None, False  # the current exercise; whether its solution came yet
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            found = make_student.exercise_number(cell.source)
            if found:
                number, solved = found[0], False
        elif is_solution(cell):
            cell.metadata["jupyter"] = dict(HIDDEN)
            cell.source = SOLUTION_LINE.format(n=number) + "\n" + cell.source
            cell.outputs, cell.execution_count, solved = [], None, True
        elif cell.cell_type == "code" and solved:
            cell.outputs, cell.execution_count = [], None
    return nb


def expected_files(sources: list[Path]) -> dict[str, str]:
    """File name -> text of every file projector/ should hold for these instructor notebooks."""
    files = {"README.md": README}
    for src in sources:
        files[src.name] = notebook_files.render(
            projectorize(nbformat.read(src, as_version=4), src.name)
        )
    return files


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--out", type=Path, default=PROJECTOR)
    parser.add_argument("notebooks", nargs="*", type=Path)
    args = parser.parse_args(argv)
    sources = [
        NOTEBOOKS / (p.stem + ".ipynb") for p in args.notebooks
    ] or make_student.instructor_notebooks()
    files = expected_files(sources)
    if args.check:
        found = make_student.problems(args.out, files, complete=not args.notebooks)
        for line in found:
            print(line)
        if found:
            print("run `make projector` (python -m scripts.make_projector) to regenerate them")
        return 1 if found else 0
    args.out.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        target = args.out / name
        changed = not target.exists() or target.read_text() != text
        if changed:
            target.write_text(text)
        print(
            f"{target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}: "
            f"{'written' if changed else 'unchanged'}"
        )
    if not args.notebooks:
        for path in make_student.leftovers(args.out, files):
            path.unlink()
            print(f"{path.name}: removed (no instructor notebook)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
