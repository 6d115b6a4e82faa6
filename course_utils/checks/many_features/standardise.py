"""Checker for lesson 07, Exercise 2: both sets standardised column by column with the mean and
standard deviation of the training set only.

The reference statistics are computed in float64 by NumPy from the training set; either standard
deviation (divide by N or by N - 1) counts as right. Introduced in notebook 07.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import torch

from .._common import close, data_globals, need_callable, ok, type_and_shape
from .._feedback import CheckFailed, call_learner, function_name, param_names

__all__ = ["check_standardise"]

LEAK = "the validation set stands for new data, so nothing about it may shape the model's inputs"


def _sets() -> tuple[torch.Tensor, torch.Tensor]:
    """A training set (40, 3) and a validation set (15, 3) whose columns differ in scale and
    whose statistics differ from each other (a local generator)."""
    rng = np.random.default_rng(11)
    scales, shifts = np.array([1000.0, 5.0, 0.1]), np.array([5000.0, -3.0, 2.0])
    x_train = rng.normal(0.0, 1.0, (40, 3)) * scales + shifts
    x_val = rng.normal(0.4, 1.5, (15, 3)) * scales + shifts
    return torch.tensor(x_train, dtype=torch.float32), torch.tensor(x_val, dtype=torch.float32)


def _as_array(value: Any, what: str, shape: tuple[int, ...]) -> np.ndarray:
    if isinstance(value, torch.Tensor):
        value = value.detach().cpu().numpy()
    if not isinstance(value, np.ndarray):
        raise CheckFailed(
            f"{what} should be a tensor (or array) of shape {shape}, got {type_and_shape(value)}."
        )
    if value.shape != shape:
        raise CheckFailed(
            f"{what} has shape {value.shape}; it should keep the input's shape {shape}: "
            "subtract and divide, one statistic per column, nothing else."
        )
    return value.astype(np.float64)


def _scaled(x: np.ndarray, mean: Any, std: Any) -> np.ndarray:
    return (x - mean) / std


def _train_mistakes(
    xt: np.ndarray, xv: np.ndarray, names: tuple[str, str]
) -> list[tuple[np.ndarray, str]]:
    train_name = names[0]
    m = xt.mean(axis=0)
    both = np.concatenate([xt, xv])
    leak = [
        (_scaled(xt, both.mean(axis=0), both.std(axis=0, ddof=ddof)), _leak_hint(names))
        for ddof in (0, 1)
    ]
    return leak + [
        *[
            (
                _scaled(xt, xt.mean(), xt.std(ddof=ddof)),
                "One mean and one std for the whole matrix: every column needs its own "
                "(computed along the rows: dim=0, or axis=0 in NumPy).",
            )
            for ddof in (0, 1)
        ],
        *[
            (
                _scaled(xt, xt.mean(axis=1, keepdims=True), xt.std(axis=1, keepdims=True, ddof=d)),
                "Your statistics are per row (one per sample); they should be per column (one "
                "per feature): dim=0 (axis=0), not dim=1.",
            )
            for d in (0, 1)
        ],
        (
            xt - m,
            "The columns are centred but not divided by their standard deviation: they keep "
            "their different scales, which is what standardising removes.",
        ),
        *[
            (
                (xt - m) / xt.var(axis=0, ddof=d),
                "You divided by the variance; divide by the standard deviation (its square "
                "root): the variance is in squared units, so the columns do not get std 1.",
            )
            for d in (0, 1)
        ],
        (
            (xt - xt.min(axis=0)) / (xt.max(axis=0) - xt.min(axis=0)),
            "That is min-max scaling (into [0, 1]), a different scaling: the task asks for "
            "(x - mean) / std, which centres every column on 0 with std 1 (min-max leaves each "
            "column's mean wherever it falls in [0, 1]).",
        ),
        *[
            (
                xt / xt.std(axis=0, ddof=d) - m,
                "You divided by the std before subtracting the mean (x / std - mean): the mean "
                "is in the raw units, so the columns are not centred. Subtract first: "
                "(x - mean) / std.",
            )
            for d in (0, 1)
        ],
        (
            xt,
            f"z_train is {train_name} unchanged: standardise it too, with the same mean and "
            "std as z_val.",
        ),
    ]


def _leak_hint(names: tuple[str, str]) -> str:
    train_name, val_name = names
    return (
        f"Your statistics come from {train_name} and {val_name} together: the validation rows "
        f"leaked into the scaling ({LEAK}). Compute them on {train_name} only."
    )


def _val_mistakes(
    xt: np.ndarray, xv: np.ndarray, names: tuple[str, str]
) -> list[tuple[np.ndarray, str]]:
    train_name, val_name = names
    both = np.concatenate([xt, xv])
    mistakes = []
    for ddof in (0, 1):
        mistakes += [
            (
                _scaled(xv, xv.mean(axis=0), xv.std(axis=0, ddof=ddof)),
                f"Your z_val uses the mean and std of {val_name} itself. Wrong: {LEAK}, and the "
                "same raw value would become different numbers in the two sets. Use the "
                f"statistics of {train_name} for both.",
            ),
            (_scaled(xv, both.mean(axis=0), both.std(axis=0, ddof=ddof)), _leak_hint(names)),
        ]
    return mistakes + [
        (
            xv,
            f"z_val equals {val_name} unscaled, or scaled with statistics near 0 and 1 (such as "
            "those of the standardised z_train, which are 0 and 1 by construction). Use the "
            f"mean and std of {train_name}, the raw training data.",
        )
    ]


def check_standardise(fn: Callable[..., Any]) -> None:
    """``fn(x_train, x_val)``: ``(z_train, z_val)``, both standardised per column with the mean
    and std of ``x_train`` only; the inputs are left as they are. Introduced in notebook 07."""
    need_callable(fn, "check_standardise(standardise)")
    name = function_name(fn, "standardise")
    names = param_names(fn, ("x_train", "x_val"))
    used = data_globals(fn)
    if used:
        raise CheckFailed(
            f"{name}() reads the notebook's {', '.join(used)} instead of its own arguments "
            f"({', '.join(names)}): the check calls it with other data. Compute the statistics "
            "from the arguments."
        )
    x_train, x_val = _sets()
    given_train, given_val = x_train.clone(), x_val.clone()
    result = call_learner(fn, given_train, given_val)
    for given, kept, what in [(given_train, x_train, names[0]), (given_val, x_val, names[1])]:
        if not torch.equal(given, kept):
            raise CheckFailed(
                f"{name}() changed its argument {what} in place (-=, /= or sub_): the caller's "
                "raw data is lost. Compute new tensors: z = (x - mean) / std."
            )
    if result is None:
        raise CheckFailed(f"{name}() returned None: is the `return` missing?")
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        raise CheckFailed(
            f"{name}() should return two tensors, (z_train, z_val); got {type_and_shape(result)}."
        )
    shapes = [tuple(getattr(r, "shape", ())) for r in result]
    if shapes == [tuple(x_val.shape), tuple(x_train.shape)]:
        raise CheckFailed("The two results are swapped: return (z_train, z_val), in that order.")
    xt, xv = x_train.double().numpy(), x_val.double().numpy()
    z_train = _as_array(result[0], "z_train (the first result)", tuple(x_train.shape))
    z_val = _as_array(result[1], "z_val (the second result)", tuple(x_val.shape))
    tol = {"rtol": 1e-4, "atol": 1e-4}
    mean = xt.mean(axis=0)
    rights = [(ddof, xt.std(axis=0, ddof=ddof)) for ddof in (0, 1)]
    ddof = next((d for d, s in rights if close(z_train, _scaled(xt, mean, s), **tol)), None)
    if ddof is None:
        if close(z_train, _scaled(xv, xv.mean(axis=0), xv.std(axis=0)), **tol) or close(
            z_val, _scaled(xt, mean, rights[0][1]), **tol
        ):
            raise CheckFailed(
                "The two results are swapped: return (z_train, z_val), in that order."
            )
        hint = next(
            (h for wrong, h in _train_mistakes(xt, xv, names) if close(z_train, wrong, **tol)),
            f"z_train is not `{names[0]}` standardised per column: subtract each column's "
            "mean and divide by its standard deviation, both computed on the training set.",
        )
        raise CheckFailed(hint)
    std = rights[ddof][1]
    if close(z_val, _scaled(xv, mean, std), **tol):
        ok("the training set's mean and std, applied unchanged to both sets.")
        return
    hint = next(
        (h for wrong, h in _val_mistakes(xt, xv, names) if close(z_val, wrong, **tol)),
        f"z_train is right, z_val is not: apply the same mean and std (from {names[0]}) to "
        f"{names[1]}.",
    )
    raise CheckFailed(hint)
