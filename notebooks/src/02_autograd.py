# %% [markdown]
# # 02 · Tensors and autograd
#
# In lesson 01 we derived $\partial L/\partial w$ and $\partial L/\partial b$ by hand. PyTorch's
# **autograd** computes them for us, for any model built from tensor operations. Here we
# check that it gets exactly what we derived.
#
# **You will learn**
# - how to make tensors from NumPy arrays, and the float64 vs float32 pitfall;
# - what `requires_grad`, leaf tensors and the `grad_fn` chain are;
# - that `loss.backward()` fills `.grad` with the gradient from lesson 01 (checked against
#   the formula and finite differences);
# - why the update step runs under `torch.no_grad()`;
# - that an autograd loop retraces the NumPy gradient-descent path step for step.

# %%
import warnings

import matplotlib.pyplot as plt
import numpy as np
import torch

import course_utils
from course_utils import set_seed

set_seed(0)
course_utils.use_course_style()  # the course's figure style: readable on a projector

# %% [markdown]
# ## 1. Tensors from NumPy
#
# A tensor is PyTorch's array. Three modern ways to make one from NumPy data:
#
# | call | copies? | dtype |
# |---|---|---|
# | `torch.tensor(a)` | always copies | keeps NumPy's (float64 stays float64) |
# | `torch.from_numpy(a)` | shares memory with `a` | keeps NumPy's |
# | `torch.as_tensor(a, dtype=torch.float32)` | copies only if it must | what you ask for |
#
# (Old tutorials write `torch.FloatTensor(a)`: a legacy constructor that is easy to misuse,
# e.g. `torch.FloatTensor(3)` makes three *uninitialised* numbers, not the number 3.)

# %%
x_np = np.array([[1.0], [2.0], [3.0]])
print("NumPy dtype:           ", x_np.dtype)
print("torch.tensor:          ", torch.tensor(x_np).dtype)
print("torch.from_numpy:      ", torch.from_numpy(x_np).dtype)
print("as_tensor(float32):    ", torch.as_tensor(x_np, dtype=torch.float32).dtype)

shared = torch.from_numpy(x_np)
x_np[0, 0] = 100.0
print("from_numpy shares memory: the tensor now starts with", shared[0, 0].item())

# %% [markdown]
# NumPy defaults to **float64**; PyTorch layers default to **float32**. Feeding a float64
# tensor to a float32 layer is one of the first errors everybody meets:

# %%
layer = torch.nn.Linear(1, 1)
try:
    layer(torch.from_numpy(x_np))
except RuntimeError as err:
    print("RuntimeError:", err)
print("with .float() it works, output shape:", tuple(layer(torch.from_numpy(x_np).float()).shape))

# %% [markdown]
# The fix is to convert once, where the data enters: `torch.as_tensor(a, dtype=torch.float32)`
# or `.float()`. In this lesson we deliberately stay in **float64**, so that PyTorch and the
# NumPy code of lesson 01 do identical arithmetic and we can compare them digit for digit.
#
# ## 2. `requires_grad`, leaves and the graph
#
# We take the 01 data and make the parameters tensors that **require gradients**. Tensors we
# create ourselves are **leaves** of the computation graph; every result computed from them
# remembers the operation that made it in `grad_fn`.

# %%
x_t, y_t = course_utils.make_linear_data()  # float32, shape (100, 1), same data as lesson 01
x, y = x_t.double(), y_t.double()

w = torch.tensor(0.0, dtype=torch.float64, requires_grad=True)
b = torch.tensor(0.0, dtype=torch.float64, requires_grad=True)

y_pred = w * x + b
loss = ((y_pred - y) ** 2).mean()

print("w is a leaf:", w.is_leaf, "| requires_grad:", w.requires_grad, "| grad_fn:", w.grad_fn)
print("loss is a leaf:", loss.is_leaf, "| grad_fn:", type(loss.grad_fn).__name__)
print(f"loss = {loss.item():.4f}  (lesson 01 printed 146.9230 at w = b = 0)")

# %% [markdown]
# Following `grad_fn.next_functions` walks the graph backwards from the loss to the leaves;
# `AccumulateGrad` is where a gradient lands in a leaf's `.grad`:

# %%
names = {id(w): "w", id(b): "b"}


def walk(fn, depth=0):
    label = type(fn).__name__
    if hasattr(fn, "variable"):  # AccumulateGrad: the leaf whose .grad receives the gradient
        label += f"  -> {names[id(fn.variable)]}.grad"
    print("  " * depth + label)
    for child, _ in fn.next_functions:
        if child is not None:
            walk(child, depth + 1)


walk(loss.grad_fn)

