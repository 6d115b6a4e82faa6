# %% [markdown]
# ## Exercises
#
# Each exercise has a task, a cell for your answer and a check cell. Run the check cell: it
# prints a line starting with **Correct:**, or stops with a hint about what went wrong.

# %%
import torch
from torch import nn, optim

from course_utils import set_seed
from course_utils.checks import check_accuracy_from_logits, check_wine_accuracy
from course_utils.data import Standardizer, load_wine, train_val_split
from course_utils.models import mlp
from course_utils.training import accuracy, fit

set_seed(0)
wine = load_wine()
(x_train, y_train), (x_val, y_val) = train_val_split(wine.x, wine.y, val_frac=0.2, seed=0, stratify=True)

# %% [markdown]
# ### Exercise 1: 90% on the validation set
#
# Train the lesson's MLP (13 -> 10 -> 10 -> 3 with ReLU, `mlp([13, 10, 10, 3])`) with
# `CrossEntropyLoss`, Adam (lr = 1e-3) and batches of 32 until its accuracy on the
# validation split is at least 0.9. Standardise with statistics from the training split
# only. Store the trained model in `wine_model` and the standardised validation features in
# `x_val_s` (the labels are `y_val`).
#
# *Why it matters:* this is the whole course on a real data set: the same loop, a different
# loss, and the preprocessing that decides whether it learns at all.

# %% tags=["solution"]
scaler = Standardizer().fit(x_train)  # training statistics only: validation stays unseen
x_train_s, x_val_s = scaler.transform(x_train), scaler.transform(x_val)
set_seed(0)
wine_model = mlp([13, 10, 10, 3])
history_wine = fit(wine_model, x_train_s, y_train, loss_fn=nn.CrossEntropyLoss(),
                   optimizer=optim.Adam(wine_model.parameters(), lr=1e-3),
                   epochs=150, batch_size=32, seed=0)
print(f"validation accuracy {accuracy(wine_model, x_val_s, y_val):.3f}")

# %%
check_wine_accuracy(wine_model, x_val_s, y_val)

# %% [markdown]
# ### Exercise 2: accuracy from logits
#
# Write `accuracy_from_logits(logits, y)` that returns the fraction of samples (a number
# between 0 and 1) whose largest logit is at the true class; `logits` has shape (N, 3) and
# `y` holds the class indices, shape (N,). Would a softmax first change the answer?
#
# *Why it matters:* accuracy is what you report, and `argmax` along the wrong dimension or a
# `keepdim` that broadcasts give plausible-looking wrong numbers.

# %% tags=["solution"]
def accuracy_from_logits(logits, y):
    predictions = logits.argmax(dim=1)  # one class per row; softmax keeps the order, so it is not needed
    return (predictions == y).float().mean().item()


with torch.no_grad():
    print(f"{accuracy_from_logits(wine_model(x_val_s), y_val):.3f}")

# %%
check_accuracy_from_logits(accuracy_from_logits)
