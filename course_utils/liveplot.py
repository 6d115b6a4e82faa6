"""``LivePlot``: one figure redrawn in place while a model trains (a ``fit`` callback).

Introduced in notebook 05. Like ``plotting``, it never saves a file; it shows its figure
only through ``show()``, which the notebook calls.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from ._blit import canvas_png
from ._validate import as_1d, check_positive_int, check_same_length
from .history import History
from .plotting import check_line_history, hold_data_view, plot_data
from .style import STYLE, styled

__all__ = ["LivePlot"]


class LivePlot:
    """One figure redrawn in place while a model trains: the fitted line and the loss curve.

    A ``fit`` callback: ``fit(..., callbacks=[live])`` calls ``live(history, model)`` after
    every epoch; it redraws after epoch 1 and every ``every`` epochs. It draws into its own
    ``live.figure``, which pyplot does not manage (no second copy at the end of the cell), so
    nothing appears until the notebook calls ``live.show()``: one display, which each redraw
    then replaces in place. Introduced in notebook 05.
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
        self.figure = Figure(figsize=figsize, dpi=dpi, layout="constrained")
        FigureCanvasAgg(self.figure)  # drawn on its own Agg canvas: one draw per picture
        self.ax_fit, self.ax_loss = self.figure.subplots(1, 2)
        self.handle: Any = None  # set by show()
        self._grid = np.array([self.xs.min(), self.xs.max()])
        plot_data(self.xs, self.ys, ax=self.ax_fit)
        (self.fit_line,) = self.ax_fit.plot([], [], color="tab:red", lw=2, label="model")
        # fix the data's view: a diverging line leaves the picture instead of squashing the data
        hold_data_view(self.ax_fit, self.ys)
        self.ax_fit.legend(loc="upper left")
        (self.loss_line,) = self.ax_loss.plot([], [], marker="o", ms=4, color="tab:blue")
        self.ax_loss.set(yscale="log", xlabel="epoch", ylabel="training loss (MSE)")

    def show(self) -> None:
        """Display the figure once; later redraws replace it in place (via ``self.handle``).

        Returns None, so ``live.show()`` as a cell's last line adds no output of its own.
        """
        from IPython.display import display  # only the notebook needs IPython

        self.handle = display(self._image(), display_id=True)

    @styled
    def _image(self) -> Any:
        # A PNG made here, not the Figure itself: IPython only knows how to show a Figure once
        # pyplot has picked a backend, and this figure deliberately bypasses pyplot. One draw
        # of the whole figure and a fast PNG encoding (savefig with bbox_inches="tight" draws
        # twice and compresses hard), as the widgets do.
        from IPython.display import Image

        self.figure.canvas.draw()
        return Image(data=canvas_png(self.figure), format="png")

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
        self.ax_fit.set_title(f"epoch {k}: y = {p['w']:.3f} x + {p['b']:.3f}")
        epochs, losses = history.curve()  # the loss after each epoch, at the line drawn
        self.loss_line.set_data(epochs, losses)
        self.ax_loss.relim()
        self.ax_loss.autoscale_view()
        if losses:
            self.ax_loss.set_title(f"loss {losses[-1]:.4f}")
        if self.handle is not None:
            self.handle.update(self._image())
