"""Checkers for lesson 04, ``nn.Linear`` and the 5-step training loop: the loop itself, a loss
that does not broadcast (N, 1) against (N,), and the learning rate that standardised inputs allow.

The reference training run is ``reference_run`` in ``_common`` (shared with lesson 03).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
import torch

from ._common import (
    SHAPE_HINT,
    column,
    fmt,
    learner_number,
    line_data,
    line_model,
    need_callable,
    ok,
    reference_run,
    sum_hint,
    type_and_shape,
    verdict,
    verdict_trained,
)
from ._feedback import CheckFailed, call_learner

__all__ = ["check_training_loop", "check_loss_shapes", "check_lr_standardised"]


def check_training_loop(train_fn: Callable[..., Any]) -> None:
    """``train_fn(model, x, y, lr, epochs)`` runs the 5-step loop and returns per-epoch losses.

    Introduced in notebook 04.
    """
    need_callable(train_fn, "check_training_loop(train_loop)")
    x, y = (column(v) for v in line_data(20, 9))
    lr, epochs = 0.01, 5
    model = line_model(0.5, 0.0)
    losses = call_learner(train_fn, model, x, y, lr, epochs)
    verdict_trained(model, x, y, lr, epochs)
    if not isinstance(losses, (list, tuple)) or len(losses) != epochs:
        size = f" of length {len(losses)}" if isinstance(losses, (list, tuple)) else ""
        raise CheckFailed(
            f"Return a list with one loss per epoch ({epochs} numbers), got "
            f"{type_and_shape(losses)}{size}."
        )
    got = np.array([learner_number(v, "each returned loss") for v in losses])
    truth = reference_run(x, y, lr, epochs)[1]
    verdict(
        got,
        truth,
        [],
        "The parameters are right but the returned losses are not each "
        "epoch's loss: append loss.item() right after step 2 (the loss), before the update.",
        f" (got {fmt(got)}, expected {fmt(truth)})",
        rtol=1e-4,
    )
    ok("forward, loss, zero_grad, backward, step: the 5-step loop.")


def check_loss_shapes(loss_fn: Callable[..., Any]) -> None:
    """``loss_fn(y_pred, y)``: the MSE for (N, 1) predictions and (N,) or (N, 1) targets.

    Introduced in notebook 04.
    """
    need_callable(loss_fn, "check_loss_shapes(mse_loss_fixed)")
    x, y = line_data(6, 10)
    pred = 1.8 * x + 2.0
    for target in (torch.tensor(y, dtype=torch.float32), column(y)):
        y_pred = column(pred).requires_grad_()
        with warnings.catch_warnings():  # the broadcast warning: we give our own hint below
            warnings.simplefilter("ignore")
            got = learner_number(call_learner(loss_fn, y_pred, target), "The returned loss")
        truth = float(np.mean((pred - y) ** 2))
        verdict(
            got,
            truth,
            [
                (float(np.mean((pred[:, None] - y[None, :]) ** 2)), SHAPE_HINT),
                (6 * truth, sum_hint(6, "loss")),
                (math.sqrt(truth), "That is the root of the MSE (RMSE): drop the square root."),
            ],
            "Not the mean squared error: mean((y_pred - y)**2) with y_pred and y of the same "
            "shape.",
            f" (targets of shape {tuple(target.shape)}: got {got:.4g}, expected {truth:.4g})",
            rtol=1e-4,
        )
    ok("targets reshaped to the predictions' shape: no silent (N, N) broadcast.")


def check_lr_standardised(lr: Any) -> None:
    """``lr``: a learning rate with which 10 full-batch GD epochs from (w, b) = (0, 0) on the
    height/weight data with standardised x get the loss within 1% of its minimum.

    x is standardised with its mean and population standard deviation. Introduced in notebook 04.
    """
    from ..data import height_weight

    x, y = (t.numpy().reshape(-1).astype(np.float64) for t in height_weight())
    x = (x - x.mean()) / x.std()
    epochs = 10

    def loss_after(rate: float) -> float:
        w = b = 0.0
        with np.errstate(over="ignore", invalid="ignore"):
            for _ in range(epochs):
                # written out, not gradients.mse_grad: a diverging rate must be allowed to run on
                # to inf or NaN (the hint shows the final loss), and mse_grad rejects those
                err = w * x + b - y
                w, b = w - rate * 2.0 * np.mean(err * x), b - rate * 2.0 * np.mean(err)
            return float(np.mean((w * x + b - y) ** 2))

    w_opt, b_opt = np.polyfit(x, y, 1)  # least squares: the minimum GD is heading for
    best, start = float(np.mean((w_opt * x + b_opt - y) ** 2)), float(np.mean(y**2))
    rate = learner_number(lr, "lr")
    if not rate > 0:
        raise CheckFailed(f"A learning rate must be positive (got {rate:g}).")
    final = loss_after(rate)
    if final <= 1.01 * best:
        ok(f"with lr={rate:g} the loss is {final:.2f} after {epochs} epochs (minimum {best:.2f}).")
        return
    if not math.isfinite(final) or final >= start:
        hint = (
            "This learning rate diverges (or never settles): with standardised x the loss "
            "curves the same in w and b (curvature 2), so GD converges only for lr < 2/2 = 1."
        )
    elif rate < 1e-3:
        hint = (
            "That is a learning rate for unscaled heights in cm. Standardised x makes the "
            "loss equally curved in every direction, so steps 10,000 times larger are safe."
        )
    elif rate < 0.5:
        hint = "Too small: the loss is still falling. Standardised inputs allow a larger lr."
    else:
        hint = "Too large: each step overshoots the minimum and bounces back. Try a smaller lr."
    raise CheckFailed(
        f"{hint} (after {epochs} epochs the loss is {final:.4g}; within 1% of the "
        f"minimum means below {1.01 * best:.2f})"
    )
