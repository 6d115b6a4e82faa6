# %% [markdown]
# # 04 · `nn.Linear` and the five-step training loop
#
# Lessons 01-03 built gradient descent from parts. PyTorch packages those parts: a **model**
# (`nn.Module`) holds the parameters, a **loss function** measures the error, an
# **optimizer** does the update. This lesson puts them together into the loop every PyTorch
# program uses, and trains it on a small real-looking problem where the learning rate
# matters a lot.
#
# **You will learn**
# - how to write a model as an `nn.Module` with `nn.Parameter`s, and that `nn.Linear` is the same thing;
# - the five-step loop: forward, loss, `zero_grad`, backward, step;
# - the (N,) vs (N, 1) shape trap that silently trains the wrong model;
# - why unscaled inputs need a tiny learning rate (the condition number), and how standardising fixes it;
# - learning rates too small, too large and right; `train()`/`eval()`, `inference_mode()`;
# - saving and loading a model, how SGD, momentum, Adam and RMSprop compare, and the model
#   class around `nn.Linear` that real PyTorch code writes.

# %%
import tempfile
import warnings
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import torch
from matplotlib.colors import LogNorm
from torch import nn, optim

import course_utils
from course_utils import set_seed

set_seed(0)
course_utils.use_course_style()  # the course's figure style: readable on a projector

# %% [markdown]
# ## 1. A model is an `nn.Module`
#
# A module stores its parameters as attributes of type `nn.Parameter` (a tensor that
# requires gradients and registers itself with the module) and says in `forward` how
# inputs become outputs. Here is our line, $\hat y = w x + b$, written by hand:

# %%
class LineModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.w = nn.Parameter(torch.randn(1))
        self.b = nn.Parameter(torch.randn(1))

    def forward(self, x):
        return x * self.w + self.b


set_seed(0)  # LineModel draws its start from torch's generator: same start on every run
model = LineModel()
for name, p in model.named_parameters():
    print(f"{name}: {p.data}  requires_grad={p.requires_grad}")
print("state_dict:", model.state_dict())

# %% [markdown]
# An optimizer takes `model.parameters()` (every optimizer in this course gets exactly that);
# `named_parameters()` adds each one's name, for printing; `state_dict()` is what you save.
# `nn.Linear(1, 1)` is the same model, written by PyTorch (its weight has shape
# `(out_features, in_features)` = (1, 1)). Given the same numbers, both predict the same:

# %%
linear = nn.Linear(1, 1)
with torch.no_grad():  # setting values is not something to differentiate
    linear.weight.fill_(model.w.item())
    linear.bias.fill_(model.b.item())

x_demo = torch.tensor([[1.0], [2.0], [3.0]])
print("LineModel :", model(x_demo).detach().reshape(-1))
print("nn.Linear :", linear(x_demo).detach().reshape(-1))
print(dict(linear.named_parameters()).keys())

# %% [markdown]
# `course_utils.LinearRegression` is `LineModel` (with `w0`/`b0` to fix the start) and
# `course_utils.linear_model(w0, b0)` is an `nn.Linear(1, 1)` started at given values.
#
# ## 2. The height/weight problem
#
# Five people, height in cm and weight in kg. We start from the line $w = 0.45$,
# $b = -35$ and train with full-batch gradient descent for 20 epochs at learning rate
# $3 \times 10^{-6}$: the numbers many tutorials use. Note the shapes: one column per
# feature, so `x` is **(5, 1)**, and so is `y`.

# %%
x, y = course_utils.height_weight()
print("heights (cm):", x.reshape(-1).tolist(), "shape", tuple(x.shape))
print("weights (kg):", y.reshape(-1).tolist(), "shape", tuple(y.shape))

# %% [markdown]
# ### The five-step loop
#
# Everything from lessons 01-03 in five lines: `nn.MSELoss()` is our `mse`,
# `optim.SGD` does `p -= lr * p.grad` and `zero_grad` clears the gradients.

# %%
model = course_utils.linear_model(w0=0.45, b0=-35.0)
loss_fn = nn.MSELoss()
optimizer = optim.SGD(model.parameters(), lr=3e-6)

inline_losses = []
for epoch in range(1, 21):
    y_pred = model(x)              # 1. forward: predict with the current parameters
    loss = loss_fn(y_pred, y)      # 2. loss: how wrong are we?
    optimizer.zero_grad()          # 3. clear the old gradients (lesson 03)
    loss.backward()                # 4. backward: d loss / d parameters into .grad
    optimizer.step()               # 5. step: move each parameter against its gradient
    inline_losses.append(loss.item())
    print(f"epoch {epoch:2d}  loss at its start {loss.item():9.4f}  after it: weight {model.weight.item():.6f}  bias {model.bias.item():.6f}")
