"""The checkers of lesson 07 (many_features): the corpus of learner attempts, each with the
verdict and the hint it must get.

Every attempt is written as a learner would write it in the notebook, from the task text, and
runs as notebook code does: in the namespace of the lesson's Exercises set-up cell (so an
attempt may read the notebook's globals, as learners do by mistake), with its source known to
``linecache`` (so a hint can quote the learner's line).
"""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
import torch  # noqa: E402
from check_helpers import define, exercises_by_number, namespace_after  # noqa: E402
from check_helpers import outcome as check_outcome  # noqa: E402

from course_utils.checks import (  # noqa: E402
    check_early_stop,
    check_normal_equations,
    check_standardise,
)
from course_utils.checks._feedback import CheckFailed  # noqa: E402
from scripts.build_notebooks import exercise_cells, read_cells  # noqa: E402

SOURCE = Path(__file__).resolve().parents[1] / "notebooks" / "src" / "07_many_features.py"
CELLS = exercise_cells(read_cells(SOURCE))
CODE = [c for c in CELLS if c["type"] == "code"]
SETUP = CODE[0]["source"]  # the Exercises set-up cell: imports, seed, data
# a hint gives no reference computation (the learner's own quoted code, in backticks, aside)
REFERENCE_BITS = ("lstsq", "truth", "np.linalg.solve(A.T @ A, A.T @ y)", "x_train.mean(dim=0)")


def exercises() -> dict[int, list[dict]]:
    """Exercise number -> its cells (heading, answer, and the cells up to the next heading)."""
    return exercises_by_number(CELLS)


@pytest.fixture(scope="module")
def notebook() -> dict:
    """The namespace after the Exercises set-up cell, as a learner's kernel holds it."""
    return namespace_after(SETUP)


def outcome(check, *answer) -> tuple[str, str]:
    """("pass", the Correct: text) or ("fail", what the learner reads)."""
    return check_outcome(check, *answer, reference_bits=REFERENCE_BITS, wrapped=True)


# ------------------------------------------------------------------ exercise 1: normal_equations

