# %% [markdown]
# # 06 · Full batch, mini-batch, stochastic: how much data per step?
#
# Until now every update used all the data (**full batch**). Most real training uses a few
# samples per update (**mini-batches**), or even one (**stochastic gradient descent**, SGD in
# the strict sense). This lesson compares them on the lesson-01 data, honestly: per epoch,
# per update, per sample seen and per second.
#
# **You will learn**
# - `TensorDataset` and `DataLoader`: `batch_size`, seeded shuffling, `drop_last`, the smaller last batch;
# - how to compute the **epoch loss** correctly, and two tempting wrong ways;
# - how batch sizes 1, 16 and 100 compare against epochs, updates, samples and wall-clock time;
# - why small batches end in a **noise ball** around the optimum instead of at it, what a
#   typical tutorial's settings give on this data, and what "mini-batch noise regularises"
#   can and cannot mean for a line;
# - what a `DataLoader` costs for data already in memory, and when it is the right tool.

# %%
import time

import matplotlib.pyplot as plt
import numpy as np
import torch
from torch import nn, optim
from torch.utils.data import DataLoader, TensorDataset

import course_utils
from course_utils import set_seed
from course_utils.widgets import batch_size_explorer

set_seed(0)
course_utils.use_course_style()  # the course's figure style: readable on a projector

x, y = course_utils.make_linear_data()  # 100 points around y = 2x + 1, shape (100, 1)
w_star, b_star = course_utils.closed_form(x, y)
best_loss = course_utils.mse(w_star * x + b_star, y)
print(f"least squares: w* = {w_star:.4f}, b* = {b_star:.4f}, loss {best_loss:.4f}")

# %% [markdown]
# ## 1. `TensorDataset` and `DataLoader`
#
# A `TensorDataset` pairs tensors sample by sample; a `DataLoader` serves them in batches.
# With 100 samples and `batch_size=16`, an epoch has 7 batches: six of 16 and a **smaller
# last batch** of 4. `drop_last=True` drops that last batch (4 samples unseen this epoch).
# Shuffling draws a new order every epoch from a random generator: give it its own seeded
# `torch.Generator` so the order is the same on every run, whatever else the notebook drew.

# %%
dataset = TensorDataset(x, y)
print("dataset length:", len(dataset), "| one sample:", tuple(t.shape for t in dataset[0]))

loader = DataLoader(dataset, batch_size=16, shuffle=True, generator=torch.Generator().manual_seed(0))
first_epoch = list(loader)  # iterating the loader once = one epoch
second_epoch = list(loader)
print("batch sizes:               ", [len(xb) for xb, yb in first_epoch])
loader_drop = DataLoader(dataset, batch_size=16, shuffle=True, drop_last=True, generator=torch.Generator().manual_seed(0))
print("batch sizes, drop_last=True:", [len(xb) for xb, yb in loader_drop])

first_y = torch.cat([yb for _, yb in first_epoch])
second_y = torch.cat([yb for _, yb in second_epoch])
print("each epoch sees every sample once:", torch.equal(first_y.sort(dim=0).values, y.sort(dim=0).values))
print("a new order every epoch:          ", not torch.equal(first_y, second_y))

same_seed = DataLoader(dataset, batch_size=16, shuffle=True, generator=torch.Generator().manual_seed(0))
print("same seed, same first epoch:      ", torch.equal(torch.cat([yb for _, yb in same_seed]), first_y))

# %% [markdown]
# `course_utils.make_loader(x, y, batch_size, seed=0)` builds exactly this loader.
#
# ## 2. The epoch loss, done right
#
# During an epoch of mini-batches the parameters change after every batch, so "the loss of
# the epoch" needs care. Three candidates, after one epoch of batch size 16 from $(0, 0)$:
#
# 1. **weighted mean of the batch losses**: each batch loss times its batch size, divided by
#    $N$. This is the average loss per *sample* as the model met it during the epoch.
# 2. **naive mean of the batch losses**: the last batch of 4 counts as much as a batch of 16.
# 3. **full-data loss after the epoch**: one extra pass with the final parameters; the
#    honest "how good is the model now", at the price of an extra forward pass.

