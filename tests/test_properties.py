"""Properties of batches, mse_grad and closed_form on many random inputs (hypothesis).

Modest and reproducible: 50 examples per property, no deadline, and derandomized, so
`make test` draws the same examples on every run and machine (a failure is reproducible).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from course_utils import batches, closed_form, mse, mse_grad, numerical_grad

SETTINGS = settings(max_examples=50, deadline=None, derandomize=True)

# ------------------------------------------------------------------ batches


@st.composite
def batching(draw):
    n = draw(st.integers(1, 300))
    return n, draw(st.integers(1, n)), draw(st.booleans()), draw(st.integers(0, 2**32 - 1))


def numbered(n: int) -> tuple[torch.Tensor, torch.Tensor]:
    """x = 0..n-1 as (n, 1) float32, y = integer labels 10 * x: every sample is recognisable."""
    x = torch.arange(n, dtype=torch.float32).reshape(-1, 1)
    return x, (10 * torch.arange(n)).long()


@SETTINGS
@given(batching())
def test_batches_yield_every_sample_exactly_once_with_its_target(args):
    n, batch_size, shuffle, seed = args
    x, y = numbered(n)
    pairs = list(
        batches(x, y, batch_size, shuffle=shuffle, generator=torch.Generator().manual_seed(seed))
    )
    xs = torch.cat([xb for xb, _ in pairs]).reshape(-1)
    ys = torch.cat([yb for _, yb in pairs])
    assert sorted(xs.long().tolist()) == list(range(n))  # each sample once, none lost or repeated
    assert torch.equal(ys, 10 * xs.long())  # x and y stay paired
    assert ys.dtype == torch.int64  # labels keep their dtype
    if not shuffle:
        assert xs.long().tolist() == list(range(n))


@SETTINGS
@given(batching())
def test_batches_sizes_are_full_except_a_smaller_last_one(args):
    n, batch_size, shuffle, seed = args
    x, y = numbered(n)
    sizes = [
        len(xb)
        for xb, _ in batches(
            x, y, batch_size, shuffle=shuffle, generator=torch.Generator().manual_seed(seed)
        )
    ]
    assert len(sizes) == math.ceil(n / batch_size)
    assert sizes[:-1] == [batch_size] * (len(sizes) - 1)
    assert sizes[-1] == n - batch_size * (len(sizes) - 1)
    assert all(len(xb) == len(yb) for xb, yb in batches(x, y, batch_size, shuffle=False))


@SETTINGS
@given(batching(), st.integers(2, 4))
def test_batches_are_determined_by_the_generator_seed(args, epochs):
    n, batch_size, _, seed = args
    x, y = numbered(n)

    def run():  # several epochs from one generator, as fit does
        g = torch.Generator().manual_seed(seed)
        return [
            [xb.reshape(-1).tolist() for xb, _ in batches(x, y, batch_size, generator=g)]
            for _ in range(epochs)
        ]

    first = run()
    assert run() == first  # same seed, same batches, epoch after epoch
    global_state = torch.get_rng_state()
    list(batches(x, y, batch_size, generator=torch.Generator().manual_seed(seed)))
    assert torch.equal(
        torch.get_rng_state(), global_state
    )  # a given generator leaves the global one alone


def test_batches_epochs_from_one_generator_differ_and_seeds_differ():
    """Not a property (any two orders can coincide for tiny N): one concrete check."""
    x, y = numbered(50)
    g = torch.Generator().manual_seed(0)
    e1, e2 = (
        [xb.reshape(-1).tolist() for xb, _ in batches(x, y, 10, generator=g)] for _ in range(2)
    )
    other = [
        xb.reshape(-1).tolist()
        for xb, _ in batches(x, y, 10, generator=torch.Generator().manual_seed(1))
    ]
    assert e1 != e2 and e1 != other


# ------------------------------------------------------------------ mse_grad

coord = st.floats(-50, 50, allow_nan=False, allow_infinity=False)


@st.composite
def line_data(draw, min_size=1):
    n = draw(st.integers(min_size, 60))
    xs = np.array(draw(st.lists(coord, min_size=n, max_size=n)))
    ys = np.array(draw(st.lists(coord, min_size=n, max_size=n)))
    return xs, ys


def autograd_grad(xs, ys, w, b):
    wt = torch.tensor(w, dtype=torch.float64, requires_grad=True)
    bt = torch.tensor(b, dtype=torch.float64, requires_grad=True)
    loss = ((wt * torch.from_numpy(xs) + bt - torch.from_numpy(ys)) ** 2).mean()
    loss.backward()
    return wt.grad.item(), bt.grad.item()


def scales(xs, ys, w, b):
    """Size of the terms each gradient sums: the tolerance is relative to these, not to the
    gradient itself (which may be ~0 after cancellation)."""
    resid = np.abs(w * xs) + abs(b) + np.abs(ys)
    return 2 * np.mean(resid * np.abs(xs)) + 1e-300, 2 * np.mean(resid) + 1e-300


@SETTINGS
@given(line_data(), coord, coord)
def test_mse_grad_equals_autograd(data, w, b):
    xs, ys = data
    dw, db = mse_grad(xs, ys, w, b)
    aw, ab = autograd_grad(xs, ys, w, b)
    sw, sb = scales(xs, ys, w, b)
    assert abs(dw - aw) <= 1e-12 * sw and abs(db - ab) <= 1e-12 * sb


@SETTINGS
@given(line_data(), coord, coord)
def test_mse_grad_equals_finite_differences(data, w, b):
    xs, ys = data
    dw, db = mse_grad(xs, ys, w, b)
    fd = numerical_grad(lambda w_, b_: mse(w_ * xs + b_, ys), [w, b], eps=1e-4)
    sw, sb = scales(xs, ys, w, b)
    # the loss is quadratic, so central differences are exact up to rounding: about
    # eps_machine * loss / eps, with the loss as large as it gets at the shifted points
    # p +- eps (for tiny data, the eps**2 term dominates: y = 1.6e-83 found this)
    eps = 1e-4
    loss_scale = np.mean((np.abs(w * xs) + abs(b) + np.abs(ys) + eps * (np.abs(xs) + 1)) ** 2)
    tol = 1e-16 * loss_scale / 1e-4 * 20
    assert abs(dw - fd[0]) <= tol + 1e-9 * sw and abs(db - fd[1]) <= tol + 1e-9 * sb


@SETTINGS
@given(line_data(), coord, coord)
def test_mse_grad_accepts_column_vectors_tensors_and_lists_alike(data, w, b):
    xs, ys = data
    expected = mse_grad(xs, ys, w, b)
    assert mse_grad(xs.reshape(-1, 1), ys.reshape(-1, 1), w, b) == expected
    assert mse_grad(torch.from_numpy(xs), torch.from_numpy(ys), w, b) == expected
    assert mse_grad(xs.tolist(), ys.tolist(), w, b) == expected


# ------------------------------------------------------------------ closed_form


@st.composite
def spread_data(draw):
    """At least two clearly different x values, so the line is determined (well conditioned)."""
    xs, ys = draw(line_data(min_size=2))
    assume(np.ptp(xs) >= 1e-2 * (1.0 + np.abs(xs).max()))
    return xs, ys


def centered(xs, ys):
    """The textbook formula, independent of lstsq: w = cov(x, y) / var(x),
    b = mean(y) - w mean(x)."""
    xm, ym = xs.mean(), ys.mean()
    w = np.sum((xs - xm) * (ys - ym)) / np.sum((xs - xm) ** 2)
    return w, ym - w * xm


@SETTINGS
@given(spread_data())
def test_closed_form_equals_lstsq_and_the_centered_formula(data):
    xs, ys = data
    w, b = closed_form(xs, ys)
    (lw, lb), *_ = np.linalg.lstsq(np.column_stack([xs, np.ones_like(xs)]), ys, rcond=None)
    cw, cb = centered(xs, ys)
    size_w = np.abs(ys).max() / np.ptp(xs) + 1.0
    size_b = np.abs(ys).max() + size_w * np.abs(xs).max() + 1.0
    assert w == pytest.approx(lw, abs=1e-9 * size_w) and b == pytest.approx(lb, abs=1e-9 * size_b)
    assert w == pytest.approx(cw, abs=1e-8 * size_w) and b == pytest.approx(cb, abs=1e-8 * size_b)


@SETTINGS
@given(spread_data())
def test_gradient_is_zero_at_the_closed_form_optimum(data):
    xs, ys = data
    w, b = closed_form(xs, ys)
    dw, db = mse_grad(xs, ys, w, b)
    sw, sb = scales(xs, ys, w, b)
    assert abs(dw) <= 1e-9 * sw and abs(db) <= 1e-9 * sb
    # and it is a minimum: any step away raises the loss
    loss = mse(w * xs + b, ys)
    for dw_, db_ in [(1e-3, 0), (-1e-3, 0), (0, 1e-3), (0, -1e-3)]:
        assert mse((w + dw_) * xs + b + db_, ys) >= loss - 1e-12 * (1 + loss)


@SETTINGS
@given(spread_data(), st.integers(0, 2**32 - 1))
def test_closed_form_does_not_depend_on_the_order_of_the_samples(data, seed):
    xs, ys = data
    order = np.random.default_rng(seed).permutation(len(xs))
    w, b = closed_form(xs, ys)
    pw, pb = closed_form(xs[order], ys[order])
    size_w = np.abs(ys).max() / np.ptp(xs) + 1.0
    size_b = np.abs(ys).max() + size_w * np.abs(xs).max() + 1.0
    assert pw == pytest.approx(w, abs=1e-9 * size_w) and pb == pytest.approx(b, abs=1e-9 * size_b)


@SETTINGS
@given(st.floats(-5, 5), st.floats(-5, 5), st.integers(2, 40), st.integers(0, 2**32 - 1))
def test_closed_form_recovers_an_exact_line(w_true, b_true, n, seed):
    xs = np.random.default_rng(seed).uniform(-10, 10, n)
    assume(np.ptp(xs) > 0.1)
    w, b = closed_form(xs, w_true * xs + b_true)
    assert w == pytest.approx(w_true, abs=1e-9) and b == pytest.approx(b_true, abs=1e-9)