# (id, the learner's answer cell, expected verdict, a phrase only the expected hint contains)
NORMAL = [
    (
        "reference: column_stack and solve",
        """
        def normal_equations(X, y):
            A = np.column_stack([X, np.ones(len(X))])
            return np.linalg.solve(A.T @ A, A.T @ y)
        """,
        "pass",
        "",
    ),
    (
        "the inverse, written out",
        """
        def normal_equations(X, y):
            A = np.hstack([X, np.ones((X.shape[0], 1))])
            return np.linalg.inv(A.T @ A) @ A.T @ y
        """,
        "pass",
        "",
    ),
    (
        "lstsq instead of the equations",
        """
        def normal_equations(X, y):
            A = np.c_[X, np.ones(len(X))]
            return np.linalg.lstsq(A, y, rcond=None)[0]
        """,
        "pass",
        "",
    ),
    (
        "torch, both sides divided by N",
        """
        def normal_equations(X, y):
            A = torch.cat([torch.tensor(X), torch.ones(len(X), 1, dtype=torch.float64)], dim=1)
            n = len(X)
            return torch.linalg.solve(A.T @ A / n, A.T @ torch.tensor(y) / n)
        """,
        "pass",
        "",
    ),
    (
        "no column of ones",
        """
        def normal_equations(X, y):
            return np.linalg.solve(X.T @ X, X.T @ y)
        """,
        "fail",
        "the bias is missing",
    ),
    (
        "ones first",
        """
        def normal_equations(X, y):
            A = np.column_stack([np.ones(len(X)), X])
            return np.linalg.solve(A.T @ A, A.T @ y)
        """,
        "fail",
        "The bias comes first",
    ),
    (
        "divided one side by N",
        """
        def normal_equations(X, y):
            A = np.column_stack([X, np.ones(len(X))])
            return np.linalg.solve(A.T @ A / len(X), A.T @ y)
        """,
        "fail",
        "one side of the equations is divided by N",
    ),
    (
        "y as a column",
        """
        def normal_equations(X, y):
            A = np.column_stack([X, np.ones(len(X))])
            return np.linalg.solve(A.T @ A, A.T @ y.reshape(-1, 1))
        """,
        "fail",
        "a column",
    ),
    (
        "the bias fitted separately, after the weights",
        """
        def normal_equations(X, y):
            w = np.linalg.solve(X.T @ X, X.T @ y)
            return np.append(w, 0.0)
        """,
        "fail",
        "a model without a bias",
    ),
    (
        "reads the notebook's X and y",
        """
        def normal_equations(data, target):
            A = np.column_stack([X, np.ones(len(X))])
            return np.linalg.solve(A.T @ A, A.T @ y)
        """,
        "fail",
        "reads the notebook's X, y instead of its own arguments (data, target)",
    ),
    (
        "appends the ones in place",
        """
        def normal_equations(X, y):
            X[:, 0] = X[:, 0] * 1.0 + 0.0
            X[0, 0] += 1.0
            A = np.column_stack([X, np.ones(len(X))])
            return np.linalg.solve(A.T @ A, A.T @ y)
        """,
        "fail",
        "changed its argument X in place",
    ),
    (
        "A times A transposed",
        """
        def normal_equations(X, y):
            A = np.column_stack([X, np.ones(len(X))])
            return np.linalg.solve(A @ A.T, A.T @ y)
        """,
        "fail",
        "normal_equations() raised",
    ),
    (
        "the stub, not yet answered",
        """
        def normal_equations(X, y):
            raise NotImplementedError("Exercise 1: write your solution here (see the task above)")
        """,
        "fail",
        "Write your answer in the solution cell",
    ),
    (
        "solve(A, y): A is not square",
        """
        def normal_equations(X, y):
            A = np.column_stack([X, np.ones(len(X))])
            return np.linalg.solve(A, y)
        """,
        "fail",
        "A^T A theta = A^T y, instead",
    ),
    (
        "A @ y on the right side",
        """
        def normal_equations(X, y):
            A = np.column_stack([X, np.ones(len(X))])
            return np.linalg.solve(A.T @ A, A @ y)
        """,
        "fail",
        "the right side is A^T y",
    ),
    (
        "a typo: Y for y",
        """
        def normal_equations(X, y):
            A = np.column_stack([X, np.ones(len(X))])
            return np.linalg.solve(A.T @ A, A.T @ Y)
        """,
        "fail",
        "Your argument is called `y`, not `Y`",
    ),
    (
        "a typo: an unknown name",
        """
        def normal_equations(X, y):
            A = np.column_stack([X, np.ones(len(X))])
            return np.linalg.solve(A.T @ A, A.T @ targets)
        """,
        "fail",
        "Is `targets` spelled as in your function's arguments (X, y)?",
    ),
    (
        "a float32 tensor",
        """
        def normal_equations(X, y):
            A = torch.tensor(np.column_stack([X, np.ones(len(X))]), dtype=torch.float32)
            t = torch.tensor(y, dtype=torch.float32)
            return torch.linalg.solve(A.T @ A, A.T @ t)
        """,
        "pass",
        "",
    ),
]


@pytest.mark.parametrize("attempt", NORMAL, ids=lambda a: a[0])
def test_normal_equations_attempt(attempt, notebook):
    name, source, expected, hint = attempt
    fn = define(source, notebook, f"<normal_equations: {name}>")["normal_equations"]
    verdict, message = outcome(check_normal_equations, fn)
    assert verdict == expected, message
    assert hint in message, message


def test_normal_equations_reference_is_least_squares_computed_independently():
    """The checker's reference agrees with the closed form for one feature (lesson 01)."""
    from course_utils import closed_form
    from course_utils.checks.many_features.normal_equations import _cases  # noqa: PLC2701

    X, y, theta = _cases()[2]
    w, b = closed_form(X[:, 0], y)
    assert np.allclose(theta, [w, b], rtol=1e-6)


def test_normal_equations_same_answer_for_all_data_is_named(notebook):
    fn = define(
        """
        def normal_equations(X, y):
            return np.array([1.0, 2.0, 3.0])
        """,
        notebook,
        "<normal_equations: constant>",
    )["normal_equations"]
    verdict, message = outcome(check_normal_equations, fn)
    assert verdict == "fail" and "does not give the least-squares" in message


# ------------------------------------------------------------------ exercise 2: standardise

