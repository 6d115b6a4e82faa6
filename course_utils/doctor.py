"""``python -m course_utils doctor``: is this environment right for the course?

Notebook 00 runs the same checks. Each check is OK or FAIL (INFO lines only inform); the
command exits 1 when any check FAILs, so a setup script or CI can stop early.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import importlib.util
import json
import sys
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Check", "run_checks", "format_report", "main"]

MIN_PYTHON = (3, 10)
WIDGET_EXTENSION = "@jupyter-widgets/jupyterlab-manager"
# (import name, why the course needs it). The kernel imports the first four, so they are
# imported here too; the last three run in the JupyterLab server, so they are only located
# (importing jupyterlab alone takes over a second, which notebook 00 would pay for nothing).
PACKAGES = [
    ("torch", "tensors, autograd and nn"),
    ("numpy", "the NumPy lesson and data"),
    ("matplotlib", "every picture"),
    ("ipywidgets", "the sliders (kernel side)"),
    ("jupyterlab_widgets", "the sliders (JupyterLab side)"),
    ("jupyterlab", "the course front end"),
    ("ipykernel", "running notebooks"),
]
SERVER_SIDE = {"jupyterlab_widgets", "jupyterlab", "ipykernel"}


@dataclass(frozen=True)
class Check:
    name: str
    status: str  # "OK", "FAIL" or "INFO"
    detail: str

    @property
    def ok(self) -> bool:
        return self.status != "FAIL"


def _version(module: str) -> str:
    if module in SERVER_SIDE:
        if importlib.util.find_spec(module) is None:
            raise ImportError(module)
        return importlib.metadata.version(module)
    mod = importlib.import_module(module)
    return str(getattr(mod, "__version__", "?"))


def _widget_frontend() -> Check:
    """The front end is a prebuilt lab extension shipped by jupyterlab_widgets; it must exist
    in one of Jupyter's data dirs and not be disabled in any labconfig."""
    try:
        from jupyter_core.paths import jupyter_config_path, jupyter_path
    except ImportError:
        return Check("widget front end", "FAIL", "jupyter_core missing: pip install jupyterlab")
    found = [Path(p) / WIDGET_EXTENSION for p in jupyter_path("labextensions")]
    found = [p for p in found if (p / "package.json").is_file()]
    if not found:
        return Check("widget front end", "FAIL",
                     f"{WIDGET_EXTENSION} not installed: sliders would show as text. "
                     "Fix: pip install jupyterlab_widgets (or make lab)")
    for cfg in jupyter_config_path():
        page = Path(cfg) / "labconfig" / "page_config.json"
        try:
            disabled = json.loads(page.read_text()).get("disabledExtensions", {})
        except (OSError, ValueError):
            continue
        if disabled.get(WIDGET_EXTENSION) or disabled.get(WIDGET_EXTENSION + ":plugin"):
            return Check("widget front end", "FAIL",
                         f"{WIDGET_EXTENSION} is disabled in {page}. "
                         f"Fix: jupyter labextension enable {WIDGET_EXTENSION}")
    version = json.loads((found[0] / "package.json").read_text()).get("version", "?")
    return Check("widget front end", "OK", f"{WIDGET_EXTENSION} {version}")


def _autograd() -> Check:
    import torch

    w = torch.tensor(3.0, requires_grad=True)
    (w * w).backward()  # d(w^2)/dw = 2w = 6
    ok = w.grad is not None and float(w.grad) == 6.0
    return Check("autograd", "OK" if ok else "FAIL", "d(w**2)/dw at w=3 is 6" if ok else f"got {w.grad}")


def run_checks() -> list[Check]:
    """Run every environment check and return them; prints nothing. Introduced in notebook 00."""
    checks = []
    py = ".".join(map(str, sys.version_info[:3]))
    checks.append(Check("python", "OK" if sys.version_info >= MIN_PYTHON else "FAIL",
                        py if sys.version_info >= MIN_PYTHON else f"{py}; the course needs >= 3.10"))
    for module, why in PACKAGES:
        try:
            checks.append(Check(module, "OK", _version(module)))
        except Exception as exc:  # noqa: BLE001 - any import failure is a FAIL to report
            checks.append(Check(module, "FAIL", f"cannot import ({exc.__class__.__name__}); needed for {why}. "
                                "Fix: run `make lab` or pip install -e ."))
    checks.append(_widget_frontend())
    if all(c.ok for c in checks if c.name == "torch"):
        checks.append(_autograd())
        import torch

        gpu = torch.cuda.get_device_name(0) if torch.cuda.is_available() else "none (not needed)"
        checks.append(Check("GPU", "INFO", gpu))
        checks.append(Check("CPU threads", "INFO", str(torch.get_num_threads())))
    return checks


def format_report(checks: list[Check]) -> str:
    width = max(len(c.name) for c in checks)
    lines = [f"{c.status:<4}  {c.name:<{width}}  {c.detail}" for c in checks]
    failed = sum(not c.ok for c in checks)
    lines.append("all checks passed" if not failed else f"{failed} check(s) FAILED")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """``python -m course_utils doctor``: print the report; exit 0 when every check is OK,
    1 on any FAIL, 2 when given arguments (it takes none)."""
    if argv:
        print(f"usage: python -m course_utils doctor (it takes no arguments, got {' '.join(argv)})",
              file=sys.stderr)
        return 2
    checks = run_checks()
    print(format_report(checks))
    return 0 if all(c.ok for c in checks) else 1
