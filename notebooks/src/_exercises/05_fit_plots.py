# %% [markdown]
# ## Exercises
#
# Each exercise has a task, a cell for your answer and a check cell. Run the check cell: it
# prints a line starting with **Correct:**, or stops with a hint about what went wrong.

# %%
import matplotlib.pyplot as plt
import numpy as np

from course_utils import closed_form, gradient_descent, make_linear_data, set_seed
from course_utils.checks import check_first_epoch_within, check_plot_distance

set_seed(0)
x_ex, y_ex = make_linear_data()
history_ex = gradient_descent(x_ex, y_ex, lr=0.02, epochs=300)
w_star, b_star = closed_form(x_ex, y_ex)

# %% [markdown]
# ### Exercise 1: when is the fit good enough?
#
# Write `first_epoch_within(history, w_star, b_star, tol)` that returns the first epoch `k`
# at which the parameters `history.params[k]` are within distance `tol` of the least-squares
# answer, measured in the $(w, b)$ plane: $\sqrt{(w - w^*)^2 + (b - b^*)^2} < tol$. Remember
# that `params[0]` is the start (epoch 0) and `params[k]` the parameters after epoch `k`.
# Return `None` when the run never gets that close.
#
# *Why it matters:* "how many epochs do I need?" is answered by reading a History, not by
# guessing; and off-by-one epochs are the classic mistake in that reading.

# %% tags=["solution"]
def first_epoch_within(history, w_star, b_star, tol):
    for epoch, p in enumerate(history.params):  # params[0]: the start, params[k]: after epoch k
        if np.hypot(p["w"] - w_star, p["b"] - b_star) < tol:
            return epoch
    return None


print("within 0.1 after epoch", first_epoch_within(history_ex, w_star, b_star, 0.1))
print("within 1e-6:", first_epoch_within(history_ex, w_star, b_star, 1e-6))

# %%
check_first_epoch_within(first_epoch_within)

# %% [markdown]
# ### Exercise 2: distance to the optimum on a log scale
#
# Write `plot_distance(history, w_star, b_star, ax)` that draws, on the Axes `ax` it is
# given, the distance of `history.params[k]` to $(w^*, b^*)$ against the epoch `k = 0, 1, ...`
# with a logarithmic y axis, and returns `ax`.
#
# *Why it matters:* gradient descent shrinks the distance by about the same factor every
# epoch. On a log scale that is a straight line whose slope is the speed of convergence; on
# a linear scale everything after the first few epochs looks like zero.

# %% tags=["solution"]
def plot_distance(history, w_star, b_star, ax):
    path = np.array(history.param_path("w", "b"))
    distance = np.hypot(path[:, 0] - w_star, path[:, 1] - b_star)
    ax.plot(np.arange(len(distance)), distance)
    ax.set_yscale("log")
    ax.set(xlabel="epoch", ylabel="distance to least squares")
    return ax


fig, ax = plt.subplots(figsize=(5, 3))
plot_distance(history_ex, w_star, b_star, ax)
plt.show()

# %%
check_plot_distance(plot_distance)
