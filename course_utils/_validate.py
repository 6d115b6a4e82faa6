"""Input checks shared by the modules. Each error names the argument and the fix.

Private: learners never call these directly, they meet their messages.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import torch


def _shape(t: Any) -> tuple[int, ...]:
    if isinstance(t, (list, tuple)):  # [1.0, 2.0] is (2,), as NumPy sees it
        try:
            return tuple(int(s) for s in np.shape(t))
        except ValueError:  # ragged rows
            return (len(t),)
    return tuple(int(s) for s in getattr(t, "shape", ()))


def describe(value: Any) -> str:
    """What a message says it got: ``str ('abc')``; None, lists and tuples show as themselves."""
    text = repr(value)
    text = text if len(text) <= 60 else text[:57] + "..."
    return (
        text
        if value is None or isinstance(value, (list, tuple))
        else f"{type(value).__name__} ({text})"
    )


_NUMBERS = "a tensor, NumPy array or list of numbers, rows of equal length"


def as_float_tensor(value: Any, name: str) -> torch.Tensor:
    """Return ``value`` as a float32 tensor; lists, NumPy arrays, ints and float64 are converted.

    Raises TypeError for anything that is not numbers, ValueError for empty data or NaN/inf.
    """
    if isinstance(value, torch.Tensor):
        t = value
    elif isinstance(value, (np.ndarray, list, tuple, float, int)) and not isinstance(value, bool):
        try:
            t = torch.as_tensor(np.asarray(value, dtype=np.float32))
        except (TypeError, ValueError):
            raise TypeError(
                f"{name} must hold numbers ({_NUMBERS}); got {describe(value)}"
            ) from None
    else:
        raise TypeError(
            f"{name} must be a torch.Tensor (a NumPy array or list is converted), "
            f"got {type(value).__name__}"
        )
    if t.dtype == torch.bool or t.is_complex():
        raise TypeError(f"{name} has dtype {t.dtype}; expected real numbers (float32)")
    if t.dtype != torch.float32:
        # int64 or float64 are common (torch.tensor([1, 2]), torch.from_numpy(float64 array)).
        # nn.Linear's weights are float32, so mixing dtypes fails deep inside matmul: convert.
        t = t.to(torch.float32)
    if t.numel() == 0:
        raise ValueError(f"{name} is empty (shape {_shape(t)}); pass at least one sample")
    # fast path: one sum is NaN/inf when any value is (a full isfinite pass costs ~40x more
    # on 1M x 13 data); only then count, since a sum of large finite values can overflow too
    bad = int((~torch.isfinite(t)).sum()) if t.numel() and not bool(torch.isfinite(t.sum())) else 0
    if bad:
        raise ValueError(
            f"{name} contains {bad} NaN or infinite value(s); remove or impute them before "
            "training (a single NaN makes every loss and gradient NaN)"
        )
    return t


def check_features(x: torch.Tensor, name: str = "x") -> None:
    """``x`` must be (N, features): a 1-D x is the classic nn.Linear mistake."""
    if x.ndim == 1:
        raise ValueError(
            f"{name} has shape {_shape(x)}, but a model expects (N, features). "
            f"For one feature use {name}.reshape(-1, 1) (or {name}.unsqueeze(1))."
        )
    if x.ndim != 2:
        raise ValueError(f"{name} must have shape (N, features), got {_shape(x)}")


def check_same_length(x: Any, y: Any, xname: str = "x", yname: str = "y") -> None:
    for value, name in ((x, xname), (y, yname)):
        if not _shape(value):  # a 0-d tensor or a plain number has no len()
            raise ValueError(
                f"{name} is a single value (shape ()), not samples; pass one sample "
                "per row, shape (N,) or (N, features)"
            )
    if len(x) != len(y):
        raise ValueError(
            f"{xname} has {len(x)} samples but {yname} has {len(y)}; "
            "they must pair up one to one (same first dimension)"
        )


def check_pred_target(
    y_pred: Any,
    y: Any,
    pred_name: str = "predictions",
    target_name: str = "targets",
    var: str = "y",
) -> None:
    """Regression losses need identical shapes: (N, 1) against (N,) silently broadcasts to (N, N).
    ``var`` is the targets' variable in the suggested fix."""
    ps, ts = _shape(y_pred), _shape(y)
    if ps == ts:
        return
    if len(ps) == 2 and ps[1] == 1 and ts == (ps[0],):
        fix = f"reshape the {target_name}: {var} = {var}.reshape(-1, 1) (or {var}.unsqueeze(1))"
        why = f" MSE would broadcast them to ({ps[0]}, {ps[0]}) and silently learn the wrong thing."
    elif len(ts) == 2 and ts[1] == 1 and ps == (ts[0],):
        fix = f"make the {pred_name} (N, 1) too, or flatten both with .reshape(-1)"
        why = f" MSE would broadcast them to ({ts[0]}, {ts[0]}) and silently learn the wrong thing."
    else:
        fix = "give both the same shape (for one output: (N, 1))"
        why = ""
    raise ValueError(
        f"{pred_name} have shape {ps} but {target_name} have shape {ts}.{why} Fix: {fix}."
    )


