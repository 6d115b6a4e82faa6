# %% [markdown]
# # 05 · Watching the model learn
#
# A loss curve says *how much* better the model gets; it does not show *what* changes. This
# lesson records the parameters at every epoch and turns them into pictures: the line at
# chosen epochs, a live plot during training, a slider through the epochs, the path on the
# loss surface, the distance to the answer, and a learning-rate explorer.
#
# **You will learn**
# - to record the parameters every epoch in a `History` and draw the fit at chosen epochs in
#   **one** small-multiples figure;
# - to update one figure in place while training runs;
# - to scrub through epochs and change the learning rate with sliders;
# - to read the loss contour with the parameter path, and the distance to the least-squares
#   answer on a log scale (a straight line means geometric convergence).
#
# Every widget here has a static figure right before it, so the lesson reads completely on
# GitHub or on paper; the widgets need a running kernel in JupyterLab.

# %%
import matplotlib.pyplot as plt
import numpy as np
import torch
from torch import nn, optim

import course_utils
from course_utils import set_seed
from course_utils.liveplot import LivePlot
from course_utils.plotting import plot_distance_to_optimum, plot_fits_per_epoch
from course_utils.widgets import epoch_scrubber, lr_explorer

set_seed(0)
course_utils.use_course_style()  # the course's figure style: readable on a projector

x, y = course_utils.make_linear_data()  # the lesson-01 data
w_star, b_star = course_utils.closed_form(x, y)
print(f"least squares: w* = {w_star:.4f}, b* = {b_star:.4f}")

# %% [markdown]
# ## 1. Record the parameters every epoch
#
# `course_utils.fit` returns a `History`: `history.params[k]` holds $(w, b)$ after epoch $k$
# and `history.loss_after[k]` the loss there, with index 0 the starting point;
# `history.loss[k - 1]` is the loss measured *during* epoch $k$ (for full batch, at its
# start, before its update).
# We train `nn.Linear(1, 1)` from $(0, 0)$ with full-batch gradient descent, learning rate
# 0.02, for 100 epochs.

# %%
model = course_utils.linear_model(w0=0.0, b0=0.0)
history = course_utils.fit(model, x, y, lr=0.02, epochs=100)
history.label = "full-batch gradient descent, lr 0.02"
print("epochs recorded:", history.epochs, "| parameter snapshots:", len(history.params))
for k in (0, 1, 2, 3, 10, 100):
    p = history.params[k]
    print(f"after epoch {k:3d}: w = {p['w']:.4f}, b = {p['b']:.4f}, loss {history.loss_after[k]:.4f}")

# %% [markdown]
# ## 2. The fit at chosen epochs, in one figure
#
# One panel per chosen epoch (spaced more densely at the start, where most happens), all in
# **one** figure with shared axes: easier to compare than twenty separate plots, and a
# fraction of the notebook's size. Each panel's title gives the epoch and the loss after it.

# %%
fig = plot_fits_per_epoch(x, y, history, epochs=[0, 1, 2, 3, 10, 100], ncols=3)
plt.show()

# %% [markdown]
# Epoch 1 overshoots: the line is too steep (the zigzag of lesson 01). Epoch 2 undershoots,
# then the slope settles within a few epochs while the intercept keeps creeping up for the
# rest of the run (too little to see here; section 5 measures it).
#
# ### The height/weight run of lesson 04, one figure instead of twenty
#
# Many first tutorials draw the fit after every epoch as a figure of its own: twenty figures
# for lesson 04's run on the five people (heights in cm, weights in kg, from $w = 0.45$,
# $b = -35$, learning rate $3 \times 10^{-6}$, 20 epochs). The same run in one figure of
# three panels (the start, epoch 5 and the end) with the least-squares line dashed in each,
# and the numbers of six epochs below it:
#
# **Predict:** the loss falls from 826 to about 30 in these 20 epochs, close to the 29.0 of
# least squares. By epoch 20, will the line be close to the least-squares line, and will
# its intercept be close to the least-squares intercept?

