"""Projector copies (projector/) are generated from the instructor notebooks and stay in step.

(a) projector/ equals a fresh regeneration (and the check mode sees what is missing, changed
or left over); (b) a projector copy is its instructor notebook with every output kept but
those of each solution and the cells after it in its exercise, every solution cell collapsed
behind a first line that gives nothing away, and the projector's note instead of the
build's. Checked against the instructor notebooks cell by cell, not with the script's own
helpers. The browser test (tests/test_browser.py) checks
that JupyterLab shows a solution collapsed and reveals it on a click.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from scripts import build_notebooks, make_projector, make_student

ROOT = Path(__file__).resolve().parents[1]
PROJECTOR = ROOT / "projector"
INSTRUCTOR = make_student.instructor_notebooks()


def test_projector_copies_are_in_sync_with_the_instructor_notebooks(tmp_path, capsys):
    assert make_projector.main(["--out", str(tmp_path)]) == 0
    want = {p.name: p.read_text() for p in tmp_path.iterdir()}
    have = {
        p.name: p.read_text()
        for p in [*PROJECTOR.glob("[0-9]*.ipynb"), PROJECTOR / "README.md"]
        if p.exists()
    }
    stale = sorted(n for n in want if have.get(n) != want[n]) + sorted(set(have) - set(want))
    assert not stale, f"projector/ is out of step with notebooks/ for {stale}: run `make projector`"


def test_check_mode_reports_missing_changed_and_leftover_copies(tmp_path, capsys):
    make_projector.main(["--out", str(tmp_path)])
    assert make_projector.main(["--check", "--out", str(tmp_path)]) == 0
    if INSTRUCTOR:
        (tmp_path / INSTRUCTOR[0].name).write_text("{}")
    (tmp_path / "README.md").unlink()
    (tmp_path / "99_gone.ipynb").write_text("{}")
    capsys.readouterr()
    assert make_projector.main(["--check", "--out", str(tmp_path)]) == 1
    report = capsys.readouterr().out
    assert "README.md is missing" in report and "99_gone.ipynb has no instructor notebook" in report
    assert not INSTRUCTOR or f"{INSTRUCTOR[0].name} is out of date" in report


def is_solution(cell: dict) -> bool:
    return cell["cell_type"] == "code" and "solution" in cell["metadata"].get("tags", [])


def assert_is_projector_copy_of(projector: dict, instructor: dict, name: str) -> None:
    """Both notebooks as plain JSON (what JupyterLab reads)."""
    assert len(projector["cells"]) == len(instructor["cells"])
    first = projector["cells"][0]
    assert first["cell_type"] == "markdown"
    note = "".join(first["source"])
    assert note.startswith(f"*Projector copy of lesson {name.split('_')[0]}, ")
    assert f"notebooks/{name}" in note and "make projector" in note and "\n" not in note
    exercise, solved = None, False
    for i, (p, ins) in enumerate(zip(projector["cells"][1:], instructor["cells"][1:]), 1):
        where = f"{name} cell {i}"
        src, want = "".join(p["source"]), "".join(ins["source"])
        assert p["cell_type"] == ins["cell_type"], where
        if ins["cell_type"] == "markdown" and want.lstrip().startswith("### Exercise"):
            exercise, solved = want.split()[2].rstrip(":."), False
        if not is_solution(ins):
            assert src == want, where
            assert p["metadata"] == ins["metadata"], where  # nothing collapsed but solutions
            if p["cell_type"] == "code" and solved:  # a check's "Correct: ..." tells the answer
                assert p["outputs"] == [] and p["execution_count"] is None, where
            elif p["cell_type"] == "code":
                assert p["outputs"] == ins["outputs"], f"{where}: outputs must be kept"
            continue
        solved = True
        # JupyterLab collapses a cell's code when its metadata says source_hidden: true.
        assert p["metadata"]["jupyter"] == {"source_hidden": True}, where
        assert p["metadata"]["tags"] == ins["metadata"]["tags"], where
        first_line, rest = src.split("\n", 1)
        assert rest == want, f"{where}: the solution's code follows its first line unchanged"
        # the collapsed bar shows this line: it names the exercise and nothing of the answer
        assert first_line == f"# Solution to Exercise {exercise}: revealed by a click on this bar"
        assert p["outputs"] == [] and p["execution_count"] is None, where


@pytest.mark.parametrize("instructor", INSTRUCTOR, ids=lambda p: p.stem)
def test_projector_copy_keeps_outputs_and_collapses_only_solutions(instructor):
    copy = PROJECTOR / instructor.name
    assert copy.exists(), f"{copy.name} is missing from projector/: run `make projector`"
    projector = json.loads(copy.read_text())
    original = json.loads(instructor.read_text())
    assert_is_projector_copy_of(projector, original, instructor.name)
    assert build_notebooks.is_note(nbformat.reads(instructor.read_text(), as_version=4).cells[0])


def test_some_lesson_has_solutions_to_collapse():
    collapsed = [
        c
        for p in PROJECTOR.glob("[0-9]*.ipynb")
        for c in json.loads(p.read_text())["cells"]
        if c["metadata"].get("jupyter", {}).get("source_hidden")
    ]
    assert len(collapsed) >= 2, "the lessons' exercises have solutions: none collapsed?"


def test_a_broken_copy_is_caught():
    """The comparison above fails on a solution left open and on a dropped output."""
    if not INSTRUCTOR:
        pytest.skip("no instructor notebooks")
    original = json.loads(INSTRUCTOR[-1].read_text())
    good = json.loads((PROJECTOR / INSTRUCTOR[-1].name).read_text())
    open_solution = json.loads(json.dumps(good))
    for cell in open_solution["cells"]:
        cell["metadata"].pop("jupyter", None)
    with pytest.raises((AssertionError, KeyError)):
        assert_is_projector_copy_of(open_solution, original, INSTRUCTOR[-1].name)
    no_outputs = json.loads(json.dumps(good))
    for cell in no_outputs["cells"]:
        if cell["cell_type"] == "code":
            cell["outputs"] = []
    with pytest.raises(AssertionError):
        assert_is_projector_copy_of(no_outputs, original, INSTRUCTOR[-1].name)
