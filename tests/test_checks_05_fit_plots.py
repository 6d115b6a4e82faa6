"""The checkers of lesson 05 (fit_plots): a corpus of learner attempts for each exercise, each with
the verdict and the hint it must get, written as a learner writes them in the notebook (run in
the namespace of the lesson's Exercises set-up cell); each exercise run on its own after a
restart; and what a learner sees in a real kernel."""

from __future__ import annotations

import contextlib
import io
import linecache
import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # the exercises draw figures; no window in a test run

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from course_utils.checks import check_first_epoch_within, check_plot_distance  # noqa: E402
from course_utils.checks._feedback import MAX_LINES, CheckFailed  # noqa: E402
from scripts.build_notebooks import exercise_cells, read_cells  # noqa: E402

SOURCE = Path(__file__).resolve().parents[1] / "notebooks" / "src" / "05_fit_plots.py"
CELLS = exercise_cells(read_cells(SOURCE))
SETUP = next(c["source"] for c in CELLS if c["type"] == "code")  # the Exercises set-up cell
# what a hint must never show: the reference computation or the checker's code
REFERENCE = ("np.hypot", "sqrt", "linalg", "param_path", "enumerate(", "truth", "def ", "return [")


def _exercises() -> dict[int, list[str]]:
    """Exercise number -> its code cells (answer and check), from the lesson source."""
    found: dict[int, list[str]] = {}
    number = 0
    for cell in CELLS:
        if cell["type"] == "markdown" and (m := re.match(r"### Exercise (\d+):", cell["source"])):
            number = int(m.group(1))
        elif cell["type"] == "code" and number:
            found.setdefault(number, []).append(cell["source"])
    return found


EXERCISES = _exercises()


@pytest.fixture(scope="module")
def notebook() -> dict:
    """The namespace a learner's answer runs in: the Exercises set-up cell's."""
    namespace: dict = {}
    with contextlib.redirect_stdout(io.StringIO()):
        exec(compile(SETUP, "<set-up cell>", "exec"), namespace)
    return namespace


def learner(code: str, name: str, notebook: dict, attempt: str):
    """Define the learner's function as a notebook cell does (its source is kept, as IPython
    keeps it, so that an error can quote their line)."""
    filename = f"<cell {attempt}>"
    linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)
    namespace = dict(notebook)
    with contextlib.redirect_stdout(io.StringIO()):
        exec(compile(code, filename, "exec"), namespace)
    return namespace[name]


def judge(check, fn, verdict: str, phrase: str, capsys) -> None:
    """Run the check; a pass prints one "Correct:" line, a fail shows ``phrase`` in at most
    MAX_LINES lines, with no reference computation."""
    capsys.readouterr()
    try:
        check(fn)
    except CheckFailed as exc:
        shown = "\n".join(exc._render_traceback_())
        theirs = re.sub(r"`[^`]*`", "", shown)  # their own line, quoted, may show their formula
        assert verdict == "fail", f"a right answer was rejected: {exc}"
        assert phrase in str(exc), (phrase, str(exc))
        assert len(exc._render_traceback_()) <= MAX_LINES, shown
        assert not [bit for bit in REFERENCE if bit in theirs], shown
        assert "Correct" not in capsys.readouterr().out
    else:
        out = capsys.readouterr().out
        assert verdict == "pass", f"a wrong answer was called correct: {out}"
        assert out.startswith("Correct:") and out.count("\n") == 1, out
        assert phrase in out, (phrase, out)
    finally:
        plt.close("all")


def solution(number: int) -> str:
    return EXERCISES[number][0]


# ------------------------------------------------------------------ Exercise 1: first epoch within

