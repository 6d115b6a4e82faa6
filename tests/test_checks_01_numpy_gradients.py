"""The checkers of lesson 01 (numpy_gradients): a corpus of learner attempts, each with the
verdict and the hint it must get.

An attempt is what a learner types into an answer cell. It runs in a namespace like the
notebook's: the lesson's cells (so its globals x, y, w, b, lr, predict and mse_grad are there,
as for a learner who ran the notebook from the top) and then the Exercises set-up cell, or
with "restart" the set-up cell alone. Then the exercise's own check cell from the lesson
source runs. A right answer prints one "Correct:" line; a wrong one gets the hint that only
its phrase matches, in at most 12 rendered lines with no reference formula in them.
"""

from __future__ import annotations

import contextlib
import copy
import io
import linecache
import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # the lesson's cells draw figures; no window in a test run

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from course_utils.checks._feedback import MAX_LINES, CheckFailed  # noqa: E402
from course_utils.checks.numpy_gradients import check_gd_step  # noqa: E402
from scripts.build_notebooks import exercise_cells, read_cells  # noqa: E402

SOURCE = Path(__file__).resolve().parents[1] / "notebooks" / "src" / "01_numpy_gradients.py"
CELLS = read_cells(SOURCE)
EXERCISES = exercise_cells(CELLS)
LESSON = CELLS[: len(CELLS) - len(EXERCISES)]
SETUP = next(c["source"] for c in EXERCISES if c["type"] == "code")


def exercise(n: int) -> list[str]:
    """The code cells of exercise ``n``: its solution, any experiment, its check."""
    starts = [
        i
        for i, c in enumerate(EXERCISES)
        if c["type"] == "markdown" and c["source"].startswith("### Exercise ")
    ]
    assert EXERCISES[starts[n - 1]]["source"].startswith(f"### Exercise {n}: ")
    end = starts[n] if n < len(starts) else len(EXERCISES)
    return [c["source"] for c in EXERCISES[starts[n - 1] + 1 : end] if c["type"] == "code"]


def run(namespace: dict, source: str, name: str) -> str:
    """Run one cell under its own file name, its lines in linecache (as IPython runs a cell);
    return what it printed."""
    filename = f"<{name}>"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(source, filename, "exec"), namespace)
    return out.getvalue()


@pytest.fixture(scope="module")
def notebook() -> dict:
    """The namespace after the lesson's cells (those that draw nothing) and the set-up cell."""
    namespace: dict = {}
    for i, c in enumerate(LESSON):
        if c["type"] == "code" and "subplots(" not in c["source"]:
            run(namespace, c["source"], f"lesson cell {i}")
    run(namespace, SETUP, "set-up cell")
    plt.close("all")
    return namespace


@pytest.fixture(scope="module")
def restarted() -> dict:
    """The namespace after a restart: the set-up cell alone."""
    namespace: dict = {}
    run(namespace, SETUP, "set-up cell")
    return namespace


# Strings that would show the reference answer or the checker: never in a learner's hint.
LEAKS = (
    "truth",
    "mse_grad(",
    "mean(e",
    "mean(error",
    "2 * mean",
    "2*mean",
    "* x)",
    "lr * dw",
    "lr*dw",
    "def check",
    "Traceback",
    "grad_no_bias.py",  # the checker's modules (course_utils/checks/numpy_gradients/)
    "gd_step.py",
    "lr_max.py",
    "_shared.py",
)


def attempt(exercise_no: int, answer: str, verdict: str, phrase: str, where: str, namespaces):
    """Run ``answer`` in the notebook (or after a restart), then the exercise's other cells
    (experiment and check) from the lesson source, and hold the outcome to the verdict."""
    namespace = copy.copy(namespaces["restart" if where == "restart" else "notebook"])
    run(namespace, answer, "answer cell")
    printed, failed = "", None
    try:
        for k, source in enumerate(exercise(exercise_no)[1:]):
            printed += run(namespace, source, f"exercise cell {k}")
    except CheckFailed as exc:
        failed = exc
    finally:
        plt.close("all")
    if verdict == "pass":
        assert failed is None, str(failed)
        correct = [line for line in printed.splitlines() if line.startswith("Correct:")]
        assert len(correct) == 1, printed
        return
    assert "Correct:" not in printed, printed
    if failed is None:  # a prediction is not stopped, only never called correct
        assert phrase in printed, printed
        return
    assert phrase in str(failed), str(failed)
    shown = failed._render_traceback_()
    assert 1 <= len(shown) <= MAX_LINES and shown[0].startswith("✗ Not yet:"), shown
    for leak in LEAKS:
        assert leak not in "\n".join(shown), (leak, shown)