# %% [markdown]
# ## 3. `backward()` fills `.grad`
#
# Before `backward()` the leaves have no gradient. After it, `.grad` holds
# $\partial L/\partial w$ and $\partial L/\partial b$. We compare with the formula from
# lesson 01 (`course_utils.mse_grad`) and with finite differences (`course_utils.numerical_grad`).
#
# **Predict:** what does `w.grad` hold *before* `loss.backward()`: zero, or something else?
# And after it?

# %%
# the same parameters and loss as above, made afresh so this cell can be run again
w = torch.tensor(0.0, dtype=torch.float64, requires_grad=True)
b = torch.tensor(0.0, dtype=torch.float64, requires_grad=True)
loss = ((w * x + b - y) ** 2).mean()

print("before backward: w.grad =", w.grad)
loss.backward()
print(f"after backward:  w.grad = {w.grad.item():.4f}, b.grad = {b.grad.item():.4f}")

dw, db = course_utils.mse_grad(x, y, 0.0, 0.0)
fd = course_utils.numerical_grad(lambda w_, b_: course_utils.mse(w_ * x + b_, y), [0.0, 0.0])
print(f"formula (01):    dL/dw  = {dw:.4f}, dL/db  = {db:.4f}")
print(f"finite diff:     dL/dw  = {fd[0]:.4f}, dL/db  = {fd[1]:.4f}")
print("autograd equals the formula (to 1e-12) and finite differences (to 1e-6):",
      np.allclose([w.grad.item(), b.grad.item()], [dw, db], rtol=1e-12)
      and np.allclose([w.grad.item(), b.grad.item()], fd, rtol=1e-6))

# %% [markdown]
# Before `backward()`, `.grad` is `None`, not zero: no gradient has been computed yet.
# After it: three independent routes, one answer. Autograd never saw our formula: it applied the chain
# rule through `PowBackward`, `SubBackward`, `MulBackward`... automatically.
#
# ## 4. The update step, and why it needs `torch.no_grad()`
#
# Gradient descent updates `w -= lr * w.grad`. Doing that on a leaf that requires gradients
# would make the update itself part of the graph; PyTorch refuses the in-place version:

# %%
try:
    w -= 0.02 * w.grad
except RuntimeError as err:
    print("RuntimeError:", err)

# %% [markdown]
# The out-of-place version, `w = w - lr * w.grad`, runs without complaint.
#
# **Predict:** in a loop that updates with `w = w - lr * w.grad` (no `no_grad`), the first
# step runs. What happens at the second?

# %%
w_try = torch.tensor(0.0, dtype=torch.float64, requires_grad=True)
b_try = torch.tensor(0.0, dtype=torch.float64, requires_grad=True)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    for step in (1, 2):
        loss = ((w_try * x + b_try - y) ** 2).mean()
        loss.backward()
        print(f"step {step}: w_try is a leaf: {w_try.is_leaf}, grad_fn: {type(w_try.grad_fn).__name__}, w_try.grad = {w_try.grad}")
        try:
            w_try = w_try - 0.02 * w_try.grad  # the update outside no_grad
            b_try = b_try - 0.02 * b_try.grad
        except TypeError as err:
            print("TypeError:", err)
print("UserWarning:", str(caught[0].message).split(". ")[0])

# %% [markdown]
# The first update made `w_try` an intermediate result of the graph (`SubBackward0`), no
# longer a leaf. The second `backward()` does not fill the `.grad` of a non-leaf, and
# PyTorch only warns when you read it, so `w_try.grad` is `None` and the update fails with a
# `TypeError`.
#
# Inside `with torch.no_grad():` operations are not recorded: the update is just arithmetic
# on the numbers, and `w` stays a leaf that requires gradients. Afterwards we must reset
# `.grad`, because `backward()` **adds** into it (lesson 03 is about exactly that).

# %%
with torch.no_grad():
    w -= 0.02 * w.grad
    b -= 0.02 * b.grad
w.grad.zero_()
b.grad.zero_()
print(f"after one step: w = {w.item():.4f}, b = {b.item():.4f} (lesson 01: 2.6821, 0.4285)")
print("w is still a leaf that requires grad:", w.is_leaf and w.requires_grad)

# %% [markdown]
# ## 5. The autograd loop retraces the NumPy path
#
# Now the whole loop: forward, loss, `backward()`, update under `no_grad`, zero the grads.
# We run it next to the NumPy gradient descent of lesson 01 from the same start with the
# same learning rate, and check the parameters agree **at every step**.

# %%
lr, epochs = 0.02, 2000
numpy_run = course_utils.gradient_descent(x, y, lr=lr, epochs=epochs, w0=0.0, b0=0.0)

