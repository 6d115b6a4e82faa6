"""Checkers for the exercises at the end of each notebook: one ``check_*`` per exercise.

A checker takes the learner's answer (a function, a number or a model), computes the
reference answer itself and compares. When the answer is right it prints one short line
starting with "Correct:". This is the one place where the library prints: a check cell
exists to tell the learner something. When the answer is wrong it raises ``AssertionError``
with a hint. The checker recognises common mistakes by how the answer relates to the truth
(half of it: a missing factor 2; minus it: a sign error; N times it: a sum instead of a
mean; the sum of past gradients: a forgotten ``zero_grad``; ...). Anything else gets a
general hint.

Checkers use their own small data and never touch the global random number generators.
"""

from __future__ import annotations

import math
import warnings
from typing import Any, Callable, Sequence

import numpy as np
import torch
from torch import nn

__all__ = [
    "check_grad_no_bias", "check_gd_step", "check_lr_max",                         # 01
    "check_autograd_grad", "check_float32_tensor",                                 # 02
    "check_zero_grad_loop", "check_grad_accumulation",                             # 03
    "check_training_loop", "check_loss_shapes", "check_lr_standardised",           # 04
    "check_first_epoch_within", "check_plot_distance",                             # 05
    "check_epoch_loss", "check_updates_per_epoch",                                 # 06
    "check_wine_accuracy", "check_accuracy_from_logits",                           # 07
]

# ------------------------------------------------------------------ shared helpers


def _ok(message: str) -> None:
    print(f"Correct: {message}")


def _describe(value: Any) -> str:
    shape = getattr(value, "shape", None)
    return type(value).__name__ + (f" of shape {tuple(shape)}" if shape is not None else "")


def _need_callable(fn: Any, example: str) -> None:
    if not callable(fn):
        raise AssertionError(f"Pass the function itself, as in {example}, not the result of "
                             f"calling it (got {_describe(fn)}).")


def _number(value: Any, what: str) -> float:
    """A float from a Python/NumPy number or a one-element array/tensor (detached)."""
    if value is None:
        raise AssertionError(f"{what} is None: a missing `return`, or a .grad read before backward()?")
    if isinstance(value, torch.Tensor):
        value = value.detach().cpu().numpy()
    if isinstance(value, bool) or not isinstance(value, (int, float, np.number, np.ndarray)):
        raise AssertionError(f"{what} should be a number (a float or a one-element tensor), "
                             f"got {_describe(value)}.")
    arr = np.asarray(value, dtype=np.float64)
    if arr.size != 1:
        raise AssertionError(f"{what} should be one number, got {arr.size} (shape {arr.shape}).")
    return float(arr.reshape(()))


def _numbers(value: Any, count: int, what: str, example: str) -> np.ndarray:
    if isinstance(value, (torch.Tensor, np.ndarray)) and value.ndim == 1:
        value = list(value)
    if not isinstance(value, (tuple, list)) or len(value) != count:
        raise AssertionError(f"{what} should be {count} numbers ({example}), got {_describe(value)}.")
    return np.array([_number(v, f"{what}[{i}]") for i, v in enumerate(value)])


def _close(a: Any, b: Any, rtol: float = 1e-4, atol: float = 1e-6) -> bool:
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=rtol, atol=atol))


def _verdict(got: Any, truth: Any, mistakes: Sequence[tuple[Any, str]], fallback: str,
             detail: str = "", **tol: float) -> None:
    """Return when ``got`` matches ``truth``; else raise the hint of the first mistake it matches."""
    if _close(got, truth, **tol):
        return
    hint = next((h for wrong, h in mistakes if wrong is not None and _close(got, wrong, **tol)), fallback)
    raise AssertionError(hint + detail)


def _fmt(v: Any) -> str:
    return np.array2string(np.asarray(v, dtype=float), precision=4) if np.ndim(v) else f"{float(v):.4g}"


