"""NumPy gradients (notebook 01) against autograd, finite differences and np.linalg.lstsq."""

import numpy as np
import pytest
import torch

from course_utils import TrainingDiverged, make_linear_data
from course_utils.gradients import closed_form, gradient_descent, mse, mse_grad, numerical_grad


@pytest.fixture(scope="module")
def data():
    x, y = make_linear_data()
    return x.numpy().astype(np.float64), y.numpy().astype(np.float64)


def test_mse_equals_torch_mse_loss(data):
    x, y = data
    pred = 1.7 * x + 0.3
    expected = torch.nn.functional.mse_loss(torch.from_numpy(pred), torch.from_numpy(y)).item()
    assert mse(pred, y) == pytest.approx(expected, rel=1e-12)


def test_mse_refuses_n_vs_n1_shapes_instead_of_broadcasting(data):
    x, y = data
    with pytest.raises(ValueError, match=r"\(100, 1\).*\(100,\).*\(100, 100\).*reshape"):
        mse(x, y[:, 0])


@pytest.mark.parametrize("w,b", [(0.0, 0.0), (2.5, -1.0), (-3.0, 7.0)])
def test_mse_grad_matches_autograd(data, w, b):
    x, y = data
    wt = torch.tensor(w, dtype=torch.float64, requires_grad=True)
    bt = torch.tensor(b, dtype=torch.float64, requires_grad=True)
    loss = ((wt * torch.from_numpy(x) + bt - torch.from_numpy(y)) ** 2).mean()
    loss.backward()
    dw, db = mse_grad(x, y, w, b)
    assert dw == pytest.approx(wt.grad.item(), rel=1e-12)
    assert db == pytest.approx(bt.grad.item(), rel=1e-12)


def test_mse_grad_matches_finite_differences(data):
    x, y = data
    f = lambda w, b: mse(w * x + b, y)  # noqa: E731
    num = numerical_grad(f, [0.7, -0.4])
    assert np.allclose(mse_grad(x, y, 0.7, -0.4), num, rtol=1e-6, atol=1e-6)


def test_numerical_grad_is_exact_for_a_quadratic_up_to_rounding():
    f = lambda a, b: 3 * a**2 + a * b - 2 * b  # noqa: E731  grad = (6a + b, a - 2)
    assert np.allclose(numerical_grad(f, [1.5, -2.0]), [6 * 1.5 - 2.0, 1.5 - 2], atol=1e-7)


def test_numerical_grad_rejects_non_positive_eps():
    with pytest.raises(ValueError, match="eps"):
        numerical_grad(lambda a: a, [1.0], eps=0)


def test_closed_form_equals_lstsq_and_recovers_the_true_line(data):
    x, y = data
    w, b = closed_form(x, y)
    A = np.hstack([x, np.ones_like(x)])
    (w_ref, b_ref), *_ = np.linalg.lstsq(A, y[:, 0], rcond=None)
    assert (w, b) == pytest.approx((w_ref, b_ref), rel=1e-10)
    assert abs(w - 2.0) < 0.2 and abs(b - 1.0) < 0.8  # y = 2x + 1 + noise
    # the gradient vanishes at the optimum
    assert np.allclose(mse_grad(x, y, w, b), 0.0, atol=1e-9)


def test_closed_form_needs_two_distinct_x():
    with pytest.raises(ValueError, match="two different"):
        closed_form([1.0, 1.0, 1.0], [1.0, 2.0, 3.0])


def test_gradient_descent_matches_a_hand_loop_and_converges_to_lstsq(data):
    x, y = data
    hist = gradient_descent(x, y, lr=0.02, epochs=3000, w0=0.0, b0=0.0)
    w, b = 0.0, 0.0
    for epoch in range(3):  # an independent loop with autograd for the first steps
        wt = torch.tensor(w, dtype=torch.float64, requires_grad=True)
        bt = torch.tensor(b, dtype=torch.float64, requires_grad=True)
        loss = ((wt * torch.from_numpy(x) + bt - torch.from_numpy(y)) ** 2).mean()
        loss.backward()
        assert hist.loss[epoch] == pytest.approx(loss.item(), rel=1e-12)
        w, b = w - 0.02 * wt.grad.item(), b - 0.02 * bt.grad.item()
        assert hist.params[epoch + 1] == pytest.approx({"w": w, "b": b}, rel=1e-12)
        after = np.mean((w * x + b - y) ** 2)  # the loss at the parameters after this epoch
        assert hist.loss_after[epoch + 1] == pytest.approx(after, rel=1e-12)
        assert hist.loss[epoch] != pytest.approx(after, rel=1e-6)  # loss[k]: before the step
    assert hist.params[0] == {"w": 0.0, "b": 0.0}
    assert len(hist.params) == len(hist.loss_after) == len(hist.loss) + 1 == 3001
    assert hist.loss_after[0] == pytest.approx(np.mean(y**2), rel=1e-12)
    assert (hist.params[-1]["w"], hist.params[-1]["b"]) == pytest.approx(
        closed_form(x, y), abs=1e-3
    )
    assert hist.steps[-1] == 3000 and hist.samples[-1] == 3000 * 100


