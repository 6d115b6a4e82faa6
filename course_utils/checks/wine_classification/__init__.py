"""Checkers for lesson 08, Wine classification: the lesson's MLP trained on a budget of updates to
90% validation accuracy, and the accuracy computed from logits.

The references are computed here, independently of the lesson's helpers: the split from the
shipped CSV with the set-up cell's seed, the training statistics with plain tensor arithmetic,
the accuracy with a loop over rows. Hints use the learner's names: their function's name and
the variables the task names (``wine_model``, ``x_val_s``, ``y_val``, ``history_wine``).

One module per exercise: ``wine_accuracy`` (Exercise 1, with ``_wine_inputs`` for what it is
given), ``accuracy_from_logits`` (Exercise 2); the split, the scaling and the softmax hint that
Exercise 1's two modules share are in ``_shared``.
"""

from .accuracy_from_logits import check_accuracy_from_logits
from .wine_accuracy import check_wine_accuracy

__all__ = ["check_wine_accuracy", "check_accuracy_from_logits"]