# %%
model = course_utils.linear_model(0.0, 0.0)
optimizer = optim.SGD(model.parameters(), lr=0.005)
loss_fn = nn.MSELoss()
batch_losses, batch_sizes = [], []
for xb, yb in DataLoader(dataset, batch_size=16, shuffle=True, generator=torch.Generator().manual_seed(0)):
    loss = loss_fn(model(xb), yb)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    batch_losses.append(loss.item())
    batch_sizes.append(len(xb))

weighted = sum(l * n for l, n in zip(batch_losses, batch_sizes)) / sum(batch_sizes)
naive = sum(batch_losses) / len(batch_losses)
with torch.inference_mode():
    after = loss_fn(model(x), y).item()
print("batch losses:", [round(l, 2) for l in batch_losses], "sizes", batch_sizes)
print(f"1. weighted by batch size:   {weighted:8.4f}")
print(f"2. naive mean of batches:    {naive:8.4f}")
print(f"3. full data after the epoch: {after:7.4f}")

# %% [markdown]
# The first batches were measured with bad early parameters, so both means are far above the
# loss the model has at the end of the epoch. The naive mean is off in another way too: it
# gives the 4 samples of the last batch four times their share. Here that batch was measured
# with nearly trained parameters, so the naive mean comes out *lower* than the weighted one;
# in another epoch it could be higher. `course_utils.fit` records the weighted mean in
# `history.loss` (the loss measured *during* each epoch) and the full-data loss *after* each
# epoch in `history.loss_after` (index k: after k epochs, 0 the start); with `val=(x_val,
# y_val)` also the validation loss after each epoch in `history.val_loss`.
#
# ## 3. Batch sizes 1, 16 and 100
#
# Same data, same start $(0, 0)$, same learning rate 0.005, same seed, 40 epochs each. Batch
# 100 is full batch (1 update per epoch), batch 16 makes 7 updates per epoch, batch 1 makes
# 100. We judge each run by the full-data loss after each epoch (`history.loss_after`).
#
# **Predict:** after one epoch every run has seen the same 100 samples. Which batch size has
# the lowest full-data loss then? And after 40 epochs?

# %%
runs = {}
for batch_size in (1, 16, 100):
    model = course_utils.linear_model(0.0, 0.0)
    h = course_utils.fit(model, x, y, lr=0.005, epochs=40, batch_size=batch_size, seed=0)
    h.label = f"batch {batch_size}"
    runs[h.label] = h
    print(f"{h.label:9s} updates {h.steps[-1]:5d}   full-data loss after 1 / 5 / 40 epochs: "
          f"{h.loss_after[1]:8.3f} {h.loss_after[5]:7.3f} {h.loss_after[40]:7.3f}   final (w, b) = "
          f"({h.params[-1]['w']:.3f}, {h.params[-1]['b']:.3f})")

# %% [markdown]
# One figure, three x axes. The same three runs against **epochs** (passes over the data;
# with 100 samples per epoch, also the **samples seen** in hundreds), **updates** (optimizer
# steps), and **wall-clock time**:

# %%
fig, axes = plt.subplots(1, 3, figsize=(9, 3.8), sharey=True, layout="constrained")
for label, h in runs.items():
    for ax, xs in zip(axes, (range(1, h.epochs + 1), h.steps, h.time)):
        ax.plot(xs, h.loss_after[1:], marker="o", ms=3, label=label)
for ax, name in zip(axes, ("epoch (x 100 = samples seen)", "updates (log scale)", "seconds (this machine)")):
    ax.set_xlabel(name)
    ax.axhline(best_loss, color="gray", ls=":", lw=1)
axes[1].set_xscale("log")
axes[0].set_yscale("log")
axes[0].set_ylabel("full-data loss after each epoch")
axes[0].legend()
plt.show()

