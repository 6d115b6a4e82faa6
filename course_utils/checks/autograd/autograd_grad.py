"""Checker for lesson 02, Exercise 1: the gradient of the MSE computed by autograd, right on
every call of a training loop (fresh tensors, the same tensors again, tensors that arrive
holding a ``.grad``).

The reference gradient comes from ``course_utils.gradients.mse_grad``. Introduced in
notebook 02.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import torch

from ...gradients import mse_grad
from .._common import (
    SHAPE_HINT,
    close,
    column,
    fmt,
    learner_number,
    line_data,
    need_callable,
    ok,
    type_and_shape,
)
from .._feedback import CheckFailed, call_learner
from ._shared import B_EX, W_EX, code_names, exercise_data

__all__ = ["check_autograd_grad"]


def _param(value: float, grad: float | None, calls: dict[str, int], name: str) -> torch.Tensor:
    """A scalar leaf that counts the gradients autograd computes for it."""
    p = torch.tensor(value, requires_grad=True)
    if grad is not None:
        p.grad = torch.tensor(grad)  # left over from an earlier backward()
    p.register_hook(lambda g: calls.__setitem__(name, calls[name] + 1))
    return p


def _grads_returned(got: Any, name: str) -> np.ndarray:
    """The two numbers the learner returned, with a hint naming what is missing."""
    if got is None:
        raise CheckFailed(
            f"{name}() returned None: end it with `return` and the two gradients "
            "(print shows them but hands nothing back)."
        )
    if isinstance(got, torch.Tensor) and got.ndim == 1:
        got = list(got)
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        raise CheckFailed(
            f"{name}() should return two numbers, dL/dw and dL/db (return dw, db), "
            f"got {type_and_shape(got)}."
        )
    for g, p in zip(got, "wb"):
        if g is None:
            raise CheckFailed(
                f"{name}() returned None for dL/d{p}: {p}.grad stays None until a backward() "
                f"reaches {p}. Read it after backward(), and build the loss from {p} itself "
                f"with tensor operations ({p}.item() or {p}.detach() cuts {p} out of the graph)."
            )
    return np.array([learner_number(g, f"dL/d{p}") for g, p in zip(got, "wb")])


def _call_grads(fn: Callable[..., Any], name: str, *args: Any) -> Any:
    try:
        return call_learner(fn, *args)
    except CheckFailed as exc:
        if "object has no attribute 'zero_'" in str(exc):
            raise CheckFailed(
                f"{str(exc).splitlines()[0]}\nA fresh w has w.grad None until its first "
                "backward(): there is nothing to zero yet, and zero_() on None fails."
            ) from None
        raise


def check_autograd_grad(fn: Callable[..., Any]) -> None:
    """``fn(x, y, w, b)`` returns (dL/dw, dL/db) of the MSE at leaf tensors ``w``, ``b``, computed
    by autograd.

    Called as a training loop calls it: on fresh ``w`` and ``b``, again on the same tensors with
    new values, and on tensors that arrive holding a ``.grad`` from an earlier backward().
    Every call must give the gradient at the current values, and autograd must compute it.
    Introduced in notebook 02.
    """
    need_callable(fn, "check_autograd_grad(autograd_grads)")
    name = getattr(fn, "__name__", "your function")
    x_ex, y_ex = exercise_data()
    calls = {"w": 0, "b": 0}
    w = b = None
    previous = None
    # (kind, n, seed, w0, b0, what w.grad and b.grad hold on arrival in a "stale" call)
    for kind, n, seed, w0, b0, stale in [
        ("fresh", 8, 5, 1.5, 0.5, None),
        ("again", 11, 6, -0.5, 2.0, None),
        ("stale", 9, 4, 1.0, -0.5, (3.0, -2.0)),
    ]:
        x, y = line_data(n, seed)
        if kind == "again":
            with torch.no_grad():  # the next step of a loop: new values, .grad as left
                w.fill_(w0)
                b.fill_(b0)
        else:
            w = _param(w0, stale and stale[0], calls, "w")
            b = _param(b0, stale and stale[1], calls, "b")
        xt, yt = column(x), column(y)
        got = _grads_returned(_call_grads(fn, name, xt, yt, w, b), name)
        if not (torch.equal(xt, column(x)) and torch.equal(yt, column(y))):
            raise CheckFailed(
                f"{name}() changed x or y in place: it should only read them, as a training "
                "loop reuses them on every step."
            )
        if (w.item(), b.item()) != (w0, b0):  # all exact in float32
            raise CheckFailed(
                f"{name}() changed w or b (w = {w0} became {w.item():.4g}): it should only "
                "compute the gradient; the update step belongs to the training loop."
            )
        truth = np.array(mse_grad(x, y, w0, b0))
        pairs = (w0 * x + b0)[:, None] - y[None, :]  # (N, 1) - (N,) broadcast to (N, N)
        at = f"w = {w0}, b = {b0}"
        mistakes = [
            (
                np.zeros(2),
                f"{name}() returned 0 for dL/dw and dL/db, but at {at} the gradient is not 0: "
                ".grad was zeroed after backward() filled it. zero_() works in place, so a "
                "w.grad you return is zeroed with it.",
            ),
            (
                previous + truth if kind == "again" else None,
                f"{name}() is right on the first call but not on the second: called again with "
                "the same w and b, it returned the first call's gradient plus the new one. "
                "backward() adds into .grad rather than replacing it: make sure no old "
                "gradient can get into your answer.",
            ),
            (
                truth + stale if stale else None,
                f"{name}() is right when w and b arrive without a .grad, but here w.grad "
                f"already held {stale and stale[0]} and b.grad {stale and stale[1]} from "
                "earlier, and your answer includes them: clearing .grad after backward() is "
                "too late for a w that arrives with one.",
            ),
            (
                np.array(stale) if stale else None,
                f"These are the values w.grad and b.grad held before {name}() was called: "
                "read them after loss.backward() has computed the gradient.",
            ),
            (
                n * truth,
                f"The gradient is N = {n} times too large: your loss sums the squared errors "
                "over the samples; the MSE is their mean.",
            ),
            (np.array([2.0 * np.mean(pairs * x[:, None]), 2.0 * np.mean(pairs)]), SHAPE_HINT),
            (truth[::-1], "dL/dw and dL/db are swapped: return them in the order (dw, db)."),
            (
                -truth,
                f"{name}() returned minus the gradient (the direction of an update step): "
                "return the gradient itself, as backward() leaves it in .grad.",
            ),
            (
                truth / 2,
                "Half the gradient: your loss is half the mean of the squared errors; the task "
                "asks for the MSE itself.",
            ),
            (
                np.array(mse_grad(x, y, W_EX, B_EX)),
                f"{name}() computed the gradient at w_ex, b_ex ({W_EX}, {B_EX}), not at the w "
                "and b it was given: use its arguments.",
            ),
            (
                np.array(mse_grad(x_ex, y_ex, w0, b0)),
                f"{name}() computed the gradient on x_ex and y_ex (the notebook's data), not on "
                "the x and y it was given: use its arguments.",
            ),
            (
                np.array(mse_grad(x_ex, y_ex, W_EX, B_EX)),
                f"{name}() computed the gradient of the notebook's x_ex, y_ex, w_ex, b_ex, not "
                "of the x, y, w and b it was given: use its arguments.",
            ),
        ]
        if not close(got, truth, rtol=1e-3):
            hint = next(
                (h for wrong, h in mistakes if wrong is not None and close(got, wrong, rtol=1e-3)),
                None,
            )
            if hint is None:
                right = [close(g, t, rtol=1e-3) for g, t in zip(got, truth)]
                part = {
                    (True, False): "dL/db is off; dL/dw is right",
                    (False, True): "dL/dw is off; dL/db is right",
                }.get(tuple(right), "dL/dw and dL/db are both off")
                hint = (
                    f"{part}. The loss is the mean of the squared errors of w*x + b against y; "
                    "let autograd differentiate it."
                )
            raise CheckFailed(f"{hint} (at {at}: got {fmt(got)}, expected {fmt(truth)})")
        previous = truth
    used = code_names(fn.__code__) if hasattr(fn, "__code__") else set()
    if not (calls["w"] and calls["b"]) and not used & {"backward", "autograd", "func"}:
        raise CheckFailed(
            f"{name}() returns the right numbers, but autograd never computed a gradient for w "
            "and b. The exercise is to let autograd (loss.backward() or torch.autograd.grad) do "
            "the calculus, not a formula."
        )
    ok(f"{name}() gives the gradient at the current w and b on every call, whatever .grad held.")
