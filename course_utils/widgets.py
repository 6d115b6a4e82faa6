"""Sliders that redraw a figure: scrub through epochs, change the learning rate or the batch size.

Each widget is a control above an ``Output`` holding a PNG of one figure. Moving the control
calls a plain module-level function (``draw_epoch`` or ``draw_run``) on the figure's Axes; the
unit tests call the same functions without a browser. Runs are computed once when the widget
is built, so moving a slider only redraws.
"""

from __future__ import annotations

import base64
import math
import sys
from collections.abc import Callable, Sequence
from typing import Any

import ipywidgets as widgets
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from ._validate import (
    as_1d,
    as_list,
    check_callable,
    check_int,
    check_lr,
    check_positive_int,
    describe,
)
from .gradients import closed_form, gradient_descent
from .history import History, TrainingDiverged
from .landscape import plot_loss_landscape
from .models import linear_model
from .plotting import check_line_history, figure_png, hold_data_view, line_losses, plot_fit
from .style import styled
from .training import fit

__all__ = [
    "FigureExplorer",
    "draw_epoch",
    "draw_run",
    "epoch_scrubber",
    "lr_explorer",
    "batch_size_explorer",
]


class FigureExplorer(widgets.VBox):
    """A control above a figure; each new ``control.value`` calls ``draw(axes, value)``.

    The figure is a bare ``matplotlib.figure.Figure`` (not pyplot's), so the notebook's inline
    backend never shows a stray copy and nothing needs closing: it lives as long as the widget.
    Introduced in notebook 05.
    """

    @styled
    def __init__(
        self,
        control: widgets.ValueWidget,
        draw: Callable[[list[Axes], Any], None],
        *,
        ncols: int,
        figsize: tuple[float, float],
        header: Sequence[widgets.Widget] = (),
    ) -> None:
        if not isinstance(control, widgets.ValueWidget):
            raise TypeError(
                f"control must be an ipywidgets control with a .value, such as "
                f"widgets.IntSlider(), got {describe(control)}"
            )
        check_callable(draw, "draw", "a function draw(axes, value)")
        ncols = check_positive_int(ncols, "ncols")
        self.control, self.output, self.draw = control, widgets.Output(), draw
        super().__init__([widgets.HBox([*header, control]), self.output])
        self.figure = Figure(figsize=figsize, layout="constrained")
        self.axes: list[Axes] = list(self.figure.subplots(1, ncols))
        control.observe(self.redraw, names="value")
        # draw once without a PNG to settle the layout: the first PNG is then like later ones
        self.draw(self.axes, control.value)
        self.figure.draw_without_rendering()
        self.redraw()

    @styled
    def redraw(self, change: Any = None) -> None:
        for ax in self.axes:
            ax.clear()
        self.draw(self.axes, self.control.value)
        png = base64.b64encode(figure_png(self.figure)).decode("ascii")
        # Replace the Output's content in one synced update instead of `with out: display(...)`:
        # it works without a kernel (unit tests) and never leaks into the cell under nbval.
        self.output.outputs = (
            {
                "output_type": "display_data",
                "metadata": {},
                "data": {"image/png": png, "text/plain": "<figure>"},
            },
        )

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        """What a notebook stores and shows. A viewer that cannot draw widgets (GitHub, a PDF,
        nbviewer without widget state) shows the text line instead of a blank; where the
        kernel has ipywidgets 7 outside Colab, JupyterLab 4 could only show an error, so the
        widget is left out and only the line is shown."""
        bundle = dict(super()._repr_mimebundle_(**kwargs) or {})
        bundle["text/plain"] = STATIC_LINE
        if not widgets_drawable():
            bundle.pop(WIDGET_VIEW, None)
        return bundle


WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
STATIC_LINE = (
    "[A slider and its figure: if this line shows instead, this viewer cannot draw widgets. "
    "The static figure above shows the same; lesson 00 says how to get sliders.]"
)


def widgets_drawable() -> bool:
    """Whether the front end can draw this kernel's widgets: ipywidgets 8 (JupyterLab 4's
    widget manager speaks only its protocol), or any ipywidgets on Colab, which draws them."""
    major = int(str(widgets.__version__).split(".")[0])
    return major >= 8 or "google.colab" in sys.modules


