"""Checker for lesson 06, Exercise 2: the number of updates (batches) in one epoch, for a given
number of samples, batch size and ``drop_last``.

The reference is ``len`` of a real ``DataLoader``. Introduced in notebook 06.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable
from typing import Any

import numpy as np
import torch

from .._common import need_callable, ok
from .._feedback import CheckFailed, param_names
from ._shared import call_capturing, globals_hint, no_return, same_answer

__all__ = ["check_updates_per_epoch"]

# (n, batch_size, drop_last): a smaller last batch, one that divides n, n below one batch
UPDATE_CASES = [
    (100, 16, False),
    (100, 16, True),
    (100, 100, False),
    (96, 16, False),
    (96, 16, True),
    (10, 3, True),
    (100, 1, True),
    (17, 16, False),
    (16, 16, True),
    (15, 16, False),
    (15, 16, True),
]


def _loader_len(n: int, batch_size: int, drop_last: bool) -> int:
    from torch.utils.data import DataLoader

    return len(DataLoader(range(n), batch_size=batch_size, drop_last=drop_last))


def _update_mistakes(
    n: int, bs: int, drop: bool, truth: int, names: tuple[str, str, str]
) -> list[tuple[int, str]]:
    n_name, bs_name, drop_name = names
    rest = n % bs
    mistakes: list[tuple[int, str]] = []
    if drop and n < bs:
        mistakes.append(
            (
                1,
                f"With {drop_name}=True and fewer samples than one batch ({n_name}={n}, "
                f"{bs_name}={bs}), the only batch is incomplete, so it is dropped: no update.",
            )
        )
    if rest == 0:
        mistakes.append(
            (
                truth + 1,
                f"When {bs_name} divides {n_name} ({n} = {n // bs} x {bs}) every batch is full: "
                "there is no smaller last batch to add an update for.",
            )
        )
    elif drop:
        mistakes.append(
            (
                truth + 1,
                f"{drop_name}=True drops the incomplete last batch ({rest} samples): it makes "
                "no update, so round down.",
            )
        )
    else:
        mistakes.append(
            (
                truth - 1,
                f"With {drop_name}=False the last, smaller batch ({rest} samples) is still "
                "served and still makes an update: round up, not down.",
            )
        )
    return mistakes + [
        (truth - 1, "One update short: an off-by-one? Count the batches of a small case by hand."),
    ]


def _as_count(value: Any, name: str) -> float:
    if isinstance(value, torch.Tensor):
        if value.numel() != 1:
            raise CheckFailed(f"{name}() returned a tensor of shape {tuple(value.shape)}.")
        raise CheckFailed(f"{name}() returned a tensor: return a Python int (.item() or int()).")
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise CheckFailed(
            f"{name}() should return a number of updates (an int); it returned a "
            f"{type(value).__name__}."
        )
    return float(value)


def check_updates_per_epoch(fn: Callable[..., Any]) -> None:
    """``fn(n, batch_size, drop_last)``: the number of updates (batches) in one epoch over ``n``
    samples, as an int. Introduced in notebook 06."""
    need_callable(fn, "check_updates_per_epoch(updates_per_epoch)")
    name = getattr(fn, "__name__", "updates_per_epoch")
    names = param_names(fn, ("n", "batch_size", "drop_last"))
    n_name, bs_name, drop_name = names
    for (n1, b1), (n2, b2), which in [
        ((100, 16), (50, 16), n_name),
        ((100, 16), (100, 10), bs_name),
    ]:
        same = same_answer(fn, [(n1, b1, False), (n2, b2, False)])
        if same is not None:
            other = f"{n_name}={n2}" if which == n_name else f"{bs_name}={b2}"
            samples = (
                f"{name}() returns {n_name}, the number of samples: one update serves a whole "
                f"batch of {bs_name} samples."
            )
            raise CheckFailed(
                globals_hint(fn, name, names)
                or (samples if same == n1 == n2 else "")
                or f"{name}() returns {same:g} for {n_name}={n1}, {bs_name}={b1} and for "
                f"{other}: the count must change with its argument {which}."
            )
    for n, bs, drop in UPDATE_CASES:
        truth = _loader_len(n, bs, drop)
        result, printed = call_capturing(fn, n, bs, drop)
        if result is None:
            raise no_return(name, printed)
        got = _as_count(result, name)
        detail = (
            f" ({n_name}={n}, {bs_name}={bs}, {drop_name}={drop}: got {got:g}, expected {truth})"
        )
        if got == truth:
            if not isinstance(result, (int, np.integer)):
                raise CheckFailed(
                    f"{name}() returned {result!r}, a {type(result).__name__}: a count of "
                    "updates is an int (range() and learning-rate schedules need one). "
                    "Convert it with int()." + detail
                )
            continue
        if got != int(got):
            raise CheckFailed(
                "A number of updates is a whole number: a batch is served whole (or smaller, at "
                "the end), never a fraction of one." + detail
            )
        hint = globals_hint(fn, name, names) or next(
            (h for wrong, h in _update_mistakes(n, bs, drop, truth, names) if got == wrong),
            f"Count the batches: how many full batches of {bs} fit in {n_name}={n}, and "
            f"whether a smaller last one is left over and kept ({drop_name}={drop}).",
        )
        raise CheckFailed(hint + detail)
    ok("ceil(n / batch_size) updates, or n // batch_size with drop_last=True.")
