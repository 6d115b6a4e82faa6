"""Pictures for the lessons. Every function takes ``ax=None`` (or ``fig=None``) and returns the
Axes (or Figure).

Nothing here calls ``plt.show()`` or saves a file: the notebook decides. Training code never
plots; these functions read a ``History`` of plain floats.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from ._validate import as_1d, as_list, check_number, check_positive_int, check_same_length, describe
from .gradients import closed_form
from .history import History
from .style import PlainLogScale, styled

__all__ = [
    "plot_data",
    "plot_fit",
    "plot_losses",
    "plot_fits_per_epoch",
    "plot_distance_to_optimum",
    "figure_png",
]

_X_AXES = {
    "epoch": "epoch",
    "update": "updates (optimizer steps)",
    "sample": "samples seen",
    "time": "wall-clock time (s)",
}


def axes_or_new(ax: Axes | None, figsize: tuple[float, float] = (5.0, 3.5)) -> Axes:
    if ax is None:
        _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


@styled
def plot_data(
    x: Any,
    y: Any,
    *,
    ax: Axes | None = None,
    xlabel: str = "x",
    ylabel: str = "y",
    **scatter_kw: Any,
) -> Axes:
    """Scatter plot of the data. Introduced in notebook 01."""
    ax = axes_or_new(ax)
    xs, ys = as_1d(x, "x"), as_1d(y, "y")
    check_same_length(xs, ys)
    kw = {"s": 14, "alpha": 0.7, "color": "tab:blue", "label": "data"} | scatter_kw
    ax.scatter(xs, ys, **kw)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    return ax


@styled
def plot_fit(
    x: Any,
    y: Any,
    w: float,
    b: float,
    *,
    ax: Axes | None = None,
    label: str | None = None,
    data: bool = True,
    **line_kw: Any,
) -> Axes:
    """The data and the line ``y = w x + b`` across the data's x range.

    Introduced in notebook 01.
    """
    # finite=False: the last line of a diverged run may be inf, which simply leaves the view
    w, b = check_number(w, "w", finite=False), check_number(b, "b", finite=False)
    ax = axes_or_new(ax)
    xs = as_1d(x, "x")
    if data:
        plot_data(xs, y, ax=ax)
    grid = np.linspace(xs.min(), xs.max(), 2)
    label = label if label is not None else f"y = {w:.3f} x + {b:.3f}"
    kw = {"color": "tab:red", "lw": 2} | line_kw
    ax.plot(grid, w * grid + b, label=label, **kw)
    ax.legend(loc="best")
    return ax


def as_histories(
    histories: History | Sequence[History] | Mapping[str, History],
) -> list[tuple[str, History]]:
    if isinstance(histories, History):
        return [(histories.label or "training", histories)]
    if isinstance(histories, Mapping):
        items = list(histories.items())
    elif isinstance(histories, Iterable) and not isinstance(
        histories, str
    ):  # a list, dict.values()
        items = [(getattr(h, "label", "") or f"run {i}", h) for i, h in enumerate(histories)]
    else:
        items = None
    if items is None or not all(isinstance(h, History) for _, h in items):
        raise TypeError(
            f"histories must be a History (from fit or gradient_descent), a list of them "
            f"or a dict label -> History; got {describe(histories)}"
        )
    if not items:
        raise ValueError(
            "histories is empty; pass at least one History (from fit or gradient_descent)"
        )
    return items


def check_line_history(history: Any, name: str = "history", epochs: int = 0) -> None:
    """``history.params`` must hold (w, b) snapshots of a line: the start and ``epochs`` more."""
    if not isinstance(history, History):
        raise TypeError(
            f"{name} must be a History from fit or gradient_descent, got {describe(history)}"
        )
    need = " of at least one epoch" if epochs else ""
    if len(history.params) < epochs + 1 or "w" not in history.params[0]:
        raise ValueError(
            f"{name} must hold (w, b) snapshots of a line{need} in .params, e.g. from "
            f"fit or gradient_descent; it holds {len(history.params)} snapshot(s)"
            + ("" if not history.params else f" with keys {sorted(history.params[0])[:4]}")
            + ". Only a model with one input and one output, nn.Linear(1, 1), draws "
            "a line; for other models plot the losses with plot_losses(history)."
        )


def hold_data_view(ax: Axes, ys: np.ndarray) -> None:
    """Fix the y-limits to the data (plus 10%), so a line that runs away leaves the picture
    instead of squashing the data into a flat strip."""
    pad = 0.1 * np.ptp(ys) + 1e-9
    ax.set_ylim(ys.min() - pad, ys.max() + pad)


@styled
def plot_losses(
    histories: History | Sequence[History] | Mapping[str, History],
    x_axis: str = "epoch",
    *,
    ax: Axes | None = None,
    log: bool = True,
    val: bool = True,
) -> Axes:
    """Loss curves of one or more runs against epochs, updates, samples seen or time: the
    training loss after each epoch (``History.loss_after``, from epoch 0, the start), and the
    validation loss after each epoch as a dashed line.

    Introduced in notebook 01; ``x_axis`` other than "epoch" in notebook 06.
    """
    if x_axis not in _X_AXES:
        raise ValueError(f"x_axis must be one of {sorted(_X_AXES)}, got {x_axis!r}")
    ax = axes_or_new(ax)
    runs = as_histories(histories)
    for label, h in runs:
        epochs, losses = h.curve()  # the loss after 0..n epochs: a point at k is at params[k]
        start = [0] if len(epochs) == len(h.loss) + 1 else []  # where the curve has epoch 0
        xs = {
            "epoch": np.asarray(epochs),
            "update": start + list(h.steps),
            "sample": start + list(h.samples),
            "time": start + list(h.time),
        }[x_axis]
        n = len(losses)
        if len(xs) != n:
            raise ValueError(
                f"history {label!r} has {n} losses but {len(xs)} values for x_axis={x_axis!r}"
            )
        (line,) = ax.plot(xs, losses, label=label, marker="o" if n <= 31 else None, ms=3)
        if val and h.val_loss:  # val_loss[k - 1] is after epoch k: the same x as loss_after[k]
            after = np.asarray(xs)[len(start) :]
            ax.plot(
                after[: len(h.val_loss)],
                h.val_loss,
                ls="--",
                color=line.get_color(),
                label=f"{label} (validation)",
            )
    if log:
        ax.set_yscale(PlainLogScale())
    ax.set_xlabel(_X_AXES[x_axis])
    when = "after" if all(h.loss_after for _, h in runs) else "during"  # filled by hand: during
    ax.set_ylabel(f"training loss {when} each epoch" + (" (log scale)" if log else ""))
    ax.legend(loc="best")
    return ax


@styled  # what is read while drawing (new tick labels) follows the course style too
def figure_png(fig: Figure) -> bytes:
    """The figure as PNG bytes, at the figure's own (modest) dpi. Introduced in notebook 05."""
    if not isinstance(fig, Figure):
        raise TypeError(
            f"fig must be a matplotlib Figure (e.g. ax.figure or plt.figure()), got {describe(fig)}"
        )
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=fig.dpi, bbox_inches="tight")
    return buf.getvalue()


