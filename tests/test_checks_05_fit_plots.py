"""The checkers of lesson 05 (fit_plots): the corpus of learner attempts, each with the
verdict and the hint it must get."""

from __future__ import annotations

import math

import matplotlib

matplotlib.use("Agg")  # the exercises draw one figure; no window in a test run

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from check_helpers import fails, passes  # noqa: E402

from course_utils import checks  # noqa: E402

# ------------------------------------------------------------------ 05


def first_epoch_within(history, w_star, b_star, tol, *, start=0, w_only=False, never=None):
    for k, p in enumerate(history.params, start):
        d = abs(p["w"] - w_star) if w_only else math.hypot(p["w"] - w_star, p["b"] - b_star)
        if d < tol:
            return k
    return never


def test_first_epoch_within_accepts_the_reference(capsys):
    passes(checks.check_first_epoch_within, first_epoch_within, capsys=capsys)
    passes(
        checks.check_first_epoch_within,
        lambda *a: None if (k := first_epoch_within(*a)) is None else np.int64(k),
        capsys=capsys,
    )


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (lambda *a: first_epoch_within(*a, start=1), "Off by one"),
        (lambda *a: first_epoch_within(*a, w_only=True), "distance in w only"),
        (lambda h, *a: first_epoch_within(h, *a, never=len(h.params)), "return None then"),
        (lambda *a: None, "You returned None"),
        (lambda *a: first_epoch_within(*a, start=-1), "Off by one"),
        (lambda *a: first_epoch_within(*a, start=2), "Not the first epoch within tol"),
    ],
)
def test_first_epoch_within_names_the_mistake(wrong, hint):
    fails(checks.check_first_epoch_within, wrong, hint=hint)


def make_plot(y="distance", scale="log", x_start=0, use_pyplot=False):
    def plot(history, w_star, b_star, ax):
        path = np.array(history.param_path("w", "b"))
        d2 = (path[:, 0] - w_star) ** 2 + (path[:, 1] - b_star) ** 2
        values = {
            "distance": np.sqrt(d2),
            "squared": d2,
            "loss": np.array(history.loss),
            "w": np.abs(path[:, 0] - w_star),
            "shifted": np.sqrt(d2) + 1,
        }[y]
        (plt if use_pyplot else ax).plot(np.arange(len(values)) + x_start, values)
        ax.set_yscale(scale)
        return ax

    return plot


def test_plot_distance_accepts_the_reference(capsys):
    passes(checks.check_plot_distance, make_plot(), capsys=capsys)


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (make_plot(use_pyplot=True), "not plt.plot(...)"),
        (make_plot(scale="linear"), "Use a log scale"),
        (make_plot(y="squared"), "squared distance"),
        (make_plot(y="loss"), "You plotted the loss"),
        (make_plot(y="w"), "distance in w only"),
        (make_plot(x_start=1), "do not start at 1"),
        (
            make_plot(x_start=-1),
            "are not the epochs 0, 1, ..., E: params[0] is the start (epoch 0).",
        ),
        (make_plot(y="shifted"), "No line shows the distance"),
    ],
)
def test_plot_distance_names_the_mistake(wrong, hint):
    fails(checks.check_plot_distance, wrong, hint=hint)
    plt.close("all")