@pytest.fixture(scope="module")
def namespaces(notebook, restarted) -> dict:
    return {"notebook": notebook, "restart": restarted}


def table(rows):
    """pytest params: (answer, verdict, phrase, where), with the row's id."""
    return [pytest.param(a, v, p, w, id=i) for i, a, v, p, w in rows]


# ------------------------------------------------------------------ exercise 1: dL/dw, no bias

EX1 = [
    # right answers, written in different ways
    (
        "reference",
        "def grad_w_no_bias(x, y, w):\n"
        "    error = w * x - y\n"
        "    return 2.0 * np.mean(error * x)\n",
        "pass",
        "",
        "notebook",
    ),
    (
        "sum over len",
        "def grad_w_no_bias(x, y, w):\n    return 2 * np.sum((w * x - y) * x) / len(x)\n",
        "pass",
        "",
        "notebook",
    ),
    (
        "explicit loop",
        "def grad_w_no_bias(x, y, w):\n"
        "    total = 0.0\n"
        "    for xi, yi in zip(x, y):\n"
        "        total += 2 * (w * xi - yi) * xi\n"
        "    return total / len(x)\n",
        "pass",
        "",
        "notebook",
    ),
    (
        "np.dot",
        "def grad_w_no_bias(x, y, w):\n    return 2 * np.dot(w * x - y, x) / x.size\n",
        "pass",
        "",
        "restart",
    ),
    (
        "expanded on paper",
        "def grad_w_no_bias(x, y, w):\n"
        "    # L = w^2 mean(x^2) - 2 w mean(xy) + mean(y^2)\n"
        "    return 2 * w * np.mean(x**2) - 2 * np.mean(x * y)\n",
        "pass",
        "",
        "notebook",
    ),
    (
        "column vectors (N, 1)",
        "def grad_w_no_bias(x, y, w):\n"
        "    x, y = x.reshape(-1, 1), y.reshape(-1, 1)\n"
        "    return float(2 * np.mean((w * x - y) * x))\n",
        "pass",
        "",
        "notebook",
    ),
    (
        "torch",
        "import torch\n\n"
        "def grad_w_no_bias(x, y, w):\n"
        "    xt, yt = torch.from_numpy(x), torch.from_numpy(y)\n"
        "    return (2 * ((w * xt - yt) * xt).mean()).item()\n",
        "pass",
        "",
        "restart",
    ),
    (
        "own helper in the answer cell",
        "def predict(x, w):\n    return w * x\n\n"
        "def grad_w_no_bias(x, y, w):\n    return 2 * np.mean((predict(x, w) - y) * x)\n",
        "pass",
        "",
        "notebook",
    ),
    (
        "generator expression",
        "def grad_w_no_bias(x, y, w):\n"
        "    return 2 * sum((w * a - b) * a for a, b in zip(x, y)) / len(x)\n",
        "pass",
        "",
        "restart",
    ),
    # the common mistakes
    (
        "factor 2 missing",
        "def grad_w_no_bias(x, y, w):\n    return np.mean((w * x - y) * x)\n",
        "fail",
        "factor 2 from differentiating the square is missing",
        "notebook",
    ),
    (
        "target minus prediction",
        "def grad_w_no_bias(x, y, w):\n    return 2 * np.mean((y - w * x) * x)\n",
        "fail",
        "grad_w_no_bias has the wrong sign",
        "notebook",
    ),
    (
        "wrong sign and half",
        "def grad_w_no_bias(x, y, w):\n    return np.mean((y - w * x) * x)\n",
        "fail",
        "wrong sign AND half",
        "notebook",
    ),
    (
        "sum instead of mean",
        "def grad_w_no_bias(x, y, w):\n    return 2 * np.sum((w * x - y) * x)\n",
        "fail",
        "you summed over the samples",
        "notebook",
    ),
    (
        "inner derivative missing",
        "def grad_w_no_bias(x, y, w):\n    return 2 * np.mean(w * x - y)\n",
        "fail",
        "missing the inner derivative",
        "notebook",
    ),
    (
        "divided by N twice",
        "def grad_w_no_bias(x, y, w):\n    return 2 * np.mean((w * x - y) * x) / len(x)\n",
        "fail",
        "divides by N twice",
        "notebook",
    ),
    # less obvious ones
    (
        "the lesson's data instead of the arguments",
        "def grad_w_no_bias(x, y, w):\n    return 2 * np.mean((w * x_ex - y_ex) * x_ex)\n",
        "fail",
        "reads the notebook's x_ex instead of its own arguments",
        "notebook",
    ),
    (
        "other parameter names, the lesson's x in the body",
        "def grad_w_no_bias(xs, ys, w):\n    return 2 * np.mean((w * x - y) * x)\n",
        "fail",
        "reads the notebook's x instead of its own arguments (xs, ys)",
        "notebook",
    ),
    (
        "a model with a bias (the lesson's b)",
        "def grad_w_no_bias(x, y, w):\n    return 2 * np.mean((w * x + b - y) * x)\n",
        "fail",
        "this model has no bias",
        "notebook",
    ),
    (
        "the lesson's mse_grad",
        "def grad_w_no_bias(x, y, w):\n    return mse_grad(x, y, w, 0.0)[0]\n",
        "fail",
        "uses mse_grad from the lesson (section 3)",
        "notebook",
    ),
    (
        "the lesson's mse_grad after a restart",
        "def grad_w_no_bias(x, y, w):\n    return mse_grad(x, y, w, 0.0)[0]\n",
        "fail",
        "uses mse_grad from the lesson (section 3)",
        "restart",
    ),
    (
        "numerical_grad instead of the formula",
        "def grad_w_no_bias(x, y, w):\n"
        "    return numerical_grad(lambda v: np.mean((v * x - y) ** 2), [w])[0]\n",
        "fail",
        "returns numerical_grad's estimate",
        "notebook",
    ),
    (
        "y changed in place",
        "def grad_w_no_bias(x, y, w):\n"
        "    y -= w * x  # the residual\n"
        "    return -2 * np.mean(y * x)\n",
        "fail",
        "changed its argument y in place",
        "notebook",
    ),
    (
        "printed, not returned",
        "def grad_w_no_bias(x, y, w):\n    print(2 * np.mean((w * x - y) * x))\n",
        "fail",
        "but returned None",
        "notebook",
    ),
    (
        "one value per sample",
        "def grad_w_no_bias(x, y, w):\n    return 2 * (w * x - y) * x\n",
        "fail",
        "returns one value per sample",
        "notebook",
    ),
    (
        "loop off by one",
        "def grad_w_no_bias(x, y, w):\n"
        "    total = 0\n"
        "    for i in range(len(x) - 1):\n"
        "        total += (w * x[i] - y[i]) * x[i]\n"
        "    return 2 * total / len(x)\n",
        "fail",
        "leaves out the last sample",
        "notebook",
    ),
    (
        "divided by N - 1",
        "def grad_w_no_bias(x, y, w):\n    return 2 * np.sum((w * x - y) * x) / (len(x) - 1)\n",
        "fail",
        "divides by N - 1",
        "notebook",
    ),
    (
        "mean of the errors times mean of x",
        "def grad_w_no_bias(x, y, w):\n    return 2 * np.mean(w * x - y) * np.mean(x)\n",
        "fail",
        "the mean of a product is not the product of the means",
        "notebook",
    ),
    (
        "x as a column, y as a row",
        "def grad_w_no_bias(x, y, w):\n"
        "    x = x.reshape(-1, 1)\n"
        "    return 2 * np.mean((w * x - y) * x)\n",
        "fail",
        "broadcast silently to (N, N)",
        "notebook",
    ),
    (
        "x squared",
        "def grad_w_no_bias(x, y, w):\n    return 2 * np.mean((w * x - y) * x**2)\n",
        "fail",
        "Compare it with numerical_grad",
        "notebook",
    ),
    (
        "an error in the learner's code",
        "def grad_w_no_bias(x, y, w):\n    return 2 * (w * x - y) @ x.T / x.shape[1]\n",
        "fail",
        "grad_w_no_bias() raised IndexError at `return 2 * (w * x - y) @ x.T / x.shape[1]`",
        "notebook",
    ),
    (
        "the value, not the function",
        "grad_w_no_bias = 2 * np.mean((0.5 * x_ex - y_ex) * x_ex)\n",
        "fail",
        "Pass the function itself",
        "notebook",
    ),
    (
        "the stub left as it is",
        "def grad_w_no_bias(x, y, w):\n"
        "    raise NotImplementedError('Exercise 1: write your solution here')\n",
        "fail",
        "Write your answer in the solution cell above",
        "notebook",
    ),
]


