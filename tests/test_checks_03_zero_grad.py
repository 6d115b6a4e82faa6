"""The checkers of lesson 03 (zero_grad): a corpus of learner attempts for each exercise, each
with the verdict and a phrase only its hint contains; every exercise runs on its own after a
restart.

The attempts are written as a learner writes them in the answer cell (source text, run in a
namespace holding what the Exercises set-up cell defines), from the task text, not from the
checker's list of mistakes.
"""

from __future__ import annotations

import contextlib
import io
import linecache
import re
import zlib
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # the lesson's cells draw figures; no window in a test run

import pytest  # noqa: E402
import torch  # noqa: E402
from torch import nn  # noqa: E402

from course_utils import make_linear_data  # noqa: E402
from course_utils.checks._feedback import MAX_LINES, CheckFailed  # noqa: E402
from course_utils.checks.zero_grad import (  # noqa: E402
    check_grad_accumulation,
    check_zero_grad_loop,
)
from scripts.build_notebooks import exercise_cells, read_cells  # noqa: E402

SOURCE = Path(__file__).resolve().parents[1] / "notebooks" / "src" / "03_zero_grad.py"
CELLS = exercise_cells(read_cells(SOURCE))

# Nothing a learner sees may show the reference: its code or the formula of its gradient.
REFERENCE = ["zip(x.chunk", "loss_fn(model(", "/ k)", "mse_grad", "np.mean", "def ", "2 * "]


def setup_namespace() -> dict:
    """What the Exercises set-up cell gives an answer (plus model_ex, which a solution cell
    defines): an answer may wrongly use these globals instead of its arguments."""
    x_ex, y_ex = make_linear_data(20, seed=3)
    return {"torch": torch, "nn": nn, "x_ex": x_ex, "y_ex": y_ex, "model_ex": nn.Linear(1, 1)}


def learner(code: str, name: str):
    """The function an answer cell defines; its lines are registered as IPython registers a
    cell's, so a hint can quote the learner's line."""
    filename = f"<answer cell {zlib.crc32(code.encode())}>"
    linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)
    namespace = setup_namespace()
    exec(compile(code, filename, "exec"), namespace)
    return namespace[name]


def run_check(check, answer) -> tuple[str, str]:
    """("pass", the printed line) or ("fail", the hint); asserts what a learner sees of a
    failure: at most MAX_LINES lines, no reference code."""
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            check(answer)
    except CheckFailed as exc:
        shown = exc._render_traceback_()
        assert len(shown) <= MAX_LINES, shown
        assert not [r for r in REFERENCE if r in "\n".join(shown)], shown
        return "fail", str(exc)
    printed = out.getvalue()
    assert printed.startswith("Correct:") and printed.count("\n") == 1, printed
    return "pass", printed


def assert_attempt(check, answer, verdict: str, phrase: str) -> None:
    got, message = run_check(check, answer)
    assert got == verdict, message
    assert phrase in message, message


# ------------------------------------------------------------------ Exercise 1: predict


def exercise_block(n: int) -> list[dict]:
    """The cells of Exercise n, from its heading to the next heading."""
    starts = [i for i, c in enumerate(CELLS) if c["source"].startswith("### Exercise ")]
    i = starts[n - 1]
    end = starts[n] if n < len(starts) else len(CELLS)
    return CELLS[i:end]


def predict(prediction) -> tuple[str, str]:
    """Exercise 1's experiment and check cells, run after the learner wrote ``prediction``:
    ("right"/"wrong", the printed line) or ("fail", the hint)."""
    experiment, check = [c["source"] for c in exercise_block(1) if c["type"] == "code"][1:]
    namespace = {"torch": torch, "my_prediction": prediction}
    with contextlib.redirect_stdout(io.StringIO()):
        exec(experiment, namespace)
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            exec(check, namespace)
    except CheckFailed as exc:
        assert len(exc._render_traceback_()) <= MAX_LINES
        return "fail", str(exc)
    line = out.getvalue()
    assert line.count("\n") == 1, line
    return ("right" if line.startswith("Correct:") else "wrong"), line


