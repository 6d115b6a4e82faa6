"""The checkers of lesson 04 (nn_linear): the corpus of learner attempts, each with the
verdict and the hint it must get."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")  # the exercises draw one figure; no window in a test run

import pytest  # noqa: E402
import torch  # noqa: E402
from check_helpers import fails, passes  # noqa: E402
from torch import nn, optim  # noqa: E402

from course_utils import checks  # noqa: E402


def make_train_loop(
    zero: str = "first", record: str = "before", extra: int = 0, lr_scale: float = 1.0
):
    def train(model, x, y, lr, epochs):
        opt, loss_fn, losses = optim.SGD(model.parameters(), lr=lr * lr_scale), nn.MSELoss(), []
        for _ in range(epochs + extra):
            loss = loss_fn(model(x), y)
            if zero == "first":
                opt.zero_grad()
            loss.backward()
            if zero == "before_step":
                opt.zero_grad()
            opt.step()
            losses.append(loss if record == "tensor" else loss.item())
            if record == "after":
                losses[-1] = loss_fn(model(x), y).item()
        return None if record == "none" else losses

    return train


def test_training_loop_accepts_float_or_tensor_losses(capsys):
    passes(checks.check_training_loop, make_train_loop(), capsys=capsys)
    passes(checks.check_training_loop, make_train_loop(record="tensor"), capsys=capsys)


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (make_train_loop(zero="never"), "sum of all past gradients"),
        (make_train_loop(zero="before_step"), "parameters did not move"),
        (make_train_loop(record="none"), "Return a list with one loss per epoch"),
        (make_train_loop(record="after"), "returned losses are not each epoch's loss"),
        (make_train_loop(extra=-1), "made 4 updates instead of 5"),
        (make_train_loop(extra=1), "made 6 updates instead of 5"),
        (make_train_loop(lr_scale=3.0), "use the model, x, y and lr you are given"),
    ],
)
def test_training_loop_names_the_mistake(wrong, hint):
    fails(checks.check_training_loop, wrong, hint=hint)


def test_loss_shapes_accepts_reshaped_targets(capsys):
    passes(
        checks.check_loss_shapes,
        lambda p, y: nn.functional.mse_loss(p, y.reshape(p.shape)),
        capsys=capsys,
    )
    passes(
        checks.check_loss_shapes,
        lambda p, y: ((p.reshape(-1) - y.reshape(-1)) ** 2).mean().item(),
        capsys=capsys,
    )


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (nn.MSELoss(), "broadcast silently to (N, N)"),
        (lambda p, y: ((p - y.reshape(p.shape)) ** 2).sum(), "you summed over the samples"),
        (lambda p, y: nn.functional.mse_loss(p, y.reshape(p.shape)).sqrt(), "(RMSE)"),
        (lambda p, y: (p - y.reshape(p.shape)).abs().mean(), "Not the mean squared error"),
    ],
)
def test_loss_shapes_names_the_mistake(wrong, hint):
    fails(checks.check_loss_shapes, wrong, hint=hint)


@pytest.mark.parametrize("lr", [0.5, 0.3, 0.75, torch.tensor(0.4)])
def test_lr_standardised_accepts_rates_that_converge_in_10_epochs(lr, capsys):
    passes(checks.check_lr_standardised, lr, capsys=capsys)


@pytest.mark.parametrize(
    "lr, hint",
    [
        (3e-6, "unscaled heights"),
        (0.1, "Too small"),
        (0.9, "Too large"),
        (1.0, "lr < 2/2 = 1"),
        (1.5, "lr < 2/2 = 1"),
        (0.0, "must be positive"),
    ],
)
def test_lr_standardised_names_the_mistake(lr, hint):
    fails(checks.check_lr_standardised, lr, hint=hint)
