"""What the checkers of lesson 01's Exercises 1 and 2 (``check_grad_no_bias``,
``check_gd_step``) share: the rules every answer follows. The learner's function reads only its
arguments and what the Exercises set-up cell provides, leaves its input arrays as they are and
returns (not prints) its answer; hints name it and its parameters in the learner's words.

A private module: its names carry no leading underscore so that the exercise modules can import
them. Introduced in notebook 01.
"""

from __future__ import annotations

import contextlib
import dis
import io
import types
from collections.abc import Callable
from typing import Any

import numpy as np

from .._feedback import call_learner, fail

# What the lesson's cells define and the Exercises set-up cell does not: an answer that uses
# them runs until the kernel restarts, then stops with a NameError.
_LESSON_ONLY = {
    "mse_grad": "section 3",
    "loss_at": "section 3",
    "predict": "section 2",
    "mse": "section 2",
    "course_utils": "the lesson's first cell",
}
_DATA = {"x", "y", "x_ex", "y_ex", "x_t", "y_t"}  # the notebook's data arrays
_PARAMS = {"w", "b", "lr"}  # the notebook's current parameters and learning rate


def _globals_read(fn: Callable[..., Any]) -> list[str]:
    """The global names ``fn`` reads (in nested lambdas and comprehensions too, and in helper
    functions defined in the same cell), in order."""
    code = getattr(fn, "__code__", None)
    if not isinstance(code, types.CodeType):
        return []
    spaces, home = getattr(fn, "__globals__", {}), code.co_filename
    todo, seen, names = [code], set(), []
    while todo:
        c = todo.pop(0)
        if c in seen:
            continue
        seen.add(c)
        for ins in dis.get_instructions(c):
            if ins.opname != "LOAD_GLOBAL" or not isinstance(ins.argval, str):
                continue
            names.append(ins.argval)
            helper = getattr(spaces.get(ins.argval), "__code__", None)
            if isinstance(helper, types.CodeType) and helper.co_filename == home:
                todo.append(helper)  # the learner's own helper: its names count as theirs
        todo += [k for k in c.co_consts if isinstance(k, types.CodeType)]
    return list(dict.fromkeys(names))


def _defined_in_same_cell(fn: Callable[..., Any], name: str) -> bool:
    value = getattr(fn, "__globals__", {}).get(name)
    code = getattr(value, "__code__", None)
    return isinstance(code, types.CodeType) and code.co_filename == fn.__code__.co_filename


def check_names(fn: Callable[..., Any], name: str, args: tuple[str, ...], finite: str) -> None:
    """The function reads only its arguments and what the set-up cell provides; ``finite``
    is the hint for an answer that calls ``numerical_grad``."""
    for g in _globals_read(fn):
        if g in _DATA:
            raise fail(
                f"{name} reads the notebook's {g} instead of its own arguments "
                f"({', '.join(args[:2])}): the check calls it with other data. Use the "
                "arguments it is given."
            )
        if g == "b" and "b" not in args:
            raise fail(
                f"{name} reads the notebook's b: this model has no bias (y_hat = w*x), so b "
                "plays no part in it."
            )
        if g in _PARAMS:
            raise fail(
                f"{name} reads the notebook's {g} instead of its argument: the check calls it "
                "with other values. Use only its arguments "
                f"({', '.join(args)})."
            )
        if g == "numerical_grad":
            raise fail(finite)
        if g in _LESSON_ONLY and not _defined_in_same_cell(fn, g):
            raise fail(
                f"{name} uses {g} from the lesson ({_LESSON_ONLY[g]}), which the Exercises "
                "set-up cell does not provide: after a restart it is not defined. Write that "
                "part in your answer cell."
            )


def call_returning(fn: Callable[..., Any], name: str, *args: Any) -> Any:
    """``fn(*args)`` through ``call_learner``; None (a print instead of a return) is refused."""
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        result = call_learner(fn, *args)
    if result is None:
        shown = printed.getvalue().strip()
        raise fail(
            f"{name} printed {shown.splitlines()[-1][:60]!r} but returned None: print shows a "
            "value, `return` hands it back to the caller. Return it."
            if shown
            else f"{name} returned None: is the `return` missing?"
        )
    return result


def unchanged(name: str, args: tuple[str, ...], given: list[Any], kept: list[Any]) -> None:
    """The arrays the function was given still hold their values."""
    for arg, now, before in zip(args, given, kept):
        if not np.array_equal(now, before):
            raise fail(
                f"{name} changed its argument {arg} in place: `{arg} -= ...` or `{arg} *= ...` "
                "on an array writes into the caller's array (in the notebook: the lesson's "
                f"data). Leave {arg} as it is; put the result in a new array."
            )
