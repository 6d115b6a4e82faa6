"""Shared by the checker tests (tests/test_checks_NN_*.py): an answer passes with one
"Correct:" line, or fails with the hint that names its mistake."""

from __future__ import annotations

import re

import pytest


def passes(check, *answer, capsys) -> None:
    check(*answer)
    out = capsys.readouterr().out
    assert out.startswith("Correct:") and out.count("\n") == 1, out


def fails(check, *answer, hint: str) -> None:
    with pytest.raises(AssertionError, match=re.escape(hint)):
        check(*answer)