inline_params = course_utils.get_params(model)  # kept for the comparison with fit in section 9

# %% [markdown]
# The loss falls from 826 to 30 and the weight moves from 0.45 to 0.61, but the bias moved
# by **less than 0.001**: it is still $-35$. Odd: the loss is already close to the best
# possible (29.0, see below), yet the best line has a bias of $-26$, not $-35$.
#
# ## 3. Why such a tiny learning rate? Unscaled inputs
#
# The gradient for the weight is $\frac{2}{N}\sum e_i x_i$ and for the bias
# $\frac{2}{N}\sum e_i$. With heights around 170, the weight's gradient is about **170 times**
# the bias's, and the loss is about $170^2 \approx 29{,}000$ times more curved along $w$ than
# along $b$. One learning rate must suit both: small enough for $w$ (or it overshoots and
# diverges) is far too small for $b$.
#
# **Predict:** with a learning rate 30 times larger, $10^{-4}$, will the loss fall 30 times
# faster?

# %%
try:
    course_utils.fit(course_utils.linear_model(0.45, -35.0), x, y, lr=1e-4, epochs=100)
except course_utils.TrainingDiverged as err:
    print("TrainingDiverged:", err)
    print("loss after 0, 1, 2, ... epochs:", [f"{v:.3g}" for v in err.history.loss_after[:6]], "...")

# %% [markdown]
# No: the loss grows more than tenfold every epoch until it overflows. On the loss surface
# over $(w, b)$ the valley is so narrow along $w$ and so long along $b$ that we must stretch
# the $w$ axis a lot to see it at all: a small step along $b$ hardly changes the loss, a
# small step along $w$ changes it enormously.

# %%
w_star, b_star = course_utils.closed_form(x, y)
print(f"closed form (least squares): weight {w_star:.4f} kg/cm, bias {b_star:.4f} kg")
fig, ax = plt.subplots(figsize=(6.4, 4.4), layout="constrained")
hist_tiny = course_utils.fit(course_utils.linear_model(0.45, -35.0), x, y, lr=3e-6, epochs=20)
course_utils.plot_loss_landscape(x, y, w_range=(0.3, 1.0), b_range=(-100, 40), paths={"lr 3e-6, 20 epochs": hist_tiny}, ax=ax)
ax.set_title("unscaled heights: a long, narrow valley")
plt.show()

# %% [markdown]
# The path (blue) drops straight into the valley along $w$ and then barely moves: the
# optimum (star) is 9 kg of bias away along the nearly flat floor. How long would this take?
# The loss's Hessian (its matrix of second derivatives) has curvature $\lambda_{\min}$ along
# the floor and $\lambda_{\max}$ across it (its eigenvalues); each epoch shrinks the
# distance along the floor by the factor $1 - \eta\,\lambda_{\min}$:

# %%
def mse_hessian(inputs):
    """The Hessian of the MSE of w x + b in (w, b): 2 [[mean x^2, mean x], [mean x, 1]]."""
    xs = inputs.numpy().ravel().astype(np.float64)
    return 2 * np.array([[np.mean(xs**2), np.mean(xs)], [np.mean(xs), 1.0]])


lam_min, lam_max = np.linalg.eigvalsh(mse_hessian(x))
factor = 1 - 3e-6 * lam_min
epochs_99 = np.log(100) / -np.log(factor)
print(f"curvature along the valley {lam_min:.3g}, across it {lam_max:.3g} (condition number {lam_max / lam_min:.2g})")
print(f"largest stable learning rate 2 / lambda_max = {2 / lam_max:.2g}")
print(f"per epoch at lr 3e-6 the distance along the floor shrinks by the factor {factor:.10f}")
print(f"epochs to close 99% of that distance: {epochs_99:.2g}")

