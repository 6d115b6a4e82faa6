"""train_step, evaluate, accuracy and fit (notebooks 04-08) against hand-written loops,
np.linalg.lstsq, the NumPy gradient of notebook 01, and the bad inputs learners hit."""

import math

import numpy as np
import pytest
import torch
from torch import nn, optim

from course_utils import _validate_training as validate_training
from course_utils.data import height_weight, make_linear_data
from course_utils.gradients import closed_form, mse, mse_grad
from course_utils.models import LinearRegression, get_params, linear_model, mlp
from course_utils.training import History, TrainingDiverged, accuracy, evaluate, fit, train_step


@pytest.fixture(scope="module")
def data():
    return make_linear_data()  # 100 points, float32, shape (100, 1)


def three_classes(n=90, seed=1):
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(n, 4, generator=g)
    y = (x[:, 0] > 0).long() + (x[:, 1] > 0.5).long()  # labels 0, 1, 2
    return x, y


def numbers(hist: History) -> tuple:
    """Everything a run computed; the wall-clock times differ from run to run."""
    return hist.loss, hist.step_loss, hist.params, hist.val_loss, hist.steps, hist.samples


def params_equal(a: nn.Module, b: nn.Module) -> bool:
    return all(torch.equal(p, q) for p, q in zip(a.parameters(), b.parameters(), strict=True))


# ---- hand-written loops: what a learner writes in notebooks 04 and 06 ----------------------


