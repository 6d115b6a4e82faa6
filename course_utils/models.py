"""Models for the lessons: a line written by hand, the same line as ``nn.Linear``, and an MLP.

``LinearRegression``, ``linear_model`` and ``get_params`` are introduced in notebook 04,
``mlp`` in notebook 08. Random start values come from PyTorch's global generator, so seed
with ``course_utils.set_seed`` first; nothing here seeds anything.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence

import numpy as np
import torch
from torch import nn

from ._validate import as_float_tensor, check_features, check_model, check_number

__all__ = ["LinearRegression", "linear_model", "mlp", "get_params"]

MAX_LISTED_PARAMS = 20  # get_params lists at most this many numbers; more is unreadable


def _start(value: float | None, name: str) -> float | None:
    """A start value: None (random) or a finite number."""
    return None if value is None else check_number(value, name)


class LinearRegression(nn.Module):
    """``y_hat = x * w + b`` for one feature, with ``w`` and ``b`` as explicit ``nn.Parameter``s.

    ``w0``/``b0`` fix the start values; ``None`` draws them with ``torch.randn`` (global RNG).
    ``forward`` takes ``x`` of shape (N, 1) and returns (N, 1). Introduced in notebook 04.
    """

    def __init__(self, w0: float | None = None, b0: float | None = None) -> None:
        super().__init__()
        # nn.Parameter registers the tensor: it shows up in parameters(), state_dict() and
        # gets requires_grad=True, which is all an optimizer needs.
        w0, b0 = _start(w0, "w0"), _start(b0, "b0")
        self.w = nn.Parameter(torch.randn(1) if w0 is None else torch.tensor([w0]))
        self.b = nn.Parameter(torch.randn(1) if b0 is None else torch.tensor([b0]))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if not isinstance(x, torch.Tensor):  # a list or NumPy array; a tensor costs nothing here
            x = as_float_tensor(x, "x")
        check_features(x)  # a 1-D x would broadcast silently and return (N,), not (N, 1)
        if x.shape[1] != 1:
            raise ValueError(
                f"LinearRegression takes one feature, so x must be (N, 1); got {tuple(x.shape)}. "
                f"For {x.shape[1]} features use nn.Linear({x.shape[1]}, 1)."
            )
        return x * self.w + self.b


def linear_model(w0: float | None = None, b0: float | None = None) -> nn.Linear:
    """``nn.Linear(1, 1)``, optionally started at weight ``w0`` and bias ``b0``.

    ``None`` keeps PyTorch's own random initialisation. Introduced in notebook 04.
    """
    w0, b0 = _start(w0, "w0"), _start(b0, "b0")
    model = nn.Linear(1, 1)
    with torch.no_grad():  # setting start values is not part of the graph autograd records
        if w0 is not None:
            model.weight.fill_(w0)
        if b0 is not None:
            model.bias.fill_(b0)
    return model


def mlp(sizes: Sequence[int]) -> nn.Sequential:
    """A multi-layer perceptron: ``Linear, ReLU, ..., Linear`` through the given layer sizes.

    ``mlp([13, 10, 10, 3])`` maps 13 features to 3 outputs (logits, no activation at the
    end: ``CrossEntropyLoss`` applies the softmax itself). Introduced in notebook 08.
    """
    if isinstance(sizes, (str, bytes)) or not isinstance(sizes, Sequence):
        raise TypeError(
            f"sizes must be a list of layer sizes such as [13, 10, 10, 3], got {sizes!r}"
        )
    bad = [s for s in sizes if isinstance(s, bool) or not isinstance(s, (int, np.integer)) or s < 1]
    if len(sizes) < 2 or bad:
        raise ValueError(
            "sizes must be at least two positive ints (inputs, ..., outputs), e.g. "
            f"[13, 10, 10, 3]; got {list(sizes)}" + (f" (not positive ints: {bad})" if bad else "")
        )
    layers: list[nn.Module] = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        layers += [nn.Linear(int(n_in), int(n_out)), nn.ReLU()]
    return nn.Sequential(*layers[:-1])  # no ReLU after the last layer: outputs may be negative


def get_params(model: nn.Module) -> dict[str, float]:
    """The model's parameters as plain floats, for printing and for ``History.params``.

    A line (one 1-element weight and one 1-element bias: ``LinearRegression``,
    ``nn.Linear(1, 1)`` or a ``Sequential`` holding one) gives ``{"w": ..., "b": ...}``.
    Other models with at most 20 numbers give ``{"name[i]": value}`` per element; bigger ones
    raise ``ValueError`` (look at ``model.state_dict()`` instead). Introduced in notebook 04.
    """
    check_model(model)
    named = [(name, p.detach()) for name, p in model.named_parameters()]
    if len(named) == 2 and all(p.numel() == 1 for _, p in named):
        (wname, w), (bname, b) = named
        if wname.split(".")[-1] in ("w", "weight") and bname.split(".")[-1] in ("b", "bias"):
            return {"w": float(w.item()), "b": float(b.item())}
    total = sum(p.numel() for _, p in named)
    if total > MAX_LISTED_PARAMS:
        raise ValueError(
            f"get_params is meant for small models (at most {MAX_LISTED_PARAMS} numbers); this "
            f"model has {total}. Look at model.state_dict() or model.named_parameters() instead."
        )
    return {
        f"{name}[{i}]": float(v) for name, p in named for i, v in enumerate(p.reshape(-1).tolist())
    }


@contextlib.contextmanager
def eval_mode(model: nn.Module) -> Iterator[None]:
    """Eval mode without a graph inside; afterwards every submodule gets its own mode back."""
    modes = [(m, m.training) for m in model.modules()]
    model.eval()
    try:
        with torch.no_grad():
            yield
    finally:
        for m, mode in modes:
            m.training = mode