PREDICTIONS = [
    pytest.param(-4.0, "right", "as you predicted", id="the-sum-worked-out"),
    pytest.param(-4, "right", "as you predicted", id="an-int"),
    pytest.param(1 - 0.1 * (5 + 10 + 15 + 20), "right", "as you predicted", id="an-expression"),
    pytest.param(torch.tensor(-4.0), "right", "as you predicted", id="a-tensor"),
    pytest.param(-1.0, "wrong", "you wrote -1.0", id="four-equal-steps-as-with-zero_grad"),
    pytest.param(0.5, "wrong", "you wrote 0.5", id="one-step-only"),
    pytest.param(-2.0, "wrong", "you wrote -2.0", id="the-gradient-doubles-once"),
    pytest.param(-9.0, "wrong", "you wrote -9.0", id="gradient-doubles-every-step"),
    pytest.param(-3.9, "wrong", "you wrote -3.9", id="just-outside-the-tolerance"),
    pytest.param(..., "fail", "Write your prediction of w after 4 steps", id="not-filled-in"),
    pytest.param("minus four", "fail", "should be a number", id="words"),
]


@pytest.mark.parametrize("prediction, verdict, phrase", PREDICTIONS)
def test_exercise_1_predictions(prediction, verdict, phrase):
    got, message = predict(prediction)
    assert got == verdict, message
    assert phrase in message, message
    if got != "fail":
        assert "5 * (t + 1)" in message  # the why comes with the answer, right or wrong


# ------------------------------------------------------------------ Exercise 2: the buggy loop

BUGGY = """
def train_logged(model, optimizer, loss_fn, x, y, steps):
    losses = []
    for step in range(steps):
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
        if step % 5 == 0:
            print(f"step {step:2d}: loss {loss.item():.3f}")
            optimizer.zero_grad()
    return losses
"""


def edit(old: str, new: str) -> str:
    """The buggy loop with one edit, as a learner makes it in the answer cell."""
    assert old in BUGGY
    return BUGGY.replace(old, new)


IF_BLOCK = """        if step % 5 == 0:
            print(f"step {step:2d}: loss {loss.item():.3f}")
            optimizer.zero_grad()
"""
PRINT_ONLY = """        if step % 5 == 0:
            print(f"step {step:2d}: loss {loss.item():.3f}")
"""
FORWARD = "        loss = loss_fn(model(x), y)\n"

