"""Root conftest: notebook kernels started by nbval inherit the same settings as `make execute`."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "tests"))
import notebook_env  # noqa: E402

notebook_env.apply()
