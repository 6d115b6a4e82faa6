# %% [markdown]
# # 08 · The same loop on a real data set: classifying wines
#
# Lesson 07 fitted a linear model to several inputs and held back a validation set. Real
# data often asks for a **category**, not a number. This lesson trains a small neural
# network to tell three grape cultivars apart from 13 chemical measurements, with the loop
# you already know.
#
# **You will learn**
# - to load a real data set shipped with the course, and split it into training and
#   validation sets **stratified** by class;
# - to standardise features with statistics from the training set only;
# - to build an MLP (13 → 10 → 10 → 3 with ReLU) and train it with `CrossEntropyLoss` on
#   logits and integer labels, Adam and mini-batches of 32;
# - to read per-batch and per-epoch loss and train/validation accuracy;
# - what unscaled features do to training, and what changes from regression to
#   classification (and what does not).

# %%
import matplotlib.pyplot as plt
import numpy as np
import torch
from torch import nn, optim

import course_utils
from course_utils import set_seed

set_seed(0)
course_utils.use_course_style()  # the course's figure style: readable on a projector

# %% [markdown]
# ## 1. The Wine data
#
# 178 wines from one region of Italy, from three cultivars (grape varieties; classes 0, 1, 2), each
# described by 13 measurements such as alcohol, magnesium and proline. The file
# `wine.csv` ships inside `course_utils` (its `datasets/README.md` says where it comes from),
# so it is there wherever the course is installed; nothing is downloaded.

# %%
wine = course_utils.load_wine()
x, y = wine.x, wine.y
print("x:", tuple(x.shape), x.dtype, "| y:", tuple(y.shape), y.dtype)
print("samples per class:", dict(zip(wine.class_names, torch.bincount(y).tolist())))
print()
print(f"{'feature':30s} {'min':>9s} {'max':>9s}")
for name, lo, hi in zip(wine.feature_names, x.min(dim=0).values, x.max(dim=0).values):
    print(f"{name:30s} {lo.item():9.2f} {hi.item():9.2f}")

# %% [markdown]
# Two things to notice. The labels are **integers** 0, 1, 2 of shape (178,): class indices,
# not numbers to predict. And the features live on wildly different scales: proline runs to
# 1680, hue stays below 2. Lessons 04 and 07 showed what that does to gradient descent.
#
# ## 2. Training and validation sets, stratified
#
# As in lesson 07, we hold back 20% of the wines to measure how well the model does on data
# it never trained on. With only 48 wines in class 2, a purely random split can leave the
# validation set short of one class; a **stratified** split takes 20% of each class.

# %%
(x_train, y_train), (x_val, y_val) = course_utils.train_val_split(x, y, val_frac=0.2, seed=0, stratify=True)
print("training:  ", len(y_train), "wines, per class", torch.bincount(y_train).tolist())
print("validation:", len(y_val), "wines, per class", torch.bincount(y_val).tolist())

# %% [markdown]
# ## 3. Standardise with training statistics only
#
# Each feature becomes $(x - \text{mean}) / \text{std}$, with mean and std computed on the
# **training** set and then applied unchanged to the validation set. Computing them on all
# data would leak information about the validation wines into training and make the
# validation score look better than it is.

# %%
scaler = course_utils.Standardizer().fit(x_train)
z_train, z_val = scaler.transform(x_train), scaler.transform(x_val)
print("training features: largest |column mean|", round(z_train.mean(dim=0).abs().max().item(), 6),
      "| stds", round(z_train.std(dim=0, correction=0).min().item(), 4), "to", round(z_train.std(dim=0, correction=0).max().item(), 4))
print("validation features: column means range from", round(z_val.mean(dim=0).min().item(), 3), "to",
      round(z_val.mean(dim=0).max().item(), 3), "(close to 0, not exactly: other wines)")

# %% [markdown]
# ## 4. The model: an MLP that outputs logits
#
# A line has one output. A classifier with 3 classes outputs **3 scores per wine**, called
# **logits**: the higher the score, the more the model believes in that class. Between input
# and output sit two hidden layers of 10 units with ReLU, so the model can combine features
# non-linearly.