w = torch.tensor(0.0, dtype=torch.float64, requires_grad=True)
b = torch.tensor(0.0, dtype=torch.float64, requires_grad=True)
autograd_path = [(w.item(), b.item())]
autograd_losses = []
for epoch in range(epochs):
    loss = ((w * x + b - y) ** 2).mean()
    loss.backward()
    with torch.no_grad():
        w -= lr * w.grad
        b -= lr * b.grad
    w.grad.zero_()
    b.grad.zero_()
    autograd_losses.append(loss.item())
    autograd_path.append((w.item(), b.item()))

gap = np.abs(np.array(autograd_path) - np.array(numpy_run.param_path("w", "b"))).max()
print(f"largest difference between the two paths over {epochs} steps: below 1e-10? {gap < 1e-10}")
print(f"final: autograd w = {w.item():.4f}, b = {b.item():.4f} | NumPy w = {numpy_run.params[-1]['w']:.4f}, b = {numpy_run.params[-1]['b']:.4f}")

# %% tags=["check"]
assert gap < 1e-10 and np.allclose(autograd_losses, numpy_run.loss, rtol=1e-10)

# %%
fig, ax = plt.subplots(figsize=(6.4, 3.8), layout="constrained")
epoch_numbers = np.arange(1, len(numpy_run.loss) + 1)  # epoch 1 is the first step: a log axis has no 0
ax.plot(epoch_numbers, numpy_run.loss, lw=5, alpha=0.4, label="NumPy, gradient by hand (01)")
ax.plot(epoch_numbers, autograd_losses, ls="--", color="black", label="PyTorch autograd")
ax.set_yscale("log")
ax.set_xscale("log")
ax.set_xlabel("epoch, from 1 (log scale)")
ax.set_ylabel("MSE (log scale)")
ax.set_title("two implementations, one loss curve")
ax.legend()
plt.show()

# %% [markdown]
# ## 6. A second data set: y = 3x + noise
#
# Nothing in the loop knows the answer. On data generated from $y = 3x$ (no intercept,
# noise 1.5) the same loop, now in float32 as real models use, learns $w$ close to 3 and
# $b$ close to 0.

# %%
x3, y3 = course_utils.make_linear_data(w=3.0, b=0.0, seed=7)
w = torch.zeros((), requires_grad=True)
b = torch.zeros((), requires_grad=True)
for epoch in range(2000):
    loss = ((w * x3 + b - y3) ** 2).mean()
    loss.backward()
    with torch.no_grad():
        w -= 0.02 * w.grad
        b -= 0.02 * b.grad
    w.grad.zero_()
    b.grad.zero_()

w_ls, b_ls = course_utils.closed_form(x3, y3)
print(f"learned:       w = {w.item():.3f}, b = {b.item():.3f}")
print(f"least squares: w = {w_ls:.3f}, b = {b_ls:.3f}")

# %% tags=["check"]
assert abs(w.item() - 3.0) < 0.1 and abs(w.item() - w_ls) < 1e-3

# %%
fig, ax = plt.subplots(figsize=(6, 3.6), layout="constrained")
course_utils.plot_fit(x3, y3, w.item(), b.item(), ax=ax)
ax.set_title("y = 3x + noise: the learned line")
plt.show()

# %% [markdown]
# ## Summary
#
# - Make tensors with `torch.tensor`, `torch.from_numpy` (shares memory) or
#   `torch.as_tensor(..., dtype=torch.float32)`; NumPy's float64 meets layers' float32 in a
#   dtype error, so convert where data enters.
# - Tensors with `requires_grad=True` are leaves; every result records its `grad_fn`, and
#   `loss.backward()` walks that graph to fill each leaf's `.grad`.
# - Autograd's gradient equals the lesson-01 formula and finite differences.
# - Update parameters under `torch.no_grad()` and reset `.grad` after each step, because
#   `backward()` adds into it: lesson 03 shows what happens when you forget.
#
# Next: **03 · Gradients accumulate: what `zero_grad()` is for**.

# %% [markdown]
# ## Exercises
#
# Each exercise has a task, a cell for your answer and a check cell. Run the check cell: it
# prints a line starting with **Correct:**, or stops with a hint about what went wrong.
# After a restart, run the set-up cell below first, then the exercise's own cells.

# %%
import numpy as np
import torch

from course_utils import make_linear_data, mse_grad, set_seed

set_seed(0)
x_ex, y_ex = make_linear_data(20, seed=7)  # float32 tensors of shape (20, 1)
w_ex = torch.tensor(0.5, requires_grad=True)  # leaf tensors to try Exercise 1 on
b_ex = torch.tensor(-1.0, requires_grad=True)

