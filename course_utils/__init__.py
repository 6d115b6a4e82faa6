"""course_utils: helpers for the course "Linear regression in PyTorch, step by step".

Each lesson writes its idea out inline first; later lessons import it from here. Importing
this package prints nothing, seeds nothing and configures nothing.
"""

from .data import height_weight, make_linear_data
from .gradients import closed_form, gradient_descent, mse, mse_grad, numerical_grad
from .plotting import plot_data, plot_fit, plot_loss_landscape, plot_losses
from .repro import get_device, set_seed
from .training import History, TrainingDiverged

__version__ = "0.1.0"

__all__ = [
    "History",
    "TrainingDiverged",
    "closed_form",
    "get_device",
    "gradient_descent",
    "height_weight",
    "make_linear_data",
    "mse",
    "mse_grad",
    "numerical_grad",
    "plot_data",
    "plot_fit",
    "plot_loss_landscape",
    "plot_losses",
    "set_seed",
]
