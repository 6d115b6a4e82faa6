"""The answers the instructor's guide gives are the numbers the lessons print.

In each lesson's entry of docs/INSTRUCTOR_GUIDE.md, the answers to the "Predict-first
questions" quote what the lesson prints. Every number there must appear, at its shown
precision, in that lesson's built notebook (code or outputs), as tests/prose_numbers.py
requires of the lesson's own prose. Re-executing a lesson that changes a printed number fails
here until the guide says the new number. Plans (minutes), sizes (counts), learning goals and
the explanations of "Questions learners usually ask" are about teaching, not outputs, and are
not checked.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from prose_numbers import backed_numbers, markdown_numbers, notebook_texts
from test_instructor_guide import GUIDE, guide_entries

ROOT = Path(__file__).resolve().parents[1]
CHECKED = ("### Predict-first questions",)


def quoted_results(entry: str) -> str:
    """The answers of the entry's predict-first questions (without the prompts, which quote the
    lesson's prose and are checked there)."""
    parts = re.split(r"^(?=### )", entry, flags=re.M)
    text = "\n".join(p for p in parts if p.startswith(CHECKED))
    text = "\n".join(line for line in text.splitlines() if not line.startswith(">"))
    return text.replace("`", " ")  # answers quote printed output as code: check it too


def unbacked_in_guide(entry: str, nb: dict) -> list[tuple[str, str]]:
    _, backing = notebook_texts(nb)
    shown = backed_numbers(backing)
    text = quoted_results(entry)
    missing = []
    for number in markdown_numbers(text):
        if number not in shown:
            i = text.find(number)
            missing.append((number, text[max(0, i - 60) : i + 40].replace("\n", " ")))
    return missing


ENTRIES = guide_entries(GUIDE.read_text(encoding="utf-8"))


@pytest.mark.parametrize("stem", sorted(ENTRIES))
def test_the_guides_answers_quote_numbers_the_lesson_prints(stem):
    nb = json.loads((ROOT / "notebooks" / f"{stem}.ipynb").read_text(encoding="utf-8"))
    missing = unbacked_in_guide(ENTRIES[stem], nb)
    assert not missing, (
        f"docs/INSTRUCTOR_GUIDE.md, lesson {stem}: numbers that notebooks/{stem}.ipynb does not "
        "print (re-executed? then quote the new output):\n"
        + "\n".join(f"  {n!r} in: ...{ctx}..." for n, ctx in missing)
    )


def test_the_check_finds_a_number_the_lesson_does_not_print():
    nb = {"cells": [{"cell_type": "code", "source": "print(w)", "outputs": [{"text": "2.0115\n"}]}]}
    entry = "### Predict-first questions\n\n> **Predict:** what is 7?\n\nIt ends at w = {}.\n"
    assert unbacked_in_guide(entry.format("2.0115"), nb) == []
    assert [n for n, _ in unbacked_in_guide(entry.format("2.0116"), nb)] == ["2.0116"]
    # learning goals and plans are not results
    assert unbacked_in_guide("### Plan (50 minutes)\n\n| 12 | x |\n", nb) == []
