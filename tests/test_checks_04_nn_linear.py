"""The checkers of lesson 04 (nn_linear): the corpus of learner attempts, each with the verdict
and the hint it must get, and each exercise run on its own after a restart.

An attempt is written as a learner writes it in the answer cell, from the task text: code that
runs after the Exercises set-up cell (so it may use only what that cell imports and defines),
then the exercise's check. "pass" means one "Correct:" line; "fail" means no "Correct:", and a
message that holds the attempt's phrase, fits in a notebook (at most 12 lines, as a learner
sees it) and shows nothing of the checker's reference computation.
"""

from __future__ import annotations

import contextlib
import io
import textwrap

import matplotlib

matplotlib.use("Agg")  # the exercises draw no figure, but the lesson's imports may

import nbformat  # noqa: E402
import pytest  # noqa: E402
from nbclient import NotebookClient  # noqa: E402

from course_utils.checks import check_prediction  # noqa: E402
from course_utils.checks._feedback import MAX_LINES, WIDTH, CheckFailed  # noqa: E402
from course_utils.checks.nn_linear import (  # noqa: E402
    check_loss_shapes,
    check_lr_standardised,
    check_training_loop,
)
from scripts.build_notebooks import ROOT, exercise_cells, read_cells  # noqa: E402

SOURCE = ROOT / "notebooks" / "src" / "04_nn_linear.py"
CELLS = exercise_cells(read_cells(SOURCE))
SETUP = next(c["source"] for c in CELLS if c["type"] == "code")  # the Exercises set-up cell
# what must never reach a learner: the checker's reference computations and source
LEAKS = ("np.mean(", "mean((", "2.0 *", "polyfit", "truth", "def ", "reference_run", "_sgd_run")
# the checker's modules (course_utils/checks/nn_linear/): no traceback through them is shown
CHECKER_FILES = ("training_loop.py", "loss_shapes.py", "lr_window.py", "_shared.py")


def setup_namespace() -> dict:
    namespace: dict = {}
    with contextlib.redirect_stdout(io.StringIO()):
        exec(compile(SETUP, "<Exercises set-up>", "exec"), namespace)
    return namespace


def shown(text: str) -> list[str]:
    """``text`` as a notebook shows printed output of WIDTH columns."""
    return [line for para in text.splitlines() for line in textwrap.wrap(para, WIDTH) or [""]]


def verdict_of(check, answer) -> tuple[str, str]:
    """("pass" or "fail", the message: the hint of a CheckFailed, which a notebook shows in at
    most MAX_LINES lines, or the printed line)."""
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            check(answer)
    except CheckFailed as exc:
        lines = exc._render_traceback_()
        assert len(lines) <= MAX_LINES and not lines[-1] == "…", lines  # the whole hint shows
        assert lines[0].startswith("✗ Not yet: ")
        return "fail", str(exc)
    text = out.getvalue()
    assert len(shown(text)) <= MAX_LINES, text
    return ("pass" if text.startswith("Correct:") and text.count("\n") == 1 else "fail"), text


def judge(check, answer, expected: str, phrase: str) -> None:
    got, message = verdict_of(check, answer)
    assert got == expected, message
    if expected == "fail":
        assert "Correct" not in message, message
        assert phrase in message, message
        leaked = [leak for leak in LEAKS if leak in message]
        assert not leaked, (leaked, message)


def answer_from(code: str, name: str):
    """What the learner's answer cell defines, run after the set-up cell."""
    namespace = setup_namespace()
    with contextlib.redirect_stdout(io.StringIO()):
        exec(compile(textwrap.dedent(code), "<answer cell>", "exec"), namespace)
    return namespace[name]


# ------------------------------------------------------------------ Exercise 1: train_loop

