# %% [markdown]
# ## Exercises
#
# Each exercise has a task, a cell for your answer and a check cell. Run the check cell: it
# prints a line starting with **Correct:**, or stops with a hint about what went wrong.

# %%
import torch
from torch import nn, optim

from course_utils import closed_form, gradient_descent, height_weight, linear_model, mse, set_seed
from course_utils.checks import check_loss_shapes, check_lr_standardised, check_training_loop

set_seed(0)
x_hw, y_hw = height_weight()  # 5 people: height in cm, weight in kg, shape (5, 1)
x_s = (x_hw - x_hw.mean()) / x_hw.std(correction=0)  # standardised heights: mean 0, sd 1

# %% [markdown]
# ### Exercise 1: the 5-step loop from memory
#
# Write `train_loop(model, x, y, lr, epochs)` that trains `model` full batch with
# `nn.MSELoss()` and `optim.SGD(model.parameters(), lr=lr)` for `epochs` epochs and returns
# the list of per-epoch losses (each epoch's loss as a float, computed before its update).
# Number the five steps in comments.
#
# *Why it matters:* every model in PyTorch, from this line to a language model, trains with
# these five steps in this order.

# %% tags=["solution"]
def train_loop(model, x, y, lr, epochs):
    loss_fn = nn.MSELoss()
    optimizer = optim.SGD(model.parameters(), lr=lr)
    losses = []
    for epoch in range(epochs):
        y_pred = model(x)            # 1. forward
        loss = loss_fn(y_pred, y)    # 2. loss
        optimizer.zero_grad()        # 3. clear old gradients
        loss.backward()              # 4. backward
        optimizer.step()             # 5. step
        losses.append(loss.item())
    return losses


losses_ex = train_loop(linear_model(0.0, 0.0), x_s, y_hw, lr=0.1, epochs=20)
print(f"loss: epoch 1 {losses_ex[0]:.1f}, epoch 20 {losses_ex[-1]:.2f}")

# %%
check_training_loop(train_loop)

# %% [markdown]
# ### Exercise 2: fix the (N,) vs (N, 1) bug
#
# Targets often arrive as a flat vector of shape (N,), while `nn.Linear` predicts (N, 1).
# `nn.MSELoss()(y_pred, y)` then broadcasts the two to (N, N), warns, and returns a number
# that is not the MSE. Write `mse_loss_fixed(y_pred, y)` that returns the correct MSE (as a
# tensor, so `backward()` still works) for targets of shape (N,) or (N, 1).
#
# *Why it matters:* the broadcast does not fail; with only a warning, the model learns to predict the
# mean of all targets for every input.

# %% tags=["solution"]
def mse_loss_fixed(y_pred, y):
    return nn.functional.mse_loss(y_pred, y.reshape(y_pred.shape))  # same shape: no broadcast


model_ex = linear_model(0.5, -30.0)
print(f"fixed {mse_loss_fixed(model_ex(x_hw), y_hw.reshape(-1)).item():.2f}, "
      f"with (N, 1) targets {nn.MSELoss()(model_ex(x_hw), y_hw).item():.2f}")

# %%
check_loss_shapes(mse_loss_fixed)

# %% [markdown]
# ### Exercise 3: a learning rate for standardised heights
#
# Take the standardised heights `x_s` (defined at the top of these exercises), keep the
# weights `y_hw` in kg, and start full-batch gradient descent at $(w, b) = (0, 0)$ (the default start
# of `gradient_descent`, or `linear_model(0.0, 0.0)`). Choose a learning rate `lr_standardised` with which the loss is
# within 1% of its minimum after 10 epochs. Try a few values; the lesson's 3e-6 and 0.1 are
# places to start, not answers.
#
# *Why it matters:* on unscaled data one learning rate cannot suit every parameter; after
# standardising, the loss is equally curved in every direction and one good rate is easy
# to find (and you can say how large it may be).

# %% tags=["solution"]
w_opt, b_opt = closed_form(x_s, y_hw)
best = mse(w_opt * x_s + b_opt, y_hw)
for lr in [3e-6, 0.01, 0.1, 0.3, 0.5, 0.9, 1.1]:
    p = gradient_descent(x_s, y_hw, lr=lr, epochs=10).params[-1]
    print(f"lr={lr:<6g} loss after 10 epochs {mse(p['w'] * x_s + p['b'], y_hw):10.2f} (minimum {best:.2f})")
lr_standardised = 0.5

# %%
check_lr_standardised(lr_standardised)