# %%
set_seed(0)
model = nn.Sequential(
    nn.Linear(13, 10), nn.ReLU(),
    nn.Linear(10, 10), nn.ReLU(),
    nn.Linear(10, 3),  # no activation: raw scores (logits)
)
print(model)
print("parameters:", sum(p.numel() for p in model.parameters()))
logits = model(z_train[:3])
print("logits of 3 wines before training:\n", logits.detach().round(decimals=3))

# %% [markdown]
# `course_utils.mlp([13, 10, 10, 3])` builds the same network.
#
# ## 5. The loss: `CrossEntropyLoss` on logits and integer labels
#
# `nn.CrossEntropyLoss` turns the logits into probabilities with a softmax and takes
# $-\log p_{\text{true class}}$, averaged over the batch. Two rules: pass the **raw logits**
# (no softmax first: the loss does it, in a numerically safe way), and pass the targets as
# **integer class indices of shape (N,)** (dtype `int64`), as `wine.y` is. (Since PyTorch
# 1.10 the loss also accepts class *probabilities*, floats of shape (N, classes), for soft
# labels; a float column of shape (N,) or (N, 1) is neither, and `course_utils` works with
# indices.)
#
# **Predict:** the untrained network's logits are all close to 0 (above). What loss will it
# have on the training wines?

# %%
loss_fn = nn.CrossEntropyLoss()
print(f"loss before training: {loss_fn(model(z_train), y_train).item():.4f}   (log 3 = {np.log(3):.4f})")
probs = torch.softmax(model(z_train[:3]), dim=1)
print("softmax probabilities of 3 wines (rows sum to 1):\n", probs.detach().round(decimals=3))

# %% [markdown]
# Logits close to 0 give each class a probability close to 1/3, so the loss is close to
# $-\log \frac13 = \log 3$: the loss of a model with no idea yet.

# %% [markdown]
# ## 6. The training loop: Adam, batches of 32
#
# The same five steps as lesson 04, now over mini-batches (lesson 06): each epoch shuffles
# the 142 training wines with a seeded generator and takes 5 steps (4 batches of 32, one of
# 14). We record the loss of every batch, the epoch loss (weighted by batch size), and the
# accuracy on the training and validation sets after each epoch.

# %%
def train_classifier(model, x_tr, y_tr, x_va, y_va, *, epochs=150, lr=1e-3, batch_size=32, seed=0):
    optimizer = optim.Adam(model.parameters(), lr=lr)
    generator = torch.Generator().manual_seed(seed)
    log = {"batch_loss": [], "epoch_loss": [], "train_acc": [], "val_acc": []}
    for epoch in range(epochs):
        model.train()  # training mode (accuracy below switches to eval mode and back)
        total = 0.0
        for xb, yb in course_utils.batches(x_tr, y_tr, batch_size, generator=generator):
            logits = model(xb)             # 1. forward
            loss = loss_fn(logits, yb)     # 2. loss
            optimizer.zero_grad()          # 3. zero_grad
            loss.backward()                # 4. backward
            optimizer.step()               # 5. step
            log["batch_loss"].append(loss.item())
            total += loss.item() * len(xb)
        log["epoch_loss"].append(total / len(x_tr))
        log["train_acc"].append(course_utils.accuracy(model, x_tr, y_tr))
        log["val_acc"].append(course_utils.accuracy(model, x_va, y_va))
    return log


set_seed(0)
model = course_utils.mlp([13, 10, 10, 3])  # the network above, afresh: same seed, same start
scaled = train_classifier(model, z_train, y_train, z_val, y_val)
for epoch in (1, 10, 50, 100, 150):
    val_acc = scaled["val_acc"][epoch - 1]
    print(f"epoch {epoch:3d}  loss {scaled['epoch_loss'][epoch - 1]:.4f}  "
          f"train accuracy {scaled['train_acc'][epoch - 1]:.3f}  validation accuracy {val_acc:.3f} "
          f"({round(val_acc * len(y_val))} of {len(y_val)} wines)")