# %% tags=["check"]
assert runs["batch 1"].steps[-1] == 4000 and runs["batch 16"].steps[-1] == 280 and runs["batch 100"].steps[-1] == 40
assert runs["batch 1"].samples == runs["batch 100"].samples

# %% [markdown]
# - **Per epoch** (and per sample, the same axis here): smaller batches get close first
#   (after 1 epoch: 2.45 for batch 1, 3.03 for batch 16, 69.4 for full batch), because batch
#   1 makes 100 updates per pass over the data and full batch one. But batch 1 then bounces
#   (3.06 after 5 epochs, 2.28 after 40, worse than full batch's 2.23): the noise ball of
#   section 4. Batch 16 is lowest after 5 and after 40 epochs; batch 1 only after the
#   first.
# - **Per update**: full batch wins; each of its steps uses the exact gradient, while a batch
#   of 1 follows a noisy estimate from a single point.
# - **Per second** on this CPU: each update costs about the same (mostly per-operation
#   overhead, not arithmetic), so an epoch of batch 1, with its 100 updates, costs far more
#   than an epoch of full batch with its one: compare the last panel. On a GPU, or
#   with a large model, a batch of 100 costs barely more than a batch of 1, which is why
#   practice uses mini-batches: many updates per epoch, each reasonably accurate and cheap.
#
# ## 4. Three paths on one contour, and the noise ball
#
# The per-epoch parameters of the three runs on the loss surface of lesson 01. To see where
# small batches end up we need no new run: batch 1 is near the optimum within a few epochs,
# so we scatter its parameters after each of its epochs 11 to 40.

# %%
cloud = np.array(runs["batch 1"].param_path("w", "b")[11:])  # after epochs 11, 12, ..., 40
spread = np.hypot(cloud[:, 0] - w_star, cloud[:, 1] - b_star)
full = runs["batch 100"].params[-1]
print(f"batch 1 after epochs 11 to 40: distance of (w, b) to the optimum: median {np.median(spread):.3f}, "
      f"max {spread.max():.3f}; full batch after 40 epochs: {np.hypot(full['w'] - w_star, full['b'] - b_star):.3f}")

fig, (ax_all, ax_zoom) = plt.subplots(1, 2, figsize=(9, 4.2), layout="constrained")
# 61 x 61 grid points: a smooth bowl needs no finer grid to draw its contours
course_utils.plot_loss_landscape(x, y, w_range=(-0.2, 3.0), b_range=(-0.6, 2.0), paths=runs, ax=ax_all, resolution=61)
ax_all.set_title("per-epoch paths of batch 1, 16 and 100")
course_utils.plot_loss_landscape(x, y, w_range=(1.8, 2.45), b_range=(0.55, 1.3), ax=ax_zoom, resolution=61)
ax_zoom.scatter(cloud[:, 0], cloud[:, 1], s=12, color="black", alpha=0.5, label="batch 1, epochs 11-40", zorder=4)
ax_zoom.legend(loc="upper right")
ax_zoom.set_title("zoom: the noise ball of batch 1")
plt.show()

# %% [markdown]
# Full batch (green) walks smoothly but slowly along the valley. Batch 1 gets near the
# optimum within an epoch or two, then **never settles**: each update follows one point's
# gradient, which is not zero at the optimum, so the parameters jiggle in a cloud around it
# (black). The cloud shrinks with a smaller learning rate or a larger batch, which is why
# training schedules often lower the learning rate towards the end. Full batch is still
# farther away after 40 epochs, but it keeps closing in and would reach the optimum
# exactly; batch 1 at this learning rate may pass close to the optimum, but it does not
# stay there: the next update throws it back into the cloud.
#
# ## 5. A tutorial's settings: lr 0.01, 100 epochs, batch 16
#
# Many first PyTorch tutorials train with a learning rate of 0.01 for 100 epochs in batches
# of 16. Here are those settings, once, on this lesson's data.
#
# **Predict:** after one epoch this run's loss is already close to the least-squares loss.
# Will it be closer still after 100 epochs?

