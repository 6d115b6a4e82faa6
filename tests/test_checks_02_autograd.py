"""The checkers of lesson 02 (autograd): the corpus of learner attempts, each with the verdict
and the hint it must get, and each exercise run on its own after a restart.

An attempt is the code a learner types in the answer cell, written from the task text. It runs
in the namespace of the Exercises set-up cell (so it can use, or misuse, ``x_ex``, ``w_ex``, ...)
and its source is registered the way IPython registers a cell's, so the checker sees what it
would see in a notebook.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import linecache
import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no window in a test run

import pytest  # noqa: E402

from course_utils.checks import autograd  # noqa: E402
from course_utils.checks._feedback import MAX_LINES, CheckFailed  # noqa: E402
from course_utils.checks.autograd._shared import B_EX, W_EX, exercise_data  # noqa: E402
from scripts.build_notebooks import exercise_cells, read_cells  # noqa: E402

SRC = Path(__file__).resolve().parents[1] / "notebooks" / "src" / "02_autograd.py"
CELLS = exercise_cells(read_cells(SRC))
SETUP = next(c["source"] for c in CELLS if c["type"] == "code")
# what a failing message must never show: the checker's code or a reference computation
LEAKS = ("truth", "np.mean", "mse_grad(", "def check_", "_common", "site-packages", "Traceback")
_cell = itertools.count()


def exercise(n: int) -> list[dict]:
    """The cells of exercise ``n``: its task, then its code cells up to the next exercise."""
    start = next(i for i, c in enumerate(CELLS) if c["source"].startswith(f"### Exercise {n}:"))
    end = next(
        (i for i, c in enumerate(CELLS) if i > start and c["source"].startswith("### Exercise")),
        len(CELLS),
    )
    return CELLS[start:end]


def run_cell(source: str, namespace: dict, *, register: bool = True) -> None:
    """Run ``source`` as a notebook cell: under a file name whose lines linecache knows (as
    IPython does), so inspect.getsource and tracebacks find the learner's lines."""
    filename = f"<learner-cell-{next(_cell)}>"
    if register:
        lines = [line + "\n" for line in source.splitlines()]
        linecache.cache[filename] = (len(source), None, lines, filename)
    exec(compile(source, filename, "exec"), namespace)


def setup_namespace() -> dict:
    namespace: dict = {}
    run_cell(SETUP, namespace)
    return namespace


def answer(source: str, name: str, *, register: bool = True):
    namespace = setup_namespace()
    run_cell(source, namespace, register=register)
    return namespace[name]


def verdict_of(check, fn, capsys) -> tuple[str, str]:
    """("pass", the Correct: line) or ("fail", the hint), asserting what a learner would see."""
    try:
        check(fn)
    except CheckFailed as exc:
        shown = exc._render_traceback_()
        assert 1 <= len(shown) <= MAX_LINES, shown
        text = "\n".join(shown)
        assert not [leak for leak in LEAKS if leak in text], text
        return "fail", str(exc)
    out = capsys.readouterr().out
    assert out.startswith("Correct:") and out.count("\n") == 1, out
    return "pass", out


# ------------------------------------------------------------------ Exercise 1: autograd_grads

