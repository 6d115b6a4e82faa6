"""Checker for lesson 04, Exercise 1: the 5-step training loop, full batch with the MSE and
plain gradient descent, returning each epoch's loss as a float.

The reference is a plain PyTorch loop (``reference_run``); a wrong answer is recognised by the
run of the mistaken loop it matches (``_sgd_run``). Introduced in notebook 04.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import torch

from .._common import (
    close,
    column,
    flat_params,
    fmt,
    line_data,
    line_model,
    need_callable,
    ok,
    reference_run,
    type_and_shape,
)
from .._feedback import CheckFailed, function_name
from ._shared import call_quietly

__all__ = ["check_training_loop"]

START = (0.5, 0.0)  # the model check_training_loop passes starts at w = 0.5, b = 0


def _sgd_run(
    x: torch.Tensor,
    y: torch.Tensor,
    lr: float,
    steps: int,
    *,
    zero_grad: bool = True,
    loss: str = "mean",
    per_sample: bool = False,
    optimizer_class: type[torch.optim.Optimizer] = torch.optim.SGD,
) -> np.ndarray:
    """The final (w, b) of SGD from ``START``: the reference loop and the mistakes' loops
    (``loss``: "mean", "sum", or "broadcast", targets flattened to (N,))."""
    model = line_model(*START)
    optimizer = optimizer_class(model.parameters(), lr=lr)
    chunks = [(x[i : i + 1], y[i : i + 1]) for i in range(len(x))] if per_sample else [(x, y)]
    for _ in range(steps):
        for xb, yb in chunks:
            if zero_grad:
                optimizer.zero_grad()
            diff = model(xb) - (yb.reshape(-1) if loss == "broadcast" else yb)
            value = (diff**2).sum() if loss == "sum" else (diff**2).mean()
            value.backward()
            optimizer.step()
    return flat_params(model)


def _exercise_data() -> tuple[torch.Tensor, torch.Tensor]:
    """The exercises' x_s and y_hw (standardised heights, weights), as the set-up makes them."""
    from ...data import height_weight

    x, y = height_weight()
    return (x - x.mean()) / x.std(correction=0), y


def _loop_mistakes(
    name: str, x: torch.Tensor, y: torch.Tensor, lr: float, epochs: int
) -> list[tuple[np.ndarray, str]]:
    """(the final (w, b) a mistaken loop reaches, its hint), most specific first."""
    x_s, y_hw = _exercise_data()
    run = _sgd_run
    return [
        (
            run(x, y, lr, epochs, zero_grad=False),
            f"{name}() never clears the gradients: backward() adds into .grad, so every step "
            "uses the sum of all past gradients. Clear them every epoch, before backward() "
            "(optimizer.zero_grad()).",
        ),
        (
            run(x, y, lr, 1),
            f"{name}() stopped after the first epoch: is `return losses` indented inside the "
            "loop? Return after the loop.",
        ),
        (run(x, y, lr, epochs - 1), f"{name}() made {epochs - 1} updates instead of {epochs}."),
        (run(x, y, lr, epochs + 1), f"{name}() made {epochs + 1} updates instead of {epochs}."),
        (
            run(x, y, lr, epochs, loss="broadcast"),
            f"In {name}() the targets lost their column: y of shape (N,) against predictions "
            "of shape (N, 1) broadcasts to (N, N). Use y as it is given, (N, 1).",
        ),
        (
            run(x, y, lr, epochs, loss="sum"),
            f"{name}() minimises the SUM of the squared errors: its steps are N = {len(x)} times "
            "too large. The loss is their mean (nn.MSELoss()).",
        ),
        (
            run(x, y, lr, epochs, per_sample=True),
            f"{name}() makes one update per sample. Full batch means one update per epoch, "
            "computed on all of x at once.",
        ),
        *[
            (
                run(x, y, lr, epochs, optimizer_class=kind),
                f"{name}() steps with {kind.__name__}; the task asks for plain gradient descent "
                "(optim.SGD, or the update by hand under torch.no_grad()).",
            )
            for kind in (torch.optim.Adam, torch.optim.RMSprop)
        ],
        (
            run(x_s, y_hw, lr, epochs),
            f"{name}() trained on the notebook's x_s and y_hw, not on its arguments: use the x "
            "and y it is given.",
        ),
        *[
            (
                run(x, y, rate, epochs),
                f"{name}() ignores its lr argument: it stepped as with lr = {rate:g}, not the "
                f"lr = {lr:g} it was given.",
            )
            for rate in (0.1, 0.001, 0.5, 1.0, 3e-6)
        ],
        *[
            (
                run(x, y, lr, n),
                f"{name}() ignores its epochs argument: it made {n} updates, not {epochs}.",
            )
            for n in (10, 20, 30, 100)
        ],
    ]


