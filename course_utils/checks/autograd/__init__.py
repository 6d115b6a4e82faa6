"""Checkers for lesson 02, autograd: the gradient of the MSE from autograd, right on every call
of a training loop, and NumPy arrays turned into float32 tensors with a modern constructor.

The reference gradient comes from ``course_utils.gradients.mse_grad``; the lesson's own data
(``x_ex``, ``y_ex``, ``w_ex``, ``b_ex``) from ``course_utils.make_linear_data``, to recognise an
answer that reads the notebook's globals instead of its arguments.

One module per exercise: ``autograd_grad`` (Exercise 1), ``float32_tensor`` (Exercise 2); the
Exercises set-up cell's data and the reading of a function's bytecode are in ``_shared``.
"""

from .autograd_grad import check_autograd_grad
from .float32_tensor import check_float32_tensor

__all__ = ["check_autograd_grad", "check_float32_tensor"]
