"""Training: the ``History`` record of a run, ``train_step``, ``evaluate``, ``accuracy``, ``fit``.

``History`` is introduced in notebook 01 (NumPy gradient descent fills one too), the loop
in notebook 04. ``fit`` runs exactly the loop a learner writes by hand, plus checks that turn
the classic mistakes into clear errors; it adds no arithmetic, so the numbers are identical.
"""

from __future__ import annotations

import contextlib
import math
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator, Sequence

import numpy as np
import torch
from torch import nn, optim

from ._validate import (as_device, as_float_tensor, as_list, as_tensor, check_callable, check_features,
                        check_in_features, check_lr, check_model, check_positive_int, check_pred_target,
                        check_same_length, check_seed)
from .data import batches
from .models import MAX_LISTED_PARAMS, get_params

__all__ = ["History", "TrainingDiverged", "train_step", "evaluate", "accuracy", "fit"]

LossFn = Callable[[torch.Tensor, torch.Tensor], torch.Tensor]


@dataclass
class History:
    """What happened during training, as plain Python floats (never tensors).

    Attributes:
        loss: per epoch, the training loss of that epoch: the batch losses weighted by batch
            size (for full batch: the loss at the parameters before the epoch's update).
        val_loss: per epoch, the validation loss after the epoch (empty without validation).
        params: parameter snapshots from ``get_params``; ``params[0]`` is the start,
            ``params[k]`` after epoch k, so ``len(params) == len(loss) + 1``. Keys ``"w"`` and
            ``"b"`` for a line. Recorded only for small models (at most 20 numbers, what
            ``get_params`` handles); for bigger models ``params`` stays empty.
        step_loss: the loss of every single update, in order.
        steps: cumulative number of updates at the end of each epoch.
        samples: cumulative number of samples seen at the end of each epoch.
        time: cumulative wall-clock seconds of training at the end of each epoch.
        label: a name for legends (e.g. ``"batch 16, lr 0.01"``).
    """

    loss: list[float] = field(default_factory=list)
    val_loss: list[float] = field(default_factory=list)
    params: list[dict[str, float]] = field(default_factory=list)
    step_loss: list[float] = field(default_factory=list)
    steps: list[int] = field(default_factory=list)
    samples: list[int] = field(default_factory=list)
    time: list[float] = field(default_factory=list)
    label: str = ""

    @property
    def epochs(self) -> int:
        """Number of completed epochs."""
        return len(self.loss)

    def param_path(self, *names: str) -> list[tuple[float, ...]]:
        """The trajectory of the named parameters, e.g. ``param_path("w", "b")``."""
        names = names or ("w", "b")
        return [tuple(p[n] for n in names) for p in self.params]


class TrainingDiverged(RuntimeError):
    """The loss became NaN or infinite. ``history`` holds every epoch before it happened.

    Introduced in notebook 04.
    """

    def __init__(self, epoch: int, loss: float, history: History, lr: float | None = None):
        self.epoch, self.loss, self.history = epoch, loss, history
        at = f" with lr={lr:g}" if lr is not None else ""
        super().__init__(
            f"training diverged at epoch {epoch}: the loss became {loss}{at}. "
            "Try a smaller learning rate (e.g. 10x smaller) or standardise the inputs "
            "(Standardizer) so one learning rate suits every parameter. "
            f"The history of the {len(history.loss)} completed epoch(s) is on this "
            "exception's .history."
        )


Callback = Callable[[History, nn.Module], Any]
_CLASS_LOSSES = (nn.CrossEntropyLoss, nn.NLLLoss)  # these take class indices, not values


def _labels_for(loss_fn: Any) -> str | None:
    return type(loss_fn).__name__ if isinstance(loss_fn, _CLASS_LOSSES) else None