@styled
def draw_epoch(axes: Sequence[Axes], x: Any, y: Any, history: History, k: int) -> None:
    """Left: the data and the line of epoch ``k``. Right: the loss of every epoch's line on the
    full data, with a marker at ``k``. Introduced in notebook 05."""
    ax_fit, ax_loss = _unpack_axes(axes, 2, "the line, the loss")
    xs, ys = as_1d(x, "x"), as_1d(y, "y")
    check_line_history(history)
    k = check_int(k, "k", 0, len(history.params) - 1, why=" (an epoch of history; 0 = the start)")
    losses = line_losses(xs, ys, history.params)  # epoch 0 (the start) included
    w, b = history.params[k]["w"], history.params[k]["b"]
    plot_fit(xs, ys, w, b, ax=ax_fit, label=f"epoch {k}")
    ax_fit.set_title(f"epoch {k}: y = {w:.3f} x + {b:.3f}")
    ax_loss.plot(np.arange(len(losses)), losses, color="tab:blue", label="loss of the line")
    ax_loss.plot([k], [losses[k]], "o", ms=9, color="tab:red", label=f"epoch {k}: {losses[k]:.4f}")
    ax_loss.set_yscale("log")
    ax_loss.set_xlabel("epoch (0 = start)")
    ax_loss.set_ylabel("loss (MSE, full data)")
    ax_loss.legend(loc="upper right")


def _unpack_axes(axes: Any, n: int, panels: str) -> list[Axes]:
    """``axes`` as a list of ``n`` Axes, one per panel."""
    if not isinstance(axes, (list, tuple, np.ndarray)) or len(axes) != n:
        got = f"{len(axes)}" if isinstance(axes, (list, tuple, np.ndarray)) else describe(axes)
        raise ValueError(f"axes must be {n} Axes ({panels}), e.g. fig.subplots(1, {n}); got {got}")
    return list(axes)


def _diverging(history: History) -> bool:
    """Stopped by TrainingDiverged (no or non-finite losses), or the loss ends far above its
    start or its best: growth, not the ups and downs of mini-batch noise."""
    loss = history.loss
    return not loss or not np.isfinite(loss).all() or loss[-1] > max(loss[0], 10 * min(loss))


@styled
def draw_run(
    axes: Sequence[Axes],
    x: Any,
    y: Any,
    history: History,
    *,
    w_range: tuple[float, float] | None = None,
    b_range: tuple[float, float] | None = None,
    title: str = "",
) -> None:
    """One run in three panels: the (w, b) path on the loss contour, the final line, the loss.

    The verdict is the title of the axes' (sub)figure, red for a diverging run, whose path and
    line leave the view instead of squashing it. The view defaults to the optimum and this
    path (if it converges). Introduced in notebook 05.
    """
    ax_path, ax_fit, ax_loss = _unpack_axes(axes, 3, "the path, the line, the loss")
    xs, ys = as_1d(x, "x"), as_1d(y, "y")
    check_line_history(history)
    if w_range is None or b_range is None:
        w_range, b_range = _window(xs, ys, [history])
    path = np.asarray(history.param_path("w", "b"), dtype=float)
    out = ~(
        (path[:, 0] >= w_range[0])
        & (path[:, 0] <= w_range[1])
        & (path[:, 1] >= b_range[0])
        & (path[:, 1] <= b_range[1])
    )
    label = "path"
    if out.any():  # draw up to the first step out of view, not a tangle of far-away zigzags
        k = int(np.argmax(out))
        path, label = path[: k + 1], f"path (leaves the view at epoch {k})"
    plot_loss_landscape(
        xs, ys, w_range=w_range, b_range=b_range, paths={label: path}, ax=ax_path, levels=12
    )  # fewer contours: lighter PNGs, redrawn on every slider move
    # legends below the panels: three panels in 9 inches leave no room inside them
    ax_path.legend(loc="upper center", bbox_to_anchor=(0.5, -0.22))
    end = history.params[-1]
    plot_fit(
        xs,
        ys,
        end["w"],
        end["b"],
        ax=ax_fit,
        label=f"epoch {len(history.params) - 1}: y = {end['w']:.3g} x + {end['b']:.3g}",
    )
    hold_data_view(ax_fit, ys)
    ax_fit.legend(loc="upper center", bbox_to_anchor=(0.5, -0.22))
    # cap what is drawn: a log axis overflows on its own near 1e308, and 1e200 already says
    # "diverged"
    epochs, losses = history.curve()  # the loss after 0..n epochs, at the plotted params
    ax_loss.plot(epochs, np.minimum(losses, 1e200), marker=".")
    ax_loss.set(yscale="log", xlabel="epoch", ylabel="training loss after each epoch (MSE)")
    if _diverging(history):
        verdict, color = "DIVERGES: the loss grows; try a smaller learning rate", "tab:red"
    else:
        verdict, color = f"loss {losses[0]:.4g} -> {losses[-1]:.4g}", "black"
    ax_path.figure.suptitle(f"{title}: {verdict}" if title else verdict, color=color)