LOOP = [
    (
        "reference: nn.MSELoss, SGD, zero_grad before backward",
        """
        def train_loop(model, x, y, lr, epochs):
            loss_fn = nn.MSELoss()
            optimizer = optim.SGD(model.parameters(), lr=lr)
            losses = []
            for epoch in range(epochs):
                y_pred = model(x)
                loss = loss_fn(y_pred, y)
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
                losses.append(loss.item())
            return losses
        """,
        "pass",
        "",
    ),
    (
        "right: zero_grad at the top, F.mse_loss, float(loss)",
        """
        import torch.nn.functional as F

        def train_loop(model, x, y, lr, epochs):
            opt = optim.SGD(model.parameters(), lr=lr)
            history = []
            for _ in range(epochs):
                opt.zero_grad()
                loss = F.mse_loss(model(x), y)
                history.append(float(loss))
                loss.backward()
                opt.step()
            return history
        """,
        "pass",
        "",
    ),
    (
        "right: the update by hand under no_grad, the mean written out",
        """
        def train_loop(model, x, y, lr, epochs):
            losses = []
            for epoch in range(epochs):
                loss = ((model(x) - y) ** 2).mean()
                loss.backward()
                with torch.no_grad():
                    for p in model.parameters():
                        p -= lr * p.grad
                        p.grad = None
                losses.append(loss.item())
            return losses
        """,
        "pass",
        "",
    ),
    (
        "right: torch.autograd.grad instead of backward, zero_grad not needed",
        """
        def train_loop(model, x, y, lr, epochs):
            params = list(model.parameters())
            out = []
            for i in range(epochs):
                loss = torch.mean((y - model(x)) ** 2)
                grads = torch.autograd.grad(loss, params)
                with torch.no_grad():
                    for p, g in zip(params, grads):
                        p.sub_(lr * g)
                out.append(loss.detach().item())
            return out
        """,
        "pass",
        "",
    ),
    (
        "right: model.zero_grad() after the step, arguments of MSELoss swapped",
        """
        def train_loop(model, x, y, lr, epochs):
            optimizer = optim.SGD(model.parameters(), lr=lr)
            losses = []
            for epoch in range(1, epochs + 1):
                loss = nn.MSELoss()(y, model.forward(x))
                loss.backward()
                optimizer.step()
                model.zero_grad()
                losses.append(loss.item())
            return losses
        """,
        "pass",
        "",
    ),
    (
        "the loss tensors themselves (the task asks for floats)",
        """
        def train_loop(model, x, y, lr, epochs):
            optimizer = optim.SGD(model.parameters(), lr=lr)
            losses = []
            for epoch in range(epochs):
                loss = nn.MSELoss()(model(x), y)
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
                losses.append(loss)
            return losses
        """,
        "fail",
        ".item() detaches the number and lets the graph be freed",
    ),
    (
        "detached tensors: still not floats",
        """
        def train_loop(model, x, y, lr, epochs):
            optimizer = optim.SGD(model.parameters(), lr=lr)
            losses = []
            for epoch in range(epochs):
                loss = nn.MSELoss()(model(x), y)
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
                losses.append(loss.detach())
            return losses
        """,
        "fail",
        "train_loop() returns a list of tensors; the task asks for floats",
    ),
    (
        "0-d NumPy arrays",
        """
        def train_loop(model, x, y, lr, epochs):
            optimizer = optim.SGD(model.parameters(), lr=lr)
            losses = []
            for epoch in range(epochs):
                loss = nn.MSELoss()(model(x), y)
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
                losses.append(loss.detach().numpy())
            return losses
        """,
        "fail",
        "a list of NumPy arrays",
    ),
    (
        "no zero_grad",
        """
        def train_loop(model, x, y, lr, epochs):
            optimizer = optim.SGD(model.parameters(), lr=lr)
            losses = []
            for epoch in range(epochs):
                loss = nn.MSELoss()(model(x), y)
                loss.backward()
                optimizer.step()
                losses.append(loss.item())
            return losses
        """,
        "fail",
        "train_loop() never clears the gradients",
    ),
    (
        "zero_grad between backward and step",
        """
        def train_loop(model, x, y, lr, epochs):
            optimizer = optim.SGD(model.parameters(), lr=lr)
            losses = []
            for epoch in range(epochs):
                loss = nn.MSELoss()(model(x), y)
                loss.backward()
                optimizer.zero_grad()
                optimizer.step()
                losses.append(loss.item())
            return losses
        """,
        "fail",
        "left the model where it started",
    ),
    (
        "a model of its own instead of the one given",
        """
        def train_loop(model, x, y, lr, epochs):
            model = nn.Linear(1, 1)
            optimizer = optim.SGD(model.parameters(), lr=lr)
            losses = []
            for epoch in range(epochs):
                loss = nn.MSELoss()(model(x), y)
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
                losses.append(loss.item())
            return losses
        """,
        "fail",
        "it trained another model",
    ),
    (
        "the notebook's x_s and y_hw instead of the arguments",
        """
        def train_loop(model, x, y, lr, epochs):
            optimizer = optim.SGD(model.parameters(), lr=lr)
            losses = []
            for epoch in range(epochs):
                loss = nn.MSELoss()(model(x_s), y_hw)
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
                losses.append(loss.item())
            return losses
        """,
        "fail",
        "trained on the notebook's x_s and y_hw",
    ),
    (
        "off by one: range(1, epochs)",
        """
        def train_loop(model, x, y, lr, epochs):
            optimizer = optim.SGD(model.parameters(), lr=lr)
            losses = []
            for epoch in range(1, epochs):
                loss = nn.MSELoss()(model(x), y)
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
                losses.append(loss.item())
            return losses
        """,
        "fail",
        "made 4 updates instead of 5",
    ),
    (
        "prints the losses instead of returning them",
        """
        def train_loop(model, x, y, lr, epochs):
            optimizer = optim.SGD(model.parameters(), lr=lr)
            for epoch in range(epochs):
                loss = nn.MSELoss()(model(x), y)
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
                print(f"epoch {epoch}: {loss.item():.3f}")
        """,
        "fail",
        "train_loop() returned None",
    ),
    (
        "return inside the loop",
        """
        def train_loop(model, x, y, lr, epochs):
            optimizer = optim.SGD(model.parameters(), lr=lr)
            losses = []
            for epoch in range(epochs):
                loss = nn.MSELoss()(model(x), y)
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
                losses.append(loss.item())
                return losses
        """,
        "fail",
        "indented inside the loop",
    ),
    (
        "the loss recorded after the update",
        """
        def train_loop(model, x, y, lr, epochs):
            optimizer = optim.SGD(model.parameters(), lr=lr)
            loss_fn = nn.MSELoss()
            losses = []
            for epoch in range(epochs):
                optimizer.zero_grad()
                loss_fn(model(x), y).backward()
                optimizer.step()
                losses.append(loss_fn(model(x), y).item())
            return losses
        """,
        "fail",
        "records each loss after the update",
    ),
    (
        "the sum of squared errors",
        """
        def train_loop(model, x, y, lr, epochs):
            optimizer = optim.SGD(model.parameters(), lr=lr)
            losses = []
            for epoch in range(epochs):
                loss = ((model(x) - y) ** 2).sum()
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
                losses.append(loss.item())
            return losses
        """,
        "fail",
        "minimises the SUM of the squared errors",
    ),
    (
        "one update per sample, not full batch",
        """
        def train_loop(model, x, y, lr, epochs):
            optimizer = optim.SGD(model.parameters(), lr=lr)
            losses = []
            for epoch in range(epochs):
                for xi, yi in zip(x, y):
                    loss = nn.MSELoss()(model(xi), yi)
                    optimizer.zero_grad()
                    loss.backward()
                    optimizer.step()
                losses.append(loss.item())
            return losses
        """,
        "fail",
        "one update per sample",
    ),
    (
        "lr hard-coded to the demo's 0.1",
        """
        def train_loop(model, x, y, lr, epochs):
            optimizer = optim.SGD(model.parameters(), lr=0.1)
            losses = []
            for epoch in range(epochs):
                loss = nn.MSELoss()(model(x), y)
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
                losses.append(loss.item())
            return losses
        """,
        "fail",
        "ignores its lr argument: it stepped as with lr = 0.1",
    ),
    (
        "Adam instead of plain gradient descent",
        """
        def train_loop(model, x, y, lr, epochs):
            optimizer = optim.Adam(model.parameters(), lr=lr)
            losses = []
            for epoch in range(epochs):
                loss = nn.MSELoss()(model(x), y)
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
                losses.append(loss.item())
            return losses
        """,
        "fail",
        "steps with Adam",
    ),
    (
        "SGD with momentum: not plain gradient descent",
        """
        def train_loop(model, x, y, lr, epochs):
            optimizer = optim.SGD(model.parameters(), lr=lr, momentum=0.9)
            losses = []
            for epoch in range(epochs):
                loss = nn.MSELoss()(model(x), y)
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
                losses.append(loss.item())
            return losses
        """,
        "fail",
        "Use the model, x, y, lr and epochs you are given",
    ),
    (
        "targets flattened to (N,)",
        """
        def train_loop(model, x, y, lr, epochs):
            optimizer = optim.SGD(model.parameters(), lr=lr)
            losses = []
            for epoch in range(epochs):
                loss = nn.MSELoss()(model(x), y.reshape(-1))
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
                losses.append(loss.item())
            return losses
        """,
        "fail",
        "the targets lost their column",
    ),
    (
        "the forward pass once, before the loop",
        """
        def train_loop(model, x, y, lr, epochs):
            optimizer = optim.SGD(model.parameters(), lr=lr)
            losses = []
            loss = nn.MSELoss()(model(x), y)
            for epoch in range(epochs):
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
                losses.append(loss.item())
            return losses
        """,
        "fail",
        "compute the forward pass and the loss inside the loop",
    ),
    (
        "only the final loss",
        """
        def train_loop(model, x, y, lr, epochs):
            optimizer = optim.SGD(model.parameters(), lr=lr)
            for epoch in range(epochs):
                loss = nn.MSELoss()(model(x), y)
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
            return loss.item()
        """,
        "fail",
        "should return a list with one loss per epoch (5 floats), got float",
    ),
    (
        "standardises x in place first",
        """
        def train_loop(model, x, y, lr, epochs):
            x -= x.mean()
            optimizer = optim.SGD(model.parameters(), lr=lr)
            losses = []
            for epoch in range(epochs):
                loss = nn.MSELoss()(model(x), y)
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
                losses.append(loss.item())
            return losses
        """,
        "fail",
        "changed the x or y it was given, in place",
    ),
    (
        "the parameters given to the optimizer as a dict, indexed by position",
        """
        def train_loop(model, x, y, lr, epochs):
            params = dict(model.named_parameters())
            losses = []
            for epoch in range(epochs):
                loss = nn.MSELoss()(model(x), y)
                loss.backward()
                with torch.no_grad():
                    params[0] -= lr * params[0].grad
                losses.append(loss.item())
            return losses
        """,
        "fail",
        "index it by name",
    ),
]