# (id, the learner's cell, expected verdict, a phrase only the expected hint contains)
GRADS = [
    # right answers, written in different ways
    (
        "reference: .grad = None first",
        """
def autograd_grads(x, y, w, b):
    w.grad, b.grad = None, None
    loss = ((w * x + b - y) ** 2).mean()
    loss.backward()
    return w.grad.item(), b.grad.item()
""",
        "pass",
        "",
    ),
    (
        "torch.autograd.grad never touches .grad",
        """
def autograd_grads(x, y, w, b):
    loss = ((w * x + b - y) ** 2).mean()
    dw, db = torch.autograd.grad(loss, [w, b])
    return dw, db
""",
        "pass",
        "",
    ),
    (
        "zero_() when there is a .grad",
        """
def autograd_grads(x, y, w, b):
    for p in (w, b):
        if p.grad is not None:
            p.grad.zero_()
    loss = ((w * x + b - y) ** 2).mean()
    loss.backward()
    return w.grad.clone(), b.grad.clone()
""",
        "pass",
        "",
    ),
    (
        "mse_loss, returning the .grad tensors",
        """
def autograd_grads(x, y, w, b):
    w.grad = None
    b.grad = None
    loss = torch.nn.functional.mse_loss(w * x + b, y)
    loss.backward()
    return w.grad, b.grad
""",
        "pass",
        "",
    ),
    (
        "zeros_like instead of None",
        """
def autograd_grads(x, y, w, b):
    w.grad = torch.zeros_like(w)
    b.grad = torch.zeros_like(b)
    y_hat = w * x + b
    loss = torch.mean((y - y_hat) ** 2)
    loss.backward()
    return [w.grad.item(), b.grad.item()]
""",
        "pass",
        "",
    ),
    (
        "subtract what .grad held before",
        """
def autograd_grads(x, y, w, b):
    old_w = 0.0 if w.grad is None else w.grad.item()
    old_b = 0.0 if b.grad is None else b.grad.item()
    loss = ((w * x + b - y) ** 2).mean()
    loss.backward()
    return w.grad.item() - old_w, b.grad.item() - old_b
""",
        "pass",
        "",
    ),
    (
        "fresh leaves with the same values",
        """
def autograd_grads(x, y, w, b):
    w2 = w.detach().clone().requires_grad_(True)
    b2 = b.detach().clone().requires_grad_(True)
    loss = ((w2 * x + b2 - y) ** 2).mean()
    loss.backward()
    return w2.grad.item(), b2.grad.item()
""",
        "pass",
        "",
    ),
    (
        "one tensor of two gradients",
        """
def autograd_grads(x, y, w, b):
    w.grad = b.grad = None
    err = w * x + b - y
    (err * err).mean().backward()
    return torch.stack([w.grad, b.grad])
""",
        "pass",
        "",
    ),
    # the common mistake: nothing clears .grad
    (
        "no clearing: backward() adds",
        """
def autograd_grads(x, y, w, b):
    loss = ((w * x + b - y) ** 2).mean()
    loss.backward()
    return w.grad.item(), b.grad.item()
""",
        "fail",
        "right on the first call but not on the second",
    ),
    # less obvious ones
    (
        "zeroed after reading, as in the lesson's loop",
        """
def autograd_grads(x, y, w, b):
    loss = ((w * x + b - y) ** 2).mean()
    loss.backward()
    dw, db = w.grad.item(), b.grad.item()
    w.grad.zero_()
    b.grad.zero_()
    return dw, db
""",
        "fail",
        "clearing .grad after backward() is too late",
    ),
    (
        "zeroed after, returning .grad itself",
        """
def autograd_grads(x, y, w, b):
    loss = ((w * x + b - y) ** 2).mean()
    loss.backward()
    dw, db = w.grad, b.grad
    w.grad.zero_()
    b.grad.zero_()
    return dw, db
""",
        "fail",
        "zero_() works in place",
    ),
    (
        "zero_() on a fresh w",
        """
def autograd_grads(x, y, w, b):
    w.grad.zero_()
    b.grad.zero_()
    loss = ((w * x + b - y) ** 2).mean()
    loss.backward()
    return w.grad.item(), b.grad.item()
""",
        "fail",
        "there is nothing to zero yet",
    ),
    (
        "sum instead of mean",
        """
def autograd_grads(x, y, w, b):
    w.grad = b.grad = None
    ((w * x + b - y) ** 2).sum().backward()
    return w.grad, b.grad
""",
        "fail",
        "your loss sums the squared errors",
    ),
    (
        "y flattened: (N, 1) - (N,)",
        """
def autograd_grads(x, y, w, b):
    w.grad = b.grad = None
    loss = ((w * x + b - y.flatten()) ** 2).mean()
    loss.backward()
    return w.grad.item(), b.grad.item()
""",
        "fail",
        "broadcast silently to (N, N)",
    ),
    (
        "forward pass under no_grad",
        """
def autograd_grads(x, y, w, b):
    w.grad = b.grad = None
    with torch.no_grad():
        loss = ((w * x + b - y) ** 2).mean()
    loss.backward()
    return w.grad.item(), b.grad.item()
""",
        "fail",
        "the loss was computed under torch.no_grad()",
    ),
    (
        "the notebook's x_ex, y_ex",
        """
def autograd_grads(x, y, w, b):
    w.grad = b.grad = None
    loss = ((w * x_ex + b - y_ex) ** 2).mean()
    loss.backward()
    return w.grad.item(), b.grad.item()
""",
        "fail",
        "on x_ex and y_ex (the notebook's data)",
    ),
    (
        "the notebook's w_ex, b_ex",
        """
def autograd_grads(x, y, w, b):
    w_ex.grad = b_ex.grad = None
    loss = ((w_ex * x + b_ex - y) ** 2).mean()
    loss.backward()
    return w_ex.grad.item(), b_ex.grad.item()
""",
        "fail",
        "at w_ex, b_ex (0.5, -1.0)",
    ),
    (
        "the formula of lesson 01",
        """
def autograd_grads(x, y, w, b):
    return mse_grad(x, y, w.item(), b.item())
""",
        "fail",
        "autograd never computed a gradient for w and b",
    ),
    (
        "the formula, in torch",
        """
def autograd_grads(x, y, w, b):
    with torch.no_grad():
        err = w * x + b - y
        return 2 * (err * x).mean(), 2 * err.mean()
""",
        "fail",
        "autograd never computed a gradient for w and b",
    ),
    (
        "prints instead of returning",
        """
def autograd_grads(x, y, w, b):
    w.grad = b.grad = None
    loss = ((w * x + b - y) ** 2).mean()
    loss.backward()
    print(w.grad.item(), b.grad.item())
""",
        "fail",
        "autograd_grads() returned None: end it with `return`",
    ),
    (
        "w.item() in the loss",
        """
def autograd_grads(x, y, w, b):
    w.grad = b.grad = None
    loss = ((w.item() * x + b - y) ** 2).mean()
    loss.backward()
    return w.grad, b.grad
""",
        "fail",
        "returned None for dL/dw",
    ),
    (
        ".grad read before backward()",
        """
def autograd_grads(x, y, w, b):
    w.grad = b.grad = None
    dw, db = w.grad, b.grad
    loss = ((w * x + b - y) ** 2).mean()
    loss.backward()
    return dw, db
""",
        "fail",
        "Read it after backward()",
    ),
    (
        "an update step inside",
        """
def autograd_grads(x, y, w, b):
    w.grad = b.grad = None
    loss = ((w * x + b - y) ** 2).mean()
    loss.backward()
    with torch.no_grad():
        w -= 0.02 * w.grad
        b -= 0.02 * b.grad
    return w.grad.item(), b.grad.item()
""",
        "fail",
        "the update step belongs to the training loop",
    ),
    (
        "db, dw swapped",
        """
def autograd_grads(x, y, w, b):
    w.grad = b.grad = None
    ((w * x + b - y) ** 2).mean().backward()
    return b.grad.item(), w.grad.item()
""",
        "fail",
        "dL/dw and dL/db are swapped",
    ),
    (
        "half the MSE",
        """
def autograd_grads(x, y, w, b):
    w.grad = b.grad = None
    loss = 0.5 * ((w * x + b - y) ** 2).mean()
    loss.backward()
    return w.grad.item(), b.grad.item()
""",
        "fail",
        "Half the gradient",
    ),
    (
        "minus the gradient",
        """
def autograd_grads(x, y, w, b):
    w.grad = b.grad = None
    ((w * x + b - y) ** 2).mean().backward()
    return -w.grad.item(), -b.grad.item()
""",
        "fail",
        "returned minus the gradient",
    ),
    (
        "mean absolute error",
        """
def autograd_grads(x, y, w, b):
    w.grad = b.grad = None
    (w * x + b - y).abs().mean().backward()
    return w.grad.item(), b.grad.item()
""",
        "fail",
        "dL/dw and dL/db are both off",
    ),
    (
        "the loss and one gradient",
        """
def autograd_grads(x, y, w, b):
    w.grad = b.grad = None
    loss = ((w * x + b - y) ** 2).mean()
    loss.backward()
    return loss.item(), w.grad.item()
""",
        "fail",
        "dL/dw and dL/db are both off",
    ),
    (
        "b instead of b.grad",
        """
def autograd_grads(x, y, w, b):
    w.grad = b.grad = None
    loss = ((w * x + b - y) ** 2).mean()
    loss.backward()
    return w.grad.item(), b.item()
""",
        "fail",
        "dL/db is off; dL/dw is right",
    ),
    (
        "one number",
        """
def autograd_grads(x, y, w, b):
    w.grad = b.grad = None
    ((w * x + b - y) ** 2).mean().backward()
    return w.grad.item()
""",
        "fail",
        "should return two numbers, dL/dw and dL/db",
    ),
]


