"""Copies of this checkout for tests that run the course's commands in them, and `make` run
there without touching the environment the tests run in."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SANITIZE = ROOT / "tests" / "sanitize.cfg"


def copy_checkout(dest: Path) -> Path:
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


def make_command(course: Path, *args: str, python: str = sys.executable) -> list[str]:
    """``make ARGS`` for ``course`` (a copy of the checkout) with the Python running the tests,
    never installing anything: the install stamps point at a file that exists and is marked old
    (-o). (A stamp that does not exist makes its install recipe run even under -o, and that
    recipe would reinstall the running environment, editable, from the copy.)"""
    stamp = course / ".installed"
    stamp.touch()
    venv = Path(python).parent.parent
    return [
        "make",
        "--no-print-directory",
        f"VENV={venv}",
        f"PY={python}",
        f"LAB_STAMP={stamp}",
        f"TEST_STAMP={stamp}",
        f"-o{stamp}",
        *args,
    ]


def make_in(course: Path, *args: str, python: str = sys.executable) -> subprocess.CompletedProcess:
    """Run ``make_command`` in ``course``; fails the test if a recipe tried to install."""
    out = subprocess.run(
        make_command(course, *args, python=python), cwd=course, capture_output=True, text=True
    )
    assert "pip install" not in out.stdout, (
        f"make {' '.join(args)} tried to install: {out.stdout[-2000:]}"
    )
    return out


def nbval_in(
    work: Path, lessons: list[str], python: str | Path, env: dict[str, str]
) -> subprocess.CompletedProcess:
    """Copy the stored lessons into the empty folder ``work`` and check them there with strict
    nbval, as a learner's environment runs them: ``python`` with ``env`` (its own packages)."""
    for name in lessons:
        shutil.copy(ROOT / "notebooks" / name, work / name)
    nbval = ["--nbval", "--nbval-current-env", "--nbval-sanitize-with", str(SANITIZE)]
    cmd = [str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider", "--rootdir", str(work)]
    return subprocess.run(
        [*cmd, *nbval, *lessons], cwd=work, env=env, capture_output=True, text=True
    )
