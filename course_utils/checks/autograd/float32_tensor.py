"""Checker for lesson 02, Exercise 2: any NumPy array turned into a float32 tensor of the same
shape and values with a modern constructor (not ``torch.FloatTensor`` and the other legacy
ones). Introduced in notebook 02.
"""

from __future__ import annotations

import ast
import inspect
import textwrap
from collections.abc import Callable
from typing import Any

import numpy as np
import torch

from .._common import close, need_callable, ok, type_and_shape
from .._feedback import CheckFailed, call_learner
from ._shared import EX_N, code_names, exercise_data

__all__ = ["check_float32_tensor"]


def _source_tree(fn: Callable[..., Any]) -> ast.AST | None:
    """The parsed source of ``fn`` (a notebook cell's source is available too), or None."""
    try:
        return ast.parse(textwrap.dedent(inspect.getsource(fn)))
    except (OSError, TypeError, SyntaxError, IndentationError):
        return None


# The legacy constructors: torch.Tensor and the typed ones (torch.FloatTensor, ...).
LEGACY = {
    f"{kind}Tensor"
    for kind in ("", "Float", "Double", "Half", "BFloat16", "Long", "Int", "Short", "Byte",
                 "Char", "Bool")
}  # fmt: skip


def _legacy_used(fn: Callable[..., Any]) -> str | None:
    """The legacy constructor ``fn`` uses (a call of torch.FloatTensor, torch.Tensor, ..., or a
    .type(torch.FloatTensor) conversion), or None. Read from its source when there is one (so a
    comment or isinstance(t, torch.Tensor) does not count), else from its bytecode's names."""
    tree = _source_tree(fn)
    if tree is None:
        code = getattr(fn, "__code__", None)
        found = sorted(code_names(code) & (LEGACY - {"Tensor"})) if code else []
        return found[0] if found else None
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        called = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
        if called in LEGACY:
            return called
        if called == "type":  # t.type(torch.FloatTensor) or t.type("torch.FloatTensor")
            for arg in ast.walk(ast.Module(body=[ast.Expr(a) for a in node.args], type_ignores=[])):
                word = getattr(arg, "attr", None) or getattr(arg, "id", None)
                if word in LEGACY:
                    return word
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    if arg.value.rsplit(".", 1)[-1] in LEGACY:
                        return arg.value.rsplit(".", 1)[-1]
    return None


def check_float32_tensor(fn: Callable[[np.ndarray], Any]) -> None:
    """``fn(a)`` turns any NumPy array into a float32 tensor of the same shape and values, with a
    modern constructor (not torch.FloatTensor and the other legacy ones), leaving ``a`` as it was.

    Introduced in notebook 02.
    """
    need_callable(fn, "check_float32_tensor(to_float32)")
    name = getattr(fn, "__name__", "your function")
    legacy = _legacy_used(fn)
    if legacy is not None:
        raise CheckFailed(
            f"{name}() uses the legacy constructor torch.{legacy}, which the task rules out: "
            f"the legacy constructors read a number as a size (torch.{legacy}(3) is three "
            "uninitialised numbers, not [3.]) and take no dtype= argument. Use one of the "
            "modern constructors from section 1, asking for float32."
        )
    x_ex = exercise_data()[0]
    for make in [
        lambda: np.linspace(0.0, 1.0, 5),
        lambda: np.arange(6).reshape(3, 2),
        lambda: np.array([[1.5], [2.5]]),
        lambda: np.array([1.0, 2.0], dtype=np.float32),
        lambda: np.arange(12.0).reshape(3, 4)[:, ::2],  # a view, not contiguous
    ]:
        a, arg = make(), make()  # the learner gets arg; a stays as it was
        got = call_learner(fn, arg)
        where = f" (input: {a.dtype} array of shape {a.shape})"
        if arg.dtype != a.dtype or arg.shape != a.shape or not np.array_equal(arg, a):
            raise CheckFailed(
                f"{name}() changed the array it was given (now {arg.dtype}, shape "
                f"{arg.shape}): leave a as it is and return a new tensor." + where
            )
        if got is None:
            raise CheckFailed(
                f"{name}() returned None: end it with `return` and the tensor "
                "(print shows it but hands nothing back)." + where
            )
        if isinstance(got, np.ndarray):
            raise CheckFailed(
                f"{name}() returned a NumPy array ({got.dtype}): return a torch.Tensor, made "
                "with one of the modern constructors from section 1." + where
            )
        if not isinstance(got, torch.Tensor):
            raise CheckFailed(f"Return a torch.Tensor, got {type_and_shape(got)}." + where)
        if got.numel() == EX_N and close(got.detach().reshape(-1).double().numpy(), x_ex):
            raise CheckFailed(
                f"{name}() returned the notebook's x_ex, not a tensor made from the array a "
                "it was given: use its argument." + where
            )
        if got.dtype == torch.float64:
            raise CheckFailed(
                "Your tensor is float64: a float64 array keeps its dtype unless you ask for "
                "another. Models hold float32 weights (nn.Linear on float64 input raises "
                "'mat1 and mat2 must have the same dtype'), and float32 needs half the memory: "
                "ask for float32 explicitly." + where
            )
        if not got.is_floating_point():
            raise CheckFailed(
                f"Your tensor is {got.dtype}: an integer array stays integer, and integer tensors "
                "cannot require gradients. Ask for float32 explicitly." + where
            )
        if got.dtype != torch.float32:
            raise CheckFailed(
                f"Your tensor is {got.dtype}; the task asks for torch.float32." + where
            )
        if tuple(got.shape) != a.shape:
            raise CheckFailed(
                f"The shape changed to {tuple(got.shape)}: convert the dtype only "
                "and keep the shape." + where
            )
        if not np.allclose(got.detach().cpu().numpy(), a):
            raise CheckFailed("The values changed: convert the dtype, keep the numbers." + where)
    ok(f"{name}() makes float32 tensors of the same shape and values from any NumPy array.")