STANDARDISE = [
    (
        "reference: torch, std with N - 1",
        """
        def standardise(x_train, x_val):
            mean = x_train.mean(dim=0)
            std = x_train.std(dim=0)
            return (x_train - mean) / std, (x_val - mean) / std
        """,
        "pass",
        "",
    ),
    (
        "population std (correction=0)",
        """
        def standardise(x_train, x_val):
            mean, std = x_train.mean(0), x_train.std(0, correction=0)
            return (x_train - mean) / std, (x_val - mean) / std
        """,
        "pass",
        "",
    ),
    (
        "the course's Standardizer",
        """
        from course_utils import Standardizer
        def standardise(x_train, x_val):
            scaler = Standardizer().fit(x_train)
            return scaler.transform(x_train), scaler.transform(x_val)
        """,
        "pass",
        "",
    ),
    (
        "NumPy, then back to tensors",
        """
        def standardise(x_train, x_val):
            a, b = x_train.numpy(), x_val.numpy()
            m, s = a.mean(axis=0), a.std(axis=0)
            return torch.from_numpy((a - m) / s), torch.from_numpy((b - m) / s)
        """,
        "pass",
        "",
    ),
    (
        "validation scaled by its own statistics",
        """
        def standardise(x_train, x_val):
            z_train = (x_train - x_train.mean(dim=0)) / x_train.std(dim=0)
            z_val = (x_val - x_val.mean(dim=0)) / x_val.std(dim=0)
            return z_train, z_val
        """,
        "fail",
        "uses the mean and std of x_val itself",
    ),
    (
        "statistics of all the data (the leak)",
        """
        def standardise(x_train, x_val):
            everything = torch.cat([x_train, x_val])
            mean, std = everything.mean(dim=0), everything.std(dim=0)
            return (x_train - mean) / std, (x_val - mean) / std
        """,
        "fail",
        "leaked into the scaling",
    ),
    (
        "training set right, validation scaled with all the data",
        """
        def standardise(x_train, x_val):
            z_train = (x_train - x_train.mean(0)) / x_train.std(0)
            all_x = torch.cat([x_train, x_val])
            z_val = (x_val - all_x.mean(0)) / all_x.std(0)
            return z_train, z_val
        """,
        "fail",
        "leaked into the scaling",
    ),
    (
        "one mean for the whole matrix",
        """
        def standardise(x_train, x_val):
            mean, std = x_train.mean(), x_train.std()
            return (x_train - mean) / std, (x_val - mean) / std
        """,
        "fail",
        "One mean and one std for the whole matrix",
    ),
    (
        "per row",
        """
        def standardise(x_train, x_val):
            mean = x_train.mean(dim=1, keepdim=True)
            std = x_train.std(dim=1, keepdim=True, correction=0)
            return (x_train - mean) / std, x_val
        """,
        "fail",
        "per row",
    ),
    (
        "centred only",
        """
        def standardise(x_train, x_val):
            mean = x_train.mean(dim=0)
            return x_train - mean, x_val - mean
        """,
        "fail",
        "centred but not divided",
    ),
    (
        "divided by the variance",
        """
        def standardise(x_train, x_val):
            mean, var = x_train.mean(dim=0), x_train.var(dim=0, correction=0)
            return (x_train - mean) / var, (x_val - mean) / var
        """,
        "fail",
        "divided by the variance",
    ),
    (
        "validation left as it is",
        """
        def standardise(x_train, x_val):
            return (x_train - x_train.mean(0)) / x_train.std(0), x_val
        """,
        "fail",
        "z_val equals x_val unscaled",
    ),
    (
        "in place",
        """
        def standardise(x_train, x_val):
            mean, std = x_train.mean(0), x_train.std(0)
            x_train -= mean
            x_train /= std
            return x_train, (x_val - mean) / std
        """,
        "fail",
        "changed its argument x_train in place",
    ),
    (
        "the results swapped",
        """
        def standardise(x_train, x_val):
            mean, std = x_train.mean(0), x_train.std(0, correction=0)
            return (x_val - mean) / std, (x_train - mean) / std
        """,
        "fail",
        "swapped",
    ),
    (
        "only one result",
        """
        def standardise(x_train, x_val):
            mean, std = x_train.mean(0), x_train.std(0)
            return (x_train - mean) / std
        """,
        "fail",
        "should return two tensors",
    ),
    (
        "uses the notebook's statistics",
        """
        _m, _s = x_train.mean(0), x_train.std(0)
        def standardise(a, b):
            return (a - _m) / _s, (b - _m) / _s
        """,
        "fail",
        "reads the notebook's _m, _s instead of its own arguments (a, b)",
    ),
    (
        "divides by the variance (N - 1)",
        """
        def standardise(x_train, x_val):
            m, v = x_train.mean(0), x_train.var(0)
            return (x_train - m) / v, (x_val - m) / v
        """,
        "fail",
        "the variance is in squared units",
    ),
    (
        "min-max scaling",
        """
        def standardise(x_train, x_val):
            lo, hi = x_train.min(0).values, x_train.max(0).values
            return (x_train - lo) / (hi - lo), (x_val - lo) / (hi - lo)
        """,
        "fail",
        "min-max scaling",
    ),
    (
        "x / std - mean",
        """
        def standardise(x_train, x_val):
            m, s = x_train.mean(0), x_train.std(0)
            return x_train / s - m, x_val / s - m
        """,
        "fail",
        "divided by the std before subtracting the mean",
    ),
    (
        "x_train left unscaled",
        """
        def standardise(x_train, x_val):
            m, s = x_train.mean(0), x_train.std(0)
            return x_train, (x_val - m) / s
        """,
        "fail",
        "z_train is x_train unchanged",
    ),
    (
        "z_val scaled with the standardised set's statistics",
        """
        def standardise(x_train, x_val):
            m, s = x_train.mean(0), x_train.std(0)
            z = (x_train - m) / s
            return z, (x_val - z.mean(0)) / z.std(0)
        """,
        "fail",
        "those of the standardised z_train",
    ),
    (
        "NumPy arrays",
        """
        def standardise(x_train, x_val):
            a, b = x_train.numpy(), x_val.numpy()
            m, s = a.mean(axis=0), a.std(axis=0)
            return (a - m) / s, (b - m) / s
        """,
        "pass",
        "",
    ),
]


