"""Colab, simulated as closely as this machine allows (real Colab cannot be reached from here).

What is real: the notebooks' own first code cell (scripts/links.py) runs unchanged in a kernel
that has no course_utils, detects "Colab" by importing google.colab, and pip-installs the
course from COURSE_INSTALL_SOURCE, here a wheel built from this checkout, with --no-deps so
the kernel's torch stays. What is simulated: google.colab is an empty package on the kernel's
PYTHONPATH, and the kernel is a fresh venv that sees this environment's packages (torch,
NumPy, Matplotlib, ipywidgets, nbval) through a .pth file but not course_utils.
Then lesson 00 (doctor: JupyterLab checks N/A) and lesson 04 run to the end under strict nbval.
"""

from __future__ import annotations

import os
import site
import subprocess
import sys
from pathlib import Path

import pytest
from repo_copy import nbval_in

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def colab_python(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """A fresh venv without course_utils, and the environment of a simulated Colab kernel."""
    root = tmp_path_factory.mktemp("colab")
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    own_site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    # this environment's packages, as plain path entries: no .pth of ours (the editable
    # install of the checkout) is processed, so course_utils stays out of reach
    Path(own_site, "course_env.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    fake = root / "fake"
    (fake / "google" / "colab").mkdir(parents=True)
    (fake / "google" / "__init__.py").write_text("")
    (fake / "google" / "colab" / "__init__.py").write_text('"""Stand-in for Colab\'s module."""\n')
    env = dict(os.environ, PYTHONPATH=str(fake))
    env.pop("MPLBACKEND", None)
    return python, env


def test_a_kernel_without_course_utils_installs_it_from_the_wheel_and_runs_lessons(
    colab_python, wheel, tmp_path
):
    python, env = colab_python
    work = tmp_path / "content"  # Colab's working folder: empty
    work.mkdir()
    probe = [str(python), "-c", "import course_utils"]
    assert subprocess.run(probe, cwd=work, env=env, capture_output=True).returncode != 0
    env = dict(env, COURSE_INSTALL_SOURCE=str(wheel))
    result = nbval_in(work, ["00_setup_check.ipynb", "04_nn_linear.ipynb"], python, env)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    where = subprocess.run(
        [
            str(python),
            "-c",
            "import course_utils, torch; print(course_utils.__file__); print(torch.__file__)",
        ],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    assert where[0].startswith(str(python.parent.parent))  # installed into the Colab kernel's env
    assert not where[1].startswith(str(python.parent.parent))  # its own torch was kept


def test_on_colab_lesson_00_reports_jupyterlab_checks_as_not_applicable(
    colab_python, wheel, tmp_path
):
    python, env = colab_python
    code = (
        "import google.colab\nfrom course_utils.doctor import run_checks, format_report\n"
        "print(format_report(run_checks()))"
    )
    out = subprocess.run(
        [str(python), "-c", code],
        cwd=tmp_path,
        env=dict(env, PYTHONPATH=f"{env['PYTHONPATH']}{os.pathsep}{ROOT}"),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "N/A   jupyterlab " in out and "N/A   widget front end" in out
    assert "all checks passed" in out and "FAIL" not in out