def hand_full_batch(model, x, y, loss_fn, optimizer, epochs):
    losses = []
    for _epoch in range(epochs):
        y_pred = model(x)
        loss = loss_fn(y_pred, y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses


def hand_minibatch(model, x, y, loss_fn, optimizer, epochs, batch_size, seed=0):
    """Per epoch, the list of (batch loss, batch size); the order comes from torch.randperm."""
    g = torch.Generator().manual_seed(seed)
    n, per_epoch = len(x), []
    for _epoch in range(epochs):
        perm = torch.randperm(n, generator=g)
        batch_losses = []
        for i in range(0, n, batch_size):
            idx = perm[i : i + batch_size]
            xb, yb = x[idx], y[idx]
            y_pred = model(xb)
            loss = loss_fn(y_pred, yb)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            batch_losses.append((loss.item(), len(idx)))
        per_epoch.append(batch_losses)
    return per_epoch


# ---- fit reproduces the hand-written loop exactly -----------------------------------------


def test_fit_matches_hand_written_full_batch_loop_bitwise(data):
    x, y = data
    model, ref = linear_model(0.0, 0.0), linear_model(0.0, 0.0)
    hist = fit(model, x, y, lr=0.01, epochs=50)
    ref_losses = hand_full_batch(ref, x, y, nn.MSELoss(), optim.SGD(ref.parameters(), lr=0.01), 50)
    assert params_equal(model, ref)
    assert hist.loss == ref_losses and hist.step_loss == ref_losses
    assert hist.params[-1] == get_params(ref)


def test_fit_records_the_start_and_every_epoch_of_the_hand_loop(data):
    x, y = data
    model, ref = LinearRegression(0.45, -3.0), LinearRegression(0.45, -3.0)
    hist = fit(model, x, y, lr=0.02, epochs=6)
    opt, snapshots = optim.SGD(ref.parameters(), lr=0.02), [{"w": ref.w.item(), "b": ref.b.item()}]
    for _ in range(6):
        hand_full_batch(ref, x, y, nn.MSELoss(), opt, 1)
        snapshots.append({"w": ref.w.item(), "b": ref.b.item()})
    assert hist.params[0] == pytest.approx({"w": 0.45, "b": -3.0})
    assert hist.params == snapshots


def test_loss_after_k_is_the_loss_at_the_parameters_after_k_epochs_not_before(data):
    """The mix-up the course once printed: loss[0] is the starting loss, loss_after[1] the one
    after epoch 1. Recomputed independently at each snapshot of a hand loop."""
    x, y = data
    model, ref = LinearRegression(0.45, -3.0), LinearRegression(0.45, -3.0)
    hist = fit(model, x, y, lr=0.02, epochs=5)
    opt = optim.SGD(ref.parameters(), lr=0.02)
    at = [mse(ref.w.item() * x.numpy() + ref.b.item(), y.numpy())]  # after 0 epochs
    for _ in range(5):
        hand_full_batch(ref, x, y, nn.MSELoss(), opt, 1)
        at.append(mse(ref.w.item() * x.numpy() + ref.b.item(), y.numpy()))
    assert len(hist.loss_after) == len(hist.params) == hist.epochs + 1
    assert hist.loss_after == pytest.approx(at, rel=1e-5)
    assert hist.loss[0] == pytest.approx(at[0], rel=1e-5)  # during epoch 1: its start
    assert hist.loss_after[1] < hist.loss[0] and hist.loss_after[1] != pytest.approx(hist.loss[0])
    assert hist.loss == pytest.approx(at[:-1], rel=1e-5)  # full batch: start of each epoch


def test_loss_after_with_minibatches_is_the_full_training_loss_after_each_epoch(data):
    x, y = data
    model, ref = linear_model(0.0, 0.0), linear_model(0.0, 0.0)
    hist = fit(model, x, y, lr=0.01, epochs=3, batch_size=16, seed=3)
    opt = optim.SGD(ref.parameters(), lr=0.01)
    g, expected = torch.Generator().manual_seed(3), [mse(ref(x).detach().numpy(), y.numpy())]
    for _ in range(3):
        perm = torch.randperm(len(x), generator=g)
        for i in range(0, len(x), 16):
            idx = perm[i : i + 16]
            loss = nn.MSELoss()(ref(x[idx]), y[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
        expected.append(mse(ref(x).detach().numpy(), y.numpy()))
    assert hist.loss_after == pytest.approx(expected, rel=1e-5)
    assert hist.loss[0] != pytest.approx(hist.loss_after[1], rel=1e-3)  # during vs after


@pytest.mark.parametrize("seed", [0, 7])
def test_fit_matches_hand_written_minibatch_loop_bitwise(data, seed):
    x, y = data
    model, ref = linear_model(0.0, 0.0), linear_model(0.0, 0.0)
    hist = fit(model, x, y, lr=0.01, epochs=5, batch_size=16, seed=seed)
    opt = optim.SGD(ref.parameters(), lr=0.01)
    per_epoch = hand_minibatch(ref, x, y, nn.MSELoss(), opt, 5, 16, seed)
    assert params_equal(model, ref)
    assert hist.step_loss == [loss for epoch in per_epoch for loss, _ in epoch]


def test_fit_without_shuffle_takes_the_batches_in_order(data):
    x, y = data
    model, ref = linear_model(0.0, 0.0), linear_model(0.0, 0.0)
    fit(model, x, y, lr=0.01, epochs=3, batch_size=16, shuffle=False)
    opt = optim.SGD(ref.parameters(), lr=0.01)
    for _ in range(3):
        for i in range(0, 100, 16):
            hand_full_batch(ref, x[i : i + 16], y[i : i + 16], nn.MSELoss(), opt, 1)
    assert params_equal(model, ref)


def test_fit_matches_hand_written_classification_loop_with_adam_bitwise():
    x, y = three_classes()
    torch.manual_seed(0)
    model = mlp([4, 8, 3])
    torch.manual_seed(0)
    ref = mlp([4, 8, 3])
    opt, ref_opt = optim.Adam(model.parameters(), lr=5e-3), optim.Adam(ref.parameters(), lr=5e-3)
    hist = fit(model, x, y, loss_fn=nn.CrossEntropyLoss(), optimizer=opt, epochs=4, batch_size=32)
    per_epoch = hand_minibatch(ref, x, y, nn.CrossEntropyLoss(), ref_opt, 4, 32)
    assert params_equal(model, ref)
    assert hist.step_loss == [loss for epoch in per_epoch for loss, _ in epoch]
    assert hist.label == "batch 32, lr 0.005"  # the optimizer's rate, not fit's default lr
    assert hist.params == []  # 67 numbers: too many for get_params


def test_fit_shuffles_with_its_own_generator_not_the_global_one(data):
    x, y = data
    model = linear_model(0.0, 0.0)  # (creating a model does draw from the global generator)
    state = torch.get_rng_state()
    a = fit(model, x, y, epochs=2, batch_size=10, seed=0)
    assert torch.equal(torch.get_rng_state(), state)
    b = fit(linear_model(0.0, 0.0), x, y, epochs=2, batch_size=10, seed=0)
    c = fit(linear_model(0.0, 0.0), x, y, epochs=2, batch_size=10, seed=1)
    assert a.step_loss == b.step_loss and a.step_loss != c.step_loss


def test_fit_epoch_loss_weights_batches_by_size_not_the_naive_mean(data):
    x, y = data
    model, ref = linear_model(0.0, 0.0), linear_model(0.0, 0.0)
    hist = fit(model, x, y, lr=0.01, epochs=3, batch_size=16)
    per_epoch = hand_minibatch(ref, x, y, nn.MSELoss(), optim.SGD(ref.parameters(), lr=0.01), 3, 16)
    for epoch_loss, batch in zip(hist.loss, per_epoch, strict=True):
        losses, sizes = zip(*batch)
        assert sizes == (16,) * 6 + (4,)  # 100 = 6 * 16 + 4: the last batch is smaller
        weighted, naive = np.average(losses, weights=sizes), np.mean(losses)
        assert epoch_loss == pytest.approx(weighted, rel=1e-12)
        assert abs(naive - weighted) > 1e-4 * weighted  # the naive mean really is different


def test_fit_counts_steps_samples_time_and_labels_the_run(data):
    x, y = data
    full = fit(linear_model(0.0, 0.0), x, y, epochs=3)
    mini = fit(linear_model(0.0, 0.0), x, y, epochs=3, lr=0.05, batch_size=16)
    assert full.steps == [1, 2, 3] and mini.steps == [7, 14, 21]
    assert full.samples == mini.samples == [100, 200, 300]
    assert len(mini.step_loss) == 21 and len(mini.params) == 4 and mini.epochs == 3
    assert all(0 <= a <= b for a, b in zip(mini.time, mini.time[1:]))
    assert full.label == "batch all, lr 0.01" and mini.label == "batch 16, lr 0.05"
    assert all(type(v) is float for v in mini.loss + mini.step_loss)


def test_up_to_equals_a_shorter_run_with_the_same_seed(data):
    x, y = data
    val = make_linear_data(20, seed=5)
    long = fit(linear_model(0.0, 0.0), x, y, lr=0.005, epochs=6, batch_size=16, seed=2, val=val)
    short = fit(linear_model(0.0, 0.0), x, y, lr=0.005, epochs=4, batch_size=16, seed=2, val=val)
    head = long.up_to(4)
    assert numbers(head) == numbers(short)  # same batches, same updates: bitwise the same
    assert head.loss_after == short.loss_after and head.epochs == 4
    assert head.time == long.time[:4] and head.label == long.label
    assert len(long.params) == 7 and len(long.step_loss) == 42  # the original is untouched
    start = long.up_to(0)
    assert start.params == long.params[:1] and start.loss_after == long.loss_after[:1]
    assert start.epochs == 0 and start.step_loss == [] and start.steps == []


@pytest.mark.parametrize("bad", [-1, 7, 2.0, True, None])
def test_up_to_rejects_epochs_outside_the_run(data, bad):
    hist = fit(linear_model(0.0, 0.0), *data, lr=0.01, epochs=6)
    with pytest.raises(ValueError, match=r"^epochs must be a whole number from 0 to 6"):
        hist.up_to(bad)


def test_fit_validation_loss_equals_the_loss_after_each_hand_epoch(data):
    x, y = data
    x_val, y_val = make_linear_data(30, seed=5)
    model, ref = linear_model(0.0, 0.0), linear_model(0.0, 0.0)
    hist = fit(model, x, y, lr=0.01, epochs=4, val=(x_val, y_val))
    opt, expected = optim.SGD(ref.parameters(), lr=0.01), []
    for _ in range(4):
        hand_full_batch(ref, x, y, nn.MSELoss(), opt, 1)
        with torch.no_grad():
            expected.append(nn.MSELoss()(ref(x_val), y_val).item())
    assert hist.val_loss == expected


def test_fit_puts_the_model_in_train_mode(data):
    model = nn.Sequential(linear_model(0.0, 0.0)).eval()
    fit(model, *data, epochs=1)
    assert all(m.training for m in model.modules())


def test_fit_calls_each_callback_after_every_epoch_with_history_and_model(data):
    x, y = data
    model, seen = linear_model(0.0, 0.0), []
    fit(model, x, y, epochs=3, callbacks=[lambda h, m: seen.append((h.epochs, m, get_params(m)))])
    assert [e for e, _, _ in seen] == [1, 2, 3] and all(m is model for _, m, _ in seen)
    assert seen[-1][2] == get_params(model)


def test_fit_converges_to_the_least_squares_line_on_standardised_x(data):
    x, y = data
    xs = (x - x.mean()) / x.std()
    hist = fit(linear_model(0.0, 0.0), xs, y, lr=0.1, epochs=200)
    design = np.column_stack([xs.numpy()[:, 0], np.ones(100)]).astype(np.float64)
    (w, b), *_ = np.linalg.lstsq(design, y.numpy()[:, 0].astype(np.float64), rcond=None)
    assert hist.params[-1]["w"] == pytest.approx(w, abs=1e-4)
    assert hist.params[-1]["b"] == pytest.approx(b, abs=1e-4)


def test_fit_with_a_small_lr_and_a_long_run_reaches_the_closed_form_on_raw_x(data):
    x, y = data
    hist = fit(LinearRegression(0.0, 0.0), x, y, lr=0.01, epochs=4000)
    w, b = closed_form(x, y)
    assert hist.params[-1] == pytest.approx({"w": w, "b": b}, abs=1e-3)


# ---- train_step, evaluate, accuracy --------------------------------------------------------


def test_train_step_gradient_and_update_match_the_numpy_formula(data):
    x, y = data
    model = LinearRegression(0.5, -1.0)
    loss = train_step(model, nn.MSELoss(), optim.SGD(model.parameters(), lr=0.01), x, y)
    dw, db = mse_grad(x, y, 0.5, -1.0)
    assert loss == pytest.approx(mse(0.5 * x.numpy().astype(float) - 1.0, y.numpy()), rel=1e-6)
    assert model.w.grad.item() == pytest.approx(dw, rel=1e-5)
    assert model.b.grad.item() == pytest.approx(db, rel=1e-5)
    assert model.w.item() == pytest.approx(0.5 - 0.01 * dw, rel=1e-6)
    assert model.b.item() == pytest.approx(-1.0 - 0.01 * db, rel=1e-6)


def test_train_step_zeroes_stale_gradients_before_backward(data):
    x, y = data
    model = LinearRegression(0.5, -1.0)
    model.w.grad, model.b.grad = torch.full((1,), 1e3), torch.full((1,), 1e3)
    train_step(model, nn.MSELoss(), optim.SGD(model.parameters(), lr=0.01), x, y)
    dw, _ = mse_grad(x, y, 0.5, -1.0)
    assert model.w.item() == pytest.approx(0.5 - 0.01 * dw, rel=1e-6)


def test_evaluate_equals_numpy_mse_and_builds_no_graph(data):
    x, y = data
    model, seen = linear_model(1.5, 0.5), {}

    def loss_fn(y_pred, target):
        seen.update(
            grad=torch.is_grad_enabled(), graph=y_pred.requires_grad, training=model.training
        )
        return nn.functional.mse_loss(y_pred, target)

    value = evaluate(model, loss_fn, x, y)
    expected = np.mean((1.5 * x.numpy().astype(float) + 0.5 - y.numpy()) ** 2)
    assert value == pytest.approx(expected, rel=1e-5)
    assert seen == {"grad": False, "graph": False, "training": False}
    assert model.weight.grad is None and model.training


@pytest.mark.parametrize("mode", [True, False])
def test_evaluate_and_accuracy_restore_the_mode_the_model_had(mode):
    x, y = three_classes()
    model = nn.Sequential(nn.Linear(4, 8), nn.Dropout(0.5), nn.Linear(8, 3)).train(mode)
    model[1].train(not mode)  # a mixed state must come back as it was, module by module
    before = [m.training for m in model.modules()]
    evaluate(model, nn.CrossEntropyLoss(), x, y)
    accuracy(model, x, y)
    assert [m.training for m in model.modules()] == before


def test_evaluate_switches_dropout_off():
    torch.manual_seed(0)
    x, y = three_classes()
    model = nn.Sequential(nn.Linear(4, 8), nn.Dropout(0.9), nn.Linear(8, 3)).train()
    without = nn.Sequential(model[0], model[2])
    expected = nn.CrossEntropyLoss()(without(x), y).item()
    assert evaluate(model, nn.CrossEntropyLoss(), x, y) == pytest.approx(expected, rel=1e-6)


def test_accuracy_equals_numpy_argmax_comparison():
    x, y = three_classes()
    torch.manual_seed(0)
    model = nn.Linear(4, 3)
    logits = x.numpy() @ model.weight.detach().numpy().T + model.bias.detach().numpy()
    expected = np.mean(logits.argmax(axis=1) == y.numpy())
    assert accuracy(model, x, y) == pytest.approx(expected, abs=1e-12)
    assert accuracy(model, x.numpy(), y.tolist()) == accuracy(model, x, y)


def test_fit_learns_three_classes():
    x, y = three_classes()
    torch.manual_seed(0)
    model = mlp([4, 16, 3])
    before = accuracy(model, x, y)
    opt = optim.Adam(model.parameters(), lr=1e-2)
    hist = fit(model, x, y, loss_fn=nn.CrossEntropyLoss(), optimizer=opt, epochs=60, batch_size=32)
    assert accuracy(model, x, y) > max(before, 0.9)
    assert hist.loss[-1] < hist.loss[0] / 3


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a GPU")
def test_fit_moves_model_and_data_to_the_device(data):
    x, y = data
    model = linear_model(0.0, 0.0)
    hist = fit(model, x, y, epochs=3, batch_size=16, device="cuda", val=(x, y))
    assert model.weight.device.type == "cuda" and len(hist.val_loss) == 3


# ---- divergence ----------------------------------------------------------------------------


def test_fit_raises_training_diverged_on_height_weight_with_lr_1e3():
    x, y = height_weight()
    with pytest.raises(TrainingDiverged) as info:
        fit(LinearRegression(0.45, -35.0), x, y, lr=1e-3, epochs=100)
    exc, hist = info.value, info.value.history
    assert f"epoch {exc.epoch}" in str(exc)
    assert "smaller learning rate" in str(exc) and "standardise" in str(exc)
    assert isinstance(hist, History) and len(hist.loss) == exc.epoch - 1 > 0
    assert len(hist.params) == exc.epoch and all(math.isfinite(v) for v in hist.loss)
    ref = LinearRegression(0.45, -35.0)  # the hand loop blows up at the same epoch
    opt = optim.SGD(ref.parameters(), lr=1e-3)
    ref_losses = hand_full_batch(ref, x, y, nn.MSELoss(), opt, exc.epoch)
    assert hist.loss == ref_losses[:-1] and not math.isfinite(ref_losses[-1])


def test_diverged_history_holds_only_completed_minibatch_epochs():
    x, y = height_weight()
    with pytest.raises(TrainingDiverged) as info:
        fit(LinearRegression(0.45, -35.0), x, y, lr=1e-3, epochs=100, batch_size=2)
    hist = info.value.history
    assert len(hist.step_loss) == hist.steps[-1] == 3 * len(hist.loss)  # 3 batches per epoch


# ---- bad input: each gets a ValueError/TypeError that names the argument and the fix ------


def test_fit_raises_on_n_vs_n1_targets_before_any_update(data):
    x, y = data
    model = linear_model(0.3, 0.1)
    message = r"\(100, 1\).*\(100,\).*\(100, 100\).*y\.reshape\(-1, 1\)"
    with pytest.raises(ValueError, match=message):
        fit(model, x, y.reshape(-1), epochs=5)
    assert get_params(model) == pytest.approx({"w": 0.3, "b": 0.1})


def test_train_step_raises_on_n_vs_n1_targets(data):
    x, y = data
    model = linear_model(0.3, 0.1)
    with pytest.raises(ValueError, match=r"\(100, 1\).*\(100,\).*\(100, 100\)"):
        train_step(model, nn.MSELoss(), optim.SGD(model.parameters(), lr=0.1), x, y.reshape(-1))


def test_fit_raises_on_any_other_shape_mismatch(data):
    x, y = data
    message = (
        r"^predictions model\(x\) have shape \(100, 1\) but targets y have shape \(100, 2\)"
        r".*same shape"
    )
    with pytest.raises(ValueError, match=message):
        fit(linear_model(), x, torch.cat([y, y], dim=1), epochs=1)


def test_fit_raises_on_1d_x_with_the_reshape_fix(data):
    x, y = data
    with pytest.raises(ValueError, match=r"x has shape \(100,\).*x\.reshape\(-1, 1\)"):
        fit(linear_model(), x.reshape(-1), y, epochs=1)


def test_fit_accepts_lists_arrays_ints_and_float64_as_float32(data):
    x, y = data
    x_int = torch.arange(20).reshape(-1, 1)
    y64 = (2.0 * x_int + 1.0).double()
    expected = numbers(fit(linear_model(0.0, 0.0), x_int.float(), y64.float(), lr=1e-3, epochs=5))
    assert numbers(fit(linear_model(0.0, 0.0), x_int, y64, lr=1e-3, epochs=5)) == expected
    as_lists = fit(linear_model(0.0, 0.0), x_int.tolist(), y64.numpy(), lr=1e-3, epochs=5)
    assert numbers(as_lists) == expected


@pytest.mark.parametrize("bad", ["not data", {"x": 1}, None])
def test_fit_raises_on_x_or_y_of_the_wrong_type(data, bad):
    converted = r"must be a torch.Tensor \(a NumPy array or list is converted\)"
    with pytest.raises(TypeError, match="^x " + converted):
        fit(linear_model(), bad, data[1], epochs=1)
    with pytest.raises(TypeError, match="^y " + converted):
        fit(linear_model(), data[0], bad, epochs=1)


def test_fit_raises_when_x_and_y_lengths_differ(data):
    x, y = data
    with pytest.raises(ValueError, match="x has 100 samples but y has 99"):
        fit(linear_model(), x, y[:99], epochs=1)


def test_fit_raises_on_empty_data():
    with pytest.raises(ValueError, match=r"x is empty"):
        fit(linear_model(), torch.empty(0, 1), torch.empty(0, 1), epochs=1)


@pytest.mark.parametrize("epochs", [0, -3])
def test_fit_raises_on_epochs_below_one(data, epochs):
    with pytest.raises(ValueError, match=f"epochs must be >= 1, got {epochs}"):
        fit(linear_model(), *data, epochs=epochs)


@pytest.mark.parametrize("lr", [0, -0.1, float("nan"), float("inf")])
def test_fit_raises_on_a_learning_rate_that_is_not_positive(data, lr):
    with pytest.raises(ValueError, match="lr must be a positive finite number"):
        fit(linear_model(), *data, lr=lr, epochs=1)


@pytest.mark.parametrize(
    "batch_size,message",
    [
        (0, r"batch_size must be >= 1, got 0 \(samples per update\)"),
        (
            101,
            r"batch_size=101 is larger than the 100 samples; use batch_size=100 \(or None in fit\)",
        ),
    ],
)
def test_fit_raises_on_a_batch_size_outside_1_to_n_before_training(data, batch_size, message):
    model = linear_model(0.3, 0.1)
    with pytest.raises(ValueError, match=message):
        fit(model, *data, batch_size=batch_size, epochs=1)
    assert get_params(model) == pytest.approx({"w": 0.3, "b": 0.1})


@pytest.mark.parametrize("where", ["x", "y", "x_val"])
def test_fit_raises_on_nan_or_inf_in_the_data_naming_the_argument(data, where):
    arrays = {"x": data[0].clone(), "y": data[1].clone(), "x_val": data[0].clone()}
    arrays[where][3, 0] = float("nan") if where != "y" else float("inf")
    with pytest.raises(ValueError, match=f"^{where} contains 1 NaN or infinite value"):
        fit(linear_model(), arrays["x"], arrays["y"], val=(arrays["x_val"], data[1]), epochs=1)


def test_fit_raises_on_an_optimizer_built_for_another_model(data):
    old = linear_model(0.0, 0.0)
    optimizer = optim.SGD(old.parameters(), lr=0.01)
    model = linear_model(0.0, 0.0)  # re-created after the optimizer: the classic bug
    message = r"holds none of this model's parameters.*SGD\(model\.parameters\(\)"
    with pytest.raises(ValueError, match=message):
        fit(model, *data, optimizer=optimizer, epochs=1)


def test_fit_raises_on_val_that_is_not_a_pair(data):
    with pytest.raises(TypeError, match=r"val must be a pair \(x_val, y_val\)"):
        fit(linear_model(), *data, val=data[0], epochs=1)


def test_accuracy_raises_on_float_labels_with_the_fix():
    x, y = three_classes()
    with pytest.raises(
        ValueError, match=r"labels for accuracy as integer class indices.*y = y\.long\(\)"
    ):
        accuracy(nn.Linear(4, 3), x, y.float())


def test_fit_raises_on_an_optimizer_that_is_not_one(data):
    with pytest.raises(TypeError, match="torch.optim optimizer"):
        fit(linear_model(), *data, optimizer="sgd", epochs=1)


def test_fit_raises_on_float_n1_class_labels_with_the_fix():
    x, y = three_classes()
    message = (
        r"y has dtype torch.float32 and shape \(90, 1\).*labels for CrossEntropyLoss as integer "
        r"class indices of shape \(N,\).*also takes class probabilities of shape \(N, classes\)"
        r".*y = y\.reshape\(-1\)\.long\(\)"
    )
    with pytest.raises(ValueError, match=message):
        fit(mlp([4, 3]), x, y.float().reshape(-1, 1), loss_fn=nn.CrossEntropyLoss(), epochs=1)


def test_fit_keeps_integer_labels_as_int64_whatever_their_int_type():
    x, y = three_classes()
    results = []
    for labels in (y, y.int(), y.numpy().astype(np.int32), y.tolist()):
        torch.manual_seed(0)
        hist = fit(mlp([4, 3]), x, labels, loss_fn=nn.CrossEntropyLoss(), epochs=3)
        results.append(numbers(hist))
    assert all(r == results[0] for r in results) and len(results[0][2]) == 4  # 15 numbers: recorded


@pytest.mark.parametrize("loss_fn", [nn.CrossEntropyLoss(), nn.NLLLoss()], ids=["CE", "NLL"])
def test_fit_raises_on_labels_outside_the_model_classes(loss_fn):
    x, y = three_classes()
    message = r"labels in y must be in \[0, 3\).*got \[3\].*labels 1\.\.3: y - 1"
    with pytest.raises(ValueError, match=message):
        fit(mlp([4, 3]), x, y + 1, loss_fn=loss_fn, epochs=1)


# ---- bad input found by tests/test_bad_input_sweep.py ----------------------------------------


def test_fit_checks_the_data_and_optimizer_once_not_on_every_step(data, monkeypatch):
    calls = {"check_in_features": 0, "check_optimizer": 0}
    for name in calls:
        real = getattr(validate_training, name)

        def counted(*args, _real=real, _name=name, **kwargs):
            calls[_name] += 1
            return _real(*args, **kwargs)

        monkeypatch.setattr(validate_training, name, counted)
    hist = fit(linear_model(0.0, 0.0), *data, lr=1e-3, epochs=3, batch_size=10, val=data)
    assert len(hist.step_loss) == 30  # 30 updates, yet each check ran once (x and x_val)
    assert calls == {"check_in_features": 2, "check_optimizer": 1}


def test_train_step_names_xb_and_yb_in_its_errors(data):
    x, y = data
    model = linear_model(0.3, 0.1)
    optimizer = optim.SGD(model.parameters(), lr=0.1)
    with pytest.raises(
        ValueError,
        match=r"^predictions model\(xb\) have shape \(100, 1\) but targets yb "
        r"have shape \(100,\).*Fix: .*yb = yb\.reshape\(-1, 1\)",
    ):
        train_step(model, nn.MSELoss(), optimizer, x, y.reshape(-1))
    with pytest.raises(ValueError, match=r"^xb has 2 feature column\(s\).*expects 1"):
        train_step(model, nn.MSELoss(), optimizer, torch.cat([x, x], dim=1), y)
    assert get_params(model) == pytest.approx({"w": 0.3, "b": 0.1})  # nothing was updated


def test_train_step_converts_lists_as_fit_does(data):
    x, y = data
    a, b = linear_model(0.3, 0.1), linear_model(0.3, 0.1)
    loss_a = train_step(a, nn.MSELoss(), optim.SGD(a.parameters(), lr=0.01), x, y)
    loss_b = train_step(
        b, nn.MSELoss(), optim.SGD(b.parameters(), lr=0.01), x.double().tolist(), y.numpy()
    )
    assert loss_a == loss_b and params_equal(a, b)


def test_train_step_refuses_an_optimizer_built_for_another_model(data):
    model = linear_model(0.3, 0.1)
    stale = optim.SGD(linear_model().parameters(), lr=0.1)  # the model was created again
    with pytest.raises(ValueError, match="holds none of this model's parameters"):
        train_step(model, nn.MSELoss(), stale, *data)
    with pytest.raises(TypeError, match="^optimizer must be a torch.optim optimizer"):
        train_step(model, nn.MSELoss(), None, *data)
    subset = optim.SGD([model.bias], lr=0.1)  # training only part of a model is allowed
    train_step(model, nn.MSELoss(), subset, *data)
    assert model.weight.item() == pytest.approx(0.3) and model.bias.item() != pytest.approx(0.1)


def test_accuracy_refuses_labels_the_model_cannot_output():
    x, y = three_classes()
    with pytest.raises(
        ValueError, match=r"labels in y must be in \[0, 3\).*got \[3\].*labels 1\.\.3: y - 1"
    ):
        accuracy(mlp([4, 3]), x, y + 1)
    with pytest.raises(ValueError, match=r"^x has 5 feature column\(s\).*expects 4"):
        accuracy(mlp([4, 3]), torch.cat([x, x[:, :1]], dim=1), y)


@pytest.mark.parametrize(
    "kwargs, err, match",
    [
        ({"loss_fn": "mse"}, TypeError, r"^loss_fn must be callable, such as nn\.MSELoss\(\)"),
        ({"callbacks": [lambda h, m: None, 1]}, TypeError, r"^each of callbacks must be callable"),
        ({"callbacks": 1}, TypeError, r"^callbacks must be a list"),
        ({"seed": "a"}, TypeError, r"^seed must be an int"),
        (
            {"device": "gpu"},
            ValueError,
            r"^device='gpu' is not a device name; use 'cpu', 'cuda' or 'mps'",
        ),
    ],
    ids=["loss_fn", "callback", "callbacks", "seed", "device"],
)
def test_fit_refuses_bad_arguments_before_training(data, kwargs, err, match):
    model = linear_model(0.3, 0.1)
    with pytest.raises(err, match=match):
        fit(model, *data, epochs=2, batch_size=10, **kwargs)
    assert get_params(model) == pytest.approx({"w": 0.3, "b": 0.1})


def test_fit_checks_predictions_against_targets_once_not_every_batch(data, monkeypatch):
    """The checks of each batch cost 6-17% of a classifier's epoch: fit makes them once,
    before its loop, for the training data and once for the validation data."""
    calls = []
    real = validate_training.check_loss_inputs
    monkeypatch.setattr(
        validate_training, "check_loss_inputs", lambda *a: calls.append(a[3]) or real(*a)
    )
    x, y = three_classes()
    fit(mlp([4, 8, 3]), x, y, loss_fn=nn.CrossEntropyLoss(), epochs=3, batch_size=10, val=(x, y))
    assert [names[2] for names in calls] == ["y", "y_val"]  # not 3 epochs x 9 batches + 3 val


def test_fit_finds_a_bad_label_in_the_last_batch_before_any_update():
    x, y = three_classes()
    y[-1] = 3  # only the last sample is wrong: the label range is checked on all of y, up front
    torch.manual_seed(0)
    model = mlp([4, 8, 3])
    before = [p.clone() for p in model.parameters()]
    with pytest.raises(ValueError, match=r"^class labels in y must be in \[0, 3\).*got \[3\]"):
        fit(model, x, y, loss_fn=nn.CrossEntropyLoss(), epochs=2, batch_size=8, shuffle=False)
    assert all(torch.equal(p, q) for p, q in zip(model.parameters(), before))


@pytest.mark.parametrize(
    "bad_val,match",
    [
        (
            lambda x, y: (x, y.reshape(-1)),
            r"^predictions model\(x_val\) have shape \(100, 1\) "
            r"but targets y_val have shape \(100,\)"
            r".*y_val = y_val\.reshape\(-1, 1\)",
        ),
        (
            lambda x, y: (x[:10], torch.cat([y, y], 1)[:10]),
            r"^predictions model\(x_val\) have shape \(10, 1\) "
            r"but targets y_val have shape \(10, 2\)",
        ),
    ],
)
def test_fit_names_the_validation_targets_and_stops_before_the_first_epoch(data, bad_val, match):
    x, y = data
    model = linear_model(0.3, 0.1)
    epochs = []
    with pytest.raises(ValueError, match=match):
        fit(model, x, y, epochs=3, val=bad_val(x, y), callbacks=[lambda h, m: epochs.append(1)])
    assert epochs == [] and get_params(model) == pytest.approx({"w": 0.3, "b": 0.1})


def test_fit_names_validation_labels_out_of_range():
    x, y = three_classes()
    with pytest.raises(ValueError, match=r"^class labels in y_val must be in \[0, 3\).*y_val - 1"):
        fit(mlp([4, 8, 3]), x, y, loss_fn=nn.CrossEntropyLoss(), epochs=1, val=(x, y + 1))


def test_fit_reports_the_shapes_of_all_of_x_and_y():
    """fit checks the first rows' predictions (cheap), but the message shows all of x and y."""
    x = torch.randn(600, 4, generator=torch.Generator().manual_seed(0))
    with pytest.raises(
        ValueError, match=r"have shape \(600, 1\) but targets y have shape \(600,\)"
    ):
        fit(nn.Linear(4, 1), x, x[:, 0], epochs=1)


def test_fit_checks_every_label_not_only_those_of_the_first_rows():
    x = torch.randn(600, 4, generator=torch.Generator().manual_seed(0))
    y = torch.zeros(600, dtype=torch.long)
    y[599] = 5
    with pytest.raises(ValueError, match=r"^class labels in y must be in \[0, 3\).*got \[5\]"):
        fit(nn.Linear(4, 3), x, y, loss_fn=nn.CrossEntropyLoss(), epochs=1)
