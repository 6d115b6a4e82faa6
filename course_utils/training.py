"""Training: ``train_step`` (one update), ``evaluate``, ``accuracy`` and ``fit`` (the loop).

The loop is introduced in notebook 04. ``fit`` runs exactly the loop a learner writes by hand
and adds no arithmetic, so the numbers are identical; the checks that turn the classic
mistakes into clear errors live in ``_validate_training.py`` and run once, before the loop.
``History`` and ``TrainingDiverged`` live in ``history.py`` (lesson 01 uses them too).
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from typing import Any

import torch
from torch import nn, optim

from ._validate import check_callable, check_model
from ._validate_training import (
    Callback,
    LossFn,
    check_label_range,
    checked_loss,
    labels_for,
    model_device,
    prepare_data,
    prepare_fit,
    prepare_step,
)
from .data import batches
from .history import History, TrainingDiverged
from .models import MAX_LISTED_PARAMS, eval_mode, get_params

__all__ = ["train_step", "evaluate", "accuracy", "fit"]


def _step(
    model: nn.Module,
    loss_fn: LossFn,
    optimizer: optim.Optimizer,
    xb: torch.Tensor,
    yb: torch.Tensor,
) -> float:
    """The five steps of one update; returns the batch loss before it."""
    # fmt: off
    y_pred = model(xb)                      # 1. forward: predictions of the current model
    loss = loss_fn(y_pred, yb)              # 2. loss: one number saying how wrong they are
    optimizer.zero_grad()                   # 3. clear old gradients: backward *adds* to .grad
    loss.backward()                         # 4. backward: d loss / d parameter into .grad
    optimizer.step()                        # 5. step: move each parameter against its gradient
    # fmt: on
    return loss.item()


def train_step(
    model: nn.Module,
    loss_fn: LossFn,
    optimizer: optim.Optimizer,
    xb: torch.Tensor,
    yb: torch.Tensor,
) -> float:
    """One update on one batch; returns the batch loss before it. Introduced in notebook 04.

    Checks its arguments on every call (a learner's batches can be anything), including the
    shapes of the predictions against ``yb`` (a (N, 1) vs (N,) pair would broadcast)."""
    xb, yb = prepare_step(model, loss_fn, optimizer, xb, yb)
    names = ("predictions model(xb)", "targets yb", "yb")
    return _step(model, checked_loss(loss_fn, names), optimizer, xb, yb)


def evaluate(model: nn.Module, loss_fn: LossFn, x: Any, y: Any) -> float:
    """The loss on ``(x, y)`` in eval mode under ``torch.no_grad()``; the model's mode is
    restored afterwards. Introduced in notebook 04."""
    check_model(model)
    check_callable(loss_fn, "loss_fn", "nn.MSELoss()")
    x, y = prepare_data(model, x, y, model_device(model), labels_for(loss_fn))
    return _loss_on(model, checked_loss(loss_fn, ("predictions", "targets", "y")), x, y)


def _loss_on(model: nn.Module, loss_fn: LossFn, x: torch.Tensor, y: torch.Tensor) -> float:
    with eval_mode(model):
        return loss_fn(model(x), y).item()


def accuracy(model: nn.Module, x: Any, y: Any) -> float:
    """Fraction of samples whose largest logit is the true class (``y``: indices, shape (N,)),
    in eval mode under ``torch.no_grad()``, mode restored. Introduced in notebook 08."""
    check_model(model)
    x, y = prepare_data(model, x, y, model_device(model), "accuracy")
    with eval_mode(model):
        logits = model(x)
    if logits.ndim != 2:
        raise ValueError(f"accuracy needs logits of shape (N, classes), got {tuple(logits.shape)}")
    check_label_range(y, logits.shape[1])  # a label the model cannot output is never "correct"
    return int((logits.argmax(dim=1) == y).sum()) / len(y)


def fit(
    model: nn.Module,
    x: Any,
    y: Any,
    *,
    loss_fn: LossFn | None = None,
    optimizer: optim.Optimizer | None = None,
    lr: float = 0.01,
    epochs: int = 100,
    batch_size: int | None = None,
    shuffle: bool = True,
    seed: int = 0,
    val: tuple[Any, Any] | None = None,
    callbacks: Sequence[Callback] = (),
    device: str | torch.device = "cpu",
) -> History:
    """Train ``model`` with the five steps of ``train_step`` (default ``nn.MSELoss()`` and
    ``optim.SGD``).

    ``batch_size=None`` is full batch: one update per epoch on all the data. Otherwise the
    order of each epoch comes from one ``torch.Generator`` seeded with ``seed`` (``batches``),
    so the numbers equal a hand-written loop's exactly. ``history.loss`` is what the loop
    measures during each epoch, ``history.loss_after[k]`` the training loss after k epochs
    (see ``History``). ``val=(x_val, y_val)`` records the
    validation loss after each epoch, then each callback is called as ``cb(history, model)``.
    Raises ``TrainingDiverged`` when the loss becomes NaN or inf. Introduced in notebook 04.
    """
    run = prepare_fit(model, x, y, loss_fn, optimizer, lr, epochs, seed, val, callbacks, device)
    x, y, loss_fn, optimizer = run.x, run.y, run.loss_fn, run.optimizer  # checked and converted
    record = sum(p.numel() for p in model.parameters()) <= MAX_LISTED_PARAMS  # a line, not an MLP
    hist = History(label=f"batch {batch_size or 'all'}, lr {run.lr:g}")
    if record:
        hist.params.append(get_params(model))
    hist.loss_after.append(_loss_on(model, loss_fn, x, y))  # after 0 epochs: the start
    g = torch.Generator(device=x.device).manual_seed(run.seed)
    elapsed = 0.0
    for epoch in range(1, run.epochs + 1):
        start = time.perf_counter()
        if batch_size is None:  # full batch: one update per epoch on all the data
            pairs = [(x, y)]
        else:
            pairs = batches(x, y, batch_size, shuffle=shuffle, generator=g)
        step_losses, weighted = [], 0.0
        for xb, yb in pairs:
            loss = _step(model, loss_fn, optimizer, xb, yb)
            if not math.isfinite(loss):
                raise TrainingDiverged(epoch, loss, hist, run.lr)
            step_losses.append(loss)
            weighted += loss * len(xb)  # a last batch of 4 counts 4/N, not as much as one of 16
        elapsed += time.perf_counter() - start  # training only: not validation or callbacks
        params = get_params(model) if record else None
        after = _loss_on(model, loss_fn, x, y)  # the training loss at the parameters after it
        hist.end_epoch(weighted / len(x), step_losses, len(x), elapsed, params, after)
        if run.val is not None:
            hist.val_loss.append(_loss_on(model, loss_fn, *run.val))
        for cb in run.callbacks:
            cb(hist, model)
    return hist
