"""``LivePlot``: one figure redrawn in place while a model trains (a ``fit`` callback).

Introduced in notebook 05. Like ``plotting``, it never saves a file; it shows its figure
only through ``show()``, which the notebook calls. Each picture redraws only what moves (the
line, the titles, the loss panel's curve and axes) onto a cached picture of the rest, as the
widgets do (``_blit``).
"""

from __future__ import annotations

from typing import Any

import matplotlib
import numpy as np
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FixedFormatter, FixedLocator, NullFormatter, NullLocator
from matplotlib.transforms import Bbox

from ._blit import BlitFrame, rc_as_built
from ._validate import as_1d, check_positive_int, check_same_length
from .history import History
from .plotting import check_line_history, hold_data_view, plot_data
from .style import STYLE, PlainLogScale, styled

__all__ = ["LivePlot"]

# What the layout makes room for when the titles and the loss panel are still empty (at
# show(), before the first epoch): the titles, a wide loss label (a range under a decade
# labels minor ticks too: "0.0002" ... "0.0009") and a last epoch label ("1000") at the right
# end of the epoch axis. Laid out as single ticks: a layout measures every tick label.
ROOM_TITLES = ("epoch 0: y = 0.000 x + 0.000", "loss 0.0000")
ROOM_TICKS = {  # axis: view, tick, label
    "x": ((0.0, 1000.0), 1000.0, "1000"),
    "y": ((0.0002, 0.002), 0.0006, "0.0006"),
}