@pytest.mark.parametrize("attempt", STANDARDISE, ids=lambda a: a[0])
def test_standardise_attempt(attempt, notebook):
    name, source, expected, hint = attempt
    fn = define(source, notebook, f"<standardise: {name}>")["standardise"]
    verdict, message = outcome(check_standardise, fn)
    assert verdict == expected, message
    assert hint in message, message


def test_standardise_hints_use_the_learners_names(notebook):
    fn = define(
        """
        def standardise(train, val):
            return (train - train.mean(0)) / train.std(0), (val - val.mean(0)) / val.std(0)
        """,
        notebook,
        "<standardise: own names>",
    )["standardise"]
    verdict, message = outcome(check_standardise, fn)
    assert verdict == "fail" and "mean and std of val itself" in message, message


# ------------------------------------------------------------------ exercise 3: early_stop

EARLY = [
    (
        "reference: enumerate from 1",
        """
        def early_stop(val_losses, patience):
            best, lowest = 0, float("inf")
            for epoch, loss in enumerate(val_losses, start=1):
                if loss < lowest:
                    best, lowest = epoch, loss
                elif epoch - best >= patience:
                    return epoch, best
            return len(val_losses), best
        """,
        "pass",
        "",
    ),
    (
        "a counter of epochs without improvement",
        """
        def early_stop(val_losses, patience):
            best_epoch, best_loss, waited = 1, val_losses[0], 0
            for i in range(1, len(val_losses)):
                if val_losses[i] < best_loss:
                    best_epoch, best_loss, waited = i + 1, val_losses[i], 0
                else:
                    waited += 1
                    if waited == patience:
                        return i + 1, best_epoch
            return len(val_losses), best_epoch
        """,
        "pass",
        "",
    ),
    (
        "numpy on each prefix",
        """
        def early_stop(val_losses, patience):
            for e in range(1, len(val_losses) + 1):
                b = int(np.argmin(val_losses[:e])) + 1
                if e - b == patience:
                    return e, b
            return len(val_losses), int(np.argmin(val_losses)) + 1
        """,
        "pass",
        "",
    ),
    (
        "epochs from 0",
        """
        def early_stop(val_losses, patience):
            best, lowest = 0, float("inf")
            for epoch, loss in enumerate(val_losses):
                if loss < lowest:
                    best, lowest = epoch, loss
                elif epoch - best >= patience:
                    return epoch, best
            return len(val_losses) - 1, best
        """,
        "fail",
        "Your epochs count from 0",
    ),
    (
        "one epoch late (> instead of >=)",
        """
        def early_stop(val_losses, patience):
            best, lowest = 0, float("inf")
            for epoch, loss in enumerate(val_losses, start=1):
                if loss < lowest:
                    best, lowest = epoch, loss
                elif epoch - best > patience:
                    return epoch, best
            return len(val_losses), best
        """,
        "fail",
        "one epoch late",
    ),
    (
        "best of the whole run",
        """
        def early_stop(val_losses, patience):
            best = val_losses.index(min(val_losses)) + 1
            lowest, since = float("inf"), 0
            for epoch, loss in enumerate(val_losses, start=1):
                if loss < lowest:
                    lowest, since = loss, epoch
                elif epoch - since >= patience:
                    return epoch, best
            return len(val_losses), best
        """,
        "fail",
        "epochs after the stop",
    ),
    (
        "ties reset the count",
        """
        def early_stop(val_losses, patience):
            best, lowest = 0, float("inf")
            for epoch, loss in enumerate(val_losses, start=1):
                if loss <= lowest:
                    best, lowest = epoch, loss
                elif epoch - best >= patience:
                    return epoch, best
            return len(val_losses), best
        """,
        "fail",
        "An equal loss counts as a new low",
    ),
    (
        "returns the lowest loss, not its epoch",
        """
        def early_stop(val_losses, patience):
            best, lowest = 0, float("inf")
            for epoch, loss in enumerate(val_losses, start=1):
                if loss < lowest:
                    best, lowest = epoch, loss
                elif epoch - best >= patience:
                    return epoch, lowest
            return len(val_losses), lowest
        """,
        "fail",
        "best is the loss",
    ),
    (
        "None when it never stops",
        """
        def early_stop(val_losses, patience):
            best, lowest = 0, float("inf")
            for epoch, loss in enumerate(val_losses, start=1):
                if loss < lowest:
                    best, lowest = epoch, loss
                elif epoch - best >= patience:
                    return epoch, best
            return None, best
        """,
        "fail",
        "return len(val_losses) as stop",
    ),
    (
        "sorts the list in place",
        """
        def early_stop(val_losses, patience):
            order = sorted(range(len(val_losses)), key=val_losses.__getitem__)
            val_losses.sort()
            return len(val_losses), order[0] + 1
        """,
        "fail",
        "changed its argument val_losses in place",
    ),
    (
        "only the stop epoch",
        """
        def early_stop(val_losses, patience):
            best, lowest = 0, float("inf")
            for epoch, loss in enumerate(val_losses, start=1):
                if loss < lowest:
                    best, lowest = epoch, loss
                elif epoch - best >= patience:
                    return epoch
            return len(val_losses)
        """,
        "fail",
        "should return two epoch numbers",
    ),
    (
        "W5 compares with the previous epoch, not the lowest so far",
        """
        def early_stop(val_losses, patience):
            wait, best = 0, 1
            for i in range(1, len(val_losses)):
                if val_losses[i] < val_losses[i - 1]:
                    wait = 0; best = i + 1
                else:
                    wait += 1
                    if wait == patience:
                        return i + 1, best
            return len(val_losses), best
        """,
        "fail",
        "previous epoch",
    ),
    (
        "W15 a count of bad epochs that a new low only lowers",
        """
        def early_stop(val_losses, patience):
            best, best_loss, bad = 0, float("inf"), 0
            for epoch, loss in enumerate(val_losses, start=1):
                if loss < best_loss:
                    best, best_loss = epoch, loss
                    bad = max(bad - 1, 0)
                else:
                    bad += 1
                if bad >= patience:
                    return epoch, best
            return len(val_losses), best
        """,
        "fail",
        "starts again from 0",
    ),
    (
        "W17 never stops: the last epoch as best",
        """
        def early_stop(val_losses, patience):
            best, best_loss = 0, float("inf")
            for epoch, loss in enumerate(val_losses, start=1):
                if loss < best_loss:
                    best, best_loss = epoch, loss
                if epoch - best >= patience:
                    return epoch, best
            return len(val_losses), len(val_losses)
        """,
        "fail",
        "still the epoch of the lowest loss",
    ),
    (
        "W14 the lowest loss of the whole run, then patience",
        """
        def early_stop(val_losses, patience):
            best = int(np.argmin(val_losses)) + 1
            return min(best + patience, len(val_losses)), best
        """,
        "fail",
        "epochs after the stop",
    ),
    (
        "W7 (best, stop) swapped",
        """
        def early_stop(val_losses, patience):
            best, best_loss = 0, float("inf")
            for epoch, loss in enumerate(val_losses, start=1):
                if loss < best_loss:
                    best, best_loss = epoch, loss
                if epoch - best >= patience:
                    return best, epoch
            return best, len(val_losses)
        """,
        "fail",
        "swapped",
    ),
    (
        "compares with the loss patience epochs ago (the same rule)",
        """
        def early_stop(val_losses, patience):
            for e in range(patience + 1, len(val_losses) + 1):
                if min(val_losses[e - patience:e]) >= val_losses[e - patience - 1]:
                    return e, int(np.argmin(val_losses[:e])) + 1
            return len(val_losses), int(np.argmin(val_losses)) + 1
        """,
        "pass",
        "",
    ),
    (
        "a list instead of a tuple",
        """
        def early_stop(val_losses, patience):
            best, best_loss = 0, float("inf")
            for epoch, loss in enumerate(val_losses, start=1):
                if loss < best_loss:
                    best, best_loss = epoch, loss
                if epoch - best >= patience:
                    return [epoch, best]
            return [len(val_losses), best]
        """,
        "pass",
        "",
    ),
    (
        "NumPy running minimum",
        """
        def early_stop(val_losses, patience):
            v = np.asarray(val_losses, dtype=float)
            run_min = np.minimum.accumulate(v)
            is_new = np.r_[True, v[1:] < run_min[:-1]]
            best_at = np.maximum.accumulate(np.where(is_new, np.arange(1, len(v) + 1), 0))
            hit = np.nonzero(np.arange(1, len(v) + 1) - best_at >= patience)[0]
            stop = int(hit[0]) + 1 if len(hit) else len(v)
            return stop, int(np.argmin(v[:stop])) + 1
        """,
        "pass",
        "",
    ),
    (
        "W13 best counted from 0",
        """
        def early_stop(val_losses, patience):
            best, best_loss = 0, float("inf")
            for epoch, loss in enumerate(val_losses, start=1):
                if loss < best_loss:
                    best, best_loss = epoch, loss
                if epoch - best >= patience:
                    return epoch, best - 1
            return len(val_losses), best - 1
        """,
        "fail",
        "Your best counts from 0",
    ),
    (
        "W16 never stops: best + patience, past the end",
        """
        def early_stop(val_losses, patience):
            best, best_loss = 0, float("inf")
            for epoch, loss in enumerate(val_losses, start=1):
                if loss < best_loss:
                    best, best_loss = epoch, loss
                if epoch - best >= patience:
                    return epoch, best
            return best + patience, best
        """,
        "fail",
        "stop is len(val_losses), never later",
    ),
    (
        "W10 the epoch before the stop",
        """
        def early_stop(val_losses, patience):
            best, best_loss = 0, float("inf")
            for epoch, loss in enumerate(val_losses, start=1):
                if loss < best_loss:
                    best, best_loss = epoch, loss
                if epoch - best >= patience:
                    return epoch - 1, best
            return len(val_losses), best
        """,
        "fail",
        "the epoch before the stop",
    ),
]


