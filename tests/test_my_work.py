"""A learner's work in my-work/ is never lost: no target overwrites it, and `make my-work`
adds what is missing and writes an update beside a lesson the learner changed.

Runs the real Makefile targets in a copy of the checkout (with this checkout's .venv), on the
smallest lesson where a target executes notebooks.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest
from repo_copy import make_command, make_in

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow


def _make(course: Path, *args: str) -> str:
    out = make_in(course, *args)
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-3000:]
    return out.stdout


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_no_target_overwrites_my_work_and_updates_go_beside_edited_lessons(checkout_copy):
    course, small = checkout_copy, "NOTEBOOKS=notebooks/00_setup_check.ipynb"
    said = _make(course, "my-work")
    work = course / "my-work"
    lessons = sorted(p.name for p in (course / "student").glob("*.ipynb"))
    assert sorted(p.name for p in work.glob("*.ipynb")) == lessons
    assert said.count(": added") == len(lessons) + 1  # and README.md

    # the learner answers an exercise in 04 and deletes 05
    mine = work / "04_nn_linear.ipynb"
    nb = nbformat.read(mine, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("my_answer = 42  # the learner's own work"))
    nbformat.write(nb, mine)
    (work / "05_fit_plots.ipynb").unlink()
    before = _snapshot(work)

    # upstream changes lesson 04; then every target that touches notebooks runs
    src = course / "notebooks" / "src" / "04_nn_linear.py"
    src.write_text(
        src.read_text().replace("# %% [markdown]\n", "# %% [markdown]\n# (updated)\n#\n", 1)
    )
    _make(course, "notebooks", "NOTEBOOKS=notebooks/04_nn_linear.ipynb")
    for target in (["notebooks", small], ["execute", small], ["student"]):
        _make(course, *target)
        assert _snapshot(work) == before, f"make {' '.join(target)} wrote into my-work/"

    said = _make(course, "my-work")
    after = _snapshot(work)
    # the learner's work, untouched
    assert after["04_nn_linear.ipynb"] == before["04_nn_linear.ipynb"]
    assert after["05_fit_plots.ipynb"] == (course / "student" / "05_fit_plots.ipynb").read_bytes()
    updated = work / "04_nn_linear.updated.ipynb"
    assert updated.read_bytes() == (course / "student" / "04_nn_linear.ipynb").read_bytes()
    assert "(updated)" in updated.read_text()
    assert (
        "my-work/04_nn_linear.updated.ipynb: new version written beside your 04_nn_linear.ipynb"
        in said
    )
    assert "my-work/05_fit_plots.ipynb: added" in said
    assert "my_answer = 42" in (work / "04_nn_linear.ipynb").read_text()

    # once more: nothing changed upstream, so nothing is written
    assert "up to date; nothing written" in _make(course, "my-work")
    assert _snapshot(work) == after


def test_my_work_replaces_a_lesson_the_learner_never_changed(checkout_copy):
    from scripts import my_work

    student, work = checkout_copy / "student", checkout_copy / "my-work"
    my_work.sync(student, work)
    lesson = student / "01_numpy_gradients.ipynb"
    lesson.write_text(lesson.read_text().replace("Exercise", "Exercise (new)", 1))
    assert my_work.sync(student, work) == [
        "my-work/01_numpy_gradients.ipynb: updated (you had not changed it)"
    ]
    assert (work / "01_numpy_gradients.ipynb").read_bytes() == lesson.read_bytes()
    assert not (work / "01_numpy_gradients.updated.ipynb").exists()


def test_make_lab_starts_jupyterlab_in_my_work_on_lesson_00(checkout_copy):
    """`make lab` for real (in a copy, with this .venv): my-work/ is filled, the server starts
    with my-work/ as its root, and lesson 00 is there to open."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    args = f"--no-browser --port {port} --ServerApp.token=t --allow-root"
    proc = subprocess.Popen(
        make_command(checkout_copy, "lab", f"LAB_ARGS={args}"),
        cwd=checkout_copy,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        deadline, found = time.time() + 90, None
        while time.time() < deadline and proc.poll() is None:
            try:
                url = f"http://127.0.0.1:{port}/api/contents/?token=t"
                found = [
                    c["name"] for c in json.load(urllib.request.urlopen(url, timeout=2))["content"]
                ]
                break
            except OSError:
                time.sleep(1)
        assert found is not None, proc.stdout.read() if proc.poll() is not None else "no server"
        assert "00_setup_check.ipynb" in found and "my-work" not in found  # served from my-work/
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
