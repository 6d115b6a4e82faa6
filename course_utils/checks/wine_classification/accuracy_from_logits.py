"""Checker for lesson 08, Exercise 2: the accuracy computed from logits, the fraction of rows
whose largest logit is at the true class.

The reference is a loop over rows (``_true_accuracy``). Introduced in notebook 08.
"""

from __future__ import annotations

import contextlib
import io
import math
import numbers
from collections.abc import Callable
from typing import Any

import numpy as np
import torch

from .._common import need_callable, ok, type_and_shape
from .._feedback import CheckFailed, call_learner

__all__ = ["check_accuracy_from_logits"]


def _cases() -> list[tuple[torch.Tensor, torch.Tensor]]:
    """(logits, y) pairs: a square one (N = 3 = classes, where argmax(dim=0) runs), random ones
    whose accuracies (1/3, 3/4, 4/5) keep every mistake apart."""
    gen = torch.Generator().manual_seed(12)
    square = torch.tensor([[1.0, 5.0, 0.0], [0.0, 4.0, 3.0], [2.0, 0.0, 1.0]])
    five = torch.tensor(
        [[0.2, -1.0, 3.1], [2.5, 0.1, -0.3], [0.0, 1.7, 0.4], [-2.0, -0.5, -1.1], [1.2, 0.9, 2.2]]
    )
    return [
        (square, torch.tensor([1, 2, 2])),
        (torch.randn(8, 3, generator=gen) * 2, torch.tensor([2, 2, 1, 0, 2, 1, 0, 0])),
        (five, torch.tensor([2, 0, 1, 1, 0])),
    ]


def _true_accuracy(logits: torch.Tensor, y: torch.Tensor) -> float:
    """A loop over rows: the row's largest logit at its label."""
    rows = logits.tolist()
    return sum(row.index(max(row)) == int(t) for row, t in zip(rows, y)) / len(rows)


def _mistakes(name: str) -> list[tuple[Callable[[torch.Tensor, torch.Tensor], float], str]]:
    def mean(t: torch.Tensor) -> float:
        return float(t.double().mean())

    return [
        (
            lambda z, y: mean(z.argmax(dim=0) == y) if len(y) == z.shape[1] else math.nan,
            "argmax(dim=0) picks, for each class, the row with its largest logit. Accuracy needs, "
            "for each row, the class with the largest logit: the other dimension.",
        ),
        (
            lambda z, y: mean(z.argmax(dim=1, keepdim=True) == y),
            "keepdim=True leaves the predictions with shape (N, 1); compared with y of shape (N,) "
            "that broadcasts to an (N, N) table of every prediction against every label.",
        ),
        (
            lambda z, y: mean(z.argmax() == y),
            "argmax() without a dim gives one index into the flattened logits, not one class "
            "per row. Say along which dimension to look.",
        ),
        (
            lambda z, y: mean(z.argmax(dim=1) + 1 == y),
            "Your predictions are shifted by one: argmax gives positions 0, 1, 2, and the labels "
            "in y count from 0 too. Compare them as they are.",
        ),
        (
            lambda z, y: mean(z.argmin(dim=1) == y),
            "That picks the smallest logit of each row; the prediction is the largest.",
        ),
        (
            lambda z, y: float((z.argmax(dim=1) == y).sum()) / z.shape[1],
            f"{name}() divides by the number of classes (logits.shape[1]); a fraction of rows "
            "divides by the number of rows.",
        ),
        (
            lambda z, y: mean(z.argmax(dim=1)[:-1] == y[:-1]),
            f"{name}() leaves out the last row: an off-by-one in a range() or a slice?",
        ),
        (
            lambda z, y: mean(z.argmax(dim=1)[1:] == y[1:]),
            f"{name}() leaves out the first row: an off-by-one in a range() or a slice?",
        ),
        (
            lambda z, y: float((z.argmax(dim=1) == y).sum()),
            f"{name}() returns the number of correct rows; the task asks for the fraction of rows.",
        ),
        (
            lambda z, y: 100 * mean(z.argmax(dim=1) == y),
            f"{name}() returns a percentage; the task asks for a fraction between 0 and 1.",
        ),
        (
            lambda z, y: mean(z.argmax(dim=1) != y),
            f"{name}() returns the error rate, the fraction of rows it gets wrong.",
        ),
    ]


