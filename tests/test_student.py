"""Student copies (student/) are generated from the instructor notebooks and stay in step.

(a) student/ equals a fresh regeneration; (b) no outputs and no solution code, only stubs
that raise NotImplementedError, and the learner's note instead of the build's; (c) run with
the stubs, a student notebook stops only at exercise cells. Each lesson's exercises (found
in its source notebooks/src/NN_name.py by scripts/build_notebooks.py's exercise_cells) get
the same treatment in-process, so the stubs are tested without executing the notebooks.
"""

from __future__ import annotations

import contextlib
import copy
import io
import re
from pathlib import Path

import nbformat
import pytest

from scripts import build_notebooks, make_student, notebook_files

ROOT = Path(__file__).resolve().parents[1]
STUDENT = ROOT / "student"
INSTRUCTOR = make_student.instructor_notebooks()  # whatever notebooks/[0-9]*.ipynb exist now
# lesson sources with exercises (the build script's rule finds them)
EXERCISE_SOURCES = [
    src
    for src in build_notebooks.lesson_sources()
    if build_notebooks.exercise_cells(build_notebooks.read_cells(src))
]
CHECK_CALL = re.compile(r"\bcheck_\w+\(")


def is_solution(cell) -> bool:
    return cell.cell_type == "code" and make_student.SOLUTION_TAG in cell.metadata.get("tags", [])


def first_exercise(nb) -> int | None:
    return next(
        (
            i
            for i, c in enumerate(nb.cells)
            if c.cell_type == "markdown" and make_student.exercise_number(c.source)
        ),
        None,
    )


def notebook_from_exercises(src: Path):
    """An instructor-like notebook (the build's note, then a lesson's exercise cells, with a
    fake output per code cell)."""
    nb = nbformat.v4.new_notebook()
    nb.cells.append(nbformat.v4.new_markdown_cell(build_notebooks.note_source(src)))
    for c in build_notebooks.exercise_cells(build_notebooks.read_cells(src)):
        if c["type"] == "markdown":
            cell = nbformat.v4.new_markdown_cell(c["source"])
        else:
            cell = nbformat.v4.new_code_cell(
                c["source"],
                execution_count=1,
                outputs=[nbformat.v4.new_output("stream", text="out\n")],
            )
        if c["tags"]:
            cell.metadata["tags"] = c["tags"]
        nb.cells.append(cell)
    return notebook_files.normalize(nb)


# ------------------------------------------------------------------ (a) in sync


def test_student_copies_are_in_sync_with_the_instructor_notebooks(tmp_path, capsys):
    assert make_student.main(["--out", str(tmp_path)]) == 0
    want = {p.name: p.read_text() for p in tmp_path.iterdir()}
    have = {
        p.name: p.read_text()
        for p in [*STUDENT.glob("[0-9]*.ipynb"), STUDENT / "README.md"]
        if p.exists()
    }
    stale = sorted(n for n in want if have.get(n) != want[n]) + sorted(set(have) - set(want))
    assert not stale, f"student/ is out of step with notebooks/ for {stale}: run `make student`"


def test_check_mode_reports_missing_changed_and_leftover_copies(tmp_path, capsys):
    make_student.main(["--out", str(tmp_path)])
    assert make_student.main(["--check", "--out", str(tmp_path)]) == 0
    if INSTRUCTOR:
        (tmp_path / INSTRUCTOR[0].name).write_text("{}")
    (tmp_path / "README.md").unlink()
    (tmp_path / "99_gone.ipynb").write_text("{}")
    capsys.readouterr()
    assert make_student.main(["--check", "--out", str(tmp_path)]) == 1
    report = capsys.readouterr().out
    assert "README.md is missing" in report and "99_gone.ipynb has no instructor notebook" in report
    assert not INSTRUCTOR or f"{INSTRUCTOR[0].name} is out of date" in report


def test_regenerating_twice_gives_identical_files(tmp_path):
    make_student.main(["--out", str(tmp_path / "a")])
    make_student.main(["--out", str(tmp_path / "b")])
    for p in (tmp_path / "a").iterdir():
        assert p.read_bytes() == (tmp_path / "b" / p.name).read_bytes()
        assert b'"id":' not in p.read_bytes()  # nbformat 4.4: no random cell ids


# ------------------------------------------------------------------ (b) no outputs, no solutions


