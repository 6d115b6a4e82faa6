"""Generate the student copies student/NN_name.ipynb from the instructor notebooks.

A student copy is its instructor notebook with
- every cell tagged "solution" replaced by a stub: a comment naming the exercise, a comment
  listing what the exercise's later cells (the check, and an experiment before it) use from
  the solution (`def name(args): ...` for a
  function, `name = ...` for a value: the signature and names, never the body), then
  `raise NotImplementedError("Exercise N: write your solution here (see the task above)")`,
  where N comes from the "### Exercise N: ..." heading above the cell;
- every output, execution count and widget state removed;
- every cell tagged "check" left out (it guards the instructor notebook's stored outputs,
  which the student copy does not have);
- the generated note at the top (scripts/build_notebooks.py: which source the notebook is
  built from) replaced by a one-line note for the learner (`STUDENT_NOTE`).
Everything else (markdown, other code cells, cell tags, notebook metadata) stays as it is.
The output is deterministic (scripts/notebook_files.py: nbformat 4.4, no random cell ids),
so a rerun with no change is no diff; student/README.md is written too.

Usage: python -m scripts.make_student [--check] [--out DIR] [notebooks/NN_name.ipynb ...]
  --check   write nothing; exit 1 listing the student files that are missing, out of date
            or left over (used by tests/test_student.py)
  --out DIR write the copies to DIR instead of student/
"""

from __future__ import annotations

import argparse
import ast
import copy
import re
import sys
from pathlib import Path

if __name__ == "__main__" and not __package__:
    sys.exit("run it from the repository root as a module: python -m scripts.make_student")

import nbformat  # noqa: E402

from scripts import build_notebooks, notebook_files, slide_types  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
STUDENT = ROOT / "student"
SOLUTION_TAG = slide_types.SOLUTION_TAG  # an exercise's answer: replaced by a stub here
EXERCISE = re.compile(r"^#{1,6}\s*Exercise\s+(\d+)\s*[:.]?\s*(.*?)\s*$", re.MULTILINE)
STUB = (
    '# Your solution to Exercise {n} ("{title}"): the task is in the cell above.\n'
    "{needs}"
    'raise NotImplementedError("Exercise {n}: write your solution here (see the task above)")'
)
NEEDS = "# The check below uses what you define here:\n"
# The student copy's first cell, in place of the instructor notebook's generated note.
STUDENT_NOTE = (
    "*Your copy of lesson {lesson}, generated from the course's notebooks: "
    "see [README.md](README.md).*"
)

README = """\
# Student copies of the lessons

Every notebook here is generated from the instructor version in `../notebooks/` by
`scripts/make_student.py` (`make student`). It is the same lesson with two differences:

- each exercise's solution cell is replaced by a stub that raises `NotImplementedError`
  ("Exercise N: write your solution here"): replace the `raise` line with your answer;
- all outputs are cleared, so you see each result when you run the cell yourself (and the
  hidden cells that only guard the stored outputs are left out).

Run the notebook from the top. It runs on its own until the first exercise; there each
stub stops with `NotImplementedError` and each check cell stops (with `NameError`, or a
hint that your answer is not defined yet) until you have written that exercise's answer.
A stub's comment names what the check uses (for example `def gd_step(x, y, w, b, lr): ...`):
define exactly that. A check cell prints a line starting with
**Correct:** when your answer is right, or stops with a hint about the usual mistake.
Solutions are in the instructor notebooks in `../notebooks/`: try the exercise first.

Work on your own copy (for example `cp -r student my-work`), so that updating the course
with `git pull` never conflicts with your answers. Do not edit these files in the
repository: they are regenerated from `../notebooks/`, and a test checks that they are
in step.
"""


def exercise_number(source: str) -> tuple[int, str] | None:
    """(N, title) of the last "Exercise N: title" heading in a markdown cell, or None."""
    found = EXERCISE.findall(source)
    return (int(found[-1][0]), found[-1][1]) if found else None


def _defined(tree: ast.Module) -> dict[str, str]:
    """Name -> skeleton line for what a cell defines at top level: ``def f(a, b): ...`` for a
    function (its signature only), ``x = ...`` for a name assigned outside any function."""
    found: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            found.setdefault(node.name, f"def {node.name}({ast.unparse(node.args)}): ...")
            continue
        for sub in ast.walk(node):  # assignments in loops and with-blocks count too
            if isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Store):
                found.setdefault(sub.id, f"{sub.id} = ...")
    return found


def _reads_global(node: ast.AST) -> bool:
    """Whether ``node`` is ``globals().get("name", ...)``."""
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "get"
        and ast.unparse(node.func.value) == "globals()"
        and bool(node.args)
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    )


