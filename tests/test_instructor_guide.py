r"""docs/INSTRUCTOR_GUIDE.md stays in step with the lessons in notebooks/src of this repository.

For every lesson the guide has an entry (`## Lesson NN · \`NN_name\``) that names each of the
lesson's `##` sections and exercises, quotes section titles in curly quotes exactly as the
lesson's headings, quotes every "**Predict:**" prompt of the lesson (and no other), plans
classes of at most 50 minutes whose stated totals are the sums of their rows, and states word
and code-cell counts that are within 20% of the lesson's.

`problems(guide_text, lesson_dir)` does all of it, so it can be pointed at any folder of
lessons; run this file to print the counts and the problems:
    python tests/test_instructor_guide.py [notebooks/src]
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import jupytext

ROOT = Path(__file__).resolve().parents[1]
LESSONS = ROOT / "notebooks" / "src"
GUIDE = ROOT / "docs" / "INSTRUCTOR_GUIDE.md"

PREDICT = "**Predict:**"
# plan rows that are not a section of the lesson
LABELS = ("Opening", "Recap", "Wrap-up", "Buffer")
ENTRY = re.compile(r"^## Lesson (\d\d) · `(\d\d_\w+)`", re.M)
QUOTED = re.compile(r"“([^”]+)”")
PLAN = re.compile(r"^### (Class \d plan|Plan) \(50 minutes\)\n(.*?)(?=^### |\Z)", re.M | re.S)
ROW = re.compile(r"^\|\s*(\d+)\s*\|\s*([^|]*?)\s*\|", re.M)
TOTAL = re.compile(r"^Total: (\d+) minutes", re.M)
SIZE = re.compile(r"\*\*Size:\*\* ([\d,]+) words, (\d+) code cells")


def _words(text: str) -> list[str]:
    return text.split()


def lesson_outline(path: Path) -> dict:
    """Headings (## and ###), Predict prompts, words of markdown and code cells a learner sees
    (all but those tagged "check") of one lesson source; `sections` gives both per heading."""
    nb = jupytext.reads(path.read_text(encoding="utf-8"), fmt="py:percent")
    sections = [["(opening)", 0, 0]]
    headings, level2, prompts = [], [], []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            # a prompt runs from "**Predict:**" to the end of its paragraph
            found = re.findall(re.escape(PREDICT) + r"(.*?)(?:\n\n|\Z)", cell.source, re.S)
            prompts += [" ".join(_words(p)) for p in found]
            for line in cell.source.splitlines():
                if line.startswith(("## ", "### ")):
                    title = line.lstrip("#").strip()
                    headings.append(title)
                    if line.startswith("## "):
                        level2.append(title)
                    sections.append([title, 0, 0])
                sections[-1][1] += len(_words(line))
        elif "check" not in cell.metadata.get("tags", []):
            sections[-1][2] += 1
    return {
        "headings": headings,
        "named": level2 + [h for h in headings if h.startswith("Exercise ")],
        "prompts": prompts,
        "words": sum(s[1] for s in sections),
        "code_cells": sum(s[2] for s in sections),
        "sections": sections,
    }


def guide_entries(guide_text: str) -> dict[str, str]:
    """The guide's text per lesson (from its `## Lesson` heading to the next `## `), keyed by
    the lesson's file stem."""
    entries = {}
    for chunk in re.split(r"^(?=## )", guide_text, flags=re.M):
        m = ENTRY.match(chunk)
        if m:
            entries[m.group(2)] = chunk
    return entries


def _near(stated: int, counted: int) -> bool:
    return abs(stated - counted) <= max(2, 0.2 * counted)


def problems(guide_text: str, lesson_dir: Path) -> list[str]:
    """Every way the guide is out of step with the lessons in lesson_dir, one line each."""
    found = []
    entries = guide_entries(guide_text)
    lessons = {p.stem: lesson_outline(p) for p in sorted(lesson_dir.glob("[0-9][0-9]_*.py"))}
    found += [
        f"{s}: the guide has no entry '## Lesson {s[:2]} · `{s}`'"
        for s in lessons
        if s not in entries
    ]
    found += [
        f"{s}: the guide has an entry but there is no such lesson"
        for s in entries
        if s not in lessons
    ]
    for stem, lesson in lessons.items():
        entry = entries.get(stem)
        if entry is None:
            continue
        quoted = [" ".join(q.split()) for q in QUOTED.findall(entry)]  # a title may wrap
        found += [
            f"{stem}: the guide names “{q}”, which is not a heading of the lesson"
            for q in quoted
            if q not in lesson["headings"]
        ]
        found += [
            f"{stem}: the lesson's “{h}” is not named in the guide"
            for h in lesson["named"]
            if h not in quoted
        ]
        # Predict prompts, compared by their first ten words
        in_guide = [
            " ".join(_words(p)[:10]) for p in re.findall(re.escape(PREDICT) + r"(.*)", entry)
        ]
        in_lesson = [" ".join(_words(p)[:10]) for p in lesson["prompts"]]
        found += [
            f"{stem}: the prompt '{PREDICT} {p}...' is not in the guide"
            for p in in_lesson
            if p not in in_guide
        ]
        found += [
            f"{stem}: the guide asks '{PREDICT} {p}...', which is no prompt of the lesson"
            for p in in_guide
            if p not in in_lesson
        ]
        plans = PLAN.findall(entry)
        if not plans:
            found.append(f"{stem}: no '### Plan (50 minutes)' or '### Class N plan (50 minutes)'")
        for name, body in plans:
            rows = ROW.findall(body)
            minutes = sum(int(m) for m, _ in rows)
            total = TOTAL.search(body)
            if not rows:
                found.append(f"{stem}, {name}: no rows '| minutes | section |'")
            if minutes > 50:
                found.append(f"{stem}, {name}: {minutes} minutes, more than 50")
            if not total or int(total.group(1)) != minutes:
                found.append(f"{stem}, {name}: 'Total: {minutes} minutes' missing or wrong")
            for _, section in rows:
                if not QUOTED.search(section) and not section.startswith(LABELS):
                    found.append(
                        f"{stem}, {name}: row '{section}' names no “section” of the lesson"
                    )
        size = SIZE.search(entry)
        if not size:
            found.append(f"{stem}: no '**Size:** N words, M code cells'")
        elif not (
            _near(int(size.group(1).replace(",", "")), lesson["words"])
            and _near(int(size.group(2)), lesson["code_cells"])
        ):
            found.append(
                f"{stem}: the guide says {size.group(1)} words, {size.group(2)} code cells, the "
                f"lesson has {lesson['words']:,} and {lesson['code_cells']}: recount and replan"
            )
    return list(dict.fromkeys(found))  # a title the guide quotes twice is one problem


def test_the_guide_is_in_step_with_the_lessons():
    found = problems(GUIDE.read_text(encoding="utf-8"), LESSONS)
    assert not found, "docs/INSTRUCTOR_GUIDE.md is out of step with notebooks/src:\n" + "\n".join(
        found
    )


def _new_problems(guide_text: str, lesson_dir: Path) -> set[str]:
    return set(problems(guide_text, lesson_dir)) - set(
        problems(GUIDE.read_text(encoding="utf-8"), LESSONS)
    )


def test_the_check_finds_a_renamed_section_a_new_prompt_and_a_long_class(tmp_path):
    guide = GUIDE.read_text(encoding="utf-8")
    shutil.copytree(LESSONS, tmp_path / "src")
    lesson = sorted((tmp_path / "src").glob("0[1-9]_*.py"))[0]
    title = lesson_outline(lesson)["named"][0]
    text = lesson.read_text(encoding="utf-8")
    text = text.replace(f"# ## {title}\n", f"# ## {title} (renamed)\n", 1)
    text += f"\n# %% [markdown]\n# {PREDICT} a question the guide never asks, added to test it?\n"
    lesson.write_text(text, encoding="utf-8")
    new = _new_problems(guide, tmp_path / "src")
    assert any(f"names “{title}”, which is not a heading" in p for p in new), new
    assert any(f"“{title} (renamed)” is not named" in p for p in new), new
    assert any("a question the guide never asks" in p for p in new), new
    first_row = ROW.search(guide[PLAN.search(guide).start() :])
    longer = guide.replace(first_row.group(0), f"| 51 | {first_row.group(2)} |", 1)
    assert any("more than 50" in p for p in _new_problems(longer, LESSONS)), (
        "a 51-minute class passed"
    )


if __name__ == "__main__":
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else LESSONS
    for path in sorted(folder.glob("[0-9][0-9]_*.py")):
        o = lesson_outline(path)
        print(f"{path.stem}: {o['words']:,} words, {o['code_cells']} code cells")
        for title, words, cells in o["sections"]:
            print(f"    {words:5d} words {cells:3d} code cells  {title}")
    found = problems(GUIDE.read_text(encoding="utf-8"), folder)
    print("\n".join(found) or "the guide is in step with " + str(folder))
    sys.exit(1 if found else 0)