# %% [markdown]
# `course_utils.accuracy` takes the **argmax** of the logits as the prediction (the softmax
# does not change which score is largest) and compares it with the label, in eval mode and
# without building a graph.
#
# By epoch 50 every training wine is classified correctly and 35 of the 36 validation wines.
# After that the training loss keeps falling towards 0, but validation accuracy does not
# improve and even drops by one wine (from 35 to 34 of 36): the model is becoming more confident,
# not better: the start of **overfitting**, fitting the training wines ever more tightly
# without getting better on new ones. With 36 validation wines, differences of one or two wines are noise; watch
# the trend, not the third decimal.
#
# ## 7. Unscaled vs scaled features
#
# The same network, same seed, same loop, on the raw features.
#
# **Predict:** proline runs to 1680. What will the loss be in the first epoch on the raw
# features, and will the network reach the same validation accuracy in 150 epochs?

# %%
set_seed(0)
model_raw = course_utils.mlp([13, 10, 10, 3])
raw = train_classifier(model_raw, x_train, y_train, x_val, y_val)
print("unscaled, loss of epochs 1 / 10 / 20 / 40:", [round(raw["epoch_loss"][e - 1], 2) for e in (1, 10, 20, 40)])
print(f"after 150 epochs, unscaled: loss {raw['epoch_loss'][-1]:.4f}, validation accuracy {raw['val_acc'][-1]:.3f}")
print(f"after 150 epochs, scaled:   loss {scaled['epoch_loss'][-1]:.4f}, validation accuracy {scaled['val_acc'][-1]:.3f}")

# %%
fig, (ax_loss, ax_acc) = plt.subplots(1, 2, figsize=(9, 4), layout="constrained")
steps_per_epoch = len(scaled["batch_loss"]) // len(scaled["epoch_loss"])
for log, name, color in ((scaled, "scaled", "tab:blue"), (raw, "unscaled", "tab:red")):
    ax_loss.plot(np.arange(1, len(log["batch_loss"]) + 1) / steps_per_epoch, log["batch_loss"], color=color, alpha=0.25, lw=0.8)
    ax_loss.plot(np.arange(1, len(log["epoch_loss"]) + 1), log["epoch_loss"], color=color, label=f"{name}: epoch loss (batches faint)")
    epochs_axis = range(1, len(log["train_acc"]) + 1)
    ax_acc.plot(epochs_axis, log["train_acc"], color=color, ls="--", label=f"{name}: train")
    ax_acc.plot(epochs_axis, log["val_acc"], color=color, label=f"{name}: validation")
ax_loss.set_yscale("log")
ax_loss.set_xlabel("epoch")
ax_loss.set_ylabel("cross-entropy (log scale)")
ax_loss.set_title("loss per batch and per epoch")
ax_loss.legend()
ax_acc.set_xlabel("epoch")
ax_acc.set_ylabel("accuracy")
ax_acc.set_ylim(0, 1.02)
ax_acc.set_title("train and validation accuracy")
ax_acc.legend()
plt.show()

# %% [markdown]
# On standardised features the network separates the classes within a few dozen epochs.
# On raw features, proline (hundreds to 1680) swamps the other twelve: the first logits are
# huge, so the first epoch's loss is 31.43 instead of about $\log 3$, the first 20 epochs
# mostly undo that (1.33 at epoch 20), and validation accuracy stays far lower after 150
# epochs (0.778 against 0.944). The batch losses (faint) are noisy in both runs because each
# is measured on 32 wines only; the epoch loss averages them, weighted by batch size.
#
# ## 8. `course_utils.fit` trains classifiers too
#
# Given `loss_fn=nn.CrossEntropyLoss()`, an optimizer and a batch size, `fit` runs this same
# loop (same seed, same shuffling) and returns a `History`:

# %%
set_seed(0)
model_fit = course_utils.mlp([13, 10, 10, 3])
history = course_utils.fit(model_fit, z_train, y_train, loss_fn=nn.CrossEntropyLoss(),
                           optimizer=optim.Adam(model_fit.parameters(), lr=1e-3),
                           epochs=150, batch_size=32, seed=0, val=(z_val, y_val))
print(f"fit: loss during the last epoch {history.loss[-1]:.4f}, training loss after it {history.loss_after[-1]:.4f}, "
      f"validation loss after it {history.val_loss[-1]:.4f}, validation accuracy {course_utils.accuracy(model_fit, z_val, y_val):.3f}")
