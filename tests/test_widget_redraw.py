"""A slider move redraws only what moves; the picture must be the one a full redraw makes.

Each explorer draws its fixed parts once and, on a move, only the artists that change,
onto a cached background (course_utils/_blit.py). Here every value of every explorer, in a
sweep forwards, backwards and by jumps, is compared pixel by pixel with the same figure
drawn from scratch (fresh Axes at the widget's frozen positions, ``draw_epoch`` /
``draw_run``, one full Agg draw); then again with the pictures the widget keeps per value.
"""

import base64
import io

import matplotlib

matplotlib.use("Agg")  # headless; must come before pyplot is imported

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from PIL import Image  # noqa: E402

from course_utils import gradient_descent, make_linear_data  # noqa: E402
from course_utils.history import TrainingDiverged  # noqa: E402
from course_utils.models import linear_model  # noqa: E402
from course_utils.plotting import figure_png  # noqa: E402
from course_utils.style import STYLE  # noqa: E402
from course_utils.training import fit  # noqa: E402
from course_utils.widgets import (  # noqa: E402
    FigureExplorer,
    batch_size_explorer,
    draw_epoch,
    draw_run,
    epoch_scrubber,
    lr_explorer,
)

# The pictures are identical here (Agg draws the same operations in the same order); the
# tolerance only allows for an antialiased edge pixel where a moving line crosses a fixed
# artist drawn above it in a full draw (a spine). Anything real (a stale title, a shifted
# view, a line in the wrong colour) changes hundreds of pixels.
MAX_DIFFERENT_PIXELS = 10


@pytest.fixture(scope="module")
def data():
    x, y = make_linear_data()  # the lessons' data
    return x, y


def shown(widget) -> np.ndarray:
    (out,) = widget.output.outputs
    png = base64.b64decode(out["data"]["image/png"])
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)


def full_render(widget, draw) -> np.ndarray:
    """The widget's figure drawn from scratch: new Figure, same size, same Axes positions,
    in the course style the widget draws in (ticks made while drawing read it too)."""
    with matplotlib.rc_context(STYLE):
        return _full_render(widget, draw)


def _full_render(widget, draw) -> np.ndarray:
    src = widget.figure
    fig = Figure(figsize=src.get_size_inches(), dpi=src.dpi, layout="none")  # placed by hand
    canvas = FigureCanvasAgg(fig)
    axes = list(fig.subplots(1, len(widget.axes)))
    for ax, placed in zip(axes, widget.axes):
        ax.set_position(placed.get_position())
    draw(axes)
    if src._suptitle is not None:  # where the widget's layout put it
        fig._suptitle.set_position(src._suptitle.get_position())
        fig._suptitle.set_verticalalignment(src._suptitle.get_verticalalignment())
    canvas.draw()
    return np.asarray(canvas.buffer_rgba())[..., :3].astype(int)


def assert_same_picture(got: np.ndarray, want: np.ndarray, where: str) -> None:
    assert got.shape == want.shape, f"{where}: image {got.shape}, full redraw {want.shape}"
    different = int((np.abs(got - want).max(axis=2) > 2).sum())
    assert different <= MAX_DIFFERENT_PIXELS, (
        f"{where}: {different} pixels differ from a full redraw (at most {MAX_DIFFERENT_PIXELS})"
    )