FIRST = "def first_epoch_within(history, w_star, b_star, tol):\n"
EX1 = [
    # right answers, written differently
    ("reference", solution(1), "pass", "Correct:"),
    (
        "math.sqrt, range over params",
        "import math\n" + FIRST + "    for k in range(len(history.params)):\n"
        "        dw = history.params[k]['w'] - w_star\n"
        "        db = history.params[k]['b'] - b_star\n"
        "        if math.sqrt(dw**2 + db**2) < tol:\n            return k\n",
        "pass",
        "Correct:",
    ),
    (
        "NumPy: norm and argmax on a boolean array",
        FIRST + "    path = np.array(history.param_path('w', 'b'))\n"
        "    close = np.linalg.norm(path - [w_star, b_star], axis=1) < tol\n"
        "    return int(np.argmax(close)) if close.any() else None\n",
        "pass",
        "Correct:",
    ),
    (
        "np.argmax returned as np.int64",
        FIRST + "    d = np.array([np.hypot(p['w'] - w_star, p['b'] - b_star) "
        "for p in history.params])\n"
        "    if not (d < tol).any():\n        return None\n    return np.argmax(d < tol)\n",
        "pass",
        "Correct:",
    ),
    (
        "next() over a generator",
        FIRST + "    return next((k for k, p in enumerate(history.params)\n"
        "                 if ((p['w'] - w_star)**2 + (p['b'] - b_star)**2) ** 0.5 < tol), None)\n",
        "pass",
        "Correct:",
    ),
    (
        "torch float32 tensors, a while loop",
        "import torch\n" + FIRST + "    path = torch.tensor(history.param_path('w', 'b'))\n"
        "    dist = (path - torch.tensor([w_star, b_star])).norm(dim=1)\n"
        "    k = 0\n    while k < len(dist):\n"
        "        if dist[k] < tol:\n            return k\n        k += 1\n",
        "pass",
        "Correct:",
    ),
    # the common mistake: off by one
    (
        "counts epochs from 1",
        FIRST + "    for epoch, p in enumerate(history.params, start=1):\n"
        "        if np.hypot(p['w'] - w_star, p['b'] - b_star) < tol:\n            return epoch\n",
        "fail",
        "Off by one",
    ),
    (
        "skips the start, numbers from 1",
        FIRST + "    for epoch, p in enumerate(history.params[1:], start=1):\n"
        "        if np.hypot(p['w'] - w_star, p['b'] - b_star) < tol:\n            return epoch\n",
        "fail",
        "Here params[0] is already within tol",
    ),
    (
        "skips the start, numbers from 0",
        FIRST + "    for epoch, p in enumerate(history.params[1:]):\n"
        "        if np.hypot(p['w'] - w_star, p['b'] - b_star) < tol:\n            return epoch\n",
        "fail",
        "Off by one",
    ),
    (
        "loops over history.epochs (misses params[E])",
        FIRST + "    for k in range(history.epochs):\n        p = history.params[k]\n"
        "        if np.hypot(p['w'] - w_star, p['b'] - b_star) < tol:\n            return k\n",
        "fail",
        "params[150], the parameters after the last epoch",
    ),
    # errors in the learner's code, translated
    (
        "indexes the dict by position",
        FIRST + "    for k, p in enumerate(history.params):\n"
        "        if np.hypot(p[0] - w_star, p[1] - b_star) < tol:\n            return k\n",
        "fail",
        "first_epoch_within() raised KeyError at `if np.hypot(p[0] - w_star",
    ),
    (
        "unpacks each dict into w, b",
        FIRST + "    for k, (w, b) in enumerate(history.params):\n"
        "        if np.hypot(w - w_star, b - b_star) < tol:\n            return k\n",
        "fail",
        "unpacking it gives its keys 'w' and 'b'",
    ),
    # less obvious ones
    (
        "reads the notebook's history_ex",
        FIRST + "    for k, p in enumerate(history_ex.params):\n"
        "        if np.hypot(p['w'] - w_star, p['b'] - b_star) < tol:\n            return k\n",
        "fail",
        "reads the notebook's `history_ex` instead of its argument `history`",
    ),
    (
        "squared distance",
        FIRST + "    for k, p in enumerate(history.params):\n"
        "        if (p['w'] - w_star)**2 + (p['b'] - b_star)**2 < tol:\n            return k\n",
        "fail",
        "compared the squared distance with tol",
    ),
    (
        "distance in w only",
        FIRST + "    for k, p in enumerate(history.params):\n"
        "        if abs(p['w'] - w_star) < tol:\n            return k\n",
        "fail",
        "measured the distance in w only",
    ),
    (
        "<= instead of < (a distance exactly tol)",
        FIRST + "    for k, p in enumerate(history.params):\n"
        "        if np.hypot(p['w'] - w_star, p['b'] - b_star) <= tol:\n            return k\n",
        "fail",
        "exactly tol (2.5)",
    ),
    (
        "keeps going: the last epoch within",
        FIRST + "    found = None\n    for k, p in enumerate(history.params):\n"
        "        if np.hypot(p['w'] - w_star, p['b'] - b_star) < tol:\n            found = k\n"
        "    return found\n",
        "fail",
        "returned the last epoch within tol",
    ),
    (
        "counts the epochs outside tol",
        FIRST + "    d = [np.hypot(p['w'] - w_star, p['b'] - b_star) for p in history.params]\n"
        "    if min(d) >= tol:\n        return None\n    return sum(x >= tol for x in d)\n",
        "fail",
        "counted the epochs outside tol",
    ),
    (
        "searches back from the end (stays within)",
        FIRST + "    d = [np.hypot(p['w'] - w_star, p['b'] - b_star) for p in history.params]\n"
        "    if d[-1] >= tol:\n        return None\n"
        "    k = len(d) - 1\n    while k > 0 and d[k - 1] < tol:\n        k -= 1\n    return k\n",
        "fail",
        "stays within tol",
    ),
    (
        "comparison the wrong way round",
        FIRST + "    for k, p in enumerate(history.params):\n"
        "        if np.hypot(p['w'] - w_star, p['b'] - b_star) > tol:\n            return k\n",
        "fail",
        "the comparison is the wrong way round",
    ),
    (
        "Manhattan distance",
        FIRST + "    for k, p in enumerate(history.params):\n"
        "        if abs(p['w'] - w_star) + abs(p['b'] - b_star) < tol:\n            return k\n",
        "fail",
        "Not the first epoch within tol",
    ),
    (
        "compares the loss with tol",
        FIRST + "    for k, loss in enumerate(history.loss):\n"
        "        if loss < tol:\n            return k\n",
        "fail",
        "returned None, but the run does get within tol",
    ),
    (
        "np.argmax without checking any()",
        FIRST + "    path = np.array(history.param_path('w', 'b'))\n"
        "    d = np.linalg.norm(path - [w_star, b_star], axis=1)\n"
        "    return int(np.argmax(d < tol))\n",
        "fail",
        "np.argmax of an all-False array is 0 too",
    ),
    (
        "returns -1 when never within",
        FIRST + "    for k, p in enumerate(history.params):\n"
        "        if np.hypot(p['w'] - w_star, p['b'] - b_star) < tol:\n            return k\n"
        "    return -1\n",
        "fail",
        "return None then, not -1",
    ),
    (
        "prints instead of returning",
        FIRST + "    for k, p in enumerate(history.params):\n"
        "        if np.hypot(p['w'] - w_star, p['b'] - b_star) < tol:\n"
        "            print('epoch', k)\n            break\n",
        "fail",
        "printed the epoch but returned None",
    ),
    (
        "returns the parameters, not the epoch",
        FIRST + "    for p in history.params:\n"
        "        if np.hypot(p['w'] - w_star, p['b'] - b_star) < tol:\n            return p\n",
        "fail",
        "returned dict (the parameters params[k]?)",
    ),
    (
        "subtracts the optimum in place",
        FIRST + "    for k, p in enumerate(history.params):\n"
        "        p['w'] -= w_star\n        p['b'] -= b_star\n"
        "        if np.hypot(p['w'], p['b']) < tol:\n            return k\n",
        "fail",
        "changed the history it was given",
    ),
]


