"""Checker for lesson 04, Exercise 4: the window of learning rates with which 10 full-batch
gradient-descent epochs on the standardised heights get within 1% of the minimum loss.

The reference runs gradient descent in NumPy (``_Window``). Introduced in notebook 04.
"""

from __future__ import annotations

import math
import numbers
from typing import Any

import numpy as np
import torch

from .._common import learner_number, ok, type_and_shape
from .._feedback import CheckFailed

__all__ = ["check_lr_standardised"]

EPOCHS = 10  # updates before the loss is measured
STEP = 0.01  # how close to the window's edges the answer must be


class _Window:
    """Gradient descent on the MSE of a line over the exercises' height/weight data: the loss
    after some updates, and whether it is within 1% of the least-squares minimum."""

    def __init__(
        self, *, epochs: int = EPOCHS, start: tuple[float, float] = (0.0, 0.0), ddof: int = 0
    ):
        from ...data import height_weight

        x, y = (t.numpy().reshape(-1).astype(np.float64) for t in height_weight())
        self.x, self.y = (x - x.mean()) / x.std(ddof=ddof), y
        self.epochs, self.start = epochs, start
        w_opt, b_opt = np.polyfit(self.x, y, 1)
        self.best = float(np.mean((w_opt * self.x + b_opt - y) ** 2))

    def loss_after(self, rate: float) -> float:
        w, b = self.start
        with np.errstate(over="ignore", invalid="ignore"):
            for _ in range(self.epochs):
                # written out, not gradients.mse_grad: a diverging rate must run on to inf/NaN
                err = w * self.x + b - self.y
                w, b = w - rate * 2.0 * np.mean(err * self.x), b - rate * 2.0 * np.mean(err)
            loss = float(np.mean((w * self.x + b - self.y) ** 2))
        return loss if math.isfinite(loss) else math.inf

    def good(self, rate: float) -> bool:
        # the slack (1e-5 of the limit) lets an edge computed exactly, in float32, count as good
        return rate > 0 and self.loss_after(rate) <= 1.01 * self.best * (1 + 1e-5)

    def fits(self, low: float, high: float) -> bool:
        """Both ends good, and each 0.01 further out not."""
        return (
            self.good(low)
            and self.good(high)
            and not self.good(low - STEP)
            and not self.good(high + STEP)
        )


def _window_mistakes() -> list[tuple[_Window, str]]:
    """(the window a mistaken experiment finds, the slip). Not the sample standard deviation
    (N - 1): its window is within 0.01 of the true one, so no answer tells the two apart."""
    return [
        (
            _Window(epochs=EPOCHS - 1),
            "the loss after 9 updates (before the 10th, as a training loop records it) "
            "instead of after 10 (gradient_descent(...).params[-1])",
        ),
        (_Window(start=(0.45, -35.0)), "the lesson's start (0.45, -35) instead of (0, 0)"),
    ]


def _end(window: _Window, rate: float, which: str) -> str:
    """What is wrong with one end of the learner's window ("" when it is right)."""
    if not window.good(rate):
        loss = window.loss_after(rate)
        if rate < 0.5:
            why = "too small: after 10 epochs the loss is still on its way down"
        elif rate >= 1:
            why = "too large: from lr = 1 on, gradient descent on this bowl never settles"
        else:
            why = "too large: each step overshoots the minimum and lands on the other side"
        return f"your {which}, {rate:g}, is {why} ({loss:.4g}, above {1.01 * window.best:.2f})."
    further = rate - STEP if which == "lowest" else rate + STEP
    if window.good(further):
        return f"your {which}, {rate:g}, is good but not the {which}: {further:g} is good too."
    return ""


def check_lr_standardised(lr_range: Any) -> None:
    """``lr_range = (lowest, highest)``: the window of learning rates with which 10 full-batch
    GD epochs from (w, b) = (0, 0) on the standardised heights (population standard deviation)
    get the loss within 1% of its minimum, each end within 0.01 of the window's edge.

    Introduced in notebook 04.
    """
    if isinstance(lr_range, (torch.Tensor, np.ndarray)) and lr_range.ndim == 1:
        lr_range = list(lr_range)
    if not isinstance(lr_range, (tuple, list)) or len(lr_range) != 2:
        one = (
            " One good rate is not the window: find its lowest and highest."
            if isinstance(lr_range, (numbers.Number, torch.Tensor, np.ndarray))
            else ""
        )
        raise CheckFailed(
            f"lr_range should be two learning rates, (lowest, highest); got "
            f"{type_and_shape(lr_range)}.{one}"
        )
    low, high = (learner_number(v, f"lr_range[{i}]") for i, v in enumerate(lr_range))
    if not (math.isfinite(low) and math.isfinite(high)):
        raise CheckFailed(
            f"lr_range holds {low:g} and {high:g}: two finite learning rates, please."
        )
    if low > high:
        raise CheckFailed(f"lr_range = ({low:g}, {high:g}): put the lowest first.")
    window = _Window()
    if window.fits(low, high):
        ok(
            f"every lr from {low:g} to {high:g} gets within 1% of the minimum in 10 epochs. The "
            "window is centred on 0.5: each epoch multiplies the distance to the minimum by "
            "|1 - 2 lr|, the same for 0.5 - d and 0.5 + d."
        )
        return
    if low <= STEP and high >= 1 - STEP:
        raise CheckFailed(
            "0 < lr < 1 is where gradient descent converges at all, given enough epochs (section "
            "4). In only 10 epochs the window is narrower: how far must |1 - 2 lr| shrink the "
            "distance? Or try rates and see."
        )
    if low <= 0:
        raise CheckFailed(f"A learning rate must be positive (your lowest is {low:g}).")
    slips = [slip for w, slip in _window_mistakes() if w.fits(low, high)]
    if slips:
        hint = f"That window is too narrow: it is the one for {', or for '.join(slips)}."
    else:
        parts = [p for p in (_end(window, low, "lowest"), _end(window, high, "highest")) if p]
        right = [w for w, r in (("lowest", low), ("highest", high)) if not _end(window, r, w)]
        hint = " ".join(p[0].upper() + p[1:] for p in parts) + (
            f" Your {right[0]} is right." if right else ""
        )
        if low == high:
            fastest = " 0.5 is the fastest rate (section 4), but" if low == 0.5 else ""
            hint = f"One rate is not a window:{fastest} the task asks for all good rates. {hint}"
    raise CheckFailed(hint)
