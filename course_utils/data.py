"""Data for the lessons: generated, or shipped with the course. Nothing is downloaded.

Synthetic lines (notebooks 01, 04), mini-batching (06), a train/validation split and a
standardiser (07, 08); the Wine data itself is read by ``wine.py``.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

import numpy as np
import torch
from torch.utils.data import DataLoader, TensorDataset

from ._validate import (
    as_float_tensor,
    as_tensor,
    check_features,
    check_number,
    check_positive_int,
    check_range,
    check_same_length,
    check_seed,
    describe,
)

# The Wine data (lesson 08) lives in wine.py; lessons import it from here too.
from .wine import WineData, load_wine  # noqa: F401,E402

__all__ = [
    "make_linear_data",
    "height_weight",
    "batches",
    "make_loader",
    "train_val_split",
    "Standardizer",
]


def make_linear_data(
    n: int = 100,
    *,
    w: float = 2.0,
    b: float = 1.0,
    noise: float = 1.5,
    x_range: tuple[float, float] = (0.0, 10.0),
    seed: int = 42,
) -> tuple[torch.Tensor, torch.Tensor]:
    """Return ``(x, y)`` with ``y = w * x + b + noise``: float32 tensors of shape (n, 1).

    ``x`` is uniform on ``x_range`` and the noise is Gaussian with standard deviation
    ``noise``. The data come from a local ``np.random.default_rng(seed)``, so the same
    arguments give the same data whatever else the notebook has drawn. Introduced in
    notebook 01.
    """
    n = check_positive_int(n, "n")
    w, b, noise = check_number(w, "w"), check_number(b, "b"), check_number(noise, "noise")
    lo, hi = check_range(x_range, "x_range", "(0.0, 10.0)")
    if noise < 0:
        raise ValueError(f"noise is a standard deviation and must be >= 0, got {noise:g}")
    rng = np.random.default_rng(check_seed(seed))
    x = rng.uniform(lo, hi, size=(n, 1))
    y = w * x + b + rng.normal(0.0, noise, size=(n, 1))
    return torch.from_numpy(x.astype(np.float32)), torch.from_numpy(y.astype(np.float32))


# Five people, as in many introductory tutorials: height in cm, weight in kg.
_HEIGHTS_CM = [150.0, 160.0, 170.0, 175.0, 185.0]
_WEIGHTS_KG = [55.0, 70.0, 64.0, 80.0, 75.0]


def height_weight() -> tuple[torch.Tensor, torch.Tensor]:
    """Return the 5-point height (cm) / weight (kg) data as float32 tensors of shape (5, 1).

    Introduced in notebook 04.
    """
    x = torch.tensor(_HEIGHTS_CM).reshape(-1, 1)
    y = torch.tensor(_WEIGHTS_KG).reshape(-1, 1)
    return x, y


def _check_batching(x: Any, y: Any, batch_size: int) -> tuple[torch.Tensor, torch.Tensor, int]:
    """``(x, y, batch_size)`` checked; lists and NumPy arrays become tensors (dtype kept)."""
    x, y = as_tensor(x, "x"), as_tensor(y, "y")
    check_same_length(x, y)
    n = len(x)
    if n == 0:
        raise ValueError("x and y are empty; there is nothing to batch")
    batch_size = check_positive_int(batch_size, "batch_size", why=" (samples per update)")
    if batch_size > n:
        raise ValueError(
            f"batch_size={batch_size} is larger than the {n} samples; use batch_size={n} "
            "(or None in fit) for full-batch training"
        )
    return x, y, batch_size


def batches(
    x: torch.Tensor,
    y: torch.Tensor,
    batch_size: int,
    *,
    shuffle: bool = True,
    generator: torch.Generator | None = None,
) -> Iterator[tuple[torch.Tensor, torch.Tensor]]:
    """Yield ``(xb, yb)`` mini-batches of in-memory tensors: one epoch, every sample once.

    Shuffles once (one ``torch.randperm`` drawn from ``generator``), then slices; the last
    batch is smaller when ``batch_size`` does not divide N. This does what a DataLoader does
    for tensors already in memory, without per-sample indexing and collation (notebook 06
    measures the difference). Introduced in notebook 06.
    """
    x, y, batch_size = _check_batching(x, y, batch_size)  # here, so a bad call fails at the call
    if generator is not None and not isinstance(generator, torch.Generator):
        raise TypeError(
            f"generator must be a torch.Generator such as torch.Generator().manual_seed(0), "
            f"got {describe(generator)}"
        )

    def epoch(x: torch.Tensor, y: torch.Tensor) -> Iterator[tuple[torch.Tensor, torch.Tensor]]:
        if shuffle:
            order = torch.randperm(len(x), generator=generator, device=x.device)
            x, y = x[order], y[order]
        for start in range(0, len(x), batch_size):
            yield x[start : start + batch_size], y[start : start + batch_size]

    return epoch(x, y)


def make_loader(
    x: torch.Tensor,
    y: torch.Tensor,
    batch_size: int,
    *,
    shuffle: bool = True,
    seed: int = 0,
    drop_last: bool = False,
) -> DataLoader:
    """A ``DataLoader`` over ``TensorDataset(x, y)`` that shuffles with its own seeded generator.

    The same ``seed`` gives the same batches; each new epoch (each ``for`` over the loader)
    draws a new order from that generator, so epoch 2 differs from epoch 1 but a rerun
    repeats both. Introduced in notebook 06.
    """
    x, y, batch_size = _check_batching(x, y, batch_size)
    generator = torch.Generator().manual_seed(check_seed(seed))
    return DataLoader(
        TensorDataset(x, y),
        batch_size=batch_size,
        shuffle=shuffle,
        generator=generator,
        drop_last=drop_last,
    )


def train_val_split(
    x: torch.Tensor,
    y: torch.Tensor,
    val_frac: float = 0.2,
    *,
    seed: int = 0,
    stratify: bool = False,
) -> tuple[tuple[torch.Tensor, torch.Tensor], tuple[torch.Tensor, torch.Tensor]]:
    """Shuffle with a local generator seeded by ``seed`` and split into train and validation.

    The validation part holds ``round(N * val_frac)`` samples (halves round up). With
    ``stratify=True`` (``y`` = integer class labels) each class is split on its own:
    ``round(count * val_frac)``, kept between 1 and count - 1, so every class appears in
    both parts in its own proportion. Returns ``((x_train, y_train), (x_val, y_val))``.
    Introduced in notebook 07; stratified in notebook 08.
    """
    x, y = as_tensor(x, "x"), as_tensor(y, "y")
    check_same_length(x, y)
    n = len(x)
    if n < 2:
        raise ValueError(f"x and y hold {n} sample(s); a split needs at least 2")
    if isinstance(val_frac, bool) or not isinstance(val_frac, (int, float)) or not 0 < val_frac < 1:
        raise ValueError(f"val_frac must be a fraction strictly between 0 and 1, got {val_frac!r}")
    if stratify and (y.ndim != 1 or y.dtype.is_floating_point or y.dtype == torch.bool):
        raise ValueError(
            f"stratify=True needs y to be class labels: a 1-D integer tensor, "
            f"got dtype {y.dtype} and shape {tuple(y.shape)}"
        )
    generator = torch.Generator().manual_seed(check_seed(seed))
    groups = y.cpu() if stratify else torch.zeros(n, dtype=torch.int64)  # one group: no strata
    val_parts, train_parts = [], []
    for c in torch.unique(groups).tolist():
        idx = torch.nonzero(groups == c).flatten()
        idx = idx[torch.randperm(len(idx), generator=generator)]
        n_val = math.floor(len(idx) * val_frac + 0.5)
        if stratify:
            if len(idx) < 2:
                raise ValueError(
                    f"class {c} has only 1 sample; stratify=True needs at least 2 "
                    "per class (one for each part); use stratify=False"
                )
            n_val = min(max(n_val, 1), len(idx) - 1)
        val_parts.append(idx[:n_val])
        train_parts.append(idx[n_val:])
    val_idx, train_idx = torch.cat(val_parts), torch.cat(train_parts)
    if len(val_idx) == 0 or len(train_idx) == 0:
        raise ValueError(
            f"val_frac={val_frac} of {n} samples gives {len(val_idx)} validation and "
            f"{len(train_idx)} training samples; both parts need at least one"
        )
    if stratify:  # the parts are sorted by class: mix them so a batch is not one class
        val_idx = val_idx[torch.randperm(len(val_idx), generator=generator)]
        train_idx = train_idx[torch.randperm(len(train_idx), generator=generator)]
    val_idx, train_idx = val_idx.to(x.device), train_idx.to(x.device)
    return (x[train_idx], y[train_idx]), (x[val_idx], y[val_idx])


class Standardizer:
    """Rescale each column to mean 0 and standard deviation 1, with statistics from ``fit``.

    Fit on the training data only and apply the same ``mean``/``std`` to validation and new
    data. A constant column is only centred (scale 1), never divided by zero. Introduced in
    notebook 04.
    """

    def __init__(self) -> None:
        self.mean: torch.Tensor | None = None
        self.std: torch.Tensor | None = None

    def fit(self, x: torch.Tensor) -> Standardizer:
        """Store each column's mean and population standard deviation (divide by N)."""
        x = as_float_tensor(x, "x")
        check_features(x)
        x64 = x.double()  # float64 sums: the statistics do not depend on the thread count
        constant = (x == x[:1]).all(dim=0)
        self.mean = torch.where(constant, x64[0], x64.mean(dim=0)).float()
        self.std = torch.where(constant, 1.0, x64.std(dim=0, correction=0)).float()
        return self

    def _check(self, x: torch.Tensor, name: str) -> torch.Tensor:
        if self.mean is None or self.std is None:
            raise RuntimeError("this Standardizer has no statistics yet: call fit(x_train) first")
        x = as_float_tensor(x, name)
        check_features(x, name)
        if x.shape[1] != len(self.mean):
            raise ValueError(
                f"{name} has {x.shape[1]} columns but this Standardizer was fitted "
                f"on {len(self.mean)}; pass data with the same columns as x_train"
            )
        return x

    def transform(self, x: torch.Tensor) -> torch.Tensor:
        """Return ``(x - mean) / std`` with the fitted statistics."""
        x = self._check(x, "x")
        return (x - self.mean.to(x.device)) / self.std.to(x.device)

    def inverse_transform(self, z: torch.Tensor) -> torch.Tensor:
        """Map standardised values back to the original units: ``z * std + mean``."""
        z = self._check(z, "z")
        return z * self.std.to(z.device) + self.mean.to(z.device)

    def fit_transform(self, x: torch.Tensor) -> torch.Tensor:
        """``fit(x)`` then ``transform(x)``: use it on the training data only."""
        return self.fit(x).transform(x)