def _window(
    x: Any, y: Any, runs: Sequence[History], pad: float = 0.15
) -> tuple[tuple[float, float], ...]:
    """A (w, b) view holding the optimum, every start and every converging path."""
    paths = [h.param_path("w", "b") for h in runs]
    points = [closed_form(x, y)] + [
        pt for h, path in zip(runs, paths) for pt in (path if not _diverging(h) else path[:1])
    ]
    pts = np.asarray(points, dtype=float)
    lo, hi = pts.min(axis=0), pts.max(axis=0)
    margin = np.maximum(pad * (hi - lo), 0.25)
    return tuple((float(a - m), float(c + m)) for a, c, m in zip(lo, hi, margin))


def epoch_scrubber(x: Any, y: Any, history: History) -> FigureExplorer:
    """A slider (and a play button) over the epochs of ``history``: the line at epoch k and a
    marker on the loss curve. Introduced in notebook 05."""
    check_line_history(history, epochs=1)
    n = len(history.params) - 1
    slider = widgets.IntSlider(value=0, min=0, max=n, description="epoch", continuous_update=False)
    play = widgets.Play(value=0, min=0, max=n, interval=300, description="play")
    widgets.jslink((play, "value"), (slider, "value"))  # runs in the browser: no kernel round trip
    return FigureExplorer(
        slider,
        lambda axes, k: draw_epoch(axes, x, y, history, k),
        ncols=2,
        figsize=(9.0, 3.4),
        header=[play],
    )


def _gd_run(x: Any, y: Any, lr: float, epochs: int, w0: float, b0: float) -> History:
    try:
        return gradient_descent(x, y, lr=lr, epochs=epochs, w0=w0, b0=b0)
    except TrainingDiverged as exc:  # overflowed: keep the epochs before it, to show them
        return exc.history


def lr_explorer(
    x: Any,
    y: Any,
    *,
    lrs: Sequence[float] = (1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.02, 0.03, 0.04),
    epochs: int = 50,
    w0: float = 0.0,
    b0: float = 0.0,
) -> FigureExplorer:
    """A learning-rate slider over full-batch gradient descent (``gradient_descent``): the
    path on the contour, the final line and the loss curve move together. A rate that
    diverges is shown as such, not raised. Introduced in notebook 05."""
    lrs = [check_lr(lr, "each of lrs") for lr in as_list(lrs, "lrs", "(0.001, 0.01, 0.03)")]
    if not lrs:
        raise ValueError("lrs is empty; pass a few learning rates, e.g. (0.001, 0.01, 0.03)")
    epochs = check_positive_int(epochs, "epochs")
    runs = {lr: _gd_run(x, y, lr, epochs, w0, b0) for lr in lrs}
    w_range, b_range = _window(x, y, list(runs.values()))
    slider = widgets.SelectionSlider(
        options=[(f"{lr:g}", lr) for lr in lrs],
        value=lrs[len(lrs) // 2],
        description="lr",
        continuous_update=False,
    )
    return FigureExplorer(
        slider,
        lambda axes, lr: draw_run(
            axes, x, y, runs[lr], w_range=w_range, b_range=b_range, title=f"lr = {lr:g}"
        ),
        ncols=3,
        figsize=(9.0, 4.4),
    )


def batch_size_explorer(
    x: Any,
    y: Any,
    *,
    batch_sizes: Sequence[int] = (1, 4, 16, 50, 100),
    epochs: int = 20,
    lr: float = 0.005,
    w0: float = 0.0,
    b0: float = 0.0,
    seed: int = 0,
) -> FigureExplorer:
    """A batch-size slider over ``fit`` runs (SGD, same seed, same start): the per-epoch path
    on the contour and the loss for the chosen batch size. Introduced in notebook 06."""
    runs = {}
    for bs in as_list(batch_sizes, "batch_sizes", "(1, 16, 100)"):
        try:
            runs[bs] = fit(
                linear_model(w0, b0), x, y, lr=lr, epochs=epochs, batch_size=bs, seed=seed
            )
        except TrainingDiverged as exc:
            runs[bs] = exc.history
    if not runs:
        raise ValueError("batch_sizes is empty; pass a few, e.g. (1, 16, 100)")
    w_range, b_range = _window(x, y, list(runs.values()))
    n = len(as_1d(x, "x"))
    slider = widgets.SelectionSlider(
        options=[(str(bs), bs) for bs in runs],
        value=list(runs)[0],
        description="batch size",
        continuous_update=False,
    )
    return FigureExplorer(
        slider,
        lambda axes, bs: draw_run(
            axes,
            x,
            y,
            runs[bs],
            w_range=w_range,
            b_range=b_range,
            title=f"batch size {bs} ({math.ceil(n / bs)} updates per epoch), lr {lr:g}",
        ),
        ncols=3,
        figsize=(9.0, 4.4),
    )
