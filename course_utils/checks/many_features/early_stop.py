"""Checker for lesson 07, Exercise 3: early stopping with patience, from a list of validation
losses: the epoch at which training stops and the epoch whose weights are kept.

The reference reads each prefix of the list on its own (the epoch of its first minimum), a
different formulation from the running loop a learner writes. Introduced in notebook 07.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable
from typing import Any

import numpy as np
import torch

from .._common import need_callable, ok, type_and_shape
from .._feedback import CheckFailed, call_learner, function_name, param_names

__all__ = ["check_early_stop"]

# (validation losses, patience): a stop after a dip, a run that never stops, ties, patience 1,
# a lowest loss that comes only after the stop, a stop at the very last epoch
CASES: list[tuple[list[float], int]] = [
    ([0.9, 0.5, 0.6, 0.4, 0.45, 0.47, 0.5, 0.3], 3),
    ([1.0, 0.8, 0.6, 0.5, 0.45], 2),
    ([1.0, 0.5, 0.5, 0.5, 0.5, 0.4], 3),
    ([0.7, 0.6, 0.65, 0.5, 0.55, 0.2], 1),
    ([2.0, 1.0, 1.5, 1.6, 1.7, 1.8, 0.1, 0.05], 4),
    ([0.5, 0.4, 0.41, 0.42], 2),
    ([0.3, 0.2, 0.25, 0.26, 0.27], 3),
    ([0.1, 0.8, 0.5], 2),  # a rise after the best, then a fall that is no new low
    ([0.6, 0.6, 0.6, 0.5, 0.6, 0.8, 0.4], 3),  # low, higher, new low, higher
    ([0.9, 0.4, 0.4], 2),  # never stops, and the best is not the last epoch
]


def _generated() -> list[tuple[list[float], int]]:
    """Many short runs with ties (one decimal, values 0.1 to 0.5), seeded: a rule that differs
    from the task's anywhere differs on one of them."""
    rng = np.random.default_rng(0)
    runs = []
    for _ in range(600):
        n = int(rng.integers(1, 9))
        losses = [round(float(v) / 10, 1) for v in rng.integers(1, 6, n)]
        runs.append((losses, int(rng.integers(1, 5))))
    return runs


def reference(losses: list[float], patience: int) -> tuple[int, int]:
    """(stop, best): the first epoch e whose prefix losses[:e] has its first minimum
    ``patience`` or more epochs back; else the last epoch."""
    for e in range(1, len(losses) + 1):
        best = int(np.argmin(losses[:e])) + 1  # argmin: the first of equal minima
        if e - best >= patience:
            return e, best
    return len(losses), int(np.argmin(losses)) + 1


def _as_pair(value: Any, name: str) -> tuple[Any, Any]:
    if value is None:
        raise CheckFailed(f"{name}() returned None: is the `return` missing?")
    if isinstance(value, torch.Tensor):
        value = value.tolist()
    if not isinstance(value, (tuple, list)) or len(value) != 2:
        raise CheckFailed(
            f"{name}() should return two epoch numbers, (stop, best); got {type_and_shape(value)}."
        )
    pair = []
    for v, what in zip(value, ("stop", "best")):
        if isinstance(v, torch.Tensor) and v.numel() == 1:
            v = v.item()
        if v is None:
            raise CheckFailed(
                f"{name}() returned None as {what}. When no stop comes, training ends at the "
                "last epoch: return len(val_losses) as stop, and the best epoch of the whole run."
            )
        if isinstance(v, bool) or not isinstance(v, numbers.Real):
            raise CheckFailed(f"{what} should be an epoch number, got {type_and_shape(v)}.")
        pair.append(int(v) if float(v).is_integer() else float(v))
    return pair[0], pair[1]


