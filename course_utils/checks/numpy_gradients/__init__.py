"""Checkers for lesson 01, gradients by hand in NumPy: the derivative of the MSE, one
gradient-descent step and the largest learning rate at which gradient descent converges.

The reference gradients come from ``course_utils.gradients.mse_grad``. Besides the value, a
check holds the learner's function to the rules its task states: it uses only its arguments
and what the Exercises set-up cell provides (so it still works after a restart), it leaves its
input arrays as they are, it returns (not prints) its answer, and Exercise 1 gives the derived
formula, not a finite-difference estimate. Hints name the learner's function and parameters
and say which part is wrong, never the whole formula.

One module per exercise: ``grad_no_bias`` (Exercise 1), ``gd_step`` (Exercise 2), ``lr_max``
(Exercise 3); the rules the first two hold an answer to are in ``_shared``.
"""

from .gd_step import check_gd_step
from .grad_no_bias import check_grad_no_bias
from .lr_max import check_lr_max

__all__ = ["check_grad_no_bias", "check_gd_step", "check_lr_max"]
