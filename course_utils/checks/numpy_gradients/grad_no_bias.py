"""Checker for lesson 01, Exercise 1: dL/dw of the MSE for the model without a bias,
y_hat = w x, from the formula derived on paper (not ``numerical_grad``'s estimate).

The reference gradient comes from ``course_utils.gradients.mse_grad``. Introduced in
notebook 01.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ...gradients import mse_grad
from .._common import (
    SHAPE_HINT,
    learner_number,
    line_data,
    need_callable,
    ok,
    sum_hint,
    verdict,
)
from .._feedback import fail, function_name, param_names
from ._shared import call_returning, check_names, unchanged

__all__ = ["check_grad_no_bias"]


def _grad_mistakes(
    name: str, x: np.ndarray, y: np.ndarray, w: float, truth: float
) -> list[tuple[Any, str]]:
    """(what a mistake returns, its hint) for dL/dw of mean((w x - y)^2)."""
    n, e = x.size, w * x - y
    return [
        (
            truth / 2,
            f"{name} returns half the true gradient: the factor 2 from differentiating the "
            "square is missing.",
        ),
        (
            -truth,
            f"{name} has the wrong sign: with the error written as target minus prediction, "
            "the chain rule adds a factor -1. Use prediction minus target.",
        ),
        (
            -truth / 2,
            f"{name} has the wrong sign AND half the size: use prediction minus target for the "
            "error, and keep the factor 2 from the square.",
        ),
        (n * truth, sum_hint(n)),
        (
            truth / n,
            f"{name} is N = {n} times too small: it divides by N twice (np.mean already "
            "divides by N).",
        ),
        (
            truth * n / (n - 1),
            f"{name} divides by N - 1 = {n - 1}: the loss is the mean over all N = {n} samples.",
        ),
        (
            2 * np.sum((e * x)[:-1]) / n,
            f"{name} leaves out the last sample: a loop over the samples must visit all "
            f"N = {n} of them.",
        ),
        (
            2 * np.mean((e * x)[:-1]),
            f"{name} leaves out the last sample: a loop over the samples must visit all "
            f"N = {n} of them.",
        ),
        (
            2 * np.mean(e),
            f"{name} is missing the inner derivative: the chain rule multiplies each error "
            "by the derivative of w*x with respect to w.",
        ),
        (
            2 * np.mean(e) * np.mean(x),
            f"{name} averages the errors and the x separately and multiplies the averages: "
            "the mean of a product is not the product of the means. Multiply each error by "
            "its own x first, then average.",
        ),
        (2 * (w * np.mean(x**2) - np.mean(x) * np.mean(y)), SHAPE_HINT),
    ]


def check_grad_no_bias(fn: Callable[..., Any]) -> None:
    """``fn(x, y, w)`` returns dL/dw for y_hat = w x, L = mean((w x - y)^2), as one number,
    from the formula (not ``numerical_grad``), leaving ``x`` and ``y`` as they are.

    Introduced in notebook 01.
    """
    need_callable(fn, "check_grad_no_bias(grad_w_no_bias)")
    name = function_name(fn, "grad_w_no_bias")
    args = param_names(fn, ("x", "y", "w"))
    check_names(
        fn,
        name,
        args,
        f"{name} returns numerical_grad's estimate: the task asks for the formula you derive "
        "on paper. Use numerical_grad only to compare your formula with.",
    )
    for n, seed, w in [(7, 1, 0.5), (13, 2, 3.0)]:
        x, y = line_data(n, seed)
        given = [x.copy(), y.copy()]
        result = call_returning(fn, name, *given, w)
        unchanged(name, args, given, [x, y])
        if np.size(result) == n and n > 1:
            raise fail(
                f"{name} returns one value per sample ({n} of them): the gradient of the mean "
                "loss is one number. Average over the samples."
            )
        got = learner_number(result, f"What {name} returns")
        # the model y_hat = w x is the line with b = 0, so mse_grad's dw at b = 0 is dL/dw
        truth = mse_grad(x, y, w, 0.0)[0]
        verdict(
            got,
            truth,
            _grad_mistakes(name, x, y, w, truth),
            f"{name} is not dL/dw of L(w) = mean((w*x - y)**2). Compare it with "
            "numerical_grad(lambda w: np.mean((w*x - y)**2), [w]) at a few w to find where "
            "they differ.",
            f" (x with {n} samples, w={w}: got {got:.4g}, expected {truth:.4g})",
        )
    ok("dL/dw = 2 * mean((w*x - y) * x) for the model y_hat = w*x.")
