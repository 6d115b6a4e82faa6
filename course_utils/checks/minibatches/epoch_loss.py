"""Checker for lesson 06, Exercise 1: the mean loss per sample of an epoch, from the batch
losses (each a mean over its batch) and the batch sizes.

The reference is the full-data loss of a model held fixed, or the plain mean over every sample
(each batch loss repeated once per sample). Introduced in notebook 06.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable
from typing import Any

import numpy as np
import torch
from torch import nn

from .._common import close, column, line_data, line_model, need_callable, ok
from .._feedback import CheckFailed, param_names
from ._shared import call_capturing, globals_hint, no_return, same_answer

__all__ = ["check_epoch_loss"]


def _real_epoch() -> tuple[list[float], list[int], float]:
    """One epoch of batches of 16 over 100 points (the last batch holds 4), the parameters held
    fixed: the batch losses, the batch sizes, and the full-data loss they must give."""
    from torch.utils.data import DataLoader, TensorDataset

    x, y = line_data(100, seed=6)
    xt, yt = column(x), column(y)
    model, loss_fn = line_model(1.5, 0.5), nn.MSELoss()
    loader = DataLoader(
        TensorDataset(xt, yt),
        batch_size=16,
        shuffle=True,
        generator=torch.Generator().manual_seed(6),
    )
    with torch.no_grad():
        stats = [(loss_fn(model(xb), yb).item(), len(xb)) for xb, yb in loader]
        full = loss_fn(model(xt), yt).item()
    return [loss for loss, _ in stats], [size for _, size in stats], full


def _epoch_cases() -> list[tuple[list[float], list[int], float]]:
    cases = [_real_epoch()]
    for losses, sizes in [
        ([4.0, 2.0, 1.0, 9.0], [16, 16, 16, 4]),
        ([0.5, 3.0, 1.5], [10, 10, 3]),
        ([2.5], [7]),
    ]:
        per_sample = np.repeat(np.array(losses), sizes)  # every sample's share of its batch's mean
        cases.append((losses, sizes, float(per_sample.mean())))
    return cases


def _as_loss(value: Any, name: str) -> float:
    """The learner's epoch loss as a float; the task asks for a number, not a tensor or array."""
    if isinstance(value, torch.Tensor):
        graph = (
            " that still requires grad: it keeps the graph of every batch alive in a history"
            if value.requires_grad
            else ""
        )
        raise CheckFailed(
            f"{name}() returned a tensor{graph}. The task asks for a float: turn the tensor into "
            "a Python number before returning it (.item())."
        )
    if isinstance(value, np.ndarray):
        raise CheckFailed(
            f"{name}() returned a NumPy array of shape {value.shape}: return one float "
            "(float(...))."
        )
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise CheckFailed(
            f"{name}() should return one number, the epoch's mean loss; it returned a "
            f"{type(value).__name__}."
        )
    return float(value)


def _epoch_mistakes(
    losses: list[float], sizes: list[int], names: tuple[str, str]
) -> list[tuple[Any, str]]:
    ls, s = np.array(losses), np.array(sizes, dtype=float)
    losses_name, sizes_name = names
    k, n = len(ls), int(s.sum())
    weighted = np.sum(ls * s)
    mistakes: list[tuple[Any, str]] = [
        (
            ls.mean(),
            f"That is the plain mean of {losses_name}: the last batch ({sizes[-1]} samples) "
            f"counts as much as a full one ({sizes[0]}). Each batch loss is a mean over its own "
            "samples: give each batch the weight of the samples it holds.",
        ),
        (
            weighted,
            f"That is the total loss of all {n} samples; the task asks for the mean per sample.",
        ),
        (
            weighted / k,
            f"You divided by the number of batches ({k}); the mean is per sample, and the "
            f"epoch has {n} samples.",
        ),
        (
            ls.sum(),
            f"You added up {losses_name}: each is already a mean over its batch. Weight them by "
            f"{sizes_name} and turn the total into a mean per sample.",
        ),
    ]
    if sizes[-1] != sizes[0]:
        mistakes.append(
            (
                weighted / (k * sizes[0]),
                f"You divided by {k} x {sizes[0]} = {k * sizes[0]} samples, as if every batch "
                f"were full; the last one holds {sizes[-1]}. Count the samples from {sizes_name}.",
            )
        )
    if k > 1:
        mistakes += [
            (
                np.sum(ls[:-1] * s[:-1]) / np.sum(s[:-1]),
                "Your answer leaves out the last batch: an off-by-one in a range() or a slice?",
            ),
            (
                np.sum(ls[1:] * s[1:]) / np.sum(s[1:]),
                "Your answer leaves out the first batch: an off-by-one in a range() or a slice?",
            ),
        ]
    truth = weighted / n
    if truth != math.floor(truth):
        mistakes.append(
            (
                math.floor(truth),
                "Your answer is rounded down to a whole number: floor division `//` instead "
                "of `/`?",
            )
        )
    return mistakes


def check_epoch_loss(fn: Callable[..., Any]) -> None:
    """``fn(batch_losses, batch_sizes)``: the mean loss per sample of an epoch, from the batch
    losses (each a mean over its batch) and the batch sizes, returned as a float; the lists are
    left as they are. Introduced in notebook 06.
    """
    need_callable(fn, "check_epoch_loss(epoch_loss)")
    name = getattr(fn, "__name__", "epoch_loss")
    names = param_names(fn, ("batch_losses", "batch_sizes"))
    cases = _epoch_cases()
    for losses, sizes, truth in cases:
        given_losses, given_sizes = list(losses), list(sizes)
        result, printed = call_capturing(fn, given_losses, given_sizes)
        for given, kept, what in [(given_losses, losses, names[0]), (given_sizes, sizes, names[1])]:
            if given != kept:
                raise CheckFailed(
                    f"{name}() changed its argument {what} in place: the caller's list is lost. "
                    "Leave the arguments as they are; compute with new values (a new list, an "
                    "array, a running total)."
                )
        if result is None:
            raise no_return(name, printed)
        got = _as_loss(result, name)
        if close(got, truth):
            continue
        same = same_answer(fn, [c[:2] for c in cases])
        hint = globals_hint(fn, name, names) or (
            f"{name}() returns {same:.4g} whatever lists it gets: the epoch loss must come from "
            f"its arguments {names[0]} and {names[1]}."
            if same is not None
            else next(
                (h for wrong, h in _epoch_mistakes(losses, sizes, names) if close(got, wrong)),
                f"{name}() rounds its result: {got!r} is {truth:.6g} rounded. Return the number "
                "as computed; round only where you print it."
                if close(got, truth, rtol=1e-2) and got == round(got, 3)
                else f"{name}() does not give the mean loss per sample: with the parameters held "
                "fixed it must equal the loss on the full data.",
            )
        )
        shown = ", ".join(f"{v:.3g}" for v in losses)
        raise CheckFailed(
            f"{hint} ({names[0]} [{shown}], {names[1]} {sizes}: got {got:.6g}, "
            f"expected {truth:.6g})"
        )
    ok("each batch loss weighted by its batch size: the mean over all samples.")
