"""The text says what the output shows: every number in a lesson's prose is one its code or
outputs show (at the precision the prose gives it), and no prose quotes a timing."""

import json
import re
from pathlib import Path

import pytest
from prose_numbers import ALLOWED, machine_dependent, markdown_numbers, unbacked

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_number_in_the_prose_is_in_the_outputs_or_code(path):
    missing = unbacked(load(path))
    assert not missing, (
        f"{path.name}: numbers in the text that no output or code shows (rerun the notebook "
        "and copy the printed value, print the number, or allow its context in "
        "tests/prose_numbers.py with a reason):\n"
        + "\n".join(f"  {n!r} in ...{ctx}..." for n, ctx in missing)
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_prose_quotes_a_timing_or_a_speed_up(path):
    found = machine_dependent(load(path))
    assert not found, f"{path.name}: machine-dependent numbers in the text: {found}"


def cell(source: str, kind: str = "markdown", outputs: list | None = None) -> dict:
    c = {"cell_type": kind, "source": source}
    if kind == "code":
        c["outputs"] = outputs or []
    return c


def stream(text: str) -> dict:
    return {"output_type": "stream", "name": "stdout", "text": text}


def test_a_number_the_output_does_not_show_fails():
    nb = {
        "cells": [
            cell("print(loss)", "code", [stream("batch 16, loss after 1 epoch: 2.449\n")]),
            cell("After one epoch the loss is 2.45; batch 16 reaches 3.03."),
        ]
    }
    assert [n for n, _ in unbacked(nb)] == ["3.03"]  # 2.45 is 2.449 at the prose's precision


def test_a_rounded_number_must_round_the_output_not_truncate_it():
    nb = {"cells": [cell("x", "code", [stream("0.9907\n")]), cell("a factor 0.990")]}
    assert [n for n, _ in unbacked(nb)] == ["0.990"]


def test_allowed_contexts_are_few_and_each_has_a_reason():
    assert len(ALLOWED) <= 10
    assert all(reason.strip() for _, reason in ALLOWED)
    assert markdown_numbers("As lesson 04 showed, since PyTorch 1.10, in 2024: $1.5^2$") == []
    assert markdown_numbers("the loss is 29.03 after 24 epochs") == ["29.03", "24"]


def test_thousands_separators_are_read_as_one_number():
    nb = {"cells": [cell("x", "code", [stream("loss 10844.2500\n")]), cell("a loss of 10,844")]}
    assert unbacked(nb) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "The DataLoader spends 0.05 to 0.15 s per epoch.",
        "Slicing is about 10 to 100 times faster.",
        "a speed-up of 20 on this machine",
        "It runs in 3 seconds.",
    ],
)
def test_timings_in_prose_are_found(sentence):
    assert machine_dependent({"cells": [cell(sentence)]}) == [sentence]


def test_timing_words_without_a_number_are_fine():
    text = "Read the ratio column: how many times faster slicing is on your machine."
    assert machine_dependent({"cells": [cell(text)]}) == []
    assert not re.search(r"\d", text)


def test_a_line_that_starts_with_a_decimal_is_not_a_numbered_list():
    assert markdown_numbers("learning rate\n0.02, for 100 epochs\n1. first item") == ["0.02", "100"]


def test_the_exercises_are_not_read_as_claims():
    nb = {"cells": [cell("## Exercises\n\nReach 90% in 50 updates."), cell("x", "code")]}
    assert unbacked(nb) == []
