"""Checker for lesson 03, Exercise 3: gradient accumulation, the full-batch gradient left in
``.grad`` from k equal micro-batches, one backward pass each, without stepping.

The reference gradient comes from ``course_utils.gradients.mse_grad``; a forward pre-hook and a
parameter hook count the micro-batches and the backward passes. Introduced in notebook 03.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import torch
from torch import nn

from ...gradients import mse_grad
from .._common import (
    close,
    column,
    flat_params,
    fmt,
    line_data,
    line_model,
    need_callable,
    ok,
    verdict,
)
from .._feedback import CheckFailed
from ._shared import quietly, rows_seen

__all__ = ["check_grad_accumulation"]


def _count_backward_passes(model: nn.Module) -> list[int]:
    """A one-element list counting the backward passes that reach the model's weight (a
    tensor hook fires once per pass, for backward() and torch.autograd.grad alike)."""
    count = [0]

    def hook(grad: torch.Tensor) -> None:
        count[0] += 1

    next(model.parameters()).register_hook(hook)
    return count


def _grads(model: nn.Module) -> np.ndarray:
    return np.concatenate([p.grad.detach().numpy().reshape(-1) for p in model.parameters()]).astype(
        float
    )


def check_grad_accumulation(fn: Callable[..., Any]) -> None:
    """``fn(model, loss_fn, x, y, k)`` leaves the full-batch gradient in ``.grad``, from k
    equal micro-batches, one backward pass each, without stepping.

    Introduced in notebook 03.
    """
    need_callable(fn, "check_grad_accumulation(accumulate_grads)")
    name = getattr(fn, "__name__", "your function")
    for k in (3, 4):
        x, y = (column(v) for v in line_data(12, 8))
        model = line_model(0.5, 0.0)
        for p in model.parameters():
            p.grad = torch.full_like(p, 3.0)  # left over from the previous optimizer step
        rows = rows_seen(model)
        passes = _count_backward_passes(model)
        returned = quietly(fn, model, nn.MSELoss(), x, y, k)

        if not close(flat_params(model), [0.5, 0.0]):
            raise CheckFailed(
                f"The parameters changed: {name}() only accumulates gradients; the optimizer "
                "step comes after it, outside the function."
            )
        _check_micro_batches(name, rows, passes[0], len(x), k)
        if any(p.grad is None for p in model.parameters()):
            raise CheckFailed(
                f"After {name}() a parameter has no .grad: the gradients were cleared after "
                "the last backward(), or never computed."
            )
        _check_gradient(name, _grads(model), x, y, k, returned)
    ok(
        f"{name}() leaves exactly the full-batch gradient in .grad from k micro-batches, one "
        "backward() each."
    )


def _check_micro_batches(name: str, rows: list[int], passes: int, n: int, k: int) -> None:
    """k forward passes of n / k rows each, and k backward passes."""
    size = n // k
    if not rows:
        raise CheckFailed(
            f"{name}() never ran the model it was given: use its arguments model, x and y "
            "(not model_ex, x_ex, y_ex)."
        )
    if sum(rows) != n:
        if rows == [size] * len(rows) and len(rows) < k:
            raise CheckFailed(
                f"{name}() ran {len(rows)} micro-batches for k = {k}: the last "
                f"{k - len(rows)} never ran (an off-by-one in the loop?)."
            )
        raise CheckFailed(
            f"{name}() ran the model on {sum(rows)} rows in all ({rows}), but the x it was "
            f"given has {n}: split the arguments x and y (not x_ex, y_ex) and run each "
            "micro-batch once."
        )
    if len(rows) == 1:
        raise CheckFailed(
            f"{name}() ran the model once, on all {n} rows: split x and y into k = {k} "
            "micro-batches and run the model on each."
        )
    if len(rows) != k or len(set(rows)) != 1:
        raise CheckFailed(
            f"For k = {k}, {name}() made micro-batches of {rows} rows: the task asks for k "
            "equal micro-batches (x.split(n) cuts pieces of n rows; x.chunk(k) cuts k pieces)."
        )
    if passes == 1:
        raise CheckFailed(
            f"{name}() called backward() once, on a sum of the micro-batch losses: then every "
            "micro-batch's graph is in memory at once, which accumulation is meant to avoid. "
            "Call backward() on each micro-batch's loss, inside the loop."
        )
    if passes != k:
        raise CheckFailed(
            f"{name}() ran {passes} backward passes for k = {k} micro-batches: one per micro-batch."
        )


def _check_gradient(
    name: str, got: np.ndarray, x: torch.Tensor, y: torch.Tensor, k: int, returned: Any
) -> None:
    # the gradients at the model's (w, b) = (0.5, 0): of all samples, and of the last chunk
    truth = np.array(mse_grad(x, y, 0.5, 0.0))
    last = np.array(mse_grad(x.chunk(k)[-1], y.chunk(k)[-1], 0.5, 0.0))
    old = np.full(2, 3.0)
    only_last = (
        f"Only the last micro-batch's gradient is left: {name}() clears .grad inside the "
        "loop, which wipes what the earlier micro-batches added. Clear it once, before them."
    )
    still_old = (
        f"{name}() returned the gradients, but they must be left in each parameter's .grad "
        "(the optimizer reads them there); .grad still holds the old values."
        if returned is not None
        else "The .grad still holds the values it arrived with: the micro-batches' gradients "
        "never reached .grad."
    )
    verdict(
        got,
        truth,
        [
            (old, still_old),
            (
                k * truth,
                f"Your gradient is k = {k} times the full-batch one: each micro-batch loss is "
                "already a mean over its own rows, so the k of them add up to k means. Scale "
                "each by 1/k (or the summed gradient afterwards).",
            ),
            (
                truth + old,
                "The micro-batches are right, but the .grad the model arrived with is still "
                "in the sum: clear it once, before the first micro-batch.",
            ),
            (
                k * truth + old,
                f"Two parts are off: the old .grad was kept (clear it once, before the loop) "
                f"and the sum is k = {k} times too large (each micro-batch loss is a mean).",
            ),
            (last / k, only_last),
            (last, only_last),
        ],
        _accumulation_fallback(name, got, truth, old, k),
        f" (k = {k}: got {fmt(got)}, expected {fmt(truth)})",
        rtol=1e-4,
    )


def _accumulation_fallback(
    name: str, got: np.ndarray, truth: np.ndarray, old: np.ndarray, k: int
) -> str:
    """Which part of the accumulated gradient is off, never how to compute it."""
    for base, kept in ((got, ""), (got - old, " and the old .grad was kept")):
        ratio = base / truth
        if not (np.all(np.isfinite(ratio)) and np.allclose(ratio, ratio[0], rtol=1e-3)):
            continue
        if ratio[0] < 0:
            return (
                f"The gradient after {name}() points the opposite way to the full-batch one"
                f"{kept}: a sign is flipped. Differentiate the micro-batch losses as loss_fn "
                "returns them, not their negatives."
            )
        return (
            f"The gradient after {name}() points the right way but is {ratio[0]:.3g} times "
            f"the full-batch one{kept}: the scaling of the micro-batch losses is off "
            f"(k = {k}; each micro-batch loss is a mean over its own rows)."
        )
    parts = [
        f"{label} is {'right' if close(g, t, rtol=1e-4) else 'off'}"
        for label, g, t in (("weight.grad", got[0], truth[0]), ("bias.grad", got[1], truth[1]))
    ]
    return f"The gradient after {name}() is not the full-batch gradient: {parts[0]}; {parts[1]}."