# %%
tutorial = course_utils.fit(course_utils.linear_model(0.0, 0.0), x, y, lr=0.01, epochs=100, batch_size=16, seed=0)
p = tutorial.params[-1]
late = tutorial.loss_after[51:]  # after each of epochs 51 to 100
print(f"lr 0.01, batch 16: loss after 1 / 100 epochs: {tutorial.loss_after[1]:.4f} / {tutorial.loss_after[100]:.4f}"
      f"   least squares: {best_loss:.4f}")
print(f"learned line: y = {p['w']:.4f} x + {p['b']:.4f}   least squares: y = {w_star:.4f} x + {b_star:.4f}")
print(f"loss after each of epochs 51 to 100: lowest {min(late):.4f}, median {np.median(late):.4f}, highest {max(late):.4f}")

# %% [markdown]
# No: the loss after 100 epochs is twice the least-squares loss, and higher than after one
# epoch. The run did not diverge: after each of epochs 51 to 100 its loss lies anywhere
# between 2.1596 and 4.6633. That is section 4's noise ball, wider at this learning rate, and
# the last epoch happened to land near its edge. With mini-batches and a constant learning
# rate, "the loss after 100 epochs" is one draw from the ball; another seed or one more epoch
# gives another.
#
# Why does the course train differently? Two more runs of 100 epochs at lr 0.01 answer it:
# full batches instead of 16 (`fit`'s defaults: `lr=0.01`, `epochs=100`, `batch_size=None`),
# and the tutorial's settings on **standardised** inputs (lesson 04).

# %%
default = course_utils.fit(course_utils.linear_model(0.0, 0.0), x, y)  # fit's defaults: full batch
z = course_utils.Standardizer().fit_transform(x)  # inputs with mean 0 and standard deviation 1
scaled = course_utils.fit(course_utils.linear_model(0.0, 0.0), z, y, lr=0.01, epochs=100, batch_size=16, seed=0)
print(f"{'lr 0.01, 100 epochs':34s} loss after epochs 51-100: lowest  highest   after 100")
for label, h in (("batch 16, raw x (the tutorial)", tutorial), ("full batch, raw x (fit's defaults)", default),
                 ("batch 16, standardised x", scaled)):
    late = h.loss_after[51:]
    print(f"{label:34s} {min(late):31.4f} {max(late):8.4f} {h.loss_after[100]:11.4f}")

# %% [markdown]
# - **Full batch** has no noise: the same run every time, a lower loss after every epoch, and
#   "the loss after 100 epochs" (2.1902) means something. On raw inputs it is slow, though:
#   it crawls along the flat valley floor of lesson 05.
# - **Standardised inputs** make the bowl round. The tutorial's settings then work as
#   intended: the ball shrinks to almost nothing (2.1584 after 100 epochs, against 2.1574 for
#   least squares). On raw inputs from 0 to 10, each batch's gradient along $w$ is scaled by
#   $x$, and so is its noise: lr 0.01 is a large, noisy step there. Tutorials' settings
#   assume inputs of about unit size; they are not universal constants.
#
# So `fit` keeps the tutorial's `lr=0.01` and `epochs=100` as defaults but trains on **full
# batches** unless told otherwise: the course's data sets are small, and a deterministic,
# smooth run makes every printed number repeatable. This lesson compares batch sizes at
# **lr 0.005** on raw inputs: half the tutorial's rate, so that batch 1, with its 100 updates
# per epoch on one point each, stays in a small ball; and 40 epochs are enough to see it.
#
# ## 6. Does the noise of small batches regularise?
#
# You will read that "mini-batch noise acts as a regulariser": the jitter keeps a model from
# fitting its training data too closely, so it does better on new data. What can this
# lesson's runs show about it? We score the least-squares line and batch 1's parameters after
# epochs 11 to 40 (the cloud of section 4) on the training data, and on new data from the same
# source: another 1000 points around $y = 2x + 1$ with the same noise.