def _numbers_moved(losses: Any) -> bool:
    """Whether ``losses`` is a list of numbers that are not all the same."""
    if not isinstance(losses, (list, tuple)) or len(losses) < 2:
        return False
    try:
        values = {round(float(v), 6) for v in losses}
    except (TypeError, ValueError, RuntimeError):
        return False
    return len(values) > 1


def _check_loss_list(name: str, losses: Any, truth: list[float], epochs: int) -> None:
    """The returned losses: a list of ``epochs`` floats, each the loss before its update."""
    if losses is None:
        raise CheckFailed(
            f"{name}() returned None: end it with `return losses` (printing the losses does not "
            "return them)."
        )
    if not isinstance(losses, list) or len(losses) != epochs:
        size = f" of length {len(losses)}" if isinstance(losses, (list, tuple)) else ""
        raise CheckFailed(
            f"{name}() should return a list with one loss per epoch ({epochs} floats), got "
            f"{type_and_shape(losses)}{size}."
        )
    for value in losses:
        if isinstance(value, torch.Tensor):
            graph = (
                " A loss tensor that requires grad keeps that epoch's whole graph alive; .item() "
                "detaches the number and lets the graph be freed."
                if value.requires_grad
                else ""
            )
            raise CheckFailed(
                f"{name}() returns a list of tensors; the task asks for floats: append "
                f"loss.item() (or float(loss)).{graph}"
            )
        if isinstance(value, np.ndarray):
            raise CheckFailed(
                f"{name}() returns a list of NumPy arrays; the task asks for floats: append "
                "loss.item()."
            )
        if isinstance(value, bool) or not isinstance(value, (float, np.floating)):
            raise CheckFailed(
                f"{name}() should return floats (loss.item()), got a list holding "
                f"{type_and_shape(value)}."
            )
    got = np.array(losses, dtype=np.float64)
    if close(got, truth, rtol=1e-4):
        return
    if close(got[:-1], truth[1:], rtol=1e-4):
        raise CheckFailed(
            f"The parameters are right, but {name}() records each loss after the update: record "
            "the loss computed in step 2, before backward() and step()."
        )
    raise CheckFailed(
        f"The parameters are right, but the losses {name}() returns are not each epoch's loss "
        f"before its update (got {fmt(got)}, expected {fmt(truth)})."
    )


def check_training_loop(train_fn: Callable[..., Any]) -> None:
    """``train_fn(model, x, y, lr, epochs)`` trains ``model`` full batch with the MSE and plain
    gradient descent (``optim.SGD`` or by hand) and returns each epoch's loss as a float.

    Introduced in notebook 04.
    """
    need_callable(train_fn, "check_training_loop(train_loop)")
    name = function_name(train_fn)
    x, y = (column(v) for v in line_data(20, 9))
    x0, y0 = x.clone(), y.clone()
    lr, epochs = 0.01, 5
    model = line_model(*START)
    losses = call_quietly(train_fn, model, x, y, lr, epochs)
    if (
        x.shape != x0.shape
        or y.shape != y0.shape
        or not (torch.equal(x, x0) and torch.equal(y, y0))
    ):
        raise CheckFailed(
            f"{name}() changed the x or y it was given, in place (x -= ..., unsqueeze_, ...): "
            "leave the caller's data as it is; x - m makes a new tensor."
        )
    got = flat_params(model)
    truth, truth_losses = reference_run(x0, y0, lr, epochs)
    if not close(got, truth, rtol=1e-5):
        if close(got, np.array(START)):
            if _numbers_moved(losses):
                raise CheckFailed(
                    f"The model passed to {name}() did not change, yet the losses it returns "
                    "do: it trained another model. Train the `model` argument, and give the "
                    "optimizer model.parameters()."
                )
            raise CheckFailed(
                f"{name}() left the model where it started: zero_grad() between backward() and "
                "step() wipes the gradient the step needs, or step() is never called. Order: "
                "forward, loss, zero_grad, backward, step."
            )
        hint = next(
            (h for wrong, h in _loop_mistakes(name, x0, y0, lr, epochs) if close(got, wrong)),
            f"After {name}() the model has w, b = {fmt(got)}; {epochs} full-batch steps from the "
            f"same start give {fmt(truth)}. Use the model, x, y, lr and epochs you are given, "
            "the MSE loss, plain gradient descent (no momentum) and one update per epoch.",
        )
        raise CheckFailed(hint)
    _check_loss_list(name, losses, truth_losses, epochs)
    ok("forward, loss, zero_grad, backward, step, and each epoch's loss as a float.")
