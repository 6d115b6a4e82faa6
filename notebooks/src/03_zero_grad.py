# %% [markdown]
# # 03 · Gradients accumulate: what `zero_grad()` is for
#
# In lesson 02 we reset `.grad` after every step without saying much about it. This lesson
# is about that one line: what happens without it, why PyTorch works this way, and how to
# use accumulation on purpose.
#
# **You will learn**
# - that `backward()` **adds** into `.grad` instead of overwriting it;
# - what a training run without `zero_grad()` does, and how to predict it exactly;
# - where `optimizer.zero_grad()` goes in the loop and what `set_to_none` means;
# - how to accumulate gradients **on purpose** over micro-batches;
# - three classic bugs around gradients, and how to spot them.

# %%
import matplotlib.pyplot as plt
import numpy as np
import torch

import course_utils
from course_utils import set_seed

set_seed(0)
course_utils.use_course_style()  # the course's figure style: readable on a projector

x, y = course_utils.make_linear_data()  # the lesson-01 data: float32, shape (100, 1)

# %% [markdown]
# ## 1. Predict first
#
# We compute the loss at $w = b = 0$ and call `backward()` once: `w.grad` becomes
# $\partial L/\partial w = -134.1058$ (lesson 02).
#
# **Predict:** if we compute the same loss again and call `backward()` a second time,
# without touching `.grad`, what will `w.grad` be?

# %%
w = torch.zeros((), requires_grad=True)
b = torch.zeros((), requires_grad=True)

loss = ((w * x + b - y) ** 2).mean()
loss.backward()
print(f"after 1 backward:  w.grad = {w.grad.item():.4f}")

loss = ((w * x + b - y) ** 2).mean()
loss.backward()
print(f"after 2 backwards: w.grad = {w.grad.item():.4f}")

# %% [markdown]
# It **doubled**. `backward()` adds the new gradient to whatever `.grad` already holds. That
# is a design choice, not a bug: when a parameter is used in several places, or when a batch
# is split into pieces (section 4), adding is exactly what the chain rule needs. The price is
# that *you* must clear `.grad` between steps.
#
# ## 2. The same run with and without `zero_grad`
#
# From now on an **optimizer** does the update we wrote under `no_grad` in lesson 02:
# `torch.optim.SGD([w, b], lr=lr)` holds the parameters; `optimizer.step()` does
# `p -= lr * p.grad` for each, and `optimizer.zero_grad()` clears their gradients.
#
# Two runs, same data, same start, same learning rate; the only difference is the
# `zero_grad()` line. We record the loss and the size (norm) of the gradient that each step
# used.

# %%
def train(zero_grad: bool, steps: int = 30, lr: float = 0.005):
    w = torch.zeros((), requires_grad=True)
    b = torch.zeros((), requires_grad=True)
    optimizer = torch.optim.SGD([w, b], lr=lr)
    losses, grad_norms, fresh_grads = [], [], []
    for step in range(steps):
        loss = ((w * x + b - y) ** 2).mean()
        # torch.autograd.grad RETURNS the gradient of this step's loss instead of adding it
        # into .grad; retain_graph=True keeps the graph so loss.backward() below still works
        fresh_grads.append(torch.stack(torch.autograd.grad(loss, [w, b], retain_graph=True)))
        if zero_grad:
            optimizer.zero_grad()
        loss.backward()
        grad_norms.append(torch.stack([w.grad, b.grad]).norm().item())
        optimizer.step()
        losses.append(loss.item())
    return losses, grad_norms, torch.stack(fresh_grads)


good_loss, good_norm, _ = train(zero_grad=True)
bad_loss, bad_norm, bad_fresh = train(zero_grad=False)
for step in (0, 1, 2, 5, 10, 29):
    print(f"step {step:2d}  with zero_grad: loss {good_loss[step]:10.3f}  |grad| {good_norm[step]:10.3f}"
          f"    without: loss {bad_loss[step]:12.3f}  |grad| {bad_norm[step]:10.3f}")

# %% [markdown]
# With `zero_grad` the loss falls and the gradient shrinks as we approach the minimum.
# Without it, the gradient each step uses stays large even when the parameters pass right
# by the minimum (step 2 reaches a loss of 5.3, then flies off): the run swings back and
# forth and never settles.
#
# **Prediction:** without `zero_grad`, the gradient used at step $t$ is the **sum of all
# gradients so far**, $g_0 + g_1 + \dots + g_t$, each computed at the parameters of its own
# step. We recorded those fresh gradients $g_s$ with `torch.autograd.grad`, which returns a
# gradient instead of adding it into `.grad`, so we can draw the prediction over the broken
# run:

# %%
predicted_norm = bad_fresh.cumsum(dim=0).norm(dim=1)
print("prediction equals the broken run's gradient at every step:",
      torch.allclose(predicted_norm, torch.tensor(bad_norm), rtol=1e-4))

fig, (ax_loss, ax_grad) = plt.subplots(1, 2, figsize=(9, 3.8), layout="constrained")
ax_loss.plot(good_loss, marker="o", ms=3, label="with zero_grad()")
ax_loss.plot(bad_loss, marker="o", ms=3, color="tab:red", label="without zero_grad()")
ax_loss.set_yscale("log")
ax_loss.set_xlabel("step")
ax_loss.set_ylabel("loss (log scale)")
ax_loss.set_title("loss per step")
ax_grad.plot(good_norm, marker="o", ms=3, label="with zero_grad()")
ax_grad.plot(bad_norm, marker="o", ms=3, color="tab:red", label="without zero_grad()")
ax_grad.plot(predicted_norm, ls="none", marker="x", ms=7, color="black", label="prediction: |sum of past gradients|")
ax_grad.set_yscale("log")
ax_grad.set_xlabel("step")
ax_grad.set_ylabel("|gradient used| (log scale)")
ax_grad.set_title("the gradient each step used")
fig.legend(*ax_grad.get_legend_handles_labels(), loc="outside upper center", ncol=3)
plt.show()

# %% [markdown]
# Every black cross sits on the red curve: forgetting `zero_grad()` turns plain gradient
# descent into "step along the running sum of every gradient so far": like a ball rolling in
# a bowl with no friction, the parameters swing around the minimum instead of stopping in it
# (lesson 04 meets the useful version of this idea, *momentum*). With a small enough learning rate the broken run can even look fine for
# a while, which is what makes this bug hard to notice.
#
# ## 3. Where `zero_grad()` goes, and `set_to_none`
#
# Anywhere in the loop **before** `loss.backward()`, and never between `backward()` and
# `step()` (that would erase the gradient before it is used). The usual five-step order is:
#
# ```python
# for epoch in range(epochs):
#     y_pred = model(x)              # 1. forward
#     loss = loss_fn(y_pred, y)      # 2. loss
#     optimizer.zero_grad()          # 3. clear old gradients
#     loss.backward()                # 4. compute new gradients
#     optimizer.step()               # 5. update parameters
# ```
#
# Since PyTorch 2.0, `zero_grad()` does not fill the gradients with zeros: it sets them to
# `None` (`set_to_none=True`), which saves memory and a little time. Code that reads
# `.grad` after `zero_grad()` must expect `None`:

# %%
w = torch.zeros((), requires_grad=True)
b = torch.zeros((), requires_grad=True)
optimizer = torch.optim.SGD([w, b], lr=0.005)
((w * x + b - y) ** 2).mean().backward()

optimizer.zero_grad(set_to_none=False)
print("zero_grad(set_to_none=False): w.grad =", w.grad)
optimizer.zero_grad()
print("zero_grad() (the default):    w.grad =", w.grad)

# %% [markdown]
# ## 4. Accumulating on purpose
#
# Sometimes a batch is too big for memory. Then split it into $k$ **micro-batches**, call
# `backward()` on each (gradients add up, as we saw), and call `step()` once. For the sum to
# equal the full-batch gradient, each micro-batch loss is divided by $k$: the mean over 100
# points is the average of four means over 25 points.

# %%
def fresh_params():
    return torch.tensor(0.5, requires_grad=True), torch.tensor(-0.5, requires_grad=True)


# one full-batch step
w_full, b_full = fresh_params()
opt_full = torch.optim.SGD([w_full, b_full], lr=0.005)
opt_full.zero_grad()
((w_full * x + b_full - y) ** 2).mean().backward()
opt_full.step()

# the same step from k = 4 micro-batches of 25 points
k = 4
w_acc, b_acc = fresh_params()
opt_acc = torch.optim.SGD([w_acc, b_acc], lr=0.005)
opt_acc.zero_grad()
for xb, yb in zip(x.chunk(k), y.chunk(k)):
    loss = ((w_acc * xb + b_acc - yb) ** 2).mean()
    (loss / k).backward()  # gradients add up over the micro-batches
