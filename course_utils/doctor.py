"""``python -m course_utils doctor``: is this environment right for the course?

Notebook 00 runs the same checks. Each check is OK or FAIL (INFO lines only inform; N/A
marks a check that does not apply where the course runs, e.g. JupyterLab's on Colab); the
command exits 1 when any check FAILs, so a setup script or CI can stop early. The versions
the course needs are read from the installed package's metadata (pyproject.toml), not
repeated here.
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

MIN_PYTHON = (3, 11)  # pyproject's requires-python; tests/test_packaging.py keeps them equal
DISTRIBUTION = "course-utils"
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
JUPYTERLAB_ONLY = {"jupyterlab_widgets", "jupyterlab", "widget front end"}  # Colab has its own


def on_colab() -> bool:
    """True in a Google Colab kernel (it imports google.colab at start-up)."""
    return "google.colab" in sys.modules


def declared_ranges() -> dict[str, str]:
    """``{import name: version range}`` as the installed course_utils declares them (runtime and
    the ``lab`` extra), e.g. ``{"torch": ">=2.13", ...}``; empty when no metadata is found.
    Read with ``packaging`` (which Matplotlib depends on); without it, no range is checked."""
    try:
        from packaging.requirements import Requirement

        requires = importlib.metadata.requires(DISTRIBUTION) or []
    except (ImportError, importlib.metadata.PackageNotFoundError):
        return {}
    ranges = {}
    for req in map(Requirement, requires):
        if req.marker is None or req.marker.evaluate({"extra": "lab"}):  # not test/browser tools
            ranges[req.name.replace("-", "_").lower()] = str(req.specifier)
    return ranges


def _satisfies(version: str, rng: str) -> bool | None:
    """Whether ``version`` is in ``rng``; None when that cannot be told."""
    if not rng:
        return True
    from packaging.specifiers import SpecifierSet  # declared_ranges found packaging
    from packaging.version import InvalidVersion, Version

    try:
        return Version(version) in SpecifierSet(rng)
    except InvalidVersion:
        return None


@dataclass(frozen=True)
class Check:
    name: str
    status: str  # "OK", "FAIL", "INFO" or "N/A"
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
        return Check(
            "widget front end",
            "FAIL",
            f"{WIDGET_EXTENSION} not installed: sliders would show as text. "
            "Fix: pip install jupyterlab_widgets (or make lab)",
        )
    for cfg in jupyter_config_path():
        page = Path(cfg) / "labconfig" / "page_config.json"
        try:
            disabled = json.loads(page.read_text()).get("disabledExtensions", {})
        except (OSError, ValueError):
            continue
        if disabled.get(WIDGET_EXTENSION) or disabled.get(WIDGET_EXTENSION + ":plugin"):
            return Check(
                "widget front end",
                "FAIL",
                f"{WIDGET_EXTENSION} is disabled in {page}. "
                f"Fix: jupyter labextension enable {WIDGET_EXTENSION}",
            )
    version = json.loads((found[0] / "package.json").read_text()).get("version", "?")
    return Check("widget front end", "OK", f"{WIDGET_EXTENSION} {version}")


def _in_range(module: str, version: str, rng: str, colab: bool) -> Check:
    """OK when the installed version is one the course declares; ipywidgets 7 beside
    JupyterLab 4 gets its own message: the lessons run, but no slider can be drawn."""
    if module == "ipywidgets" and version.split(".")[0] == "7" and not colab:
        return Check(
            module,
            "FAIL",
            f"{version}: JupyterLab 4 cannot draw ipywidgets 7 widgets (the page "
            "shows 'Click to show javascript error'). Fix: pip install 'ipywidgets>=8.1'",
        )
    if colab and module == "ipywidgets":
        return Check(module, "OK", f"{version} (Colab's own)")
    ok = _satisfies(version, rng)
    if ok is False:
        return Check(
            module,
            "FAIL",
            f"{version}, but the course needs {module}{rng}. "
            f"Fix: pip install '{module}{rng}' (or make lab)",
        )
    return Check(module, "OK", version)


def _autograd() -> Check:
    import torch

    w = torch.tensor(3.0, requires_grad=True)
    (w * w).backward()  # d(w^2)/dw = 2w = 6
    ok = w.grad is not None and float(w.grad) == 6.0
    return Check(
        "autograd", "OK" if ok else "FAIL", "d(w**2)/dw at w=3 is 6" if ok else f"got {w.grad}"
    )


def run_checks() -> list[Check]:
    """Run every environment check and return them; prints nothing. Introduced in notebook 00."""
    checks = []
    py = ".".join(map(str, sys.version_info[:3]))
    checks.append(
        Check(
            "python",
            "OK" if sys.version_info >= MIN_PYTHON else "FAIL",
            py if sys.version_info >= MIN_PYTHON else f"{py}; the course needs >= 3.11",
        )
    )
    colab, ranges = on_colab(), declared_ranges()
    for module, why in PACKAGES:
        if colab and module in JUPYTERLAB_ONLY:
            checks.append(
                Check(module, "N/A", "not used on Colab (Colab draws the widgets itself)")
            )
            continue
        try:
            version = _version(module)
        except Exception as exc:  # noqa: BLE001 - any import failure is a FAIL to report
            checks.append(
                Check(
                    module,
                    "FAIL",
                    f"cannot import ({exc.__class__.__name__}); needed for {why}. "
                    "Fix: run `make lab` or pip install -e .",
                )
            )
            continue
        checks.append(_in_range(module, version, ranges.get(module, ""), colab))
    checks.append(
        Check("widget front end", "N/A", "not used on Colab") if colab else _widget_frontend()
    )
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
        print(
            f"usage: python -m course_utils doctor (it takes no arguments, got {' '.join(argv)})",
            file=sys.stderr,
        )
        return 2
    checks = run_checks()
    print(format_report(checks))
    return 0 if all(c.ok for c in checks) else 1
