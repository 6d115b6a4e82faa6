"""The exercise checkers: each passes on the reference answer (printing one "Correct:" line)
and, for each common mistake it claims to recognise, fails with the hint aimed at it.

The wrong answers below are written the way learners write them; the hints are matched by a
phrase that only that hint contains.
"""

from __future__ import annotations

import contextlib
import io
import math
import re

import matplotlib

matplotlib.use("Agg")  # the exercises draw one figure; no window in a test run

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
import torch  # noqa: E402
from torch import nn, optim  # noqa: E402

from course_utils import checks  # noqa: E402
from course_utils.gradients import gradient_descent  # noqa: E402
from course_utils.training import TrainingDiverged  # noqa: E402
from scripts.build_notebooks import exercise_cells, lesson_sources, read_cells  # noqa: E402

# Each lesson's exercises, found in its source by the build script's one rule (exercise_cells:
# from the "## Exercises" cell to the end); lessons without exercises are left out.
EXERCISES = {
    src.stem: cells for src in lesson_sources() if (cells := exercise_cells(read_cells(src)))
}


def passes(check, *answer, capsys) -> None:
    check(*answer)
    out = capsys.readouterr().out
    assert out.startswith("Correct:") and out.count("\n") == 1, out


def fails(check, *answer, hint: str) -> None:
    with pytest.raises(AssertionError, match=re.escape(hint)):
        check(*answer)


# ------------------------------------------------------------------ 01


def grad_no_bias(x, y, w):
    return 2 * np.mean((w * x - y) * x)


def test_grad_no_bias_accepts_the_reference_and_a_tensor(capsys):
    passes(checks.check_grad_no_bias, grad_no_bias, capsys=capsys)
    as_tensor = lambda x, y, w: torch.tensor(grad_no_bias(x, y, w))  # noqa: E731
    passes(checks.check_grad_no_bias, as_tensor, capsys=capsys)


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (
            lambda x, y, w: np.mean((w * x - y) * x),
            "factor 2 from differentiating the square is missing",
        ),
        (lambda x, y, w: 2 * np.mean((y - w * x) * x), "wrong sign"),
        (lambda x, y, w: np.mean((y - w * x) * x), "Wrong sign AND half"),
        (lambda x, y, w: 2 * np.sum((w * x - y) * x), "you summed over the samples"),
        (lambda x, y, w: 2 * np.mean((w * x - y) * x) / len(x), "you divided by N twice"),
        (lambda x, y, w: 2 * np.mean(w * x - y), "inner derivative is missing"),
        (
            lambda x, y, w: 2 * np.mean((w * x - y) * x**2),
            "Compare your function with numerical_grad",
        ),
        (lambda x, y, w: None, "a missing `return`"),
        (lambda x, y, w: (w * x - y) * x, "should be one number"),
    ],
)
def test_grad_no_bias_names_the_mistake(wrong, hint):
    fails(checks.check_grad_no_bias, wrong, hint=hint)


def test_checkers_want_the_function_not_its_value():
    fails(checks.check_grad_no_bias, 1.5, hint="Pass the function itself")


def gd_step(x, y, w, b, lr):
    err = w * x + b - y
    return w - lr * 2 * np.mean(err * x), b - lr * 2 * np.mean(err)


def gd_step_sequential(x, y, w, b, lr):
    w = w - lr * 2 * np.mean((w * x + b - y) * x)
    return w, b - lr * 2 * np.mean(w * x + b - y)  # b's gradient at the new w


def test_gd_step_accepts_the_reference_and_a_tensor(capsys):
    passes(checks.check_gd_step, gd_step, capsys=capsys)
    passes(checks.check_gd_step, lambda *a: torch.tensor(gd_step(*a)), capsys=capsys)


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (
            lambda x, y, w, b, lr: tuple(2 * np.array([w, b]) - gd_step(x, y, w, b, lr)),
            "stepped uphill",
        ),
        (lambda x, y, w, b, lr: gd_step(x, y, w, b, 1.0), "learning rate is missing"),
        (lambda x, y, w, b, lr: gd_step(x, y, w, b, lr / 2), "half the right one"),
        (gd_step_sequential, "after w had already moved"),
        (lambda x, y, w, b, lr: (gd_step(x, y, w, b, lr)[0], b), "b did not change"),
        (lambda x, y, w, b, lr: gd_step(x, y, w, b, lr)[0], "should be 2 numbers"),
        (lambda x, y, w, b, lr: gd_step(x, y, b, w, lr), "Not one gradient-descent step"),
        (lambda x, y, w, b, lr: gd_step(x, y, w, b, lr * len(x)), "you summed over the samples"),
    ],
)
def test_gd_step_names_the_mistake(wrong, hint):
    fails(checks.check_gd_step, wrong, hint=hint)


