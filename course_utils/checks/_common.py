"""What the lesson checkers share: the verdict, the number parsing, the hints several lessons
give and the reference data, models and training runs.

A private module: its names carry no leading underscore so that the lesson modules can import
them (no private name crosses a module boundary), and it exports nothing to learners.
"""

from __future__ import annotations

import dis
import types
from collections.abc import Sequence
from typing import Any

import numpy as np
import torch
from torch import nn

from ._feedback import CheckFailed

# ------------------------------------------------------------------ verdicts and messages


def ok(message: str) -> None:
    print(f"Correct: {message}")


def type_and_shape(value: Any) -> str:
    """What a hint says it got: the type, and the shape when there is one
    (``ndarray of shape (3,)``).

    Not ``_validate.describe``, which shows the value's repr: the checkers' messages name the type.
    """
    shape = getattr(value, "shape", None)
    return type(value).__name__ + (f" of shape {tuple(shape)}" if shape is not None else "")


def need_callable(fn: Any, example: str) -> None:
    if fn is None:  # also what a check cell's globals().get(name) gives before the answer ran
        name = example[example.find("(") + 1 : example.rfind(")")] or "your function"
        raise CheckFailed(
            f"Pass the function itself, as in {example}: got None. If {name} is not defined "
            "yet, write it in the answer cell above and run that cell, then this one (after a "
            "restart: the Exercises set-up cell first)."
        )
    if not callable(fn):
        raise CheckFailed(
            f"Pass the function itself, as in {example}, not the result of "
            f"calling it (got {type_and_shape(fn)})."
        )


def data_globals(fn: Any) -> list[str]:
    """The notebook's arrays and tensors that a learner's function reads as globals (instead of
    its arguments): the check calls it with other data, so these names explain a wrong answer.
    Only names loaded as globals count (not attributes such as ``x.mean``), in nested code too."""
    space = getattr(fn, "__globals__", {})
    codes, names = [getattr(fn, "__code__", None)], []
    while codes:
        code = codes.pop()
        if code is None:
            continue
        codes += [c for c in code.co_consts if isinstance(c, types.CodeType)]
        names += [i.argval for i in dis.get_instructions(code) if i.opname == "LOAD_GLOBAL"]
    used = dict.fromkeys(n for n in names if isinstance(space.get(n), (np.ndarray, torch.Tensor)))
    return list(used)


def learner_number(value: Any, what: str) -> float:
    """A float from a Python/NumPy number or a one-element array/tensor (detached)."""
    if value is None:
        raise CheckFailed(f"{what} is None: a missing `return`, or a .grad read before backward()?")
    if isinstance(value, torch.Tensor):
        value = value.detach().cpu().numpy()
    if isinstance(value, bool) or not isinstance(value, (int, float, np.number, np.ndarray)):
        raise CheckFailed(
            f"{what} should be a number (a float or a one-element tensor), "
            f"got {type_and_shape(value)}."
        )
    arr = np.asarray(value, dtype=np.float64)
    if arr.size != 1:
        raise CheckFailed(f"{what} should be one number, got {arr.size} (shape {arr.shape}).")
    return float(arr.reshape(()))


def learner_numbers(value: Any, count: int, what: str, example: str) -> np.ndarray:
    if isinstance(value, (torch.Tensor, np.ndarray)) and value.ndim == 1:
        value = list(value)
    if not isinstance(value, (tuple, list)) or len(value) != count:
        raise CheckFailed(
            f"{what} should be {count} numbers ({example}), got {type_and_shape(value)}."
        )
    return np.array([learner_number(v, f"{what}[{i}]") for i, v in enumerate(value)])


def close(a: Any, b: Any, rtol: float = 1e-4, atol: float = 1e-6) -> bool:
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=rtol, atol=atol))


def verdict(
    got: Any,
    truth: Any,
    mistakes: Sequence[tuple[Any, str]],
    fallback: str,
    detail: str = "",
    **tol: float,
) -> None:
    """Return when ``got`` matches ``truth``; else raise the hint of the first mistake it
    matches."""
    if close(got, truth, **tol):
        return
    hint = next(
        (h for wrong, h in mistakes if wrong is not None and close(got, wrong, **tol)), fallback
    )
    raise CheckFailed(hint + detail)


