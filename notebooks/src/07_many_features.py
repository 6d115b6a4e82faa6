# %% [markdown]
# # 07 · Many features, and how to tell a model is good
#
# Lessons 01-06 fitted a line to **one** input and watched the **training** loss. Real data
# has many inputs, and a falling training loss says nothing about new data. This lesson
# takes both steps with the model you know: a linear model with three inputs, checked
# against least squares, and then a model that fits its training points ever better while
# getting worse on new ones.
#
# **You will learn**
# - to write the model for $d$ features, $\hat y = XW^\top + b$ with $X$ of shape $(N, d)$,
#   as `nn.Linear(d, 1)`, and that gradient descent reaches the least-squares answer;
# - what features on very different scales do to the shape of the loss surface (its
#   condition number) and to the learning rates that work, and what standardising changes;
# - to hold back a **validation** set, record its loss every epoch and draw it next to the
#   training loss;
# - to recognise **overfitting** and to stop early: keep the weights of the epoch with the
#   lowest validation loss.

# %%
import copy

import matplotlib.pyplot as plt
import numpy as np
import torch
from torch import nn, optim

import course_utils
from course_utils import set_seed

set_seed(0)
course_utils.use_course_style()  # the course's figure style: readable on a projector

# %% [markdown]
# ## 1. Many inputs: $X$ has shape $(N, d)$
#
# A courier's price for 200 deliveries, from three measurements in their natural units:
# the **distance** in metres, the parcel's **mass** in grams and the **waiting time** at
# pick-up in seconds. We generate the data ourselves, with known weights, so we know the
# answer: price = 0.0004 €/m · distance + 0.003 €/g · mass + 0.05 €/s · waiting + 2 €, plus
# noise with standard deviation 0.5 €. Each row of `X` is one delivery, each column one
# feature.

# %%
rng = np.random.default_rng(0)
n = 200
X = np.column_stack([
    rng.uniform(500, 20_000, n),   # distance (m)
    rng.uniform(100, 5_000, n),    # mass (g)
    rng.uniform(10, 120, n),       # waiting time (s)
])
w_true, b_true = np.array([0.0004, 0.003, 0.05]), 2.0
y = X @ w_true + b_true + rng.normal(0, 0.5, n)
features = ["distance (m)", "mass (g)", "waiting (s)"]

print("X:", X.shape, "| y:", y.shape)
for name, column in zip(features, X.T):
    print(f"{name:13s} from {column.min():8.1f} to {column.max():8.1f}")

# %% [markdown]
# ## 2. The model: $\hat y = XW^\top + b$, or `nn.Linear(d, 1)`
#
# With $d$ features the line becomes a weighted sum: each feature gets its own weight, and
# one bias is added, $\hat y_i = w_1 x_{i1} + w_2 x_{i2} + w_3 x_{i3} + b$. For all rows at
# once that is a matrix product. `nn.Linear(3, 1)` stores the weights as a matrix $W$ of
# shape (1, 3), one row per output, and computes $XW^\top + b$: for the batch of shape
# (N, 3) it returns predictions of shape (N, 1).

# %%
x_t = torch.tensor(X, dtype=torch.float32)
y_t = torch.tensor(y, dtype=torch.float32).reshape(-1, 1)  # (N, 1), like the predictions

set_seed(0)
model = nn.Linear(3, 1)
print("weight:", tuple(model.weight.shape), "| bias:", tuple(model.bias.shape))
by_hand = x_t @ model.weight.T + model.bias
print("predictions:", tuple(model(x_t).shape), "| largest difference from X @ W.T + b:",
      (model(x_t) - by_hand).abs().max().item())

# %% [markdown]
# ## 3. The target: least squares for $d$ features
#
# Lesson 01 found the best line in closed form. The same works for any $d$: append a column
# of ones to $X$ (its weight is the bias), $A = [X, 1]$ of shape $(N, d + 1)$, and find the
# $\theta = (w_1, \dots, w_d, b)$ with the smallest mean squared error. It solves the
# **normal equations** $A^\top A\,\theta = A^\top y$; `np.linalg.lstsq` solves the same
# problem in a numerically safer way. This $\theta$ is what gradient descent should reach.