@pytest.mark.parametrize("code, expected, phrase", [a[1:] for a in LOOP], ids=[a[0] for a in LOOP])
def test_training_loop_attempts(code, expected, phrase):
    judge(check_training_loop, answer_from(code, "train_loop"), expected, phrase)


def test_training_loop_wants_the_function():
    judge(check_training_loop, [1.0, 2.0], "fail", "Pass the function itself")


# ------------------------------------------------------------------ Exercise 2: the prediction


def experiment_result() -> float:
    """``predicted_190`` as the lesson's experiment cell computes it."""
    code = [c["source"] for c in CELLS if c["type"] == "code"]
    (cell,) = [c for c in code if "predicted_190 =" in c]
    namespace = setup_namespace()
    with contextlib.redirect_stdout(io.StringIO()):
        exec(compile(cell, "<experiment>", "exec"), namespace)
    return namespace["predicted_190"]


@pytest.fixture(scope="module")
def predicted_190() -> float:
    return experiment_result()


PREDICTIONS = [
    ("the mean weight, typed in", "my_prediction = 68.8", "pass", ""),
    ("the mean as a tensor", "my_prediction = y_hw.mean()", "pass", ""),
    ("the mean with NumPy", "my_prediction = np.mean(y_hw.numpy())", "pass", ""),
    ("about 70", "my_prediction = 70", "pass", ""),
    (
        "the mean of the flattened targets",
        "my_prediction = y_hw.reshape(-1).mean().item()",
        "pass",
        "",
    ),
    (
        "the best line stays where it is",
        "w, b = closed_form(x_hw, y_hw)\nmy_prediction = w * 190 + b",
        "fail",
        "Not what you predicted",
    ),
    ("the line's prediction, rounded", "my_prediction = 81", "fail", "Not what you predicted"),
    ("just past 10% of the answer", "my_prediction = 77", "fail", "Not what you predicted"),
    ("the mean height, not weight", "my_prediction = x_hw.mean().item()", "fail", "you wrote 168"),
    ("the model learns nothing: 0", "my_prediction = 0", "fail", "Not what you predicted"),
    ("not made yet", "my_prediction = ...", "fail", "replace the ... with your guess"),
    ("a word, not a number", "my_prediction = 'the mean'", "fail", "should be a number"),
]