LOOPS = [
    # right answers, written differently
    pytest.param(
        edit(FORWARD, "        optimizer.zero_grad()\n" + FORWARD).replace(IF_BLOCK, PRINT_ONLY),
        "pass",
        "Correct:",
        id="zero_grad-first",
    ),
    pytest.param(
        edit(IF_BLOCK, PRINT_ONLY + "        optimizer.zero_grad()\n"),
        "pass",
        "Correct:",
        id="zero_grad-dedented-after-the-step",
    ),
    pytest.param(
        edit("        loss.backward()\n", "        model.zero_grad()\n        loss.backward()\n"),
        "pass",
        "Correct:",
        id="model.zero_grad-before-backward-old-one-kept",
    ),
    pytest.param(
        edit(
            FORWARD, "        for p in model.parameters():\n            p.grad = None\n" + FORWARD
        ),
        "pass",
        "Correct:",
        id="grad-None-by-hand",
    ),
    pytest.param(
        edit(
            "        loss.backward()\n",
            "        optimizer.zero_grad(set_to_none=False)\n        loss.backward()\n",
        ).replace(IF_BLOCK, PRINT_ONLY),
        "pass",
        "Correct:",
        id="set_to_none-False",
    ),
    pytest.param(
        """
def train_logged(model, optimizer, loss_fn, x, y, steps):
    losses = []
    step = 0
    while step < steps:
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
        losses.append(float(loss.detach()))
        step += 1
    return losses
""",
        "pass",
        "Correct:",
        id="while-loop-float-no-printing",
    ),
    # the common mistake: the bug not found, or moved but still inside the if
    pytest.param(BUGGY, "fail", "only on the steps that print", id="unchanged"),
    pytest.param(
        edit(IF_BLOCK, "").replace(
            FORWARD,
            "        if step % 5 == 0:\n            optimizer.zero_grad()\n" + FORWARD,
        ),
        "fail",
        "only on the steps that print",
        id="moved-to-the-top-still-in-the-if",
    ),
    pytest.param(edit(IF_BLOCK, PRINT_ONLY), "fail", "never clears the gradients", id="deleted"),
    pytest.param(
        edit(
            "        optimizer.step()\n",
            "        optimizer.zero_grad()\n        optimizer.step()\n",
        ),
        "fail",
        "parameters did not move",
        id="between-backward-and-step",
    ),
    # less obvious ones
    pytest.param(
        edit("losses.append(loss.item())", "losses.append(loss)").replace(IF_BLOCK, PRINT_ONLY),
        "fail",
        "never clears",  # the loop is broken too: the loop's hint comes first
        id="tensors-and-deleted",
    ),
    pytest.param(
        edit("losses.append(loss.item())", "losses.append(loss)").replace(
            IF_BLOCK, PRINT_ONLY + "        optimizer.zero_grad()\n"
        ),
        "fail",
        "list of tensors",
        id="loss-tensors-instead-of-floats",
    ),
    pytest.param(
        edit("    return losses\n", "    print(losses)\n").replace(
            IF_BLOCK, PRINT_ONLY + "        optimizer.zero_grad()\n"
        ),
        "fail",
        "returned None",
        id="printing-instead-of-returning",
    ),
    pytest.param(
        edit(
            "    losses = []\n",
            "    losses = []\n    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)\n",
        ).replace(IF_BLOCK, PRINT_ONLY + "        optimizer.zero_grad()\n"),
        "fail",
        "never called step() on the optimizer it was given",
        id="a-new-optimizer-inside",
    ),
    pytest.param(
        edit("model(x), y)", "model(x_ex), y_ex)").replace(
            IF_BLOCK, PRINT_ONLY + "        optimizer.zero_grad()\n"
        ),
        "fail",
        "use the arguments x and y (not x_ex, y_ex)",
        id="the-exercise-globals",
    ),
    pytest.param(
        edit("loss_fn(model(x), y)", "loss_fn(model_ex(x), y)").replace(
            IF_BLOCK, PRINT_ONLY + "        optimizer.zero_grad()\n"
        ),
        "fail",
        "never ran the model it was given",
        id="model_ex-instead-of-model",
    ),
    pytest.param(
        edit("range(steps)", "range(1, steps)").replace(
            IF_BLOCK, PRINT_ONLY + "        optimizer.zero_grad()\n"
        ),
        "fail",
        "called optimizer.step() 11 times for steps=12",
        id="off-by-one",
    ),
    pytest.param(
        edit(
            "        losses.append(loss.item())\n",
            "        losses.append(loss_fn(model(x), y).item())\n",
        ).replace(IF_BLOCK, PRINT_ONLY + "        optimizer.zero_grad()\n"),
        "fail",
        "the one of the NEXT step",
        id="loss-recorded-after-the-update",
    ),
    pytest.param(
        edit(
            "        loss = loss_fn(model(x), y)\n        loss.backward()\n",
            "        with torch.no_grad():\n            loss = loss_fn(model(x), y)\n"
            "            optimizer.zero_grad()\n            loss.backward()\n",
        ).replace(IF_BLOCK, PRINT_ONLY),
        "fail",
        "computed under torch.no_grad()",
        id="the-whole-step-under-no_grad",
    ),
    pytest.param(
        edit(IF_BLOCK, PRINT_ONLY).replace(
            FORWARD, "        if step % 2 == 0:\n            optimizer.zero_grad()\n" + FORWARD
        ),
        "fail",
        "Your losses agree up to step 1 and differ from step 2 on",
        id="cleared-every-other-step",
    ),
    pytest.param(
        edit("        loss.backward()\n", "        loss.zero_grad()\n        loss.backward()\n"),
        "fail",
        "train_logged() raised AttributeError",
        id="zero_grad-on-the-loss",
    ),
]