# %%
A = np.column_stack([X, np.ones(n)])
theta_star, *_ = np.linalg.lstsq(A, y, rcond=None)
print(f"{'':13s} {'true':>8s} {'least squares':>14s}")
for name, true, found in zip([*features, "bias"], [*w_true, b_true], theta_star):
    print(f"{name:13s} {true:8.4f} {found:14.4f}")
mse_star = np.mean((A @ theta_star - y) ** 2)
print(f"least-squares MSE: {mse_star:.4f}")

# %% [markdown]
# The estimates are close to the true weights, not equal: 200 noisy deliveries do not pin
# them down exactly. The least-squares MSE is the lowest loss any $(W, b)$ can reach on
# these data.
#
# ## 4. Raw features: which learning rates work?
#
# The gradient of the MSE for a weight is $\frac{2}{N}\sum_i e_i x_{ij}$: proportional to
# its feature. Distances run to 20,000, waiting times to 120, so one learning rate is far
# too large for one weight and far too small for another (lesson 04 met this with heights
# in cm). For full-batch gradient descent the loss surface's curvature decides it: the MSE
# is a bowl whose curvature along its steepest direction is the largest eigenvalue
# $\lambda_{\max}$ of $\frac{2}{N}A^\top A$, and gradient descent diverges for any learning
# rate above $2 / \lambda_{\max}$.
#
# **Predict:** lesson 04 needed a tiny learning rate for heights in centimetres. Here the
# distances run to almost 20,000 m. Will gradient descent from zero weights still converge
# at lr = 1e-8? And will lr = 6e-9 bring the loss near the least-squares MSE within 100
# epochs?

# %%
def run_gd(x, y, lr, epochs=100):
    """Full-batch gradient descent on nn.Linear from zero weights: the final loss, or None."""
    model = nn.Linear(x.shape[1], 1)
    nn.init.zeros_(model.weight)
    nn.init.zeros_(model.bias)
    try:
        history = course_utils.fit(model, x, y, lr=lr, epochs=epochs)
    except course_utils.TrainingDiverged as err:
        return None, err.epoch
    return history.loss[-1], model


def lr_table(x, y, lrs):
    for lr in lrs:
        final, model_or_epoch = run_gd(x, y, lr)
        result = f"diverged (loss inf) at epoch {model_or_epoch}" if final is None else f"loss after 100 epochs {final:.4g}"
        print(f"  lr {lr:<6g}: {result}")


hessian_raw = 2 / n * A.T @ A
print(f"raw features: largest stable lr 2 / lambda_max = {2 / np.linalg.eigvalsh(hessian_raw).max():.2e}")
lr_table(x_t, y_t, [1e-9, 3e-9, 6e-9, 1e-8])

# %% [markdown]
# Just above $2/\lambda_{\max}$ (1e-8) the run diverges; just below it (6e-9) it converges,
# but after 100 epochs the loss is still far above the least-squares MSE. Along the
# distance weight the bowl is so steep that the learning rate must stay tiny, and along the
# other directions that tiny rate barely moves. How unequal the directions are is measured
# by the **condition number** $\lambda_{\max} / \lambda_{\min}$ of $A^\top A$: 1 for a
# round bowl, huge for a narrow valley.

# %%
print(f"condition number of A^T A, raw features: {np.linalg.cond(A.T @ A):.2e}")

# %% [markdown]
# ## 5. Standardised features: a round bowl
#
# Standardising each column, $z = (x - \text{mean}) / \text{std}$ (lesson 04's
# `Standardizer`), puts every feature on the same scale. The bowl becomes nearly round, and
# one learning rate suits every weight.

# %%
scaler = course_utils.Standardizer().fit(x_t)
z_t = scaler.transform(x_t)
Z = z_t.double().numpy()
A_z = np.column_stack([Z, np.ones(n)])
hessian_z = 2 / n * A_z.T @ A_z
print(f"condition number of A^T A, standardised: {np.linalg.cond(A_z.T @ A_z):.2f}")
print(f"standardised: largest stable lr 2 / lambda_max = {2 / np.linalg.eigvalsh(hessian_z).max():.2f}")
lr_table(z_t, y_t, [0.01, 0.1, 0.5, 0.9, 1.1])

# %% [markdown]
# From a condition number in the billions to one near 1: now every learning rate in the
# table from 0.1 up to 0.9, just below $2/\lambda_{\max}$, reaches the least-squares MSE
# (0.2588) within 100 epochs, and above it (1.1) the loss explodes.
#
# The contours show the same thing. Below, the loss over two of the weights, mass and
# waiting time, with the other weight and the bias held at their least-squares values,
# drawn with **equal scales on both axes**, so a round bowl looks round.