# %%
x_hw, y_hw = course_utils.height_weight()
hw = course_utils.fit(course_utils.linear_model(0.45, -35.0), x_hw, y_hw, lr=3e-6, epochs=20)
hw.label = "height/weight, lr 3e-6: the fit after each chosen epoch"
fig = plot_fits_per_epoch(x_hw, y_hw, hw, epochs=[0, 5, 20], ncols=3)
fig.supxlabel("height (cm)")
fig.supylabel("weight (kg)")
w_hw, b_hw = course_utils.closed_form(x_hw, y_hw)
ends = np.array([x_hw.min().item(), x_hw.max().item()])
for ax in fig.axes:
    ax.plot(ends, w_hw * ends + b_hw, color="black", ls="--", lw=1.5)
plt.show()
print(f"least squares: y = {w_hw:.4f} x - {-b_hw:.4f}, loss {course_utils.mse(w_hw * x_hw + b_hw, y_hw):.4f}")
for k in (0, 1, 2, 5, 10, 20):
    p = hw.params[k]
    print(f"after epoch {k:2d}: y = {p['w']:.4f} x - {-p['b']:.4f}, loss {hw.loss_after[k]:.4f}")

# %% [markdown]
# Close on the data, far in the parameters. The line rises epoch by epoch, turned up by its
# slope alone: from 0.45 to 0.61, while the intercept stays at $-35$, where least squares
# has $-26$. By epoch 20 the red line nearly covers the dashed one over the heights of the
# five people (loss 29.88 against 29.03), yet it is a steeper line placed lower, and the
# two cross. Twenty separate figures would show the line creeping up twenty times; one
# figure shows the whole run at a glance, and the dashed line shows where it got stuck:
# lesson 04's long, flat valley, which is why lesson 04 standardised the heights.
#
# ## 3. A live plot, updated in place
#
# During a long run you want to watch, not wait. `LivePlot` is a `fit` callback: after epoch
# 1 and every `every` epochs it redraws the line and the loss curve **in the same figure**
# (no stack of 100 figures). `live.show()` displays it once; each redraw replaces it. Each
# redraw costs far more than an epoch of this small model, so redraw every few dozen epochs,
# not every one. When the cell finishes, the figure shows the final state.

# %%
live = LivePlot(x, y, every=50)
live.show()
model = course_utils.linear_model(w0=0.0, b0=0.0)
_ = course_utils.fit(model, x, y, lr=0.02, epochs=100, callbacks=[live])

# %% [markdown]
# ## 4. Scrub through the epochs
#
# The static figure of section 2 shows six epochs. The slider below shows any epoch: the
# line on the left, and on the right a marker on the loss curve at that epoch (press play to
# animate). The slider needs a running kernel; `snapshot(3)` is a still picture of what it
# draws at epoch 3, which every viewer shows:

# %%
scrubber = epoch_scrubber(x, y, history)
scrubber.snapshot(3)

# %% [markdown]
# Drag the slider to epochs 1 and 2 to see the overshoot:

# %% tags=["nbval-ignore-output"]
scrubber

# %% [markdown]
# ## 5. The path on the loss surface, and the distance to the answer
#
# The parameters after each epoch, on the contours of the loss over $(w, b)$ (lesson 01).
# Next to it, the distance from $(w, b)$ to the least-squares answer per epoch, on a **log
# scale**: a straight line there means the distance shrinks by the same factor every epoch
# (geometric, or "linear", convergence); its slope is the logarithm of that factor.
#
# **Predict:** after the fast first epochs, will the distance keep shrinking by the same
# fraction every epoch, or will it stall?

# %%
fig, (ax_path, ax_dist) = plt.subplots(1, 2, figsize=(9, 4), layout="constrained")
# 61 x 61 grid points: a smooth bowl needs no finer grid to draw its contours
course_utils.plot_loss_landscape(x, y, w_range=(-0.2, 3.0), b_range=(-0.6, 1.6), paths={"lr 0.02": history}, ax=ax_path, resolution=61)
ax_path.set_title("the path of (w, b), one dot per epoch")
plot_distance_to_optimum({"lr 0.02": history}, x, y, ax=ax_dist)
ax_dist.set_title("distance to least squares (log scale)")
plt.show()

path = np.array(history.param_path("w", "b"))
distance = np.hypot(path[:, 0] - w_star, path[:, 1] - b_star)
factor = (distance[100] / distance[20]) ** (1 / 80)
print(f"distance after 0 / 20 / 100 epochs: {distance[0]:.3f} / {distance[20]:.3f} / {distance[100]:.3f}")
print(f"from epoch 20 on the distance shrinks by a factor {factor:.4f} per epoch")

