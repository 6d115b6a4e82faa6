# %% [markdown]
# # 01 · Gradients by hand in NumPy
#
# Before PyTorch does anything for us, we do it all ourselves: make data, choose a model,
# measure how wrong it is, work out which way to change it, and repeat.
#
# **You will learn**
# - what the mean squared error (MSE) measures, and why we minimise it;
# - how to derive $\partial L/\partial w$ and $\partial L/\partial b$ for a line, and how to
#   check a derivative with finite differences;
# - how gradient descent walks downhill, step by step, in a dozen lines of NumPy;
# - that the answer it walks towards is the least-squares line that `np.linalg.lstsq` solves
#   in one go, and what the walk looks like on the loss surface.

# %%
import matplotlib.pyplot as plt
import numpy as np

import course_utils
from course_utils import set_seed

set_seed(0)
course_utils.use_course_style()  # the course's figure style: readable on a projector

# %% [markdown]
# ## 1. The data: a noisy line
#
# We make the data ourselves, so we know the truth: $y = 2x + 1 + \varepsilon$ with 100
# points, $x$ uniform in $[0, 10]$ and Gaussian noise $\varepsilon$ with standard deviation
# 1.5. A local generator `np.random.default_rng(42)` makes the data the same on every run,
# whatever else the notebook draws.

# %%
rng = np.random.default_rng(42)
x = rng.uniform(0.0, 10.0, size=(100, 1))
y = 2.0 * x + 1.0 + rng.normal(0.0, 1.5, size=(100, 1))
x, y = x[:, 0], y[:, 0]  # NumPy vectors of shape (100,) for this lesson

print("x shape", x.shape, "| first three x:", np.round(x[:3], 3))
print("y shape", y.shape, "| first three y:", np.round(y[:3], 3))

# %%
fig, ax = plt.subplots(figsize=(6, 3.6), layout="constrained")
course_utils.plot_data(x, y, ax=ax)
ax.plot([0, 10], [1, 21], color="gray", ls="--", label="truth: y = 2x + 1")
ax.legend()
ax.set_title("100 noisy points around y = 2x + 1")
plt.show()

# %% [markdown]
# Later lessons get exactly this data from `course_utils.make_linear_data()` (as float32
# tensors of shape (100, 1)). The two agree:

# %%
x_t, y_t = course_utils.make_linear_data()
same = np.allclose(x_t.numpy()[:, 0], x, atol=1e-6) and np.allclose(y_t.numpy()[:, 0], y, atol=1e-5)
print("make_linear_data() gives the same points:", same, "|", x_t.shape, x_t.dtype)

# %% [markdown]
# ## 2. The model and the loss
#
# Our model is a line with two parameters: $\hat y = w x + b$. How wrong is a given
# $(w, b)$? The **mean squared error** averages the squared vertical distances from the
# points to the line:
#
# $$L(w, b) = \frac{1}{N} \sum_{i=1}^{N} \left(w x_i + b - y_i\right)^2 .$$
#
# Squaring makes every error count as positive and punishes big misses more than small ones.

# %%
def predict(x, w, b):
    return w * x + b


def mse(y_pred, y):
    return np.mean((y_pred - y) ** 2)


for w, b in [(0.0, 0.0), (1.0, 0.0), (2.0, 1.0)]:
    print(f"w = {w:.1f}, b = {b:.1f}  ->  MSE = {mse(predict(x, w, b), y):8.3f}")

# %% [markdown]
# The true line $(2, 1)$ still has an MSE of about 2, not 0: that is the noise, whose
# variance is $1.5^2 = 2.25$. No line can explain it away.
#
# ## 3. Which way is downhill? The gradient
#
# Gradient descent needs the slope of $L$ in each parameter. With the chain rule, writing
# $e_i = w x_i + b - y_i$ for the error of point $i$:
#
# $$\frac{\partial L}{\partial w} = \frac{1}{N}\sum_i 2\, e_i \,\frac{\partial e_i}{\partial w}
#   = \frac{2}{N}\sum_i e_i\, x_i, \qquad
#   \frac{\partial L}{\partial b} = \frac{2}{N}\sum_i e_i .$$
#
# The factor 2 comes from the square; the $x_i$ in the first from $\partial e_i/\partial w =
# x_i$. Forgetting either is the most common mistake.
#
# **Predict:** at $(w, b) = (0, 0)$ the line $y = 0$ lies below every point. Will
# $\partial L/\partial w$ and $\partial L/\partial b$ be positive or negative there, and
# which of the two is larger in size?