@pytest.mark.parametrize("code, verdict, phrase", LOOPS)
def test_exercise_2_loops(code, verdict, phrase):
    assert_attempt(check_zero_grad_loop, learner(code, "train_logged"), verdict, phrase)


def test_exercise_2_hints_name_the_learners_function():
    code = BUGGY.replace("train_logged", "fixed_loop").replace(IF_BLOCK, PRINT_ONLY)
    assert_attempt(check_zero_grad_loop, learner(code, "fixed_loop"), "fail", "fixed_loop()")


# ------------------------------------------------------------------ Exercise 3: accumulation

ACCUMULATIONS = [
    # right answers, written differently
    pytest.param(
        """
def accumulate_grads(model, loss_fn, x, y, k):
    model.zero_grad()
    for xb, yb in zip(x.chunk(k), y.chunk(k)):
        loss = loss_fn(model(xb), yb) / k
        loss.backward()
""",
        "pass",
        "Correct:",
        id="chunk-loss-over-k",
    ),
    pytest.param(
        """
def accumulate_grads(model, loss_fn, x, y, k):
    for p in model.parameters():
        p.grad = None
    for xb, yb in zip(torch.tensor_split(x, k), torch.tensor_split(y, k)):
        (loss_fn(model(xb), yb) / k).backward()
""",
        "pass",
        "Correct:",
        id="tensor_split-grad-None",
    ),
    pytest.param(
        """
def accumulate_grads(model, loss_fn, x, y, k):
    model.zero_grad(set_to_none=False)
    n = len(x) // k
    for i in range(k):
        xb, yb = x[i * n:(i + 1) * n], y[i * n:(i + 1) * n]
        loss = loss_fn(model(xb), yb) * len(xb) / len(x)
        loss.backward()
""",
        "pass",
        "Correct:",
        id="slicing-weighted-by-size",
    ),
    pytest.param(
        """
def accumulate_grads(model, loss_fn, x, y, k):
    model.zero_grad()
    for xb, yb in zip(x.split(len(x) // k), y.split(len(y) // k)):
        loss_fn(model(xb), yb).backward()
    for p in model.parameters():
        p.grad /= k
""",
        "pass",
        "Correct:",
        id="split-by-size-scale-grad-afterwards",
    ),
    pytest.param(
        """
def accumulate_grads(model, loss_fn, x, y, k):
    params = list(model.parameters())
    total = [torch.zeros_like(p) for p in params]
    for i, (xb, yb) in enumerate(zip(x.chunk(k), y.chunk(k))):
        grads = torch.autograd.grad(loss_fn(model(xb), yb) / k, params)
        total = [t + g for t, g in zip(total, grads)]
    for p, t in zip(params, total):
        p.grad = t
""",
        "pass",
        "Correct:",
        id="autograd.grad-summed-by-hand",
    ),
    pytest.param(
        """
def accumulate_grads(model, loss_fn, x, y, k):
    for i, (xb, yb) in enumerate(zip(x.chunk(k), y.chunk(k))):
        if i == 0:
            model.zero_grad()
        (loss_fn(model(xb), yb) / k).backward()
""",
        "pass",
        "Correct:",
        id="zeroed-on-the-first-micro-batch",
    ),
    # the common mistakes
    pytest.param(
        """
def accumulate_grads(model, loss_fn, x, y, k):
    model.zero_grad()
    for xb, yb in zip(x.chunk(k), y.chunk(k)):
        loss_fn(model(xb), yb).backward()
""",
        "fail",
        "Your gradient is k = 3 times the full-batch one",
        id="not-divided-by-k",
    ),
    pytest.param(
        """
def accumulate_grads(model, loss_fn, x, y, k):
    for xb, yb in zip(x.chunk(k), y.chunk(k)):
        (loss_fn(model(xb), yb) / k).backward()
""",
        "fail",
        "the .grad the model arrived with is still in the sum",
        id="old-grad-kept",
    ),
    pytest.param(
        """
def accumulate_grads(model, loss_fn, x, y, k):
    for xb, yb in zip(x.chunk(k), y.chunk(k)):
        model.zero_grad()
        (loss_fn(model(xb), yb) / k).backward()
""",
        "fail",
        "Only the last micro-batch's gradient is left",
        id="zeroed-inside-the-loop",
    ),
    pytest.param(
        """
def accumulate_grads(model, loss_fn, x, y, k):
    for xb, yb in zip(x.chunk(k), y.chunk(k)):
        loss_fn(model(xb), yb).backward()
""",
        "fail",
        "Two parts are off",
        id="neither-zeroed-nor-divided",
    ),
    # less obvious ones
    pytest.param(
        """
def accumulate_grads(model, loss_fn, x, y, k):
    model.zero_grad()
    for xb, yb in zip(x.split(k), y.split(k)):
        (loss_fn(model(xb), yb) / k).backward()
""",
        "fail",
        "k equal micro-batches (x.split(n) cuts pieces of n rows",
        id="split-k-makes-pieces-of-k",
    ),
    pytest.param(
        """
def accumulate_grads(model, loss_fn, x, y, k):
    model.zero_grad()
    n = len(x) // k
    for i in range(k - 1):
        xb, yb = x[i * n:(i + 1) * n], y[i * n:(i + 1) * n]
        (loss_fn(model(xb), yb) / k).backward()
""",
        "fail",
        "the last 1 never ran (an off-by-one",
        id="off-by-one",
    ),
    pytest.param(
        """
def accumulate_grads(model, loss_fn, x, y, k):
    model.zero_grad()
    total = 0
    for xb, yb in zip(x.chunk(k), y.chunk(k)):
        total = total + loss_fn(model(xb), yb) / k
    total.backward()
""",
        "fail",
        "called backward() once, on a sum of the micro-batch losses",
        id="one-backward-on-the-summed-losses",
    ),
    pytest.param(
        """
def accumulate_grads(model, loss_fn, x, y, k):
    model.zero_grad()
    loss_fn(model(x), y).backward()
""",
        "fail",
        "ran the model once, on all 12 rows",
        id="the-full-batch-unsplit",
    ),
    pytest.param(
        """
def accumulate_grads(model, loss_fn, x, y, k):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    optimizer.zero_grad()
    for xb, yb in zip(x.chunk(k), y.chunk(k)):
        (loss_fn(model(xb), yb) / k).backward()
    optimizer.step()
""",
        "fail",
        "The parameters changed",
        id="steps-the-optimizer",
    ),
    pytest.param(
        """
def accumulate_grads(model, loss_fn, x, y, k):
    model.zero_grad()
    for xb, yb in zip(x_ex.chunk(k), y_ex.chunk(k)):
        (loss_fn(model(xb), yb) / k).backward()
""",
        "fail",
        "split the arguments x and y (not x_ex, y_ex)",
        id="the-exercise-globals",
    ),
    pytest.param(
        """
def accumulate_grads(model, loss_fn, x, y, k):
    model_ex.zero_grad()
    for xb, yb in zip(x.chunk(k), y.chunk(k)):
        (loss_fn(model_ex(xb), yb) / k).backward()
""",
        "fail",
        "never ran the model it was given",
        id="model_ex-instead-of-model",
    ),
    pytest.param(
        """
def accumulate_grads(model, loss_fn, x, y, k):
    params = list(model.parameters())
    grads = [torch.zeros_like(p) for p in params]
    for xb, yb in zip(x.chunk(k), y.chunk(k)):
        g = torch.autograd.grad(loss_fn(model(xb), yb) / k, params)
        grads = [a + b for a, b in zip(grads, g)]
    return grads
""",
        "fail",
        "returned the gradients, but they must be left in each parameter's .grad",
        id="returns-the-gradients",
    ),
    pytest.param(
        """
def accumulate_grads(model, loss_fn, x, y, k):
    model.zero_grad()
    for xb, yb in zip(x.chunk(k), y.chunk(k)):
        (loss_fn(model(xb), yb) / len(xb)).backward()
""",
        "fail",
        "0.75 times the full-batch one: the scaling of the micro-batch losses is off",
        id="divided-by-the-micro-batch-size",
    ),
    pytest.param(
        """
def accumulate_grads(model, loss_fn, x, y, k):
    model.zero_grad()
    for xb, yb in zip(x.chunk(k), y.chunk(k)):
        (loss_fn(model(xb), yb) / k).backward()
    for p in model.parameters():
        p.grad /= k
""",
        "fail",
        "0.333 times the full-batch one",
        id="divided-by-k-twice",
    ),
    pytest.param(
        """
def accumulate_grads(model, loss_fn, x, y, k):
    model.zero_grad()
    for xb, yb in zip(x.chunk(k), y.chunk(k)):
        (loss_fn(model(xb), yb) / k).backward()
    model.zero_grad()
""",
        "fail",
        "a parameter has no .grad",
        id="cleared-again-at-the-end",
    ),
    pytest.param(
        """
def accumulate_grads(model, loss_fn, x, y, k):
    model.zero_grad()
    y_parts = y.chunk(k)
    for xb in x.chunk(k):
        (loss_fn(model(xb), y_parts[0]) / k).backward()
""",
        "fail",
        "weight.grad is off; bias.grad is off",
        id="always-the-first-y-chunk",
    ),
    pytest.param(
        """
def accumulate_grads(model, loss_fn, x, y, k):
    model.zero_grad()
    for xb, yb in zip(x.chunk(k), y.chunk(k)):
        loss = loss_fn(model(xb), yb).item() / k
        loss.backward()
""",
        "fail",
        "accumulate_grads() raised AttributeError at `loss.backward()`",
        id="a-float-loss-item",
    ),
    pytest.param(
        """
def accumulate_grads(model, loss_fn, x, y, k):
    model.zero_grad()
    for xb, yb in zip(x.chunk(k), y.chunk(k)):
        (-loss_fn(model(xb), yb) / k).backward()
""",
        "fail",
        "points the opposite way",
        id="sign-flipped",
    ),
]


