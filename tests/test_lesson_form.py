"""Lessons read as lessons: no test scaffolding where a learner reads, and predict-first
prompts, each answered by the code cell right after it."""

import json
import re
from pathlib import Path

import nbformat
import pytest

from scripts import build_notebooks, make_student

ROOT = Path(__file__).resolve().parents[1]
SOURCES = build_notebooks.lesson_sources()
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))
PREDICT = re.compile(r"^\*\*Predict:\*\*", re.MULTILINE)
# a lesson speaking about the course's tests to the learner (not: "a t-test", "testing")
ABOUT_TESTS = re.compile(r"\b(?:the tests?|tests? (?:check|compare)|nbval|pytest)\b", re.I)


def lesson_cells(path: Path) -> list[dict]:
    """The lesson's cells before its exercises (the exercises have their own form)."""
    cells = build_notebooks.read_cells(path)
    exercises = build_notebooks.exercise_cells(cells)
    return cells[: len(cells) - len(exercises)]


def is_lesson_from_01(path: Path) -> bool:
    return int(path.stem.split("_")[0]) >= 1


@pytest.mark.parametrize("src", SOURCES, ids=lambda p: p.stem)
def test_no_nbval_comments_and_no_word_about_the_tests(src):
    text = src.read_text(encoding="utf-8")
    assert "NBVAL_" not in text, (
        f'{src.name}: use a cell tag, e.g. # %% tags=["nbval-ignore-output"]'
    )
    for cell in build_notebooks.read_cells(src):
        if cell["type"] == "markdown" or "check" not in cell["tags"]:
            found = ABOUT_TESTS.search(cell["source"])
            assert not found, f"{src.name}: a learner reads about the tests: {cell['source']!r}"


@pytest.mark.parametrize("src", SOURCES, ids=lambda p: p.stem)
def test_asserts_live_in_check_cells_or_the_exercises(src):
    """An assert in a teaching cell guards stored outputs, not the lesson: put it in a cell
    tagged "check" (hidden, left out of the student copy). The exception: an assert inside a
    loop that checks a hand-derived gradient, which lesson 01 presents as the point."""
    for cell in lesson_cells(src):
        if cell["type"] != "code" or "check" in cell["tags"]:
            continue
        for line in cell["source"].splitlines():
            if line.startswith("assert "):
                pytest.fail(f"{src.name}: a top-level assert in a teaching cell: {line}")


@pytest.mark.parametrize("src", [s for s in SOURCES if is_lesson_from_01(s)], ids=lambda p: p.stem)
def test_at_least_two_predict_prompts_each_followed_by_the_cell_that_answers_it(src):
    cells = lesson_cells(src)
    prompts = [
        i for i, c in enumerate(cells) if c["type"] == "markdown" and PREDICT.search(c["source"])
    ]
    assert len(prompts) >= 2, f"{src.name}: {len(prompts)} '**Predict:**' prompt(s), want 2"
    for i in prompts:
        paragraphs = cells[i]["source"].strip().split("\n\n")
        assert PREDICT.match(paragraphs[-1]), f"{src.name}: the prompt must end its cell"
        assert i + 1 < len(cells) and cells[i + 1]["type"] == "code", (
            f"{src.name}: the prompt {cells[i]['source'][-80:]!r} is not followed by a code cell"
        )
        assert i + 2 < len(cells), f"{src.name}: nothing discusses the answer after the cell"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_check_cells_are_hidden_and_left_out_of_the_student_copy(path):
    nb = nbformat.read(path, as_version=4)
    checks = [c for c in nb.cells if "check" in c.metadata.get("tags", [])]
    assert all(c.metadata.get("jupyter", {}).get("source_hidden") for c in checks)
    student = make_student.studentize(nb, path.name)
    assert not [c for c in student.cells if "check" in c.metadata.get("tags", [])]
    assert len(student.cells) == len(nb.cells) - len(checks)


def test_the_form_tests_can_fail(tmp_path):
    bad = tmp_path / "09_bad.py"
    bad.write_text(
        "# %% [markdown]\n# # 09 · Bad\n#\n# **Predict:** what happens?\n\n"
        "# %% [markdown]\n# The tests check this.\n\n# %%\n# NBVAL_IGNORE_OUTPUT\nassert 1\n",
        encoding="utf-8",
    )
    with pytest.raises(AssertionError, match="NBVAL|tests"):
        test_no_nbval_comments_and_no_word_about_the_tests(bad)
    with pytest.raises(pytest.fail.Exception, match="top-level assert"):
        test_asserts_live_in_check_cells_or_the_exercises(bad)
    with pytest.raises(AssertionError, match="Predict"):
        test_at_least_two_predict_prompts_each_followed_by_the_cell_that_answers_it(bad)
    assert json.dumps(build_notebooks.read_cells(bad))  # the parser read it
