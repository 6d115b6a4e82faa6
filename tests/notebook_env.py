"""The settings under which notebooks are executed (make execute) and tested (make test).

Stored outputs are only comparable when both use the same thread count and hash seed, and
the kernel must be free to pick its inline matplotlib backend (MPLBACKEND unset).
"""

import os

NOTEBOOK_ENV = {"OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "PYTHONHASHSEED": "0"}
REMOVED = ("MPLBACKEND",)
# For NotebookClient(extra_arguments=...): the kernel logs errors only. Without it every kernel
# warns "Kernel is running over TCP without encryption" (it listens on loopback only).
KERNEL_ARGS = ["--log-level=ERROR"]


def apply() -> None:
    for key, value in NOTEBOOK_ENV.items():
        os.environ[key] = value
    for key in REMOVED:
        os.environ.pop(key, None)
