"""Checkers for lesson 07, many features: the least-squares parameters from the normal
equations, standardising with training statistics only, and early stopping with patience.

The references are computed independently of what a learner writes: ``np.linalg.lstsq`` on
``[X, 1]``, the column statistics computed in float64 by NumPy, and the stopping epoch read
from each prefix of the losses on its own. Hints use the learner's own
names: their function's name and its parameters' names.

One module per exercise: ``normal_equations`` (Exercise 1), ``standardise`` (Exercise 2),
``early_stop`` (Exercise 3).
"""

from .early_stop import check_early_stop
from .normal_equations import check_normal_equations
from .standardise import check_standardise

__all__ = ["check_normal_equations", "check_standardise", "check_early_stop"]
