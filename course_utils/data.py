"""Data for the lessons: generated, or shipped with the course. Nothing is downloaded.

``make_linear_data`` and ``height_weight`` are introduced in notebooks 01 and 04.
"""

from __future__ import annotations

from typing import Iterator

import numpy as np
import torch

from ._validate import check_positive_int, check_same_length

__all__ = ["make_linear_data", "height_weight", "batches"]


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
    lo, hi = (float(v) for v in x_range)
    if not lo < hi:
        raise ValueError(f"x_range must be (low, high) with low < high, got {x_range}")
    if noise < 0:
        raise ValueError(f"noise is a standard deviation and must be >= 0, got {noise}")
    rng = np.random.default_rng(seed)
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
    if shuffle:
        order = torch.randperm(n, generator=generator, device=x.device)
        x, y = x[order], y[order]
    for start in range(0, n, batch_size):
        yield x[start : start + batch_size], y[start : start + batch_size]
