# %% [markdown]
# # 00 · Setup check: is my environment right?
#
# Run this notebook first (in JupyterLab: **Run → Run All Cells**). It takes a few seconds.
#
# **You will learn**
# - which versions of Python, PyTorch, NumPy, Matplotlib and the widget packages you have;
# - whether interactive widgets work in your JupyterLab (later lessons use sliders);
# - whether PyTorch sees a GPU (the course never needs one: everything runs on a laptop CPU).
#
# Every check prints **OK** or **FAIL**. The same checks run from a terminal with
# `python -m course_utils doctor`, which exits with code 1 when something fails.

# %%
import sys

import ipywidgets as widgets
import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import torch

from course_utils import get_device, set_seed, use_course_style
from course_utils.doctor import format_report, run_checks

set_seed(0)
use_course_style()  # the course's figure style: readable on a projector

# %% [markdown]
# ## 1. Versions and checks
#
# One line per check. `INFO` lines only inform. If a line says **FAIL**, its text says how to
# fix it; the usual fix is to open the course with `make lab`, which installs everything into
# the project's own `.venv`.

# %% tags=["nbval-ignore-output"]
checks = run_checks()
print(format_report(checks))

# %% tags=["check"]
assert all(c.ok for c in checks), "a check FAILED: read its line above for the fix"

# %% [markdown]
# ## 2. Does the widget front end work?
#
# Drag the slider. If you see a slider and the text below it changes as you drag, widgets
# work. If you see plain text such as `IntSlider(value=3, ...)` instead of a slider, the
# JupyterLab side of ipywidgets (`jupyterlab_widgets`) is missing or disabled: the
# "widget front end" check above says which, and how to fix it.

# %%
slider = widgets.IntSlider(value=3, min=0, max=10, description="w")
readout = widgets.Label()


def show_square(change=None):
    readout.value = f"w = {slider.value}, w² = {slider.value ** 2}"


slider.observe(show_square, names="value")
show_square()
widgets.VBox([slider, readout])

# %% [markdown]
# The slider's callback is ordinary Python: setting the slider's value from code calls
# `show_square` exactly as dragging it does (the slider above moves to 7 too):

# %%
slider.value = 7
print(readout.value)

# %% [markdown]
# ## 3. CPU or GPU?
#
# `get_device("auto")` picks a GPU when PyTorch finds one. Every lesson in this course runs
# in seconds on a CPU, so **a CPU is fine**: the lessons use `"cpu"` so that everyone sees
# the same numbers.

# %% tags=["nbval-ignore-output"]
print("GPU available:", torch.cuda.is_available())
print("device the course uses:", get_device("cpu"))
print("device 'auto' would pick:", get_device("auto"))

# %% [markdown]
# ## 4. Same numbers every time
#
# Every lesson starts with `set_seed(0)`, which seeds Python's `random`, NumPy and PyTorch.
# Seeding twice gives the same "random" numbers, which is why your outputs match the ones
# stored in the notebooks.

# %%
set_seed(0)
first = torch.rand(3)
set_seed(0)
second = torch.rand(3)
print(first)
print("identical after re-seeding:", torch.equal(first, second))

# %% [markdown]
# ## 5. A first picture
#
# If a plot appears below, Matplotlib's inline backend works.

# %%
x = np.linspace(-3, 3, 61)
fig, ax = plt.subplots(figsize=(5, 3), layout="constrained")
ax.plot(x, x**2, label="loss = w²")
ax.set_xlabel("w")
ax.set_ylabel("loss")
ax.legend()
plt.show()

# %% [markdown]
# ## Summary
#
# - The checks above passed: your Python, PyTorch, NumPy, Matplotlib and widget packages are in place.
# - A slider appeared and answered: widgets work in your JupyterLab.
# - The course runs on the CPU and seeds everything, so your numbers will match the notebooks.
#
# Next: **01 · Gradients by hand in NumPy**.
