"""The checks of what ``check_wine_accuracy`` (lesson 08, Exercise 1) is given, before it
measures the accuracy: the model the task gives (``wine_model``), the validation features
standardised with the training statistics (``x_val_s``), the validation labels (``y_val``) and
the record of a fresh model's training within the budget (``history_wine``).

A private module: its names carry no leading underscore so that ``wine_accuracy`` can import
them. Introduced in notebook 08.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import torch
from torch import nn

from ...history import History
from .._common import type_and_shape
from .._feedback import CheckFailed
from ._shared import scaled, softmax_hint, wine_split

BUDGET = 50  # updates (optimizer steps) allowed in Exercise 1
LAYERS = [(13, 10), (10, 10), (10, 3)]  # mlp([13, 10, 10, 3]): the model the task gives
FRESH_LOSS = 0.7  # a fresh model's first batch loss on standardised wines is about log 3 = 1.10
PROBABILITIES = (nn.Softmax, nn.LogSoftmax, nn.Sigmoid, nn.Softmin)


def _same(a: torch.Tensor, b: torch.Tensor) -> bool:
    return a.shape == b.shape and bool(torch.allclose(a.double(), b.double(), atol=1e-4))


def as_features(value: Any) -> torch.Tensor:
    """x_val_s as a float64 (N, 13) tensor (a NumPy array is fine too)."""
    if isinstance(value, np.ndarray) and value.dtype.kind == "f":
        value = torch.from_numpy(value)
    if not isinstance(value, torch.Tensor) or value.ndim != 2 or value.shape[1] != 13:
        raise CheckFailed(
            "x_val_s should be the validation features standardised, a (36, 13) tensor; "
            f"got {type_and_shape(value)}."
        )
    return value.detach().double()


def check_model(model: Any) -> None:
    """The model the task gives: mlp([13, 10, 10, 3]), Linear and ReLU layers, no softmax. A
    model of nested nn.Sequential must have its layers in that order; a hand-written nn.Module
    (its forward may call F.relu) needs the same Linear layers and nothing else."""
    if not isinstance(model, nn.Module):
        raise CheckFailed(
            f"wine_model should be the trained model (an nn.Module); got {type(model).__name__}."
        )
    leaves = [m for m in model.modules() if not list(m.children())]
    squash = [type(m).__name__ for m in leaves if isinstance(m, PROBABILITIES)]
    if squash:
        raise CheckFailed(softmax_hint(squash[0]))
    linears = [(m.in_features, m.out_features) for m in leaves if isinstance(m, nn.Linear)]
    extra = sorted({type(m).__name__ for m in leaves if not isinstance(m, (nn.Linear, nn.ReLU))})
    sequential = all(isinstance(m, nn.Sequential) for m in model.modules() if list(m.children()))
    order = [type(m).__name__ for m in leaves]
    if linears != LAYERS:
        shape = " -> ".join([str(linears[0][0]), *(str(o) for _, o in linears)]) if linears else ""
        found = f"its Linear layers go {shape}" if linears else "it has no Linear layers"
        raise CheckFailed(
            f"wine_model is not the model the task gives: {found}. The exercise keeps "
            "mlp([13, 10, 10, 3]) (13 -> 10 -> 10 -> 3, a ReLU after each hidden layer) and "
            "changes only how it is trained."
        )
    if extra:
        raise CheckFailed(
            f"wine_model adds {', '.join(extra)} to mlp([13, 10, 10, 3]): the exercise keeps the "
            "model as it is and changes only how it is trained."
        )
    if sequential and order != ["Linear", "ReLU", "Linear", "ReLU", "Linear"]:
        raise CheckFailed(
            f"wine_model's layers are {', '.join(order)}; mlp([13, 10, 10, 3]) has a ReLU after "
            "each hidden Linear layer and none after the last. Keep the model as it is."
        )


def check_x_val_s(x_val_s: torch.Tensor) -> None:
    """x_val standardised with the training split's statistics (either std formula)."""
    x_tr, _, x_va, _ = wine_split()
    if len(x_val_s) != len(x_va):
        raise CheckFailed(
            f"x_val_s has {len(x_val_s)} rows; the validation split has {len(x_va)} wines. "
            "Standardise all of x_val."
        )
    if any(_same(x_val_s, scaled(x_va, x_tr, c)) for c in (0, 1)):
        return
    wrong = [
        (
            x_va,
            "x_val_s is x_val unscaled: proline runs to hundreds while hue stays below 2. "
            "Standardise it with the training statistics.",
        ),
        (
            scaled(x_va, x_va),
            "x_val_s is standardised with the validation split's own mean and std: its columns "
            "have mean 0 exactly. Use the statistics of x_train for both splits: the "
            "validation wines must not shape the preprocessing.",
        ),
        (
            scaled(x_va, torch.cat([x_tr, x_va])),
            "x_val_s is standardised with the mean and std of all 178 wines, validation "
            "included: that leaks the validation wines into the preprocessing. Use the "
            "statistics of x_train only.",
        ),
    ]
    wrong += [
        (scaled(x_va, x_va, 1), wrong[1][1]),
        (scaled(x_va, torch.cat([x_tr, x_va]), 1), wrong[2][1]),
    ]
    for candidate, hint in wrong:
        if _same(x_val_s, candidate):
            raise CheckFailed(hint)
    raise CheckFailed(_which_part(x_val_s, x_va.double(), x_tr.double()))


