"""Checker for lesson 01, Exercise 3: the largest learning rate at which gradient descent
converges on ``make_linear_data()``, to two significant digits.

The reference edge is 2 / the largest eigenvalue of the MSE's Hessian. Introduced in
notebook 01.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .._common import learner_number, ok
from .._feedback import fail

__all__ = ["check_lr_max"]

# Above the edge by less than this (relative) is the edge itself: a bisection on "the last loss
# of a long run is below the first" ends within about 3e-7 of it.
_EDGE_RTOL = 1e-5


def _lr_edge(x: Any) -> float:
    """2 / the largest eigenvalue of the MSE's Hessian for a line: GD converges below it."""
    xs = np.asarray(x, dtype=np.float64).reshape(-1)
    hessian = 2.0 * np.array([[np.mean(xs**2), np.mean(xs)], [np.mean(xs), 1.0]])
    return float(2.0 / np.linalg.eigvalsh(hessian).max())


def check_lr_max(lr_max: Any) -> None:
    """``lr_max``: the largest learning rate at which GD converges on ``make_linear_data()``,
    to two significant digits: at most the edge, and no lower than the edge with its digits
    after the second dropped (0.031 for an edge of 0.03138).

    Introduced in notebook 01.
    """
    from ...data import make_linear_data

    edge = _lr_edge(make_linear_data()[0].numpy())
    if lr_max is None:
        raise fail("largest_lr is None: store the number you found in largest_lr.")
    if isinstance(lr_max, (list, tuple)):
        raise fail(
            f"largest_lr should be one number, got a {type(lr_max).__name__}: store the "
            "largest learning rate that converges, not all of them."
        )
    lr = learner_number(lr_max, "largest_lr")
    if not lr > 0:
        raise fail(
            f"A learning rate must be positive (got {lr:g}): a negative one climbs the loss."
        )
    if lr > edge * (1 + _EDGE_RTOL):
        if lr <= 1.05 * edge:
            raise fail(
                f"At lr={lr:g} gradient descent diverges, slowly: just above the edge each step "
                "overshoots the valley's floor by a little more than the last, so the loss "
                "grows only after many epochs. The edge is a little lower: compare the last "
                "loss of a run of a few thousand epochs with the first."
            )
        raise fail(
            f"With lr={lr:g} gradient descent diverges on this data: each step overshoots "
            "the bottom of the valley by more than it started, so the loss grows. The edge "
            "is lower."
        )
    if abs(lr - edge / 2) <= 0.05 * edge / 2:
        raise fail(
            f"At lr={lr:g} the path starts to zig-zag across the valley, but the loss still "
            "shrinks: overshooting is not diverging. The edge is about twice as high: "
            "increase lr until the loss grows."
        )
    digit = 10.0 ** (math.floor(math.log10(edge)) - 1)  # the place of the second digit
    if lr < math.floor(edge / digit) * digit * (1 - 1e-9):
        first = math.floor(edge / digit / 10) * digit * 10
        raise fail(
            f"Gradient descent still converges at lr={lr:g}: the edge is higher. "
            + (
                "The first significant digit is right, the second is not yet: narrow the "
                "interval further (more halvings, or a finer grid)."
                if lr >= first * (1 - 1e-9)
                else "Increase lr in small steps until the loss grows instead of shrinking "
                "(near the edge that takes many epochs to see)."
            )
        )
    ok(
        f"GD converges on this data for lr below {edge:.5f} (= 2 / the loss's largest "
        "curvature); you found it to two significant digits."
    )
