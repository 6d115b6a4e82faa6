"""What the checkers of lesson 03's Exercises 2 and 3 (``check_zero_grad_loop``,
``check_grad_accumulation``) share: calling the learner's function without its prints, and a
forward pre-hook that records the rows the model saw.

A private module: its names carry no leading underscore so that the exercise modules can import
them. Introduced in notebook 03.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Callable
from typing import Any

from torch import nn

from .._feedback import call_learner


def quietly(fn: Callable[..., Any], *args: Any) -> Any:
    """``call_learner`` with the learner's prints swallowed: the check cell shows one line."""
    with contextlib.redirect_stdout(io.StringIO()):
        return call_learner(fn, *args)


def rows_seen(model: nn.Module) -> list[int]:
    """A list that fills with the number of rows of every input ``model`` is called on."""
    rows: list[int] = []
    model.register_forward_pre_hook(lambda _m, inputs: rows.append(int(inputs[0].shape[0])))
    return rows
