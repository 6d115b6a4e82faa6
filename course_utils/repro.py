"""Reproducibility helpers: one call seeds every random number generator a lesson uses.

Introduced in notebook 00; every later notebook calls ``set_seed`` in its first cell.
"""

from __future__ import annotations

import random

import numpy as np
import torch

__all__ = ["set_seed", "get_device"]


def set_seed(seed: int = 0) -> None:
    """Seed Python's ``random``, NumPy's global generator and torch (CPU and CUDA).

    Returns ``None`` on purpose: ``torch.manual_seed`` returns a generator whose repr holds a
    memory address, which would make a notebook cell's output differ on every run.
    Introduced in notebook 00.
    """
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise TypeError(f"seed must be an int, got {type(seed).__name__} ({seed!r})")
    if not 0 <= int(seed) < 2**32:
        raise ValueError(f"seed must be in [0, 2**32), got {seed}")
    random.seed(int(seed))
    np.random.seed(int(seed))
    torch.manual_seed(int(seed))  # also seeds every CUDA device


def get_device(prefer: str = "cpu") -> torch.device:
    """Return ``torch.device(prefer)`` if it is available here, else the CPU.

    ``prefer="auto"`` picks CUDA, then Apple's MPS, then the CPU. The course runs on a CPU in
    seconds; a GPU is never needed. Introduced in notebook 00.
    """
    if prefer == "auto":
        if torch.cuda.is_available():
            return torch.device("cuda")
        mps = getattr(torch.backends, "mps", None)
        if mps is not None and mps.is_available():
            return torch.device("mps")
        return torch.device("cpu")
    try:
        device = torch.device(prefer)
    except (RuntimeError, TypeError) as exc:
        raise ValueError(
            f"prefer={prefer!r} is not a device name; use 'cpu', 'cuda', 'mps' or 'auto'"
        ) from exc
    if device.type == "cuda" and not torch.cuda.is_available():
        return torch.device("cpu")
    if device.type == "mps":
        mps = getattr(torch.backends, "mps", None)
        if mps is None or not mps.is_available():
            return torch.device("cpu")
    return device
