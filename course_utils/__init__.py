"""course_utils: helpers for the course "Linear regression in PyTorch, step by step".

Each lesson writes its idea out inline first; later lessons import it from here. Importing
this package prints nothing, seeds nothing and configures nothing.
"""

from .data import (
    Standardizer,
    batches,
    height_weight,
    make_linear_data,
    make_loader,
    train_val_split,
)
from .gradients import closed_form, gradient_descent, mse, mse_grad, numerical_grad
from .history import History, TrainingDiverged
from .landscape import loss_grid, plot_loss_landscape
from .liveplot import LivePlot
from .models import LinearRegression, get_params, linear_model, mlp
from .plotting import (
    figure_png,
    plot_data,
    plot_distance_to_optimum,
    plot_fit,
    plot_fits_per_epoch,
    plot_losses,
)
from .repro import get_device, set_seed
from .style import STYLE, use_course_style
from .training import accuracy, evaluate, fit, train_step
from .widgets import (
    FigureExplorer,
    batch_size_explorer,
    draw_epoch,
    draw_run,
    epoch_scrubber,
    lr_explorer,
)
from .wine import WineData, load_wine

__version__ = "0.1.0"

__all__ = [
    # data (lessons 01, 04, 06, 07, 08)
    "make_linear_data",
    "height_weight",
    "batches",
    "make_loader",
    "train_val_split",
    "Standardizer",
    "load_wine",
    "WineData",
    # gradients (lesson 01)
    "mse",
    "mse_grad",
    "numerical_grad",
    "closed_form",
    "gradient_descent",
    # models (lessons 04, 07, 08)
    "LinearRegression",
    "linear_model",
    "mlp",
    "get_params",
    # history (lessons 01, 04)
    "History",
    "TrainingDiverged",
    # training (lesson 04)
    "train_step",
    "evaluate",
    "accuracy",
    "fit",
    # plotting, landscape, liveplot (lessons 01, 05)
    "plot_data",
    "plot_fit",
    "plot_losses",
    "plot_loss_landscape",
    "plot_fits_per_epoch",
    "plot_distance_to_optimum",
    "LivePlot",
    "loss_grid",
    "figure_png",
    # widgets (lessons 05, 06)
    "epoch_scrubber",
    "lr_explorer",
    "batch_size_explorer",
    "draw_epoch",
    "draw_run",
    "FigureExplorer",
    # style (every lesson's set-up cell)
    "use_course_style",
    "STYLE",
    # repro (lesson 00)
    "set_seed",
    "get_device",
]