# %%
def slice_loss(A, y, theta, i, j, wi, wj):
    """MSE over a grid of (theta[i], theta[j]), the other entries held fixed."""
    Wi, Wj = np.meshgrid(wi, wj)
    rest = A @ theta - A[:, i] * theta[i] - A[:, j] * theta[j]
    pred = rest[None, None, :] + Wi[..., None] * A[:, i] + Wj[..., None] * A[:, j]
    return Wi, Wj, np.mean((pred - y) ** 2, axis=-1)


theta_z, *_ = np.linalg.lstsq(A_z, y, rcond=None)
fig, axes = plt.subplots(1, 2, figsize=(9, 4.2), layout="constrained")
for ax, AA, th, half, title in ((axes[0], A, theta_star, 0.06, "raw features"),
                                (axes[1], A_z, theta_z, 3.0, "standardised features")):
    wi = np.linspace(th[1] - half, th[1] + half, 101)
    wj = np.linspace(th[2] - half, th[2] + half, 101)
    Wi, Wj, L = slice_loss(AA, y, th, 1, 2, wi, wj)
    levels = np.geomspace(mse_star * 1.5, L.max(), 10)
    contours = ax.contour(Wi, Wj, L, levels=levels, cmap="viridis")
    fig.colorbar(contours, ax=ax, label="MSE", format="%.3g")
    ax.plot(th[1], th[2], marker="*", ms=14, color="gold", mec="black", ls="none")
    ax.set_aspect("equal")
    ax.set_xlabel("weight of mass")
    ax.set_ylabel("weight of waiting time")
    ax.set_title(title)
plt.show()

block_raw, block_z = A[:, 1:3].T @ A[:, 1:3], A_z[:, 1:3].T @ A_z[:, 1:3]
print(f"condition number of this 2-weight slice: raw {np.linalg.cond(block_raw):.0f}, standardised {np.linalg.cond(block_z):.2f}")

# %% [markdown]
# On raw features the contours are long thin ellipses: a small change of the mass weight
# costs as much as a large change of the waiting weight, because masses are in the thousands
# of grams and waiting times stay below two minutes. On standardised features they are nearly
# circles: the gradient points at the minimum from everywhere.
#
# ## 6. Gradient descent reaches least squares
#
# Now the five-step loop of lesson 04, unchanged except for the `3` in `nn.Linear(3, 1)`, on
# the standardised features, lr = 0.5, 100 full-batch epochs.
#
# **Predict:** least squares on the standardised features is a different $\theta$ from the
# raw one (the weights now multiply standardised values). After 100 epochs, will the trained
# weights agree with it to 4 decimals, or only roughly?

# %%
set_seed(0)
model = nn.Linear(3, 1)
optimizer = optim.SGD(model.parameters(), lr=0.5)
loss_fn = nn.MSELoss()
for epoch in range(100):
    y_pred = model(z_t)              # 1. forward
    loss = loss_fn(y_pred, y_t)      # 2. loss
    optimizer.zero_grad()            # 3. zero_grad
    loss.backward()                  # 4. backward
    optimizer.step()                 # 5. step

theta_gd = np.append(model.weight.detach().double().numpy().ravel(), model.bias.item())
print("gradient descent:", np.round(theta_gd, 4))
print("least squares:   ", np.round(theta_z, 4))
print("every parameter within 1e-4 of least squares:", bool(np.abs(theta_gd - theta_z).max() < 1e-4))

# %% tags=["check"]
assert np.allclose(theta_gd, theta_z, atol=1e-4), "gradient descent did not reach least squares"

# %% [markdown]
# This is the lesson's point, and the last line says it: the weights that gradient descent
# finds **are** the least-squares answer, to float32 precision. If the loop had a bug (a
# missing `zero_grad`, a shape that broadcasts), that line would print `False`.
#
# The weights belong to standardised features. Undo the scaling to read them in euros per
# metre, gram and second: $z_j = (x_j - m_j)/s_j$, so $w_j z_j = (w_j / s_j)\,x_j - w_j m_j / s_j$.

