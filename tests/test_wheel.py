"""What a learner installs is a wheel, not this checkout: build it, install it into an empty
folder outside the repository, and run lessons from another empty folder against it.

The kernel gets the installed copy first on its path (PYTHONPATH), ahead of the editable
install of the checkout; a probe prints ``course_utils.__file__`` to prove which copy ran.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from repo_copy import nbval_in

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("site")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--quiet",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
    )
    return target


def test_the_wheel_carries_the_data_and_every_subpackage(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    package = {
        str(p.relative_to(ROOT))
        for p in (ROOT / "course_utils").rglob("*")
        if p.is_file() and p.suffix in (".py", ".csv") and "__pycache__" not in p.parts
    }
    assert "course_utils/datasets/wine.csv" in package
    assert package <= names, sorted(package - names)


def _env(site: Path) -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(site))
    env.pop("MPLBACKEND", None)
    return env


@pytest.mark.slow
def test_installed_wheel_runs_lessons_04_and_08_from_an_empty_folder(installed, tmp_path):
    work = tmp_path / "empty"
    work.mkdir()
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "import course_utils; print(course_utils.__file__); "
            "print(course_utils.load_wine().x.shape)",
        ],
        cwd=work,
        env=_env(installed),
        capture_output=True,
        text=True,
        check=True,
    )
    assert probe.stdout.splitlines() == [
        str(installed / "course_utils" / "__init__.py"),
        "torch.Size([178, 13])",
    ]
    lessons = ["04_nn_linear.ipynb", "08_wine_classification.ipynb"]
    result = nbval_in(work, lessons, sys.executable, _env(installed))
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert sorted(p.name for p in work.iterdir() if not p.name.startswith(".")) == [
        "04_nn_linear.ipynb",
        "08_wine_classification.ipynb",
    ]  # the lessons wrote nothing here