def _edge_by_experiment() -> float:
    """The learner's way: bisect on whether a long GD run ends below where it started."""
    from course_utils import make_linear_data

    x, y = make_linear_data()

    def converges(lr: float) -> bool:
        try:
            h = gradient_descent(x, y, lr=lr, epochs=2000)
        except TrainingDiverged:
            return False
        return h.loss[-1] < h.loss[0]

    low, high = 0.001, 1.0
    for _ in range(14):
        mid = (low + high) / 2
        low, high = (mid, high) if converges(mid) else (low, mid)
    return low


def test_lr_max_accepts_the_edge_found_by_experiment_to_two_digits(capsys):
    edge = _edge_by_experiment()
    passes(checks.check_lr_max, float(f"{edge:.2g}"), capsys=capsys)
    passes(checks.check_lr_max, torch.tensor(edge), capsys=capsys)


@pytest.mark.parametrize(
    "factor, hint",
    [
        (1.5, "diverges on this data"),
        (0.5, "zig-zag"),
        (0.1, "still converges"),
        (-1.0, "must be positive"),
    ],
)
def test_lr_max_names_the_mistake(factor, hint):
    fails(checks.check_lr_max, factor * 0.0314, hint=hint)


def test_lr_max_wants_a_number():
    fails(checks.check_lr_max, "0.03", hint="should be a number")


# ------------------------------------------------------------------ 02


def autograd_grads(x, y, w, b):
    w.grad = b.grad = None
    ((w * x + b - y) ** 2).mean().backward()
    return w.grad, b.grad


def test_autograd_grad_accepts_the_reference_and_floats(capsys):
    passes(checks.check_autograd_grad, autograd_grads, capsys=capsys)
    passes(
        checks.check_autograd_grad, lambda *a: [g.item() for g in autograd_grads(*a)], capsys=capsys
    )


def grads_accumulating(x, y, w, b):
    ((w * x + b - y) ** 2).mean().backward()
    return w.grad.clone(), b.grad.clone()


def grads_summed(x, y, w, b):
    w.grad = b.grad = None
    ((w * x + b - y) ** 2).sum().backward()
    return w.grad, b.grad


def grads_broadcast(x, y, w, b):
    w.grad = b.grad = None
    ((w * x + b - y.reshape(-1)) ** 2).mean().backward()  # (N, 1) - (N,) -> (N, N)
    return w.grad, b.grad


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (grads_accumulating, "sum of all past gradients"),
        (grads_summed, "you summed over the samples"),
        (grads_broadcast, "broadcast silently to (N, N)"),
        (lambda x, y, w, b: (w.grad, b.grad), "already in .grad: call loss.backward()"),
        (
            lambda x, y, w, b: [setattr(w, "grad", None), w.grad, b.grad][1:],
            "a .grad read before backward()",
        ),
        (lambda x, y, w, b: [g / 2 for g in autograd_grads(x, y, w, b)], "Half the true gradient"),
        (lambda x, y, w, b: [-g for g in autograd_grads(x, y, w, b)], "Not the gradient of mean("),
    ],
)
def test_autograd_grad_names_the_mistake(wrong, hint):
    fails(checks.check_autograd_grad, wrong, hint=hint)


def test_float32_tensor_accepts_modern_constructors(capsys):
    passes(
        checks.check_float32_tensor,
        lambda a: torch.as_tensor(a, dtype=torch.float32),
        capsys=capsys,
    )
    passes(checks.check_float32_tensor, lambda a: torch.from_numpy(a).float(), capsys=capsys)


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (torch.from_numpy, "float64"),
        (torch.tensor, "float64"),
        (
            lambda a: (
                torch.from_numpy(a)
                if a.dtype.kind == "i"
                else torch.as_tensor(a, dtype=torch.float32)
            ),
            "integer tensors cannot require gradients",
        ),
        (lambda a: a.astype(np.float32), "returned a NumPy array"),
        (lambda a: torch.as_tensor(a, dtype=torch.float16), "the course uses torch.float32"),
        (lambda a: torch.as_tensor(a, dtype=torch.float32).reshape(-1, 1), "The shape changed"),
        (lambda a: torch.as_tensor(a, dtype=torch.float32) / 2, "The values changed"),
        (lambda a: a.tolist(), "Return a torch.Tensor"),
    ],
)
def test_float32_tensor_names_the_mistake(wrong, hint):
    fails(checks.check_float32_tensor, wrong, hint=hint)


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


