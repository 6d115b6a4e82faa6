"""Shared by the checker corpora (tests/test_checks_NN_*.py) that run a learner's answer cell
as written: the exercises of a lesson, the namespace its Exercises set-up cell leaves, an
answer cell run in a copy of it, and the verdict with what the learner reads."""

from __future__ import annotations

import contextlib
import io
import linecache
import re
from textwrap import dedent

from course_utils.checks._feedback import MAX_LINES, WIDTH, CheckFailed


def exercises_by_number(cells: list[dict]) -> dict[int, list[dict]]:
    """Exercise number -> its cells (heading, answer, and the cells up to the next heading)."""
    found: dict[int, list[dict]] = {}
    number = 0
    for cell in cells:
        if cell["type"] == "markdown" and (m := re.match(r"### Exercise (\d+): ", cell["source"])):
            number = int(m.group(1))
        if number:
            found.setdefault(number, []).append(cell)
    return found


def namespace_after(setup: str) -> dict:
    """The namespace after the Exercises set-up cell, as a learner's kernel holds it."""
    namespace: dict = {}
    with contextlib.redirect_stdout(io.StringIO()):
        exec(compile(setup, "<exercises set-up>", "exec"), namespace)
    return namespace


def define(source: str, notebook: dict, cell: str) -> dict:
    """Run a learner's answer cell in a copy of the notebook's namespace."""
    source = dedent(source).strip() + "\n"
    linecache.cache[cell] = (len(source), None, source.splitlines(True), cell)
    namespace = dict(notebook)
    exec(compile(source, cell, "exec"), namespace)
    return namespace


def outcome(check, *answer, reference_bits: tuple[str, ...], wrapped: bool) -> tuple[str, str]:
    """("pass", the Correct: text) or ("fail", what the learner reads). A hint must fit the
    checker's line limit and give none of ``reference_bits`` away (the learner's own quoted
    code, in backticks, aside). The Correct: text is one line, or (``wrapped``) one "Correct:"
    wrapped at the hints' width."""
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            check(*answer)
    except CheckFailed as exc:
        shown = exc._render_traceback_()
        assert 1 <= len(shown) <= MAX_LINES and shown[0].startswith("✗ Not yet: "), shown
        without_their_code = re.sub(r"`[^`]*`", "", str(exc))
        for bit in reference_bits:
            assert bit not in without_their_code, (bit, str(exc))
        return "fail", str(exc)
    text = out.getvalue()
    if wrapped:
        if text.startswith("Correct: ") and text.count("Correct: ") == 1:
            assert all(len(line) <= WIDTH for line in text.splitlines()), text
            return "pass", text
    elif text.startswith("Correct: ") and text.count("\n") == 1:
        return "pass", text
    return "fail", text
