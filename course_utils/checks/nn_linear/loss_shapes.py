"""Checker for lesson 04, Exercise 3: an MSE loss that does not broadcast (N, 1) predictions
against (N,) targets, returned as a tensor with a graph to the predictions.

The reference is computed with NumPy. Introduced in notebook 04.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable
from typing import Any

import numpy as np
import torch

from .._common import close, column, line_data, need_callable, ok, type_and_shape
from .._feedback import CheckFailed, function_name
from ._shared import call_quietly

__all__ = ["check_loss_shapes"]

LOSS_FIXES = [
    (
        "leaf Variable that requires grad",
        "Do not change y_pred in place (y_pred.squeeze_(), y_pred -= ...): y_pred.reshape(...) "
        "returns a new tensor and keeps the graph.",
    ),
]


def _loss_value(name: str, out: Any) -> float:
    """The learner's loss as a number; it must be a one-element tensor."""
    if not isinstance(out, torch.Tensor):
        if out is None:
            raise CheckFailed(f"{name}() returned None: a missing `return`?")
        if isinstance(out, (numbers.Number, np.ndarray, np.number)):
            raise CheckFailed(
                f"{name}() returns a {type(out).__name__}, not a tensor: after .item(), float() "
                "or NumPy there is no graph, so loss.backward() cannot run. Return the tensor "
                "that torch computed."
            )
        raise CheckFailed(f"{name}() should return a tensor, got {type_and_shape(out)}.")
    if out.numel() != 1:
        raise CheckFailed(
            f"{name}() returns {out.numel()} values (shape {tuple(out.shape)}), not one loss: "
            "average over the samples."
        )
    return float(out.detach().double().reshape(()))


def _loss_mistakes(pred: np.ndarray, y: np.ndarray) -> list[tuple[float, str]]:
    """(the value a mistaken loss returns, what is wrong with it)."""
    mse = float(np.mean((pred - y) ** 2))
    return [
        (
            float(np.mean((pred[:, None] - y[None, :]) ** 2)),
            "the predictions and targets still broadcast to (N, N), so every prediction is "
            "compared with every target. Give y the predictions' shape before comparing, "
            "whatever shape it arrives in.",
        ),
        (
            len(y) * mse,
            f"that is N = {len(y)} times the MSE: you summed over the samples; take the mean.",
        ),
        (math.sqrt(mse), "that is the root of the MSE (RMSE): drop the square root."),
        (mse / 2, "that is half the MSE: drop the factor 1/2."),
        (
            float(np.mean(np.abs(pred - y))),
            "that is the mean ABSOLUTE error: square the differences.",
        ),
    ]


def check_loss_shapes(loss_fn: Callable[..., Any]) -> None:
    """``loss_fn(y_pred, y)``: the MSE, as a tensor with a graph to ``y_pred``, for (N, 1)
    predictions and (N,) or (N, 1) targets, without changing its inputs.

    Introduced in notebook 04.
    """
    need_callable(loss_fn, "check_loss_shapes(mse_loss_fixed)")
    name = function_name(loss_fn)
    x, y = line_data(6, 10)
    pred = 1.8 * x + 2.0
    truth = float(np.mean((pred - y) ** 2))
    wrong: dict[str, float] = {}
    for target in (torch.tensor(y, dtype=torch.float32), column(y)):
        shape = str(tuple(target.shape))
        y_pred = column(pred).requires_grad_()
        kept = (y_pred.detach().clone(), target.clone())
        out = call_quietly(loss_fn, y_pred, target, fixes=LOSS_FIXES)
        if (y_pred.shape, target.shape) != (kept[0].shape, kept[1].shape) or not (
            torch.equal(y_pred.detach(), kept[0]) and torch.equal(target, kept[1])
        ):
            raise CheckFailed(
                f"{name}() changed the y_pred or y it was given, in place (unsqueeze_, "
                "resize_, y -= ...): the caller's tensors must stay as they were. y.reshape(...) "
                "returns a reshaped tensor and leaves y alone."
            )
        got = _loss_value(name, out)
        if not close(got, truth, rtol=1e-4):
            wrong[shape] = got
            continue
        if out.grad_fn is None:
            raise CheckFailed(
                f"{name}() returns the right value, but as a tensor without a graph (torch.tensor"
                "(...), .detach() or NumPy cut it): backward() cannot reach y_pred. Compute it "
                "from y_pred with torch operations."
            )
        try:
            out.reshape(()).backward()
        except RuntimeError as exc:
            raise CheckFailed(f"backward() on what {name}() returns failed: {exc}") from None
        expected = column(2.0 * (pred - y) / len(y))
        if y_pred.grad is None or not close(y_pred.grad, expected, rtol=1e-4):
            raise CheckFailed(
                f"{name}() returns the right value, but its gradient does not reach y_pred as "
                "the MSE's would: compute the loss from y_pred itself, not from a copy."
            )
    if not wrong:
        ok("targets reshaped to the predictions' shape: no silent (N, N) broadcast.")
        return
    shape, got = next(iter(wrong.items()))
    hint = next(
        (h for value, h in _loss_mistakes(pred, y) if close(got, value, rtol=1e-4)),
        "none of the usual slips (a sum, a root, absolute values, a broadcast). Print the "
        "shapes of y_pred, y and their difference.",
    )
    right = [s for s in ("(6,)", "(6, 1)") if s not in wrong]
    where = (
        f"{name}() is right for targets of shape {right[0]}, but for shape {shape} "
        if right
        else f"For targets of shape (6,) and (6, 1) alike, {name}() "
    )
    raise CheckFailed(f"{where}returns {got:.4g}, not the MSE {truth:.4g}: {hint}")