def sweep(values: list) -> list:
    """Every value forwards, backwards, then jumps between the ends and the middle."""
    n = len(values)
    jumps = [values[i] for i in (n - 1, 0, n // 2, n - 1, 1 % n, n // 3)]
    return values[1:] + values[::-1] + jumps


def check_sweep(widget, values: list, draw) -> None:
    """Blit every move of the sweep (no kept pictures), compare with a full redraw; then sweep
    again, showing the pictures kept per value, which must be the same."""
    drawn = {}
    for i, value in enumerate(sweep(values)):
        widget.pngs.clear()  # draw this move, from whatever the last value left behind
        if i % 4 == 0:  # a learner may save the figure between moves: savefig redraws it all
            figure_png(widget.figure)
        widget.control.value = value
        want = full_render(widget, lambda axes, value=value: draw(axes, value))
        drawn[value] = shown(widget)
        assert_same_picture(drawn[value], want, value)
    for value in sweep(values):
        moved = widget.control.value != value
        widget.control.value = value
        assert value in widget.pngs or not moved
        assert_same_picture(shown(widget), drawn[value], f"{value} (kept)")


def test_epoch_scrubber_moves_match_a_full_redraw(data):
    x, y = data
    history = gradient_descent(x, y, lr=0.01, epochs=12)
    scrubber = epoch_scrubber(x, y, history)
    check_sweep(scrubber, list(range(13)), lambda axes, k: draw_epoch(axes, x, y, history, k))


def run_or_diverged(train):
    try:
        return train()
    except TrainingDiverged as exc:
        return exc.history


def check_run_sweep(widget, x, y, runs: dict, title, epochs: int) -> None:
    w_range, b_range = widget.axes[0].get_xlim(), widget.axes[0].get_ylim()

    def draw(axes, value):
        draw_run(
            axes,
            x,
            y,
            runs[value],
            w_range=w_range,
            b_range=b_range,
            title=title(value),
            epochs=epochs,
        )

    check_sweep(widget, list(runs), draw)


def test_lr_explorer_moves_match_a_full_redraw(data):
    x, y = data
    lrs = (0.001, 0.01, 0.03, 0.04, 50.0)  # converging, growing, overflowing
    explorer = lr_explorer(x, y, lrs=lrs, epochs=30)
    runs = {
        lr: run_or_diverged(lambda lr=lr: gradient_descent(x, y, lr=lr, epochs=30)) for lr in lrs
    }
    check_run_sweep(explorer, x, y, runs, lambda lr: f"lr = {lr:g}", 30)


def test_batch_size_explorer_moves_match_a_full_redraw(data):
    x, y = data
    sizes = (1, 4, 16, 50, 100)
    explorer = batch_size_explorer(x, y, batch_sizes=sizes, epochs=4, lr=0.005)
    runs = {
        bs: fit(linear_model(0.0, 0.0), x, y, lr=0.005, epochs=4, batch_size=bs, seed=0)
        for bs in sizes
    }
    updates = {1: 100, 4: 25, 16: 7, 50: 2, 100: 1}  # ceil(100 / batch size)
    check_run_sweep(
        explorer,
        x,
        y,
        runs,
        lambda bs: f"batch size {bs} ({updates[bs]} updates per epoch), lr 0.005",
        4,
    )


def stamped_value(widget) -> str:
    (out,) = widget.output.outputs
    png = base64.b64decode(out["data"]["image/png"])
    return Image.open(io.BytesIO(png)).text["value"]


def test_each_picture_says_which_value_it_shows_as_the_readout_does(data):
    x, y = data
    scrubber = epoch_scrubber(x, y, gradient_descent(x, y, lr=0.01, epochs=5))
    explorer = lr_explorer(x, y, lrs=(0.0003, 0.001, 0.01), epochs=5)
    for widget, values, readouts in [
        (scrubber, [3, 0, 5], ["3", "0", "5"]),
        (explorer, [0.0003, 0.01, 0.001], ["0.0003", "0.01", "0.001"]),
    ]:
        for value, readout in zip(values, readouts):
            widget.control.value = value
            assert stamped_value(widget) == readout


def test_a_long_slider_keeps_a_bounded_number_of_pictures(data, monkeypatch):
    import course_utils.widgets as widgets_module

    monkeypatch.setattr(widgets_module, "KEPT_PNGS", 3)
    x, y = data
    scrubber = epoch_scrubber(x, y, gradient_descent(x, y, lr=0.01, epochs=6))
    for k in range(1, 7):
        scrubber.control.value = k
    assert list(scrubber.pngs) == [4, 5, 6]  # the newest three


def test_a_figure_explorer_that_draws_everything_has_one_axes_per_column():
    import ipywidgets

    def draw(axes, v):
        axes[0].plot([0, v])

    widget = FigureExplorer(ipywidgets.IntSlider(value=2), draw, ncols=1, figsize=(2, 2))
    widget.control.value = 4
    assert len(widget.axes) == 1 and stamped_value(widget) == "4"
    assert widget.axes[0].get_lines()[0].get_ydata()[-1] == 4


def test_moves_draw_in_the_style_the_widget_was_built_in(data):
    """A style set around the widget's creation also holds for the ticks and texts a move
    draws later, outside that style. Its keys are ones the course style (which the widgets
    always draw in) leaves alone: tick colours, read when a move makes new ticks."""
    x, y = data
    style = {"xtick.color": "tab:green", "ytick.color": "tab:green", "ytick.labelcolor": "red"}
    lrs = (0.001, 0.01, 0.04)
    with matplotlib.rc_context(style):
        explorer = lr_explorer(x, y, lrs=lrs, epochs=30)
    runs = {lr: gradient_descent(x, y, lr=lr, epochs=30) for lr in lrs}

    w, b = explorer.axes[0].get_xlim(), explorer.axes[0].get_ylim()
    for lr in (0.04, 0.001, 0.01):
        explorer.control.value = lr
        with matplotlib.rc_context(style):
            want = full_render(
                explorer,
                lambda axes, lr=lr: draw_run(
                    axes, x, y, runs[lr], w_range=w, b_range=b, title=f"lr = {lr:g}"
                ),
            )
        assert_same_picture(shown(explorer), want, f"{lr} in the built style")