@pytest.mark.parametrize("answer, verdict, phrase, where", table(EX1))
def test_exercise_1_grad_no_bias(answer, verdict, phrase, where, namespaces):
    attempt(1, answer, verdict, phrase, where, namespaces)


# ------------------------------------------------------------------ exercise 2: one GD step

EX2 = [
    # right answers, written in different ways
    (
        "reference",
        "def gd_step(x, y, w, b, lr):\n"
        "    error = w * x + b - y\n"
        "    dw, db = 2 * np.mean(error * x), 2 * np.mean(error)\n"
        "    return w - lr * dw, b - lr * db\n",
        "pass",
        "",
        "notebook",
    ),
    (
        "explicit loop",
        "def gd_step(x, y, w, b, lr):\n"
        "    dw = db = 0.0\n"
        "    for i in range(len(x)):\n"
        "        e = w * x[i] + b - y[i]\n"
        "        dw += 2 * e * x[i] / len(x)\n"
        "        db += 2 * e / len(x)\n"
        "    return w - lr * dw, b - lr * db\n",
        "pass",
        "",
        "restart",
    ),
    (
        "matrix form, array returned",
        "def gd_step(x, y, w, b, lr):\n"
        "    X = np.column_stack([x, np.ones_like(x)])\n"
        "    theta = np.array([w, b])\n"
        "    grad = 2 * X.T @ (X @ theta - y) / len(y)\n"
        "    return theta - lr * grad\n",
        "pass",
        "",
        "notebook",
    ),
    (
        "residual as target minus prediction, signs right",
        "def gd_step(x, y, w, b, lr):\n"
        "    r = y - (w * x + b)\n"
        "    w_new = w + lr * 2 * np.mean(r * x)\n"
        "    b_new = b + lr * 2 * np.mean(r)\n"
        "    return [w_new, b_new]\n",
        "pass",
        "",
        "notebook",
    ),
    (
        "own helper in the answer cell",
        "def mse_grad(x, y, w, b):\n"
        "    e = w * x + b - y\n"
        "    return 2 * np.mean(e * x), 2 * np.mean(e)\n\n"
        "def gd_step(x, y, w, b, lr):\n"
        "    dw, db = mse_grad(x, y, w, b)\n"
        "    return w - lr * dw, b - lr * db\n",
        "pass",
        "",
        "restart",
    ),
    (
        "torch",
        "import torch\n\n"
        "def gd_step(x, y, w, b, lr):\n"
        "    xt, yt = torch.tensor(x), torch.tensor(y)\n"
        "    e = w * xt + b - yt\n"
        "    return torch.stack([w - lr * 2 * (e * xt).mean(), b - lr * 2 * e.mean()])\n",
        "pass",
        "",
        "notebook",
    ),
    (
        "np.dot and sum over len",
        "def gd_step(x, y, w, b, lr):\n"
        "    n = len(x)\n"
        "    e = w * x + b - y\n"
        "    return w - lr * 2 * np.dot(e, x) / n, b - lr * 2 * e.sum() / n\n",
        "pass",
        "",
        "notebook",
    ),
    # the common mistakes
    (
        "stepped uphill",
        "def gd_step(x, y, w, b, lr):\n"
        "    e = w * x + b - y\n"
        "    return w + lr * 2 * np.mean(e * x), b + lr * 2 * np.mean(e)\n",
        "fail",
        "stepped uphill",
        "notebook",
    ),
    (
        "learning rate forgotten",
        "def gd_step(x, y, w, b, lr):\n"
        "    e = w * x + b - y\n"
        "    return w - 2 * np.mean(e * x), b - 2 * np.mean(e)\n",
        "fail",
        "leaves out the learning rate",
        "notebook",
    ),
    (
        "b's gradient after w moved",
        "def gd_step(x, y, w, b, lr):\n"
        "    w = w - lr * 2 * np.mean((w * x + b - y) * x)\n"
        "    b = b - lr * 2 * np.mean(w * x + b - y)\n"
        "    return w, b\n",
        "fail",
        "after w has already moved",
        "notebook",
    ),
    (
        "factor 2 missing in both",
        "def gd_step(x, y, w, b, lr):\n"
        "    e = w * x + b - y\n"
        "    return w - lr * np.mean(e * x), b - lr * np.mean(e)\n",
        "fail",
        "half the right size",
        "notebook",
    ),
    (
        "sums instead of means",
        "def gd_step(x, y, w, b, lr):\n"
        "    e = w * x + b - y\n"
        "    return w - lr * 2 * np.sum(e * x), b - lr * 2 * np.sum(e)\n",
        "fail",
        "you summed over the samples",
        "notebook",
    ),
    # less obvious ones
    (
        "b not updated",
        "def gd_step(x, y, w, b, lr):\n"
        "    e = w * x + b - y\n"
        "    return w - lr * 2 * np.mean(e * x), b\n",
        "fail",
        "leaves b unchanged",
        "notebook",
    ),
    (
        "returns only w",
        "def gd_step(x, y, w, b, lr):\n"
        "    e = w * x + b - y\n"
        "    return w - lr * 2 * np.mean(e * x)\n",
        "fail",
        "should be 2 numbers",
        "notebook",
    ),
    (
        "returns (b, w)",
        "def gd_step(x, y, w, b, lr):\n"
        "    e = w * x + b - y\n"
        "    return b - lr * 2 * np.mean(e), w - lr * 2 * np.mean(e * x)\n",
        "fail",
        "returns (b, w)",
        "notebook",
    ),
    (
        "returns the gradients",
        "def gd_step(x, y, w, b, lr):\n"
        "    e = w * x + b - y\n"
        "    return 2 * np.mean(e * x), 2 * np.mean(e)\n",
        "fail",
        "returns the gradients, not the new parameters",
        "notebook",
    ),
    (
        "two steps",
        "def gd_step(x, y, w, b, lr):\n"
        "    for _ in range(2):\n"
        "        e = w * x + b - y\n"
        "        w, b = w - lr * 2 * np.mean(e * x), b - lr * 2 * np.mean(e)\n"
        "    return w, b\n",
        "fail",
        "makes two steps",
        "notebook",
    ),
    (
        "dw without its x",
        "def gd_step(x, y, w, b, lr):\n"
        "    e = w * x + b - y\n"
        "    return w - lr * 2 * np.mean(e), b - lr * 2 * np.mean(e)\n",
        "fail",
        "b is right, but dw is missing the inner derivative",
        "notebook",
    ),
    (
        "db with an x",
        "def gd_step(x, y, w, b, lr):\n"
        "    e = w * x + b - y\n"
        "    g = 2 * np.mean(e * x)\n"
        "    return w - lr * g, b - lr * g\n",
        "fail",
        "w is right, but db has an inner derivative",
        "notebook",
    ),
    (
        "dw half, db right",
        "def gd_step(x, y, w, b, lr):\n"
        "    e = w * x + b - y\n"
        "    return w - lr * np.mean(e * x), b - lr * 2 * np.mean(e)\n",
        "fail",
        "new b is right, its new w is off",
        "notebook",
    ),
    (
        "db of the squared error",
        "def gd_step(x, y, w, b, lr):\n"
        "    e = w * x + b - y\n"
        "    return w - lr * 2 * np.mean(e * x), b - lr * np.mean(e**2)\n",
        "fail",
        "new w is right, its new b is off",
        "notebook",
    ),
    (
        "y reshaped to a column",
        "def gd_step(x, y, w, b, lr):\n"
        "    e = w * x + b - y.reshape(-1, 1)\n"
        "    return w - lr * 2 * np.mean(e * x), b - lr * 2 * np.mean(e)\n",
        "fail",
        "broadcast silently to (N, N)",
        "notebook",
    ),
    (
        "the lesson's mse_grad",
        "def gd_step(x, y, w, b, lr):\n"
        "    dw, db = mse_grad(x, y, w, b)\n"
        "    return w - lr * dw, b - lr * db\n",
        "fail",
        "uses mse_grad from the lesson (section 3)",
        "notebook",
    ),
    (
        "the lesson's mse_grad after a restart",
        "def gd_step(x, y, w, b, lr):\n"
        "    dw, db = mse_grad(x, y, w, b)\n"
        "    return w - lr * dw, b - lr * db\n",
        "fail",
        "after a restart it is not defined",
        "restart",
    ),
    (
        "the lesson's predict",
        "def gd_step(x, y, w, b, lr):\n"
        "    e = predict(x, w, b) - y\n"
        "    return w - lr * 2 * np.mean(e * x), b - lr * 2 * np.mean(e)\n",
        "fail",
        "uses predict from the lesson (section 2)",
        "notebook",
    ),
    (
        "gradients by numerical_grad",
        "def gd_step(x, y, w, b, lr):\n"
        "    dw, db = numerical_grad(lambda w, b: np.mean((w * x + b - y) ** 2), [w, b])\n"
        "    return w - lr * dw, b - lr * db\n",
        "fail",
        "takes its gradients from numerical_grad",
        "notebook",
    ),
    (
        "the notebook's lr under another parameter name",
        "def gd_step(x, y, w, b, learning_rate):\n"
        "    e = w * x + b - y\n"
        "    return w - lr * 2 * np.mean(e * x), b - lr * 2 * np.mean(e)\n",
        "fail",
        "reads the notebook's lr instead of its argument",
        "notebook",
    ),
    (
        "the lesson's data",
        "def gd_step(x, y, w, b, lr):\n"
        "    e = w * x_ex + b - y_ex\n"
        "    return w - lr * 2 * np.mean(e * x_ex), b - lr * 2 * np.mean(e)\n",
        "fail",
        "reads the notebook's x_ex instead of its own arguments",
        "notebook",
    ),
    (
        "y changed in place by a gd_step",
        "def gd_step(x, y, w, b, lr):\n"
        "    x *= 1.0  # make it float\n"
        "    y -= w * x + b  # now the negative error\n"
        "    return w + lr * 2 * np.mean(y * x), b + lr * 2 * np.mean(y)\n",
        "fail",
        "changed its argument y in place",
        "notebook",
    ),
    (
        "printed, not returned",
        "def gd_step(x, y, w, b, lr):\n"
        "    e = w * x + b - y\n"
        "    print(w - lr * 2 * np.mean(e * x), b - lr * 2 * np.mean(e))\n",
        "fail",
        "but returned None",
        "notebook",
    ),
    (
        "list arithmetic",
        "def gd_step(x, y, w, b, lr):\n"
        "    e = w * x + b - y\n"
        "    grads = [2 * np.mean(e * x), 2 * np.mean(e)]\n"
        "    return [w, b] - lr * grads\n",
        "fail",
        "Lists do no arithmetic",
        "notebook",
    ),
    (
        "a dict indexed by position",
        "def gd_step(x, y, w, b, lr):\n"
        "    p = {'w': w, 'b': b}\n"
        "    e = p[0] * x + p[1] - y\n"
        "    return p[0] - lr * 2 * np.mean(e * x), p[1] - lr * 2 * np.mean(e)\n",
        "fail",
        "index it by name (p['w'])",
        "notebook",
    ),
]


