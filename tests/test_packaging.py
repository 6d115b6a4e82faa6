"""The two install routes (pip + pyproject.toml, conda + environment.yml) stay in step."""

import os
import re
import shlex
import subprocess
import sys
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
# conda-forge names that differ from PyPI names
CONDA_TO_PYPI = {"pytorch": "torch"}


def _split(req: str) -> tuple[str, str]:
    m = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", req)
    assert m, req
    return m.group(1).lower().replace("-", "_"), m.group(2).replace(" ", "")


def _pyproject() -> dict[str, str]:
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    reqs = meta["dependencies"] + meta["optional-dependencies"]["test"]
    return dict(_split(r) for r in reqs)


def _environment() -> tuple[dict[str, str], list]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda, pip = {}, []
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            pip.extend(dep["pip"])
            continue
        name, spec = _split(dep)
        conda[CONDA_TO_PYPI.get(name, name)] = spec
    return conda, pip


def test_environment_yml_has_the_same_packages_and_versions_as_pyproject():
    conda, pip = _environment()
    wanted = _pyproject()
    assert {k: v for k, v in conda.items() if k not in ("python", "pip")} == wanted
    assert "-e ." in pip, "environment.yml must install course_utils itself (pip: -e .)"


def test_torch_is_pinned_exactly_so_pip_takes_the_cpu_build():
    assert _pyproject()["torch"] == "==2.13.0"


def test_python_requirement_agrees():
    conda, _ = _environment()
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    low = meta["requires-python"].removeprefix(">=")
    assert conda["python"].startswith(f">={low}")


def test_package_imports_without_printing_or_seeding():
    # Import in a fresh interpreter: no output, and the global RNG state is untouched.
    code = (
        "import torch; s = torch.random.get_rng_state().clone();"
        "import course_utils;"
        "assert torch.equal(s, torch.random.get_rng_state()), 'import seeded torch'"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert out.stdout == ""


def test_every_public_name_is_exported_and_exists():
    import course_utils

    for name in course_utils.__all__:
        assert hasattr(course_utils, name), name


def test_make_lab_opens_lesson_00_with_the_whole_course_in_view():
    """`make lab` serves the repository root (so student/ is reachable), opens lesson 00, and
    passes --allow-root exactly when run as root (JupyterLab refuses root without it)."""
    out = subprocess.run(["make", "-n", "-o", ".venv/.installed", "lab"], cwd=ROOT, check=True,
                         capture_output=True, text=True).stdout
    line = next(line for line in out.splitlines() if "jupyter lab" in line)
    args = shlex.split(line)[2:]
    assert "--ServerApp.root_dir=." in args
    to_open = [a for a in args if not a.startswith("-")]
    assert to_open == ["notebooks/00_setup_check.ipynb"] and (ROOT / to_open[0]).is_file()
    assert ("--allow-root" in args) == (os.getuid() == 0)