# %% [markdown]
# The first few epochs close most of the distance (across the steep direction of the
# valley); after that each epoch removes only about 1% of what is left (the factor 0.9907
# printed above), along the flat valley floor. That constant factor is set by the flattest direction of the loss surface
# and the learning rate, which is why standardising inputs (lesson 04) speeds things up so
# much.
#
# ## 6. Explore the learning rate
#
# Static version first: full-batch gradient descent from $(0, 0)$ for 50 epochs at four
# learning rates.
#
# **Predict:** of 0.001, 0.01, 0.03 and 0.04, which learning rate has the lowest loss after
# 10 epochs? And after 50?

# %%
lrs = (0.001, 0.01, 0.03, 0.04)
runs = {}
for lr in lrs:
    try:
        runs[f"lr {lr:g}"] = course_utils.gradient_descent(x, y, lr=lr, epochs=50)
    except course_utils.TrainingDiverged as err:
        runs[f"lr {lr:g}"] = err.history
for label, h in runs.items():
    print(f"{label:9s} loss after 1 / 10 / 50 epochs: {h.loss_after[1]:10.3f} {h.loss_after[10]:10.3f} {h.loss_after[50]:12.4g}")

fig, (ax_loss, ax_path) = plt.subplots(1, 2, figsize=(9, 4), layout="constrained")
course_utils.plot_losses(runs, ax=ax_loss)
ax_loss.set_ylim(1.5, 500)  # lr 0.04 leaves through the top
ax_loss.set_title("loss per epoch at four learning rates")
course_utils.plot_loss_landscape(x, y, w_range=(-0.5, 4.5), b_range=(-0.6, 1.6), paths={k: v for k, v in runs.items() if k != "lr 0.04"}, ax=ax_path, resolution=61)
for line in ax_path.get_lines()[1:3]:  # draw lr 0.001 and 0.01 above the zigzag of lr 0.03
    line.set_zorder(3)
ax_path.set_title("paths of lr 0.001, 0.01 and 0.03")
plt.show()

# %% [markdown]
# Too small crawls. Larger rates move faster along the flat valley floor but zigzag across
# its steep walls: after 10 epochs lr 0.03 is at 25.2, far behind 0.01 (2.23), and only by
# epoch 50 has it caught up and passed it (2.193 against 2.21). At 0.04 the zigzag grows with
# every step and
# the run diverges (lesson 01's exercise 3 finds where that starts).
#
# The explorer below shows one learning rate at a time, in three panels: the path, the final
# line and the loss curve. Here is what it draws for lr 0.03:

# %%
explorer = lr_explorer(x, y, lrs=(0.0001, 0.0003, 0.001, 0.003, 0.01, 0.02, 0.03, 0.035, 0.04), epochs=50)
explorer.snapshot(0.03)

# %% [markdown]
# Now the interactive version: the slider picks a learning rate and the path, the final line
# and the loss curve update together. Find the largest learning rate that still converges,
# and the one that gets closest to the answer in 50 epochs.

# %% tags=["nbval-ignore-output"]
explorer  # it starts at the middle learning rate, 0.01

# %% [markdown]
# ## Summary
#
# - Record parameters every epoch (`History.params`) and draw the fit at chosen epochs in
#   **one** small-multiples figure.
# - A live plot is one figure redrawn in place by a training callback.
# - Sliders make the epoch and the learning rate tangible; every widget here has a static
#   figure before it.
# - On a log scale, the distance to the least-squares answer falls along a straight line:
#   gradient descent converges geometrically, at a rate set by the flattest direction of the
#   loss surface and the learning rate.
#
# Next: **06 · Full batch, mini-batch, stochastic**.

# %% [markdown]
# ## Exercises
#
# Each exercise has a task, a cell for your answer and a check cell. Run the check cell: it
# prints a line starting with **Correct:**, or stops with a hint about what went wrong.
#
# The set-up cell below is all the exercises need: it imports `np` (NumPy) and `plt`
# (pyplot), and makes `history_ex`, a run of full-batch gradient descent from $(0, 0)$ on the
# lesson's data, and the least-squares answer `w_star`, `b_star`. After a restart, run it, then
# the cells of the exercise you are on; each check cell imports its own checker.

# %%
import matplotlib.pyplot as plt
import numpy as np

