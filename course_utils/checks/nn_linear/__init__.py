"""Checkers for lesson 04, ``nn.Linear`` and the 5-step training loop: the loop itself, a loss
that does not broadcast (N, 1) against (N,), and the range of learning rates that standardised
inputs allow. (Exercise 2 of the lesson, a prediction, uses ``check_prediction``.)

Every reference is computed here, from plain PyTorch loops and NumPy; nothing a learner sees
shows it. A wrong answer is recognised by what it computes: the run of a loop that never clears
the gradients, that sums the loss, that steps once per sample, that trains on the notebook's
data instead of its arguments, ...; the hint names that part, in the names the task uses.

One module per exercise: ``training_loop`` (Exercise 1), ``loss_shapes`` (Exercise 3),
``lr_window`` (Exercise 4); how the first two call the learner's function is in ``_shared``.
"""

from .loss_shapes import check_loss_shapes
from .lr_window import check_lr_standardised
from .training_loop import check_training_loop

__all__ = ["check_training_loop", "check_loss_shapes", "check_lr_standardised"]
