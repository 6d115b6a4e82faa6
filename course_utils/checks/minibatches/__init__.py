"""Checkers for lesson 06, mini-batches: the epoch loss from the batch losses, and the number of
updates per epoch.

The references are computed independently of the formulas a learner writes: the epoch loss as
the full-data loss of a model held fixed (or the plain mean over every sample, each batch loss
repeated once per sample), the number of updates as ``len`` of a real ``DataLoader``.
Hints use the learner's own names: their function's name and its parameters' names.

One module per exercise: ``epoch_loss`` (Exercise 1), ``updates_per_epoch`` (Exercise 2); what
both use to call the learner's function and name what it reads is in ``_shared``.
"""

from .epoch_loss import check_epoch_loss
from .updates_per_epoch import check_updates_per_epoch

__all__ = ["check_epoch_loss", "check_updates_per_epoch"]
