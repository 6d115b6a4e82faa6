"""The checkers of lesson 01 (numpy_gradients): the corpus of learner attempts, each with the
verdict and the hint it must get."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")  # the exercises draw one figure; no window in a test run

import numpy as np  # noqa: E402
import pytest  # noqa: E402
import torch  # noqa: E402
from check_helpers import fails, passes  # noqa: E402

from course_utils import checks  # noqa: E402
from course_utils.gradients import gradient_descent  # noqa: E402
from course_utils.training import TrainingDiverged  # noqa: E402

# ------------------------------------------------------------------ 01


def grad_no_bias(x, y, w):
    return 2 * np.mean((w * x - y) * x)


def test_grad_no_bias_accepts_the_reference_and_a_tensor(capsys):
    passes(checks.check_grad_no_bias, grad_no_bias, capsys=capsys)
    as_tensor = lambda x, y, w: torch.tensor(grad_no_bias(x, y, w))  # noqa: E731
    passes(checks.check_grad_no_bias, as_tensor, capsys=capsys)


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (
            lambda x, y, w: np.mean((w * x - y) * x),
            "factor 2 from differentiating the square is missing",
        ),
        (lambda x, y, w: 2 * np.mean((y - w * x) * x), "wrong sign"),
        (lambda x, y, w: np.mean((y - w * x) * x), "Wrong sign AND half"),
        (lambda x, y, w: 2 * np.sum((w * x - y) * x), "you summed over the samples"),
        (lambda x, y, w: 2 * np.mean((w * x - y) * x) / len(x), "you divided by N twice"),
        (lambda x, y, w: 2 * np.mean(w * x - y), "inner derivative is missing"),
        (
            lambda x, y, w: 2 * np.mean((w * x - y) * x**2),
            "Compare your function with numerical_grad",
        ),
        (lambda x, y, w: None, "a missing `return`"),
        (lambda x, y, w: (w * x - y) * x, "should be one number"),
    ],
)
def test_grad_no_bias_names_the_mistake(wrong, hint):
    fails(checks.check_grad_no_bias, wrong, hint=hint)


def test_checkers_want_the_function_not_its_value():
    fails(checks.check_grad_no_bias, 1.5, hint="Pass the function itself")


def gd_step(x, y, w, b, lr):
    err = w * x + b - y
    return w - lr * 2 * np.mean(err * x), b - lr * 2 * np.mean(err)


def gd_step_sequential(x, y, w, b, lr):
    w = w - lr * 2 * np.mean((w * x + b - y) * x)
    return w, b - lr * 2 * np.mean(w * x + b - y)  # b's gradient at the new w


def test_gd_step_accepts_the_reference_and_a_tensor(capsys):
    passes(checks.check_gd_step, gd_step, capsys=capsys)
    passes(checks.check_gd_step, lambda *a: torch.tensor(gd_step(*a)), capsys=capsys)


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (
            lambda x, y, w, b, lr: tuple(2 * np.array([w, b]) - gd_step(x, y, w, b, lr)),
            "stepped uphill",
        ),
        (lambda x, y, w, b, lr: gd_step(x, y, w, b, 1.0), "learning rate is missing"),
        (lambda x, y, w, b, lr: gd_step(x, y, w, b, lr / 2), "half the right one"),
        (gd_step_sequential, "after w had already moved"),
        (lambda x, y, w, b, lr: (gd_step(x, y, w, b, lr)[0], b), "b did not change"),
        (lambda x, y, w, b, lr: gd_step(x, y, w, b, lr)[0], "should be 2 numbers"),
        (lambda x, y, w, b, lr: gd_step(x, y, b, w, lr), "Not one gradient-descent step"),
        (lambda x, y, w, b, lr: gd_step(x, y, w, b, lr * len(x)), "you summed over the samples"),
    ],
)
def test_gd_step_names_the_mistake(wrong, hint):
    fails(checks.check_gd_step, wrong, hint=hint)


def _edge_by_experiment() -> float:
    """The learner's way: bisect on whether a long GD run ends below where it started."""
    from course_utils import make_linear_data

    x, y = make_linear_data()

    def converges(lr: float) -> bool:
        try:
            h = gradient_descent(x, y, lr=lr, epochs=2000)
        except TrainingDiverged:
            return False
        return h.loss[-1] < h.loss[0]

    low, high = 0.001, 1.0
    for _ in range(14):
        mid = (low + high) / 2
        low, high = (mid, high) if converges(mid) else (low, mid)
    return low


def test_lr_max_accepts_the_edge_found_by_experiment_to_two_digits(capsys):
    edge = _edge_by_experiment()
    passes(checks.check_lr_max, float(f"{edge:.2g}"), capsys=capsys)
    passes(checks.check_lr_max, torch.tensor(edge), capsys=capsys)


@pytest.mark.parametrize(
    "factor, hint",
    [
        (1.5, "diverges on this data"),
        (0.5, "zig-zag"),
        (0.1, "still converges"),
        (-1.0, "must be positive"),
    ],
)
def test_lr_max_names_the_mistake(factor, hint):
    fails(checks.check_lr_max, factor * 0.0314, hint=hint)


def test_lr_max_wants_a_number():
    fails(checks.check_lr_max, "0.03", hint="should be a number")
