"""The checkers of lesson 02 (autograd): the corpus of learner attempts, each with the
verdict and the hint it must get."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")  # the exercises draw one figure; no window in a test run

import numpy as np  # noqa: E402
import pytest  # noqa: E402
import torch  # noqa: E402
from check_helpers import fails, passes  # noqa: E402

from course_utils import checks  # noqa: E402

# ------------------------------------------------------------------ 02


def autograd_grads(x, y, w, b):
    w.grad = b.grad = None
    ((w * x + b - y) ** 2).mean().backward()
    return w.grad, b.grad


def test_autograd_grad_accepts_the_reference_and_floats(capsys):
    passes(checks.check_autograd_grad, autograd_grads, capsys=capsys)
    passes(
        checks.check_autograd_grad, lambda *a: [g.item() for g in autograd_grads(*a)], capsys=capsys
    )


def grads_accumulating(x, y, w, b):
    ((w * x + b - y) ** 2).mean().backward()
    return w.grad.clone(), b.grad.clone()


def grads_summed(x, y, w, b):
    w.grad = b.grad = None
    ((w * x + b - y) ** 2).sum().backward()
    return w.grad, b.grad


def grads_broadcast(x, y, w, b):
    w.grad = b.grad = None
    ((w * x + b - y.reshape(-1)) ** 2).mean().backward()  # (N, 1) - (N,) -> (N, N)
    return w.grad, b.grad


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (grads_accumulating, "sum of all past gradients"),
        (grads_summed, "you summed over the samples"),
        (grads_broadcast, "broadcast silently to (N, N)"),
        (lambda x, y, w, b: (w.grad, b.grad), "already in .grad: call loss.backward()"),
        (
            lambda x, y, w, b: [setattr(w, "grad", None), w.grad, b.grad][1:],
            "a .grad read before backward()",
        ),
        (lambda x, y, w, b: [g / 2 for g in autograd_grads(x, y, w, b)], "Half the true gradient"),
        (lambda x, y, w, b: [-g for g in autograd_grads(x, y, w, b)], "Not the gradient of mean("),
    ],
)
def test_autograd_grad_names_the_mistake(wrong, hint):
    fails(checks.check_autograd_grad, wrong, hint=hint)


def test_float32_tensor_accepts_modern_constructors(capsys):
    passes(
        checks.check_float32_tensor,
        lambda a: torch.as_tensor(a, dtype=torch.float32),
        capsys=capsys,
    )
    passes(checks.check_float32_tensor, lambda a: torch.from_numpy(a).float(), capsys=capsys)


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (torch.from_numpy, "float64"),
        (torch.tensor, "float64"),
        (
            lambda a: (
                torch.from_numpy(a)
                if a.dtype.kind == "i"
                else torch.as_tensor(a, dtype=torch.float32)
            ),
            "integer tensors cannot require gradients",
        ),
        (lambda a: a.astype(np.float32), "returned a NumPy array"),
        (lambda a: torch.as_tensor(a, dtype=torch.float16), "the course uses torch.float32"),
        (lambda a: torch.as_tensor(a, dtype=torch.float32).reshape(-1, 1), "The shape changed"),
        (lambda a: torch.as_tensor(a, dtype=torch.float32) / 2, "The values changed"),
        (lambda a: a.tolist(), "Return a torch.Tensor"),
    ],
)
def test_float32_tensor_names_the_mistake(wrong, hint):
    fails(checks.check_float32_tensor, wrong, hint=hint)