# %%
mean, std = scaler.mean.double().numpy(), scaler.std.double().numpy()
w_raw = theta_gd[:3] / std
b_raw = theta_gd[3] - np.sum(theta_gd[:3] * mean / std)
print(f"{'':13s} {'true':>8s} {'least squares':>14s} {'trained':>8s}")
for name, true, lsq, trained in zip([*features, "bias"], [*w_true, b_true], theta_star, [*w_raw, b_raw]):
    print(f"{name:13s} {true:8.4f} {lsq:14.4f} {trained:8.4f}")

# %% [markdown]
# ## 7. A training loss alone cannot tell you a model is good
#
# So far every loss was measured on the data the model trained on. Many tutorials stop
# there. But the training loss only says how well the model fits **the points it has
# seen**; a model can fit them perfectly by memorising them (noise included) and still
# predict new points badly. A low training loss is necessary, never sufficient.
#
# The remedy: hold back part of the data as a **validation set** the model never trains on,
# and measure the loss there after every epoch. `course_utils.fit(..., val=(x_val, y_val))`
# records it in `history.val_loss`. The statistics for standardising come from the training
# part only: the validation set stands for data the model has not seen, so nothing about it
# may shape the model, its scaling included.

# %%
(x_train, y_train), (x_val, y_val) = course_utils.train_val_split(x_t, y_t, val_frac=0.25, seed=0)
scaler = course_utils.Standardizer().fit(x_train)  # training statistics only
set_seed(0)
model = nn.Linear(3, 1)
history = course_utils.fit(model, scaler.transform(x_train), y_train, lr=0.1, epochs=50,
                           val=(scaler.transform(x_val), y_val))
print(f"{len(x_train)} training and {len(x_val)} validation deliveries")
for epoch in (1, 5, 10, 50):
    print(f"epoch {epoch:2d}: training loss {history.loss[epoch - 1]:9.4f}, validation loss {history.val_loss[epoch - 1]:9.4f}")

# %%
fig, ax = plt.subplots(figsize=(6, 3.6))
epochs = np.arange(1, history.epochs + 1)
ax.plot(epochs, history.loss, label="training loss (during the epoch)")
ax.plot(epochs, history.val_loss, label="validation loss (after the epoch)")
ax.set_yscale("log")
ax.set_xlabel("epoch")
ax.set_ylabel("MSE (log scale)")
ax.set_title("three weights, 150 deliveries: no overfitting")
ax.legend()
plt.show()

# %% [markdown]
# The two curves fall together, and neither turns up: three weights cannot memorise 150
# deliveries, so what the model learned holds for new ones. The validation loss ends a little
# higher (0.3570 against 0.2276): 50 other deliveries with their own noise, scored by a model
# that never saw them. (The training loss of an epoch is measured before that epoch's update,
# the validation loss after it, which is why the validation curve starts lower.)
#
# ## 8. Overfitting: 12 points, 12 polynomial features
#
# Now a model with room to memorise. 24 noisy points of $y = \sin(\pi x)$, half of them for
# training. The features are the powers $x, x^2, \dots, x^{12}$, standardised with the
# training statistics: a linear model on them is a polynomial of degree 12, with 13
# parameters for 12 training points. We train with Adam, lr = 0.05, for 500 epochs,
# starting from zero weights.
#
# We train once and use the run twice: here to watch the two losses, in section 9 to keep
# the best weights. For that, `fit` takes **callbacks**: each is called after every epoch
# with the history and the model. `KeepBest` below copies the weights whenever the
# validation loss sets a new low.

# %%
rng = np.random.default_rng(0)
x_poly = torch.tensor(rng.uniform(-1, 1, 24), dtype=torch.float32).reshape(-1, 1)
y_poly = torch.sin(torch.pi * x_poly) + torch.tensor(rng.normal(0, 0.3, (24, 1)), dtype=torch.float32)
(xp_train, yp_train), (xp_val, yp_val) = course_utils.train_val_split(x_poly, y_poly, val_frac=0.5, seed=0)


def powers(x, degree=12):
    return torch.cat([x**k for k in range(1, degree + 1)], dim=1)


poly_scaler = course_utils.Standardizer().fit(powers(xp_train))
p_train, p_val = poly_scaler.transform(powers(xp_train)), poly_scaler.transform(powers(xp_val))