def _as_labels(y: Any, who: str, name: str = "y") -> torch.Tensor:
    """Class labels as int64 indices of shape (N,), or an error that gives the fix."""
    t = as_tensor(y, name)  # a list or NumPy array is converted; None or a string is refused
    if t.is_floating_point() or t.is_complex() or t.dtype == torch.bool or t.ndim != 1:
        fix = f"{name}.reshape(-1).long()" if t.ndim == 2 and t.shape[1] == 1 else f"{name}.long()"
        raise ValueError(
            f"{name} has dtype {t.dtype} and shape {tuple(t.shape)}, but {who} needs integer class "
            f"indices of shape (N,), such as tensor([0, 2, 1]). Fix: {name} = {fix} "
            f"(for one-hot rows: {name}.argmax(dim=1))."
        )
    if t.numel() == 0:
        raise ValueError(f"{name} is empty; pass at least one sample")
    return t.long()  # CrossEntropyLoss wants int64; an int64 tensor comes back as it is


def _prepare(model: nn.Module, x: Any, y: Any, device: Any, labels_for: str | None,
             xname: str = "x", yname: str = "y") -> tuple[torch.Tensor, torch.Tensor]:
    """One data set checked and converted: x float32 (N, features), y float32 or class indices;
    float64 instead where the learner made the model float64 with ``model.double()``."""
    x = as_float_tensor(x, xname)
    check_features(x, xname)
    check_in_features(model, x, xname)
    y = as_float_tensor(y, yname) if labels_for is None else _as_labels(y, labels_for, yname)
    check_same_length(x, y, xname, yname)
    first = next(model.parameters(), None)
    dtype = first.dtype if first is not None and first.is_floating_point() else x.dtype
    return x.to(device, dtype), (y.to(device, dtype) if labels_for is None else y.to(device))


def _check_loss_inputs(loss_fn: Any, y_pred: torch.Tensor, yb: torch.Tensor,
                       names: tuple[str, str, str] = ("predictions", "targets", "y")) -> None:
    """Refuse shapes a loss would silently broadcast, and labels the model cannot output.
    ``names``: the predictions, the targets and the targets' variable, for the message."""
    who = _labels_for(loss_fn)
    if who is None:
        return check_pred_target(y_pred, yb, *names)  # (N, 1) against (N,) would broadcast to (N, N)
    _as_labels(yb, who, names[2])
    if y_pred.ndim != 2 or len(y_pred) != len(yb):
        raise ValueError(f"{who} needs model outputs of shape (N, classes) for targets of shape "
                         f"(N,); got outputs {tuple(y_pred.shape)} and targets {tuple(yb.shape)}")
    _check_label_range(yb, y_pred.shape[1], loss_fn.ignore_index, names[2])


def _check_label_range(y: torch.Tensor, n_classes: int, ignore_index: int | None = None,
                       name: str = "y") -> None:
    ok = (y >= 0) & (y < n_classes)
    if ignore_index is not None:
        ok |= y == ignore_index
    if not bool(ok.all()):
        raise ValueError(
            f"class labels in {name} must be in [0, {n_classes}) because the model outputs "
            f"{n_classes} scores per sample; got {y[~ok].unique()[:5].tolist()}. Fix: number the "
            f"classes 0..{n_classes - 1} (for labels 1..{n_classes}: {name} - 1), or give the last layer one "
            "output per class."
        )


@contextlib.contextmanager
def _eval_mode(model: nn.Module) -> Iterator[None]:
    """Eval mode without a graph inside; afterwards every submodule gets its own mode back."""
    modes = [(m, m.training) for m in model.modules()]
    model.eval()
    try:
        with torch.no_grad():
            yield
    finally:
        for m, mode in modes:
            m.training = mode


def _device(model: nn.Module) -> torch.device:
    return next(model.parameters(), torch.empty(0)).device


def train_step(model: nn.Module, loss_fn: LossFn, optimizer: optim.Optimizer,
               xb: torch.Tensor, yb: torch.Tensor) -> float:
    """One update on one batch; returns the batch loss before it. Introduced in notebook 04."""
    check_model(model)  # every check here is O(1) for tensors: it runs on every step
    check_callable(loss_fn, "loss_fn", "nn.MSELoss()")
    _check_optimizer(optimizer, model)
    if not isinstance(xb, torch.Tensor):  # a list or NumPy array: convert, as fit does
        xb = as_float_tensor(xb, "xb")
    if not isinstance(yb, torch.Tensor):
        who = _labels_for(loss_fn)
        yb = as_float_tensor(yb, "yb") if who is None else _as_labels(yb, who, "yb")
    first = next(model.parameters(), None)  # float64 or int64 data for a float32 model would
    if first is not None and first.is_floating_point():  # stop in matmul: convert, as fit does
        if xb.dtype != first.dtype and not xb.is_complex():
            xb = xb.to(first.dtype)
        if yb.is_floating_point() and yb.dtype != first.dtype:
            yb = yb.to(first.dtype)
    if xb.ndim < 2:  # (N, C, H, W) images are fine; a 1-D xb is the classic mistake
        check_features(xb, "xb")
    check_in_features(model, xb, "xb")
    return _train_step(model, loss_fn, optimizer, xb, yb, ("predictions model(xb)", "targets yb", "yb"))


