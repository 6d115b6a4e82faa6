"""Checkers for lesson 07, many features: the least-squares parameters from the normal
equations, and standardising with training statistics only.

The references are computed independently of what a learner writes: ``np.linalg.lstsq`` on
``[X, 1]``, and the column statistics computed in float64 by NumPy. Hints use the learner's own
names: their function's name and its parameters' names.

One module per exercise: ``normal_equations`` (Exercise 1), ``standardise`` (Exercise 2).
"""

from .normal_equations import check_normal_equations
from .standardise import check_standardise

__all__ = ["check_normal_equations", "check_standardise"]