@pytest.mark.parametrize(
    "source, expected, hint", [g[1:] for g in GRADS], ids=[g[0] for g in GRADS]
)
def test_autograd_grad_corpus(source, expected, hint, capsys):
    got, message = verdict_of(
        autograd.check_autograd_grad, answer(source, "autograd_grads"), capsys
    )
    assert got == expected, message
    assert hint in message, message


def test_autograd_grad_names_the_learners_function():
    source = GRADS[8][1].replace("autograd_grads", "my_grads")
    with pytest.raises(CheckFailed, match=r"^my_grads\(\) is right on the first call"):
        autograd.check_autograd_grad(answer(source, "my_grads"))


def test_an_error_in_the_learners_code_shows_their_line_and_the_fix():
    with pytest.raises(CheckFailed) as info:
        autograd.check_autograd_grad(answer(GRADS[14][1], "autograd_grads"))
    assert str(info.value).startswith("autograd_grads() raised RuntimeError at `loss.backward()`")


# ------------------------------------------------------------------ Exercise 2: to_float32

FLOAT32 = [
    # right answers, written in different ways
    (
        "reference: as_tensor with dtype",
        "def to_float32(a):\n    return torch.as_tensor(a, dtype=torch.float32)\n",
        "pass",
        "",
    ),
    (
        "from_numpy, then .float()",
        "def to_float32(a):\n    return torch.from_numpy(a).float()\n",
        "pass",
        "",
    ),
    (
        "torch.tensor with dtype",
        "def to_float32(a):\n    return torch.tensor(a, dtype=torch.float)\n",
        "pass",
        "",
    ),
    (
        "torch.tensor, then .to()",
        "def to_float32(a):\n    return torch.tensor(a).to(torch.float32)\n",
        "pass",
        "",
    ),
    (
        "NumPy converts first",
        "def to_float32(a):\n    return torch.from_numpy(a.astype(np.float32))\n",
        "pass",
        "",
    ),
    (
        "a comment that names the legacy constructor",
        """
def to_float32(a):
    # not torch.FloatTensor(a): legacy. float32 because layers hold float32 weights
    t = torch.as_tensor(a)
    return t.float()
""",
        "pass",
        "",
    ),
    (
        "isinstance(a, torch.Tensor) is no legacy call",
        """
def to_float32(a):
    if isinstance(a, torch.Tensor):
        return a.float()
    return torch.tensor(a, dtype=torch.float32)
""",
        "pass",
        "",
    ),
    (
        "a list on the way",
        "def to_float32(a):\n    return torch.tensor(a.tolist(), dtype=torch.float32)\n",
        "pass",
        "",
    ),
    # the legacy constructors the task rules out
    (
        "torch.FloatTensor",
        "def to_float32(a):\n    return torch.FloatTensor(a)\n",
        "fail",
        "legacy constructor torch.FloatTensor",
    ),
    (
        "torch.Tensor",
        "def to_float32(a):\n    return torch.Tensor(a)\n",
        "fail",
        "legacy constructor torch.Tensor,",
    ),
    (
        ".type(torch.FloatTensor)",
        "def to_float32(a):\n    return torch.from_numpy(a).type(torch.FloatTensor)\n",
        "fail",
        "legacy constructor torch.FloatTensor",
    ),
    (
        "FloatTensor imported by name",
        "from torch import FloatTensor\n\ndef to_float32(a):\n    return FloatTensor(a.tolist())\n",
        "fail",
        "legacy constructor torch.FloatTensor",
    ),
    # the common mistake: NumPy's float64 kept
    (
        "from_numpy keeps float64",
        "def to_float32(a):\n    return torch.from_numpy(a)\n",
        "fail",
        "Your tensor is float64",
    ),
    (
        "torch.tensor keeps float64",
        "def to_float32(a):\n    return torch.tensor(a)\n",
        "fail",
        "Your tensor is float64",
    ),
    # less obvious ones
    (
        "float64 converted, integers left alone",
        """
def to_float32(a):
    if a.dtype == np.float64:
        return torch.from_numpy(a.astype(np.float32))
    return torch.from_numpy(a)
""",
        "fail",
        "integer tensors cannot require gradients",
    ),
    (
        "still a NumPy array",
        "def to_float32(a):\n    return a.astype(np.float32)\n",
        "fail",
        "returned a NumPy array",
    ),
    (
        "float16",
        "def to_float32(a):\n    return torch.as_tensor(a, dtype=torch.half)\n",
        "fail",
        "asks for torch.float32",
    ),
    (
        "a column added",
        "def to_float32(a):\n    return torch.as_tensor(a, dtype=torch.float32).unsqueeze(1)\n",
        "fail",
        "The shape changed",
    ),
    (
        "scaled like an image",
        "def to_float32(a):\n    return torch.as_tensor(a, dtype=torch.float32) / 255\n",
        "fail",
        "The values changed",
    ),
    (
        "prints instead of returning",
        "def to_float32(a):\n    print(torch.as_tensor(a, dtype=torch.float32))\n",
        "fail",
        "to_float32() returned None",
    ),
    (
        "the notebook's x_ex",
        "def to_float32(a):\n    return torch.as_tensor(x_ex, dtype=torch.float32)\n",
        "fail",
        "returned the notebook's x_ex",
    ),
    (
        "dtype set in place",
        "def to_float32(a):\n    a.dtype = np.float32\n    return torch.from_numpy(a)\n",
        "fail",
        "changed the array it was given",
    ),
    (
        "a list back",
        "def to_float32(a):\n    return a.tolist()\n",
        "fail",
        "Return a torch.Tensor, got list",
    ),
]