def _train_step(model: nn.Module, loss_fn: LossFn, optimizer: optim.Optimizer, xb: torch.Tensor,
                yb: torch.Tensor, names: tuple[str, str, str] | None = ("predictions", "targets", "y")
                ) -> float:
    """``train_step`` without the checks on its arguments; ``names=None`` also skips the check
    of predictions against targets, which ``fit`` makes once, before its loop."""
    y_pred = model(xb)                      # 1. forward: predictions of the current model
    if names is not None:
        _check_loss_inputs(loss_fn, y_pred, yb, names)
    loss = loss_fn(y_pred, yb)              # 2. loss: one number saying how wrong they are
    optimizer.zero_grad()                   # 3. clear old gradients: backward *adds* to .grad
    loss.backward()                         # 4. backward: d loss / d parameter into .grad
    optimizer.step()                        # 5. step: move each parameter against its gradient
    return loss.item()


def evaluate(model: nn.Module, loss_fn: LossFn, x: Any, y: Any) -> float:
    """The loss on ``(x, y)`` in eval mode under ``torch.no_grad()``; the model's mode is
    restored afterwards. Introduced in notebook 04."""
    check_model(model)
    check_callable(loss_fn, "loss_fn", "nn.MSELoss()")
    x, y = _prepare(model, x, y, _device(model), _labels_for(loss_fn))
    return _evaluate(model, loss_fn, x, y)


def _evaluate(model: nn.Module, loss_fn: LossFn, x: torch.Tensor, y: torch.Tensor,
              names: tuple[str, str, str] | None = ("predictions", "targets", "y")) -> float:
    with _eval_mode(model):
        y_pred = model(x)
        if names is not None:
            _check_loss_inputs(loss_fn, y_pred, y, names)
        return loss_fn(y_pred, y).item()


def _check_before_loop(model: nn.Module, loss_fn: LossFn, x: torch.Tensor, y: torch.Tensor,
                       names: tuple[str, str, str]) -> None:
    """Predictions against targets for ``fit``, once, before the first update (checking every
    batch cost 6-17% of a classifier epoch in benchmarks/throughput.py): a forward pass on the first
    rows in eval mode without a graph (no dropout, no BatchNorm update, no random numbers
    drawn, so the run's numbers stay those of a hand-written loop), then every label against
    the number of classes. On a mismatch the message shows the shapes of all of x and y."""
    head = slice(0, 256)
    with _eval_mode(model):
        y_pred = model(x[head])
        try:
            _check_loss_inputs(loss_fn, y_pred, y[head], names)
        except ValueError:
            _check_loss_inputs(loss_fn, model(x), y, names)  # the same error, with the full shapes
            raise
    if _labels_for(loss_fn) is not None:
        _check_label_range(y, y_pred.shape[1], loss_fn.ignore_index, names[2])


def accuracy(model: nn.Module, x: Any, y: Any) -> float:
    """Fraction of samples whose largest logit is the true class (``y``: indices, shape (N,)),
    in eval mode under ``torch.no_grad()``, mode restored. Introduced in notebook 07."""
    check_model(model)
    x, y = _prepare(model, x, y, _device(model), "accuracy")
    with _eval_mode(model):
        logits = model(x)
    if logits.ndim != 2:
        raise ValueError(f"accuracy needs logits of shape (N, classes), got {tuple(logits.shape)}")
    _check_label_range(y, logits.shape[1])  # a label the model cannot output is never "correct"
    return int((logits.argmax(dim=1) == y).sum()) / len(y)


