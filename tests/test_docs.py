"""The repository carries its own design: no document points outside it, and every file path
the contributor docs name exists."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", *sorted((ROOT / "docs").glob("*.md"))]


def _tracked_text_files() -> list[Path]:
    names = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return [
        ROOT / n
        for n in names
        if n.endswith((".md", ".py", ".toml", ".yml", ".txt", ".cfg"))
        or n in ("Makefile", ".ci/run")
    ]


# a relative path that climbs out of the folder it is written in: `../name/...`
UPWARD = re.compile(r"(?<![\w.])((?:\.\./)+[\w.-]+)")


def test_nothing_points_outside_the_repository():
    """Every `../...` path in a tracked text file stays inside the repository when resolved from
    that file's folder: what the project needs, it carries."""
    outside = [
        f"{p.relative_to(ROOT)}: {ref}"
        for p in _tracked_text_files()
        if p.is_file()
        for ref in UPWARD.findall(p.read_text(encoding="utf-8", errors="replace"))
        if not (p.parent / ref).resolve().is_relative_to(ROOT)
    ]
    assert not outside, f"these point outside the repository: {outside}"


def test_the_outside_check_finds_a_pointer_above_the_repository():
    above = "../" * 2 + "elsewhere/PLAN.md"  # built, so that this file itself points nowhere
    (ref,) = UPWARD.findall(f"see {above} for the plan")
    assert not (ROOT / "docs" / ref).resolve().is_relative_to(ROOT)
    (inside,) = UPWARD.findall("[lesson](../notebooks/a.ipynb)")
    assert (ROOT / "student" / inside).resolve().is_relative_to(ROOT)


def test_the_paths_the_docs_name_exist():
    missing = []
    for doc in DOCS:
        for path in re.findall(
            r"`((?:course_utils|scripts|tests|notebooks|docs|binder|benchmarks)/[\w./-]+)`",
            doc.read_text(encoding="utf-8"),
        ):
            if "*" in path or "NN_" in path or "<" in path:
                continue
            if not (ROOT / path.rstrip("/")).exists():
                missing.append(f"{doc.name}: {path}")
    assert not missing, missing


def test_contributing_covers_exercises_checks_student_copies_lessons_and_releases():
    text = (ROOT / "CONTRIBUTING.md").read_text()
    for heading in (
        "## Changing a lesson",
        "## Adding an exercise and its checker",
        "## Adding a lesson",
        "## Re-executing",
        "## Releasing",
        "## Dependencies",
    ):
        assert heading in text
