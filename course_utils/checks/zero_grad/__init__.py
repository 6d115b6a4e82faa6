"""Checkers for lesson 03, ``zero_grad``: a training loop whose gradients were cleared only on
the steps that print (the learner finds and fixes the bug), and gradient accumulation over
micro-batches.

The references are computed with plain PyTorch loops and with
``course_utils.gradients.mse_grad``; nothing the learner sees shows them. Each checker watches
the learner's code from outside: an optimizer that counts its ``step()`` calls, a forward
pre-hook that records the rows the model saw, and parameter hooks that count the backward
passes.

One module per exercise: ``zero_grad_loop`` (Exercise 2), ``grad_accumulation`` (Exercise 3);
what both use to watch the learner's code is in ``_shared``. (Exercise 1, a prediction, uses
``check_prediction``.)
"""

from .grad_accumulation import check_grad_accumulation
from .zero_grad_loop import check_zero_grad_loop

__all__ = ["check_zero_grad_loop", "check_grad_accumulation"]