@pytest.mark.parametrize(
    "code, expected, phrase", [a[1:] for a in PREDICTIONS], ids=[a[0] for a in PREDICTIONS]
)
def test_prediction_attempts(code, expected, phrase, predicted_190):
    task = next(c["source"] for c in CELLS if c["source"].startswith("### Exercise 2:"))
    check = next(c["source"] for c in CELLS if "check_prediction(" in c["source"])
    assert "my_prediction" in task and "predicted_190" in check
    answer = answer_from(code, "my_prediction")
    judge(
        lambda a: check_prediction(
            a, predicted_190, what="the weight predicted for 190 cm", why="They are scored."
        ),
        answer,
        expected,
        phrase,
    )


def test_the_experiment_shows_the_mean_weight_not_the_best_lines_prediction(predicted_190):
    namespace = setup_namespace()
    mean = namespace["y_hw"].mean().item()
    w, b = namespace["closed_form"](namespace["x_hw"], namespace["y_hw"])
    assert predicted_190 == round(mean, 1)
    assert abs(w * 190 + b - mean) > 0.1 * mean  # the naive prediction is never "Correct:"


# ------------------------------------------------------------------ Exercise 3: mse_loss_fixed

LOSS = [
    (
        "reference: reshape y like y_pred",
        """
        def mse_loss_fixed(y_pred, y):
            return nn.functional.mse_loss(y_pred, y.reshape(y_pred.shape))
        """,
        "pass",
        "",
    ),
    (
        "right: both flattened, nn.MSELoss",
        """
        def mse_loss_fixed(y_pred, y):
            return nn.MSELoss()(y_pred.view(-1), y.view(-1))
        """,
        "pass",
        "",
    ),
    (
        "right: squeeze the predictions, mean written out",
        """
        def mse_loss_fixed(y_pred, y):
            diff = y_pred.squeeze(1) - y.reshape(-1)
            return (diff ** 2).mean()
        """,
        "pass",
        "",
    ),
    (
        "right: unsqueeze only when y is flat",
        """
        def mse_loss_fixed(y_pred, y):
            if y.dim() == 1:
                y = y.unsqueeze(1)
            return torch.mean((y_pred - y) ** 2)
        """,
        "pass",
        "",
    ),
    (
        "right: view_as, sum divided by len",
        """
        def mse_loss_fixed(y_pred, y):
            return ((y_pred - y.view_as(y_pred)) ** 2).sum() / len(y)
        """,
        "pass",
        "",
    ),
    (
        "the bug itself: nn.MSELoss unchanged",
        """
        def mse_loss_fixed(y_pred, y):
            return nn.MSELoss()(y_pred, y)
        """,
        "fail",
        "is right for targets of shape (6, 1), but for shape (6,) returns",
    ),
    (
        "unsqueeze always: (N, 1) targets become (N, 1, 1)",
        """
        def mse_loss_fixed(y_pred, y):
            return nn.functional.mse_loss(y_pred, y.unsqueeze(1))
        """,
        "fail",
        "is right for targets of shape (6,), but for shape (6, 1)",
    ),
    (
        "only the predictions flattened",
        """
        def mse_loss_fixed(y_pred, y):
            return ((y_pred.reshape(-1) - y) ** 2).mean()
        """,
        "fail",
        "still broadcast to (N, N)",
    ),
    (
        "returns a float via .item()",
        """
        def mse_loss_fixed(y_pred, y):
            return nn.functional.mse_loss(y_pred, y.reshape(-1, 1)).item()
        """,
        "fail",
        "returns a float, not a tensor",
    ),
    (
        "NumPy, wrapped back into a tensor",
        """
        def mse_loss_fixed(y_pred, y):
            p = y_pred.detach().numpy().reshape(-1)
            t = y.numpy().reshape(-1)
            return torch.tensor(np.mean((p - t) ** 2))
        """,
        "fail",
        "a tensor without a graph",
    ),
    (
        "RMSE",
        """
        def mse_loss_fixed(y_pred, y):
            return torch.sqrt(nn.functional.mse_loss(y_pred, y.reshape(y_pred.shape)))
        """,
        "fail",
        "root of the MSE",
    ),
    (
        "sum, not mean",
        """
        def mse_loss_fixed(y_pred, y):
            return ((y_pred - y.reshape(-1, 1)) ** 2).sum()
        """,
        "fail",
        "N = 6 times the MSE",
    ),
    (
        "mean absolute error",
        """
        def mse_loss_fixed(y_pred, y):
            return (y_pred - y.reshape(-1, 1)).abs().mean()
        """,
        "fail",
        "mean ABSOLUTE error",
    ),
    (
        "the square of the mean difference",
        """
        def mse_loss_fixed(y_pred, y):
            return (y_pred - y.reshape(-1, 1)).mean() ** 2
        """,
        "fail",
        "none of the usual slips",
    ),
    (
        "no mean at all",
        """
        def mse_loss_fixed(y_pred, y):
            return (y_pred - y.reshape(-1, 1)) ** 2
        """,
        "fail",
        "returns 6 values (shape (6, 1)), not one loss",
    ),
    (
        "y reshaped in place",
        """
        def mse_loss_fixed(y_pred, y):
            if y.ndim == 1:
                y.unsqueeze_(1)
            return nn.functional.mse_loss(y_pred, y)
        """,
        "fail",
        "changed the y_pred or y it was given, in place",
    ),
    (
        "y_pred squeezed in place",
        """
        def mse_loss_fixed(y_pred, y):
            y_pred.squeeze_(1)
            return nn.functional.mse_loss(y_pred, y.reshape(-1))
        """,
        "fail",
        "Do not change y_pred in place",
    ),
    (
        "prints the loss",
        """
        def mse_loss_fixed(y_pred, y):
            print(nn.functional.mse_loss(y_pred, y.reshape(y_pred.shape)))
        """,
        "fail",
        "returned None",
    ),
]


