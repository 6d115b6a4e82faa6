"""Checker for lesson 07, Exercise 1: the least-squares parameters (the weights, then the bias)
from the normal equations on ``A = [X, 1]``.

The reference is ``np.linalg.lstsq`` on ``[X, 1]``, on the checker's own data (a local
generator). Introduced in notebook 07.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import torch

from .._common import close, data_globals, need_callable, ok, type_and_shape
from .._feedback import CheckFailed, call_learner, function_name, param_names

__all__ = ["check_normal_equations"]


def _cases() -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """(X, y, least-squares theta) for data sets of 1, 2 and 3 features (a local generator)."""
    rng = np.random.default_rng(7)
    cases = []
    for n, weights, bias, scales in [
        (30, [1.5, -2.0], 3.0, [1.0, 10.0]),
        (50, [0.5, 2.0, -1.0], -4.0, [2.0, 1.0, 5.0]),
        (20, [3.0], 1.0, [4.0]),
    ]:
        X = rng.uniform(-1.0, 1.0, (n, len(weights))) * np.array(scales) + 2.0
        y = X @ np.array(weights) + bias + rng.normal(0.0, 0.3, n)
        theta, *_ = np.linalg.lstsq(np.column_stack([X, np.ones(n)]), y, rcond=None)
        cases.append((X, y, theta))
    return cases


def _as_vector(value: Any, name: str, d: int) -> np.ndarray:
    if value is None:
        raise CheckFailed(f"{name}() returned None: is the `return` missing?")
    if isinstance(value, torch.Tensor):
        value = value.detach().cpu().numpy()
    try:
        arr = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise CheckFailed(
            f"{name}() should return an array of {d + 1} numbers, got {type_and_shape(value)}."
        ) from None
    if arr.shape == (d + 1, 1):
        raise CheckFailed(
            f"{name}() returned shape {arr.shape}, a column; the task asks for a 1-D array of "
            f"{d + 1} numbers. Pass y as it is (shape (N,)), or flatten the result (.ravel())."
        )
    if arr.shape == (d,):
        raise CheckFailed(
            f"{name}() returned {d} numbers for {d} feature(s): the bias is missing. Append a "
            "column of ones to X (np.column_stack([X, np.ones(len(X))])): its weight is the bias."
        )
    if arr.shape != (d + 1,):
        raise CheckFailed(
            f"{name}() should return a 1-D array of {d + 1} numbers (the {d} weights, then the "
            f"bias) for X with {d} column(s), got shape {arr.shape}."
        )
    return arr


def _mistakes(X: np.ndarray, y: np.ndarray, theta: np.ndarray) -> list[tuple[np.ndarray, str]]:
    n = len(X)
    no_bias, *_ = np.linalg.lstsq(X, y, rcond=None)
    return [
        (
            np.roll(theta, 1),
            "The bias comes first in your answer: the task asks for the weights first and the "
            "bias last. Put the column of ones after the columns of X.",
        ),
        (
            theta * n,
            f"Your parameters are N = {n} times too large: one side of the equations is divided "
            "by N and the other is not. Use A^T A and A^T y as they are (or divide both).",
        ),
        (
            theta / n,
            f"Your parameters are N = {n} times too small: one side of the equations is divided "
            "by N and the other is not. Use A^T A and A^T y as they are (or divide both).",
        ),
        (
            np.append(no_bias, 0.0),
            "Your weights are those of a model without a bias (and a bias of 0): solve with the "
            "column of ones in A, so the bias is fitted together with the weights.",
        ),
    ]


def _call(fn: Callable[..., Any], X: np.ndarray, y: np.ndarray) -> Any:
    """``call_learner``, with the two errors of a misread equation explained."""
    try:
        return call_learner(fn, X, y)
    except CheckFailed as failed:
        error, text = failed.__context__, str(failed.__context__)
        if "square" in text:
            raise CheckFailed(
                f"{failed}\nA has N rows and d + 1 columns: it is not square, and A theta = y has "
                "no exact solution. Solve the square system of the normal equations, "
                "A^T A theta = A^T y, instead."
            ) from None
        if isinstance(error, (ValueError, RuntimeError)) and (
            "matmul" in text or "cannot be multiplied" in text or "size mismatch" in text
        ):
            raise CheckFailed(
                f"{failed}\nThe shapes of a product do not fit: A is (N, d + 1), so A^T A is "
                "(d + 1, d + 1) and the right side is A^T y (A.T @ y), of shape (d + 1,)."
            ) from None
        raise


def check_normal_equations(fn: Callable[..., Any]) -> None:
    """``fn(X, y)``: the least-squares weights, then the bias, as a 1-D array of d + 1 numbers,
    from the normal equations on ``[X, 1]``; ``X`` and ``y`` are left as they are.
    Introduced in notebook 07."""
    need_callable(fn, "check_normal_equations(normal_equations)")
    name = function_name(fn, "normal_equations")
    x_name, y_name = param_names(fn, ("X", "y"))
    used = data_globals(fn)
    if used:
        raise CheckFailed(
            f"{name}() reads the notebook's {', '.join(used)} instead of its own arguments "
            f"({x_name}, {y_name}): the check calls it with other data. Use the arguments."
        )
    cases = _cases()
    for X, y, theta in cases:
        given_x, given_y = X.copy(), y.copy()
        result = _call(fn, given_x, given_y)
        for given, kept, what in [(given_x, X, x_name), (given_y, y, y_name)]:
            if not np.array_equal(given, kept):
                raise CheckFailed(
                    f"{name}() changed its argument {what} in place: the caller's data is lost. "
                    "Build A as a new array (np.column_stack or np.hstack) instead."
                )
        got = _as_vector(result, name, X.shape[1])
        if close(got, theta):
            continue
        detail = (
            f" (X of shape {X.shape}: got {np.array2string(got, precision=4)}, expected "
            f"{np.array2string(theta, precision=4)})"
        )
        hint = next(
            (h for wrong, h in _mistakes(X, y, theta) if close(got, wrong, rtol=1e-3)),
            f"{name}() does not give the least-squares parameters: with A = [X, 1] (ones last) "
            "they solve A^T A theta = A^T y.",
        )
        raise CheckFailed(hint + detail)
    ok("A = [X, 1] and solve(A^T A, A^T y): the weights, then the bias.")
