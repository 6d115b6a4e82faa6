"""Authoring a lesson: the sources open as notebooks in JupyterLab, and a new lesson needs no list.

1. JupyterLab (with jupytext's server extension, installed with the course) serves a lesson
   source notebooks/src/NN_name.py as a notebook whose cells are the built notebook's (less
   its generated note), and saving from JupyterLab writes the source back unchanged; a new
   source saved from JupyterLab is in the percent format with no metadata header
   (jupytext.toml). Tested on the Jupyter server's REST API, without a browser.
2. A new lesson, notebooks/src/08_tmp_lesson.py with one exercise, dropped into a copy of the
   repository, goes through `make notebooks` (build, execute, student copies) and is picked
   up by the exercise checks and the notebook tests, with nothing to register anywhere.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
import urllib.error
import urllib.request
from pathlib import Path

import browser_helpers as bh
import nbformat
import pytest
from repo_copy import copy_checkout, make_in

from scripts import build_notebooks, links

ROOT = Path(__file__).resolve().parents[1]
LESSON = "04_nn_linear"


# ------------------------------------------------------------------ 1. sources open as notebooks


def _request(server: bh.LabServer, method: str, path: str, body: dict | None = None) -> dict:
    req = urllib.request.Request(
        f"{server.base}/api/contents/{path}",
        method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Authorization": f"token {server.token}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return json.loads(resp.read())
    except urllib.error.HTTPError as exc:
        raise AssertionError(
            f"{method} /api/contents/{path}: HTTP {exc.code} {exc.read()[:300]!r}; is jupytext "
            "installed in the environment JupyterLab runs in (its server extension opens "
            f"sources as notebooks)?\n{server.log_tail()}"
        ) from None


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """JupyterLab (the course's own, from .venv) serving a copy of the sources and jupytext.toml."""
    tmp = tmp_path_factory.mktemp("lab")
    root = tmp / "course"
    shutil.copytree(ROOT / "notebooks" / "src", root / "notebooks" / "src")
    shutil.copy(ROOT / "jupytext.toml", root / "jupytext.toml")
    server = bh.start_lab(root, tmp)
    try:
        yield server
    finally:
        bh.stop_lab(server)


def test_jupyterlab_opens_a_lesson_source_as_the_notebook_it_builds(lab):
    model = _request(lab, "GET", f"notebooks/src/{LESSON}.py?type=notebook&content=1")
    assert model["type"] == "notebook", model["type"]
    opened = [
        (c["cell_type"], c["source"], c["metadata"].get("tags", []))
        for c in model["content"]["cells"]
    ]
    built = nbformat.read(ROOT / "notebooks" / f"{LESSON}.ipynb", as_version=4)
    assert build_notebooks.is_note(built.cells[0])
    assert links.is_colab_cell(built.cells[1])  # generated: not in the source
    assert opened == [(c.cell_type, c.source, c.metadata.get("tags", [])) for c in built.cells[2:]]


def test_saving_a_source_from_jupyterlab_leaves_it_unchanged(lab):
    path = f"notebooks/src/{LESSON}.py"
    model = _request(lab, "GET", f"{path}?type=notebook&content=1")
    _request(lab, "PUT", path, {"type": "notebook", "format": "json", "content": model["content"]})
    assert (lab.root / path).read_text() == (ROOT / path).read_text()


def test_a_new_source_saved_from_jupyterlab_is_clean_percent_format(lab):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
        "name": "python3",
    }
    nb.cells = [nbformat.v4.new_markdown_cell("# 98 · New"), nbformat.v4.new_code_cell("x = 1")]
    nb.cells[1].metadata.update({"tags": ["solution"], "collapsed": True, "scrolled": True})
    _request(
        lab, "PUT", "notebooks/src/98_new.py", {"type": "notebook", "format": "json", "content": nb}
    )
    text = (lab.root / "notebooks" / "src" / "98_new.py").read_text()
    assert text == '# %% [markdown]\n# # 98 · New\n\n# %% tags=["solution"]\nx = 1\n', text


# ------------------------------------------------------------------ 2. a new lesson