def _spread_epochs(n: int, count: int = 8) -> list[int]:
    """0, the last epoch, and epochs in between spaced geometrically: early epochs change most."""
    inner = np.rint(np.geomspace(1, max(n, 1), count - 1)).astype(int) if n else []
    return sorted({0, n, *(int(k) for k in inner)})


@styled
def plot_fits_per_epoch(
    x: Any,
    y: Any,
    history: History,
    epochs: Sequence[int] | None = None,
    ncols: int = 3,
    *,
    fig: Figure | None = None,
) -> Figure:
    """One small-multiples figure: the data and the line at chosen epochs, one panel each.

    ``epochs`` defaults to about 8 epochs spread log-like from 0 (the start) to the last.
    Panel k shows the line of ``history.params[k]`` and its MSE on ``(x, y)``. One figure,
    not one per epoch: a fraction of the time and notebook size. Introduced in notebook 05.
    """
    xs, ys = as_1d(x, "x"), as_1d(y, "y")
    check_line_history(history)
    n = len(history.params) - 1
    if epochs is not None:
        epochs = as_list(epochs, "epochs", f"[0, 1, {n}] (epoch 0 is the start)")
        if not all(isinstance(k, (int, np.integer)) and not isinstance(k, bool) for k in epochs):
            raise TypeError(
                f"epochs must be a list of whole epoch numbers such as [0, 1, {n}], got {epochs!r}"
            )
    epochs = _spread_epochs(n) if epochs is None else [int(k) for k in epochs]
    if not epochs or any(not 0 <= k <= n for k in epochs):
        raise ValueError(
            f"epochs must be a non-empty list of epochs between 0 and {n}, got {epochs}"
        )
    ncols = min(check_positive_int(ncols, "ncols"), len(epochs))
    nrows = math.ceil(len(epochs) / ncols)
    fig = (
        fig
        if fig is not None
        else plt.figure(figsize=(3.0 * ncols, 2.3 * nrows + 0.4), layout="constrained")
    )
    axes = fig.subplots(nrows, ncols, sharex=True, sharey=True, squeeze=False).ravel()
    losses = line_losses(xs, ys, [history.params[k] for k in epochs])
    grid = np.array([xs.min(), xs.max()])
    for ax, k, loss in zip(axes, epochs, losses):
        w, b = history.params[k]["w"], history.params[k]["b"]
        ax.scatter(xs, ys, s=6, alpha=0.5, color="tab:blue")
        ax.plot(grid, w * grid + b, color="tab:red", lw=2)
        ax.set_title(f"epoch {k}, loss {loss:.4g}")
        ax.label_outer()  # shared axes: tick labels only on the outer panels
        # the panels share one x and one y label (below): with their own label positions
        # fixed, matplotlib stops measuring every sibling panel's ticks to place them
        ax.xaxis.set_label_coords(0.5, -0.1)
        ax.yaxis.set_label_coords(-0.1, 0.5)
    for ax in axes[len(epochs) :]:
        ax.set_visible(False)
    fig.supxlabel("x")
    fig.supylabel("y")
    if history.label:
        fig.suptitle(history.label)
    return fig