@pytest.mark.parametrize(
    "source, expected, hint", [g[1:] for g in FLOAT32], ids=[g[0] for g in FLOAT32]
)
def test_float32_tensor_corpus(source, expected, hint, capsys):
    got, message = verdict_of(autograd.check_float32_tensor, answer(source, "to_float32"), capsys)
    assert got == expected, message
    assert hint in message, message


@pytest.mark.parametrize(
    "source, expected",
    [
        ("def to_float32(a):\n    return torch.FloatTensor(a)\n", "fail"),
        ("def to_float32(a):\n    return torch.from_numpy(a).float()\n", "pass"),
    ],
)
def test_legacy_constructors_are_found_without_the_source(source, expected, capsys):
    """A function whose source inspect cannot find is judged by the names its code uses."""
    fn = answer(source, "to_float32", register=False)
    got, message = verdict_of(autograd.check_float32_tensor, fn, capsys)
    assert got == expected, message


def test_a_lambda_is_judged_too(capsys):
    import torch

    assert verdict_of(autograd.check_float32_tensor, lambda a: torch.FloatTensor(a), capsys)[0] == (
        "fail"
    )
    fn = lambda a: torch.as_tensor(a, dtype=torch.float32)  # noqa: E731 - a learner's lambda
    assert verdict_of(autograd.check_float32_tensor, fn, capsys)[0] == "pass"


