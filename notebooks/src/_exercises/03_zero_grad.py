# %% [markdown]
# ## Exercises
#
# Each exercise has a task, a cell for your answer and a check cell. Run the check cell: it
# prints a line starting with **Correct:**, or stops with a hint about what went wrong.

# %%
import torch
from torch import nn

from course_utils import make_linear_data, set_seed
from course_utils.checks import check_grad_accumulation, check_zero_grad_loop

set_seed(0)
x_ex, y_ex = make_linear_data(20, seed=3)  # float32 tensors of shape (20, 1)

# %% [markdown]
# ### Exercise 1: put `zero_grad` where it belongs
#
# This loop has the bug this lesson is about:
#
# ```python
# def train_fixed(model, optimizer, loss_fn, x, y, steps):
#     losses = []
#     for step in range(steps):
#         loss = loss_fn(model(x), y)
#         loss.backward()
#         optimizer.step()
#         losses.append(loss.item())
#     return losses
# ```
#
# Copy it into the cell below and add `optimizer.zero_grad()` in the right place.
#
# *Why it matters:* without it every step uses the sum of all past gradients; the loop
# still runs and the loss may even fall for a while.

# %% tags=["solution"]
def train_fixed(model, optimizer, loss_fn, x, y, steps):
    losses = []
    for step in range(steps):
        optimizer.zero_grad()  # clear the previous step's gradient before backward() adds to it
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses


# %%
check_zero_grad_loop(train_fixed)

# %% [markdown]
# ### Exercise 2: accumulate on purpose
#
# Sometimes a batch does not fit in memory. Write `accumulate_grads(model, loss_fn, x, y, k)`
# that splits `x` and `y` into `k` equal micro-batches (`x.chunk(k)`) and leaves in the
# parameters' `.grad` exactly the gradient of the full-batch loss. Do not step: the optimizer
# step comes after it. The model may arrive with an old `.grad`.
#
# *Why it matters:* this is how large batches are trained on small hardware (training code
# for large language models divides the loss by the number of accumulation steps for the
# same reason).

# %% tags=["solution"]
def accumulate_grads(model, loss_fn, x, y, k):
    model.zero_grad()  # once, before the micro-batches
    for xb, yb in zip(x.chunk(k), y.chunk(k)):
        loss = loss_fn(model(xb), yb) / k  # each micro-batch is 1/k of the full mean
        loss.backward()  # adds into .grad


model_ex = nn.Linear(1, 1)
accumulate_grads(model_ex, nn.MSELoss(), x_ex, y_ex, k=4)
accumulated = [p.grad.clone() for p in model_ex.parameters()]
model_ex.zero_grad()
nn.MSELoss()(model_ex(x_ex), y_ex).backward()
print("same as the full batch:", all(torch.allclose(a, p.grad) for a, p in zip(accumulated, model_ex.parameters())))

# %%
check_grad_accumulation(accumulate_grads)