# %%
def mse_grad(x, y, w, b):
    e = predict(x, w, b) - y
    dw = 2.0 * np.mean(e * x)
    db = 2.0 * np.mean(e)
    return dw, db


dw, db = mse_grad(x, y, 0.0, 0.0)
print(f"gradient at (w, b) = (0, 0):  dL/dw = {dw:.4f},  dL/db = {db:.4f}")

# %% [markdown]
# Both are negative: increasing $w$ or $b$ lowers the loss, which makes sense since the line
# $y = 0$ lies below every point. The $w$-gradient is the larger, about six times the
# $b$-gradient: each error is multiplied by its $x_i$, and $x$ reaches 10.
#
# ### Check the formula with finite differences
#
# A derivative is a limit of slopes. Nudging one parameter by a tiny $\varepsilon$ both ways
# gives an independent estimate, the **central difference**
# $\frac{L(w + \varepsilon) - L(w - \varepsilon)}{2\varepsilon}$, whose error shrinks like
# $\varepsilon^2$. If the formula and the estimate disagree, the formula is wrong.

# %%
def loss_at(w, b):
    return mse(predict(x, w, b), y)


eps = 1e-6
for w, b in [(0.0, 0.0), (1.5, -2.0), (2.0, 1.0)]:
    fd_w = (loss_at(w + eps, b) - loss_at(w - eps, b)) / (2 * eps)
    fd_b = (loss_at(w, b + eps) - loss_at(w, b - eps)) / (2 * eps)
    dw, db = mse_grad(x, y, w, b)
    print(f"(w, b) = ({w:4.1f}, {b:4.1f})  formula ({dw:9.4f}, {db:8.4f})  "
          f"finite diff ({fd_w:9.4f}, {fd_b:8.4f})")
    assert np.allclose([dw, db], [fd_w, fd_b], rtol=1e-5, atol=1e-5)

# %% [markdown]
# They agree to every printed digit. `course_utils.numerical_grad(f, params)` does the same
# for any function, and `course_utils.mse_grad` is the formula above; later lessons use both.

# %%
print("numerical_grad agrees with mse_grad:",
      np.allclose(course_utils.numerical_grad(loss_at, [1.5, -2.0]), mse_grad(x, y, 1.5, -2.0), atol=1e-5))
print("course_utils.mse_grad agrees with mse_grad:",
      np.allclose(course_utils.mse_grad(x, y, 1.5, -2.0), mse_grad(x, y, 1.5, -2.0)))

# %% [markdown]
# ## 4. Gradient descent
#
# The gradient points uphill, so step the other way, a little at a time:
#
# $$w \leftarrow w - \eta\, \frac{\partial L}{\partial w}, \qquad b \leftarrow b - \eta\, \frac{\partial L}{\partial b}$$
#
# where $\eta$ is the **learning rate**. One pass of "compute gradient, step" over the whole
# data set is one **epoch** (here each epoch is one step). We start at $(0, 0)$ and record
# where we are and how big the loss is before every step.
#
# **Predict:** with $\eta = 0.02$ for 2000 epochs, will the loss fall at a steady pace, and
# which parameter will be close to its final value first, $w$ or $b$?

# %%
lr = 0.02
epochs = 2000
w, b = 0.0, 0.0
losses, path = [], [(w, b)]

for epoch in range(1, epochs + 1):
    dw, db = mse_grad(x, y, w, b)
    losses.append(loss_at(w, b))
    w = w - lr * dw
    b = b - lr * db
    path.append((w, b))
    if epoch in (1, 2, 3, 10, 100, 500, 1000, 2000):
        print(f"epoch {epoch:4d}  loss at its start {losses[-1]:8.4f}  ->  after it: w = {w:.4f}, b = {b:.4f}")