def assert_is_student_copy_of(student, instructor, name: str = "notebook") -> None:
    # cells tagged "check" guard the instructor notebook's stored outputs: left out
    checks = [c for c in instructor.cells if "check" in c.metadata.get("tags", [])]
    assert not [c for c in student.cells if "check" in c.metadata.get("tags", [])]
    instructor = copy.deepcopy(instructor)
    instructor.cells = [c for c in instructor.cells if c not in checks]
    assert len(student.cells) == len(instructor.cells)
    assert student.metadata.get("kernelspec") == instructor.metadata.get("kernelspec")
    assert build_notebooks.is_note(instructor.cells[0]), (
        "the instructor notebook opens with the build's note"
    )
    assert (student.cells[0].cell_type, student.cells[0].source) == (
        "markdown",
        make_student.student_note(name).source,
    ), "the student copy opens with the learner's note"
    assert "make notebooks" not in student.cells[0].source
    code = "\n".join(c.source for c in student.cells if c.cell_type == "code")
    lesson_code = "\n".join(
        c.source for c in instructor.cells if c.cell_type == "code" and not is_solution(c)
    )
    number = 0
    for s, i in zip(student.cells[1:], instructor.cells[1:]):
        assert (s.cell_type, s.metadata.get("tags", [])) == (
            i.cell_type,
            i.metadata.get("tags", []),
        )
        if s.cell_type == "code":
            assert s.outputs == [] and s.execution_count is None
        if i.cell_type == "markdown" and make_student.exercise_number(i.source):
            number = make_student.exercise_number(i.source)[0]
        if not is_solution(i):
            assert s.source == i.source
            continue
        stub = s.source.splitlines()
        assert stub[0].startswith(f"# Your solution to Exercise {number} ")
        assert all(line.startswith("#") for line in stub[:-1]) and stub[-1].startswith("raise ")
        with pytest.raises(
            NotImplementedError, match=f"^Exercise {number}: write your solution here"
        ):
            exec(s.source, {})
        later = []  # the exercise's code after the answer: an experiment, then the check
        for c in instructor.cells[instructor.cells.index(i) + 1 :]:
            if (c.cell_type == "markdown" and c.source.startswith("### Exercise")) or is_solution(
                c
            ):
                break
            if c.cell_type == "code":
                later.append(c.source)
        assert_stub_lists_what_the_check_uses(stub, i.source, "\n".join(later))
        signatures = {
            line.strip().rstrip(":") for line in i.source.splitlines() if line.startswith("def ")
        }
        for line in i.source.splitlines():  # no line only the solution has survives in a code cell
            if line.strip().rstrip(":") in signatures:
                continue  # a signature is the one part a stub shows
            if (
                len(line.strip()) > 25
                and not line.strip().startswith("#")
                and line not in lesson_code
            ):
                assert line not in code, line


def assert_stub_lists_what_the_check_uses(stub: list[str], solution: str, check: str) -> None:
    """The stub's skeleton lines are exactly the names the check cell reads that the solution
    defines at top level (found here with regular expressions, not with the script's ast)."""
    defs = dict(re.findall(r"^def (\w+)\((.*)\):", solution, re.MULTILINE))
    assigned = set(re.findall(r"^(?:for )?(\w+)(?:, \w+)*\s*(?:=|in )", solution, re.MULTILINE))
    assigned |= {
        n
        for group in re.findall(r"^(\w+(?:, \w+)+)\s*=", solution, re.MULTILINE)
        for n in group.split(", ")
    }
    words = re.findall(r"\b\w+\b(?!\s*=[^=])", check)  # names the check reads, not keywords
    expected = []
    for name in dict.fromkeys(words):
        if name in defs:
            expected.append(f"#     def {name}({defs[name]}): ...")
        elif name in assigned:
            expected.append(f"#     {name} = ...")
    listed = [line for line in stub if line.startswith("#     ")]
    assert listed == expected, (listed, expected)
    assert (make_student.NEEDS.strip() in stub) == bool(expected)


def test_stub_names_what_the_check_needs_but_shows_no_body():
    solution = (
        "def helper(a):\n    return a + 1\n\n"
        "def answer(x, y, *, scale=2.0):\n    secret = helper(x) * scale\n    return secret\n\n"
        "for lr in (0.1, 0.2):\n    best_lr = lr\nunused = 3\n"
    )
    check = "check_it(answer, best_lr, y_val)"
    text = make_student.stub(2, "t", solution, check)
    assert text.splitlines()[2:4] == [
        "#     def answer(x, y, *, scale=2.0): ...",
        "#     best_lr = ...",
    ]
    assert (
        "secret" not in text
        and "helper" not in text
        and "unused" not in text
        and "y_val" not in text
    )
    assert make_student.stub(2, "t", "x = 1\n", "check(z)").count("\n") == 1  # nothing to list