print("same epoch losses and weights as train_classifier:",
      np.allclose(history.loss, scaled["epoch_loss"], rtol=1e-6)
      and all(torch.equal(a, b) for a, b in zip(model.state_dict().values(), model_fit.state_dict().values())))

# %% [markdown]
# And it refuses the classic classification mistakes with a message that says the fix,
# for example float labels of shape (N, 1):

# %%
try:
    course_utils.fit(course_utils.mlp([13, 10, 10, 3]), z_train, y_train.float().reshape(-1, 1),
                     loss_fn=nn.CrossEntropyLoss(), epochs=1)
except ValueError as err:
    print("ValueError:", err)

# %% [markdown]
# ## 9. Regression vs classification
#
# | | regression (lessons 01-07) | classification (this lesson) |
# |---|---|---|
# | model output | 1 number per sample, shape (N, 1) | one logit per class, shape (N, 3) |
# | targets | float32, shape (N, 1) | int64 class indices, shape (N,) |
# | loss | `nn.MSELoss` | `nn.CrossEntropyLoss` (softmax inside) |
# | prediction | the output itself | `logits.argmax(dim=1)` |
# | metric you report | loss (or its square root, in the data's units) | accuracy (and the loss) |
#
# What stays the same: the data pipeline (split, standardise with training statistics,
# batches), the five-step loop, the optimizer, and the habit of watching train and
# validation curves.

# %% [markdown]
# ## Summary
#
# - Real data: split **stratified** so every class is in both sets; standardise with
#   **training** statistics only.
# - A classifier outputs **logits**; `CrossEntropyLoss` takes logits and **integer labels of
#   shape (N,)**; predictions are the argmax.
# - The five-step loop is unchanged; Adam with `lr=1e-3` and batches of 32 reaches high
#   validation accuracy on Wine.
# - Unscaled features hurt a neural network as they hurt the line in lesson 04.

# %% [markdown]
# ## Exercises
#
# Each exercise has a task, a cell for your answer and a check cell. Run the check cell: it
# prints a line starting with **Correct:**, or stops with a hint about what went wrong. The
# next cell sets up what the exercises use; after a restart, run it first.

# %%
import torch
from torch import nn, optim

from course_utils import set_seed
from course_utils.data import Standardizer, load_wine, train_val_split
from course_utils.models import mlp
from course_utils.training import accuracy, fit

set_seed(0)
wine = load_wine()
(x_train, y_train), (x_val, y_val) = train_val_split(wine.x, wine.y, val_frac=0.2, seed=0, stratify=True)

# %% [markdown]
# ### Exercise 1: 90% on a budget of 50 updates
#
# In section 6 the lesson's recipe (Adam, lr = 1e-3, batches of 32) was still at validation
# accuracy 0.750 after 10 epochs (50 updates), and passed 0.9 only later (0.972 at epoch 50).
# Suppose every update were expensive: you may spend **at most 50 updates** (optimizer
# steps) in all.
#
# Train a fresh `mlp([13, 10, 10, 3])`, the model as it is (no layer added or changed), with
# `fit` and `loss_fn=nn.CrossEntropyLoss()` on the training split, standardised with
# statistics from the training split only, so that its accuracy on the validation split is
# at least 0.9 after at most 50 updates. What to change is your decision: the optimizer, its
# learning rate, the batch size, the number of epochs. Store the model in `wine_model`, what
# `fit` returns in `history_wine` (the check reads from it how many updates training made and
# on how many wines) and the standardised validation features in `x_val_s` (the labels are
# `y_val`). The set-up cell above imports all you need (`Standardizer`, `mlp`, `fit`, `nn`,
# `optim`, `accuracy`, `set_seed`) and defines `x_train`, `y_train`, `x_val` and `y_val`.
#
# *Why it matters:* real projects budget their compute: with a fixed number of updates, what
# each update achieves decides whether the model learns in time.

# %% tags=["solution"]
scaler = Standardizer().fit(x_train)  # training statistics only: validation stays unseen
x_train_s, x_val_s = scaler.transform(x_train), scaler.transform(x_val)
set_seed(0)
wine_model = mlp([13, 10, 10, 3])
history_wine = fit(wine_model, x_train_s, y_train, loss_fn=nn.CrossEntropyLoss(),
                   optimizer=optim.Adam(wine_model.parameters(), lr=1e-2),  # 10x: each update goes further
                   epochs=10, batch_size=32, seed=0)
