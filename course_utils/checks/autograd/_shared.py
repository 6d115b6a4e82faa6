"""What the checkers of lesson 02's Exercises 1 and 2 (``check_autograd_grad``,
``check_float32_tensor``) share: the Exercises set-up cell's data, to recognise an answer that
reads the notebook's globals, and the names a function's bytecode reads.

A private module: its names carry no leading underscore so that the exercise modules can import
them. Introduced in notebook 02.
"""

from __future__ import annotations

import types

import numpy as np

from ...data import make_linear_data

# The Exercises set-up cell's data and parameters (notebooks/src/02_autograd.py).
EX_SEED, EX_N, W_EX, B_EX = 7, 20, 0.5, -1.0


def exercise_data() -> tuple[np.ndarray, np.ndarray]:
    x, y = make_linear_data(EX_N, seed=EX_SEED)
    return x.numpy().reshape(-1).astype(float), y.numpy().reshape(-1).astype(float)


def code_names(code: types.CodeType) -> set[str]:
    """Every global and attribute name a function's bytecode reads, nested functions included:
    what it uses, without its comments or strings, and without needing its source."""
    names = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= code_names(const)
    return names