@pytest.mark.parametrize("instructor", INSTRUCTOR, ids=lambda p: p.stem)
def test_student_notebook_has_no_outputs_and_only_stubs(instructor):
    student = STUDENT / instructor.name
    assert student.exists(), f"{student.name} is missing from student/: run `make student`"
    assert_is_student_copy_of(
        nbformat.read(student, as_version=4),
        nbformat.read(instructor, as_version=4),
        instructor.name,
    )


def test_student_note_names_the_lesson_in_one_short_line():
    note = make_student.student_note("04_nn_linear.ipynb").source
    assert "lesson 04" in note and "README.md" in note and "\n" not in note and len(note) < 120


@pytest.mark.parametrize("src", EXERCISE_SOURCES, ids=lambda p: p.stem)
def test_exercise_solutions_become_numbered_stubs(src):
    instructor = notebook_from_exercises(src)
    student = make_student.studentize(instructor, src.stem + ".ipynb")
    assert_is_student_copy_of(student, instructor, src.stem + ".ipynb")
    assert sum(is_solution(c) for c in student.cells) >= 2


def test_a_solution_without_an_exercise_heading_is_an_error():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Lesson"), nbformat.v4.new_code_cell("x = 1")]
    nb.cells[1].metadata["tags"] = ["solution"]
    with pytest.raises(ValueError, match="no '### Exercise N: ...' heading"):
        make_student.studentize(nb, "lesson.ipynb")


def test_a_notebook_without_the_build_note_gets_the_student_note_added():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# 09 · Lesson")]
    student = make_student.studentize(nb, "09_lesson.ipynb")
    assert [c.source for c in student.cells] == [
        make_student.student_note("09_lesson.ipynb").source,
        "# 09 · Lesson",
    ]


# ------------------------------------------------------------------ (c) runs up to the exercises


def assert_stops_only_at_exercises(nb, errors: dict[int, str]) -> None:
    """``errors``: cell index -> exception name, from running ``nb`` top to bottom."""
    start = first_exercise(nb)
    assert start is not None
    stubs = {i for i, c in enumerate(nb.cells) if is_solution(c)}
    checks = set()  # each stub's check: the first check call after it, before the next stub
    for s in sorted(stubs):
        later = (
            i
            for i, c in enumerate(nb.cells[s + 1 :], s + 1)
            if i in stubs or (c.cell_type == "code" and CHECK_CALL.search(c.source))
        )
        i = next(later, None)
        if i is not None and i not in stubs:
            checks.add(i)
    early = {i: e for i, e in errors.items() if i < start}
    assert not early, f"cells before the first exercise failed: {early}"
    elsewhere = {
        i: (e, nb.cells[i].source[:80]) for i, e in errors.items() if i not in stubs | checks
    }
    assert not elsewhere, f"cells other than stubs and their checks failed: {elsewhere}"
    assert all(errors.get(i) == "NotImplementedError" for i in stubs), errors
    # a check cell that passes without the learner's answer would tell them "Correct:" for nothing
    assert set(errors) == stubs | checks, (
        f"these check cells did not stop: {sorted(checks - set(errors))}"
    )


@pytest.mark.parametrize("src", EXERCISE_SOURCES, ids=lambda p: p.stem)
def test_exercises_student_copy_stops_only_at_exercise_cells(src):
    student = make_student.studentize(notebook_from_exercises(src), src.stem + ".ipynb")
    namespace: dict = {}
    errors = {}
    with contextlib.redirect_stdout(io.StringIO()):
        for i, cell in enumerate(student.cells):
            if cell.cell_type == "code":
                try:
                    exec(compile(cell.source, f"<cell {i}>", "exec"), namespace)
                except Exception as exc:  # noqa: BLE001 - recorded and judged below
                    errors[i] = type(exc).__name__
    import matplotlib.pyplot as plt

    plt.close("all")
    assert_stops_only_at_exercises(student, errors)


def test_first_student_notebook_with_exercises_stops_only_at_exercise_cells(tmp_path):
    from nbclient import NotebookClient

    with_exercises = [
        p for p in INSTRUCTOR if first_exercise(nbformat.read(p, as_version=4)) is not None
    ]
    if not with_exercises:
        pytest.skip("no notebook in notebooks/ has exercises yet (they are added with the lessons)")
    student = make_student.studentize(nbformat.read(with_exercises[0], as_version=4))
    client = NotebookClient(
        student,
        timeout=300,
        kernel_name="python3",
        allow_errors=True,
        record_timing=False,
        resources={"metadata": {"path": str(tmp_path)}},
    )
    client.execute()
    errors = {
        i: out.ename
        for i, c in enumerate(student.cells)
        if c.cell_type == "code"
        for out in c.outputs
        if out.output_type == "error"
    }
    assert_stops_only_at_exercises(student, errors)