@pytest.mark.parametrize("attempt, code, verdict, phrase", EX1, ids=[a[0] for a in EX1])
def test_exercise_1_corpus(attempt, code, verdict, phrase, notebook, capsys):
    fn = learner(code, "first_epoch_within", notebook, attempt)
    judge(check_first_epoch_within, fn, verdict, phrase, capsys)


# ------------------------------------------------------------------ Exercise 2: the distance plot

PLOT = "def plot_distance(history, w_star, b_star, ax):\n"
DIST = (
    "    d = [np.hypot(p['w'] - w_star, p['b'] - b_star) for p in history.params]\n"  # a learner's
)
EX2 = [
    # right answers, written differently
    ("reference", solution(2), "pass", "Correct:"),
    (
        "ax.semilogy without x values",
        "import math\n" + PLOT + "    d = [math.hypot(p['w'] - w_star, p['b'] - b_star) "
        "for p in history.params]\n    ax.semilogy(d)\n    return ax\n",
        "pass",
        "Correct:",
    ),
    (
        "np.linalg.norm, log scale set first, ax.set(yscale=)",
        PLOT + "    path = np.array(history.param_path('w', 'b'))\n"
        "    ax.set(yscale='log', xlabel='epoch')\n"
        "    ax.plot(range(len(path)), np.linalg.norm(path - [w_star, b_star], axis=1), 'o-')\n"
        "    return ax\n",
        "pass",
        "Correct:",
    ),
    (
        "scatter of the points",
        PLOT + DIST + "    ax.scatter(range(len(d)), d, s=5)\n    ax.set_yscale('log')\n"
        "    return ax\n",
        "pass",
        "Correct:",
    ),
    (
        "ax.plot with plt.yscale",
        PLOT + DIST + "    ax.plot(d)\n    plt.yscale('log')\n    return ax\n",
        "pass",
        "Tip: plt.plot and plt.yscale",
    ),
    (
        "all pyplot: plt.semilogy, returns plt.gca()",
        PLOT + DIST + "    plt.semilogy(np.arange(len(d)), d)\n    plt.xlabel('epoch')\n"
        "    return plt.gca()\n",
        "pass",
        "Tip: plt.plot and plt.yscale",
    ),
    # the common mistakes
    (
        "linear scale",
        PLOT + DIST + "    ax.plot(d)\n    return ax\n",
        "fail",
        "leaves the y axis linear",
    ),
    (
        "a new figure inside: plt.figure",
        PLOT + DIST + "    plt.figure(figsize=(5, 3))\n    plt.semilogy(d)\n    return ax\n",
        "fail",
        "made a figure of its own",
    ),
    (
        "a new figure inside: plt.subplots",
        PLOT + DIST + "    fig, ax = plt.subplots()\n    ax.semilogy(d)\n    return ax\n",
        "fail",
        "made a figure of its own",
    ),
    (
        "squared distance",
        PLOT + "    d = [(p['w'] - w_star)**2 + (p['b'] - b_star)**2 for p in history.params]\n"
        "    ax.semilogy(d)\n    return ax\n",
        "fail",
        "plotted the squared distance",
    ),
    (
        "the loss instead",
        PLOT + "    ax.semilogy(history.loss)\n    return ax\n",
        "fail",
        "plotted history.loss",
    ),
    (
        "distance in w only",
        PLOT + "    ax.semilogy([abs(p['w'] - w_star) for p in history.params])\n    return ax\n",
        "fail",
        "plotted the distance in w only",
    ),
    (
        "distance to (0, 0)",
        PLOT + "    ax.semilogy([np.hypot(p['w'], p['b']) for p in history.params])\n"
        "    return ax\n",
        "fail",
        "measured the distance to (0, 0)",
    ),
    (
        "log of the distance on a linear axis",
        PLOT + DIST + "    ax.plot(np.log10(d))\n    ax.set_ylabel('log10 distance')\n"
        "    return ax\n",
        "fail",
        "plotted the logarithm of the distance on a linear axis",
    ),
    (
        "epochs from 1",
        PLOT + DIST + "    ax.semilogy(range(1, len(d) + 1), d)\n    return ax\n",
        "fail",
        "so do not start at 1",
    ),
    (
        "x is samples seen",
        PLOT + DIST + "    ax.semilogy([0] + history.samples, d)\n    return ax\n",
        "fail",
        "are not the epochs 0, 1, ..., 150: params[0] is the start (epoch 0).",
    ),
    (
        "x is history.steps (one short)",
        PLOT + DIST + "    ax.semilogy(history.steps, d)\n    return ax\n",
        "fail",
        "plot_distance() raised ValueError at `ax.semilogy(history.steps, d)`",
    ),
    (
        "skips params[0]",
        PLOT + DIST + "    ax.semilogy(range(1, len(d)), d[1:])\n    return ax\n",
        "fail",
        "params[0] (epoch 0) is missing",
    ),
    (
        "loops over history.epochs (misses params[E])",
        PLOT + "    d = [np.hypot(history.params[k]['w'] - w_star, history.params[k]['b'] - b_star)"
        "\n         for k in range(history.epochs)]\n    ax.semilogy(d)\n    return ax\n",
        "fail",
        "line stops at epoch 149",
    ),
    (
        "reads the notebook's history_ex",
        PLOT + "    d = [np.hypot(p['w'] - w_star, p['b'] - b_star) for p in history_ex.params]\n"
        "    ax.semilogy(d)\n    return ax\n",
        "fail",
        "reads the notebook's `history_ex`",
    ),
    (
        "log-log",
        PLOT + DIST + "    ax.loglog(range(len(d)), d)\n    return ax\n",
        "fail",
        "Only the y axis should be logarithmic",
    ),
    (
        "forgets to return ax",
        PLOT + DIST + "    ax.semilogy(d)\n",
        "fail",
        "returns None: return the ax",
    ),
    (
        "returns the line, not ax",
        PLOT + DIST + "    ax.set_yscale('log')\n    return ax.plot(d)\n",
        "fail",
        "returns list: return the ax",
    ),
    (
        "subtracts the optimum in place",
        PLOT + "    for p in history.params:\n        p['w'] -= w_star\n        p['b'] -= b_star\n"
        "    ax.semilogy([np.hypot(p['w'], p['b']) for p in history.params])\n    return ax\n",
        "fail",
        "changed the history it was given",
    ),
    (
        "Manhattan distance",
        PLOT + "    ax.semilogy([abs(p['w'] - w_star) + abs(p['b'] - b_star) "
        "for p in history.params])\n    return ax\n",
        "fail",
        "No line on ax shows the distance",
    ),
]


