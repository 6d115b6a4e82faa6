"""What the checkers of lesson 04's Exercises 1 and 3 (``check_training_loop``,
``check_loss_shapes``) share: the learner's name for their function, and calling it with its
prints and warnings swallowed and a lesson-specific fix for the errors a training loop raises.

A private module: its names carry no leading underscore so that the exercise modules can import
them. Introduced in notebook 04.
"""

from __future__ import annotations

import contextlib
import io
import warnings
from collections.abc import Callable
from typing import Any

from .._feedback import CheckFailed, call_learner

# Errors of a training loop that _feedback does not map: (a phrase of the message, the fix)
LOOP_FIXES = [
    (
        "backward through the graph a second time",
        "backward() frees the graph it used: compute the forward pass and the loss inside the "
        "loop, fresh every epoch.",
    ),
    (
        "numpy() on Tensor that requires grad",
        "For a number use loss.item() (it detaches); for an array, .detach().numpy().",
    ),
]


def call_quietly(
    fn: Callable[..., Any], *args: Any, fixes: list[tuple[str, str]] = LOOP_FIXES
) -> Any:
    """``call_learner`` with the learner's prints and warnings swallowed (the check cell shows
    one line; a broadcast gets our own hint); an error whose message holds a phrase of ``fixes``
    gets that fix instead of the general one."""
    try:
        with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return call_learner(fn, *args)
    except CheckFailed as exc:
        cause = str(exc.__context__ or "")
        fix = next((f for phrase, f in fixes if phrase in cause), "")
        if fix:
            raise CheckFailed(f"{str(exc).splitlines()[0]}\n{fix}") from None
        raise
