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
# conda-forge names that differ from PyPI names (environment.yml)
CONDA_TO_PYPI = {"pytorch_cpu": "torch", "matplotlib_base": "matplotlib"}
TEST_TOOLS = {
    "pytest",
    "nbval",
    "nbclient",
    "nbformat",
    "hypothesis",
    "pyyaml",
    "ruff",
    "playwright",
    "setuptools",
}


def _split(req: str) -> tuple[str, str]:
    m = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", req)
    assert m, req
    return m.group(1).lower().replace("-", "_"), m.group(2).replace(" ", "")


def _project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def _learner_requirements() -> dict[str, str]:
    """What a learner's environment needs: the runtime dependencies and the `lab` extra."""
    meta = _project()
    return dict(_split(r) for r in meta["dependencies"] + meta["optional-dependencies"]["lab"])


def _pins(name: str) -> dict[str, str]:
    lines = [line.split("#", 1)[0].strip() for line in (ROOT / name).read_text().splitlines()]
    return dict(_split(line)[0:1] + (line.split("==", 1)[1],) for line in lines if "==" in line)


def _conda(path: Path) -> tuple[dict[str, str], list[str]]:
    env = yaml.safe_load(path.read_text())
    conda, pip = {}, []
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            pip.extend(dep["pip"])
            continue
        name, spec = _split(dep)
        conda[CONDA_TO_PYPI.get(name, name)] = spec
    return conda, pip


def test_runtime_dependencies_are_what_a_lesson_kernel_imports():
    runtime = {_split(r)[0] for r in _project()["dependencies"]}
    assert runtime == {"torch", "numpy", "matplotlib", "ipywidgets"}
    assert not runtime & TEST_TOOLS and "jupyterlab" not in runtime


def test_every_declared_dependency_has_a_range_and_one_locked_version():
    meta, pins = _project(), _pins("constraints.txt")
    reqs = meta["dependencies"] + [
        r for extra in meta["optional-dependencies"].values() for r in extra
    ]
    for req in reqs:
        name, spec = _split(req)
        assert spec.startswith(">="), f"{req}: declare a range with a tested lower bound"
        assert name in pins, f"{name} is declared but constraints.txt does not lock it"
    assert pins["torch"] == "2.13.0"  # the CPU build on the course machines' disk


def test_the_lowest_versions_file_pins_every_lower_bound():
    from packaging.version import Version

    meta, lowest = _project(), _pins("constraints-lowest.txt")
    reqs = meta["dependencies"] + [
        r for extra in meta["optional-dependencies"].values() for r in extra
    ]
    for req in reqs:
        name, spec = _split(req)
        assert name in lowest and Version(lowest[name]) == Version(spec.removeprefix(">=")), (
            f"{name}: constraints-lowest.txt must pin the declared floor {spec}"
        )


def test_environment_yml_has_the_learner_packages_with_the_same_lower_bounds():
    conda, pip = _conda(ROOT / "environment.yml")
    wanted = _learner_requirements()
    assert {k: v for k, v in conda.items() if k not in ("python", "pip")} == wanted
    assert conda["python"] == _project()["requires-python"]
    assert not set(conda) & TEST_TOOLS
    assert "-e ." in pip, "environment.yml must install course_utils itself (pip: -e .)"


def test_binder_has_an_exact_python_the_cpu_torch_and_the_locked_learner_packages():
    conda, pip = _conda(ROOT / "binder" / "environment.yml")
    assert conda == {"python": "=3.11", "pip": ""}
    assert "--extra-index-url https://download.pytorch.org/whl/cpu" in pip
    pinned = dict(_split(p)[0:1] + (p.split("==", 1)[1],) for p in pip if "==" in p)
    locked = _pins("constraints.txt")
    assert pinned.pop("torch") == locked["torch"] + "+cpu"
    assert pinned == {name: locked[name] for name in _learner_requirements() if name != "torch"}
    post = (ROOT / "binder" / "postBuild").read_text()
    assert "pip install --no-deps -e ." in post and os.access(
        ROOT / "binder" / "postBuild", os.X_OK
    )


def test_python_requirement_agrees_with_the_doctor_and_the_readme():
    from course_utils import doctor

    low = _project()["requires-python"].removeprefix(">=")
    assert doctor.MIN_PYTHON == tuple(int(p) for p in low.split("."))
    assert f"Python >= {low}" in (ROOT / "README.md").read_text()


def test_make_stops_with_a_clear_message_on_an_old_python(tmp_path):
    old = tmp_path / "python3"
    old.write_text('#!/bin/sh\n[ "$1" = --version ] && echo "Python 3.9.6" && exit 0\nexit 1\n')
    old.chmod(0o755)
    out = subprocess.run(
        ["make", "check-python", f"PYTHON={old}"], cwd=ROOT, capture_output=True, text=True
    )
    assert out.returncode != 0
    assert (
        f"the course needs Python >= {_project()['requires-python'][2:]}, "
        f"but '{old}' is Python 3.9.6" in out.stderr
    )


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


def test_make_lab_opens_lesson_00_in_my_work():
    """`make lab` serves my-work/ (the learner's own copies), opens lesson 00 there, and passes
    --allow-root exactly when run as root (JupyterLab refuses root without it)."""
    out = subprocess.run(
        ["make", "-n", "-o", ".venv/.installed-lab", "lab"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    line = next(line for line in out.splitlines() if "jupyter lab" in line)
    args = shlex.split(line)[2:]
    assert "--ServerApp.root_dir=my-work" in args
    to_open = [a for a in args if not a.startswith("-")]
    # JupyterLab resolves the file to open against the directory it starts in, not root_dir
    assert to_open == ["my-work/00_setup_check.ipynb"]
    assert (ROOT / "student" / Path(to_open[0]).name).is_file()
    assert ("--allow-root" in args) == (os.getuid() == 0)
    assert "scripts.my_work" in out  # the first time, my-work/ is filled from student/