# %% [markdown]
# The loss drops fast at first and then crawls: after the first few steps, $w$ is nearly
# right, but $b$ creeps towards its value for hundreds of epochs. Section 6 shows why.

# %%
fig, (ax_loss, ax_tail, ax_fit) = plt.subplots(1, 3, figsize=(9, 3.4), layout="constrained")
ax_loss.plot(range(epochs), losses)  # losses[k]: at the start of epoch k + 1, after k epochs
ax_loss.set_yscale("log")
ax_loss.set_xlabel("epochs done")
ax_loss.set_ylabel("MSE (log scale)")
ax_loss.set_title("loss per epoch")
ax_tail.plot(range(10, epochs), losses[10:])
ax_tail.set_xlabel("epochs done")
ax_tail.set_ylabel("MSE")
ax_tail.set_title("epochs 10-2000: the crawl")
course_utils.plot_fit(x, y, w, b, ax=ax_fit)
ax_fit.set_title(f"the line after {epochs} epochs")
plt.show()

# %% [markdown]
# ## 5. Where is it going? The closed-form answer
#
# For a line, the minimum of the MSE can be computed directly: it is the **least-squares**
# solution, which `np.linalg.lstsq` finds by solving the linear system
# $[x\; 1] \binom{w}{b} \approx y$. Gradient descent should converge to it.

# %%
A = np.column_stack([x, np.ones_like(x)])
(w_star, b_star), *_ = np.linalg.lstsq(A, y, rcond=None)
print(f"least squares:    w* = {w_star:.4f}, b* = {b_star:.4f}, loss = {loss_at(w_star, b_star):.4f}")
print(f"gradient descent: w  = {w:.4f}, b  = {b:.4f}, loss = {loss_at(w, b):.4f}")
grad_star = mse_grad(x, y, w_star, b_star)
print("gradient at the least-squares answer is zero (|dL/dw|, |dL/db| < 1e-9):", bool(np.abs(grad_star).max() < 1e-9))
print("gradient descent is within 0.001 of it:", np.allclose([w, b], [w_star, b_star], atol=1e-3))

# %% tags=["check"]
assert np.allclose(course_utils.closed_form(x, y), (w_star, b_star))

# %% [markdown]
# The gradient is zero at the least-squares answer: that is what "minimum" means. The fitted
# slope is not exactly 2 and the intercept not exactly 1: with 100 noisy points the best line
# *for this data* differs a little from the line that generated it.
#
# ## 6. The loss surface and the path
#
# $L(w, b)$ is a bowl over the $(w, b)$ plane. The contour lines below are its height lines
# (log-spaced), the star is the least-squares minimum, and the dots are our gradient-descent
# steps. The bowl is a long, narrow valley: steep across (in $w$, because $x$ reaches 10) and
# nearly flat along its floor. The first steps zigzag across the steep direction, then the
# path creeps along the flat floor; that is the slow tail in the loss curve.

# %%
fig, (ax_full, ax_zoom) = plt.subplots(1, 2, figsize=(9, 4.2), layout="constrained")
course_utils.plot_loss_landscape(x, y, w_range=(-0.5, 3.5), b_range=(-2, 4), paths={"GD, lr=0.02": path}, ax=ax_full)
ax_full.set_title("loss contours and the GD path")
course_utils.plot_loss_landscape(x, y, w_range=(1.8, 2.8), b_range=(0.1, 1.2), paths={"GD, lr=0.02": path}, ax=ax_zoom)
ax_zoom.set_title("zoom: the zigzag, then the crawl")
plt.show()

# %% [markdown]
# `course_utils.gradient_descent` is this loop; it returns a `History` record that later
# lessons plot. Its names say *when* each number was taken:
#
# - `hist.params[k]` and `hist.loss_after[k]`: the parameters and the loss **after k
#   epochs**; index 0 is the start, so both have one entry more than there are epochs;
# - `hist.loss[k - 1]`: the loss **measured during epoch k**, here at its start, before its
#   step (our `losses` list). So `hist.loss[0]` is the starting loss, not the loss after one
#   epoch: that is `hist.loss_after[1]`.
#
# Same numbers as our loop:

