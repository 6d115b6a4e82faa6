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


def test_nothing_points_outside_the_repository():
    found = [
        str(p.relative_to(ROOT))
        for p in _tracked_text_files()
        if p.is_file()
        and "../shared" in p.read_text(encoding="utf-8", errors="replace")
        and p.name != "test_docs.py"
    ]
    assert not found, (
        f"these files point at ../shared, which is not part of the repository: {found}"
    )


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
