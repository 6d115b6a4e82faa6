"""Checkers for lesson 07, Wine classification: a trained model's validation accuracy, and the
accuracy computed from logits.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import torch
from torch import nn

from ._common import learner_number, need_callable, ok, type_and_shape, verdict
from ._feedback import CheckFailed, call_learner

__all__ = ["check_wine_accuracy", "check_accuracy_from_logits"]


def check_wine_accuracy(model: Any, x_val: Any, y_val: Any) -> None:
    """``model`` reaches a validation accuracy >= 0.9 on the (standardised) Wine validation split.

    Introduced in notebook 07.
    """
    if not isinstance(model, nn.Module):
        raise CheckFailed(f"Pass the trained model (an nn.Module), got {type_and_shape(model)}.")
    if not isinstance(x_val, torch.Tensor) or x_val.ndim != 2 or x_val.shape[1] != 13:
        raise CheckFailed(
            "x_val should be the validation features, a (N, 13) tensor; "
            f"got {type_and_shape(x_val)}."
        )
    if (
        not isinstance(y_val, torch.Tensor)
        or y_val.shape != (len(x_val),)
        or y_val.is_floating_point()
    ):
        raise CheckFailed(
            "y_val should be the integer class labels 0, 1, 2 of shape (N,) "
            f"(not one-hot, not floats); got {type_and_shape(y_val)}."
        )
    if len(x_val) < 20:
        raise CheckFailed(f"Only {len(x_val)} validation samples: pass the whole validation split.")
    was_training = model.training
    model.eval()
    with torch.inference_mode():
        logits = model(x_val.float())
    model.train(was_training)
    if logits.shape != (len(x_val), 3):
        raise CheckFailed(
            f"The model outputs shape {tuple(logits.shape)}; it should give 3 "
            "numbers per sample (one logit per class): (N, 3)."
        )
    pred = logits.argmax(dim=1)
    acc = float((pred == y_val).float().mean())
    if acc >= 0.9:
        ok(f"validation accuracy {acc:.3f} >= 0.9.")
        return
    if bool((logits >= 0).all()) and torch.allclose(
        logits.sum(dim=1), torch.ones(len(logits)), atol=1e-4
    ):
        hint = (
            "Your model ends with a softmax: CrossEntropyLoss applies log-softmax itself and "
            "wants raw logits. Remove the Softmax layer."
        )
    elif x_val.abs().mean(dim=0).max() > 5:
        hint = (
            "x_val is not standardised (some features are in the hundreds): fit a "
            "Standardizer on the training features and transform both splits with it."
        )
    elif bool((pred == pred[0]).all()):
        hint = (
            "The model predicts the same class for every sample: it has barely learned. "
            "Standardise the inputs, train for more epochs, and call zero_grad each step."
        )
    else:
        hint = (
            "Train for more epochs (Adam, lr=1e-3, batch 32), with inputs standardised by "
            "the training-set statistics and integer labels for CrossEntropyLoss."
        )
    raise CheckFailed(f"Validation accuracy {acc:.3f} is below 0.9. {hint}")


def check_accuracy_from_logits(fn: Callable[..., Any]) -> None:
    """``fn(logits, y)``: the fraction of rows whose largest logit is at the true class.

    Introduced in notebook 07.
    """
    need_callable(fn, "check_accuracy_from_logits(accuracy_from_logits)")
    gen = torch.Generator().manual_seed(12)
    square = torch.tensor([[1.0, 5.0, 0.0], [0.0, 4.0, 3.0], [2.0, 0.0, 1.0]])  # N = 3 = classes
    for logits, y in [
        (square, torch.tensor([1, 2, 2])),
        (torch.randn(8, 3, generator=gen) * 2, torch.tensor([2, 2, 1, 0, 2, 1, 0, 0])),
    ]:
        truth = float((logits.argmax(dim=1) == y).float().mean())
        try:
            out = call_learner(fn, logits.clone(), y.clone())
        except RuntimeError as exc:
            raise CheckFailed(
                f"Your function raised RuntimeError ({exc}). Predictions are "
                "logits.argmax(dim=1): one class per row, shape (N,) like y."
            ) from exc
        got = learner_number(out, "The returned accuracy")
        n = len(y)
        verdict(
            got,
            truth,
            [
                (
                    float((logits.argmax(dim=0) == y).float().mean()) if n == 3 else None,
                    "argmax(dim=0) picks, for each class, the sample with the largest logit. You "
                    "want, for each sample, the class with the largest logit: "
                    "logits.argmax(dim=1).",
                ),
                (
                    float((logits.argmax(dim=1, keepdim=True) == y).float().mean()),
                    "argmax(..., keepdim=True) gives shape (N, 1); compared with y of shape (N,) "
                    "it broadcasts to (N, N). Drop keepdim.",
                ),
                (n * truth, f"You returned the number of correct predictions; divide by N = {n}."),
                (100 * truth, "Return a fraction between 0 and 1, not a percentage."),
                (
                    1 - truth,
                    "That is the error rate: count the rows where the prediction equals y.",
                ),
            ],
            "Accuracy is (logits.argmax(dim=1) == y).float().mean().",
            f" (N={n}: got {got:.4g}, expected {truth:.4g})",
        )
    ok("argmax over the classes (dim=1); a softmax first would change nothing, it keeps the order.")