def fmt(v: Any) -> str:
    return (
        np.array2string(np.asarray(v, dtype=float), precision=4)
        if np.ndim(v)
        else f"{float(v):.4g}"
    )


ZERO_GRAD_HINT = (
    "Your gradients grow like the sum of all past gradients: backward() ADDS into "
    ".grad. Clear them before each backward(): set w.grad = None and b.grad = None "
    "(in a loop with an optimizer: optimizer.zero_grad()) at the start of every step."
)
SHAPE_HINT = (
    "Shapes (N, 1) and (N,) broadcast silently to (N, N): every prediction is compared "
    "with every target. Give both the same shape: y.reshape(-1, 1) (or flatten both "
    "with .reshape(-1))."
)


def sum_hint(n: int, what: str = "gradient") -> str:
    return (
        f"Your {what} is N = {n} times too large: you summed over the samples. The loss is "
        f"a mean, so use .mean() (np.mean), or divide the sum by N."
    )


# ------------------------------------------------------------------ reference data and models


def line_data(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The lessons' kind of data, y = 2x + 1 + noise, as float64 (n,) arrays (a local generator)."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(0.0, 10.0, n)
    return x, 2.0 * x + 1.0 + rng.normal(0.0, 1.5, n)


def column(a: np.ndarray) -> torch.Tensor:
    """A float32 (n, 1) tensor, the shape an ``nn.Linear(1, 1)`` takes."""
    return torch.tensor(a, dtype=torch.float32).reshape(-1, 1)


def line_model(w0: float, b0: float) -> nn.Linear:
    model = nn.utils.skip_init(nn.Linear, 1, 1)  # skip_init: no draw from the global RNG
    with torch.no_grad():
        model.weight.fill_(w0)
        model.bias.fill_(b0)
    return model


def flat_params(model: nn.Module) -> np.ndarray:
    return np.concatenate([p.detach().numpy().reshape(-1) for p in model.parameters()]).astype(
        float
    )


# ------------------------------------------------------------------ training loops (lessons 03, 04)


def reference_run(
    x: torch.Tensor, y: torch.Tensor, lr: float, steps: int, zero_grad: bool = True
) -> tuple[np.ndarray, list[float]]:
    """Full-batch SGD from w=0.5, b=0: the final parameters and the loss of each step."""
    model = line_model(0.5, 0.0)
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    losses = []
    for _ in range(steps):
        if zero_grad:
            optimizer.zero_grad()
        loss = nn.functional.mse_loss(model(x), y)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return flat_params(model), losses


def verdict_trained(
    model: nn.Module, x: torch.Tensor, y: torch.Tensor, lr: float, steps: int
) -> None:
    """The learner's loop trained ``model`` (started at w=0.5, b=0) for ``steps`` full-batch
    SGD steps."""
    got = flat_params(model)
    truth = reference_run(x, y, lr, steps)[0]
    verdict(
        got,
        truth,
        [
            (reference_run(x, y, lr, steps, zero_grad=False)[0], ZERO_GRAD_HINT),
            (
                np.array([0.5, 0.0]),
                "The parameters did not move: either zero_grad() runs between "
                "backward() and step(), wiping the gradient the step needs, or "
                "step() is never called. Order: zero_grad, forward, loss, "
                "backward, step.",
            ),
            (
                reference_run(x, y, lr, steps - 1)[0],
                f"Your loop made {steps - 1} updates instead of {steps}.",
            ),
            (
                reference_run(x, y, lr, steps + 1)[0],
                f"Your loop made {steps + 1} updates instead of {steps}.",
            ),
        ],
        "The parameters differ from full-batch SGD with nn.MSELoss on the given model: use the "
        "model, x, y and lr you are given, one update per step.",
        f" (got w, b = {fmt(got)}, expected {fmt(truth)})",
        rtol=1e-5,
    )