@pytest.mark.parametrize("attempt, code, verdict, phrase", EX2, ids=[a[0] for a in EX2])
def test_exercise_2_corpus(attempt, code, verdict, phrase, notebook, capsys):
    before = plt.get_fignums()
    fn = learner(code, "plot_distance", notebook, attempt)
    plt.close("all")
    judge(check_plot_distance, fn, verdict, phrase, capsys)
    assert plt.get_fignums() == [] and not before  # the check leaves no figure open


# ------------------------------------------------------------------ Exercise 3: predict, then check

EX3 = [
    # right predictions, found differently
    ("the formula with the printed factor", solution(3), "pass", "as you predicted"),
    ("ln 10 / 1% per epoch", "my_prediction = 2.3 / 0.01", "pass", "as you predicted"),
    ("a round guess", "my_prediction = 250", "pass", "as you predicted"),
    ("a string of digits", "my_prediction = '240'", "pass", "as you predicted"),
    ("a NumPy float", "my_prediction = np.float64(260.0)", "pass", "as you predicted"),
    # wrong ones
    ("1% of the start per epoch", "my_prediction = 90", "fail", "far more than 90 epochs"),
    ("ten epochs for ten times", "my_prediction = 10", "fail", "you wrote 10"),
    ("just past the 10% limit", "my_prediction = 222", "fail", "Not what you predicted"),
    ("not made", "my_prediction = ...", "fail", "replace the ... with your guess"),
    ("not a number", "my_prediction = 'a lot'", "fail", "should be a number"),
]


