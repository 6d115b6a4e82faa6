"""Checker for lesson 03, Exercise 2: the training loop whose gradients were cleared only on
the steps that print, fixed so that every update uses only its own gradient.

The reference is a plain PyTorch loop (``_reference_loop``); an optimizer that counts its
``step()`` calls and a forward pre-hook watch the learner's loop. Introduced in notebook 03.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable
from typing import Any

import numpy as np
import torch
from torch import nn

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

__all__ = ["check_zero_grad_loop"]

LOG_EVERY = 5  # the buggy loop of Exercise 2 clears the gradients only when step % 5 == 0


class _CountingSGD(torch.optim.SGD):
    """Plain SGD that counts its ``step()`` calls: did the learner step the optimizer given?"""

    def __init__(self, params: Any, lr: float) -> None:
        super().__init__(params, lr=lr)
        self.steps_taken = 0

    def step(self, closure: Any = None) -> Any:
        self.steps_taken += 1
        return super().step(closure)


def _reference_loop(
    x: torch.Tensor, y: torch.Tensor, lr: float, steps: int, clear: Callable[[int, str], bool]
) -> tuple[np.ndarray, list[float]]:
    """SGD from w=0.5, b=0 on the MSE; ``clear(step, "start"/"end")`` says whether the
    gradients are cleared at the start of a step or after its update. The final (w, b) and
    the loss of each step."""
    model = line_model(0.5, 0.0)
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    losses = []
    for step in range(steps):
        if clear(step, "start"):
            optimizer.zero_grad()
        loss = nn.functional.mse_loss(model(x), y)
        loss.backward()
        optimizer.step()
        if clear(step, "end"):
            optimizer.zero_grad()
        losses.append(loss.item())
    return flat_params(model), losses


def check_zero_grad_loop(train_fn: Callable[..., Any]) -> None:
    """``train_fn(model, optimizer, loss_fn, x, y, steps)`` runs ``steps`` full-batch SGD
    updates, each with only its own gradient, and returns the loss of each step as floats.

    Introduced in notebook 03 (the loop whose ``zero_grad()`` sat inside the logging ``if``).
    """
    need_callable(train_fn, "check_zero_grad_loop(train_logged)")
    name = getattr(train_fn, "__name__", "your function")
    x, y = (column(v) for v in line_data(16, 7))
    lr, steps = 0.005, 12
    model = line_model(0.5, 0.0)
    rows = rows_seen(model)
    optimizer = _CountingSGD(model.parameters(), lr)
    losses = quietly(train_fn, model, optimizer, nn.MSELoss(), x, y, steps)

    got = flat_params(model)
    moved = not close(got, [0.5, 0.0])
    if not rows:
        raise CheckFailed(
            f"{name}() never ran the model it was given: use its arguments model, optimizer, "
            "loss_fn, x and y (not model_ex, x_ex, y_ex)."
        )
    if any(r != len(x) for r in rows):
        raise CheckFailed(
            f"{name}() ran the model on {' and '.join(map(str, sorted(set(rows))))} rows, but "
            f"the x it was given has {len(x)}: use the arguments x and y (not x_ex, y_ex), the "
            "full batch every step."
        )
    if optimizer.steps_taken == 0:
        raise CheckFailed(
            f"{name}() never called step() on the optimizer it was given"
            + (
                ": the parameters moved, so another optimizer did it. Use the argument "
                "optimizer; do not build a new one inside the function."
                if moved
                else ", so nothing was updated."
            )
        )
    if optimizer.steps_taken != steps:
        raise CheckFailed(
            f"{name}() called optimizer.step() {optimizer.steps_taken} times for "
            f"steps={steps}: one update per step, for step in range(steps)."
        )

    def at_logging(where: str) -> Callable[[int, str], bool]:
        return lambda step, when: when == where and step % LOG_EVERY == 0

    truth, true_losses = _reference_loop(x, y, lr, steps, lambda _s, when: when == "start")
    only_when_logging = (
        f"The gradients are still cleared only on the steps that print (step % {LOG_EVERY} == "
        "0): in between, backward() adds each new gradient to the old ones. The clearing "
        "must happen on every step, not inside the `if`."
    )
    mistakes = [
        (_reference_loop(x, y, lr, steps, lambda _s, _w: False)[0], _never_hint(name)),
        (_reference_loop(x, y, lr, steps, at_logging("end"))[0], only_when_logging),
        (_reference_loop(x, y, lr, steps, at_logging("start"))[0], only_when_logging),
        (
            np.array([0.5, 0.0]),
            f"step() ran {steps} times but the parameters did not move: the gradients are "
            "cleared between backward() and step(), so every step finds an empty .grad. Clear "
            "them before backward() (or after step()), never in between.",
        ),
    ]
    verdict(got, truth, mistakes, _loop_fallback(name, losses, true_losses), rtol=1e-5)
    _check_losses(name, losses, true_losses)
    ok(
        f"{name}() clears the gradients on every step, so each update uses only its own "
        "gradient (the losses fall and settle)."
    )


def _never_hint(name: str) -> str:
    return (
        f"{name}() never clears the gradients: backward() ADDS into .grad, so every step "
        "uses the sum of all past gradients. Every step needs its own clearing, before "
        "backward() or after step()."
    )


def _first_difference(losses: Any, true_losses: list[float]) -> int | None:
    """The first step whose recorded loss differs from the reference, when ``losses`` is a
    list of numbers of the right length; else None."""
    try:
        got = [float(v.detach()) if isinstance(v, torch.Tensor) else float(v) for v in losses]
    except (TypeError, ValueError, RuntimeError):
        return None
    if len(got) != len(true_losses):
        return None
    return next(
        (i for i, (a, b) in enumerate(zip(got, true_losses)) if not close(a, b, rtol=1e-4)),
        None,
    )


def _loop_fallback(name: str, losses: Any, true_losses: list[float]) -> str:
    first = _first_difference(losses, true_losses)
    where = (
        f" Your losses agree up to step {first - 1} and differ from step {first} on: look at "
        f"what the update before step {first} used."
        if first
        else ""
    )
    return (
        f"After {name}() the parameters differ from SGD where each step uses only its own "
        f"gradient, on the model, optimizer, loss_fn, x and y it was given.{where}"
    )


def _check_losses(name: str, losses: Any, true_losses: list[float]) -> None:
    """The returned list: ``steps`` floats, the loss each step computed before its update."""
    if losses is None:
        raise CheckFailed(
            f"The loop is right, but {name}() returned None: return the list losses "
            "(printing the losses does not return them)."
        )
    if not isinstance(losses, (list, tuple)) or len(losses) != len(true_losses):
        raise CheckFailed(
            f"{name}() should return a list of {len(true_losses)} losses, one per step; got "
            f"{type(losses).__name__}"
            + (f" of length {len(losses)}." if hasattr(losses, "__len__") else ".")
        )
    if any(isinstance(v, torch.Tensor) for v in losses):
        raise CheckFailed(
            f"{name}() returned a list of tensors: append loss.item() (a float). A loss tensor "
            "keeps its whole graph alive, and the task asks for floats."
        )
    if not all(isinstance(v, numbers.Real) and not isinstance(v, bool) for v in losses):
        kinds = sorted({type(v).__name__ for v in losses})
        raise CheckFailed(f"{name}() should return floats, got {', '.join(kinds)}.")
    got = np.array(losses, dtype=float)
    if close(got, true_losses, rtol=1e-4):
        return
    if close(got[:-1], true_losses[1:], rtol=1e-4):
        raise CheckFailed(
            f"The parameters are right, but each loss in the list is the one of the NEXT step: "
            f"{name}() should record the loss each step computed, before its update."
        )
    raise CheckFailed(
        f"The parameters are right, but the returned losses are not the losses of each step "
        f"(got {fmt(got[:3])}...): append the loss that each step computed."
    )