@pytest.mark.parametrize("code, expected, phrase", [a[1:] for a in LOSS], ids=[a[0] for a in LOSS])
def test_loss_shapes_attempts(code, expected, phrase):
    judge(check_loss_shapes, answer_from(code, "mse_loss_fixed"), expected, phrase)


# ------------------------------------------------------------------ Exercise 4: lr_range

WINDOWS = [
    ("two decimals", "lr_range = (0.2, 0.8)", "pass", ""),
    ("a list", "lr_range = [0.20, 0.80]", "pass", ""),
    ("three decimals", "lr_range = (0.195, 0.805)", "pass", ""),
    ("a tensor", "lr_range = torch.tensor([0.2, 0.8])", "pass", ""),
    (
        "a grid search with gradient_descent",
        """
        w, b = closed_form(x_s, y_hw)
        best = mse(w * x_s + b, y_hw)
        good = []
        for lr in np.arange(0.01, 1.0, 0.01):
            p = gradient_descent(x_s, y_hw, lr=lr, epochs=10).params[-1]
            if mse(p["w"] * x_s + p["b"], y_hw) <= 1.01 * best:
                good.append(lr)
        lr_range = (good[0], good[-1])
        """,
        "pass",
        "",
    ),
    (
        "reasoned: the excess shrinks by (1 - 2 lr)^2 per epoch",
        """
        w, b = closed_form(x_s, y_hw)
        best = mse(w * x_s + b, y_hw)
        start = mse(0 * x_s, y_hw)
        r = (0.01 * best / (start - best)) ** (1 / 20)
        lr_range = ((1 - r) / 2, (1 + r) / 2)
        """,
        "pass",
        "",
    ),
    ("one rate, copied from section 4", "lr_range = 0.5", "fail", "two learning rates"),
    ("a window of one rate", "lr_range = (0.5, 0.5)", "fail", "One rate is not a window"),
    ("just past both edges", "lr_range = (0.19, 0.81)", "fail", "lowest, 0.19, is too small"),
    ("the highest just past", "lr_range = (0.2, 0.81)", "fail", "Your lowest is right"),
    ("where GD converges at all", "lr_range = (0.0, 1.0)", "fail", "0 < lr < 1 is where"),
    ("section 4's rates", "lr_range = (0.1, 1.05)", "fail", "from lr = 1 on"),
    ("reversed", "lr_range = (0.8, 0.2)", "fail", "put the lowest first"),
    ("too cautious", "lr_range = (0.3, 0.7)", "fail", "is good but not the lowest: 0.29"),
    (
        "the loss before the 10th update (train_loop's losses[-1])",
        "lr_range = (0.209, 0.791)",
        "fail",
        "after 9 updates",
    ),
    ("from the lesson's start (0.45, -35)", "lr_range = (0.205, 0.795)", "fail", "(0.45, -35)"),
    ("two-decimal answer of either slip", "lr_range = (0.21, 0.79)", "fail", "too narrow"),
    ("unscaled-data rates", "lr_range = (3e-6, 1e-4)", "fail", "still on its way down"),
    ("a negative lowest", "lr_range = (-0.1, 0.8)", "fail", "must be positive"),
    ("a string", "lr_range = '0.2-0.8'", "fail", "two learning rates, (lowest, highest)"),
]