def needs(solution: str, check: str) -> list[str]:
    """Skeleton lines for the names the ``check`` cell reads that the ``solution`` defines, in
    the order the check reads them."""
    defined = _defined(ast.parse(solution))
    used = []
    for n in ast.walk(ast.parse(check)):
        if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load):
            used.append(n.id)
        elif _reads_global(n):  # globals().get("name"): a check that is safe before the answer
            used.append(n.args[0].value)
    return [defined[name] for name in dict.fromkeys(used) if name in defined]


def stub(n: int, title: str, solution: str, check: str | None) -> str:
    lines = needs(solution, check) if check is not None else []
    listed = NEEDS + "".join(f"#     {line}\n" for line in lines) if lines else ""
    return STUB.format(n=n, title=title, needs=listed)


def student_note(name: str) -> nbformat.NotebookNode:
    """The first cell of the student copy of notebook ``name`` (NN_name.ipynb)."""
    return nbformat.v4.new_markdown_cell(STUDENT_NOTE.format(lesson=Path(name).stem.split("_")[0]))


def _rest_of_exercise(cells: list) -> str | None:
    """The code after a solution cell up to the next exercise heading or solution: the check
    cell, and in a predict-then-check exercise the experiment before it."""
    code = []
    for cell in cells:
        if cell.cell_type == "markdown" and exercise_number(cell.source):
            break
        if SOLUTION_TAG in cell.metadata.get("tags", []):
            break
        if cell.cell_type == "code":
            code.append(cell.source)
    return "\n".join(code) if code else None


def studentize(nb: nbformat.NotebookNode, name: str = "notebook") -> nbformat.NotebookNode:
    """Return the student copy of an instructor notebook (the input is not changed)."""
    nb = copy.deepcopy(nb)
    if nb.cells and build_notebooks.is_note(nb.cells[0]):
        nb.cells[0] = student_note(name)
    else:
        nb.cells.insert(0, student_note(name))
    notebook_files.normalize(nb)  # also: saved widget state belongs to the cleared outputs
    nb.cells = [c for c in nb.cells if build_notebooks.CHECK_TAG not in c.metadata.get("tags", [])]
    current: tuple[int, str] | None = None
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            current = exercise_number(cell.source) or current
            continue
        if cell.cell_type != "code":
            continue
        cell.outputs, cell.execution_count = [], None
        if SOLUTION_TAG in cell.metadata.get("tags", []):
            if current is None:
                raise ValueError(
                    f"{name}: cell {i} is tagged {SOLUTION_TAG!r} but no "
                    "'### Exercise N: ...' heading comes before it"
                )
            n, title = current
            cell.source = stub(n, title, cell.source, _rest_of_exercise(nb.cells[i + 1 :]))
    return nb


def expected_files(sources: list[Path]) -> dict[str, str]:
    """File name -> text of every file student/ should hold for these instructor notebooks."""
    files = {"README.md": README}
    for src in sources:
        files[src.name] = notebook_files.render(
            studentize(nbformat.read(src, as_version=4), src.name)
        )
    return files


def instructor_notebooks() -> list[Path]:
    return sorted(NOTEBOOKS.glob("[0-9]*.ipynb"))


def _show(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def leftovers(out: Path, files: dict[str, str]) -> list[Path]:
    """Student notebooks whose instructor notebook was removed or renamed."""
    return [p for p in sorted(out.glob("[0-9]*.ipynb")) if p.name not in files]


def problems(out: Path, files: dict[str, str], *, complete: bool) -> list[str]:
    found = []
    for name, text in files.items():
        target = out / name
        if not target.exists():
            found.append(f"{_show(target)} is missing")
        elif target.read_text() != text:
            found.append(f"{_show(target)} is out of date")
    if complete:
        found += [f"{_show(p)} has no instructor notebook" for p in leftovers(out, files)]
    return found


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--out", type=Path, default=STUDENT)
    parser.add_argument("notebooks", nargs="*", type=Path)
    args = parser.parse_args(argv)
    # accept notebooks/NN.ipynb as well as notebooks/src/NN.py or a bare name
    sources = [NOTEBOOKS / (p.stem + ".ipynb") for p in args.notebooks] or instructor_notebooks()
    files = expected_files(sources)
    if args.check:
        found = problems(args.out, files, complete=not args.notebooks)
        for line in found:
            print(line)
        if found:
            print("run `make student` (python -m scripts.make_student) to regenerate them")
        return 1 if found else 0
    args.out.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        target = args.out / name
        changed = not target.exists() or target.read_text() != text
        if changed:
            target.write_text(text)
        print(f"{_show(target)}: {'written' if changed else 'unchanged'}")
    if not args.notebooks:
        for path in leftovers(args.out, files):
            path.unlink()
            print(f"{_show(path)}: removed (no instructor notebook)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
