"""Checker for lesson 01, Exercise 2: one gradient-descent step on a line, both gradients from
the formulas at the old (w, b).

The reference step comes from ``course_utils.gradients.mse_grad``. Introduced in notebook 01.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ...gradients import mse_grad
from .._common import (
    SHAPE_HINT,
    close,
    fmt,
    learner_numbers,
    line_data,
    need_callable,
    ok,
    sum_hint,
    verdict,
)
from .._feedback import function_name, param_names
from ._shared import call_returning, check_names, unchanged

__all__ = ["check_gd_step"]


def _step_mistakes(
    name: str, x: np.ndarray, y: np.ndarray, w: float, b: float, lr: float
) -> list[tuple[Any, str]]:
    """(the (w, b) a mistake returns, its hint) for one gradient-descent step."""
    n, e = x.size, w * x + b - y
    p, g = np.array([w, b]), np.array(mse_grad(x, y, w, b))
    new = p - lr * g
    w_moved = new[0]
    return [
        (
            p + lr * g,
            f"{name} stepped uphill: the gradient points to where the loss grows, so the "
            "step must go against it.",
        ),
        (p - g, f"{name} leaves out the learning rate: the step is the gradient scaled by lr."),
        (
            p - lr * g / 2,
            f"{name}'s steps are half the right size: the factor 2 from differentiating the "
            "square is missing from both gradients.",
        ),
        (p - lr * n * g, sum_hint(n, "step")),
        (
            np.array([w_moved, b - lr * mse_grad(x, y, w_moved, b)[1]]),
            f"{name} computes the gradient for b after w has already moved. Compute both "
            "gradients at the old (w, b) first, then update both.",
        ),
        (
            new - lr * np.array(mse_grad(x, y, *new)),
            f"{name} makes two steps: the task asks for one.",
        ),
        (np.array([w_moved, b]), f"{name} leaves b unchanged: update both parameters."),
        (np.array([w, new[1]]), f"{name} leaves w unchanged: update both parameters."),
        (new[::-1], f"{name} returns (b, w): return the new w first, then the new b."),
        (g, f"{name} returns the gradients, not the new parameters after the step."),
        (
            lr * g,
            f"{name} returns the step itself, not the new parameters: apply it to w and b.",
        ),
        (
            np.array([w - lr * 2 * np.mean(e), new[1]]),
            f"{name}: b is right, but dw is missing the inner derivative: the derivative of "
            "w*x + b with respect to w is not 1.",
        ),
        (
            np.array([new[0], b - lr * 2 * np.mean(e * x)]),
            f"{name}: w is right, but db has an inner derivative that does not belong there: "
            "the derivative of w*x + b with respect to b is 1.",
        ),
        (
            np.array(
                [
                    w - lr * 2 * (w * np.mean(x**2) + b * np.mean(x) - np.mean(x) * np.mean(y)),
                    new[1],
                ]
            ),
            SHAPE_HINT,
        ),
    ]


def _step_fallback(name: str, got: np.ndarray, truth: np.ndarray) -> str:
    """Which of the two new values is off, without the formula."""
    w_ok, b_ok = (close(got[i], truth[i], rtol=1e-4) for i in range(2))
    if w_ok:
        return (
            f"{name}'s new w is right, its new b is off: look at db (compare it with "
            "numerical_grad at the same w, b) and at b's update."
        )
    if b_ok:
        return (
            f"{name}'s new b is right, its new w is off: look at dw (compare it with "
            "numerical_grad at the same w, b) and at w's update."
        )
    return (
        f"{name}'s new w and b are both off. Check in this order: the error at the current "
        "(w, b), each gradient (compare with numerical_grad), then the step against the "
        "gradient, scaled by lr."
    )


def check_gd_step(fn: Callable[..., Any]) -> None:
    """``fn(x, y, w, b, lr)`` returns ``(w, b)`` after one gradient-descent step, with both
    gradients from the formulas at the old ``(w, b)``, leaving ``x`` and ``y`` as they are.

    Introduced in notebook 01.
    """
    need_callable(fn, "check_gd_step(gd_step)")
    name = function_name(fn, "gd_step")
    args = param_names(fn, ("x", "y", "w", "b", "lr"))
    check_names(
        fn,
        name,
        args,
        f"{name} takes its gradients from numerical_grad: the task asks for the formulas of "
        "section 3 (finite differences cost two loss evaluations per parameter and are only "
        "an estimate).",
    )
    for n, seed, w, b, lr in [(9, 3, 0.5, 0.2, 0.01), (6, 4, 3.0, -1.0, 0.02)]:
        x, y = line_data(n, seed)
        given = [x.copy(), y.copy()]
        result = call_returning(fn, name, *given, w, b, lr)
        unchanged(name, args, given, [x, y])
        got = learner_numbers(result, 2, f"What {name} returns", "return the new w, b")
        truth = np.array([w, b]) - lr * np.array(mse_grad(x, y, w, b))
        verdict(
            got,
            truth,
            _step_mistakes(name, x, y, w, b, lr),
            _step_fallback(name, got, truth),
            f" (w={w}, b={b}, lr={lr}: got {fmt(got)}, expected {fmt(truth)})",
        )
    ok("both gradients at the old (w, b), then w -= lr*dw and b -= lr*db.")