@pytest.mark.parametrize(
    "code, expected, phrase", [a[1:] for a in WINDOWS], ids=[a[0] for a in WINDOWS]
)
def test_lr_window_attempts(code, expected, phrase):
    judge(check_lr_standardised, answer_from(code, "lr_range"), expected, phrase)


# ------------------------------------------------------------------ restart-safe exercises


def exercises() -> list[tuple[str, list[str]]]:
    """(heading, the code cells of that exercise) for each "### Exercise N:" of the lesson."""
    found: list[tuple[str, list[str]]] = []
    for cell in CELLS:
        if cell["type"] == "markdown" and cell["source"].startswith("### Exercise"):
            found.append((cell["source"].splitlines()[0], []))
        elif cell["type"] == "code" and found:
            found[-1][1].append(cell["source"])
    return found


def test_the_lesson_has_four_exercises_in_order():
    assert [h.split(":")[0] for h, _ in exercises()] == [f"### Exercise {n}" for n in (1, 2, 3, 4)]


@pytest.mark.parametrize("heading, code", exercises(), ids=[h for h, _ in exercises()])
def test_each_exercise_runs_after_a_restart_with_only_its_own_cells(heading, code):
    """A fresh namespace, the Exercises set-up cell, then only this exercise's cells: the check
    cell imports its own checker and the answer needs nothing else."""
    namespace: dict = {}
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        for source in [SETUP, *code]:
            exec(compile(source, heading, "exec"), namespace)
    assert out.getvalue().count("Correct: ") == 1, out.getvalue()
    assert code[-1].startswith("from course_utils.checks import check_"), code[-1]


