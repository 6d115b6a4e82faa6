"""Checker for lesson 08, Exercise 1: the lesson's MLP, fresh, trained on the standardised
training split with at most 50 updates, reaching 90% validation accuracy.

What it is given is checked first (``_wine_inputs``); the reference accuracy is a loop over
rows. Introduced in notebook 08.
"""

from __future__ import annotations

import math
from typing import Any

import torch
from torch import nn

from .._common import ok, type_and_shape
from .._feedback import CheckFailed, call_learner
from ._shared import scaled, softmax_hint, wine_split
from ._wine_inputs import as_features, check_history, check_model, check_x_val_s, check_y_val

__all__ = ["check_wine_accuracy"]

TARGET = 0.9  # validation accuracy to reach


def _logits(model: nn.Module, x: torch.Tensor) -> torch.Tensor:
    """``model(x)`` in eval mode without a graph; the model's mode is restored."""

    def wine_model(features: torch.Tensor) -> Any:  # an error in their forward names their model
        return model(features)

    was_training = model.training
    model.eval()
    try:
        with torch.inference_mode():
            logits = call_learner(wine_model, x.float())
    finally:
        model.train(was_training)
    if not isinstance(logits, torch.Tensor) or logits.shape != (len(x), 3):
        raise CheckFailed(
            f"wine_model gives {type_and_shape(logits)} for {len(x)} wines; it should give "
            f"one logit per class, shape ({len(x)}, 3)."
        )
    return logits


def _accuracy(model: nn.Module, x: torch.Tensor, y: torch.Tensor) -> tuple[float, float]:
    """(accuracy, cross-entropy) of ``model`` on ``(x, y)`` in eval mode; mode restored."""
    logits = _logits(model, x)
    right = sum(int(row.argmax()) == int(label) for row, label in zip(logits, y))
    loss = float(nn.functional.cross_entropy(logits.double(), y))
    return right / len(y), loss


def check_wine_accuracy(model: Any, x_val_s: Any, y_val: Any, history: Any) -> None:
    """``model`` is a fresh ``mlp([13, 10, 10, 3])`` trained on the standardised training split
    with at most 50 updates (``history`` is what ``fit`` returned) and reaches a validation
    accuracy of at least 0.9 on ``x_val_s`` (x_val standardised with the training statistics).

    Introduced in notebook 08.
    """
    check_model(model)
    features = as_features(x_val_s)
    check_x_val_s(features)
    check_y_val(y_val)
    check_history(history)
    x_tr, y_tr, x_va, y_va = wine_split()
    logits = _logits(model, features)
    if bool((logits >= 0).all()) and torch.allclose(
        logits.double().sum(dim=1), torch.ones(len(logits), dtype=torch.float64), atol=1e-4
    ):
        raise CheckFailed(softmax_hint(""))  # a softmax in a hand-written forward
    acc, _ = _accuracy(model, features, y_va)
    updates = history.steps[-1]
    if acc >= TARGET:
        ok(
            f"validation accuracy {acc:.3f} >= {TARGET} after {updates} updates "
            f"(the lesson's recipe was at 0.750 after 50)."
        )
        return
    train_acc, train_loss = _accuracy(model, scaled(x_tr, x_tr), y_tr)
    _, raw_loss = _accuracy(model, x_tr.double(), y_tr)
    start, peak = history.step_loss[0], max(history.step_loss)
    if raw_loss < train_loss - 0.05:
        hint = (
            "wine_model does better on the unscaled training features than on standardised "
            "ones: it was trained on x_train as it is. Train it on x_train standardised with "
            "the training statistics, the same preprocessing as x_val_s."
        )
    elif not math.isfinite(peak) or peak > 2 * start or history.loss[-1] > history.loss[0]:
        jump = (
            f"a batch loss jumped to {peak:.3g} from {start:.3f} at the start"
            if peak > 2 * start
            else f"the epoch loss rose from {history.loss[0]:.3f} to {history.loss[-1]:.3f}"
        )
        hint = (
            f"The updates overshoot: {jump}, and the model did not recover. Each step is too "
            "large for this model."
        )
    elif train_acc < 0.95:
        hint = (
            f"wine_model is still learning: training accuracy {train_acc:.3f}, training loss "
            f"{train_loss:.3f} after {updates} updates. With so few updates, each one has to "
            "move the weights further."
        )
    else:
        hint = (
            f"wine_model fits the training wines (accuracy {train_acc:.3f}) but not the "
            "validation ones: the run learned the training split by heart. Change your recipe "
            "and train a fresh model."
        )
    raise CheckFailed(f"Validation accuracy {acc:.3f} is below {TARGET}. {hint}")