# ------------------------------------------------------------------ Exercise 3: predict, then check

PREDICTIONS = [
    # right, written in different ways
    ("the number", "my_prediction = 12", "pass", "w.grad is 12.0, as you predicted"),
    ("a float", "my_prediction = 12.0", "pass", "as you predicted"),
    ("worked out", "my_prediction = 3 * 2 + 2 * 3", "pass", "as you predicted"),
    ("a tensor", "my_prediction = torch.tensor(12.0)", "pass", "as you predicted"),
    # wrong: each a way of thinking about the two paths
    ("one path only", "my_prediction = 6", "miss", "you wrote 6"),
    ("the factor", "my_prediction = 3", "miss", "6 + 6 = 12"),
    ("the value of w", "my_prediction = 2.0", "miss", "you wrote 2.0"),
    ("paths multiplied", "my_prediction = 36", "miss", "you wrote 36"),
    ("close but not it", "my_prediction = 11.5", "miss", "you wrote 11.5"),
    ("the sign flipped", "my_prediction = -12", "miss", "you wrote -12"),
    ("not made", "my_prediction = ...", "fail", "Write your prediction of w.grad"),
    ("in words", "my_prediction = 'twelve'", "fail", "should be a number"),
]


@pytest.mark.parametrize(
    "source, expected, phrase", [p[1:] for p in PREDICTIONS], ids=[p[0] for p in PREDICTIONS]
)
def test_prediction_corpus(source, expected, phrase):
    """The exercise's own check cell, after the learner's prediction."""
    check = [
        c["source"] for c in exercise(3) if c["type"] == "code" and "solution" not in c["tags"]
    ]
    namespace = setup_namespace()
    run_cell(source, namespace)
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            run_cell(check[-1], namespace)
    except CheckFailed as exc:
        assert expected == "fail", str(exc)
        assert phrase in str(exc) and len(exc._render_traceback_()) <= MAX_LINES
        return
    text = out.getvalue()
    assert text.count("\n") == 1 and text.startswith(
        "Correct:" if expected == "pass" else "Not what"
    )
    assert phrase in text, text


