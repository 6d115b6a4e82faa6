"""Checkers for lesson 01, gradients by hand in NumPy: the derivative of the MSE, one
gradient-descent step and the largest learning rate at which gradient descent converges.

The reference gradients come from ``course_utils.gradients.mse_grad``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ..gradients import mse_grad
from ._common import (
    fmt,
    learner_number,
    learner_numbers,
    line_data,
    need_callable,
    ok,
    sum_hint,
    verdict,
)
from ._feedback import CheckFailed, call_learner

__all__ = ["check_grad_no_bias", "check_gd_step", "check_lr_max"]


def check_grad_no_bias(fn: Callable[..., Any]) -> None:
    """``fn(x, y, w)`` returns dL/dw for y_hat = w x, L = mean((w x - y)^2).

    Introduced in notebook 01.
    """
    need_callable(fn, "check_grad_no_bias(grad_w_no_bias)")
    for n, seed, w in [(7, 1, 0.5), (13, 2, 3.0)]:
        x, y = line_data(n, seed)
        # the model y_hat = w x is the line with b = 0; its dL/db, 2 * mean(w*x - y), is dL/dw
        # without the inner derivative x
        truth, no_inner = mse_grad(x, y, w, 0.0)
        got = learner_number(call_learner(fn, x.copy(), y.copy(), w), "The returned gradient")
        verdict(
            got,
            truth,
            [
                (
                    truth / 2,
                    "Your gradient is half the true one: the factor 2 from differentiating "
                    "the square is missing (d/dw (w*x - y)**2 = 2*(w*x - y)*x).",
                ),
                (
                    -truth,
                    "Your gradient has the wrong sign: write the error as prediction minus "
                    "target, w*x - y (with y - w*x the chain rule adds a factor -1).",
                ),
                (
                    -truth / 2,
                    "Wrong sign AND half the size: use the error w*x - y (prediction minus "
                    "target) and keep the factor 2 from the square.",
                ),
                (n * truth, sum_hint(n)),
                (
                    truth / n,
                    f"Your gradient is N = {n} times too small: you divided by N twice "
                    "(np.mean already divides by N).",
                ),
                (
                    no_inner,
                    "The inner derivative is missing: d(w*x)/dw = x, so multiply "
                    "each error by its x before averaging.",
                ),
            ],
            "This is not dL/dw of L(w) = mean((w*x - y)**2). Compare your function with "
            "numerical_grad(lambda w: np.mean((w*x - y)**2), [w]) to find the difference.",
            f" (x with {n} samples, w={w}: got {got:.4g}, expected {truth:.4g})",
        )
    ok("dL/dw = 2 * mean((w*x - y) * x) for the model y_hat = w*x.")


def check_gd_step(fn: Callable[..., Any]) -> None:
    """``fn(x, y, w, b, lr)`` returns ``(w, b)`` after one gradient-descent step.

    Introduced in notebook 01.
    """
    need_callable(fn, "check_gd_step(gd_step)")
    for n, seed, w, b, lr in [(9, 3, 0.5, 0.2, 0.01), (6, 4, 3.0, -1.0, 0.02)]:
        x, y = line_data(n, seed)
        g = np.array(mse_grad(x, y, w, b))
        truth = np.array([w, b]) - lr * g
        got = learner_numbers(
            call_learner(fn, x.copy(), y.copy(), w, b, lr),
            2,
            "The returned step",
            "return w_new, b_new",
        )
        verdict(
            got,
            truth,
            [
                (
                    np.array([w, b]) + lr * g,
                    "You stepped uphill: the gradient points to where the "
                    "loss grows, so subtract it: w - lr * dw, b - lr * db.",
                ),
                (np.array([w, b]) - g, "The learning rate is missing: the step is lr * gradient."),
                (
                    np.array([w, b]) - lr * g / 2,
                    "Your step is half the right one: the factor 2 "
                    "from differentiating the square is missing.",
                ),
                (np.array([w, b]) - lr * n * g, sum_hint(n)),
                (
                    np.array([truth[0], b - lr * mse_grad(x, y, truth[0], b)[1]]),
                    "You updated b with a gradient computed after w had already moved. Compute "
                    "both gradients at the old (w, b) first, then update both.",
                ),
                (np.array([truth[0], b]), "b did not change: update both parameters."),
            ],
            "Not one gradient-descent step. With e = w*x + b - y at the current (w, b): "
            "dw = 2*mean(e*x), db = 2*mean(e); return (w - lr*dw, b - lr*db).",
            f" (w={w}, b={b}, lr={lr}: got {fmt(got)}, expected {fmt(truth)})",
        )
    ok("both gradients at the old (w, b), then w -= lr*dw and b -= lr*db.")


def _lr_edge(x: Any) -> float:
    """2 / the largest eigenvalue of the MSE's Hessian for a line: GD converges below it."""
    xs = np.asarray(x, dtype=np.float64).reshape(-1)
    hessian = 2.0 * np.array([[np.mean(xs**2), np.mean(xs)], [np.mean(xs), 1.0]])
    return float(2.0 / np.linalg.eigvalsh(hessian).max())


def check_lr_max(lr_max: Any) -> None:
    """``lr_max``: the largest learning rate at which GD converges on ``make_linear_data()``.

    Accepted within 5%. Introduced in notebook 01.
    """
    from ..data import make_linear_data

    edge = _lr_edge(make_linear_data()[0].numpy())
    lr = learner_number(lr_max, "lr_max")
    if not lr > 0:
        raise CheckFailed(
            f"A learning rate must be positive (got {lr:g}): a negative one climbs the loss."
        )
    if lr > 1.05 * edge:
        raise CheckFailed(
            f"With lr={lr:.3g} gradient descent diverges on this data: each step "
            "overshoots the bottom of the valley by more than it started, so the "
            "loss grows. The edge is lower."
        )
    if abs(lr - edge / 2) <= 0.05 * edge / 2:
        raise CheckFailed(
            f"At lr={lr:.3g} the path starts to zig-zag across the valley, but the "
            "loss still shrinks: overshooting is not diverging. The edge is about "
            "twice as high: increase lr until the loss grows."
        )
    if lr < 0.95 * edge:
        raise CheckFailed(
            f"Gradient descent still converges at lr={lr:.3g}: the edge is higher. "
            "Increase lr in small steps until the loss grows instead of shrinking "
            "(near the edge that takes many epochs to see)."
        )
    ok(f"GD converges on this data for lr below {edge:.4f} (= 2 / the loss's largest curvature).")