def test_gradient_descent_raises_training_diverged_with_history(data):
    x, y = data
    with pytest.raises(TrainingDiverged, match=r"epoch \d+.*smaller learning rate") as info:
        gradient_descent(x, y, lr=0.5, epochs=2000)
    hist = info.value.history
    assert len(hist.loss) == info.value.epoch - 1 > 0
    assert np.isfinite(hist.loss).all()
    assert hist.loss[-1] > hist.loss[0]  # it was growing before it overflowed


@pytest.mark.parametrize(
    "kwargs,match",
    [
        ({"lr": 0.0, "epochs": 10}, "lr must be a positive"),
        ({"lr": -0.1, "epochs": 10}, "lr must be a positive"),
        ({"lr": 0.01, "epochs": 0}, "epochs must be >= 1"),
        ({"lr": 0.01, "epochs": 2.5}, "epochs must be an int"),
    ],
)
def test_gradient_descent_rejects_bad_arguments(data, kwargs, match):
    x, y = data
    with pytest.raises((ValueError, TypeError), match=match):
        gradient_descent(x, y, **kwargs)


def test_gradient_functions_reject_nan_empty_and_mismatched_data():
    with pytest.raises(ValueError, match="NaN"):
        mse_grad([1.0, float("nan")], [1.0, 2.0], 0.0, 0.0)
    with pytest.raises(ValueError, match="empty"):
        closed_form([], [])
    with pytest.raises(ValueError, match="3 samples but y has 2"):
        mse_grad([1.0, 2.0, 3.0], [1.0, 2.0], 0.0, 0.0)


def test_gradient_functions_accept_tensors_that_require_grad():
    x = torch.tensor([[1.0], [2.0]], requires_grad=True)
    y = torch.tensor([[3.0], [5.0]])
    assert closed_form(x, y) == pytest.approx((2.0, 1.0))


# ---- bad input found by tests/test_bad_input_sweep.py ----------------------------------------


def test_mse_compares_the_shapes_of_lists_and_still_takes_two_numbers():
    with pytest.raises(ValueError, match=r"^y_pred have shape \(2,\) but y have shape \(3,\)"):
        mse([1.0, 2.0], [1.0, 2.0, 3.0])
    with pytest.raises(TypeError, match=r"^y_pred must be numbers"):
        mse("ab", "cd")  # NumPy would read "12" as a number: strings are refused
    assert mse(3.0, 1.0) == 4.0 and mse(np.float32(3.0), torch.tensor(1.0)) == 4.0


def test_w_b_and_start_values_may_be_tensors_but_must_be_finite_numbers(data):
    x, y = data
    w = torch.tensor(1.5, requires_grad=True)  # e.g. a parameter from lesson 02
    assert mse_grad(x, y, w, torch.tensor(0.5)) == mse_grad(x, y, 1.5, 0.5)
    assert gradient_descent(x, y, lr=0.01, epochs=2, w0=w).params[0] == {"w": 1.5, "b": 0.0}
    with pytest.raises(ValueError, match=r"^w0 must be a finite number, got nan"):
        gradient_descent(x, y, lr=0.01, epochs=2, w0=float("nan"))  # not "diverged at epoch 1"
    with pytest.raises(TypeError, match=r"^b must be a number, got None"):
        mse_grad(x, y, 1.0, None)


def test_numerical_grad_names_f_eps_and_params():
    assert numerical_grad(lambda w, b: w * b, torch.tensor([2.0, 3.0])) == pytest.approx([3.0, 2.0])
    with pytest.raises(TypeError, match=r"^f must be callable"):
        numerical_grad(3, [1.0])
    with pytest.raises(TypeError, match=r"^eps must be a number"):
        numerical_grad(lambda w: w, [1.0], eps="a")
    with pytest.raises(TypeError, match=r"^params must be numbers"):
        numerical_grad(lambda w: w, "ab")
