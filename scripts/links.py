"""Where the course lives, derived from pyproject.toml: its one home.

- `install_source()`: what the Colab set-up cell installs, ``git+<Repository>@v<version>``
  (the tag of the version the notebooks were built with), or None while pyproject.toml has no
  ``[project.urls] Repository``. A learner (or the tests) can override it at run time with the
  environment variable COURSE_INSTALL_SOURCE: any pip requirement (a path, a wheel, a git URL).
- `colab_cell()`: the set-up cell every built notebook (and so every student copy) carries
  right after its generated note. It does nothing outside Colab; on Colab it installs
  course_utils with --no-deps, so Colab's own torch, NumPy, Matplotlib and ipywidgets stay.
- `colab_url(path)`, `binder_url(path)` and `badges()`: the README's "Open in" links.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENV_VAR = "COURSE_INSTALL_SOURCE"
COLAB_MARKER = "# Set-up for Google Colab"


def project(root: Path = ROOT) -> dict:
    return tomllib.loads((root / "pyproject.toml").read_text())["project"]


def repository(root: Path = ROOT) -> str | None:
    """``[project.urls] Repository`` (https://github.com/OWNER/REPO), or None when unset."""
    url = project(root).get("urls", {}).get("Repository")
    return url.rstrip("/") if url else None


def install_source(root: Path = ROOT) -> str | None:
    repo, version = repository(root), project(root)["version"]
    return f"git+{repo}.git@v{version}" if repo else None


def colab_cell(root: Path = ROOT) -> str:
    """The source of the Colab set-up code cell."""
    source = install_source(root)
    default = (
        f'os.environ.get("{ENV_VAR}", "{source}")'
        if source
        else f'os.environ.get("{ENV_VAR}") or sys.exit("Set {ENV_VAR}: no public copy yet")'
    )
    return (
        f"{COLAB_MARKER} (does nothing anywhere else): installs the course's helpers,\n"
        "# course_utils, at the version these outputs came from. Colab's own PyTorch stays.\n"
        "import importlib.util, os, subprocess, sys\n"
        "try:\n"
        "    import google.colab  # only Colab has it\n"
        "except ImportError:\n"
        "    pass\n"
        "else:\n"
        '    if importlib.util.find_spec("course_utils") is None:\n'
        f"        source = {default}\n"
        '        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", '
        "source], check=True)"
    )


def is_colab_cell(cell) -> bool:
    return cell.cell_type == "code" and cell.source.startswith(COLAB_MARKER)


def _github_path(root: Path = ROOT) -> str | None:
    repo = repository(root)
    prefix = "https://github.com/"
    return repo[len(prefix) :] if repo and repo.startswith(prefix) else None


def colab_url(path: str, root: Path = ROOT) -> str | None:
    gh, version = _github_path(root), project(root)["version"]
    return f"https://colab.research.google.com/github/{gh}/blob/v{version}/{path}" if gh else None


def binder_url(path: str = "notebooks/00_setup_check.ipynb", root: Path = ROOT) -> str | None:
    gh, version = _github_path(root), project(root)["version"]
    if not gh:
        return None
    return f"https://mybinder.org/v2/gh/{gh}/v{version}?labpath={path.replace('/', '%2F')}"


def badges(root: Path = ROOT) -> str | None:
    """The README's badge line, or None while the course has no public home."""
    colab, binder = colab_url("notebooks/00_setup_check.ipynb", root), binder_url(root=root)
    if not (colab and binder):
        return None
    return (
        f"[![Open in Colab](https://colab.research.google.com/assets/colab-badge.svg)]({colab}) "
        f"[![Binder](https://mybinder.org/badge_logo.svg)]({binder})"
    )