@pytest.mark.parametrize("attempt", EARLY, ids=lambda a: a[0])
def test_early_stop_attempt(attempt, notebook):
    name, source, expected, hint = attempt
    fn = define(source, notebook, f"<early_stop: {name}>")["early_stop"]
    verdict, message = outcome(check_early_stop, fn)
    assert verdict == expected, message
    assert hint in message, message


def test_early_stop_reference_agrees_with_the_lessons_callback():
    """The checker's reference, without patience (patience longer than the run), keeps the
    epoch that the lesson's KeepBest callback keeps: the first lowest validation loss."""
    from course_utils.checks.many_features.early_stop import reference

    losses = [0.9, 0.5, 0.6, 0.4, 0.4, 0.47]
    assert reference(losses, patience=len(losses) + 1) == (6, 4)


# ------------------------------------------------------------------ exercise 4: the prediction

CHECK_CELL = [c["source"] for c in exercises()[4] if c["type"] == "code"][1]
EXPERIMENT, CALL = CHECK_CELL.split("check_prediction(\n")  # the run, then the verdict
CALL = "check_prediction(\n" + CALL

PREDICTIONS = [
    ("no more overfitting", "my_prediction = 1.0", "pass", ""),
    ("a little above 1", "my_prediction = 1.1", "pass", ""),
    ("as a string", 'my_prediction = "1.05"', "pass", ""),
    ("as bad as with 12 points", "my_prediction = 4.3", "fail", "Not what you predicted"),
    ("half as bad", "my_prediction = 2", "fail", "you wrote 2"),
    ("not yet written", "my_prediction = ...", "fail", "replace the ... with your guess"),
    ("a word, not a number", 'my_prediction = "lower"', "fail", "should be a number"),
    ("None", "my_prediction = None", "fail", "Write your prediction"),
    ("nan", 'my_prediction = float("nan")', "fail", "should be a number"),
    ("below 1: impossible", "my_prediction = 0.5", "fail", "whatever happens in training"),
]