class LivePlot:
    """One figure redrawn in place while a model trains: the fitted line and the loss curve.

    A ``fit`` callback: ``fit(..., callbacks=[live])`` calls ``live(history, model)`` after
    every epoch; it redraws after epoch 1 and every ``every`` epochs. It draws into its own
    ``live.figure``, which pyplot does not manage (no second copy at the end of the cell), so
    nothing appears until the notebook calls ``live.show()``: one display, which each redraw
    then replaces in place. The layout is computed once, at ``show()``, with room for the
    titles and loss axis later pictures draw; the fixed parts (data, axes of the line's panel)
    are drawn once, and each redraw draws only the line, the titles and the loss panel's
    curve and axes over them (the layout is computed again only if the loss axis' labels
    outgrow their room). Introduced in notebook 05.
    """

    @styled
    def __init__(
        self,
        x: Any,
        y: Any,
        every: int = 1,
        *,
        figsize: tuple[float, float] = (9.0, 3.4),
        dpi: int = STYLE["figure.dpi"],
    ) -> None:
        self.xs, self.ys = as_1d(x, "x"), as_1d(y, "y")
        check_same_length(self.xs, self.ys)
        self.every = check_positive_int(every, "every")
        self.rc = dict(matplotlib.rcParams)  # the style it is built in, for every picture
        self.figure = Figure(figsize=figsize, dpi=dpi, layout="constrained")
        FigureCanvasAgg(self.figure)  # drawn on its own Agg canvas, not pyplot's
        self.ax_fit, self.ax_loss = self.figure.subplots(1, 2)
        self.handle: Any = None  # set by show()
        self.frame: BlitFrame | None = None  # set by the first picture: the frozen layout
        self.room: Bbox | None = None  # where the loss panel may draw in that layout
        self._grid = np.array([self.xs.min(), self.xs.max()])
        plot_data(self.xs, self.ys, ax=self.ax_fit)
        (self.fit_line,) = self.ax_fit.plot([], [], color="tab:red", lw=2, label="model")
        # fix the data's view: a diverging line leaves the picture instead of squashing the data
        hold_data_view(self.ax_fit, self.ys)
        self.ax_fit.legend(loc="upper left")
        (self.loss_line,) = self.ax_loss.plot([], [], marker="o", ms=4, color="tab:blue")
        self.ax_loss.set(yscale=PlainLogScale(), xlabel="epoch", ylabel="training loss (MSE)")

    def show(self) -> None:
        """Display the figure once; later redraws replace it in place (via ``self.handle``).

        Returns None, so ``live.show()`` as a cell's last line adds no output of its own.
        """
        from IPython.display import display  # only the notebook needs IPython

        self.handle = display(self._image(), display_id=True)

    def _image(self) -> Any:
        # A PNG made here, not the Figure itself: IPython only knows how to show a Figure once
        # pyplot has picked a backend, and this figure deliberately bypasses pyplot.
        from IPython.display import Image

        with rc_as_built(self.rc):
            return Image(data=self.render(), format="png")

    def moving(self) -> list[Artist]:
        """The artists a redraw changes: the line with what a full draw puts over it (spines,
        legend), the titles, and the loss panel's curve, axes and spines (its ranges grow)."""
        fit, loss = self.ax_fit, self.ax_loss
        return [
            *(self.fit_line, fit.title, fit.get_legend(), *fit.spines.values()),
            *(self.loss_line, loss.title, loss.xaxis, loss.yaxis, *loss.spines.values()),
        ]

    def render(self) -> bytes:
        """The figure as it is now, as PNG bytes: the moving artists drawn over the fixed
        parts, at the layout of the first picture (computed again if the loss axis' labels
        no longer fit in the room it left)."""
        if self.frame is None:
            self._freeze(room=True)
        png = self.frame.render(self.moving())
        if not self._fits():
            self._freeze(room=False)  # a layout for what is drawn now
            png = self.frame.render(self.moving())
        return png

    def _freeze(self, room: bool) -> None:
        """Compute the layout once (with ``room``: for the texts later pictures draw, not only
        the empty panels of now), draw the fixed parts into the cached background."""
        loss = self.ax_loss
        titles = [(t, t.get_text()) for t in (self.ax_fit.title, loss.title)]
        views = loss.get_xlim(), loss.get_ylim()
        autoscale = loss.get_autoscalex_on(), loss.get_autoscaley_on()
        ticks = [_Ticks(axis) for axis in (loss.xaxis, loss.yaxis)] if room else []
        for (title, text), stand_in in zip(titles, ROOM_TITLES):
            title.set_text(text or stand_in)
        for saved in ticks:
            saved.stand_in(*ROOM_TICKS[saved.axis.axis_name])
        self.figure.set_layout_engine("constrained")
        self.frame = BlitFrame(self.figure, self.moving())  # the layout, then frozen
        self.room = loss.get_tightbbox(self.frame.canvas.get_renderer(), for_layout_only=True)
        for saved in ticks:
            saved.restore()
        for title, text in titles:
            title.set_text(text)
        loss.set(xlim=views[0], ylim=views[1])
        loss.set_autoscalex_on(autoscale[0])
        loss.set_autoscaley_on(autoscale[1])

    def _fits(self) -> bool:
        """Whether the loss axis just drawn stays in its room: its y label (left of the tick
        labels) and its epoch labels (the last may stick out to the right)."""
        renderer = self.frame.canvas.get_renderer()
        left = self.ax_loss.yaxis.label.get_window_extent(renderer).x0  # placed when drawn
        right = self.ax_loss.xaxis.get_tightbbox(renderer, for_layout_only=True).x1
        return left >= self.room.x0 - 0.5 and right <= self.room.x1 + 0.5

    def __call__(self, history: History, model: Any = None) -> None:
        k = history.epochs
        if k == 1 or k % self.every == 0:
            self.update(history)

    @styled
    def update(self, history: History) -> None:
        """Redraw from ``history`` now, whatever the epoch (e.g. once more after training)."""
        check_line_history(history)  # a LivePlot draws a line: nn.Linear(1, 1), not an MLP
        p, k = history.params[-1], history.epochs
        self.fit_line.set_data(self._grid, p["w"] * self._grid + p["b"])
        w, b = (f"{v:.3f}" if abs(v) < 1e5 else f"{v:.3g}" for v in (p["w"], p["b"]))
        self.ax_fit.set_title(f"epoch {k}: y = {w} x + {b}")  # a diverging line: 1.23e+07
        epochs, losses = history.curve()  # the loss after each epoch, at the line drawn
        self.loss_line.set_data(epochs, losses)
        self.ax_loss.relim()
        self.ax_loss.autoscale_view()
        if losses:
            loss = losses[-1]
            self.ax_loss.set_title(f"loss {loss:.4f}" if loss < 1e5 else f"loss {loss:.4g}")
        if self.handle is not None:
            self.handle.update(self._image())


class _Ticks:
    """An axis' tick locators and formatters, kept while it shows one stand-in tick."""

    def __init__(self, axis: Any) -> None:
        self.axis = axis
        self.saved = (
            axis.get_major_locator(),
            axis.get_minor_locator(),
            axis.get_major_formatter(),
            axis.get_minor_formatter(),
        )
        self.defaults = (axis.isDefault_majloc, axis.isDefault_minloc)
        self.defaults += (axis.isDefault_majfmt, axis.isDefault_minfmt)

    def stand_in(self, view: tuple[float, float], where: float, label: str) -> None:
        """One tick at ``where`` labelled ``label`` in the view ``view``."""
        self.axis.set_view_interval(*view, ignore=True)
        self.axis.set_major_locator(FixedLocator([where]))
        self.axis.set_minor_locator(NullLocator())
        self.axis.set_major_formatter(FixedFormatter([label]))
        self.axis.set_minor_formatter(NullFormatter())

    def restore(self) -> None:
        axis = self.axis
        major, minor, major_fmt, minor_fmt = self.saved
        axis.set_major_locator(major)
        axis.set_minor_locator(minor)
        axis.set_major_formatter(major_fmt)
        axis.set_minor_formatter(minor_fmt)
        (axis.isDefault_majloc, axis.isDefault_minloc) = self.defaults[:2]
        (axis.isDefault_majfmt, axis.isDefault_minfmt) = self.defaults[2:]