class KeepBest:
    """A fit callback: remembers the epoch with the lowest validation loss and its weights."""

    def __init__(self):
        self.epoch, self.val_loss, self.state = 0, float("inf"), None

    def __call__(self, history, model):
        if history.val_loss[-1] < self.val_loss:
            self.epoch, self.val_loss = history.epochs, history.val_loss[-1]
            self.state = copy.deepcopy(model.state_dict())  # a copy: training goes on changing the weights

# %% [markdown]
# **Predict:** after a few wobbles in the first epochs, the training loss will keep falling
# for all 500 epochs. What will the validation loss do: fall with it, level off, or turn up?

# %%
poly = nn.Linear(12, 1)
nn.init.zeros_(poly.weight)
nn.init.zeros_(poly.bias)
keep = KeepBest()
poly_history = course_utils.fit(poly, p_train, yp_train, optimizer=optim.Adam(poly.parameters(), lr=0.05),
                                epochs=500, val=(p_val, yp_val), callbacks=[keep])
for epoch in (1, 100, 200, 350, 500):
    print(f"epoch {epoch:4d}: training loss {poly_history.loss[epoch - 1]:.4f}, validation loss {poly_history.val_loss[epoch - 1]:.4f}")

# %%
fig, ax = plt.subplots(figsize=(6, 3.6))
epochs = np.arange(1, poly_history.epochs + 1)
ax.plot(epochs, poly_history.loss, label="training loss")
ax.plot(epochs, poly_history.val_loss, label="validation loss")
best = int(np.argmin(poly_history.val_loss)) + 1
ax.axvline(best, color="gray", ls=":", label=f"lowest validation loss (epoch {best})")
ax.set_yscale("log")
ax.set_xlabel("epoch")
ax.set_ylabel("MSE (log scale)")
ax.set_title("degree 12 on 12 points: overfitting")
ax.legend()
plt.show()

# %% [markdown]
# The training loss falls all the way (Adam's first large steps wobble a little, hardly
# visible here); the validation loss falls at first, reaches its
# lowest point, then climbs. From there on every epoch fits the noise of the 12 training
# points more closely, and the curve between them bends further away from $\sin(\pi x)$.
# That is **overfitting**, and only the validation curve shows it.
#
# ## 9. Early stopping: keep the best epoch's weights
#
# The idea that follows: train, watch the validation loss, and **keep the weights from the
# epoch where it was lowest**. The callback `keep` did that during the run above; the model
# itself holds the weights after the last epoch. Keep a copy of those, then load the kept ones.

# %%
final = copy.deepcopy(poly)
poly.load_state_dict(keep.state)
loss_fn = nn.MSELoss()
print(f"lowest validation loss {keep.val_loss:.4f} at epoch {keep.epoch} (training loss then {poly_history.loss[keep.epoch - 1]:.4f})")
print(f"after epoch 500: validation loss {poly_history.val_loss[-1]:.4f} (training loss {poly_history.loss[-1]:.4f})")
print(f"the kept weights, evaluated again on the validation set: {course_utils.evaluate(poly, loss_fn, p_val, yp_val):.4f}")

# %%
grid = torch.linspace(-1, 1, 201).reshape(-1, 1)
fig, ax = plt.subplots(figsize=(6, 3.8))
ax.plot(grid, torch.sin(torch.pi * grid), color="gray", ls="--", label=r"$\sin(\pi x)$, no noise")
with torch.no_grad():
    ax.plot(grid, poly(poly_scaler.transform(powers(grid))), label=f"kept: epoch {keep.epoch}")
    ax.plot(grid, final(poly_scaler.transform(powers(grid))), label="after epoch 500")
ax.plot(xp_train, yp_train, "o", color="black", label="training points")
ax.plot(xp_val, yp_val, "s", mfc="none", color="tab:red", label="validation points")
ax.set_ylim(-2, 2)
ax.set_xlabel("x")
ax.set_ylabel("y")
ax.set_title("the polynomial at the kept epoch and at the end")
ax.legend(loc="lower right")
plt.show()

# %% [markdown]
# The kept polynomial follows the sine; the final one chases the training points and
# swings between them, and the validation points pay for it. One caution: the validation
# set chose the epoch, so its loss at that epoch is a slightly optimistic estimate. Projects
# that report a final number keep a third set, the **test set**, untouched until the end.
#
# Here we trained all 500 epochs and looked back. In practice training stops once the
# validation loss has set no new low for a number of epochs in a row, the **patience**, and
# keeps the best weights seen; Exercise 3 writes that rule.