opt_acc.step()

print(f"full batch:       w = {w_full.item():.6f}, b = {b_full.item():.6f}")
print(f"4 micro-batches:  w = {w_acc.item():.6f}, b = {b_acc.item():.6f}")
print("equal (torch.allclose):", torch.allclose(w_full, w_acc) and torch.allclose(b_full, b_acc))

# %% [markdown]
# With micro-batches of **unequal** size, divide each loss by the total instead:
# `loss * len(xb) / len(x)`. Forgetting the `/ k` makes the step $k$ times too large,
# the same effect as a $k$ times larger learning rate.
#
# ## 5. Spot the bug
#
# Each cell below has one classic gradient bug. Read the code, guess what goes wrong, then
# read the output and the fix.
#
# **Bug 1: `backward()` under `no_grad`.** Someone wrapped the whole step in `no_grad` to
# "save memory":

# %%
w, b = fresh_params()
with torch.no_grad():
    loss = ((w * x + b - y) ** 2).mean()
    try:
        loss.backward()
    except RuntimeError as err:
        print("RuntimeError:", err)
print("loss.requires_grad:", loss.requires_grad, "| loss.grad_fn:", loss.grad_fn)

# %% [markdown]
# Inside `no_grad` nothing is recorded, so the loss has no `grad_fn` and there is nothing to
# differentiate. **Fix:** compute the loss and call `backward()` outside `no_grad`; only the
# *update* belongs inside it (and `optimizer.step()` already does that for you).
#
# **Bug 2: the optimizer holds someone else's parameters.** A second set of parameters was
# created after the optimizer, for example by re-running a cell that makes the model.
#
# **Predict:** the loop below runs five ordinary steps. What will the loss do?

# %%
w, b = fresh_params()
optimizer = torch.optim.SGD([w, b], lr=0.005)
w, b = fresh_params()  # re-running "make the model" creates NEW tensors

losses = []
for step in range(5):
    loss = ((w * x + b - y) ** 2).mean()
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    losses.append(round(loss.item(), 4))
print("loss per step:", losses)
held = [p for group in optimizer.param_groups for p in group["params"]]
print("does the optimizer hold w?", any(p is w for p in held))

# %% [markdown]
# The loss never moves: `step()` updates the *old* tensors, whose `.grad` is empty, while the
# new `w` and `b` collect gradients nobody uses. **Fix:** create the optimizer *after* the
# model, from `model.parameters()`, and re-run both together. (`course_utils.fit`, met in
# lesson 04, checks this for you and says so.)
#
# **Bug 3: plotting a tensor that still requires grad.**

# %%
w, b = fresh_params()
y_pred = w * x + b
try:
    plt.plot(x, y_pred)
except RuntimeError as err:
    print("RuntimeError:", err)
plt.close("all")

# %% [markdown]
# Matplotlib converts to NumPy, and PyTorch refuses to hand out the numbers of a tensor that
# is part of a graph. **Fix:** `y_pred.detach()` for plotting, or compute predictions for
# plots inside `torch.no_grad()` (lesson 04 uses `torch.inference_mode()`):

# %%
fig, ax = plt.subplots(figsize=(6, 3.6), layout="constrained")
ax.scatter(x, y, s=10, alpha=0.6, label="data")
ax.plot(x, y_pred.detach(), color="tab:red", label="w = 0.5, b = -0.5 (detached)")
ax.legend()
ax.set_title("plotting a detached prediction works")
plt.show()

# %% [markdown]
# ## Summary
#
# - `backward()` **adds** into `.grad`. Call `optimizer.zero_grad()` once per step, before
#   `backward()`.
# - Without it, each step uses the sum of all past gradients: the prediction matched the
#   broken run exactly, step for step.
# - `zero_grad()` sets gradients to `None` by default (`set_to_none=True`).
# - Accumulating on purpose: `backward()` on each of $k$ micro-batches with `loss / k`, then
#   one `step()`, equals one full-batch step.
# - Classic bugs: `backward()` under `no_grad`; an optimizer built for other tensors;
#   plotting without `.detach()`.
#
# Next: **04 · `nn.Linear` and the five-step training loop**.

# %% [markdown]
# ## Exercises
#
# Each exercise has a task, a cell for your answer and a check cell. Run the check cell: it
# prints a line starting with **Correct:**, or stops with a hint about what went wrong. After a
# restart, run the set-up cell below first, then the exercise's own cells: every check cell
# imports its checker itself.