def _which_part(x_val_s: torch.Tensor, x_va: torch.Tensor, x_tr: torch.Tensor) -> str:
    """Which part of the standardisation is off: read each column's shift and scale back from
    x_val = scale * x_val_s + shift, and compare them with the training mean and std."""
    centred = x_val_s - x_val_s.mean(dim=0)
    spread = (centred**2).sum(dim=0)
    if bool((spread == 0).any()):
        return "x_val_s has a constant column: standardise each column of x_val."
    scale = (centred * (x_va - x_va.mean(dim=0))).sum(dim=0) / spread
    shift = x_va.mean(dim=0) - scale * x_val_s.mean(dim=0)
    if not torch.allclose(scale * x_val_s + shift, x_va, rtol=1e-4, atol=1e-3):
        return (
            "x_val_s is not x_val shifted and rescaled column by column: standardising keeps "
            "each column's shape and changes only its centre and its spread."
        )
    mean_ok = torch.allclose(shift, x_tr.mean(dim=0), rtol=1e-3, atol=1e-4)
    std_ok = any(
        torch.allclose(scale, x_tr.std(dim=0, correction=c), rtol=1e-3, atol=1e-4) for c in (0, 1)
    )
    if mean_ok and not std_ok:
        return (
            "x_val_s is centred with the training means, but its columns are divided by "
            "something other than the training standard deviations."
        )
    if std_ok and not mean_ok:
        return (
            "x_val_s is divided by the training standard deviations, but centred on something "
            "other than the training means."
        )
    return (
        "x_val_s is x_val rescaled column by column, but with neither the means nor the "
        "standard deviations of x_train."
    )


def check_y_val(y_val: Any) -> None:
    _, _, _, y_va = wine_split()
    if not isinstance(y_val, torch.Tensor) or y_val.shape != y_va.shape:
        raise CheckFailed(
            f"y_val should be the set-up cell's validation labels, shape {tuple(y_va.shape)}; "
            f"got {type_and_shape(y_val)}."
        )
    if y_val.is_floating_point():
        raise CheckFailed(
            "y_val holds floats: class labels are integer class indices (int64) 0, 1, 2, as the "
            "set-up cell gives them (CrossEntropyLoss and argmax both work with indices)."
        )
    if torch.equal(y_val.long(), y_va + 1):
        raise CheckFailed(
            "y_val holds the labels 1, 2, 3: the classes are numbered from 0 (0, 1, 2), the "
            "positions of the model's 3 outputs. Keep the labels as the set-up cell gives them."
        )
    if not torch.equal(y_val.long(), y_va):
        raise CheckFailed(
            "y_val is not the set-up cell's validation labels: keep the split it made "
            "(run the Exercises set-up cell again after a change)."
        )


def check_history(history: Any) -> None:
    """fit's History: the training split, at most BUDGET updates, CrossEntropyLoss, a fresh
    model."""
    _, y_tr, _, y_va = wine_split()
    if not isinstance(history, History) or not history.steps:
        raise CheckFailed(
            "history_wine should be what fit returns (a History: it records how many updates "
            f"training made and on how many wines); got {type_and_shape(history)}."
        )
    per_epoch = history.samples[0]
    if per_epoch == len(y_va):
        raise CheckFailed(
            f"history_wine shows training on {per_epoch} wines: the validation split. A model "
            "trained on the validation wines is graded on wines it has seen; train on the "
            f"{len(y_tr)} training wines."
        )
    if per_epoch == len(y_tr) + len(y_va):
        raise CheckFailed(
            f"history_wine shows training on all {per_epoch} wines, validation included: then "
            f"the validation accuracy says nothing about new wines. Train on the {len(y_tr)} "
            "training wines only."
        )
    if per_epoch != len(y_tr):
        raise CheckFailed(
            f"history_wine shows {per_epoch} wines per epoch; the training split has "
            f"{len(y_tr)}. Train on all of x_train (standardised)."
        )
    updates = history.steps[-1]
    if updates > BUDGET:
        raise CheckFailed(
            f"history_wine shows {updates} updates ({history.epochs} epochs of "
            f"{history.steps[0]}); the budget is {BUDGET}. Make fewer updates (fewer epochs, or "
            "bigger batches), and make each one count for more."
        )
    if min(history.step_loss) < 0:
        raise CheckFailed(
            "history_wine holds negative losses: that is not CrossEntropyLoss (a cross-entropy is "
            "never below 0). Train with loss_fn=nn.CrossEntropyLoss() on the raw logits."
        )
    if history.step_loss[0] < FRESH_LOSS:
        raise CheckFailed(
            f"The first batch loss in history_wine is {history.step_loss[0]:.3f}: wine_model had "
            "already learned before this fit (a fresh model starts near log 3 = 1.10). Start "
            "from a fresh mlp([13, 10, 10, 3]) so that the budget counts every update."
        )