@pytest.fixture(scope="module")
def experiment(notebook) -> dict:
    """The namespace after the prediction experiment ran once (500 epochs: run it once)."""
    namespace = dict(notebook)
    namespace["my_prediction"] = 1.0
    with contextlib.redirect_stdout(io.StringIO()):
        exec(compile(EXPERIMENT, "<experiment>", "exec"), namespace)
    return namespace


@pytest.mark.parametrize("attempt", PREDICTIONS, ids=lambda a: a[0])
def test_prediction_attempt(attempt, experiment):
    name, source, expected, hint = attempt
    namespace = define(source, experiment, f"<prediction: {name}>")
    namespace["predicted"] = namespace["my_prediction"]
    verdict, message = outcome(lambda: exec(compile(CALL, "<check>", "exec"), namespace))
    assert verdict == expected, message
    assert hint in message, message
    assert "Correct" not in message or expected == "pass"


@pytest.mark.parametrize(
    ("answer", "hint"),
    [
        (None, "Write your prediction"),  # the prediction cell never ran (or a restart)
        ("my_prediction = ...", "Write your prediction"),
        ("my_prediction = None", "Write your prediction"),
        ('my_prediction = "about 1"', "should be a number"),
        ('my_prediction = float("nan")', "should be a number"),
    ],
)
def test_a_missing_prediction_stops_the_cell_before_it_shows_the_answer(answer, hint, notebook):
    """The whole check cell, as the learner runs it: nothing is trained or printed before the
    prediction is known to be there."""
    namespace = define(answer or "pass", notebook, "<prediction: missing>")
    out = io.StringIO()
    with contextlib.redirect_stdout(out), pytest.raises(CheckFailed) as failed:
        exec(compile(CHECK_CELL, "<check cell 4>", "exec"), namespace)
    assert hint in str(failed.value) and out.getvalue() == "" and "history_4" not in namespace


