"""Fixtures shared by the tests that work on a copy of the checkout or on its wheel."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from repo_copy import copy_checkout


@pytest.fixture
def checkout_copy(tmp_path) -> Path:
    """A copy of this checkout (tracked and untracked, not ignored, files) in a temporary folder."""
    return copy_checkout(tmp_path / "course")


@pytest.fixture(scope="session")
def wheel(tmp_path_factory) -> Path:
    src = copy_checkout(tmp_path_factory.mktemp("src"))
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
