"""The checkers of lesson 06 (minibatches): the corpus of learner attempts, each with the
verdict and the hint it must get."""

from __future__ import annotations

import math

import matplotlib

matplotlib.use("Agg")  # the exercises draw one figure; no window in a test run

import numpy as np  # noqa: E402
import pytest  # noqa: E402
import torch  # noqa: E402
from check_helpers import fails, passes  # noqa: E402

from course_utils import checks  # noqa: E402

# ------------------------------------------------------------------ 06


def test_epoch_loss_accepts_the_weighted_mean(capsys):
    passes(checks.check_epoch_loss, lambda ls, ns: np.dot(ls, ns) / np.sum(ns), capsys=capsys)
    passes(
        checks.check_epoch_loss,
        lambda ls, ns: torch.tensor(ls) @ torch.tensor(ns, dtype=torch.float) / sum(ns),
        capsys=capsys,
    )


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (lambda ls, ns: np.mean(ls), "plain mean of the batch losses"),
        (lambda ls, ns: np.dot(ls, ns), "Off by N"),
        (lambda ls, ns: np.dot(ls, ns) / len(ls), "divided by the number of batches"),
        (lambda ls, ns: sum(ls), "added the batch losses up"),
        (lambda ls, ns: max(ls), "size-weighted mean"),
    ],
)
def test_epoch_loss_names_the_mistake(wrong, hint):
    fails(checks.check_epoch_loss, wrong, hint=hint)


def test_updates_per_epoch_accepts_the_reference(capsys):
    passes(
        checks.check_updates_per_epoch,
        lambda n, bs, drop: n // bs if drop else -(-n // bs),
        capsys=capsys,
    )


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (lambda n, bs, drop: n // bs, "still a batch and still an update"),
        (lambda n, bs, drop: math.ceil(n / bs), "drops the incomplete last batch"),
        (lambda n, bs, drop: n / bs, "whole number"),
        (lambda n, bs, drop: n // bs - 1, "Count the batches"),
    ],
)
def test_updates_per_epoch_names_the_mistake(wrong, hint):
    fails(checks.check_updates_per_epoch, wrong, hint=hint)