@pytest.mark.parametrize("answer, verdict, phrase, where", table(EX2))
def test_exercise_2_gd_step(answer, verdict, phrase, where, namespaces):
    attempt(2, answer, verdict, phrase, where, namespaces)


def test_exercise_2_fallbacks_say_which_part_is_wrong_not_the_formula(namespaces):
    """The old fallback spelled the whole step out; now it names the part that is off."""
    both_off = (
        "def gd_step(x, y, w, b, lr):\n"
        "    e = w * x + b - y\n"
        "    return w - lr * np.mean(e * x**2), b - lr * np.mean(e) / 3\n"
    )
    attempt(2, both_off, "fail", "new w and b are both off", "notebook", namespaces)
    namespace = copy.copy(namespaces["notebook"])
    run(namespace, both_off, "answer cell")
    with pytest.raises(CheckFailed) as info:
        check_gd_step(namespace["gd_step"])
    hint = str(info.value).split(" (w=")[0]  # the hint, before the numbers
    assert "mean" not in hint and "=" not in hint and "lr *" not in hint, hint


# ------------------------------------------------------------------ exercise 3: the largest lr

BISECT = (
    "def converges(lr, epochs=2000):\n"
    "    try:\n"
    "        history = gradient_descent(x_ex, y_ex, lr=lr, epochs=epochs)\n"
    "    except TrainingDiverged:\n"
    "        return False\n"
    "    return history.loss[-1] < history.loss[0]\n\n"
    "low, high = 0.001, 1.0\n"
    "for _ in range({halvings}):\n"
    "    mid = (low + high) / 2\n"
    "    low, high = (mid, high) if converges(mid) else (low, mid)\n"
)