# %% [markdown]
# The steepest direction sets the speed limit: above $2/\lambda_{\max}$ (3.5e-05) every step
# overshoots across the valley by more than it started, which is why $10^{-4}$ diverged. The
# flattest sets the pace: about 1.5e+08 epochs to close 99% of the distance along the floor,
# at a loss that already looks nearly as good as it gets. A low loss is not the same as the
# right parameters. The ratio $\lambda_{\max}/\lambda_{\min}$, the **condition number**
# (5.5e+06), says how much the two differ.
#
# ### The fix: standardise the input
#
# Shift and scale the heights to mean 0 and standard deviation 1:
# $z = (x - \bar x) / s_x$. The *shift* does most of the work: with heights around 170,
# changing $w$ also moves the line's height where the data are, so $w$ and $b$ fight each
# other (the tilted valley above). Centred at 0, $w$ is only the slope and $b$ only the
# height at the mean height; scaling then makes both equally curved. The valley becomes a
# round bowl and a learning rate of 0.1 works. `course_utils.Standardizer` remembers $\bar x$ and $s_x$
# (fitted on the training data) so new inputs get the same transformation.

# %%
scaler = course_utils.Standardizer().fit(x)
z = scaler.transform(x)
print("standardised heights:", [round(v, 3) for v in z.reshape(-1).tolist()])