from course_utils import closed_form, gradient_descent, make_linear_data, set_seed, use_course_style

set_seed(0)
use_course_style()
x_ex, y_ex = make_linear_data()
history_ex = gradient_descent(x_ex, y_ex, lr=0.02, epochs=300)
w_star, b_star = closed_form(x_ex, y_ex)
print(f"history_ex: {history_ex.epochs} epochs, {len(history_ex.params)} entries in params")

# %% [markdown]
# ### Exercise 1: when is the fit good enough?
#
# Write `first_epoch_within(history, w_star, b_star, tol)` that returns the first epoch `k`
# at which the parameters `history.params[k]` are within distance `tol` of the least-squares
# answer, measured in the $(w, b)$ plane: $\sqrt{(w - w^*)^2 + (b - b^*)^2} < tol$ (strictly
# less). Remember that `params[0]` is the start (epoch 0) and `params[k]` the parameters after
# epoch `k`; each entry is a dict with keys `"w"` and `"b"`. The first epoch within `tol`
# counts even if a later one moves away again. Return the epoch as a whole number, or `None`
# when the run never gets that close. Use the `history` you are given, and leave it as it is
# (read it, do not change it): the check calls your function with runs of its own.
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
from course_utils.checks import check_first_epoch_within
check_first_epoch_within(first_epoch_within)

# %% [markdown]
# ### Exercise 2: distance to the optimum on a log scale
#
# Write `plot_distance(history, w_star, b_star, ax)` that draws, on the Axes `ax` it is
# given, the distance of `history.params[k]` to $(w^*, b^*)$ against the epoch
# `k = 0, 1, ..., E` (every entry of `history.params`), with a logarithmic y axis (the x axis
# stays linear), and returns `ax`. As in Exercise 1, use the `history` you are given and do
# not change it.
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


fig, ax = plt.subplots(figsize=(6.4, 3.8), layout="constrained")
plot_distance(history_ex, w_star, b_star, ax)
plt.show()

# %%
from course_utils.checks import check_plot_distance
check_plot_distance(plot_distance)

# %% [markdown]
# ### Exercise 3: predict, then check: ten times closer
#
# Section 5 found that from epoch 20 on, every epoch shrinks the distance to the least-squares
# answer by the same factor, and printed that factor (a little below 1). `history_ex` is the
# same kind of run on the same data. **Before you run the check cell**, predict: starting at
# epoch 20, how many epochs does it take until the distance is 10 times smaller? Work it out
# from the factor, write the number in the next cell (`my_prediction = ...`), then run the
# check cell. It draws the distance of `history_ex` per epoch, counts the epochs, and says
# whether your prediction is within 10% of the count.
#
# *Why it matters:* a constant factor per epoch is what geometric convergence means in
# practice: it tells you how many more epochs buy another digit of accuracy before you spend
# them, and it is the slope you read off the log-scale plot of Exercise 2.

# %% tags=["solution"]
# after n more epochs the distance is shrink**n times as large: solve shrink**n = 1/10
shrink = 0.9907  # the factor printed at the end of section 5
my_prediction = np.log(10) / -np.log(shrink)

# %%
from course_utils.checks import check_prediction
from course_utils.plotting import plot_distance_to_optimum

fig, ax = plt.subplots(figsize=(6.4, 3.8), layout="constrained")
plot_distance_to_optimum(history_ex, x_ex, y_ex, ax=ax)
distance = ax.get_lines()[0].get_ydata()  # one value per entry of history_ex.params
tenth = 20 + int(np.flatnonzero(distance[20:] <= distance[20] / 10)[0])
ax.axvline(20, color="gray", linestyle=":")
ax.axvline(tenth, color="gray", linestyle=":")
plt.show()
print(f"distance at epoch 20: {distance[20]:.4f}, first 10 times smaller at epoch {tenth}: {distance[tenth]:.4f}")
check_prediction(
    my_prediction,
    tenth - 20,
    what="the number of epochs from epoch 20 until the distance is 10 times smaller",
    why="Each epoch multiplies the distance by the same factor f, so 10 times smaller takes n "
    "epochs with f**n = 1/10: n = log(10) / -log(f). Each epoch removes about 1% of what is "
    "LEFT, an amount that shrinks too, so it takes far more than 90 epochs.",
    rtol=0.1,  # within 10%
)
