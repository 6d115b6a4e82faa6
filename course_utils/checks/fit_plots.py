"""Checkers for lesson 05, watching the model learn: the first epoch whose parameters come within
a distance of the optimum, and a plot of that distance per epoch on a log scale.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ._common import close, learner_number, line_data, need_callable, ok, verdict
from ._feedback import CheckFailed, call_learner

__all__ = ["check_first_epoch_within", "check_plot_distance"]


def _path_case() -> tuple[Any, float, float, np.ndarray]:
    from ..gradients import closed_form, gradient_descent

    x, y = line_data(30, 11)
    history = gradient_descent(x, y, lr=0.025, epochs=150)
    w_star, b_star = closed_form(x, y)
    path = np.array(history.param_path("w", "b"))
    return history, w_star, b_star, path - [w_star, b_star]


def _first_below(values: np.ndarray, tol: float) -> int | None:
    hits = np.flatnonzero(values < tol)
    return int(hits[0]) if hits.size else None


def check_first_epoch_within(fn: Callable[..., Any]) -> None:
    """``fn(history, w_star, b_star, tol)``: the first epoch k with params[k] within ``tol`` of the
    optimum (Euclidean distance in (w, b)), or None. Introduced in notebook 05.
    """
    need_callable(fn, "check_first_epoch_within(first_epoch_within)")
    history, w_star, b_star, delta = _path_case()
    dist = np.hypot(delta[:, 0], delta[:, 1])
    for tol in (1.0, 0.5, float(dist.min()) / 2):
        truth = _first_below(dist, tol)
        got = call_learner(fn, history, w_star, b_star, tol)
        detail = f" (tol={tol:.3g}: got {got}, expected {truth})"
        if truth is None and got is None:
            continue
        if truth is None:
            raise CheckFailed(
                "This path never gets within tol of the optimum: return None "
                "then, not a number (the run needs more epochs)." + detail
            )
        if got is None:
            raise CheckFailed(
                "You returned None, but the path does get within tol: check "
                "the comparison (distance < tol) and look at every entry of "
                "history.params, starting with params[0]." + detail
            )
        got = learner_number(got, "The returned epoch")
        off_by_one = (
            "Off by one: params[0] is the start (epoch 0) and params[k] is after "
            "epoch k, so the epoch is the index into history.params."
        )
        verdict(
            got,
            truth,
            [
                (truth + 1, off_by_one),
                (truth - 1, off_by_one),
                (
                    _first_below(np.abs(delta[:, 0]), tol),
                    "You measured the distance in w only: use "
                    "the distance in the (w, b) plane, "
                    "np.hypot(w - w_star, b - b_star).",
                ),
            ],
            "Not the first epoch within tol: the distance of params[k] to (w_star, b_star) is "
            "np.hypot(w - w_star, b - b_star); return the first k where it is below tol.",
            detail,
        )
    ok("the first k with distance(params[k], optimum) < tol, or None when it never gets there.")


def check_plot_distance(fn: Callable[..., Any]) -> None:
    """``fn(history, w_star, b_star, ax)`` draws the distance to the optimum per epoch on a log
    scale on ``ax``. Introduced in notebook 05.
    """
    from matplotlib.figure import Figure  # a figure outside pyplot: nothing is displayed

    need_callable(fn, "check_plot_distance(plot_distance)")
    history, w_star, b_star, delta = _path_case()
    dist = np.hypot(delta[:, 0], delta[:, 1])
    ax = Figure().add_subplot()
    call_learner(fn, history, w_star, b_star, ax)
    lines = [
        (np.asarray(ln.get_xdata(), float), np.asarray(ln.get_ydata(), float))
        for ln in ax.get_lines()
    ]
    if not lines:
        raise CheckFailed(
            "Nothing was drawn on the Axes passed in: draw with ax.plot(...), "
            "not plt.plot(...), which draws on another figure."
        )
    match = [(xd, yd) for xd, yd in lines if close(yd, dist)]
    if not match:
        ydatas = [yd for _, yd in lines]
        for wrong, hint in [
            (
                dist**2,
                "That is the squared distance: take the square root, "
                "np.hypot(w - w_star, b - b_star).",
            ),
            (
                np.array(history.loss),
                "You plotted the loss, not the distance of (w, b) to (w_star, b_star).",
            ),
            (
                np.abs(delta[:, 0]),
                "That is the distance in w only: use np.hypot(w - w_star, b - b_star).",
            ),
        ]:
            if any(close(yd, wrong) for yd in ydatas):
                raise CheckFailed(hint)
        raise CheckFailed(
            "No line shows the distance per epoch: for each params[k] compute "
            "np.hypot(w - w_star, b - b_star) and plot it against k = 0, 1, ..."
        )
    xd = match[0][0]
    if not close(xd, np.arange(len(dist))):
        raise CheckFailed(
            "The line's x values are not the epochs 0, 1, ..., E: params[0] is "
            "the start (epoch 0)"
            + (", so do not start at 1." if close(xd, np.arange(1, len(dist) + 1)) else ".")
        )
    if ax.get_yscale() != "log":
        raise CheckFailed(
            "Use a log scale (ax.set_yscale('log')): the distance shrinks by a "
            "constant factor per epoch, a straight line on a log scale; on a "
            "linear scale the later progress is invisible."
        )
    ok("the distance falls as a straight line on a log scale: a constant factor per epoch.")
