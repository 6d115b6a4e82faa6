# %% [markdown]
# ## Exercises
#
# Each exercise has a task, a cell for your answer and a check cell. Run the check cell: it
# prints a line starting with **Correct:**, or stops with a hint about what went wrong.

# %%
import numpy as np

from course_utils import gradient_descent, make_linear_data, numerical_grad, set_seed
from course_utils.checks import check_gd_step, check_grad_no_bias, check_lr_max
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
# `grad_w_no_bias(x, y, w)` that returns it as a number (`x` and `y` are 1-D NumPy arrays).
# Compare it with `numerical_grad` before you run the check.
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
check_grad_no_bias(grad_w_no_bias)

# %% [markdown]
# ### Exercise 2: one step of gradient descent
#
# Write `gd_step(x, y, w, b, lr)` for the model $\hat y = w x + b$: compute both gradients
# of the MSE at the current `(w, b)` and return the new pair `(w, b)` after one step.
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
check_gd_step(gd_step)

# %% [markdown]
# ### Exercise 3: how large may the learning rate be?
#
# On this lesson's data (`x_ex`, `y_ex`), find the largest learning rate for which gradient
# descent from $(w, b) = (0, 0)$ still converges, to two significant digits, and store it in
# `largest_lr`. Find it by experiment with `gradient_descent`: above the edge the loss grows.
# It raises `TrainingDiverged` when the loss overflows; close to the edge divergence is slow,
# so compare the last loss of a long run (a few thousand epochs) with the first.
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
print(f"largest learning rate that converges: {largest_lr:.4f}")

# %%
check_lr_max(largest_lr)