def _translate(failed: CheckFailed, name: str) -> CheckFailed:
    """A lesson-specific fix for the errors an accuracy function raises."""
    cause = failed.__context__
    text = str(cause) if cause is not None else ""
    first = str(failed).splitlines()[0]
    if isinstance(cause, RuntimeError) and "Bool" in text and "dtype" in text:
        fix = (
            "Comparing predictions with y gives a bool tensor (True/False), and .mean() is not "
            "defined for bools: turn them into numbers first (.float())."
        )
    elif isinstance(cause, RuntimeError) and "size of tensor" in text:
        fix = (
            "The predictions and y do not have the same shape. The predictions should hold one "
            "class per row of logits, shape (N,) like y: print their .shape."
        )
    else:
        return failed
    return CheckFailed(f"{first}\n{fix}")


def _returned_number(out: Any, name: str, printed: str) -> float:
    if out is None:
        if printed:
            return_hint = f"printed {printed.splitlines()[-1][:40]!r} but returned None"
            raise CheckFailed(f"{name}() {return_hint}: `return` the accuracy, do not print it.")
        raise CheckFailed(f"{name}() returned None: is the `return` missing?")
    if isinstance(out, torch.Tensor) and out.numel() == 1:
        out = out.detach().item()
    if isinstance(out, np.ndarray) and out.size == 1:
        out = out.item()
    if isinstance(out, bool) or not isinstance(out, numbers.Real):
        raise CheckFailed(
            f"{name}() should return one number, the fraction of rows classified right; it "
            f"returned {type_and_shape(out)}."
        )
    return float(out)


def check_accuracy_from_logits(fn: Callable[..., Any]) -> None:
    """``fn(logits, y)``: the fraction of rows whose largest logit is at the true class, without
    changing ``logits`` or ``y``.

    Introduced in notebook 08.
    """
    need_callable(fn, "check_accuracy_from_logits(accuracy_from_logits)")
    name = getattr(fn, "__name__", "your function")
    if name == "<lambda>":
        name = "your function"
    got, truths, mistakes = [], [], _mistakes(name)
    for logits, y in _cases():
        z_in, y_in = logits.clone(), y.clone()
        printed = io.StringIO()
        try:
            with contextlib.redirect_stdout(printed):
                out = call_learner(fn, z_in, y_in)
        except CheckFailed as failed:
            dim0 = mistakes[0]
            if len(got) == 1 and math.isclose(got[0], dim0[0](*_cases()[0]), abs_tol=1e-6):
                raise CheckFailed(dim0[1]) from None  # argmax(dim=0) has the right shape at N=3
            raise _translate(failed, name) from None
        for given, kept, what in ((z_in, logits, "logits"), (y_in, y, "y")):
            if not torch.equal(given, kept):
                raise CheckFailed(
                    f"{name}() changed {what} in place: the caller's tensor is not the same "
                    f"afterwards. Compute on new tensors and leave {what} as it was."
                )
        got.append(_returned_number(out, name, printed.getvalue().strip()))
        truths.append(_true_accuracy(logits, y))
    if np.allclose(got, truths, rtol=1e-5, atol=1e-6):
        ok(
            "argmax over the classes (dim=1); a softmax first would change nothing, it keeps "
            "the order."
        )
        return
    for mistake, hint in mistakes:
        wrong = [mistake(*c) for c in _cases()]
        if np.allclose(got, wrong, rtol=1e-5, atol=1e-6):
            raise CheckFailed(hint)
    floor = [math.floor(t + 1e-9) for t in truths]  # what `count // n` gives: 0, or 1 if all match
    if np.allclose(got, floor) and not np.allclose(truths, floor):
        raise CheckFailed(
            f"{name}() returns whole numbers ({got[0]:.4g} where the fraction is {truths[0]:.4g}): "
            "integer division (//) rounds the fraction down. Divide with / instead."
        )
    if len(set(np.round(got, 6))) == 1:
        raise CheckFailed(
            f"{name}() returns {got[0]:.4g} whatever logits and y it is given: compute the "
            "accuracy from its arguments logits and y, not from the notebook's variables."
        )
    i = next(i for i, (g, t) in enumerate(zip(got, truths)) if not math.isclose(g, t, abs_tol=1e-6))
    n = len(_cases()[i][1])
    if not 0 <= got[i] <= 1:
        part = "an accuracy is a fraction between 0 and 1."
    else:
        part = (
            "check the predictions (one class per row: where its largest logit is) and how "
            "you count the matches with y."
        )
    raise CheckFailed(
        f"For {n} rows {name}() returned {got[i]:.4g}; the right fraction is {truths[i]:.4g}: "
        f"{part}"
    )