@pytest.mark.parametrize("attempt, code, verdict, phrase", EX3, ids=[a[0] for a in EX3])
def test_exercise_3_corpus(attempt, code, verdict, phrase, notebook, capsys):
    namespace = dict(notebook)
    exec(code, namespace)
    capsys.readouterr()
    try:
        exec(EXERCISES[3][1], namespace)  # the experiment and check_prediction
    except CheckFailed as exc:
        assert verdict == "fail" and phrase in str(exc), str(exc)
        assert len(exc._render_traceback_()) <= MAX_LINES
    else:
        out = capsys.readouterr().out
        verdict_line = out.splitlines()[-1]
        assert verdict_line.startswith("Correct:" if verdict == "pass" else "Not what you"), out
        assert phrase in verdict_line, out
    finally:
        plt.close("all")


def test_every_exercise_has_a_corpus_of_eight_with_three_right_answers():
    for corpus in (EX1, EX2, EX3):
        assert len(corpus) >= 8 and sum(v == "pass" for _, _, v, _ in corpus) >= 3
    assert sorted(EXERCISES) == [1, 2, 3]


# ------------------------------------------------------------------ restart, and a real kernel


@pytest.mark.parametrize("number", sorted(EXERCISES))
def test_each_exercise_runs_after_a_restart_with_only_its_own_cells(number):
    """The set-up cell, then this exercise's cells, in a fresh namespace: one "Correct:" line."""
    namespace: dict = {}
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        for src in [SETUP, *EXERCISES[number]]:
            exec(compile(src, str(SOURCE), "exec"), namespace)
    plt.close("all")
    assert re.findall(r"^Correct: ", out.getvalue(), re.MULTILINE) == ["Correct: "], out.getvalue()