# %% [markdown]
# ## Summary
#
# - $d$ features: $X$ of shape $(N, d)$, $\hat y = XW^\top + b$, `nn.Linear(d, 1)` with a
#   weight of shape $(1, d)$; the five-step loop is unchanged.
# - Least squares on $A = [X, 1]$ (`np.linalg.lstsq`, or the normal equations
#   $A^\top A\,\theta = A^\top y$) is the answer gradient descent reaches: we checked it.
# - Features on very different scales make the loss surface a narrow valley (a huge
#   condition number): only a tiny learning rate is stable, and it crawls. Standardising
#   with training statistics makes the bowl round and lets one learning rate suit every weight.
# - The training loss cannot tell you a model is good. Record a **validation** loss every
#   epoch; when it turns up while the training loss falls, the model is overfitting.
# - **Early stopping**: keep the weights from the epoch with the lowest validation loss, and
#   stop when it has not improved for `patience` epochs.
#
# Next: **08 · The same loop on a real data set**.

# %% [markdown]
# ## Exercises
#
# Each exercise has a task, a cell for your answer and a check cell. Run the check cell: it
# prints a line starting with **Correct:**, or stops with a hint about what went wrong. The
# next cell sets up what the exercises use: `np`, `torch`, `nn`, `optim`, the delivery data
# (`X`, `y` as NumPy arrays) and its split (`x_train`, `y_train`, `x_val`, `y_val`,
# tensors). After a restart, run it first.

# %%
import numpy as np
import torch
from torch import nn, optim

from course_utils import set_seed
from course_utils.data import train_val_split

set_seed(0)
rng = np.random.default_rng(0)
X = np.column_stack([rng.uniform(500, 20_000, 200), rng.uniform(100, 5_000, 200), rng.uniform(10, 120, 200)])
y = X @ np.array([0.0004, 0.003, 0.05]) + 2.0 + rng.normal(0, 0.5, 200)
(x_train, y_train), (x_val, y_val) = train_val_split(
    torch.tensor(X, dtype=torch.float32), torch.tensor(y, dtype=torch.float32).reshape(-1, 1), val_frac=0.25, seed=0
)

# %% [markdown]
# ### Exercise 1: the normal equations
#
# Write `normal_equations(X, y)` that returns the least-squares parameters for the linear
# model with a bias, by solving the normal equations $A^\top A\,\theta = A^\top y$ with
# $A = [X, 1]$. `X` is a NumPy array of shape (N, d), `y` of shape (N,). Return a 1-D array
# (or tensor) of $d + 1$ numbers: the $d$ weights, then the bias. Leave `X` and `y` unchanged.
# `np.linalg.solve` solves a linear system.
#
# *Why it matters:* the normal equations are where the least-squares answer comes from; and
# forgetting the column of ones is the classic way to fit a model without a bias.

# %% tags=["solution"]
def normal_equations(X, y):
    A = np.column_stack([X, np.ones(len(X))])  # the column of ones carries the bias
    return np.linalg.solve(A.T @ A, A.T @ y)


print(np.round(normal_equations(X, y), 4))

# %%
from course_utils.checks import check_normal_equations
check_normal_equations(globals().get("normal_equations"))

# %% [markdown]
# ### Exercise 2: standardise with training statistics only
#
# Write `standardise(x_train, x_val)` that returns `(z_train, z_val)`: both sets
# standardised column by column, $(x - \text{mean}) / \text{std}$, with the mean and the
# standard deviation of each column computed on `x_train` **only**. The inputs are float
# tensors of shape (N, d); return tensors (or NumPy arrays) of the same shapes and leave the
# inputs unchanged.
#
# *Why it matters:* the validation set stands for data the model has never seen. Statistics
# taken from it (or from all the data) let it shape the model and make its loss look better
# than new data will.

# %% tags=["solution"]
def standardise(x_train, x_val):
    mean = x_train.mean(dim=0)  # per column, from the training set only
    std = x_train.std(dim=0)
    return (x_train - mean) / std, (x_val - mean) / std


z_train, z_val = standardise(x_train, x_val)
print(f"largest |column mean|: training {z_train.mean(dim=0).abs().max():.4f}, validation {z_val.mean(dim=0).abs().max():.2f}")

# %%
from course_utils.checks import check_standardise
check_standardise(globals().get("standardise"))

