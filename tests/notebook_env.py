"""Moved to scripts/notebook_env.py, the one home of the notebook settings.

Kept only for benchmarks/notebook_timing.py, which still puts tests/ on sys.path and imports
`notebook_env`: this loads scripts/notebook_env.py by its path and re-exports it. Tests and
scripts import `scripts.notebook_env` instead.
"""

import importlib.util
from pathlib import Path

_spec = importlib.util.spec_from_file_location(
    "_course_notebook_env", Path(__file__).resolve().parents[1] / "scripts" / "notebook_env.py"
)
_module = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_module)

NOTEBOOK_ENV, REMOVED, KERNEL_ARGS = _module.NOTEBOOK_ENV, _module.REMOVED, _module.KERNEL_ARGS
apply, kernel_env = _module.apply, _module.kernel_env
