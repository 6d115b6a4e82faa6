"""Argument checks for ``training.py``, kept out of the loop's reading path.

``fit`` calls ``prepare_fit`` once, before its first update; ``train_step`` calls
``prepare_step`` on every call (each check there is O(1) for tensors). Every error names the
argument and gives the fix. Private: learners meet the messages, not these functions.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

import torch
from torch import nn, optim

from ._validate import (
    as_device,
    as_float_tensor,
    as_list,
    as_tensor,
    check_callable,
    check_features,
    check_in_features,
    check_lr,
    check_model,
    check_positive_int,
    check_pred_target,
    check_same_length,
    check_seed,
)
from .models import eval_mode

LossFn = Callable[[torch.Tensor, torch.Tensor], torch.Tensor]
Callback = Callable[[Any, nn.Module], Any]
CLASS_LOSSES = (nn.CrossEntropyLoss, nn.NLLLoss)  # course_utils gives these class indices


def labels_for(loss_fn: Any) -> str | None:
    """The loss's name when it takes class indices (for messages), else None."""
    return type(loss_fn).__name__ if isinstance(loss_fn, CLASS_LOSSES) else None


def as_labels(y: Any, who: str, name: str = "y") -> torch.Tensor:
    """Class labels as int64 indices of shape (N,), or an error that gives the fix."""
    t = as_tensor(y, name)  # a list or NumPy array is converted; None or a string is refused
    if t.is_floating_point() or t.is_complex() or t.dtype == torch.bool or t.ndim != 1:
        fix = f"{name}.reshape(-1).long()" if t.ndim == 2 and t.shape[1] == 1 else f"{name}.long()"
        raise ValueError(
            f"{name} has dtype {t.dtype} and shape {tuple(t.shape)}, but course_utils needs the "
            f"labels for {who} as integer class indices of shape (N,), such as tensor([0, 2, 1]) "
            "(PyTorch's CrossEntropyLoss also takes class probabilities of shape (N, classes); "
            f"course_utils does not). Fix: {name} = {fix} "
            f"(for one-hot or probability rows: {name}.argmax(dim=1))."
        )
    if t.numel() == 0:
        raise ValueError(f"{name} is empty; pass at least one sample")
    return t.long()  # CrossEntropyLoss wants int64; an int64 tensor comes back as it is


def model_device(model: nn.Module) -> torch.device:
    return next(model.parameters(), torch.empty(0)).device


def prepare_data(
    model: nn.Module,
    x: Any,
    y: Any,
    device: Any,
    labels: str | None,
    xname: str = "x",
    yname: str = "y",
) -> tuple[torch.Tensor, torch.Tensor]:
    """One data set checked and converted: x float32 (N, features), y float32 or class indices;
    float64 instead where the learner made the model float64 with ``model.double()``.
    ``labels``: the name of the class-index loss (``labels_for``), or None for values."""
    x = as_float_tensor(x, xname)
    check_features(x, xname)
    check_in_features(model, x, xname)
    y = as_float_tensor(y, yname) if labels is None else as_labels(y, labels, yname)
    check_same_length(x, y, xname, yname)
    first = next(model.parameters(), None)
    dtype = first.dtype if first is not None and first.is_floating_point() else x.dtype
    return x.to(device, dtype), (y.to(device, dtype) if labels is None else y.to(device))


def check_loss_inputs(
    loss_fn: Any,
    y_pred: torch.Tensor,
    yb: torch.Tensor,
    names: tuple[str, str, str] = ("predictions", "targets", "y"),
) -> None:
    """Refuse shapes a loss would silently broadcast, and labels the model cannot output.
    ``names``: the predictions, the targets and the targets' variable, for the message."""
    who = labels_for(loss_fn)
    if who is None:
        return check_pred_target(
            y_pred, yb, *names
        )  # (N, 1) against (N,) would broadcast to (N, N)
    as_labels(yb, who, names[2])
    if y_pred.ndim != 2 or len(y_pred) != len(yb):
        raise ValueError(
            f"{who} needs model outputs of shape (N, classes) for targets of shape "
            f"(N,); got outputs {tuple(y_pred.shape)} and targets {tuple(yb.shape)}"
        )
    check_label_range(yb, y_pred.shape[1], loss_fn.ignore_index, names[2])


def check_label_range(
    y: torch.Tensor, n_classes: int, ignore_index: int | None = None, name: str = "y"
) -> None:
    ok = (y >= 0) & (y < n_classes)
    if ignore_index is not None:
        ok |= y == ignore_index
    if not bool(ok.all()):
        raise ValueError(
            f"class labels in {name} must be in [0, {n_classes}) because the model outputs "
            f"{n_classes} scores per sample; got {y[~ok].unique()[:5].tolist()}. Fix: number the "
            f"classes 0..{n_classes - 1} (for labels 1..{n_classes}: {name} - 1), or give the last "
            "layer one output per class."
        )


def check_optimizer(optimizer: Any, model: nn.Module) -> None:
    name = type(optimizer).__name__
    if not isinstance(optimizer, optim.Optimizer):
        raise TypeError(
            f"optimizer must be a torch.optim optimizer such as "
            f"optim.SGD(model.parameters(), lr=0.01), got {name}"
        )
    first, group = next(model.parameters(), None), optimizer.param_groups[0]["params"]
    if first is not None and group and group[0] is first:
        return  # the usual case, in O(1): train_step checks on every step
    held = {id(p) for group in optimizer.param_groups for p in group["params"]}
    if not any(id(p) in held for p in model.parameters()):
        raise ValueError(
            f"the {name} optimizer holds none of this model's parameters, so optimizer.step() "
            "would never change the model: it was built for another model (or before the model "
            f"was created again). Fix: optimizer = {name}(model.parameters(), lr=...) right after "
            "creating the model you train."
        )