# %%
hist = course_utils.gradient_descent(x, y, lr=lr, epochs=epochs, w0=0.0, b0=0.0)
print("same losses and path as our loop:", hist.loss == losses and hist.param_path("w", "b") == path)
print(f"hist.loss[0] = {hist.loss[0]:.4f} (the start)   hist.loss_after[1] = {hist.loss_after[1]:.4f} (after epoch 1)")
print(f"History: {hist.epochs} epochs, final w = {hist.params[-1]['w']:.4f}, b = {hist.params[-1]['b']:.4f}, "
      f"loss {hist.loss_after[-1]:.4f}")

# %% [markdown]
# ## Summary
#
# - The **MSE** measures how far a line is from the data; training means minimising it.
# - Its gradient is $\left(\frac{2}{N}\sum e_i x_i,\; \frac{2}{N}\sum e_i\right)$;
#   **finite differences** check any hand-derived gradient.
# - **Gradient descent** repeats "gradient, small step downhill". It reaches the
#   **least-squares** answer that `np.linalg.lstsq` computes directly.
# - The loss surface of unscaled data is a narrow valley, so plain gradient descent zigzags
#   and then crawls (lesson 04 fixes this by standardising $x$).
#
# Next: **02 · Autograd**, where PyTorch computes these gradients for us.

# %% [markdown]
# ## Exercises
#
# Each exercise has a task, a cell for your answer and a check cell. Run the check cell: it
# prints a line starting with **Correct:**, or stops with a hint about what went wrong.
#
# The set-up cell below is all the exercises need. It provides `np`, this lesson's data as
# `x_ex` and `y_ex` (1-D float64 NumPy arrays, the same 100 points), and from `course_utils`
# `numerical_grad`, `gradient_descent` and `TrainingDiverged`. The lesson's own helpers
# (`predict`, `mse`, `mse_grad`, `loss_at`) are *not* there: write what you need in your
# answer cell. After a restart, run the set-up cell, then the exercise's cells.

# %%
import numpy as np

from course_utils import gradient_descent, make_linear_data, numerical_grad, set_seed
from course_utils.training import TrainingDiverged

set_seed(0)
x_t, y_t = make_linear_data()  # this lesson's data: 100 points, y = 2x + 1 + noise
x_ex = x_t.numpy().ravel().astype(np.float64)  # 1-D float64 NumPy arrays, as in the lesson
y_ex = y_t.numpy().ravel().astype(np.float64)

# %% [markdown]
# ### Exercise 1: the gradient of a line through the origin
#
# Take the model without a bias, $\hat y = w x$, and its loss
# $L(w) = \frac{1}{N}\sum_i (w x_i - y_i)^2$. Derive $dL/dw$ on paper, then write
# `grad_w_no_bias(x, y, w)` that returns it as one number (`x` and `y` are 1-D NumPy arrays;
# leave them unchanged). Return your formula, not `numerical_grad`'s estimate: compare the
# two before you run the check.
#
# *Why it matters:* every gradient in this course is this calculation with more parameters;
# the factor 2 and the sign are where hand-derived gradients usually go wrong.

# %% tags=["solution"]
def grad_w_no_bias(x, y, w):
    error = w * x - y                # prediction minus target
    return 2.0 * np.mean(error * x)  # chain rule: d/dw error**2 = 2 * error * x


numeric = numerical_grad(lambda w: np.mean((w * x_ex - y_ex) ** 2), [0.5])[0]
print(f"formula {grad_w_no_bias(x_ex, y_ex, 0.5):.4f}, finite differences {numeric:.4f}")

# %%
from course_utils.checks import check_grad_no_bias
check_grad_no_bias(grad_w_no_bias)

# %% [markdown]
# ### Exercise 2: one step of gradient descent
#
# Write `gd_step(x, y, w, b, lr)` for the model $\hat y = w x + b$: compute both gradients
# of the MSE at the current `(w, b)` with the formulas of section 3 (written out in your
# answer cell: `mse_grad` is not in the set-up) and return the new pair `(w, b)` after one
# step. Leave `x` and `y` unchanged.
#
# *Why it matters:* this is the whole training loop in one line of algebra. Stepping uphill,
# forgetting `lr`, or updating `b` with an already-moved `w` all still "run", and only the
# numbers tell you something is off.