# %%
x_new, y_new = course_utils.make_linear_data(n=1000, seed=7)  # new data, never trained on
train_cloud = runs["batch 1"].loss_after[11:]  # after each of epochs 11 to 40
new_cloud = [course_utils.mse(float(w) * x_new + float(b), y_new) for w, b in cloud]
new_best = course_utils.mse(w_star * x_new + b_star, y_new)
print(f"training data: least squares {best_loss:.4f}; batch 1 after epochs 11-40: median {np.median(train_cloud):.4f}, "
      f"lowest {min(train_cloud):.4f}")
print(f"new data:      least squares {new_best:.4f}; batch 1 after epochs 11-40: median {np.median(new_cloud):.4f}, "
      f"lower than least squares after {sum(v < new_best for v in new_cloud)} of {len(new_cloud)} epochs")
print(f"new data, the true line y = 2x + 1: {course_utils.mse(2 * x_new + 1, y_new):.4f}")

# %% [markdown]
# What the runs show is the noise itself: batch 1 jitters around the optimum and, at a
# constant learning rate, never settles. What they cannot show is a benefit. A line on
# 100 points has two parameters and a convex loss with **one** minimum: there is nothing to
# overfit, and least squares is already as good on new data as the true line (2.3369 against
# 2.3316). Every point of the cloud has a higher training loss than least squares (which is
# the minimum), and on new data the cloud is worse too: median 2.4844, and lower than least
# squares after only 1 of its 30 epochs, by chance. Here the noise only costs.
#
# The claim comes from deep networks, whose losses have many minima. There, the noise of
# small batches is argued to steer training away from sharp minima towards flat ones, which
# are thought to generalise better (an *implicit* regularisation, as opposed to an explicit
# penalty). That is an active research question, not a settled fact: how much of the effect
# is the noise, and whether well-tuned large batches do as well, is debated. Where a model
# *can* overfit, this course shows it on validation data: lesson 07, sections 8 and 9
# (overfitting with polynomial features, and early stopping).
#
# ## 7. Explore: batch size
#
# Move the slider: for each batch size (10 epochs, learning rate 0.005, same seed), the path
# on the contour, the final line and the loss per epoch. The widget needs a running kernel;
# `snapshot(1)` is a still picture of what it draws for batch size 1, which every viewer
# shows:

# %%
explorer = batch_size_explorer(x, y, batch_sizes=(1, 4, 16, 50, 100), epochs=10, lr=0.005)
explorer.snapshot(1)

# %% tags=["nbval-ignore-output"]
explorer

# %% [markdown]
# ## 8. What batching costs
#
# A `DataLoader` was built for data that does not fit in memory: it asks the dataset for
# **one sample at a time** (`dataset[i]`), then stacks them into a batch (`collate`). For
# tensors already in memory that is a lot of Python work per sample. The alternative is to
# shuffle the index once per epoch and **slice** (`course_utils.batches`, which `fit` uses):
#
# ```python
# order = torch.randperm(n, generator=g)
# x, y = x[order], y[order]
# for start in range(0, n, batch_size):
#     xb, yb = x[start:start + batch_size], y[start:start + batch_size]
# ```
#
# Both serve every sample exactly once per epoch in the same batch sizes:

# %%
g = torch.Generator().manual_seed(0)
sliced = [(len(xb), yb) for xb, yb in course_utils.batches(x, y, 16, generator=g)]
print("batch sizes from slicing:", [n for n, _ in sliced])
print("every sample exactly once:", torch.equal(torch.cat([yb for _, yb in sliced]).sort(dim=0).values, y.sort(dim=0).values))

# %% [markdown]
# How long does it take just to *serve* one epoch of 5,000 samples with 13 features (no
# training), at three batch sizes? The times are your machine's: they differ from run to
# run and from machine to machine (`benchmarks/throughput.py` measures whole training
# epochs).
#
# **Predict:** as the batch size grows from 16 to 4096, will the `DataLoader`'s time per
# epoch fall the way slicing's does?

# %% tags=["nbval-ignore-output"]
big_x = torch.randn(5_000, 13, generator=torch.Generator().manual_seed(0))
big_y = torch.randn(5_000, 1, generator=torch.Generator().manual_seed(1))
big = TensorDataset(big_x, big_y)