@pytest.mark.parametrize("code, verdict, phrase", ACCUMULATIONS)
def test_exercise_3_accumulations(code, verdict, phrase):
    assert_attempt(check_grad_accumulation, learner(code, "accumulate_grads"), verdict, phrase)


def test_checkers_want_the_function_not_its_value():
    assert_attempt(check_zero_grad_loop, [75.0, 56.7], "fail", "Pass the function itself")
    assert_attempt(check_grad_accumulation, None, "fail", "Pass the function itself")


def test_the_corpus_has_enough_attempts_and_right_answers():
    for table in (PREDICTIONS, LOOPS, ACCUMULATIONS):
        verdicts = [p.values[-2] for p in table]
        assert len(table) >= 8
        assert sum(v in ("pass", "right") for v in verdicts) >= 3


# ------------------------------------------------------------------ the notebook's own cells


@pytest.mark.parametrize("n", [1, 2, 3])
def test_each_exercise_runs_on_its_own_after_a_restart(n):
    """A fresh namespace, the Exercises set-up cell and this exercise's cells only: exactly one
    "Correct:" line."""
    setup = next(c["source"] for c in CELLS if c["type"] == "code")
    namespace: dict = {}
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        for src in [setup] + [c["source"] for c in exercise_block(n) if c["type"] == "code"]:
            exec(compile(src, str(SOURCE), "exec"), namespace)
    assert len(re.findall(r"^Correct: ", out.getvalue(), re.MULTILINE)) == 1, out.getvalue()


def test_the_set_up_cell_imports_no_checker_and_each_check_cell_imports_its_own():
    setup = next(c["source"] for c in CELLS if c["type"] == "code")
    assert "check_" not in setup
    for n in (1, 2, 3):
        check = [c["source"] for c in exercise_block(n) if c["type"] == "code"][-1]
        (name,) = re.findall(r"^(check_\w+)\(", check, re.MULTILINE)
        assert f"from course_utils.checks import {name}\n" in check