# ------------------------------------------------------------------ what a kernel shows


@pytest.mark.slow
def test_in_a_kernel_a_wrong_answer_shows_only_the_hint():
    """A list of loss tensors and a flat-target loss, checked in a real kernel: the learner sees
    '✗ Not yet:' and the hint, at most 12 lines, nothing of the checker."""
    loop = dict((a[0], a[1]) for a in LOOP)[
        "the loss tensors themselves (the task asks for floats)"
    ]
    loss = dict((a[0], a[1]) for a in LOSS)["the bug itself: nn.MSELoss unchanged"]
    cells = [
        SETUP,
        textwrap.dedent(loop),
        "from course_utils.checks import check_training_loop\ncheck_training_loop(train_loop)",
        textwrap.dedent(loss),
        "from course_utils.checks import check_loss_shapes\ncheck_loss_shapes(mse_loss_fixed)",
    ]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    NotebookClient(nb, kernel_name="python3", allow_errors=True, timeout=120).execute()
    for index, phrase in ((2, "lets the graph be freed"), (4, "broadcast to (N, N)")):
        (error,) = [o for o in nb.cells[index].outputs if o.output_type == "error"]
        text = "\n".join(error.traceback)
        assert 1 <= len(error.traceback) <= MAX_LINES, text
        assert error.traceback[0].startswith("✗ Not yet:") and phrase in text, text
        for leak in ("Traceback", "site-packages", *CHECKER_FILES, *LEAKS):
            assert leak not in text, (leak, text)
