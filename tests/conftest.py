"""Fixtures shared by the packaging tests (tests/test_wheel.py, tests/test_colab.py)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _copy_of_the_checkout(dest: Path) -> Path:
    """The files git tracks or would track (not ignored): a build in the checkout itself would
    leave a build/ folder there whose stale copies end up in later wheels."""
    listed = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard", "-z"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\0")
    dest.mkdir(parents=True, exist_ok=True)
    for rel in filter(None, listed):
        if (ROOT / rel).is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / rel, dest / rel)
    return dest


@pytest.fixture
def checkout_copy(tmp_path) -> Path:
    """A copy of this checkout (tracked and untracked, not ignored, files) in a temporary folder."""
    return _copy_of_the_checkout(tmp_path / "course")


@pytest.fixture(scope="session")
def wheel(tmp_path_factory) -> Path:
    src = _copy_of_the_checkout(tmp_path_factory.mktemp("src"))
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--quiet",
            "-w",
            str(out),
            str(src),
        ],
        check=True,
    )
    (path,) = out.glob("course_utils-*.whl")
    return path
