"""Checkers for lesson 02, autograd: the gradient of the MSE from ``loss.backward()``, and
NumPy arrays turned into float32 tensors.

The reference gradient comes from ``course_utils.gradients.mse_grad``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import torch

from ..gradients import mse_grad
from ._common import (
    SHAPE_HINT,
    ZERO_GRAD_HINT,
    column,
    fmt,
    learner_numbers,
    line_data,
    need_callable,
    ok,
    sum_hint,
    type_and_shape,
    verdict,
)
from ._feedback import CheckFailed, call_learner

__all__ = ["check_autograd_grad", "check_float32_tensor"]


def check_autograd_grad(fn: Callable[..., Any]) -> None:
    """``fn(x, y, w, b)`` returns (dL/dw, dL/db) of the MSE at leaf tensors ``w``, ``b`` via
    autograd.

    Called twice with the same ``w`` and ``b`` (as in a loop), which start with a stale
    ``.grad``. Introduced in notebook 02.
    """
    need_callable(fn, "check_autograd_grad(autograd_grads)")
    w = torch.tensor(0.0, requires_grad=True)
    b = torch.tensor(0.0, requires_grad=True)
    w.grad, b.grad = torch.tensor(3.0), torch.tensor(-2.0)  # left over from an earlier backward()
    past = np.array([3.0, -2.0])
    for n, seed, w0, b0 in [(8, 5, 0.5, -1.0), (11, 6, 1.5, 0.5)]:
        x, y = line_data(n, seed)
        with torch.no_grad():
            w.fill_(w0)
            b.fill_(b0)
        got = learner_numbers(
            call_learner(fn, column(x), column(y), w, b),
            2,
            "The returned gradients",
            "return dw, db",
        )
        truth = np.array(mse_grad(x, y, w0, b0))
        pairs = (w0 * x + b0)[:, None] - y[None, :]  # the (N, N) broadcast
        verdict(
            got,
            truth,
            [
                (
                    past,
                    "These are the values that were already in .grad: call loss.backward() "
                    "before reading w.grad and b.grad.",
                ),
                (past + truth, ZERO_GRAD_HINT),
                (n * truth, sum_hint(n)),
                (np.array([2.0 * np.mean(pairs * x[:, None]), 2.0 * np.mean(pairs)]), SHAPE_HINT),
                (
                    truth / 2,
                    "Half the true gradient: did you differentiate (w*x + b - y) instead of its "
                    "square?",
                ),
            ],
            "Not the gradient of mean((w*x + b - y)**2): build the loss from w and b with tensor "
            "operations, call loss.backward(), read w.grad and b.grad; compare with mse_grad.",
            f" (call with w={w0}, b={b0}: got {fmt(got)}, expected {fmt(truth)})",
            rtol=1e-3,
        )
        past = past + truth
    ok("loss.backward() gives the same gradient as the formula, once .grad is cleared first.")


def check_float32_tensor(fn: Callable[[np.ndarray], Any]) -> None:
    """``fn(a)`` turns a NumPy array into a float32 tensor of the same shape.

    Introduced in notebook 02.
    """
    need_callable(fn, "check_float32_tensor(to_float32)")
    for a in [
        np.linspace(0.0, 1.0, 5),
        np.arange(6).reshape(3, 2),
        np.array([[1.5], [2.5]]),
        np.array([1.0, 2.0], dtype=np.float32),
    ]:
        got = call_learner(fn, a.copy())
        where = f" (input: {a.dtype} array of shape {a.shape})"
        if isinstance(got, np.ndarray):
            raise CheckFailed(
                "You returned a NumPy array; return a torch.Tensor, e.g. "
                "torch.as_tensor(a, dtype=torch.float32)." + where
            )
        if not isinstance(got, torch.Tensor):
            raise CheckFailed(f"Return a torch.Tensor, got {type_and_shape(got)}." + where)
        if got.dtype == torch.float64:
            raise CheckFailed(
                "Your tensor is float64: torch.from_numpy and torch.tensor keep NumPy's float64. "
                "Models hold float32 weights (nn.Linear on float64 input raises 'mat1 and mat2 "
                "must have the same dtype'), and float32 needs half the memory. Use "
                "torch.as_tensor(a, dtype=torch.float32) or torch.from_numpy(a).float()." + where
            )
        if not got.is_floating_point():
            raise CheckFailed(
                f"Your tensor is {got.dtype}: an integer array stays integer, and integer tensors "
                "cannot require gradients. Ask for dtype=torch.float32 explicitly." + where
            )
        if got.dtype != torch.float32:
            raise CheckFailed(f"Your tensor is {got.dtype}; the course uses torch.float32." + where)
        if tuple(got.shape) != a.shape:
            raise CheckFailed(
                f"The shape changed to {tuple(got.shape)}: convert the dtype only "
                "and keep the shape." + where
            )
        if not np.allclose(got.detach().cpu().numpy(), a):
            raise CheckFailed("The values changed: convert the dtype, keep the numbers." + where)
    ok("float32 tensors of the same shape and values, whatever NumPy dtype came in.")