@pytest.mark.parametrize("number", [1, 2, 3])
def test_a_check_run_before_the_answer_says_so(number, notebook):
    """The check cell before the answer cell ran (the student copy's stub raises): a hint, not
    a NameError traceback."""
    check = [c["source"] for c in exercises()[number] if c["type"] == "code"][-1]
    with pytest.raises(CheckFailed, match="is not defined yet, write it in the answer cell above"):
        exec(compile(check, f"<check cell {number}>", "exec"), dict(notebook))


def test_the_experiment_gives_a_ratio_near_one(experiment):
    """Computed independently of the check cell: the ratio from the history's own losses."""
    losses = torch.tensor(experiment["history_4"].val_loss)
    assert 1.0 <= float(losses[-1] / losses.min()) < 1.2


# ------------------------------------------------------------------ as a learner runs them


@pytest.mark.parametrize("number", sorted(exercises()))
def test_each_exercise_runs_after_a_restart_with_only_the_setup_cell(number):
    """A fresh kernel: the Exercises set-up cell, then only this exercise's cells, says Correct
    once (each check cell imports its own checker)."""
    namespace: dict = {}
    out = io.StringIO()
    code = [c["source"] for c in exercises()[number] if c["type"] == "code"]
    with contextlib.redirect_stdout(out):
        for source in [SETUP, *code]:
            exec(compile(source, f"<exercise {number}>", "exec"), namespace)
    assert out.getvalue().count("Correct: ") == 1, out.getvalue()
    assert re.search(r"^from course_utils\.checks import .*check_\w+$", code[-1], re.MULTILINE)


def test_corpus_counts():
    for table in (NORMAL, STANDARDISE, EARLY, PREDICTIONS):
        assert len(table) >= 8 and sum(a[2] == "pass" for a in table) >= 3
