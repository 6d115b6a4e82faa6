# %% [markdown]
# ## Exercises
#
# Each exercise has a task, a cell for your answer and a check cell. Run the check cell: it
# prints a line starting with **Correct:**, or stops with a hint about what went wrong.

# %%
import numpy as np
import torch

from course_utils import make_linear_data, mse_grad, set_seed
from course_utils.checks import check_autograd_grad, check_float32_tensor

set_seed(0)
x_ex, y_ex = make_linear_data(20, seed=7)  # float32 tensors of shape (20, 1)

# %% [markdown]
# ### Exercise 1: the gradient from autograd
#
# Write `autograd_grads(x, y, w, b)`: `w` and `b` are leaf tensors (scalars with
# `requires_grad=True`), `x` and `y` tensors of shape (N, 1). Build the MSE of
# $\hat y = w x + b$ from them, let `loss.backward()` compute the gradient and return
# `(dL/dw, dL/db)`. Careful: the check calls your function twice with the same `w` and `b`,
# and each time they still hold a `.grad` from before. Clear it first (`w.grad = None`), or
# your answer includes the old gradient.
#
# *Why it matters:* autograd does the calculus of lesson 01 for you, but it *adds* into
# `.grad`; the result must match `mse_grad` exactly.

# %% tags=["solution"]
def autograd_grads(x, y, w, b):
    w.grad, b.grad = None, None  # backward() adds into .grad: start from nothing
    loss = ((w * x + b - y) ** 2).mean()
    loss.backward()
    return w.grad.item(), b.grad.item()


w_ex = torch.tensor(0.5, requires_grad=True)
b_ex = torch.tensor(-1.0, requires_grad=True)
dw, db = autograd_grads(x_ex, y_ex, w_ex, b_ex)
dw_np, db_np = mse_grad(x_ex, y_ex, 0.5, -1.0)
print(f"autograd ({dw:.3f}, {db:.3f}), formula ({dw_np:.3f}, {db_np:.3f})")

# %%
check_autograd_grad(autograd_grads)

# %% [markdown]
# ### Exercise 2: float32, not float64
#
# NumPy makes float64 arrays (and integer arrays from whole numbers). Write `to_float32(a)`
# that turns any NumPy array into a float32 tensor with the same shape and values, using a
# modern constructor (not the legacy `torch.FloatTensor`). In a comment, say why float32.
#
# *Why it matters:* `torch.from_numpy` keeps float64, and a float64 batch fed to `nn.Linear`
# (float32 weights) stops with a dtype error, deep inside a matrix product.

# %% tags=["solution"]
def to_float32(a):
    # Models hold float32 weights: float64 input fails in nn.Linear's matmul, and float32
    # needs half the memory and is faster; its ~7 significant digits are plenty for training.
    return torch.as_tensor(a, dtype=torch.float32)


print(to_float32(np.array([1.5, 2.5])), to_float32(np.arange(3)))

# %%
check_float32_tensor(to_float32)
