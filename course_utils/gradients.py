"""Gradients by hand, in NumPy: the mean squared error, its derivative and gradient descent.

Everything here is written out in notebook 01; later notebooks import it to compare with
autograd. All arithmetic is float64.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from ._validate import (
    as_1d,
    as_float_array,
    check_callable,
    check_lr,
    check_number,
    check_positive_int,
    check_pred_target,
    check_same_length,
)
from .history import History, TrainingDiverged

__all__ = ["mse", "mse_grad", "numerical_grad", "closed_form", "gradient_descent"]


def mse(y_pred: Any, y: Any) -> float:
    """Mean squared error ``mean((y_pred - y) ** 2)``; the shapes must match exactly.

    Introduced in notebook 01.
    """
    p, t = as_1d(y_pred, "y_pred", scalar=True), as_1d(y, "y", scalar=True)
    check_pred_target(y_pred, y, "y_pred", "y")  # on the shapes as given: (N, 1) vs (N,) is a bug
    return float(np.mean((p - t) ** 2))


def mse_grad(x: Any, y: Any, w: float, b: float) -> tuple[float, float]:
    """Gradient of ``L = mean((w x + b - y)^2)`` with respect to ``(w, b)``.

    ``dL/dw = 2 mean((w x + b - y) x)`` and ``dL/db = 2 mean(w x + b - y)``. Introduced in
    notebook 01.
    """
    xs, ys = as_1d(x, "x"), as_1d(y, "y")
    check_same_length(xs, ys)
    w, b = check_number(w, "w"), check_number(b, "b")
    _, dw, db = _loss_and_grad(xs, ys, w, b)
    return dw, db


def _loss_and_grad(
    xs: np.ndarray, ys: np.ndarray, w: float, b: float
) -> tuple[float, float, float]:
    """The MSE of the line and its gradient, written out once (``mse_grad``,
    ``gradient_descent``)."""
    err = w * xs + b - ys
    return float(np.mean(err**2)), float(2.0 * np.mean(err * xs)), float(2.0 * np.mean(err))


def numerical_grad(
    f: Callable[..., float], params: Sequence[float], eps: float = 1e-6
) -> np.ndarray:
    """Central finite differences: ``(f(p + eps e_i) - f(p - eps e_i)) / (2 eps)`` for each i.

    ``f`` takes the parameters as separate arguments, e.g. ``f(w, b)``. The error is of order
    ``eps**2``, which is why it is a good independent check of a hand-derived gradient.
    Compute ``f`` in float64 (NumPy's default): float32 resolves only about 1e-7 of a value,
    so with ``eps=1e-6`` a float32 MSE gives gradients 5-20% off. Introduced in notebook 01.
    """
    check_callable(f, "f", "lambda w, b: mse(w * x + b, y)")
    if not check_number(eps, "eps") > 0:
        raise ValueError(f"eps must be > 0, got {eps}")
    p = as_float_array(params, "params").reshape(-1)
    grad = np.empty_like(p)
    for i in range(p.size):
        up, down = p.copy(), p.copy()
        up[i] += eps
        down[i] -= eps
        grad[i] = (float(f(*up)) - float(f(*down))) / (2.0 * eps)
    return grad


def closed_form(x: Any, y: Any) -> tuple[float, float]:
    """The least-squares line ``(w, b)`` from ``np.linalg.lstsq``: where gradient descent goes.

    Introduced in notebook 01.
    """
    xs, ys = as_1d(x, "x"), as_1d(y, "y")
    check_same_length(xs, ys)
    if xs.size < 2 or np.ptp(xs) == 0:
        raise ValueError("x needs at least two different values to determine a line")
    design = np.column_stack([xs, np.ones_like(xs)])
    (w, b), *_ = np.linalg.lstsq(design, ys, rcond=None)
    return float(w), float(b)


def gradient_descent(
    x: Any, y: Any, *, lr: float, epochs: int, w0: float = 0.0, b0: float = 0.0
) -> History:
    """Full-batch gradient descent on the MSE of a line, in NumPy.

    Each epoch: compute the loss and gradient at the current ``(w, b)``, then step
    ``w -= lr * dw``, ``b -= lr * db``. ``history.loss[k - 1]`` is the loss at the start of
    epoch k (before its update); ``history.params[k]`` and ``history.loss_after[k]`` are the
    parameters and the loss after k epochs (``params[0] == {"w": w0, "b": b0}``).
    Raises ``TrainingDiverged`` (history attached) when the loss overflows: lr too large.
    Introduced in notebook 01.
    """
    lr = check_lr(lr)
    epochs = check_positive_int(epochs, "epochs")
    xs, ys = as_1d(x, "x"), as_1d(y, "y")
    check_same_length(xs, ys)
    w, b = check_number(w0, "w0"), check_number(b0, "b0")
    with np.errstate(over="ignore", invalid="ignore"):
        start_loss = _loss_and_grad(xs, ys, w, b)[0]
    hist = History(params=[{"w": w, "b": b}], loss_after=[start_loss], label=f"lr={lr:g}")
    start = time.perf_counter()
    for epoch in range(1, epochs + 1):
        with np.errstate(over="ignore", invalid="ignore"):  # divergence is reported below
            loss, dw, db = _loss_and_grad(xs, ys, w, b)
        if not np.isfinite(loss):
            raise TrainingDiverged(epoch, loss, hist, lr)
        w, b = w - lr * dw, b - lr * db
        seconds = time.perf_counter() - start
        with np.errstate(over="ignore", invalid="ignore"):
            after = _loss_and_grad(xs, ys, w, b)[0]
        hist.end_epoch(loss, [loss], xs.size, seconds, {"w": w, "b": b}, loss_after=after)
    return hist