def _mistakes(
    losses: list[float], patience: int, names: tuple[str, str]
) -> list[tuple[list[tuple[float, float]], str]]:
    """(the answers a mistake gives on this run, its hint), in the order they are tried."""
    losses_name, patience_name = names
    stop, best = reference(losses, patience)
    overall = int(np.argmin(losses)) + 1
    stopped = stop - best >= patience  # else training ran to the last epoch
    last = (stop, best) if stopped else (stop, len(losses))
    return [
        (
            [(stop - 1, best - 1)],
            f"Your epochs count from 0; fit counts them from 1: {losses_name}[0] is the loss "
            "after epoch 1.",
        ),
        (
            [(stop, min(losses[:stop]))],
            "best is the loss; the task asks for the epoch whose weights you keep.",
        ),
        ([(best, stop)], "The two numbers are swapped: return (stop, best), the stop first."),
        (
            [(stop, best - 1)],
            "Your best counts from 0 while your stop counts from 1: count both from 1, as fit "
            "does.",
        ),
        (
            [(stop - 1, best) if stopped else (stop, best)],
            "You return the epoch before the stop: training stops at the epoch where the "
            "count of epochs without a new low reaches the patience (return that epoch).",
        ),
        (
            [(stop, best) if stopped else (best + patience, best)],
            f"When training never stops, it ends at the last epoch: stop is len({losses_name}), "
            "never later.",
        ),
        (
            [_with_ties(losses, patience)],
            "An equal loss counts as a new low in your answer: only a strictly lower loss "
            "resets the count (use <, not <=).",
        ),
        (
            [reference(losses, patience + 1)],
            f"You stop one epoch late: stop once {patience_name} epochs have passed without "
            "a new low (the stop epoch minus the best epoch equals the patience).",
        ),
        (
            [reference(losses, max(patience - 1, 0))],
            f"You stop one epoch early: wait until {patience_name} epochs in a row have "
            "brought no new low.",
        ),
        (
            [_previous(losses, patience)],
            "You compare each loss with the previous epoch's; compare it with the lowest loss "
            "so far: a fall that stays above that low is no new low.",
        ),
        (
            [last],
            "When training never stops, best is still the epoch of the lowest loss, not "
            "the last epoch.",
        ),
        (
            [(min(overall + patience, len(losses)), overall), (stop, overall)]
            if overall > stop
            else [(stop, best)],
            "Your answer uses epochs after the stop, which never run: " + FUTURE,
        ),
    ]


def _with_ties(losses: list[float], patience: int) -> tuple[int, int]:
    """The answer when an equal loss resets the count (the last of equal minima)."""
    for e in range(1, len(losses) + 1):
        prefix = np.asarray(losses[:e])
        best = int(np.flatnonzero(prefix == prefix.min())[-1]) + 1
        if e - best >= patience:
            return e, best
    prefix = np.asarray(losses)
    return len(losses), int(np.flatnonzero(prefix == prefix.min())[-1]) + 1


FUTURE = (
    "decide at each epoch from the losses up to it, and take the best epoch among the "
    "losses up to the stop only."
)
GENERIC = (
    "Walk through the epochs from 1: remember the epoch of the lowest loss so far; stop at "
    "the first epoch that is {patience} epochs after it. The count of epochs without a new "
    "low starts again from 0 at every new low, and any other loss adds one."
)


def _previous(losses: list[float], patience: int) -> tuple[int, int]:
    """The answer when each loss is compared with the previous epoch's, not the lowest."""
    wait, best = 0, 1
    for i in range(1, len(losses)):
        if losses[i] < losses[i - 1]:
            wait, best = 0, i + 1
        else:
            wait += 1
            if wait == patience:
                return i + 1, best
    return len(losses), best


def check_early_stop(fn: Callable[..., Any]) -> None:
    """``fn(val_losses, patience)``: ``(stop, best)``, the epoch at which early stopping with
    ``patience`` ends training (the last epoch if never) and the epoch with the lowest loss up
    to it, both counted from 1; the list is left as it is. Introduced in notebook 07."""
    need_callable(fn, "check_early_stop(early_stop)")
    name = function_name(fn, "early_stop")
    names = param_names(fn, ("val_losses", "patience"))
    wrong = []  # (run, patience, got, truth) where the answer differs from the task's
    for losses, patience in CASES + _generated():
        given = list(losses)
        result = call_learner(fn, given, patience)
        if given != losses:
            raise CheckFailed(
                f"{name}() changed its argument {names[0]} in place (sort, pop, ...): the "
                "history is lost. Read the list; do not change it."
            )
        got = _as_pair(result, name)
        truth = reference(losses, patience)
        if got != truth:
            wrong.append((losses, patience, got, truth))
    if not wrong:
        ok("the lowest loss so far and how long ago it was: stop when that reaches the patience.")
        return
    losses, patience, got, truth = wrong[0]
    detail = f" ({names[0]} {losses}, {names[1]}={patience}: got {got}, expected {truth})"
    # the hint of the one mistake that gives every wrong answer, else the rule itself
    kinds = [_mistakes(run, p, names) for run, p, _, _ in wrong]
    hint = next(
        (
            kinds[0][k][1]
            for k in range(len(kinds[0]))
            if all(tuple(g) in map(tuple, kind[k][0]) for (*_, g, _), kind in zip(wrong, kinds))
        ),
        GENERIC.format(patience=names[1]),
    )
    raise CheckFailed(hint + detail)