def seconds(make_batches):
    best = float("inf")
    for _ in range(2):
        start = time.perf_counter()
        sum(len(xb) for xb, _ in make_batches())  # serve one epoch, every batch
        best = min(best, time.perf_counter() - start)
    return best


print(f"{'batch size':>10s} {'DataLoader':>12s} {'slicing':>10s} {'ratio':>7s}")
for bs in (16, 256, 4096):
    t_loader = seconds(lambda: DataLoader(big, batch_size=bs, shuffle=True, generator=torch.Generator().manual_seed(0)))
    t_slice = seconds(lambda: course_utils.batches(big_x, big_y, bs, generator=torch.Generator().manual_seed(0)))
    print(f"{bs:10d} {t_loader:11.3f}s {t_slice:9.4f}s {t_loader / t_slice:6.0f}x")

# %% [markdown]
# Read your table down its columns. The `DataLoader` column does not fall much as the batches
# grow, and may even rise: its cost is mostly per *sample* (one `dataset[i]` call each, then
# stacking). The slicing column falls as the batches grow: its cost is per *batch*. So the
# ratio column, how many times faster slicing is on your machine, grows with the batch size.
# For small models on in-memory data the `DataLoader`'s overhead can be most of the
# training time.
#
# **When a `DataLoader` is the right tool:** when the data does not fit in memory (read
# samples from disk in `__getitem__`), when each sample needs a transform (image
# augmentation, tokenising), when loading should run in parallel worker processes
# (`num_workers`) while the model trains, or when the samples have different sizes and need
# a custom `collate_fn`. For a few tensors already in memory, slice.

# %% [markdown]
# ## Summary
#
# - `DataLoader(TensorDataset(x, y), batch_size, shuffle=True, generator=...)` serves
#   batches; seed its generator; the last batch is smaller unless `drop_last=True`.
# - The epoch loss is the batch losses **weighted by batch size**; the full-data loss after
#   the epoch says how good the model is now.
# - Smaller batches make more, noisier updates per epoch: faster per epoch, slower per
#   update, and they end in a noise ball around the optimum; a larger learning rate or raw,
#   unscaled inputs widen it, so "the loss after 100 epochs" of one such run is luck.
# - For a line the noise only costs; its regularising effect is a claim about deep networks,
#   and lesson 07 shows overfitting where it can happen.
# - For in-memory tensors, shuffling once and slicing is much cheaper than a `DataLoader`.
#
# Next: **07 · Many features, and how to tell a model is good**.

# %% [markdown]
# ## Exercises
#
# Each exercise has a task, a cell for your answer and a check cell. Run the check cell: it
# prints a line starting with **Correct:**, or stops with a hint about what went wrong. After a
# restart, run this set-up cell first: it imports everything an answer may use (`math`,
# `numpy as np`, `torch`, `DataLoader`) and makes the exercises' data.

# %%
import math

import numpy as np
import torch
from torch import nn
from torch.utils.data import DataLoader

from course_utils import linear_model, make_linear_data, set_seed
from course_utils.data import make_loader

set_seed(0)
x_ex, y_ex = make_linear_data()  # 100 points
model_ex = linear_model(1.5, 0.0)
loss_fn = nn.MSELoss()
with torch.no_grad():  # one pass over the data with the parameters held fixed
    batch_stats = [(loss_fn(model_ex(xb), yb).item(), len(xb)) for xb, yb in make_loader(x_ex, y_ex, 16, seed=0)]
batch_losses_ex = [loss for loss, _ in batch_stats]
batch_sizes_ex = [size for _, size in batch_stats]
print("batch sizes:", batch_sizes_ex)