# %% tags=["solution"]
def gd_step(x, y, w, b, lr):
    error = w * x + b - y
    dw, db = 2 * np.mean(error * x), 2 * np.mean(error)  # both at the old (w, b)
    return w - lr * dw, b - lr * db


w_new, b_new = gd_step(x_ex, y_ex, 0.0, 0.0, 0.01)
print(f"after one step from (0, 0): w = {w_new:.4f}, b = {b_new:.4f}")

# %%
from course_utils.checks import check_gd_step
check_gd_step(gd_step)

# %% [markdown]
# ### Exercise 3: how large may the learning rate be?
#
# On this lesson's data (`x_ex`, `y_ex`), find the largest learning rate for which gradient
# descent from $(w, b) = (0, 0)$ still converges, to two significant digits, and store it in
# `largest_lr`. A learning rate at which it diverges, even slowly, is too large. Find it by
# experiment with `gradient_descent`: above the edge the loss grows. It raises
# `TrainingDiverged` when the loss overflows; close to the edge divergence is slow, so
# compare the last loss of a long run (a few thousand epochs) with the first.
#
# *Why it matters:* "the loss went to NaN" is the most common first failure in training, and
# the edge depends on the data's scale. Note where the path starts to zig-zag: that is not
# the edge yet.

# %% tags=["solution"]
def converges(lr, epochs=2000):
    try:
        history = gradient_descent(x_ex, y_ex, lr=lr, epochs=epochs)
    except TrainingDiverged:
        return False
    return history.loss[-1] < history.loss[0]


low, high = 0.001, 1.0  # converges at low, diverges at high: halve the gap 20 times
for _ in range(20):
    mid = (low + high) / 2
    low, high = (mid, high) if converges(mid) else (low, mid)
largest_lr = low
print(f"largest learning rate that converges: {largest_lr:.5f}")

# %%
from course_utils.checks import check_lr_max
check_lr_max(largest_lr)

# %% [markdown]
# ### Exercise 4: predict, then check: stretch the data
#
# Gradient descent converges on `x_ex` with `lr = 0.02` (section 4), and Exercise 3 found
# the edge a little above it. Now stretch the inputs by 10: `x_big = 10 * x_ex`, with the
# same `y_ex`. Of the three learning rates 0.02, 0.002 and 0.0002, which is the **largest**
# that still converges on `x_big`?
#
# Think it through before you run anything (how does the loss's steepness in $w$ depend on
# the size of $x$?), and write your answer in the cell below as `my_prediction = ...`
# (one of the three numbers). Then run the experiment cell, and the check cell, which
# compares your prediction with what the experiment showed.
#
# *Why it matters:* the data's scale sets the learning rate. A learning rate that works on
# one data set can blow up on the same data in other units, and knowing by how much tells
# you what to try next.

# %% tags=["solution"]
my_prediction = 0.0002

# %%
x_big = 10 * x_ex
converged = []
for lr in (0.02, 0.002, 0.0002):
    try:
        history = gradient_descent(x_big, y_ex, lr=lr, epochs=500)
    except TrainingDiverged as err:
        print(f"lr = {lr:<6}  diverged: the loss overflowed at epoch {err.epoch}")
        continue
    ends_lower = history.loss[-1] < history.loss[0]
    print(f"lr = {lr:<6}  loss {history.loss[0]:.1f} -> {history.loss[-1]:.3g} after 500 epochs")
    if ends_lower:
        converged.append(lr)
largest_converging = max(converged)
print("largest of the three that converges on x_big:", largest_converging)

# %%
from course_utils.checks import check_prediction
check_prediction(
    my_prediction,
    largest_converging,
    what="the largest of 0.02, 0.002 and 0.0002 that converges on x_big",
    why="The loss's steepness in w grows with x**2: ten times larger inputs make it about "
    "100 times steeper, so the edge drops about 100-fold, not 10-fold (lesson 04 rescales x "
    "so that one learning rate suits every data set).",
)
