"""The exercises as a whole: every lesson's exercises sit under its "## Exercises" heading, every
checker is used by an exercise, and each lesson's exercise cells run on their own and print one
"Correct:" line per exercise. The corpus of attempts for each lesson's checkers is in
tests/test_checks_NN_<lesson>.py."""

from __future__ import annotations

import ast
import contextlib
import io
import re

import matplotlib

matplotlib.use("Agg")  # the exercises draw one figure; no window in a test run

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from course_utils import checks  # noqa: E402
from scripts.build_notebooks import exercise_cells, lesson_sources, read_cells  # noqa: E402

# Each lesson's exercises, found in its source by the build script's one rule (exercise_cells:
# from the "## Exercises" cell to the end); lessons without exercises are left out.
EXERCISES = {
    src.stem: cells for src in lesson_sources() if (cells := exercise_cells(read_cells(src)))
}


# ------------------------------------------------------------------ checkers and exercises


def _code_cells(lesson: str) -> list[str]:
    return [c["source"] for c in EXERCISES[lesson] if c["type"] == "code"]


def test_every_lesson_with_exercise_cells_has_them_under_its_exercises_heading():
    """The rule finds every lesson's exercises: none is left above its "## Exercises" cell."""
    assert EXERCISES, "no lesson source has an '## Exercises' section"
    for src in lesson_sources():
        cells = read_cells(src)
        found = exercise_cells(cells)
        above = cells[: len(cells) - len(found)]
        stray = [
            c["source"][:60]
            for c in above
            if "solution" in c["tags"]
            or re.search(r"\bcheck_\w+\(", c["source"])
            or c["source"].startswith("### Exercise")
        ]
        assert not stray, f"{src.name}: exercise cells above its '## Exercises' heading: {stray}"


def test_every_checker_is_used_by_an_exercise_and_every_exercise_check_exists():
    called = {
        name
        for lesson in EXERCISES
        for src in _code_cells(lesson)
        for name in re.findall(r"\b(check_\w+)\(", src)
    }
    shared = {"check_prediction"}  # every lesson's predict-then-check exercise (test below)
    public = {name for name in checks.__all__ if name.startswith("check_")}
    assert called - shared == public - shared
    assert all(callable(getattr(checks, name)) for name in checks.__all__)


@pytest.mark.parametrize("lesson", sorted(EXERCISES))
def test_lesson_exercises_have_task_solution_and_check_per_exercise(lesson):
    cells = EXERCISES[lesson]
    headings = [
        i
        for i, c in enumerate(cells)
        if c["type"] == "markdown" and c["source"].startswith("### Exercise")
    ]
    assert 2 <= len(headings) <= 5
    for n, (i, end) in enumerate(zip(headings, [*headings[1:], len(cells)]), 1):
        assert cells[i]["source"].startswith(f"### Exercise {n}: ")
        assert "Why it matters" in cells[i]["source"]
        exercise = cells[i + 1 : end]
        assert exercise[0]["tags"] == ["solution"], (lesson, n)  # the answer cell comes first
        assert sum("solution" in c["tags"] for c in exercise) == 1, (lesson, n)
        check = exercise[-1]["source"]  # last; a predict exercise may run its experiment first
        imported = re.search(r"^from course_utils\.checks import (check_\w+)$", check, re.M)
        assert imported, ("a check cell imports its own checker (restart-safe)", lesson, n, check)
        last = ast.parse(check).body[-1]  # and ends by calling it
        assert isinstance(last, ast.Expr) and ast.unparse(last.value.func) == imported.group(1), (
            lesson,
            n,
            check,
        )


@pytest.mark.parametrize("lesson", sorted(EXERCISES))
def test_lesson_exercise_solutions_pass_their_checks(lesson):
    """A lesson's exercises run on their own (the lesson's cells are not needed) and every check
    says Correct."""
    namespace: dict = {}
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        for src in _code_cells(lesson):
            exec(compile(src, f"notebooks/src/{lesson}.py", "exec"), namespace)
    plt.close("all")
    n_exercises = sum(
        c["type"] == "markdown" and c["source"].startswith("### Exercise ")
        for c in EXERCISES[lesson]
    )
    assert (
        out.getvalue().count("\nCorrect: ") + out.getvalue().startswith("Correct: ") == n_exercises
    ), out.getvalue()


@pytest.mark.parametrize("lesson", sorted(EXERCISES))
def test_every_lesson_has_a_predict_then_check_exercise(lesson):
    """A prediction written down before the cell that shows the answer, compared by
    check_prediction; the prediction is the exercise's answer cell, so it comes first."""
    cells = EXERCISES[lesson]
    heads = [i for i, c in enumerate(cells) if c["source"].startswith("### Exercise")]
    predicts = []
    for i, end in zip(heads, [*heads[1:], len(cells)]):
        code = [c["source"] for c in cells[i + 1 : end]]
        if any("check_prediction(" in src for src in code):
            predicts.append(cells[i]["source"])
            assert "predict" in cells[i]["source"].lower(), cells[i]["source"][:80]
            assert not any("check_prediction(" in src for src in code[:1])  # answer first
    assert predicts, f"{lesson} has no predict-then-check exercise"