def checked_loss(loss_fn: LossFn, names: tuple[str, str, str]) -> LossFn:
    """``loss_fn`` that first checks its inputs (``check_loss_inputs``): for ``train_step``,
    whose batches come from the learner and are checked on every call."""

    def loss(y_pred: torch.Tensor, yb: torch.Tensor) -> torch.Tensor:
        check_loss_inputs(loss_fn, y_pred, yb, names)
        return loss_fn(y_pred, yb)

    return loss


def prepare_step(
    model: Any, loss_fn: Any, optimizer: Any, xb: Any, yb: Any
) -> tuple[torch.Tensor, torch.Tensor]:
    """``train_step``'s arguments checked; lists and NumPy arrays become tensors, and float64
    or int64 batches take the model's dtype (they would stop in matmul), as in ``fit``."""
    check_model(model)
    check_callable(loss_fn, "loss_fn", "nn.MSELoss()")
    check_optimizer(optimizer, model)
    if not isinstance(xb, torch.Tensor):
        xb = as_float_tensor(xb, "xb")
    if not isinstance(yb, torch.Tensor):
        who = labels_for(loss_fn)
        yb = as_float_tensor(yb, "yb") if who is None else as_labels(yb, who, "yb")
    first = next(model.parameters(), None)
    if first is not None and first.is_floating_point():
        if xb.dtype != first.dtype and not xb.is_complex():
            xb = xb.to(first.dtype)
        if yb.is_floating_point() and yb.dtype != first.dtype:
            yb = yb.to(first.dtype)
    if xb.ndim < 2:  # (N, C, H, W) images are fine; a 1-D xb is the classic mistake
        check_features(xb, "xb")
    check_in_features(model, xb, "xb")
    return xb, yb


def check_predictions_once(
    model: nn.Module, loss_fn: LossFn, x: torch.Tensor, y: torch.Tensor, names: tuple[str, str, str]
) -> None:
    """Predictions against targets for ``fit``, once, before the first update (checking every
    batch cost 6-17% of a classifier epoch in benchmarks/throughput.py): a forward pass on the
    first rows in eval mode without a graph (no dropout, no BatchNorm update, no random numbers
    drawn, so the run's numbers stay those of a hand-written loop), then every label against
    the number of classes. On a mismatch the message shows the shapes of all of x and y."""
    head = slice(0, 256)
    with eval_mode(model):
        y_pred = model(x[head])
        try:
            check_loss_inputs(loss_fn, y_pred, y[head], names)
        except ValueError:
            check_loss_inputs(loss_fn, model(x), y, names)  # the same error, with the full shapes
            raise
    if labels_for(loss_fn) is not None:
        check_label_range(y, y_pred.shape[1], loss_fn.ignore_index, names[2])


class FitRun(NamedTuple):
    """What ``fit`` trains with, every argument checked and converted."""

    x: torch.Tensor
    y: torch.Tensor
    val: tuple[torch.Tensor, torch.Tensor] | None
    loss_fn: LossFn
    optimizer: optim.Optimizer
    lr: float  # the rate the optimizer really uses, for the label and errors
    epochs: int
    seed: int
    callbacks: list[Callback]


def prepare_fit(
    model: Any,
    x: Any,
    y: Any,
    loss_fn: Any,
    optimizer: Any,
    lr: Any,
    epochs: Any,
    seed: Any,
    val: Any,
    callbacks: Any,
    device: Any,
) -> FitRun:
    """Every check ``fit`` makes, in one place, before any update. Moves the model to
    ``device`` in training mode and converts the data (``prepare_data``); builds
    ``optim.SGD(model.parameters(), lr)`` when no optimizer is given."""
    check_model(model)
    lr = check_lr(lr)
    epochs = check_positive_int(epochs, "epochs", why=" (passes over the training data)")
    loss_fn = nn.MSELoss() if loss_fn is None else loss_fn
    check_callable(loss_fn, "loss_fn", "nn.MSELoss()")
    callbacks = (
        [callbacks] if callable(callbacks) else as_list(callbacks, "callbacks", "[live_plot]")
    )
    for cb in callbacks:
        check_callable(cb, "each of callbacks", "a function cb(history, model)")
    seed, device = check_seed(seed), as_device(device)
    model.to(device).train()
    x, y = prepare_data(model, x, y, device, labels_for(loss_fn))
    if val is not None:
        if not (isinstance(val, (tuple, list)) and len(val) == 2):
            raise TypeError("val must be a pair (x_val, y_val)")
        val = prepare_data(model, *val, device, labels_for(loss_fn), "x_val", "y_val")
    check_predictions_once(model, loss_fn, x, y, ("predictions model(x)", "targets y", "y"))
    if val is not None:
        check_predictions_once(
            model, loss_fn, *val, ("predictions model(x_val)", "targets y_val", "y_val")
        )
    optimizer = optim.SGD(model.parameters(), lr=lr) if optimizer is None else optimizer
    check_optimizer(optimizer, model)
    lr = optimizer.param_groups[0]["lr"]
    return FitRun(x, y, val, loss_fn, optimizer, lr, epochs, seed, callbacks)