NEW_LESSON = textwrap.dedent("""\
    # %% [markdown]
    # # 08 · A lesson added for a test
    #
    # **You will learn**
    # - that a new lesson needs no list to be registered in.

    # %%
    from course_utils import set_seed

    set_seed(0)
    print("lesson code ran")

    # %% [markdown]
    # ## Summary
    #
    # - Nothing to summarise.

    # %% [markdown]
    # ## Exercises
    #
    # Run the check cell: it prints a line starting with **Correct:**.

    # %%
    import numpy as np

    from course_utils.checks import check_grad_no_bias

    # %% [markdown]
    # ### Exercise 1: the gradient of a line through the origin
    #
    # Write `grad_w_no_bias(x, y, w)`, the derivative of mean((w x - y)^2) with respect to w.
    #
    # *Why it matters:* a test needs one.

    # %% tags=["solution"]
    def grad_w_no_bias(x, y, w):
        return 2.0 * np.mean((w * x - y) * x)

    # %%
    check_grad_no_bias(grad_w_no_bias)
    """)


def _run(cmd: list[str], cwd: Path, timeout: int = 600) -> str:
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    assert proc.returncode == 0, (
        f"{' '.join(cmd)} exited {proc.returncode}:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    )
    return proc.stdout


@pytest.fixture(scope="module")
def course_copy(tmp_path_factory) -> Path:
    """A copy of the repository's files (tracked or new, not ignored) with lesson 08 added,
    after `make notebooks NOTEBOOKS=notebooks/08_tmp_lesson.ipynb` ran in it."""
    if shutil.which("make") is None:
        pytest.skip("make is missing")
    copy = tmp_path_factory.mktemp("course") / "course"
    copy_checkout(copy)
    assert not (copy / "notebooks" / "08_tmp_lesson.ipynb").exists()
    (copy / "notebooks" / "src" / "08_tmp_lesson.py").write_text(NEW_LESSON)
    out = make_in(copy, "notebooks", "NOTEBOOKS=notebooks/08_tmp_lesson.ipynb")
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-3000:]
    return copy


@pytest.mark.slow
def test_a_new_lesson_is_built_executed_and_copied_for_students(course_copy):
    nb = nbformat.read(course_copy / "notebooks" / "08_tmp_lesson.ipynb", as_version=4)
    assert (
        build_notebooks.is_note(nb.cells[0])
        and "`notebooks/src/08_tmp_lesson.py`" in nb.cells[0].source
    )
    assert nb.cells[2].source.startswith("# 08 · ")
    printed = [o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert any(t.startswith("Correct:") for t in printed), printed

    student = nbformat.read(course_copy / "student" / "08_tmp_lesson.ipynb", as_version=4)
    assert "lesson 08" in student.cells[0].source
    stubs = [c for c in student.cells if "solution" in c.metadata.get("tags", [])]
    assert len(stubs) == 1 and "raise NotImplementedError" in stubs[0].source
    with pytest.raises(NotImplementedError, match="^Exercise 1: "):
        exec(stubs[0].source, {})
    assert all(c.outputs == [] for c in student.cells if c.cell_type == "code")


@pytest.mark.slow
def test_a_new_lesson_is_found_by_the_exercise_rule_and_the_tests(course_copy):
    found = _run(
        [
            sys.executable,
            "-c",
            (
                "import json\n"
                "from scripts.build_notebooks import exercise_cells, lesson_sources, read_cells\n"
                "print(json.dumps({s.stem: [c['source'] for c in exercise_cells(read_cells(s))] "
                "for s in lesson_sources()}))"
            ),
        ],
        course_copy,
    )
    exercises = json.loads(found)["08_tmp_lesson"]
    assert (
        exercises[0].startswith("## Exercises")
        and exercises[-1] == "check_grad_no_bias(grad_w_no_bias)"
    )
    # node ids that name the lesson: pytest fails (exit 4) if the tests do not discover it
    tests = [
        "tests/test_checks.py::test_lesson_exercise_solutions_pass_their_checks[08_tmp_lesson]",
        "tests/test_student.py::test_exercises_student_copy_stops_only_at_exercise_cells[08_tmp_lesson]",
        "tests/test_student.py::test_student_notebook_has_no_outputs_and_only_stubs[08_tmp_lesson]",
    ]
    tests += [
        f"tests/test_notebook_sources.py::{name}[08_tmp_lesson]"
        for name in (
            "test_notebook_cells_match_their_source",
            "test_notebook_was_executed_in_order_in_a_fresh_kernel",
            "test_notebook_structure_title_learn_list_seed_and_summary",
            "test_notebook_opens_with_the_note_naming_its_source",
        )
    ]
    out = _run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *tests], course_copy
    )
    assert f"{len(tests)} passed" in out, out