EX3 = [
    # right answers, found or written in different ways
    ("bisection, 20 halvings", BISECT.format(halvings=20) + "largest_lr = low\n", "pass", ""),
    (
        "bisection rounded",
        BISECT.format(halvings=14) + "largest_lr = float(f'{low:.2g}')\n",
        "pass",
        "",
    ),
    (
        "grid scan",
        "largest_lr = None\n"
        "for lr in np.arange(0.0300, 0.0320, 0.0001):\n"
        "    try:\n"
        "        h = gradient_descent(x_ex, y_ex, lr=lr, epochs=3000)\n"
        "    except TrainingDiverged:\n"
        "        break\n"
        "    if h.loss[-1] > h.loss[0]:\n"
        "        break\n"
        "    largest_lr = lr\n",
        "pass",
        "",
    ),
    (
        "from the curvature",
        "H = 2 * np.array([[np.mean(x_ex**2), np.mean(x_ex)], [np.mean(x_ex), 1.0]])\n"
        "largest_lr = 2 / np.linalg.eigvalsh(H).max()\n",
        "pass",
        "",
    ),
    ("typed in, two digits", "largest_lr = 0.031\n", "pass", ""),
    ("a float32 tensor", "import torch\nlargest_lr = torch.tensor(0.0313)\n", "pass", ""),
    # wrong ones
    ("the printed value rounded up", "largest_lr = 0.0314\n", "fail", "diverges, slowly"),
    (
        "bisection keeps high",
        BISECT.format(halvings=20) + "largest_lr = high\n",
        "fail",
        "diverges, slowly",
    ),
    ("one significant digit", "largest_lr = 0.03\n", "fail", "the second is not yet"),
    (
        "too few halvings",
        BISECT.format(halvings=6) + "largest_lr = low\n",
        "fail",
        "Increase lr in small steps",
    ),
    ("where the zig-zag starts", "largest_lr = 0.016\n", "fail", "zig-zag"),
    ("the lesson's learning rate", "largest_lr = lr\n", "fail", "still converges at lr=0.02"),
    ("far past the edge", "largest_lr = 0.05\n", "fail", "diverges on this data"),
    ("negative", "largest_lr = -0.031\n", "fail", "must be positive"),
    ("a string", "largest_lr = '0.031'\n", "fail", "should be a number"),
    (
        "all that converge",
        "largest_lr = [0.01, 0.02, 0.03]\n",
        "fail",
        "should be one number, got a list",
    ),
    ("printed, not stored", "largest_lr = print(0.031)\n", "fail", "largest_lr is None"),
]


