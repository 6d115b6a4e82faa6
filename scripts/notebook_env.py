"""The settings under which notebooks are executed and tested: their one home.

Stored outputs are only comparable when storing them (`make execute`, `make notebooks`) and
checking them (`make test`, `make nbval`, `make repro`) use the same thread count and hash
seed, and the kernel must be free to pick its inline matplotlib backend (MPLBACKEND unset).
Used by
- scripts/execute_notebooks.py and scripts/repro.py: the kernels' environment and arguments;
- the root conftest.py, which applies it to the pytest process when pytest starts, before
  anything imports torch: the tests run torch on one thread and the kernels nbval starts
  inherit it, so `make test` needs no `env ...` prefix.
This module imports nothing heavy (only os): importing it must not import torch.
"""

from __future__ import annotations

import os
from collections.abc import MutableMapping

NOTEBOOK_ENV = {"OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "PYTHONHASHSEED": "0"}
REMOVED = ("MPLBACKEND",)
# For NotebookClient(extra_arguments=...): the kernel logs errors only. Without it every kernel
# warns "Kernel is running over TCP without encryption" (it listens on loopback only).
KERNEL_ARGS = ["--log-level=ERROR"]


def apply(environ: MutableMapping[str, str] = os.environ) -> None:
    """Put the settings into ``environ`` (this process's environment by default)."""
    environ.update(NOTEBOOK_ENV)
    for key in REMOVED:
        environ.pop(key, None)


def kernel_env(threads: int = 1) -> dict[str, str]:
    """The environment of a notebook kernel: this process's, with the settings and ``threads``
    threads.

    MKL_NUM_THREADS is set to the same value as OMP_NUM_THREADS: torch takes its thread count
    from MKL_NUM_THREADS when both are set, so OMP_NUM_THREADS=2 next to MKL_NUM_THREADS=1 still
    runs torch on one thread (only NumPy's OpenBLAS would use two).
    """
    env = dict(os.environ)
    apply(env)
    env["OMP_NUM_THREADS"] = env["MKL_NUM_THREADS"] = str(threads)
    return env
