"""What the checkers of lesson 06's Exercises 1 and 2 (``check_epoch_loss``,
``check_updates_per_epoch``) share: the learner's names for the parameters, calling their
function and reading what it printed, the hints for a missing ``return`` and for reading the
notebook's data, and spotting an answer that does not change with its arguments.

A private module: its names carry no leading underscore so that the exercise modules can import
them. Introduced in notebook 06.
"""

from __future__ import annotations

import contextlib
import io
import numbers
import types
from collections.abc import Callable
from typing import Any

import numpy as np
import torch

from .._common import close
from .._feedback import CheckFailed, call_learner


def _data_globals(fn: Callable[..., Any]) -> list[str]:
    """Names of the notebook's data (lists, arrays, tensors, loaders) the function reads as
    globals instead of its arguments."""
    code, found = getattr(fn, "__code__", None), []
    spaces = getattr(fn, "__globals__", {})
    todo = [code] if code is not None else []
    while todo:
        c = todo.pop()
        todo += [k for k in c.co_consts if isinstance(k, types.CodeType)]
        for name in c.co_names:
            value = spaces.get(name)
            data = (list, tuple, np.ndarray, torch.Tensor, torch.utils.data.DataLoader)
            if isinstance(value, data) and name not in found:
                found.append(name)
    return found


def call_capturing(fn: Callable[..., Any], *args: Any) -> tuple[Any, str]:
    """What the learner's function returned, and what it printed."""
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        result = call_learner(fn, *args)
    return result, printed.getvalue().strip()


def no_return(name: str, printed: str) -> CheckFailed:
    if printed:
        shown = printed.splitlines()[-1][:60]
        return CheckFailed(
            f"{name}() printed {shown!r} but returned None: print shows a value, `return` hands "
            "it back to the caller. Return it."
        )
    return CheckFailed(f"{name}() returned None: is the `return` missing?")


def globals_hint(fn: Callable[..., Any], name: str, params: tuple[str, ...]) -> str:
    used = _data_globals(fn)
    if not used:
        return ""
    return (
        f"{name}() reads the notebook's {', '.join(used)} instead of its own arguments "
        f"({', '.join(params)}): the check calls it with other values. Use the arguments."
    )


def same_answer(fn: Callable[..., Any], cases: list[tuple[Any, ...]]) -> Any:
    """The one number ``fn`` returns for all ``cases`` (argument tuples whose answers differ),
    or None when its answers differ (or are not plain numbers)."""
    answers = []
    for args in cases:
        try:
            result = call_capturing(fn, *[list(a) if isinstance(a, list) else a for a in args])[0]
        except CheckFailed:
            return None
        if isinstance(result, bool) or not isinstance(result, numbers.Real):
            return None
        answers.append(float(result))
    return answers[0] if all(close(a, answers[0]) for a in answers) else None
