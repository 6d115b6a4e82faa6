"""Checkers for the exercises at the end of each notebook: one ``check_*`` per exercise.

A checker takes the learner's answer (a function, a number or a model), computes the
reference answer itself and compares. When the answer is right it prints one short line
starting with "Correct:". This is the one place where the library prints: a check cell
exists to tell the learner something. When the answer is wrong it raises ``CheckFailed`` (an
``AssertionError`` that a notebook shows as its hint alone, never the checker's source) with a
hint; an error inside the learner's own code is explained the same way (``_feedback``).
The checker recognises common mistakes by how the answer relates to the truth (half of it: a
missing factor 2; minus it: a sign error; N times it: a sum instead of a mean; the sum of past
gradients: a forgotten ``zero_grad``; ...). Anything else gets a general hint.

Checkers use their own small data and never touch the global random number generators.

One module (or subpackage, one module per exercise) per lesson, named after the lesson's
notebook without its number; what they share is in ``_common`` (the verdict, the hints, the
reference data) and ``_feedback`` (what a learner sees, and ``check_prediction`` for the
"predict, then check" exercises).
"""

from ._feedback import CheckFailed, check_prediction, read_prediction
from .autograd import check_autograd_grad, check_float32_tensor
from .fit_plots import check_first_epoch_within, check_plot_distance
from .many_features import check_early_stop, check_normal_equations, check_standardise
from .minibatches import check_epoch_loss, check_updates_per_epoch
from .nn_linear import check_loss_shapes, check_lr_standardised, check_training_loop
from .numpy_gradients import check_gd_step, check_grad_no_bias, check_lr_max
from .wine_classification import check_accuracy_from_logits, check_wine_accuracy
from .zero_grad import check_grad_accumulation, check_zero_grad_loop

# fmt: off
__all__ = [
    "CheckFailed", "check_prediction", "read_prediction",                 # every lesson
    "check_grad_no_bias", "check_gd_step", "check_lr_max",                # 01 numpy_gradients
    "check_autograd_grad", "check_float32_tensor",                        # 02 autograd
    "check_zero_grad_loop", "check_grad_accumulation",                    # 03 zero_grad
    "check_training_loop", "check_loss_shapes", "check_lr_standardised",  # 04 nn_linear
    "check_first_epoch_within", "check_plot_distance",                    # 05 fit_plots
    "check_epoch_loss", "check_updates_per_epoch",                        # 06 minibatches
    "check_normal_equations", "check_standardise", "check_early_stop",    # 07 many_features
    "check_wine_accuracy", "check_accuracy_from_logits",                  # 08 wine_classification
]
# fmt: on
