# %% [markdown]
# ## Exercises
#
# Each exercise has a task, a cell for your answer and a check cell. Run the check cell: it
# prints a line starting with **Correct:**, or stops with a hint about what went wrong.

# %%
import math

import torch
from torch import nn

from course_utils import linear_model, make_linear_data, set_seed
from course_utils.checks import check_epoch_loss, check_updates_per_epoch
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
# Write `epoch_loss(batch_losses, batch_sizes)` that turns the mean losses of an epoch's
# batches (Python lists of floats and ints) into the mean loss over all samples of the epoch.
# With the parameters held fixed, as above, your answer must equal the loss on the full data.
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
check_epoch_loss(epoch_loss)

# %% [markdown]
# ### Exercise 2: how many updates per epoch?
#
# Write `updates_per_epoch(n, batch_size, drop_last)` that returns how many optimizer steps
# one epoch over `n` samples makes, for a DataLoader with that `batch_size` and `drop_last`.
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
check_updates_per_epoch(updates_per_epoch)