# ------------------------------------------------------------------ 06


def test_epoch_loss_accepts_the_weighted_mean(capsys):
    passes(checks.check_epoch_loss, lambda ls, ns: np.dot(ls, ns) / np.sum(ns), capsys=capsys)
    passes(
        checks.check_epoch_loss,
        lambda ls, ns: torch.tensor(ls) @ torch.tensor(ns, dtype=torch.float) / sum(ns),
        capsys=capsys,
    )


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (lambda ls, ns: np.mean(ls), "plain mean of the batch losses"),
        (lambda ls, ns: np.dot(ls, ns), "Off by N"),
        (lambda ls, ns: np.dot(ls, ns) / len(ls), "divided by the number of batches"),
        (lambda ls, ns: sum(ls), "added the batch losses up"),
        (lambda ls, ns: max(ls), "size-weighted mean"),
    ],
)
def test_epoch_loss_names_the_mistake(wrong, hint):
    fails(checks.check_epoch_loss, wrong, hint=hint)


def test_updates_per_epoch_accepts_the_reference(capsys):
    passes(
        checks.check_updates_per_epoch,
        lambda n, bs, drop: n // bs if drop else -(-n // bs),
        capsys=capsys,
    )


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (lambda n, bs, drop: n // bs, "still a batch and still an update"),
        (lambda n, bs, drop: math.ceil(n / bs), "drops the incomplete last batch"),
        (lambda n, bs, drop: n / bs, "whole number"),
        (lambda n, bs, drop: n // bs - 1, "Count the batches"),
    ],
)
def test_updates_per_epoch_names_the_mistake(wrong, hint):
    fails(checks.check_updates_per_epoch, wrong, hint=hint)


# ------------------------------------------------------------------ 07


@pytest.fixture(scope="module")
def wine():
    """The lesson's recipe, trained once: a standardised split and an MLP above 0.9."""
    from course_utils import set_seed
    from course_utils.data import Standardizer, load_wine, train_val_split
    from course_utils.models import mlp
    from course_utils.training import fit

    data = load_wine()
    (x_tr, y_tr), (x_val, y_val) = train_val_split(data.x, data.y, seed=0, stratify=True)
    scaler = Standardizer().fit(x_tr)
    set_seed(0)
    model = mlp([13, 10, 10, 3])
    fit(
        model,
        scaler.transform(x_tr),
        y_tr,
        loss_fn=nn.CrossEntropyLoss(),
        optimizer=optim.Adam(model.parameters(), lr=1e-3),
        epochs=150,
        batch_size=32,
    )
    return model, scaler.transform(x_val), y_val, x_val


def test_wine_accuracy_accepts_the_trained_mlp(wine, capsys):
    model, x_val_s, y_val, _ = wine
    passes(checks.check_wine_accuracy, model, x_val_s, y_val, capsys=capsys)
    assert model.training  # the checker puts the model back in the mode it found it in


def test_wine_accuracy_names_the_mistake(wine):
    model, x_val_s, y_val, x_val_raw = wine
    torch.manual_seed(1)
    softmax_model = nn.Sequential(nn.Linear(13, 3), nn.Softmax(dim=1))
    fails(checks.check_wine_accuracy, softmax_model, x_val_s, y_val, hint="ends with a softmax")
    fails(checks.check_wine_accuracy, model, x_val_raw, y_val, hint="x_val is not standardised")
    one_class = nn.Linear(13, 3)
    with torch.no_grad():
        one_class.weight.zero_()
        one_class.bias.copy_(torch.tensor([5.0, 0.0, 0.0]))
    fails(checks.check_wine_accuracy, one_class, x_val_s, y_val, hint="same class for every sample")
    fails(checks.check_wine_accuracy, nn.Linear(13, 1), x_val_s, y_val, hint="(N, 3)")
    fails(checks.check_wine_accuracy, model, x_val_s, y_val.float(), hint="integer class labels")
    fails(
        checks.check_wine_accuracy, model, x_val_s[:10], y_val[:10], hint="whole validation split"
    )
    fails(checks.check_wine_accuracy, model.state_dict(), x_val_s, y_val, hint="an nn.Module")
    fails(checks.check_wine_accuracy, model, x_val_s.numpy(), y_val, hint="a (N, 13) tensor")
    fails(checks.check_wine_accuracy, model, x_val_s[:, :12], y_val, hint="a (N, 13) tensor")
    untrained = nn.Linear(13, 3)
    with torch.no_grad():
        untrained.weight.copy_(torch.linspace(-1, 1, 39).reshape(3, 13))
    fails(checks.check_wine_accuracy, untrained, x_val_s, y_val, hint="below 0.9")