@pytest.mark.parametrize("answer, verdict, phrase", [pytest.param(*r[1:], id=r[0]) for r in EX3])
def test_exercise_3_largest_lr(answer, verdict, phrase, namespaces):
    attempt(3, answer, verdict, phrase, "notebook", namespaces)


# ------------------------------------------------------------------ exercise 4: predict, then check

EX4 = [
    # right predictions, written in different ways
    ("the menu's value", "my_prediction = 0.0002\n", "pass", ""),
    ("scientific notation", "my_prediction = 2e-4\n", "pass", ""),
    ("a fraction", "my_prediction = 0.02 / 100\n", "pass", ""),
    ("a string", "my_prediction = '0.0002'\n", "pass", ""),
    ("a NumPy number", "my_prediction = np.float64(0.0002)\n", "pass", ""),
    # wrong ones
    ("ten times smaller (the common guess)", "my_prediction = 0.002\n", "fail", "not 10-fold"),
    ("unchanged", "my_prediction = 0.02\n", "fail", "Not what you predicted"),
    ("not one of the three", "my_prediction = 0.00032\n", "fail", "Not what you predicted"),
    ("not made", "my_prediction = ...\n", "fail", "replace the ... with your guess"),
    ("words", "my_prediction = 'the smallest'\n", "fail", "should be a number"),
    ("the stub's None", "my_prediction = None\n", "fail", "replace the ... with your guess"),
]