# %% [markdown]
# ### Exercise 1: a gradient that is right on every call
#
# Write `autograd_grads(x, y, w, b)` that returns `(dL/dw, dL/db)`, the gradient of the MSE
# of $\hat y = w x + b$, as two numbers (floats or one-element tensors). `w` and `b` are leaf
# tensors (scalars with `requires_grad=True`), `x` and `y` tensors of shape (N, 1). Let
# autograd compute the gradient (`loss.backward()` or `torch.autograd.grad`), not the formula
# of lesson 01, and leave `w`, `b`, `x` and `y` as they are.
#
# A training loop calls such a function again and again with the same `w` and `b`, and their
# `.grad` may still hold something from an earlier `backward()`. The check calls it the same
# way, from the very first call (when `.grad` is still `None`) on, and every call must return
# the gradient at the current `w` and `b`, nothing else.
#
# Try it before you run the check: call your function **twice in a row** on `w_ex`, `b_ex`
# and print both results next to `mse_grad(x_ex, y_ex, 0.5, -1.0)`. If they disagree, look at
# how the numbers relate, work out what happened to `.grad`, and change your function so that
# it is right however often it is called. You need only what the Exercises set-up cell imports
# and defines: `torch`, `np`, `mse_grad`, `x_ex`, `y_ex`, `w_ex`, `b_ex`.
#
# *Why it matters:* autograd does the calculus of lesson 01 for you, but a loop that reads
# `.grad` carelessly trains on a mixture of old and new gradients, without any error.

# %% tags=["solution"]
def autograd_grads(x, y, w, b):
    w.grad, b.grad = None, None  # backward() adds into .grad: start from nothing
    loss = ((w * x + b - y) ** 2).mean()
    loss.backward()
    return w.grad.item(), b.grad.item()


first = autograd_grads(x_ex, y_ex, w_ex, b_ex)
second = autograd_grads(x_ex, y_ex, w_ex, b_ex)
print("first call: ", [round(g, 3) for g in first])
print("second call:", [round(g, 3) for g in second])
print("mse_grad:   ", [round(g, 3) for g in mse_grad(x_ex, y_ex, 0.5, -1.0)])

# %%
from course_utils.checks import check_autograd_grad
check_autograd_grad(autograd_grads)

# %% [markdown]
# ### Exercise 2: float32, not float64
#
# NumPy makes float64 arrays (and integer arrays from whole numbers). Write `to_float32(a)`
# that turns any NumPy array `a` into a float32 tensor with the same shape and values, using
# one of the modern constructors of section 1 (not the legacy `torch.FloatTensor` or
# `torch.Tensor`), and leaves `a` as it was. The set-up cell imports `np` and `torch`.
#
# *Why it matters:* `torch.from_numpy` keeps float64, and a float64 batch fed to `nn.Linear`
# (float32 weights) stops with a dtype error, deep inside a matrix product.

# %% tags=["solution"]
def to_float32(a):
    # Models hold float32 weights: float64 input fails in nn.Linear's matmul, and float32
    # needs half the memory and is faster; its ~7 significant digits are plenty for training.
    return torch.as_tensor(a, dtype=torch.float32)


print(to_float32(np.array([1.5, 2.5])), to_float32(np.arange(3)))

# %%
from course_utils.checks import check_float32_tensor
check_float32_tensor(to_float32)

# %% [markdown]
# ### Exercise 3: predict, then check: two paths to `w`
#
# The check cell below runs this code, in which `w` reaches the loss along two paths,
# through `a` and directly:
#
# ```python
# w = torch.tensor(2.0, requires_grad=True)
# a = 3 * w
# loss = a * w
# loss.backward()
# ```
#
# Before you run it, predict the number `w.grad` will hold and write it in the next cell as
# `my_prediction = ...` (a number; work it out on paper, not by running the code). Then run
# the check cell: it shows `w.grad` and compares it with your prediction.
#
# *Why it matters:* `backward()` follows every path from the loss back to a leaf and adds up
# what arrives there; that same adding is why `.grad` keeps what earlier calls left in it.

# %% tags=["solution"]
my_prediction = 12.0  # directly: a = 6; through a: w * 3 = 6; autograd adds the two paths

# %%
from course_utils.checks import check_prediction

w = torch.tensor(2.0, requires_grad=True)
a = 3 * w
loss = a * w
loss.backward()
check_prediction(
    my_prediction,
    w.grad.item(),
    what="w.grad",
    rtol=0.01,
    why="Directly, loss grows by a = 6 per unit of w; through a, by w * 3 = 6. backward() "
    "adds what every path brings: 6 + 6 = 12, the derivative of loss = 3 * w**2 at w = 2.",
)
