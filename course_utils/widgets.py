"""Sliders that redraw a figure: scrub through epochs, change the learning rate or the batch size.

Each widget is a control above an ``Output`` holding a PNG of one figure. Runs are computed
once when the widget is built, and the figure's fixed parts (data, contours, labels, layout)
are drawn once: moving the control redraws only what moves (a line, a marker, a path, the
titles) onto a cached picture of the rest. ``draw_epoch`` and ``draw_run`` draw the same
pictures whole, on any Axes (``_panels``); the unit tests compare the two.
"""

from __future__ import annotations

import base64
import io
import math
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import ipywidgets as widgets
import matplotlib
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from ._blit import BlitFrame, rc_as_built
from ._controls import control_value, option_pairs
from ._panels import EpochScene, RunScene, draw_epoch, draw_run, window
from ._validate import (
    as_1d,
    as_list,
    check_callable,
    check_lr,
    check_positive_int,
    describe,
)
from .gradients import gradient_descent
from .history import History, TrainingDiverged
from .models import linear_model
from .plotting import check_line_history
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


KEPT_PNGS = 128  # pictures a FigureExplorer keeps, one per value (about 50-70 kB each)


class FigureExplorer(widgets.VBox):
    """A control above a figure, redrawn for each new ``control.value``.

    Either ``draw(axes, value)`` draws the whole picture (the Axes are cleared first), or
    ``scene(axes)`` draws its fixed parts once and returns ``update(value)``, which draws the
    moving artists of one value and returns them: then a move redraws only those, onto a
    cached picture of the rest, and the layout is computed once (the course's explorers);
    ``update`` must draw the same for the same value, as each value's PNG is kept in
    ``self.pngs`` and shown again when the control comes back to it. If ``update`` has a
    ``settle()`` attribute, it is called once the layout is computed and frozen, before the
    first picture: for what is placed in screen space (contour labels).
    The figure is a bare ``matplotlib.figure.Figure`` (not pyplot's), so the notebook's inline
    backend never shows a stray copy and nothing needs closing: it lives as long as the widget.
    Introduced in notebook 05.
    """

    @styled
    def __init__(
        self,
        control: widgets.ValueWidget,
        draw: Callable[[list[Axes], Any], None] | None = None,
        *,
        ncols: int,
        figsize: tuple[float, float],
        header: Sequence[widgets.Widget] = (),
        scene: Callable[[list[Axes]], Callable[[Any], Sequence[Artist]]] | None = None,
    ) -> None:
        if not isinstance(control, widgets.ValueWidget):
            raise TypeError(
                f"control must be an ipywidgets control with a .value, such as "
                f"widgets.IntSlider(), got {describe(control)}"
            )
        if (draw is None) == (scene is None):
            raise TypeError(
                "pass exactly one of draw (a function draw(axes, value) drawing everything) "
                "and scene (a function scene(axes) returning update(value))"
            )
        check_callable(draw or scene, "draw" if scene is None else "scene", "a function")
        ncols = check_positive_int(ncols, "ncols")
        self.control, self.output, self.draw = control, widgets.Output(), draw
        super().__init__([widgets.HBox([*header, control]), self.output])
        self.rc = dict(matplotlib.rcParams)  # the style the figure is built in, for every move
        self.figure = Figure(figsize=figsize, layout="constrained")
        self.axes: list[Axes] = list(self.figure.subplots(1, ncols, squeeze=False)[0])
        self.frame: BlitFrame | None = None
        self.pngs: dict[Any, bytes] = {}  # scene mode: the picture of each value drawn so far
        if scene is not None:
            # the scene with the first value's artists settles the layout, once; what is
            # placed on screen (contour labels) is placed after it, by `settle`
            self.update = scene(self.axes)
            moving = self.update(control.value)
            self.figure.get_layout_engine().execute(self.figure)  # the layout only, no drawing
            self.figure.set_layout_engine("none")
            settle = getattr(self.update, "settle", None)
            if settle is not None:
                settle()
            self.frame = BlitFrame(self.figure, moving)
        else:  # draw once without a PNG to settle the layout: the first PNG is like later ones
            self.draw(self.axes, control.value)
            self.figure.draw_without_rendering()
        control.observe(self.redraw, names="value")
        self.redraw()

    def render(self, value: Any) -> bytes:
        """Draw ``value`` and return the figure as PNG bytes (what the Output shows). The PNG
        says which value it shows, as the control's readout, in its "value" text field (the
        browser test reads it)."""
        stamp = {"value": self.readout(value)}
        if self.frame is not None:
            moving = self.update(value)  # always: the figure's artists show `value`
            try:
                png = self.pngs.get(value)
            except TypeError:  # an unhashable value: nothing to look up
                return self.frame.render(moving, stamp)
            if png is None:  # a value seen before shows the same picture: drawn once
                png = self.pngs[value] = self.frame.render(moving, stamp)
                if len(self.pngs) > KEPT_PNGS:  # a long slider: forget the oldest
                    del self.pngs[next(iter(self.pngs))]
            return png
        return self._savefig_png(value, stamp)

    def _savefig_png(self, value: Any, stamp: Mapping[str, str]) -> bytes:
        for ax in self.axes:
            ax.clear()
        self.draw(self.axes, value)
        buf = io.BytesIO()
        self.figure.savefig(buf, format="png", bbox_inches="tight", metadata=stamp)
        return buf.getvalue()

    def snapshot(self, value: Any = None) -> Any:
        """A still picture of the widget at ``value`` (by default the control's value): what
        moving the control there shows, as an image the notebook keeps. Every viewer shows it,
        with or without a kernel (GitHub, a PDF, slides), where the widget itself needs a
        running kernel. The control does not move. Introduced in notebook 05."""
        from IPython.display import Image  # only the notebook needs IPython

        value = self.control.value if value is None else control_value(self.control, value)
        stamp = {"value": self.readout(value)}
        with rc_as_built(self.rc):
            if self.frame is not None:  # drawn as a move draws it, kept smaller than a move's
                png = self.frame.render(self.update(value), stamp, compress_level=6)
            else:
                png = self._savefig_png(value, stamp)
        return Image(data=png, format="png")

    def readout(self, value: Any) -> str:
        """``value`` as the control shows it (a selection slider's label, else ``str``)."""
        for label, option_value in option_pairs(self.control):
            if option_value == value:
                return str(label)
        return str(value)

    def redraw(self, change: Any = None) -> None:
        with rc_as_built(self.rc):
            png = base64.b64encode(self.render(self.control.value)).decode("ascii")
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
        scene=lambda axes: EpochScene(axes, x, y, history).update,
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
    slider = widgets.SelectionSlider(
        options=[(f"{lr:g}", lr) for lr in lrs],
        value=lrs[len(lrs) // 2],
        description="lr",
        continuous_update=False,
    )

    return _run_explorer(slider, x, y, runs, epochs, lambda lr: f"lr = {lr:g}")


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
    n = len(as_1d(x, "x"))
    slider = widgets.SelectionSlider(
        options=[(str(bs), bs) for bs in runs],
        value=list(runs)[0],
        description="batch size",
        continuous_update=False,
    )

    return _run_explorer(
        slider,
        x,
        y,
        runs,
        epochs,
        lambda bs: f"batch size {bs} ({math.ceil(n / bs)} updates per epoch), lr {lr:g}",
    )


def _run_explorer(
    slider: widgets.SelectionSlider,
    x: Any,
    y: Any,
    runs: Mapping[Any, History],
    epochs: int,
    title: Callable[[Any], str],
) -> FigureExplorer:
    """The slider over ``runs`` (its option values are their keys), each shown by a
    ``RunScene`` with the verdict ``title(value)``: the lr and batch-size explorers."""
    w_range, b_range = window(x, y, list(runs.values()))

    def scene(axes: list[Axes]) -> Callable[[Any], list[Artist]]:
        panels = RunScene(axes, x, y, w_range, b_range, epochs)

        def update(value: Any) -> list[Artist]:
            return panels.update(runs[value], title(value))

        update.settle = panels.settle  # type: ignore[attr-defined]
        return update

    return FigureExplorer(slider, scene=scene, ncols=3, figsize=(9.0, 4.4))