@pytest.mark.slow
def test_in_a_real_kernel_a_wrong_answer_shows_only_the_hint():
    import nbformat
    from nbclient import NotebookClient

    answers = [
        FIRST + "    for epoch, p in enumerate(history.params, start=1):\n"
        "        if np.hypot(p['w'] - w_star, p['b'] - b_star) < tol:\n            return epoch\n",
        FIRST + "    for k, p in enumerate(history.params):\n"
        "        if np.hypot(p[0] - w_star, p[1] - b_star) < tol:\n            return k\n",
        PLOT + DIST + "    ax.plot(d)\n    return ax\n",
    ]
    checks = [EXERCISES[1][1], EXERCISES[1][1], EXERCISES[2][1]]
    cells = [SETUP] + [f"{a}\n{c}" for a, c in zip(answers, checks)]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    NotebookClient(nb, kernel_name="python3", allow_errors=True, timeout=120).execute()
    shown = []
    for cell in nb.cells[1:]:
        (error,) = [o for o in cell.outputs if o.output_type == "error"]
        shown.append("\n".join(error.traceback))
        assert 1 <= len(error.traceback) <= MAX_LINES, shown[-1]
        assert error.traceback[0].startswith("✗ Not yet:"), shown[-1]
        theirs = re.sub(r"`[^`]*`", "", shown[-1])  # their own line, quoted
        for leak in ("Traceback", "site-packages", "fit_plots.py", *REFERENCE):
            assert leak not in theirs, (leak, shown[-1])
    assert "Off by one" in shown[0]
    assert "p[0] - w_star" in shown[1] and "index it by name (p['w'])" in shown[1]
    assert "leaves the y axis linear" in shown[2]