def _check_optimizer(optimizer: Any, model: nn.Module) -> None:
    name = type(optimizer).__name__
    if not isinstance(optimizer, optim.Optimizer):
        raise TypeError(f"optimizer must be a torch.optim optimizer such as "
                        f"optim.SGD(model.parameters(), lr=0.01), got {name}")
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


def fit(model: nn.Module, x: Any, y: Any, *, loss_fn: LossFn | None = None,
        optimizer: optim.Optimizer | None = None, lr: float = 0.01, epochs: int = 100,
        batch_size: int | None = None, shuffle: bool = True, seed: int = 0,
        val: tuple[Any, Any] | None = None, callbacks: Sequence[Callback] = (),
        device: str | torch.device = "cpu") -> History:
    """Train ``model`` with ``train_step`` (default ``nn.MSELoss()`` and ``optim.SGD``).

    ``batch_size=None`` is full batch: one update per epoch on all the data. Otherwise the
    order of each epoch comes from one ``torch.Generator`` seeded with ``seed`` (``batches``),
    so the numbers equal a hand-written loop's exactly. ``val=(x_val, y_val)`` records the
    validation loss after each epoch, then each callback is called as ``cb(history, model)``.
    Raises ``TrainingDiverged`` when the loss becomes NaN or inf. Introduced in notebook 04.
    """
    check_model(model)
    lr = check_lr(lr)
    epochs = check_positive_int(epochs, "epochs", why=" (passes over the training data)")
    loss_fn = nn.MSELoss() if loss_fn is None else loss_fn
    check_callable(loss_fn, "loss_fn", "nn.MSELoss()")
    callbacks = [callbacks] if callable(callbacks) else as_list(callbacks, "callbacks", "[live_plot]")
    for cb in callbacks:
        check_callable(cb, "each of callbacks", "a function cb(history, model)")
    seed, device = check_seed(seed), as_device(device)
    model.to(device).train()
    x, y = _prepare(model, x, y, device, _labels_for(loss_fn))
    if val is not None:
        if not (isinstance(val, (tuple, list)) and len(val) == 2):
            raise TypeError("val must be a pair (x_val, y_val)")
        x_val, y_val = _prepare(model, *val, device, _labels_for(loss_fn), "x_val", "y_val")
    _check_before_loop(model, loss_fn, x, y, ("predictions model(x)", "targets y", "y"))
    if val is not None:
        _check_before_loop(model, loss_fn, x_val, y_val,
                           ("predictions model(x_val)", "targets y_val", "y_val"))
    optimizer = optim.SGD(model.parameters(), lr=lr) if optimizer is None else optimizer
    _check_optimizer(optimizer, model)
    lr = optimizer.param_groups[0]["lr"]  # the rate actually used, for the label and errors
    hist = History(label=f"batch {batch_size or 'all'}, lr {lr:g}")
    record = sum(p.numel() for p in model.parameters()) <= MAX_LISTED_PARAMS
    if record:
        hist.params.append(get_params(model))
    n, g, elapsed = len(x), torch.Generator(device=x.device).manual_seed(seed), 0.0
    for epoch in range(1, epochs + 1):
        start = time.perf_counter()
        pairs = ([(x, y)] if batch_size is None
                 else batches(x, y, batch_size, shuffle=shuffle, generator=g))
        step_losses, weighted = [], 0.0
        for xb, yb in pairs:
            loss = _train_step(model, loss_fn, optimizer, xb, yb, None)  # checked once, above
            if not math.isfinite(loss):
                raise TrainingDiverged(epoch, loss, hist, lr)
            step_losses.append(loss)
            weighted += loss * len(xb)  # a last batch of 4 counts 4/N, not as much as one of 16
        elapsed += time.perf_counter() - start  # training only: not validation or callbacks
        hist.loss.append(weighted / n)
        hist.step_loss += step_losses
        hist.steps.append(len(hist.step_loss))
        hist.samples.append(epoch * n)
        hist.time.append(elapsed)
        if record:
            hist.params.append(get_params(model))
        if val is not None:
            hist.val_loss.append(_evaluate(model, loss_fn, x_val, y_val, None))
        for cb in callbacks:
            cb(hist, model)
    return hist
