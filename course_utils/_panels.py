"""The pictures the explorers draw, split into what stays and what moves with the slider.

``EpochScene`` and ``RunScene`` draw their fixed parts (data, contours, labels, views) when
made; ``update`` draws the moving artists of one slider value, replacing the last ones, and
returns them, so a widget can redraw only those (see ``_blit``). ``draw_epoch`` and
``draw_run`` (re-exported by ``widgets``) are a scene made and updated once: the full picture.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import matplotlib
import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes

from ._validate import as_1d, check_int, describe
from .gradients import closed_form
from .history import History
from .landscape import contour_loss, plot_optimum_and_paths
from .plotting import check_line_history, hold_data_view, line_losses, plot_data, plot_fit
from .style import PlainLogScale, styled


def unpack_axes(axes: Any, n: int, panels: str) -> list[Axes]:
    """``axes`` as a list of ``n`` Axes, one per panel."""
    if not isinstance(axes, (list, tuple, np.ndarray)) or len(axes) != n:
        got = f"{len(axes)}" if isinstance(axes, (list, tuple, np.ndarray)) else describe(axes)
        raise ValueError(f"axes must be {n} Axes ({panels}), e.g. fig.subplots(1, {n}); got {got}")
    return list(axes)


def diverging(history: History) -> bool:
    """Stopped by TrainingDiverged (no or non-finite losses), or the loss ends far above its
    start or its best: growth, not the ups and downs of mini-batch noise."""
    loss = history.loss
    return not loss or not np.isfinite(loss).all() or loss[-1] > max(loss[0], 10 * min(loss))


def window(
    x: Any, y: Any, runs: Sequence[History], pad: float = 0.15
) -> tuple[tuple[float, float], ...]:
    """A (w, b) view holding the optimum, every start and every converging path."""
    paths = [h.param_path("w", "b") for h in runs]
    points = [closed_form(x, y)] + [
        pt for h, path in zip(runs, paths) for pt in (path if not diverging(h) else path[:1])
    ]
    pts = np.asarray(points, dtype=float)
    lo, hi = pts.min(axis=0), pts.max(axis=0)
    margin = np.maximum(pad * (hi - lo), 0.25)
    return tuple((float(a - m), float(c + m)) for a, c, m in zip(lo, hi, margin))


def _replace(old: list[Artist]) -> None:
    for artist in old:
        if artist.axes is not None or artist.figure is not None:
            artist.remove()
    old.clear()


class EpochScene:
    """Left: the data and the line of one epoch. Right: the loss of every epoch's line on the
    full data, with a marker at that epoch. The left view holds the data and every epoch's
    line (within three data spreads), so it stays put while the slider moves."""

    def __init__(self, axes: Sequence[Axes], x: Any, y: Any, history: History) -> None:
        self.ax_fit, self.ax_loss = unpack_axes(axes, 2, "the line, the loss")
        self.xs, self.ys = as_1d(x, "x"), as_1d(y, "y")
        check_line_history(history)
        self.history, self.moving = history, []
        self.losses = line_losses(self.xs, self.ys, history.params)  # epoch 0 (the start) too
        plot_data(self.xs, self.ys, ax=self.ax_fit)
        ends = np.array([self.xs.min(), self.xs.max()])
        w = np.array([p["w"] for p in history.params], dtype=float)
        b = np.array([p["b"] for p in history.params], dtype=float)
        with np.errstate(over="ignore", invalid="ignore"):
            lines_y = np.outer(w, ends) + b[:, None]
        spread = np.ptp(self.ys) + 1e-9
        lines_y = np.clip(lines_y[np.isfinite(lines_y)], self.ys.min() - 3 * spread, None)
        lines_y = np.minimum(lines_y, self.ys.max() + 3 * spread)
        self.ax_fit.update_datalim(np.column_stack([np.resize(ends, lines_y.size), lines_y]))
        self.ax_fit.autoscale_view()
        self.ax_loss.plot(
            np.arange(len(self.losses)), self.losses, color="tab:blue", label="loss of the line"
        )
        self.ax_loss.set_yscale(PlainLogScale())
        self.ax_loss.set_xlabel("epoch (0 = start)")
        self.ax_loss.set_ylabel("loss (MSE, full data)")

    def update(self, k: int) -> list[Artist]:
        k = check_int(
            k, "k", 0, len(self.history.params) - 1, why=" (an epoch of history; 0 = the start)"
        )
        _replace(self.moving)
        w, b = self.history.params[k]["w"], self.history.params[k]["b"]
        plot_fit(self.xs, self.ys, w, b, ax=self.ax_fit, label=f"epoch {k}", data=False)
        self.ax_fit.set_title(f"epoch {k}: y = {w:.3f} x + {b:.3f}")
        loss = self.losses[k]
        self.ax_loss.plot([k], [loss], "o", ms=9, color="tab:red", label=f"epoch {k}: {loss:.4f}")
        self.ax_loss.legend(loc="upper right")
        self.moving += [self.ax_fit.lines[-1], self.ax_fit.legend_]
        self.moving += [self.ax_loss.lines[-1], self.ax_loss.legend_]
        return [*self.moving, self.ax_fit.title]


@styled
def draw_epoch(axes: Sequence[Axes], x: Any, y: Any, history: History, k: int) -> None:
    """Left: the data and the line of epoch ``k``. Right: the loss of every epoch's line on the
    full data, with a marker at ``k``. Introduced in notebook 05."""
    EpochScene(axes, x, y, history).update(k)


class RunScene:
    """One run in three panels: the (w, b) path on the loss contour, the final line, the loss.

    The contours, the data and the loss panel's epoch axis (0 to ``epochs``) are drawn once;
    ``settle()`` writes the contours' height labels once the Axes stay where they are (after a
    widget's layout); ``update`` draws a run's path, line, loss curve with its loss axis (the
    range differs per run) and the verdict, the title of the axes' (sub)figure.
    """

    def __init__(
        self,
        axes: Sequence[Axes],
        x: Any,
        y: Any,
        w_range: tuple[float, float],
        b_range: tuple[float, float],
        epochs: int,
    ) -> None:
        self.ax_path, self.ax_fit, self.ax_loss = unpack_axes(
            axes, 3, "the path, the line, the loss"
        )
        self.xs, self.ys = as_1d(x, "x"), as_1d(y, "y")
        self.w_range, self.b_range, self.moving = w_range, b_range, []
        (self.loss_line,) = self.ax_loss.plot([], [], marker=".")
        self.ax_loss.set(
            yscale=PlainLogScale(), xlabel="epoch", ylabel="training loss after each epoch (MSE)"
        )
        last = max(epochs, 1)  # the view autoscaling gives the losses after 0..`epochs` epochs
        pad = matplotlib.rcParams["axes.xmargin"] * last
        self.ax_loss.set_xlim(-pad, last + pad)
        # fewer contours than plot_loss_landscape's default: a lighter picture; their labels
        # are placed on screen, so a widget writes them once its layout has settled
        self.settle = contour_loss(
            self.ax_path, self.xs, self.ys, w_range, b_range, resolution=61, levels=12, labels=False
        )
        plot_data(self.xs, self.ys, ax=self.ax_fit)
        hold_data_view(self.ax_fit, self.ys)

    def update(self, history: History, title: str = "") -> list[Artist]:
        check_line_history(history)
        _replace(self.moving)
        (w_lo, w_hi), (b_lo, b_hi) = self.w_range, self.b_range
        path = np.asarray(history.param_path("w", "b"), dtype=float)
        out = ~((path[:, 0] >= w_lo) & (path[:, 0] <= w_hi))
        out |= ~((path[:, 1] >= b_lo) & (path[:, 1] <= b_hi))
        label = "path"
        if out.any():  # draw up to the first step out of view, not a tangle of far-away zigzags
            k = int(np.argmax(out))
            path, label = path[: k + 1], f"path (leaves the view at epoch {k})"
        self.ax_path.set_prop_cycle(None)  # the path's colour: the first, as on fresh Axes
        self.moving += plot_optimum_and_paths(self.ax_path, self.xs, self.ys, {label: path})
        # legends below the panels: three panels in 9 inches leave no room inside them
        below = {"loc": "upper center", "bbox_to_anchor": (0.5, -0.22)}
        self.moving.append(self.ax_path.legend(**below))
        end, n = history.params[-1], len(history.params) - 1
        label = f"epoch {n}: y = {end['w']:.3g} x + {end['b']:.3g}"
        plot_fit(self.xs, self.ys, end["w"], end["b"], ax=self.ax_fit, label=label, data=False)
        self.ax_fit.legend(**below)
        self.moving += [self.ax_fit.lines[-1], self.ax_fit.legend_]
        # cap what is drawn: a log axis overflows on its own near 1e308, and 1e200 already
        # says "diverged"
        epochs, losses = history.curve()  # the loss after 0..n epochs, at the plotted params
        self.loss_line.set_data(epochs, np.minimum(losses, 1e200))
        self.ax_loss.relim()
        self.ax_loss.autoscale_view()  # the loss range: the epoch range stays
        if diverging(history):
            verdict, color = "DIVERGES: the loss grows; try a smaller learning rate", "tab:red"
        else:
            verdict, color = f"loss {losses[0]:.4g} -> {losses[-1]:.4g}", "black"
        text = f"{title}: {verdict}" if title else verdict
        figure = self.ax_path.figure
        suptitle = figure._suptitle  # noqa: SLF001 - set_text keeps where the layout put it
        if suptitle is None:
            suptitle = figure.suptitle(text, color=color)
        else:
            suptitle.set_text(text)
            suptitle.set_color(color)
        # the spines too: a full draw puts them over the curve where the two touch
        spines = list(self.ax_loss.spines.values())
        return [*self.moving, self.loss_line, *spines, self.ax_loss.yaxis, suptitle]


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
    epochs: int | None = None,
) -> None:
    """One run in three panels: the (w, b) path on the loss contour, the final line, the loss.

    The verdict is the title of the axes' (sub)figure, red for a diverging run, whose path and
    line leave the view instead of squashing it. The view defaults to the optimum and this
    path (if it converges); the loss panel spans epochs 0 to ``epochs`` (default: the run's
    own, shorter for a run stopped by an overflow). Introduced in notebook 05.
    """
    axes = unpack_axes(axes, 3, "the path, the line, the loss")
    xs, ys = as_1d(x, "x"), as_1d(y, "y")
    check_line_history(history)
    if w_range is None or b_range is None:
        w_range, b_range = window(xs, ys, [history])
    epochs = len(history.loss) if epochs is None else epochs
    scene = RunScene(axes, xs, ys, w_range, b_range, epochs)
    scene.settle()
    scene.update(history, title)