# %%
import torch
from torch import nn

from course_utils import make_linear_data, set_seed

set_seed(0)
x_ex, y_ex = make_linear_data(20, seed=3)  # float32 tensors of shape (20, 1)

# %% [markdown]
# ### Exercise 1: predict four steps without `zero_grad`
#
# The cell after your prediction trains one number `w`, starting at `w = 1.0`, on the loss
# `5 * w` (its gradient is 5, whatever `w` is) with `torch.optim.SGD([w], lr=0.1)` for 4
# steps, and never clears the gradient. With `zero_grad()` every step would move `w` by the
# same amount. **Before you run it**, work out what `w` will be after the 4 steps, and write
# it in the cell below as `my_prediction = <a number>`.
#
# *Why it matters:* the missing `zero_grad()` never raises an error; knowing exactly what the
# broken loop computes is how you recognise it in a loss curve.

# %% tags=["solution"]
my_prediction = -4.0

# %%
w = torch.tensor(1.0, requires_grad=True)
optimizer = torch.optim.SGD([w], lr=0.1)
for step in range(4):
    loss = 5 * w  # dL/dw = 5 at every w
    loss.backward()  # no zero_grad(): .grad keeps what the earlier steps left
    optimizer.step()
    print(f"step {step}: w.grad = {w.grad.item():.1f}, w is now {w.item():.2f}")
print(f"w after 4 steps without zero_grad(): {w.item():.2f}")

# %%
from course_utils.checks import check_prediction
check_prediction(my_prediction, w.item(), what="w after 4 steps without zero_grad()", why="Step t used the sum of all gradients so far, 5 * (t + 1), so the steps were 0.5, 1.0, 1.5 and 2.0 instead of four steps of 0.5.", rtol=0.01)

# %% [markdown]
# ### Exercise 2: find the bug in a loop that does call `zero_grad`
#
# This loop prints the loss every 5 steps and returns the loss of each step. It calls
# `optimizer.zero_grad()`, yet the loss it prints stalls and swings instead of settling the way
# the lesson's loop does:
#
# ```python
# def train_logged(model, optimizer, loss_fn, x, y, steps):
#     losses = []
#     for step in range(steps):
#         loss = loss_fn(model(x), y)
#         loss.backward()
#         optimizer.step()
#         losses.append(loss.item())
#         if step % 5 == 0:
#             print(f"step {step:2d}: loss {loss.item():.3f}")
#             optimizer.zero_grad()
#     return losses
# ```
#
# Work out which steps use more than their own gradient, and why. Then define the fixed
# `train_logged`: the same arguments, one update per step with only that step's gradient, and
# the same returned list (the loss each step computed, as floats); it may keep printing.
# There is more than one right place for the fix, and one place that looks right but stops
# the training altogether: decide which before you run the check.
#
# *Why it matters:* a `zero_grad()` that runs on some steps only is harder to spot than a
# missing one: the loop runs, the loss falls at first, and the code "has" the line.

# %% tags=["solution"]
def train_logged(model, optimizer, loss_fn, x, y, steps):
    losses = []
    for step in range(steps):
        optimizer.zero_grad()  # every step, not only the steps that print
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
        if step % 5 == 0:
            print(f"step {step:2d}: loss {loss.item():.3f}")
    return losses


_ = torch.manual_seed(0)  # the same start every time this cell runs
model_ex = nn.Linear(1, 1)
_ = train_logged(model_ex, torch.optim.SGD(model_ex.parameters(), lr=0.005), nn.MSELoss(), x_ex, y_ex, steps=16)

# %%
from course_utils.checks import check_zero_grad_loop
check_zero_grad_loop(train_logged)

# %% [markdown]
# ### Exercise 3: accumulate on purpose
#
# Sometimes a batch does not fit in memory. Write `accumulate_grads(model, loss_fn, x, y, k)`
# that leaves in the parameters' `.grad` exactly the gradient of the full-batch loss
# `loss_fn(model(x), y)`, computed from `k` equal micro-batches of `x` and `y` (split them any
# way you like; the check uses a length that `k` divides) with one `backward()` per
# micro-batch, so that only one micro-batch's graph is in memory at a time. The model may
# arrive with an old `.grad`. Do not step: the optimizer step comes after the function.
# `torch` and `nn` are imported in the set-up cell.
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
from course_utils.checks import check_grad_accumulation
check_grad_accumulation(accumulate_grads)