@pytest.mark.parametrize("answer, verdict, phrase", [pytest.param(*r[1:], id=r[0]) for r in EX4])
def test_exercise_4_prediction(answer, verdict, phrase, namespaces):
    attempt(4, answer, verdict, phrase, "notebook", namespaces)


def test_corpus_size():
    """At least 8 attempts per exercise, at least 3 of them right answers beyond the
    reference."""
    for rows, verdicts in [
        (EX1, [r[2] for r in EX1]),
        (EX2, [r[2] for r in EX2]),
        (EX3, [r[2] for r in EX3]),
        (EX4, [r[2] for r in EX4]),
    ]:
        assert len(rows) >= 8 and verdicts.count("pass") >= 4 and "fail" in verdicts


# ------------------------------------------------------------------ restart-safe exercises


@pytest.mark.parametrize("n", [1, 2, 3, 4])
def test_each_exercise_runs_after_a_restart_with_only_the_set_up_cell(n):
    """Only the Exercises set-up cell and this exercise's cells, in a fresh namespace: one
    "Correct:" line (the check cell imports its own checker)."""
    namespace: dict = {}
    printed = run(namespace, SETUP, "set-up cell")
    for k, source in enumerate(exercise(n)):
        printed += run(namespace, source, f"exercise {n} cell {k}")
    plt.close("all")
    assert sum(line.startswith("Correct:") for line in printed.splitlines()) == 1, printed