def line_losses(
    xs: np.ndarray, ys: np.ndarray, params: Sequence[Mapping[str, float]]
) -> np.ndarray:
    """MSE of each recorded line ``(w, b)`` on the full data: the loss of what a panel draws."""
    w = np.array([p["w"] for p in params], dtype=float)
    b = np.array([p["b"] for p in params], dtype=float)
    with np.errstate(over="ignore", invalid="ignore"):  # a diverged run may hold huge values
        return ((np.outer(w, xs) + b[:, None] - ys) ** 2).mean(axis=1)


@styled
def plot_distance_to_optimum(
    histories: History | Sequence[History] | Mapping[str, History],
    x: Any,
    y: Any,
    ax: Axes | None = None,
) -> Axes:
    """Euclidean distance of ``(w, b)`` to the least-squares answer per epoch, on a log scale.

    Gradient descent on this problem closes the gap geometrically, which a log scale shows as
    a straight line. Introduced in notebook 05.
    """
    ax = axes_or_new(ax)
    w_star, b_star = closed_form(x, y)
    for label, h in as_histories(histories):
        check_line_history(h, f"history {label!r}")
        path = np.asarray(h.param_path("w", "b"), dtype=float)
        ax.plot(
            np.arange(len(path)), np.hypot(path[:, 0] - w_star, path[:, 1] - b_star), label=label
        )
    ax.set_yscale(PlainLogScale())
    ax.set_xlabel("epoch (0 = start)")
    ax.set_ylabel("distance of (w, b) to least squares")
    ax.legend(loc="best")
    return ax