def _line_data(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The lessons' kind of data, y = 2x + 1 + noise, as float64 (n,) arrays (a local generator)."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(0.0, 10.0, n)
    return x, 2.0 * x + 1.0 + rng.normal(0.0, 1.5, n)


def _col(a: np.ndarray) -> torch.Tensor:
    return torch.tensor(a, dtype=torch.float32).reshape(-1, 1)


def _line_model(w0: float, b0: float) -> nn.Linear:
    model = nn.utils.skip_init(nn.Linear, 1, 1)  # skip_init: no draw from the global RNG
    with torch.no_grad():
        model.weight.fill_(w0)
        model.bias.fill_(b0)
    return model


def _params(model: nn.Module) -> np.ndarray:
    return np.concatenate([p.detach().numpy().reshape(-1) for p in model.parameters()]).astype(float)


_ZERO_GRAD_HINT = ("Your gradients grow like the sum of all past gradients: backward() ADDS into "
                  ".grad. Clear them before each backward(): set w.grad = None and b.grad = None "
                  "(in a loop with an optimizer: optimizer.zero_grad()) at the start of every step.")
_SHAPE_HINT = ("Shapes (N, 1) and (N,) broadcast silently to (N, N): every prediction is compared "
              "with every target. Give both the same shape: y.reshape(-1, 1) (or flatten both "
              "with .reshape(-1)).")


def _sum_hint(n: int, what: str = "gradient") -> str:
    return (f"Your {what} is N = {n} times too large: you summed over the samples. The loss is "
            f"a mean, so use .mean() (np.mean), or divide the sum by N.")


# ------------------------------------------------------------------ 01 NumPy gradients


def check_grad_no_bias(fn: Callable[..., Any]) -> None:
    """``fn(x, y, w)`` returns dL/dw for y_hat = w x, L = mean((w x - y)^2). Introduced in notebook 01."""
    _need_callable(fn, "check_grad_no_bias(grad_w_no_bias)")
    for n, seed, w in [(7, 1, 0.5), (13, 2, 3.0)]:
        x, y = _line_data(n, seed)
        err = w * x - y
        truth = 2.0 * np.mean(err * x)
        got = _number(fn(x.copy(), y.copy(), w), "The returned gradient")
        _verdict(got, truth, [
            (truth / 2, "Your gradient is half the true one: the factor 2 from differentiating "
                        "the square is missing (d/dw (w*x - y)**2 = 2*(w*x - y)*x)."),
            (-truth, "Your gradient has the wrong sign: write the error as prediction minus "
                     "target, w*x - y (with y - w*x the chain rule adds a factor -1)."),
            (-truth / 2, "Wrong sign AND half the size: use the error w*x - y (prediction minus "
                         "target) and keep the factor 2 from the square."),
            (n * truth, _sum_hint(n)),
            (truth / n, f"Your gradient is N = {n} times too small: you divided by N twice "
                        "(np.mean already divides by N)."),
            (2.0 * np.mean(err), "The inner derivative is missing: d(w*x)/dw = x, so multiply "
                                 "each error by its x before averaging."),
        ], "This is not dL/dw of L(w) = mean((w*x - y)**2). Compare your function with "
           "numerical_grad(lambda w: np.mean((w*x - y)**2), [w]) to find the difference.",
           f" (x with {n} samples, w={w}: got {got:.4g}, expected {truth:.4g})")
    _ok("dL/dw = 2 * mean((w*x - y) * x) for the model y_hat = w*x.")


def check_gd_step(fn: Callable[..., Any]) -> None:
    """``fn(x, y, w, b, lr)`` returns ``(w, b)`` after one gradient-descent step. Introduced in notebook 01."""
    _need_callable(fn, "check_gd_step(gd_step)")
    for n, seed, w, b, lr in [(9, 3, 0.5, 0.2, 0.01), (6, 4, 3.0, -1.0, 0.02)]:
        x, y = _line_data(n, seed)

        def grad(w_: float, b_: float) -> np.ndarray:
            err = w_ * x + b_ - y
            return np.array([2.0 * np.mean(err * x), 2.0 * np.mean(err)])

        g = grad(w, b)
        truth = np.array([w, b]) - lr * g
        got = _numbers(fn(x.copy(), y.copy(), w, b, lr), 2, "The returned step", "return w_new, b_new")
        _verdict(got, truth, [
            (np.array([w, b]) + lr * g, "You stepped uphill: the gradient points to where the "
                                        "loss grows, so subtract it: w - lr * dw, b - lr * db."),
            (np.array([w, b]) - g, "The learning rate is missing: the step is lr * gradient."),
            (np.array([w, b]) - lr * g / 2, "Your step is half the right one: the factor 2 "
                                            "from differentiating the square is missing."),
            (np.array([w, b]) - lr * n * g, _sum_hint(n)),
            (np.array([truth[0], b - lr * grad(truth[0], b)[1]]),
             "You updated b with a gradient computed after w had already moved. Compute both "
             "gradients at the old (w, b) first, then update both."),
            (np.array([truth[0], b]), "b did not change: update both parameters."),
        ], "Not one gradient-descent step. With e = w*x + b - y at the current (w, b): "
           "dw = 2*mean(e*x), db = 2*mean(e); return (w - lr*dw, b - lr*db).",
           f" (w={w}, b={b}, lr={lr}: got {_fmt(got)}, expected {_fmt(truth)})")
    _ok("both gradients at the old (w, b), then w -= lr*dw and b -= lr*db.")


def _lr_edge(x: Any) -> float:
    """2 / the largest eigenvalue of the MSE's Hessian for a line: GD converges below it."""
    xs = np.asarray(x, dtype=np.float64).reshape(-1)
    hessian = 2.0 * np.array([[np.mean(xs**2), np.mean(xs)], [np.mean(xs), 1.0]])
    return float(2.0 / np.linalg.eigvalsh(hessian).max())


def check_lr_max(lr_max: Any) -> None:
    """``lr_max``: the largest learning rate at which GD converges on ``make_linear_data()``.

    Accepted within 5%. Introduced in notebook 01.
    """
    from .data import make_linear_data

    edge = _lr_edge(make_linear_data()[0].numpy())
    lr = _number(lr_max, "lr_max")
    if not lr > 0:
        raise AssertionError(f"A learning rate must be positive (got {lr:g}): a negative one climbs the loss.")
    if lr > 1.05 * edge:
        raise AssertionError(f"With lr={lr:.3g} gradient descent diverges on this data: each step "
                             "overshoots the bottom of the valley by more than it started, so the "
                             "loss grows. The edge is lower.")
    if abs(lr - edge / 2) <= 0.05 * edge / 2:
        raise AssertionError(f"At lr={lr:.3g} the path starts to zig-zag across the valley, but the "
                             "loss still shrinks: overshooting is not diverging. The edge is about "
                             "twice as high: increase lr until the loss grows.")
    if lr < 0.95 * edge:
        raise AssertionError(f"Gradient descent still converges at lr={lr:.3g}: the edge is higher. "
                             "Increase lr in small steps until the loss grows instead of shrinking "
                             "(near the edge that takes many epochs to see).")
    _ok(f"GD converges on this data for lr below {edge:.4f} (= 2 / the loss's largest curvature).")


# ------------------------------------------------------------------ 02 autograd


def check_autograd_grad(fn: Callable[..., Any]) -> None:
    """``fn(x, y, w, b)`` returns (dL/dw, dL/db) of the MSE at leaf tensors ``w``, ``b`` via autograd.

    Called twice with the same ``w`` and ``b`` (as in a loop), which start with a stale
    ``.grad``. Introduced in notebook 02.
    """
    _need_callable(fn, "check_autograd_grad(autograd_grads)")
    w = torch.tensor(0.0, requires_grad=True)
    b = torch.tensor(0.0, requires_grad=True)
    w.grad, b.grad = torch.tensor(3.0), torch.tensor(-2.0)  # left over from an earlier backward()
    past = np.array([3.0, -2.0])
    for n, seed, w0, b0 in [(8, 5, 0.5, -1.0), (11, 6, 1.5, 0.5)]:
        x, y = _line_data(n, seed)
        with torch.no_grad():
            w.fill_(w0)
            b.fill_(b0)
        got = _numbers(fn(_col(x), _col(y), w, b), 2, "The returned gradients", "return dw, db")
        err = w0 * x + b0 - y
        truth = np.array([2.0 * np.mean(err * x), 2.0 * np.mean(err)])
        pairs = (w0 * x + b0)[:, None] - y[None, :]  # the (N, N) broadcast
        _verdict(got, truth, [
            (past, "These are the values that were already in .grad: call loss.backward() "
                   "before reading w.grad and b.grad."),
            (past + truth, _ZERO_GRAD_HINT),
            (n * truth, _sum_hint(n)),
            (np.array([2.0 * np.mean(pairs * x[:, None]), 2.0 * np.mean(pairs)]), _SHAPE_HINT),
            (truth / 2, "Half the true gradient: did you differentiate (w*x + b - y) instead of its square?"),
        ], "Not the gradient of mean((w*x + b - y)**2): build the loss from w and b with tensor "
           "operations, call loss.backward(), read w.grad and b.grad; compare with mse_grad.",
           f" (call with w={w0}, b={b0}: got {_fmt(got)}, expected {_fmt(truth)})", rtol=1e-3)
        past = past + truth
    _ok("loss.backward() gives the same gradient as the formula, once .grad is cleared first.")


def check_float32_tensor(fn: Callable[[np.ndarray], Any]) -> None:
    """``fn(a)`` turns a NumPy array into a float32 tensor of the same shape. Introduced in notebook 02."""
    _need_callable(fn, "check_float32_tensor(to_float32)")
    for a in [np.linspace(0.0, 1.0, 5), np.arange(6).reshape(3, 2), np.array([[1.5], [2.5]]),
              np.array([1.0, 2.0], dtype=np.float32)]:
        got = fn(a.copy())
        where = f" (input: {a.dtype} array of shape {a.shape})"
        if isinstance(got, np.ndarray):
            raise AssertionError("You returned a NumPy array; return a torch.Tensor, e.g. "
                                 "torch.as_tensor(a, dtype=torch.float32)." + where)
        if not isinstance(got, torch.Tensor):
            raise AssertionError(f"Return a torch.Tensor, got {_describe(got)}." + where)
        if got.dtype == torch.float64:
            raise AssertionError(
                "Your tensor is float64: torch.from_numpy and torch.tensor keep NumPy's float64. "
                "Models hold float32 weights (nn.Linear on float64 input raises 'mat1 and mat2 "
                "must have the same dtype'), and float32 needs half the memory. Use "
                "torch.as_tensor(a, dtype=torch.float32) or torch.from_numpy(a).float()." + where)
        if not got.is_floating_point():
            raise AssertionError(
                f"Your tensor is {got.dtype}: an integer array stays integer, and integer tensors "
                "cannot require gradients. Ask for dtype=torch.float32 explicitly." + where)
        if got.dtype != torch.float32:
            raise AssertionError(f"Your tensor is {got.dtype}; the course uses torch.float32." + where)
        if tuple(got.shape) != a.shape:
            raise AssertionError(f"The shape changed to {tuple(got.shape)}: convert the dtype only "
                                 "and keep the shape." + where)
        if not np.allclose(got.detach().cpu().numpy(), a):
            raise AssertionError("The values changed: convert the dtype, keep the numbers." + where)
    _ok("float32 tensors of the same shape and values, whatever NumPy dtype came in.")


# ------------------------------------------------------------------ 03 / 04 training loops


def _reference_run(x: torch.Tensor, y: torch.Tensor, lr: float, steps: int,
                   zero_grad: bool = True) -> tuple[np.ndarray, list[float]]:
    """Full-batch SGD from w=0.5, b=0: the final parameters and the loss of each step."""
    model = _line_model(0.5, 0.0)
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    losses = []
    for _ in range(steps):
        if zero_grad:
            optimizer.zero_grad()
        loss = nn.functional.mse_loss(model(x), y)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return _params(model), losses


def _check_trained(model: nn.Module, x: torch.Tensor, y: torch.Tensor, lr: float, steps: int) -> None:
    """The learner's loop trained ``model`` (started at w=0.5, b=0) for ``steps`` full-batch SGD steps."""
    got = _params(model)
    truth = _reference_run(x, y, lr, steps)[0]
    _verdict(got, truth, [
        (_reference_run(x, y, lr, steps, zero_grad=False)[0], _ZERO_GRAD_HINT),
        (np.array([0.5, 0.0]), "The parameters did not move: either zero_grad() runs between "
                               "backward() and step(), wiping the gradient the step needs, or "
                               "step() is never called. Order: zero_grad, forward, loss, "
                               "backward, step."),
        (_reference_run(x, y, lr, steps - 1)[0], f"Your loop made {steps - 1} updates instead of {steps}."),
        (_reference_run(x, y, lr, steps + 1)[0], f"Your loop made {steps + 1} updates instead of {steps}."),
    ], "The parameters differ from full-batch SGD with nn.MSELoss on the given model: use the "
       "model, x, y and lr you are given, one update per step.",
       f" (got w, b = {_fmt(got)}, expected {_fmt(truth)})", rtol=1e-5)


def check_zero_grad_loop(train_fn: Callable[..., Any]) -> None:
    """``train_fn(model, optimizer, loss_fn, x, y, steps)`` runs ``steps`` SGD updates. Introduced in notebook 03."""
    _need_callable(train_fn, "check_zero_grad_loop(train_fixed)")
    x, y = (_col(v) for v in _line_data(20, 7))
    lr, steps = 0.002, 6
    model = _line_model(0.5, 0.0)
    train_fn(model, torch.optim.SGD(model.parameters(), lr=lr), nn.MSELoss(), x, y, steps)
    _check_trained(model, x, y, lr, steps)
    _ok("zero_grad() before backward() (or after step()): every step uses only its own gradient.")


def check_grad_accumulation(fn: Callable[..., Any]) -> None:
    """``fn(model, loss_fn, x, y, k)`` leaves the full-batch gradient in ``.grad``, from k micro-batches.

    Introduced in notebook 03.
    """
    _need_callable(fn, "check_grad_accumulation(accumulate_grads)")
    for k in (3, 4):
        x, y = (_col(v) for v in _line_data(12, 8))
        model = _line_model(0.5, 0.0)
        for p in model.parameters():
            p.grad = torch.full_like(p, 3.0)  # left over from the previous optimizer step
        fn(model, nn.MSELoss(), x, y, k)
        if not _close(_params(model), [0.5, 0.0]):
            raise AssertionError("The parameters changed: this function only accumulates "
                                 "gradients; the optimizer step comes after it.")
        if any(p.grad is None for p in model.parameters()):
            raise AssertionError("A parameter has no .grad: call backward() on each micro-batch loss.")
        got = np.concatenate([p.grad.numpy().reshape(-1) for p in model.parameters()]).astype(float)

        def grad_of(xb: torch.Tensor, yb: torch.Tensor) -> np.ndarray:
            ref = _line_model(0.5, 0.0)
            nn.functional.mse_loss(ref(xb), yb).backward()
            return np.array([ref.weight.grad.item(), ref.bias.grad.item()])

        truth, last = grad_of(x, y), grad_of(x.chunk(k)[-1], y.chunk(k)[-1])
        only_last = ("Only the last micro-batch's gradient survived: zero_grad() inside the loop "
                     "wipes what was accumulated. Zero once, before the first micro-batch.")
        _verdict(got, truth, [
            (np.full(2, 3.0), "The .grad still holds the old values: call model.zero_grad(), "
                              "then backward() on each micro-batch loss."),
            (k * truth, f"Your gradient is k = {k} times the full-batch one: each micro-batch loss "
                        "is already a mean over its samples, so divide it by k before backward()."),
            (truth + 3.0, "Gradients left over from before are still in .grad: call "
                          "model.zero_grad() once before the first micro-batch."),
            (k * truth + 3.0, f"Two mistakes: the old .grad was kept (zero_grad once before the "
                              f"loop) and the micro-batch losses were not divided by k = {k}."),
            (last / k, only_last), (last, only_last),
        ], "The accumulated gradient differs from the full-batch one: zero_grad once, then for "
           "each of the k chunks (x.chunk(k)): (loss_fn(model(xb), yb) / k).backward().",
           f" (k={k}: got {_fmt(got)}, expected {_fmt(truth)})", rtol=1e-4)
    _ok("k micro-batches with loss / k accumulate exactly the full-batch gradient.")


def check_training_loop(train_fn: Callable[..., Any]) -> None:
    """``train_fn(model, x, y, lr, epochs)`` runs the 5-step loop and returns per-epoch losses.

    Introduced in notebook 04.
    """
    _need_callable(train_fn, "check_training_loop(train_loop)")
    x, y = (_col(v) for v in _line_data(20, 9))
    lr, epochs = 0.01, 5
    model = _line_model(0.5, 0.0)
    losses = train_fn(model, x, y, lr, epochs)
    _check_trained(model, x, y, lr, epochs)
    if not isinstance(losses, (list, tuple)) or len(losses) != epochs:
        size = f" of length {len(losses)}" if isinstance(losses, (list, tuple)) else ""
        raise AssertionError(f"Return a list with one loss per epoch ({epochs} numbers), got "
                             f"{_describe(losses)}{size}.")
    got = np.array([_number(v, "each returned loss") for v in losses])
    truth = _reference_run(x, y, lr, epochs)[1]
    _verdict(got, truth, [], "The parameters are right but the returned losses are not each "
             "epoch's loss: append loss.item() right after step 2 (the loss), before the update.",
             f" (got {_fmt(got)}, expected {_fmt(truth)})", rtol=1e-4)
    _ok("forward, loss, zero_grad, backward, step: the 5-step loop.")


def check_loss_shapes(loss_fn: Callable[..., Any]) -> None:
    """``loss_fn(y_pred, y)``: the MSE for (N, 1) predictions and (N,) or (N, 1) targets.

    Introduced in notebook 04.
    """
    _need_callable(loss_fn, "check_loss_shapes(mse_loss_fixed)")
    x, y = _line_data(6, 10)
    pred = 1.8 * x + 2.0
    for target in (torch.tensor(y, dtype=torch.float32), _col(y)):
        y_pred = _col(pred).requires_grad_()
        with warnings.catch_warnings():  # the broadcast warning: we give our own hint below
            warnings.simplefilter("ignore")
            got = _number(loss_fn(y_pred, target), "The returned loss")
        truth = float(np.mean((pred - y) ** 2))
        _verdict(got, truth, [
            (float(np.mean((pred[:, None] - y[None, :]) ** 2)), _SHAPE_HINT),
            (6 * truth, _sum_hint(6, "loss")),
            (math.sqrt(truth), "That is the root of the MSE (RMSE): drop the square root."),
        ], "Not the mean squared error: mean((y_pred - y)**2) with y_pred and y of the same shape.",
           f" (targets of shape {tuple(target.shape)}: got {got:.4g}, expected {truth:.4g})", rtol=1e-4)
    _ok("targets reshaped to the predictions' shape: no silent (N, N) broadcast.")


def check_lr_standardised(lr: Any) -> None:
    """``lr``: a learning rate with which 10 full-batch GD epochs from (w, b) = (0, 0) on the
    height/weight data with standardised x get the loss within 1% of its minimum.

    x is standardised with its mean and population standard deviation. Introduced in notebook 04.
    """
    from .data import height_weight

    x, y = (t.numpy().reshape(-1).astype(np.float64) for t in height_weight())
    x = (x - x.mean()) / x.std()
    epochs = 10

    def loss_after(rate: float) -> float:
        w = b = 0.0
        with np.errstate(over="ignore", invalid="ignore"):
            for _ in range(epochs):
                err = w * x + b - y
                w, b = w - rate * 2.0 * np.mean(err * x), b - rate * 2.0 * np.mean(err)
            return float(np.mean((w * x + b - y) ** 2))

    w_opt, b_opt = np.polyfit(x, y, 1)  # least squares: the minimum GD is heading for
    best, start = float(np.mean((w_opt * x + b_opt - y) ** 2)), float(np.mean(y**2))
    rate = _number(lr, "lr")
    if not rate > 0:
        raise AssertionError(f"A learning rate must be positive (got {rate:g}).")
    final = loss_after(rate)
    if final <= 1.01 * best:
        _ok(f"with lr={rate:g} the loss is {final:.2f} after {epochs} epochs (minimum {best:.2f}).")
        return
    if not math.isfinite(final) or final >= start:
        hint = ("This learning rate diverges (or never settles): with standardised x the loss "
                "curves the same in w and b (curvature 2), so GD converges only for lr < 2/2 = 1.")
    elif rate < 1e-3:
        hint = ("That is a learning rate for unscaled heights in cm. Standardised x makes the "
                "loss equally curved in every direction, so steps 10,000 times larger are safe.")
    elif rate < 0.5:
        hint = "Too small: the loss is still falling. Standardised inputs allow a larger lr."
    else:
        hint = "Too large: each step overshoots the minimum and bounces back. Try a smaller lr."
    raise AssertionError(f"{hint} (after {epochs} epochs the loss is {final:.4g}; within 1% of the "
                         f"minimum means below {1.01 * best:.2f})")


# ------------------------------------------------------------------ 05 watching the model learn


def _path_case() -> tuple[Any, float, float, np.ndarray]:
    from .gradients import closed_form, gradient_descent

    x, y = _line_data(30, 11)
    history = gradient_descent(x, y, lr=0.025, epochs=150)
    w_star, b_star = closed_form(x, y)
    path = np.array(history.param_path("w", "b"))
    return history, w_star, b_star, path - [w_star, b_star]


def _first_below(values: np.ndarray, tol: float) -> int | None:
    hits = np.flatnonzero(values < tol)
    return int(hits[0]) if hits.size else None


def check_first_epoch_within(fn: Callable[..., Any]) -> None:
    """``fn(history, w_star, b_star, tol)``: the first epoch k with params[k] within ``tol`` of the
    optimum (Euclidean distance in (w, b)), or None. Introduced in notebook 05.
    """
    _need_callable(fn, "check_first_epoch_within(first_epoch_within)")
    history, w_star, b_star, delta = _path_case()
    dist = np.hypot(delta[:, 0], delta[:, 1])
    for tol in (1.0, 0.5, float(dist.min()) / 2):
        truth = _first_below(dist, tol)
        got = fn(history, w_star, b_star, tol)
        detail = f" (tol={tol:.3g}: got {got}, expected {truth})"
        if truth is None and got is None:
            continue
        if truth is None:
            raise AssertionError("This path never gets within tol of the optimum: return None "
                                 "then, not a number (the run needs more epochs)." + detail)
        if got is None:
            raise AssertionError("You returned None, but the path does get within tol: check "
                                 "the comparison (distance < tol) and look at every entry of "
                                 "history.params, starting with params[0]." + detail)
        got = _number(got, "The returned epoch")
        off_by_one = ("Off by one: params[0] is the start (epoch 0) and params[k] is after "
                      "epoch k, so the epoch is the index into history.params.")
        _verdict(got, truth, [
            (truth + 1, off_by_one), (truth - 1, off_by_one),
            (_first_below(np.abs(delta[:, 0]), tol), "You measured the distance in w only: use "
                                                     "the distance in the (w, b) plane, "
                                                     "np.hypot(w - w_star, b - b_star)."),
        ], "Not the first epoch within tol: the distance of params[k] to (w_star, b_star) is "
           "np.hypot(w - w_star, b - b_star); return the first k where it is below tol.", detail)
    _ok("the first k with distance(params[k], optimum) < tol, or None when it never gets there.")


def check_plot_distance(fn: Callable[..., Any]) -> None:
    """``fn(history, w_star, b_star, ax)`` draws the distance to the optimum per epoch on a log
    scale on ``ax``. Introduced in notebook 05.
    """
    from matplotlib.figure import Figure  # a figure outside pyplot: nothing is displayed

    _need_callable(fn, "check_plot_distance(plot_distance)")
    history, w_star, b_star, delta = _path_case()
    dist = np.hypot(delta[:, 0], delta[:, 1])
    ax = Figure().add_subplot()
    fn(history, w_star, b_star, ax)
    lines = [(np.asarray(ln.get_xdata(), float), np.asarray(ln.get_ydata(), float)) for ln in ax.get_lines()]
    if not lines:
        raise AssertionError("Nothing was drawn on the Axes passed in: draw with ax.plot(...), "
                             "not plt.plot(...), which draws on another figure.")
    match = [(xd, yd) for xd, yd in lines if _close(yd, dist)]
    if not match:
        ydatas = [yd for _, yd in lines]
        for wrong, hint in [
            (dist**2, "That is the squared distance: take the square root, np.hypot(w - w_star, b - b_star)."),
            (np.array(history.loss), "You plotted the loss, not the distance of (w, b) to (w_star, b_star)."),
            (np.abs(delta[:, 0]), "That is the distance in w only: use np.hypot(w - w_star, b - b_star)."),
        ]:
            if any(_close(yd, wrong) for yd in ydatas):
                raise AssertionError(hint)
        raise AssertionError("No line shows the distance per epoch: for each params[k] compute "
                             "np.hypot(w - w_star, b - b_star) and plot it against k = 0, 1, ...")
    xd = match[0][0]
    if not _close(xd, np.arange(len(dist))):
        raise AssertionError("The line's x values are not the epochs 0, 1, ..., E: params[0] is "
                             "the start (epoch 0)" + (", so do not start at 1." if _close(xd, np.arange(1, len(dist) + 1)) else "."))
    if ax.get_yscale() != "log":
        raise AssertionError("Use a log scale (ax.set_yscale('log')): the distance shrinks by a "
                             "constant factor per epoch, a straight line on a log scale; on a "
                             "linear scale the later progress is invisible.")
    _ok("the distance falls as a straight line on a log scale: a constant factor per epoch.")


# ------------------------------------------------------------------ 06 mini-batches


def check_epoch_loss(fn: Callable[..., Any]) -> None:
    """``fn(batch_losses, batch_sizes)``: the epoch loss, batch losses weighted by batch size.

    Introduced in notebook 06.
    """
    _need_callable(fn, "check_epoch_loss(epoch_loss)")
    for losses, sizes in [([4.0, 2.0, 1.0, 9.0], [16, 16, 16, 4]), ([0.5, 3.0, 1.5], [10, 10, 3])]:
        l, s = np.array(losses), np.array(sizes, dtype=float)
        truth = float(np.sum(l * s) / s.sum())
        got = _number(fn(list(losses), list(sizes)), "The returned epoch loss")
        _verdict(got, truth, [
            (l.mean(), f"That is the plain mean of the batch losses: the small last batch "
                       f"({sizes[-1]} samples) counts as much as a full one. Weight each loss by "
                       "its batch size: sum(loss * size) / sum(size)."),
            (np.sum(l * s), f"Off by N: divide the weighted sum by the number of samples ({int(s.sum())})."),
            (np.sum(l * s) / len(l), "You divided by the number of batches; divide by the number of samples."),
            (l.sum(), "You added the batch losses up: weight each by its batch size and divide by the number of samples."),
        ], "Not the size-weighted mean of the batch losses: sum(loss * size) / sum(size).",
           f" (losses {losses}, sizes {sizes}: got {got:.4g}, expected {truth:.4g})")
    _ok("each batch loss weighted by its batch size: the mean over all samples.")


def check_updates_per_epoch(fn: Callable[..., Any]) -> None:
    """``fn(n, batch_size, drop_last)``: updates (batches) per epoch. Introduced in notebook 06."""
    from torch.utils.data import DataLoader, TensorDataset

    _need_callable(fn, "check_updates_per_epoch(updates_per_epoch)")
    for n, bs, drop in [(100, 16, False), (100, 16, True), (100, 100, False), (96, 16, False),
                        (10, 3, True), (100, 1, True)]:
        truth = len(DataLoader(TensorDataset(torch.zeros(n, 1)), batch_size=bs, drop_last=drop))
        got = _number(fn(n, bs, drop), "The returned count")
        detail = f" (n={n}, batch_size={bs}, drop_last={drop}: got {got:g}, expected {truth})"
        if got != int(got):
            raise AssertionError("A number of updates is a whole number: use n // batch_size or "
                                 "math.ceil(n / batch_size), not n / batch_size." + detail)
        _verdict(got, truth, [
            (n // bs, "With drop_last=False the last, smaller batch is still a batch and still an "
                      "update: round up, math.ceil(n / batch_size)."),
            (math.ceil(n / bs), "drop_last=True drops the incomplete last batch: round down, "
                                "n // batch_size."),
        ], "Count the batches: n // batch_size full ones, plus one smaller one unless drop_last "
           "is True or batch_size divides n.", detail)
    _ok("ceil(n / batch_size) updates, or n // batch_size with drop_last=True.")


# ------------------------------------------------------------------ 07 Wine classification


def check_wine_accuracy(model: Any, x_val: Any, y_val: Any) -> None:
    """``model`` reaches a validation accuracy >= 0.9 on the (standardised) Wine validation split.

    Introduced in notebook 07.
    """
    if not isinstance(model, nn.Module):
        raise AssertionError(f"Pass the trained model (an nn.Module), got {_describe(model)}.")
    if not isinstance(x_val, torch.Tensor) or x_val.ndim != 2 or x_val.shape[1] != 13:
        raise AssertionError(f"x_val should be the validation features, a (N, 13) tensor; got {_describe(x_val)}.")
    if not isinstance(y_val, torch.Tensor) or y_val.shape != (len(x_val),) or y_val.is_floating_point():
        raise AssertionError("y_val should be the integer class labels 0, 1, 2 of shape (N,) "
                             f"(not one-hot, not floats); got {_describe(y_val)}.")
    if len(x_val) < 20:
        raise AssertionError(f"Only {len(x_val)} validation samples: pass the whole validation split.")
    was_training = model.training
    model.eval()
    with torch.inference_mode():
        logits = model(x_val.float())
    model.train(was_training)
    if logits.shape != (len(x_val), 3):
        raise AssertionError(f"The model outputs shape {tuple(logits.shape)}; it should give 3 "
                             "numbers per sample (one logit per class): (N, 3).")
    pred = logits.argmax(dim=1)
    acc = float((pred == y_val).float().mean())
    if acc >= 0.9:
        _ok(f"validation accuracy {acc:.3f} >= 0.9.")
        return
    if bool((logits >= 0).all()) and torch.allclose(logits.sum(dim=1), torch.ones(len(logits)), atol=1e-4):
        hint = ("Your model ends with a softmax: CrossEntropyLoss applies log-softmax itself and "
                "wants raw logits. Remove the Softmax layer.")
    elif x_val.abs().mean(dim=0).max() > 5:
        hint = ("x_val is not standardised (some features are in the hundreds): fit a "
                "Standardizer on the training features and transform both splits with it.")
    elif bool((pred == pred[0]).all()):
        hint = ("The model predicts the same class for every sample: it has barely learned. "
                "Standardise the inputs, train for more epochs, and call zero_grad each step.")
    else:
        hint = ("Train for more epochs (Adam, lr=1e-3, batch 32), with inputs standardised by "
                "the training-set statistics and integer labels for CrossEntropyLoss.")
    raise AssertionError(f"Validation accuracy {acc:.3f} is below 0.9. {hint}")


def check_accuracy_from_logits(fn: Callable[..., Any]) -> None:
    """``fn(logits, y)``: the fraction of rows whose largest logit is at the true class.

    Introduced in notebook 07.
    """
    _need_callable(fn, "check_accuracy_from_logits(accuracy_from_logits)")
    gen = torch.Generator().manual_seed(12)
    square = torch.tensor([[1.0, 5.0, 0.0], [0.0, 4.0, 3.0], [2.0, 0.0, 1.0]])  # N = 3 = classes
    for logits, y in [(square, torch.tensor([1, 2, 2])),
                      (torch.randn(8, 3, generator=gen) * 2, torch.tensor([2, 2, 1, 0, 2, 1, 0, 0]))]:
        truth = float((logits.argmax(dim=1) == y).float().mean())
        try:
            out = fn(logits.clone(), y.clone())
        except RuntimeError as exc:
            raise AssertionError(f"Your function raised RuntimeError ({exc}). Predictions are "
                                 "logits.argmax(dim=1): one class per row, shape (N,) like y.") from exc
        got = _number(out, "The returned accuracy")
        n = len(y)
        _verdict(got, truth, [
            (float((logits.argmax(dim=0) == y).float().mean()) if n == 3 else None,
             "argmax(dim=0) picks, for each class, the sample with the largest logit. You want, "
             "for each sample, the class with the largest logit: logits.argmax(dim=1)."),
            (float((logits.argmax(dim=1, keepdim=True) == y).float().mean()),
             "argmax(..., keepdim=True) gives shape (N, 1); compared with y of shape (N,) it "
             "broadcasts to (N, N). Drop keepdim."),
            (n * truth, f"You returned the number of correct predictions; divide by N = {n}."),
            (100 * truth, "Return a fraction between 0 and 1, not a percentage."),
            (1 - truth, "That is the error rate: count the rows where the prediction equals y."),
        ], "Accuracy is (logits.argmax(dim=1) == y).float().mean().",
           f" (N={n}: got {got:.4g}, expected {truth:.4g})")
    _ok("argmax over the classes (dim=1); a softmax first would change nothing, it keeps the order.")