def test_the_exercises_intro_names_what_the_set_up_cell_provides():
    intro = EXERCISES[0]["source"]
    for name in ("np", "x_ex", "y_ex", "numerical_grad", "gradient_descent", "TrainingDiverged"):
        assert f"`{name}`" in intro and re.search(rf"\b{name}\b", SETUP), name


# ------------------------------------------------------------------ in a real kernel


@pytest.mark.slow
def test_in_a_real_kernel_wrong_answers_show_only_the_hint():
    """After a restart (a fresh kernel: the set-up cell, then an exercise's cells), a wrong answer
    shows the hint in a few lines, with the learner's names and no checker source."""
    import nbformat
    from nbclient import NotebookClient

    wrong = {
        1: "def grad_w_no_bias(x, y, w):\n    return np.mean((w * x - y) * x)\n",
        2: "def gd_step(x, y, w, b, lr):\n    dw, db = mse_grad(x, y, w, b)\n"
        "    return w - lr * dw, b - lr * db\n",
        3: "largest_lr = 0.0314\n",
    }
    cells = [SETUP]
    for n, answer in wrong.items():
        cells += [answer, *exercise(n)[1:]]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    NotebookClient(nb, kernel_name="python3", allow_errors=True, timeout=120).execute()
    errors = [o for c in nb.cells for o in c.outputs if o.output_type == "error"]
    assert len(errors) == len(wrong)
    for error, phrase in zip(
        errors, ["factor 2", "gd_step uses mse_grad from the lesson", "diverges, slowly"]
    ):
        shown = "\n".join(error.traceback)
        assert 1 <= len(error.traceback) <= MAX_LINES and shown.startswith("✗ Not yet:"), shown
        assert phrase in shown, shown
        for leak in LEAKS:
            assert leak not in shown, (leak, shown)
