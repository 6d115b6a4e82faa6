"""What a learner sees when a check fails: a few lines of hint, never the checker's source.

- ``CheckFailed``: the exception every checker raises. It is an ``AssertionError`` (so plain
  Python and pytest treat it as one), and it defines ``_render_traceback_``, which IPython and
  Jupyter call instead of printing the traceback: the learner sees ``✗ Not yet: ...`` and the
  hint, at most ``MAX_LINES`` lines, and no line of the checker (which would show the reference
  answer).
- ``call_learner``: every call of the learner's function goes through it. An exception raised
  inside their code becomes a ``CheckFailed`` that names their function, shows the line of
  their code that raised, and maps the common errors to their fix.
- ``read_prediction`` and ``check_prediction``: the "predict, then check" exercises: the
  first checks that the learner wrote a prediction before the experiment runs, the second
  compares it with what the cell showed.
"""

from __future__ import annotations

import inspect
import linecache
import math
import os
import textwrap
import traceback
from collections.abc import Callable
from typing import Any

import numpy as np
import torch

MAX_LINES = 12
WIDTH = 96
# where library code lives (the folder NumPy and torch are installed in, and course_utils): a
# frame outside these is the learner's
_LIBRARY_DIRS = tuple(
    os.path.dirname(os.path.dirname(m.__file__)) + os.sep for m in (np, torch) if m.__file__
) + (os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep,)


class CheckFailed(AssertionError):
    """A check that did not pass; ``str(exc)`` is the hint. In a notebook only the hint shows."""

    def _render_traceback_(self) -> list[str]:
        lines: list[str] = []
        for paragraph in str(self).split("\n"):
            lines += textwrap.wrap(paragraph, WIDTH) or [""]
        lines = ["✗ Not yet: " + lines[0][:WIDTH], *lines[1:]]
        if len(lines) > MAX_LINES:
            lines = [*lines[: MAX_LINES - 1], "…"]
        return lines


def function_name(fn: Any, default: str = "your function") -> str:
    """The learner's name for their function (``default`` for a lambda or a non-function)."""
    name = getattr(fn, "__name__", "")
    return name if name.isidentifier() else default


def param_names(fn: Callable[..., Any], default: tuple[str, ...]) -> tuple[str, ...]:
    """The names the learner gave the parameters (``default`` where they cannot be read), so a
    hint can speak of their ``losses`` where the task said ``batch_losses``."""
    try:
        params = list(inspect.signature(fn).parameters)
    except (TypeError, ValueError):
        return default
    return tuple(params[: len(default)]) + default[len(params) :]


def fail(hint: str) -> CheckFailed:
    """The exception to raise: ``raise fail("...")``."""
    return CheckFailed(hint)


def _learner_frame(tb: Any) -> traceback.FrameSummary | None:
    """The innermost frame of the traceback that is the learner's code (not NumPy, torch or
    course_utils)."""
    frames = [f for f in traceback.extract_tb(tb) if not f.filename.startswith(_LIBRARY_DIRS)]
    return frames[-1] if frames else None


LISTS = "Lists do no arithmetic: make arrays first (np.asarray(values) or torch.tensor(values))."
SHAPES = "The shapes do not fit: print the .shape of each input; a model wants x as (N, features)."
# (error type, a phrase of its message or "", the fix): the common errors in learners' code
FIXES: list[tuple[type[BaseException], str, str]] = [
    (NotImplementedError, "", "Write your answer in the solution cell above and run it first."),
    (
        RuntimeError,
        "does not require grad",
        "backward() found no graph: the loss was computed under torch.no_grad(), or from "
        "detached tensors or tensors without requires_grad=True. Compute the loss outside "
        "no_grad(); use no_grad() only for the update.",
    ),
    (
        RuntimeError,
        "leaf Variable that requires grad",
        "Update parameters inside `with torch.no_grad():` (w -= lr * w.grad), not outside.",
    ),
    (KeyError, "", "That is a dict: index it by name (p['w']), not by position (p[0])."),
    (TypeError, "unsupported operand type(s) for", LISTS),
    (TypeError, "can't multiply sequence", LISTS),
    (RuntimeError, "mat1 and mat2 shapes cannot be multiplied", SHAPES),
    (RuntimeError, "size of tensor a", SHAPES),
    (ValueError, "operands could not be broadcast", SHAPES),
    (
        RuntimeError,
        "dtype",
        "Mixed dtypes: make the data float32 like the model (t.float(), or "
        "torch.tensor(a, dtype=torch.float32)).",
    ),
    (
        NameError,
        "",
        "Run the cell that defines it first (after a restart: the Exercises set-up cell, "
        "then your answer).",
    ),
    (
        AttributeError,
        "NoneType",
        "Something is None: a missing `return`, or .grad before backward()?",
    ),
]