model = course_utils.linear_model(w0=0.45, b0=-35.0)
optimizer = optim.SGD(model.parameters(), lr=0.1)
for epoch in range(1, 31):
    loss = loss_fn(model(z), y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if epoch in (1, 2, 3, 5, 10, 20, 30):
        print(f"epoch {epoch:2d}  loss at its start {loss.item():9.4f}  after it: weight {model.weight.item():8.4f}  bias {model.bias.item():8.4f}")

# %% [markdown]
# It starts at a loss of 10,844, not 826: once $x$ is standardised, $w = 0.45$, $b = -35$
# is a different line (about $-35$ kg for everyone). From there lr = 0.1 gets within 1% of
# the minimum (29.03) in 24 epochs (section 8), and lr = 0.5 in one (section 4).
#
# The model now lives in standardised units: $\hat y = w_z z + b_z$. Substituting
# $z = (x - \bar x)/s_x$ maps it back to centimetres:
# $w = w_z / s_x$ and $b = b_z - w_z \bar x / s_x$. That is the least-squares line:

# %%
mean_x, std_x = scaler.mean.item(), scaler.std.item()
w_z, b_z = model.weight.item(), model.bias.item()
w_cm, b_cm = w_z / std_x, b_z - w_z * mean_x / std_x
print(f"standardised, mapped back: weight {w_cm:.4f} kg/cm, bias {b_cm:.4f} kg")
print(f"closed form:               weight {w_star:.4f} kg/cm, bias {b_star:.4f} kg")

# %% tags=["check"]
assert abs(w_cm - w_star) < 1e-3 and abs(b_cm - b_star) < 0.2

# %% [markdown]
# ### The valley on equal axes
#
# The first picture of this section stretched the $w$ axis to show the valley at all. Here
# it is drawn honestly, one unit of $w$ as long on the page as one unit of $b$, next to the
# standardised loss: each around its least-squares point, with the same contour levels.
#
# **Predict:** on equal axes, what shape will the raw heights' valley have, and what shape
# the standardised heights' bowl?

# %%
levels = [30, 40, 100, 300, 1000]  # MSE; the minimum is 29.03 in both
fig, axes = plt.subplots(1, 2, figsize=(9, 4.4), layout="constrained")
for ax, inputs, title in ((axes[0], x, "raw heights: a line"), (axes[1], z, "standardised: a round bowl")):
    w_opt, b_opt = course_utils.closed_form(inputs, y)
    fine = np.linspace(-1, 1, 2001)[1:-1]  # many points across the raw valley, 0.01 wide
    ws = w_opt + np.concatenate([np.linspace(-40, -1, 40), fine, np.linspace(1, 40, 40)])
    bs = b_opt + np.linspace(-40, 40, 201)
    contours = ax.contour(ws, bs, course_utils.loss_grid(inputs, y, ws, bs), levels=levels,
                          norm=LogNorm(levels[0], levels[-1]), cmap="viridis")
    ax.plot(w_opt, b_opt, marker="*", ms=14, color="gold", mec="black", ls="none")
    ax.set_aspect("equal")  # the same scale for w and b: the shape is honest
    ax.set(xlabel="w (slope)", ylabel="b (intercept, kg)", title=title)
fig.colorbar(contours, ax=axes, label="MSE", ticks=levels, format="%g", shrink=0.85)
plt.show()

for name, inputs in (("raw heights", x), ("standardised", z)):
    lam_lo, lam_hi = np.linalg.eigvalsh(mse_hessian(inputs))
    print(f"{name:13s} condition number {lam_hi / lam_lo:9.3g}, contours {np.sqrt(lam_hi / lam_lo):5.0f} times "
          f"longer than wide, largest stable lr 2 / lambda_max = {2 / lam_hi:.2g}")

# %% [markdown]
# A line: the raw contours are ellipses 2348 times longer than wide (the square root of the
# condition number), too thin to see. Standardised, they are circles, the condition number
# is 1, and the largest stable learning rate is 1: the edge section 4 finds.

# %% [markdown]
# ## 4. Learning rate: too small, too large, right
#
# On the standardised data the loss is a round bowl with curvature 2 in each direction, so
# gradient descent shrinks the distance to the optimum by a factor $|1 - 2\,\eta|$ per
# epoch: slow for small $\eta$, fastest at $\eta = 0.5$, and **growing** (diverging) for
# $\eta > 1$.
#
# **Predict:** of the learning rates 0.01, 0.1, 0.5 and 1.05, which has the lowest loss
# after 10 epochs, and what does the loss of 1.05 do?

# %%
runs = {}
for lr in (0.01, 0.1, 0.5, 1.05):
    runs[f"lr = {lr:g}"] = course_utils.fit(course_utils.linear_model(0.45, -35.0), z, y, lr=lr, epochs=30)
for label, h in runs.items():
    print(f"{label:10s}  loss after 1 / 10 / 30 epochs: {h.loss_after[1]:9.2f} {h.loss_after[10]:9.2f} {h.loss_after[30]:11.2f}")

fig, (ax_loss, ax_b) = plt.subplots(1, 2, figsize=(9, 3.8), layout="constrained")
course_utils.plot_losses(runs, ax=ax_loss)
ax_loss.set_title("too small, right, fastest, too large")
for label, h in runs.items():
    ax_b.plot([p["b"] for p in h.params], marker="o", ms=3, label=label)
ax_b.axhline(b_z, color="gray", ls=":", label=f"best b = {b_z:.1f}")
ax_b.set_ylim(-60, 200)
ax_b.set_xlabel("epoch")
ax_b.set_ylabel("bias b (standardised x)")
ax_b.set_title("b per epoch: lr 1.05 jumps across,\nfurther each time")
ax_b.legend()
plt.show()

# %% [markdown]
# At $\eta = 1.05$ each step overshoots the bottom and lands higher up the other side: the
# bias jumps back and forth across its best value, further each time. Run long enough and the loss overflows; `course_utils.fit` then
# stops with `TrainingDiverged`, as above.
#
# ## 5. The (N,) vs (N, 1) trap
#
# `nn.Linear` returns predictions of shape (N, 1). If the targets are a flat vector of shape
# (N,), `MSELoss` **broadcasts** them against each other into an (N, N) matrix: every
# prediction is compared with every target. PyTorch only warns, and the model trains
# towards the wrong answer.

# %%
y_flat = y.reshape(-1)  # shape (5,), as you get from a CSV column
model = course_utils.linear_model(w0=0.45, b0=-35.0)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    wrong = loss_fn(model(x), y_flat)
right = loss_fn(model(x), y)
print("UserWarning:", caught[0].message)
print(f"loss with y of shape {tuple(y_flat.shape)}: {wrong.item():.4f}   (wrong: an average over 5 x 5 pairs)")
print(f"loss with y of shape {tuple(y.shape)}: {right.item():.4f}   (right)")

# %% [markdown]
# **Fix:** `y = y.reshape(-1, 1)` (or `y.unsqueeze(1)`) so predictions and targets have the
# same shape. `course_utils.fit` refuses the mismatch and says so:

# %%
try:
    course_utils.fit(course_utils.linear_model(0.45, -35.0), x, y_flat, lr=3e-6, epochs=1)
except ValueError as err:
    print("ValueError:", err)

# %% [markdown]
# ## 6. Predicting: `eval()`, `inference_mode()`, `detach()`
#
# - `model.train()` / `model.eval()` switch layers that behave differently in training and
#   in use, such as dropout and batch norm. A linear model has none, so here they change
#   nothing; lesson 08's training loop calls `model.train()` anyway, as real loops do, and
#   `course_utils.evaluate` and `accuracy` switch to eval mode by themselves.
# - `torch.inference_mode()` turns off graph recording for predictions: faster, and the
#   results cannot accidentally flow into `backward()`.
# - For plotting, tensors that require grad need `.detach()` (lesson 03); predictions made
#   under `inference_mode` are already plain tensors.

# %%
model = course_utils.linear_model(0.45, -35.0)
course_utils.fit(model, z, y, lr=0.5, epochs=10)
model.eval()
with torch.inference_mode():
    new_heights = torch.tensor([[155.0], [180.0]])
    predicted = model(scaler.transform(new_heights))
print("predicted weights for 155 cm and 180 cm:", [round(v, 2) for v in predicted.reshape(-1).tolist()], "kg")
print("prediction requires grad:", predicted.requires_grad)
model.train()

fig, ax = plt.subplots(figsize=(6.4, 3.8), layout="constrained")
grid = torch.linspace(145, 190, 50).reshape(-1, 1)
with torch.inference_mode():
    line = model(scaler.transform(grid))
ax.scatter(x, y, label="data")
ax.plot(grid, line, color="tab:red", label="trained on standardised heights")
ax.scatter(new_heights, predicted, marker="x", s=60, color="black", zorder=3, label="predictions")
ax.set_xlabel("height (cm)")
ax.set_ylabel("weight (kg)")
ax.legend()
plt.show()

# %% [markdown]
# ## 7. Saving and loading
#
# Save the `state_dict` (the parameter tensors by name), not the whole model object. Load it
# into a freshly built model with `weights_only=True`, which only unpickles tensors and
# plain containers, so a file from someone else cannot run code on your machine.

# %%
with tempfile.TemporaryDirectory() as folder:
    path = Path(folder) / "height_weight.pt"
    torch.save(model.state_dict(), path)
    restored = nn.Linear(1, 1)
    restored.load_state_dict(torch.load(path, weights_only=True))
print("restored:", {k: round(v.item(), 4) for k, v in restored.state_dict().items()})
print("identical to the saved model:", all(torch.equal(a, b) for a, b in zip(model.state_dict().values(), restored.state_dict().values())))

# %% [markdown]
# (The scaler's mean and standard deviation are part of the model too: save them next to
# the weights, or predictions on new heights will be wrong.)
#
# ## 8. Other optimizers
#
# `optim.SGD` is the update from lesson 01. Others change how the step is taken:
# **momentum** (`momentum=mu`) steps along a *decaying sum* of past gradients: PyTorch keeps
# `buf = mu * buf + grad` and steps `p -= lr * buf`. With a steady gradient the sum grows to
# $1/(1-\mu)$ times it, so the step becomes about $\eta/(1-\mu)$ times the gradient (ten
# times plain SGD's for $\mu = 0.9$). It is the useful version of forgetting `zero_grad`
# (lesson 03), whose sum never decays. **RMSprop** and **Adam** divide each parameter's step by a running size of
# its own gradients, which helps when gradients differ in size between parameters (it does
# not rescue the tilted valley of unscaled heights: standardising does).
# Same standardised problem, same start, 100 epochs each:

# %%
optimizers = {
    "SGD lr 0.1": lambda p: optim.SGD(p, lr=0.1),
    "SGD + momentum 0.9, lr 0.1": lambda p: optim.SGD(p, lr=0.1, momentum=0.9),
    "RMSprop lr 1": lambda p: optim.RMSprop(p, lr=1.0),
    "Adam lr 1": lambda p: optim.Adam(p, lr=1.0),
    "Adam lr 0.1": lambda p: optim.Adam(p, lr=0.1),
}
best = course_utils.mse(w_z * z + b_z, y)
compare = {}
for label, make in optimizers.items():
    m = course_utils.linear_model(0.45, -35.0)
    h = course_utils.fit(m, z, y, optimizer=make(m.parameters()), epochs=100)
    h.label = label
    compare[label] = h
    after = h.loss_after  # after[k]: the loss after k epochs
    first = next((k for k, v in enumerate(after) if v < 1.01 * best), None)
    stays = next((k for k in range(len(after)) if max(after[k:]) < 1.01 * best), None)
    print(f"{label:27s} loss after 100 epochs {after[100]:9.3f}   within 1% of the best: "
          + (f"first after epoch {first}, for good from epoch {stays} on" if stays else "not for good within 100 epochs"))

fig, (ax_loss, ax_path) = plt.subplots(1, 2, figsize=(9, 5), layout="constrained")
course_utils.plot_losses(compare, ax=ax_loss)
ax_loss.set_title("five optimizers, standardised heights")
course_utils.plot_loss_landscape(z, y, w_range=(-72, 83), b_range=(-45, 110), paths=compare, ax=ax_path)
ax_path.set_aspect("equal")  # the same scale for w and b: a round bowl looks round
ax_path.set_title("their paths in (w, b)")
ax_loss.get_legend().remove()
ax_path.get_legend().remove()
fig.legend(*ax_path.get_legend_handles_labels(), loc="outside lower center", ncol=3)
plt.show()

# %% [markdown]
# Two lessons hide in this picture. Momentum carries speed: it reaches the bottom first
# (after epoch 10, against 24 for plain SGD, whose path lies under momentum's on the right)
# but keeps swinging, and only stays within 1% from epoch 97 on. On a round bowl that
# costs more than the speed gains; momentum pays off along a long, flat valley. And the
# **learning rate means different things**: for SGD it multiplies the gradient; for RMSprop
# and Adam, which divide by the gradient's running size, it is roughly a *distance per step*
# in each parameter. The bias must travel from $-35$ to $69$, so Adam with `lr=0.1` needs
# hundreds of steps however steep the loss is. Start Adam with a learning rate that suits
# the distance the parameters must travel (its default, 1e-3, suits neural network weights
# near zero, lesson 08).
#
# ## 9. `course_utils.fit` is this loop
#
# From here on, lessons call `course_utils.fit(model, x, y, lr=..., epochs=...)`, which runs
# the five steps above (plus the checks you met: shapes, divergence, the optimizer's
# parameters) and returns a `History`: `history.loss[k - 1]` is the loss measured during
# epoch k (for full batch, at its start: what our loop printed), `history.params[k]` and
# `history.loss_after[k]` the parameters and the loss after k epochs. Same start, same
# settings: the same numbers as our inline loop in section 2, bit for bit.

# %%
model_fit = course_utils.linear_model(w0=0.45, b0=-35.0)
history = course_utils.fit(model_fit, x, y, lr=3e-6, epochs=20)
print("fit, loss during epochs 1-5:", [round(v, 4) for v in history.loss[:5]])
print("inline loop, epochs 1-5:    ", [round(v, 4) for v in inline_losses[:5]])
print("fit, loss after epochs 0-4: ", [round(v, 4) for v in history.loss_after[:5]])
print(f"fit final: weight {history.params[-1]['w']:.6f}, bias {history.params[-1]['b']:.6f}, "
      f"loss after epoch 20 {history.loss_after[20]:.4f}")
print("bit for bit the same as the inline loop:", history.loss == inline_losses and history.params[-1] == inline_params)

# %% [markdown]
# ## 10. A model class around `nn.Linear`
#
# Real PyTorch code wraps its layers in a class: `__init__` creates them as attributes,
# `forward` chains them. A module assigned as an attribute becomes a **child**: its
# parameters join the parent's under prefixed names, and `state_dict()`, `.to(device)` and
# `train()`/`eval()` reach it too. The class is where more layers go (lesson 08's
# `nn.Sequential` is such a module), with the training loop unchanged. Here it trains on
# the usual custom-module tutorial's data: 100 points with $x$ in $[0, 1]$ on the line
# $y = 2x + 1$, noise of standard deviation 0.1, learning rate 0.1.

# %%
class LinearRegressionModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.linear = nn.Linear(1, 1)  # a child module, with its own weight and bias

    def forward(self, x):
        return self.linear(x)


set_seed(0)
x_tut = torch.linspace(0, 1, 100).reshape(-1, 1)
y_tut = 2.0 * x_tut + 1.0 + 0.1 * torch.randn(x_tut.shape)
wrapped = LinearRegressionModel()
bare = nn.Linear(1, 1)
bare.load_state_dict(wrapped.linear.state_dict())  # the same start
print("parameter names:", [name for name, _ in wrapped.named_parameters()])

h_wrapped = course_utils.fit(wrapped, x_tut, y_tut, lr=0.1, epochs=500)
h_bare = course_utils.fit(bare, x_tut, y_tut, lr=0.1, epochs=500)
for k in (100, 500):
    p = h_wrapped.params[k]
    print(f"after {k} epochs: w {p['w']:.4f}, b {p['b']:.4f}, loss {h_wrapped.loss_after[k]:.4f}")
w_ls, b_ls = course_utils.closed_form(x_tut, y_tut)
print(f"least squares:    w {w_ls:.4f}, b {b_ls:.4f}, loss {course_utils.mse(w_ls * x_tut + b_ls, y_tut):.4f}   (true line: w 2, b 1)")
print(f"final loss, class {h_wrapped.loss_after[-1]:.6f}, bare nn.Linear {h_bare.loss_after[-1]:.6f}")
lam_lo, lam_hi = np.linalg.eigvalsh(mse_hessian(x_tut))
print(f"condition number {lam_hi / lam_lo:.1f}, largest stable lr 2 / lambda_max = {2 / lam_hi:.2f}")

# %% [markdown]
# The class trains exactly like the bare layer: same start, same loss. With $x$ in
# $[0, 1]$ the curvature is small (the last line): lr 0.1 is far below the limit 0.79, no
# standardising needed, unlike heights around 170. But the condition number is 18.9, not 1,
# so the flat direction lags: 100 epochs leave $w$ at 1.65; 500 come close to least squares
# ($w$ 1.9982 against 1.9997), whose loss is about the noise's variance, $0.1^2$.

# %% tags=["check"]
assert h_wrapped.loss_after == h_bare.loss_after
assert abs(h_wrapped.params[-1]["w"] - w_ls) < 2e-3 and abs(h_wrapped.params[-1]["b"] - b_ls) < 2e-3

# %% [markdown]
# ## Summary
#
# - A model is an `nn.Module` holding `nn.Parameter`s; `nn.Linear(1, 1)` is our line.
#   `parameters()` feeds the optimizer, `state_dict()` is what you save.
# - The loop: **forward, loss, `zero_grad`, backward, step**.
# - Targets must have the predictions' shape, (N, 1): (N,) silently broadcasts to (N, N).
# - Unscaled inputs make one learning rate too big for one parameter and too small for
#   another (a huge condition number); **standardise** the inputs and map the answer back.
# - Predictions: `model.eval()` and `torch.inference_mode()`; save the `state_dict`, load
#   with `weights_only=True`.
# - Real models are classes whose layers are children: `self.linear = nn.Linear(1, 1)`.
#
# Next: **05 · Watching the model learn**.

# %% [markdown]
# ## Exercises
#
# Each exercise has a task, a cell for your answer and a check cell. Run the check cell: it
# prints a line starting with **Correct:**, or stops with a hint about what went wrong.
# Run the set-up cell below first (after a restart too): your answers may use everything it
# imports and defines, `torch`, `nn`, `optim`, `np`, `closed_form`, `gradient_descent`,
# `linear_model`, `mse` and the data `x_hw`, `y_hw`, `x_s`, and nothing else from the lesson.

# %%
import numpy as np
import torch
from torch import nn, optim

from course_utils import closed_form, gradient_descent, height_weight, linear_model, mse, set_seed

set_seed(0)
x_hw, y_hw = height_weight()  # 5 people: height in cm, weight in kg, shape (5, 1)
x_s = (x_hw - x_hw.mean()) / x_hw.std(correction=0)  # standardised heights: mean 0, sd 1

# %% [markdown]
# ### Exercise 1: the 5-step loop from memory
#
# Write `train_loop(model, x, y, lr, epochs)` that trains the `model` it is given on its
# arguments `x` and `y` (not on the notebook's data) for `epochs` epochs:
# - full batch: one update per epoch, computed on all of `x` at once;
# - the mean squared error as the loss (`nn.MSELoss()`, or the same computed another way);
# - plain gradient descent at learning rate `lr`: `optim.SGD(model.parameters(), lr=lr)`,
#   or the update written by hand under `torch.no_grad()`.
#
# It returns a list with one loss per epoch, each a Python **float** (not the loss tensor:
# `loss.item()` detaches the number, so each epoch's graph can be freed), the loss computed
# before that epoch's update.
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
from course_utils.checks import check_training_loop
check_training_loop(train_loop)

# %% [markdown]
# ### Exercise 2: predict what the (N,) bug learns
#
# Section 5 showed that targets of shape (N,) against predictions of shape (N, 1) make
# `nn.MSELoss` compare every prediction with every target. The cell after your answer starts
# a model at the **best** line for the standardised heights (the least-squares line), then
# trains it for 100 epochs at lr 0.1 with the targets flattened to shape (5,).
#
# Before you run it, predict: what weight, in kg, will the trained model predict for a
# person 190 cm tall? Write the number as `my_prediction = ...` (you may compute it from
# `x_hw` and `y_hw`), run the experiment, then the check.
#
# *Why it matters:* a shape bug that only warns can pull even a perfect model away from the
# answer; knowing where it pulls lets you recognise it when a model looks oddly flat.

# %% tags=["solution"]
my_prediction = 68.8  # kg, the mean weight: every prediction is scored against every target

# %%
import warnings

w_best, b_best = closed_form(x_s, y_hw)  # the least-squares line: the best start there is
model_flat = linear_model(w_best, b_best)
optimizer = optim.SGD(model_flat.parameters(), lr=0.1)
y_flat = y_hw.reshape(-1)  # shape (5,): the column is lost
with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # the broadcast warning of section 5
    for epoch in range(100):
        loss = nn.MSELoss()(model_flat(x_s), y_flat)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
z_190 = ((190.0 - x_hw.mean()) / x_hw.std(correction=0)).item()
with torch.no_grad():
    predicted_190 = round(model_flat(torch.tensor([[z_190]])).item(), 1)
print(f"start, the best line: w = {w_best:.2f}, b = {b_best:.2f}: {w_best * z_190 + b_best:.1f} kg at 190 cm")
print(f"after 100 epochs with y of shape (5,): w = {model_flat.weight.item():.2f}, "
      f"b = {model_flat.bias.item():.2f}: {predicted_190} kg at 190 cm")
print(f"mean weight of the five people: {y_hw.mean().item():.1f} kg")

# %%
from course_utils.checks import check_prediction
check_prediction(
    my_prediction,
    predicted_190,
    what="the weight predicted for 190 cm after training with targets of shape (5,)",
    why="Scored against every target, the best any prediction can be is the mean of all "
    "targets: the slope w shrinks to 0, even from the best line.",
)

# %% [markdown]
# ### Exercise 3: fix the (N,) vs (N, 1) bug
#
# Targets often arrive as a flat vector of shape (N,), while `nn.Linear` predicts (N, 1).
# Write `mse_loss_fixed(y_pred, y)` that returns the mean squared error of predictions
# `y_pred` of shape (N, 1) against targets `y` of shape (N,) **or** (N, 1):
# - as a tensor that `backward()` can use (so no `.item()`, `float()` or NumPy on the way);
# - without changing the `y_pred` and `y` it is given.
#
# *Why it matters:* the broadcast does not fail. With only a warning, it pulls the model to
# the flat line you saw in Exercise 2.

# %% tags=["solution"]
def mse_loss_fixed(y_pred, y):
    return nn.functional.mse_loss(y_pred, y.reshape(y_pred.shape))  # same shape: no broadcast


model_ex = linear_model(0.5, -30.0)
print(f"fixed {mse_loss_fixed(model_ex(x_hw), y_hw.reshape(-1)).item():.2f}, "
      f"with (N, 1) targets {nn.MSELoss()(model_ex(x_hw), y_hw).item():.2f}")

# %%
from course_utils.checks import check_loss_shapes
check_loss_shapes(mse_loss_fixed)

# %% [markdown]
# ### Exercise 4: the window of good learning rates
#
# Section 4 tried four learning rates on the standardised heights. Now find all the good
# ones. Start full-batch gradient descent at $(w, b) = (0, 0)$ on `x_s` and `y_hw` (the
# default start of `gradient_descent`, or `linear_model(0.0, 0.0)`); call a learning rate
# **good** when the loss after 10 epochs (10 updates) is within 1% of its minimum, the loss
# of the least-squares line (`closed_form(x_s, y_hw)`).
#
# Give `lr_range = (lowest, highest)`: a good rate near each edge of the window, each within
# 0.01 of it (so `lowest - 0.01` and `highest + 0.01` are not good). Experiment, or reason
# from section 4: each epoch multiplies the distance to the minimum by $|1 - 2\eta|$.
#
# *Why it matters:* a learning rate is not one magic number but a window. Knowing what sets
# its edges (the curvature, and how far and how fast you must go) lets you choose a rate for
# new data without blind trial and error.

# %% tags=["solution"]
w_opt, b_opt = closed_form(x_s, y_hw)
best = mse(w_opt * x_s + b_opt, y_hw)


def loss_after_10(lr):
    p = gradient_descent(x_s, y_hw, lr=lr, epochs=10).params[-1]  # after the 10th update
    return mse(p["w"] * x_s + p["b"], y_hw)


good = [lr for lr in np.arange(1, 100) / 100 if loss_after_10(lr) <= 1.01 * best]
lr_range = (min(good), max(good))
print(f"minimum {best:.2f}; within 1% after 10 epochs for every lr from {lr_range[0]:g} to {lr_range[1]:g}")

# %%
from course_utils.checks import check_lr_standardised
check_lr_standardised(lr_range)
