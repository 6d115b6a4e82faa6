"""Checkers for lesson 06, mini-batches: the epoch loss from the batch losses, and the number of
updates per epoch.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import torch

from ._common import learner_number, need_callable, ok, verdict
from ._feedback import CheckFailed, call_learner

__all__ = ["check_epoch_loss", "check_updates_per_epoch"]


def check_epoch_loss(fn: Callable[..., Any]) -> None:
    """``fn(batch_losses, batch_sizes)``: the epoch loss, batch losses weighted by batch size.

    Introduced in notebook 06.
    """
    need_callable(fn, "check_epoch_loss(epoch_loss)")
    for losses, sizes in [([4.0, 2.0, 1.0, 9.0], [16, 16, 16, 4]), ([0.5, 3.0, 1.5], [10, 10, 3])]:
        loss_array, s = np.array(losses), np.array(sizes, dtype=float)
        truth = float(np.sum(loss_array * s) / s.sum())
        got = learner_number(call_learner(fn, list(losses), list(sizes)), "The returned epoch loss")
        verdict(
            got,
            truth,
            [
                (
                    loss_array.mean(),
                    f"That is the plain mean of the batch losses: the small last batch "
                    f"({sizes[-1]} samples) counts as much as a full one. Weight each loss by "
                    "its batch size: sum(loss * size) / sum(size).",
                ),
                (
                    np.sum(loss_array * s),
                    f"Off by N: divide the weighted sum by the number of samples ({int(s.sum())}).",
                ),
                (
                    np.sum(loss_array * s) / len(loss_array),
                    "You divided by the number of batches; divide by the number of samples.",
                ),
                (
                    loss_array.sum(),
                    "You added the batch losses up: weight each by its batch size and divide by "
                    "the number of samples.",
                ),
            ],
            "Not the size-weighted mean of the batch losses: sum(loss * size) / sum(size).",
            f" (losses {losses}, sizes {sizes}: got {got:.4g}, expected {truth:.4g})",
        )
    ok("each batch loss weighted by its batch size: the mean over all samples.")


def check_updates_per_epoch(fn: Callable[..., Any]) -> None:
    """``fn(n, batch_size, drop_last)``: updates (batches) per epoch. Introduced in notebook 06."""
    from torch.utils.data import DataLoader, TensorDataset

    need_callable(fn, "check_updates_per_epoch(updates_per_epoch)")
    for n, bs, drop in [
        (100, 16, False),
        (100, 16, True),
        (100, 100, False),
        (96, 16, False),
        (10, 3, True),
        (100, 1, True),
    ]:
        truth = len(DataLoader(TensorDataset(torch.zeros(n, 1)), batch_size=bs, drop_last=drop))
        got = learner_number(call_learner(fn, n, bs, drop), "The returned count")
        detail = f" (n={n}, batch_size={bs}, drop_last={drop}: got {got:g}, expected {truth})"
        if got != int(got):
            raise CheckFailed(
                "A number of updates is a whole number: use n // batch_size or "
                "math.ceil(n / batch_size), not n / batch_size." + detail
            )
        verdict(
            got,
            truth,
            [
                (
                    n // bs,
                    "With drop_last=False the last, smaller batch is still a batch and still an "
                    "update: round up, math.ceil(n / batch_size).",
                ),
                (
                    math.ceil(n / bs),
                    "drop_last=True drops the incomplete last batch: round down, n // batch_size.",
                ),
            ],
            "Count the batches: n // batch_size full ones, plus one smaller one unless drop_last "
            "is True or batch_size divides n.",
            detail,
        )
    ok("ceil(n / batch_size) updates, or n // batch_size with drop_last=True.")