# %% [markdown]
# ### Exercise 1: the epoch loss, done right
#
# Write `epoch_loss(batch_losses, batch_sizes)`. `batch_losses` is a Python list of floats,
# the mean loss of each batch of one epoch (what `loss.item()` gives); `batch_sizes` is a list
# of ints, the number of samples in each batch. Return the mean loss over all the samples of
# the epoch, as a float (not a tensor), and leave both lists as they are: the caller keeps
# using them. Use the arguments, not the lists of the set-up cell: the check calls your
# function with other epochs. With the parameters held fixed, as in the set-up cell, your
# answer equals the loss on the full data: the cell below your answer prints both.
#
# *Why it matters:* the last batch is often smaller (here 4 samples against 16); a plain
# mean of the batch losses gives it four times too much weight, and loss curves for
# different batch sizes stop being comparable.

# %% tags=["solution"]
def epoch_loss(batch_losses, batch_sizes):
    total = sum(loss * size for loss, size in zip(batch_losses, batch_sizes))  # undo each batch's mean
    return total / sum(batch_sizes)


with torch.no_grad():
    full = loss_fn(model_ex(x_ex), y_ex).item()
naive = sum(batch_losses_ex) / len(batch_losses_ex)
print(f"weighted {epoch_loss(batch_losses_ex, batch_sizes_ex):.4f}, full data {full:.4f}, naive mean {naive:.4f}")

# %%
from course_utils.checks import check_epoch_loss
check_epoch_loss(epoch_loss)

# %% [markdown]
# ### Exercise 2: how many updates per epoch?
#
# Write `updates_per_epoch(n, batch_size, drop_last)` that returns, as an int, how many
# optimizer steps one epoch over `n` samples makes with a DataLoader of that `batch_size`
# and `drop_last` (`n` and `batch_size` are at least 1; `n` may be smaller than
# `batch_size`). Work it out from the three arguments.
#
# *Why it matters:* learning-rate schedules, "loss against updates" plots and time per epoch
# all count updates, and the smaller last batch (or its absence) changes the count.

# %% tags=["solution"]
def updates_per_epoch(n, batch_size, drop_last):
    return n // batch_size if drop_last else math.ceil(n / batch_size)


for drop_last in (False, True):
    loader = make_loader(x_ex, y_ex, 16, drop_last=drop_last)
    print(f"drop_last={drop_last}: {updates_per_epoch(100, 16, drop_last)} updates, DataLoader has {len(loader)}")

# %%
from course_utils.checks import check_updates_per_epoch
check_updates_per_epoch(updates_per_epoch)

# %% [markdown]
# ### Exercise 3: predict, then check: what does `drop_last` lose?
#
# A loader over the 100 samples with `batch_size=16`, `shuffle=True` and `drop_last=True`
# serves 6 full batches per epoch and leaves 4 samples out of every epoch. Run 5 epochs
# with it: how many of the 100 samples does the model **never** see in those 5 epochs?
#
# Think first, then write your prediction, a number, in the next cell (`my_prediction = ...`)
# **before** you run the experiment below it. Then run the check: it compares the two.
#
# *Why it matters:* `drop_last=True` is common (it keeps every batch the same size); whether
# it throws away some of your data for good decides whether you can afford it.

# %% tags=["solution"]
my_prediction = 0

# %%
# The experiment: a loader over the sample numbers 0..99; which samples does each epoch leave out?
ids = DataLoader(torch.arange(100), batch_size=16, shuffle=True, drop_last=True, generator=torch.Generator().manual_seed(0))
never_seen = set(range(100))
for epoch in range(1, 6):
    served = set(torch.cat(list(ids)).tolist())
    never_seen -= served
    print(f"epoch {epoch}: {len(served)} samples served, left out {sorted(set(range(100)) - served)}; "
          f"never seen so far: {len(never_seen)}")

# %%
from course_utils.checks import check_prediction
check_prediction(my_prediction, len(never_seen), what="the number of samples never seen in 5 epochs",
                 why="Shuffling draws a new order every epoch, so a different 4 samples are left out each time; "
                     "a sample is missed only if it falls in the last, dropped batch in all 5 epochs "
                     "(a chance of 0.04 ** 5). drop_last skips a few samples per epoch, not the same ones forever.")
