"""Root conftest: every pytest run (unit tests, nbval, `make test`) gets the notebook settings.

scripts/notebook_env.py is their one home. They are applied here, when pytest loads this
file, before any test module imports torch: the tests run torch on one thread, and the
kernels nbval starts inherit the same settings as `make execute`. The repository root goes
on sys.path so that tests import the scripts as a package (`from scripts import repro`).
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from scripts import notebook_env  # noqa: E402

if "torch" in sys.modules and any(
    os.environ.get(k) != v for k, v in notebook_env.NOTEBOOK_ENV.items()
):
    # too late for this process: torch has already chosen its thread count
    raise RuntimeError(
        "a pytest plugin imported torch before conftest.py could apply "
        "scripts/notebook_env.py: run pytest with OMP_NUM_THREADS=1 MKL_NUM_THREADS=1"
    )
notebook_env.apply()