# %% [markdown]
# ### Exercise 3: when to stop
#
# Write `early_stop(val_losses, patience)`. `val_losses` is a list of validation losses, one
# per epoch, as in `history.val_loss`: `val_losses[0]` is the loss after epoch 1. Training
# stops at the first epoch that comes `patience` epochs after the epoch of the lowest loss so
# far, that is, after `patience` epochs in a row without a new low (a new low is **strictly**
# lower than every loss before it). Return two numbers, `(stop, best)`: the epoch at which
# training stops (the last epoch, `len(val_losses)`, if that never happens), and the epoch
# with the lowest loss up to `stop`, whose weights you keep. Count epochs from 1, as `fit`
# does, and leave the list unchanged.
#
# *Why it matters:* the epochs after the stop never run, so the choice may use only the
# losses up to it; and off-by-one epochs are the classic mistake in this bookkeeping.

# %% tags=["solution"]
def early_stop(val_losses, patience):
    best, lowest = 0, float("inf")
    for epoch, loss in enumerate(val_losses, start=1):  # epochs count from 1
        if loss < lowest:
            best, lowest = epoch, loss
        elif epoch - best >= patience:
            return epoch, best  # the later epochs never run
    return len(val_losses), best


print(early_stop([0.9, 0.5, 0.6, 0.4, 0.45, 0.47, 0.5, 0.3], patience=3))

# %%
from course_utils.checks import check_early_stop
check_early_stop(globals().get("early_stop"))

# %% [markdown]
# ### Exercise 4: predict, then check: more training points
#
# In sections 8 and 9 the degree-12 polynomial trained on 12 points ended (epoch 500) with a
# validation loss several times its lowest value. The check cell below runs the same recipe
# (same function and noise, degree 12, Adam lr = 0.05, 500 epochs, half the points for
# validation) on **96** points instead of 24, so 48 for training, and prints the final
# validation loss divided by the lowest one.
#
# **Before you run it**, predict that ratio and write it in `my_prediction`. Think about
# what 48 points leave a polynomial of degree 12 to memorise.
#
# *Why it matters:* more data is the first cure for overfitting; knowing how much it helps
# tells you whether to collect data or to stop early.

# %% tags=["solution"]
my_prediction = 1.0  # 48 points pin the 13 parameters down: little noise left to memorise

# %%
import numpy as np
import torch
from torch import nn, optim

from course_utils import Standardizer, fit
from course_utils.checks import check_prediction
from course_utils.checks import read_prediction
from course_utils.data import train_val_split

WHAT_4 = "the final validation loss divided by the lowest one, with 48 training points"
predicted = read_prediction(globals().get("my_prediction"), what=WHAT_4)  # before the experiment
rng_4 = np.random.default_rng(0)
x_4 = torch.tensor(rng_4.uniform(-1, 1, 96), dtype=torch.float32).reshape(-1, 1)
y_4 = torch.sin(torch.pi * x_4) + torch.tensor(rng_4.normal(0, 0.3, (96, 1)), dtype=torch.float32)
(x4_train, y4_train), (x4_val, y4_val) = train_val_split(x_4, y_4, val_frac=0.5, seed=0)
powers_4 = lambda x: torch.cat([x**k for k in range(1, 13)], dim=1)  # noqa: E731
scaler_4 = Standardizer().fit(powers_4(x4_train))
model_4 = nn.Linear(12, 1)
nn.init.zeros_(model_4.weight)
nn.init.zeros_(model_4.bias)
history_4 = fit(model_4, scaler_4.transform(powers_4(x4_train)), y4_train, optimizer=optim.Adam(model_4.parameters(), lr=0.05),
                epochs=500, val=(scaler_4.transform(powers_4(x4_val)), y4_val))
ratio = history_4.val_loss[-1] / min(history_4.val_loss)
print(f"lowest validation loss {min(history_4.val_loss):.4f}, after epoch 500 {history_4.val_loss[-1]:.4f}: ratio {ratio:.2f}")
check_prediction(
    predicted, round(ratio, 2), what=WHAT_4, at_least=1, wrap=True,
    why="With 48 points for 13 parameters the polynomial cannot pass through every noisy point, so "
        "fitting the training set better keeps fitting the function too: the validation loss stays "
        "close to its lowest value. Overfitting needs room to memorise: few points, many parameters.",
)