def test_accuracy_from_logits_accepts_logits_or_probabilities(capsys):
    passes(
        checks.check_accuracy_from_logits,
        lambda z, y: (z.argmax(dim=1) == y).float().mean(),
        capsys=capsys,
    )
    passes(
        checks.check_accuracy_from_logits,
        lambda z, y: float((z.softmax(dim=1).argmax(dim=1) == y).sum()) / len(y),
        capsys=capsys,
    )


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (lambda z, y: (z.argmax(dim=0) == y).float().mean(), "argmax(dim=0) picks"),
        (lambda z, y: (z.argmax(dim=1, keepdim=True) == y).float().mean(), "Drop keepdim"),
        (lambda z, y: (z.argmax(dim=1) == y).sum(), "number of correct predictions"),
        (lambda z, y: 100 * (z.argmax(dim=1) == y).float().mean(), "not a percentage"),
        (lambda z, y: (z.argmax(dim=1) != y).float().mean(), "error rate"),
        (lambda z, y: (z.argmax(dim=1)[:-1] == y[:-1]).float().mean(), "Accuracy is"),
    ],
)
def test_accuracy_from_logits_names_the_mistake(wrong, hint):
    fails(checks.check_accuracy_from_logits, wrong, hint=hint)


def test_accuracy_from_logits_turns_a_shape_error_into_a_hint():
    def argmax_dim0_unless_square(z, y):  # right on 3 samples, 3 predictions for 8 labels otherwise
        return (z.argmax(dim=1 if len(y) == 3 else 0) == y).float().mean()

    fails(checks.check_accuracy_from_logits, argmax_dim0_unless_square, hint="raised RuntimeError")


# ------------------------------------------------------------------ checkers and exercises


def _code_cells(lesson: str) -> list[str]:
    return [c["source"] for c in EXERCISES[lesson] if c["type"] == "code"]


def test_every_lesson_with_exercise_cells_has_them_under_its_exercises_heading():
    """The rule finds every lesson's exercises: none is left above its "## Exercises" cell."""
    assert EXERCISES, "no lesson source has an '## Exercises' section"
    for src in lesson_sources():
        cells = read_cells(src)
        found = exercise_cells(cells)
        above = cells[: len(cells) - len(found)]
        stray = [
            c["source"][:60]
            for c in above
            if "solution" in c["tags"]
            or re.search(r"\bcheck_\w+\(", c["source"])
            or c["source"].startswith("### Exercise")
        ]
        assert not stray, f"{src.name}: exercise cells above its '## Exercises' heading: {stray}"


def test_every_checker_is_used_by_an_exercise_and_every_exercise_check_exists():
    called = {
        name
        for lesson in EXERCISES
        for src in _code_cells(lesson)
        for name in re.findall(r"\b(check_\w+)\(", src)
    }
    public = {name for name in checks.__all__ if name.startswith("check_")}
    assert called == public
    assert all(callable(getattr(checks, name)) for name in checks.__all__)


@pytest.mark.parametrize("lesson", sorted(EXERCISES))
def test_lesson_exercises_have_task_solution_and_check_per_exercise(lesson):
    cells = EXERCISES[lesson]
    headings = [
        i
        for i, c in enumerate(cells)
        if c["type"] == "markdown" and c["source"].startswith("### Exercise")
    ]
    assert 2 <= len(headings) <= 4
    for n, i in enumerate(headings, 1):
        assert cells[i]["source"].startswith(f"### Exercise {n}: ")
        assert "Why it matters" in cells[i]["source"]
        solution, check = cells[i + 1], cells[i + 2]
        assert solution["tags"] == ["solution"], (lesson, n)
        assert re.fullmatch(r"check_\w+\([^\n]*\)", check["source"]), (lesson, n, check["source"])


@pytest.mark.parametrize("lesson", sorted(EXERCISES))
def test_lesson_exercise_solutions_pass_their_checks(lesson):
    """A lesson's exercises run on their own (the lesson's cells are not needed) and every check
    says Correct."""
    namespace: dict = {}
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        for src in _code_cells(lesson):
            exec(compile(src, f"notebooks/src/{lesson}.py", "exec"), namespace)
    plt.close("all")
    n_exercises = sum(
        c["type"] == "markdown" and c["source"].startswith("### Exercise ")
        for c in EXERCISES[lesson]
    )
    assert (
        out.getvalue().count("\nCorrect: ") + out.getvalue().startswith("Correct: ") == n_exercises
    ), out.getvalue()
