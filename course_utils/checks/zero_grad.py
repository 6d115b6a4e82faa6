"""Checkers for lesson 03, ``zero_grad``: a training loop that clears the gradients before each
step, and gradient accumulation over micro-batches.

The reference gradient comes from ``course_utils.gradients.mse_grad``; the reference training
run is ``reference_run`` in ``_common`` (lesson 04 checks its loop against it too).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import torch
from torch import nn

from ..gradients import mse_grad
from ._common import (
    close,
    column,
    flat_params,
    fmt,
    line_data,
    line_model,
    need_callable,
    ok,
    verdict,
    verdict_trained,
)
from ._feedback import CheckFailed, call_learner

__all__ = ["check_zero_grad_loop", "check_grad_accumulation"]


def check_zero_grad_loop(train_fn: Callable[..., Any]) -> None:
    """``train_fn(model, optimizer, loss_fn, x, y, steps)`` runs ``steps`` SGD updates.

    Introduced in notebook 03.
    """
    need_callable(train_fn, "check_zero_grad_loop(train_fixed)")
    x, y = (column(v) for v in line_data(20, 7))
    lr, steps = 0.002, 6
    model = line_model(0.5, 0.0)
    call_learner(
        train_fn, model, torch.optim.SGD(model.parameters(), lr=lr), nn.MSELoss(), x, y, steps
    )
    verdict_trained(model, x, y, lr, steps)
    ok("zero_grad() before backward() (or after step()): every step uses only its own gradient.")


def check_grad_accumulation(fn: Callable[..., Any]) -> None:
    """``fn(model, loss_fn, x, y, k)`` leaves the full-batch gradient in ``.grad``, from k
    micro-batches.

    Introduced in notebook 03.
    """
    need_callable(fn, "check_grad_accumulation(accumulate_grads)")
    for k in (3, 4):
        x, y = (column(v) for v in line_data(12, 8))
        model = line_model(0.5, 0.0)
        for p in model.parameters():
            p.grad = torch.full_like(p, 3.0)  # left over from the previous optimizer step
        call_learner(fn, model, nn.MSELoss(), x, y, k)
        if not close(flat_params(model), [0.5, 0.0]):
            raise CheckFailed(
                "The parameters changed: this function only accumulates "
                "gradients; the optimizer step comes after it."
            )
        if any(p.grad is None for p in model.parameters()):
            raise CheckFailed("A parameter has no .grad: call backward() on each micro-batch loss.")
        got = np.concatenate([p.grad.numpy().reshape(-1) for p in model.parameters()]).astype(float)
        # the gradients at the model's (w, b) = (0.5, 0): of all samples, and of the last chunk
        truth = np.array(mse_grad(x, y, 0.5, 0.0))
        last = np.array(mse_grad(x.chunk(k)[-1], y.chunk(k)[-1], 0.5, 0.0))
        only_last = (
            "Only the last micro-batch's gradient survived: zero_grad() inside the loop "
            "wipes what was accumulated. Zero once, before the first micro-batch."
        )
        verdict(
            got,
            truth,
            [
                (
                    np.full(2, 3.0),
                    "The .grad still holds the old values: call model.zero_grad(), "
                    "then backward() on each micro-batch loss.",
                ),
                (
                    k * truth,
                    f"Your gradient is k = {k} times the full-batch one: each micro-batch loss "
                    "is already a mean over its samples, so divide it by k before backward().",
                ),
                (
                    truth + 3.0,
                    "Gradients left over from before are still in .grad: call "
                    "model.zero_grad() once before the first micro-batch.",
                ),
                (
                    k * truth + 3.0,
                    f"Two mistakes: the old .grad was kept (zero_grad once before the "
                    f"loop) and the micro-batch losses were not divided by k = {k}.",
                ),
                (last / k, only_last),
                (last, only_last),
            ],
            "The accumulated gradient differs from the full-batch one: zero_grad once, then for "
            "each of the k chunks (x.chunk(k)): (loss_fn(model(xb), yb) / k).backward().",
            f" (k={k}: got {fmt(got)}, expected {fmt(truth)})",
            rtol=1e-4,
        )
    ok("k micro-batches with loss / k accumulate exactly the full-batch gradient.")