MODULES = ("np", "torch", "nn", "optim", "F", "math", "plt")  # names the set-up cells import


def _name_fix(exc: NameError, fn: Callable[..., Any]) -> str:
    """A missing name: a module after a restart, or a typo (``Y`` for the argument ``y``)."""
    missing = getattr(exc, "name", None) or ""
    if missing in MODULES:
        return ""  # the usual fix: run the set-up cell
    try:
        params = tuple(inspect.signature(fn).parameters)
    except (TypeError, ValueError):
        params = ()
    same = [p for p in params if p.lower() == missing.lower()]
    if same:
        return f"Your argument is called `{same[0]}`, not `{missing}`: Python tells capitals apart."
    spelled = f" as in your function's arguments ({', '.join(params)})" if params else ""
    return (
        f"Is `{missing}` spelled{spelled}? Run the cell that defines it first if it is a "
        "notebook name (after a restart: the Exercises set-up cell, then your answer)."
    )


def _fix_for(exc: BaseException, fn: Callable[..., Any] | None = None) -> str:
    """The usual cause of a common error, in a learner's terms; empty when none applies."""
    if isinstance(exc, NameError) and fn is not None and (named := _name_fix(exc, fn)):
        return named
    text = str(exc)
    for kind, phrase, fix in FIXES:
        if not isinstance(exc, kind) or phrase not in text:
            continue
        if kind is KeyError and not (exc.args and isinstance(exc.args[0], int)):
            continue  # only p[0] on a dict
        if kind is TypeError and "list" not in text and "sequence" not in text:
            continue  # only arithmetic on lists
        return fix
    return ""


def call_learner(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """``fn(*args, **kwargs)``; an exception inside it becomes a ``CheckFailed`` that names the
    learner's function, quotes the line of their code that raised, and gives the usual fix."""
    try:
        return fn(*args, **kwargs)
    except CheckFailed:
        raise
    except Exception as exc:  # noqa: BLE001 - any error in the learner's code is explained
        name = function_name(fn)
        frame = _learner_frame(exc.__traceback__)
        where = ""
        if frame is not None:
            line = (frame.line or linecache.getline(frame.filename, frame.lineno)).strip()
            where = f" at `{line}`" if line else ""
        fix = _fix_for(exc, fn)
        first = str(exc).splitlines()[0] if str(exc) else ""
        message = f"{name}() raised {type(exc).__name__}{where}: {first}".rstrip(": ")
        raise CheckFailed(message + (f"\n{fix}" if fix else "")) from None


def read_prediction(predicted: Any, *, what: str, number: bool = True) -> Any:
    """The learner's prediction, checked before the experiment runs (so that a missing one
    never shows the answer first): not ``...`` or None, and a finite number when ``number``."""
    if predicted is ... or predicted is None:
        raise CheckFailed(
            f"Write your prediction of {what} first: in your prediction cell, replace the ... "
            "with your guess and run it; then run this cell."
        )
    if number:
        try:
            guess = float(predicted)
        except (TypeError, ValueError):
            guess = math.nan
        if not math.isfinite(guess):
            raise CheckFailed(f"Your prediction of {what} should be a number, got {predicted!r}.")
    return predicted


def check_prediction(
    predicted: Any,
    actual: Any,
    *,
    what: str,
    why: str,
    rtol: float = 0.1,
    at_least: float | None = None,
    wrap: bool = False,
) -> None:
    """Compare the learner's prediction with what the cell showed. A prediction is recorded
    when it is not ``...`` or None; a number counts as right within ``rtol`` (relative), any
    other value when equal. Either way ``why`` explains the answer. A wrong prediction does not
    stop the notebook (making it was the exercise), but it is never called correct.
    ``at_least``: the smallest possible value (a prediction below it gets a note saying so);
    ``wrap``: the message in lines of at most ``WIDTH`` characters, like a hint's."""
    is_number = isinstance(actual, (int, float)) and not isinstance(actual, bool)
    read_prediction(predicted, what=what, number=is_number)
    if is_number:
        guess = float(predicted)
        right = math.isclose(guess, float(actual), rel_tol=rtol, abs_tol=1e-12)
    else:
        right = predicted == actual
    if right:
        lines = [f"Correct: {what} is {actual!r}, as you predicted. {why}"]
    else:
        lines = [f"Not what you predicted: {what} is {actual!r}, you wrote {predicted!r}. {why}"]
    if is_number and at_least is not None and float(predicted) < at_least:
        lines.append(f"Note: {what} cannot be below {at_least}, whatever happens in training.")
    if wrap:
        lines = [textwrap.fill(line, WIDTH) for line in lines]
    print("\n".join(lines))
