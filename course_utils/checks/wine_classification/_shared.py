"""What the two modules of lesson 08's Exercise 1 (``check_wine_accuracy`` and the checks of
what it is given, in ``_wine_inputs``) share: the set-up cell's split, standardising with a
split's statistics, and the hint for a model that outputs probabilities.

A private module: its names carry no leading underscore so that the exercise modules can import
them. Introduced in notebook 08.
"""

from __future__ import annotations

import functools

import torch


@functools.lru_cache(maxsize=1)
def wine_split() -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
    """The set-up cell's split: (x_train, y_train, x_val, y_val)."""
    from ...data import train_val_split
    from ...wine import load_wine

    wine = load_wine()
    (x_tr, y_tr), (x_va, y_va) = train_val_split(
        wine.x, wine.y, val_frac=0.2, seed=0, stratify=True
    )
    return x_tr, y_tr, x_va, y_va


def scaled(x: torch.Tensor, by: torch.Tensor, correction: int = 0) -> torch.Tensor:
    """``x`` standardised with the column means and standard deviations of ``by``."""
    by = by.double()
    return (x.double() - by.mean(dim=0)) / by.std(dim=0, correction=correction)


def softmax_hint(layer: str) -> str:
    """Why a softmax-like layer is not the model given; ``layer`` is its class name, or "" for
    probabilities from a hand-written forward."""
    has = f"has a {layer} layer" if layer else "outputs probabilities (each row sums to 1)"
    if layer == "LogSoftmax":
        return (
            "wine_model has a LogSoftmax layer, so it is not the model the task gives. "
            "CrossEntropyLoss applies log-softmax itself and wants raw logits: the layer adds "
            "nothing. Use mlp([13, 10, 10, 3]) as it is."
        )
    return (
        f"wine_model {has}, so it is not the model the task gives. "
        "CrossEntropyLoss applies the softmax itself and wants raw logits; squeezing them into "
        "[0, 1] first means the loss cannot fall below 0.55 and learning slows down (Exercise 3 "
        "shows it). Use mlp([13, 10, 10, 3]) as it is."
    )
