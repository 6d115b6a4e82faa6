"""The checkers of lesson 03 (zero_grad): the corpus of learner attempts, each with the
verdict and the hint it must get."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")  # the exercises draw one figure; no window in a test run

import pytest  # noqa: E402
from check_helpers import fails, passes  # noqa: E402
from torch import optim  # noqa: E402

from course_utils import checks  # noqa: E402

# ------------------------------------------------------------------ 03 and 04: loops


def make_loop(zero: str = "first", extra_steps: int = 0):
    def train(model, optimizer, loss_fn, x, y, steps):
        for _ in range(steps + extra_steps):
            if zero == "first":
                optimizer.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            if zero == "before_step":
                optimizer.zero_grad()
            optimizer.step()
            if zero == "after_step":
                optimizer.zero_grad()

    return train


def test_zero_grad_loop_accepts_zero_grad_first_or_after_the_step(capsys):
    passes(checks.check_zero_grad_loop, make_loop("first"), capsys=capsys)
    passes(checks.check_zero_grad_loop, make_loop("after_step"), capsys=capsys)


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (make_loop("never"), "sum of all past gradients"),
        (make_loop("before_step"), "parameters did not move"),
        (make_loop("first", extra_steps=-1), "made 5 updates instead of 6"),
        (make_loop("first", extra_steps=1), "made 7 updates instead of 6"),
        (
            lambda model, opt, loss_fn, x, y, steps: make_loop()(
                model, optim.SGD(model.parameters(), lr=0.1), loss_fn, x, y, steps
            ),
            "use the model, x, y and lr you are given",
        ),
    ],
)
def test_zero_grad_loop_names_the_mistake(wrong, hint):
    fails(checks.check_zero_grad_loop, wrong, hint=hint)


def make_accumulation(divide: bool = True, zero: str = "once", step: bool = False):
    def accumulate(model, loss_fn, x, y, k):
        if zero == "once":
            model.zero_grad()
        for xb, yb in zip(x.chunk(k), y.chunk(k)):
            if zero == "inside":
                model.zero_grad()
            loss = loss_fn(model(xb), yb)
            (loss / k if divide else loss).backward()
        if step:
            optim.SGD(model.parameters(), lr=0.01).step()

    return accumulate


def test_grad_accumulation_accepts_the_reference(capsys):
    passes(checks.check_grad_accumulation, make_accumulation(), capsys=capsys)


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (make_accumulation(divide=False), "divide it by k before backward()"),
        (make_accumulation(zero="never"), "Gradients left over from before"),
        (make_accumulation(divide=False, zero="never"), "Two mistakes"),
        (make_accumulation(zero="inside"), "Only the last micro-batch"),
        (make_accumulation(divide=False, zero="inside"), "Only the last micro-batch"),
        (make_accumulation(step=True), "The parameters changed"),
        (lambda model, loss_fn, x, y, k: None, "still holds the old values"),
        (lambda model, loss_fn, x, y, k: model.zero_grad(), "has no .grad"),
        (
            lambda model, loss_fn, x, y, k: [model.zero_grad(), (-loss_fn(model(x), y)).backward()],
            "The accumulated gradient differs from the full-batch one",
        ),
    ],
)
def test_grad_accumulation_names_the_mistake(wrong, hint):
    fails(checks.check_grad_accumulation, wrong, hint=hint)