# ------------------------------------------------------------------ each exercise on its own


@pytest.mark.parametrize("n", [1, 2, 3])
def test_each_exercise_runs_alone_after_a_restart(n):
    """A fresh kernel: only the Exercises set-up cell and this exercise's cells, in order; every
    check cell imports its own checker."""
    cells = [c for c in exercise(n) if c["type"] == "code"]
    checks = [c["source"] for c in cells if "solution" not in c["tags"]]
    assert checks and all(
        re.search(r"^from course_utils\.checks import check_\w+$", src, re.M) for src in checks
    )
    namespace: dict = {}
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        for src in [SETUP] + [c["source"] for c in cells]:
            run_cell(src, namespace)
    assert out.getvalue().count("Correct:") == 1, out.getvalue()


def test_the_set_up_cell_provides_what_the_tasks_name():
    namespace = setup_namespace()
    for name in ("torch", "np", "mse_grad", "x_ex", "y_ex", "w_ex", "b_ex"):
        assert name in namespace, name
        assert f"`{name}`" in exercise(1)[0]["source"], name
    assert (namespace["w_ex"].item(), namespace["b_ex"].item()) == (W_EX, B_EX)
    x_ex = exercise_data()[0]
    assert namespace["x_ex"].reshape(-1).double().numpy() == pytest.approx(x_ex)


# ------------------------------------------------------------------ in a real kernel


@pytest.mark.slow
def test_in_a_real_kernel_the_learner_sees_only_the_hint():
    import nbformat
    from nbclient import NotebookClient

    wrong = {1: GRADS[14][1], 2: FLOAT32[8][1]}  # a forward pass under no_grad; FloatTensor
    cells = [SETUP]
    for n, source in wrong.items():
        check = [c["source"] for c in exercise(n) if c["type"] == "code"][-1]
        cells += [source, check]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    NotebookClient(nb, kernel_name="python3", allow_errors=True, timeout=120).execute()
    expected = ["at `loss.backward()`", "legacy constructor torch.FloatTensor"]
    for cell, phrase in zip(nb.cells[2::2], expected):
        (error,) = [o for o in cell.outputs if o.output_type == "error"]
        shown = "\n".join(error.traceback)
        assert 1 <= len(error.traceback) <= MAX_LINES and error.traceback[0].startswith(
            "✗ Not yet:"
        )
        assert phrase in shown, shown
        assert not [leak for leak in LEAKS if leak in shown], shown