print(f"{history_wine.steps[-1]} updates, validation accuracy {accuracy(wine_model, x_val_s, y_val):.3f}")

# %%
from course_utils.checks import check_wine_accuracy
check_wine_accuracy(wine_model, x_val_s, y_val, history_wine)

# %% [markdown]
# ### Exercise 2: accuracy from logits
#
# Write `accuracy_from_logits(logits, y)` that returns the fraction of samples (a number
# between 0 and 1) whose largest logit is at the true class; `logits` has shape (N, 3) and
# `y` holds the class indices 0, 1, 2, shape (N,). Leave `logits` and `y` unchanged. `torch`
# is all you need (the set-up cell imports it). Would a softmax first change the answer?
#
# *Why it matters:* accuracy is what you report, and `argmax` along the wrong dimension or a
# `keepdim` that broadcasts give plausible-looking wrong numbers.

# %% tags=["solution"]
def accuracy_from_logits(logits, y):
    predictions = logits.argmax(dim=1)  # one class per row; softmax keeps the order, so it is not needed
    return (predictions == y).float().mean().item()


print(accuracy_from_logits(torch.tensor([[2.0, 0.5, -1.0], [0.1, 0.3, 0.2]]), torch.tensor([0, 2])))

# %%
from course_utils.checks import check_accuracy_from_logits
check_accuracy_from_logits(accuracy_from_logits)

# %% [markdown]
# ### Exercise 3: predict, then check: a softmax before the loss
#
# Exercise 1 does not accept a model that ends with `nn.Softmax(dim=1)`. Does such a model
# learn at all? The check cell below trains `nn.Sequential(mlp([13, 10, 10, 3]),
# nn.Softmax(dim=1))` with the lesson's recipe (Adam, lr = 1e-3, batches of 32, 150 epochs),
# so `CrossEntropyLoss` gets probabilities instead of logits, and prints its final epoch
# loss. Without the softmax the same recipe ended at a loss of 0.0084 (section 7).
#
# **Before you run it**, predict that final loss: close to 0 like the plain model, about
# 0.55, or about log 3 = 1.0986 (nothing learned)? Write your number in `my_prediction`.
# Think about which values the "logits" that the loss sees can take now, and the best loss
# they allow.
#
# *Why it matters:* "pass raw logits" is a rule you will meet in every classification
# library; knowing what breaks without it tells you when a loss curve that stalls is a bug.

# %% tags=["solution"]
my_prediction = 0.55  # probabilities lie in [0, 1]: the loss's own softmax can give the true class at most e/(e+2)

# %%
import math
from course_utils.checks import check_prediction
predicted = my_prediction  # your prediction is read before the experiment runs
set_seed(0)
softmax_model = nn.Sequential(mlp([13, 10, 10, 3]), nn.Softmax(dim=1))
scaler_3 = Standardizer().fit(x_train)
history_softmax = fit(softmax_model, scaler_3.transform(x_train), y_train, loss_fn=nn.CrossEntropyLoss(),
                      optimizer=optim.Adam(softmax_model.parameters(), lr=1e-3), epochs=150, batch_size=32, seed=0)
final_loss = history_softmax.loss[-1]
print(f"final epoch loss {final_loss:.4f} (the floor log(1 + 2/e) = {math.log(1 + 2 / math.e):.4f}), "
      f"validation accuracy {accuracy(softmax_model, scaler_3.transform(x_val), y_val):.3f}")
check_prediction(
    predicted, round(final_loss, 3), what="the final loss with a softmax before CrossEntropyLoss",
    why="CrossEntropyLoss applies its own softmax. Probabilities lie in [0, 1], so at best the true "
        "class gets 1 and the others 0, which the loss's softmax turns into e/(e + 2) = 0.58: a loss "
        "of log(1 + 2/e) = 0.55, never 0. The argmax is unchanged, so the accuracy can still be high, "
        "but the gradients are smaller and learning slows: leave the softmax to the loss.",
)
