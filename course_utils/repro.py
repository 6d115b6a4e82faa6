"""Reproducibility helpers: one call seeds every random number generator a lesson uses.

Introduced in notebook 00; every later notebook calls ``set_seed`` in its first cell.
"""

from __future__ import annotations

import random

import numpy as np
import torch

from ._validate import NUMPY_SEED_LIMIT, as_device, check_seed

__all__ = ["set_seed", "get_device"]


def set_seed(seed: int = 0) -> None:
    """Seed Python's ``random``, NumPy's global generator and torch (CPU and CUDA).

    Returns ``None`` on purpose: ``torch.manual_seed`` returns a generator whose repr holds a
    memory address, which would make a notebook cell's output differ on every run.
    Introduced in notebook 00.
    """
    seed = check_seed(seed, limit=NUMPY_SEED_LIMIT)  # np.random.seed takes no more
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)  # also seeds every CUDA device


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
    device = as_device(prefer, "prefer", "'cpu', 'cuda', 'mps' or 'auto'")
    if device.type == "cuda" and not torch.cuda.is_available():
        return torch.device("cpu")
    if device.type == "mps":
        mps = getattr(torch.backends, "mps", None)
        if mps is None or not mps.is_available():
            return torch.device("cpu")
    return device