def check_int(value: Any, name: str, low: int, high: int | None = None, *, why: str = "") -> int:
    """An int (or NumPy int) with ``low <= value`` (and ``value <= high`` when given)."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be an int, got {describe(value)}")
    if value < low or (high is not None and value > high):
        bounds = f">= {low}" if high is None else f"between {low} and {high}"
        raise ValueError(f"{name} must be {bounds}, got {value}{why}")
    return int(value)


def check_positive_int(value: Any, name: str, *, why: str = "") -> int:
    return check_int(value, name, 1, why=why)


def check_lr(lr: Any, name: str = "lr") -> float:
    if isinstance(lr, bool) or not isinstance(lr, (int, float, np.floating, np.integer)):
        raise TypeError(f"{name} must be a number, got {describe(lr)}")
    lr = float(lr)
    if not math.isfinite(lr) or lr <= 0:
        raise ValueError(
            f"{name} must be a positive finite number, got {lr}: a step of size 0 never moves "
            "and a negative one climbs the loss instead of descending it"
        )
    return lr


# --- additions for the bad-input sweep (tests/test_bad_input_sweep.py); each names its argument


def as_tensor(value: Any, name: str) -> torch.Tensor:
    """Return ``value`` as a tensor, keeping its dtype (class labels stay int64): a list or NumPy
    array is converted; None, a string or any other object raises TypeError naming ``name``."""
    if isinstance(value, torch.Tensor):
        return value
    if isinstance(value, (np.ndarray, list, tuple)):
        try:
            return torch.as_tensor(np.asarray(value))
        except (TypeError, ValueError, RuntimeError):
            raise TypeError(
                f"{name} must hold numbers ({_NUMBERS}); got {describe(value)}"
            ) from None
    raise TypeError(
        f"{name} must be a torch.Tensor (a NumPy array or list is converted), "
        f"got {type(value).__name__}"
    )


def check_number(value: Any, name: str, *, finite: bool = True) -> float:
    """A real number (int, float, NumPy scalar or one-element tensor) as a float; NaN and inf
    raise ValueError when ``finite``."""
    if isinstance(value, torch.Tensor) and value.numel() == 1 and not value.is_complex():
        value = value.item()
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a number, got {describe(value)}")
    value = float(value)
    if finite and not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value}")
    return value


def check_callable(value: Any, name: str, example: str = "") -> None:
    """``value`` must be callable (a function, a loss module, ...)."""
    if not callable(value):
        hint = f", such as {example}" if example else ""
        raise TypeError(f"{name} must be callable{hint}; got {describe(value)}")


def _first_linear(module: torch.nn.Module) -> torch.nn.Linear | None:
    """The first ``nn.Linear`` in ``module.modules()`` order, found without building names
    (train_step runs this on every step)."""
    if isinstance(module, torch.nn.Linear):
        return module
    for child in module.children():
        found = _first_linear(child)
        if found is not None:
            return found
    return None


def check_in_features(model: Any, x: torch.Tensor, name: str = "x") -> None:
    """The columns of ``x`` must match the model's first ``nn.Linear``: otherwise PyTorch stops
    deep inside matmul with "mat1 and mat2 shapes cannot be multiplied"."""
    first = _first_linear(model) if x.ndim == 2 else None
    if first is None or x.shape[1] == first.in_features:
        return
    raise ValueError(
        f"{name} has {x.shape[1]} feature column(s) (shape {_shape(x)}) but the model's first "
        f"layer {first} expects {first.in_features}; pass data with {first.in_features} "
        f"column(s) or build the model for {x.shape[1]} input(s)."
    )


# The seeds a generator takes: torch.Generator().manual_seed and np.random.default_rng take
# [0, 2**63); NumPy's global np.random.seed (set_seed) only [0, 2**32).
SEED_LIMIT, NUMPY_SEED_LIMIT = 2**63, 2**32


def check_seed(seed: Any, name: str = "seed", *, limit: int = SEED_LIMIT) -> int:
    """A seed: an int in [0, limit), 2**63 by default (``SEED_LIMIT``)."""
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise TypeError(f"{name} must be an int such as 0 or 42, got {describe(seed)}")
    if not 0 <= int(seed) < limit:
        power = int(math.log2(limit))
        raise ValueError(f"{name} must be in [0, 2**{power}), got {seed}")
    return int(seed)


def as_float_array(value: Any, name: str) -> np.ndarray:
    """``value`` as a float64 NumPy array (a tensor is detached first, any shape); None, a
    string or anything else that is not numbers raises TypeError naming ``name``."""
    if isinstance(value, torch.Tensor):  # detached; float64 first, as bfloat16 has no NumPy dtype
        value = value.detach().cpu()
        value = value.double() if value.is_floating_point() else value
    try:  # no dtype here: NumPy would read "1.5" as a number and None as NaN
        arr = np.asarray(value)
    except (
        TypeError,
        ValueError,
        RuntimeError,
    ):  # ragged rows, a list of tensors that require grad
        arr = None
    if arr is None or arr.dtype.kind not in "iuf":
        raise TypeError(f"{name} must be numbers ({_NUMBERS}); got {describe(value)}")
    return arr.astype(np.float64, copy=False)


def check_range(value: Any, name: str, example: str = "(0, 10)") -> tuple[float, float]:
    """A ``(low, high)`` pair of finite numbers with low < high."""
    if not isinstance(value, (tuple, list, np.ndarray, torch.Tensor)) or _shape(value) != (2,):
        raise TypeError(
            f"{name} must be a pair (low, high) such as {example}, got {describe(value)}"
        )
    lo, hi = (check_number(v, name, finite=False) for v in value)
    if not (math.isfinite(lo) and math.isfinite(hi) and lo < hi):
        raise ValueError(f"{name} must be (low, high) with low < high, both finite; got {value}")
    return lo, hi


def as_list(value: Any, name: str, example: str) -> list:
    """A list, tuple, 1-D array or other iterable as a list; a single value, a string or a dict
    raises TypeError."""
    if isinstance(value, np.ndarray):
        ok = value.ndim == 1
    else:
        ok = isinstance(value, Iterable) and not isinstance(value, (str, bytes, Mapping))
    if ok:
        return list(value)
    raise TypeError(f"{name} must be a list such as {example}, got {describe(value)}")


def check_model(model: Any, name: str = "model") -> None:
    if not isinstance(model, torch.nn.Module):
        raise TypeError(
            f"{name} must be an nn.Module, such as nn.Linear(1, 1) or mlp([13, 10, 3]); "
            f"got {describe(model)}"
        )


def as_device(
    value: Any, name: str = "device", choices: str = "'cpu', 'cuda' or 'mps'"
) -> torch.device:
    """``torch.device(value)``, or a ValueError that lists the names."""
    try:
        return torch.device(value)
    except (RuntimeError, TypeError):
        raise ValueError(f"{name}={value!r} is not a device name; use {choices}") from None


def as_1d(value: Any, name: str, *, scalar: bool = False) -> np.ndarray:
    """Return a float64 vector; accepts (N,), (N, 1), lists and tensors (detached), and a single
    number when ``scalar``."""
    arr = as_float_array(value, name)
    if arr.ndim == 0 and scalar:
        arr = arr.reshape(1)
    if arr.ndim == 2 and arr.shape[1] == 1:
        arr = arr[:, 0]
    if arr.ndim != 1:
        raise ValueError(f"{name} must have shape (N,) or (N, 1), got {arr.shape}")
    if arr.size == 0:
        raise ValueError(f"{name} is empty; pass at least one sample")
    if not np.isfinite(arr).all():
        raise ValueError(f"{name} contains NaN or infinite values")
    return arr
