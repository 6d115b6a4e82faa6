"""Widgets, headless: set ``control.value`` as the browser would and check what was drawn."""

import matplotlib

matplotlib.use("Agg")  # headless; must come before pyplot is imported

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from course_utils import gradient_descent, make_linear_data  # noqa: E402
from course_utils import widgets as widgets_module  # noqa: E402
from course_utils.models import linear_model  # noqa: E402
from course_utils.training import History, fit  # noqa: E402
from course_utils.widgets import (  # noqa: E402
    FigureExplorer,
    batch_size_explorer,
    draw_epoch,
    draw_run,
    epoch_scrubber,
    lr_explorer,
)


@pytest.fixture(scope="module")
def data():
    x, y = make_linear_data()  # the lessons' data: 100 points, y = 2x + 1 + noise
    return x, y, x.numpy().ravel().astype(float), y.numpy().ravel().astype(float)


@pytest.fixture(scope="module")
def history(data):
    return gradient_descent(data[0], data[1], lr=0.01, epochs=30)


def direct_mse(xs, ys, w, b):
    return float(np.mean((w * xs + b - ys) ** 2))


def shown_png(widget):
    (out,) = widget.output.outputs  # exactly one picture, replaced on every move
    assert out["output_type"] == "display_data"
    return out["data"]["image/png"]


def assert_line_is(line, w, b, rtol=1e-9):
    gx, gy = line.get_data()
    np.testing.assert_allclose(gy, w * np.asarray(gx) + b, rtol=rtol)


@pytest.mark.parametrize("k", [0, 7, 30])
def test_epoch_scrubber_draws_line_and_loss_marker_of_epoch_k(data, history, k):
    x, y, xs, ys = data
    scrubber = epoch_scrubber(x, y, history)
    scrubber.control.value = k
    ax_fit, ax_loss = scrubber.axes
    w, b = history.params[k]["w"], history.params[k]["b"]
    (line,) = ax_fit.get_lines()
    assert_line_is(line, w, b)
    assert ax_fit.get_title() == f"epoch {k}: y = {w:.3f} x + {b:.3f}"
    curve, marker = ax_loss.get_lines()
    assert (marker.get_xdata()[0], marker.get_ydata()[0]) == pytest.approx(
        (k, direct_mse(xs, ys, w, b))
    )
    # full batch: history.loss[k] is the loss at params[k], so the curve is that run's loss
    np.testing.assert_allclose(curve.get_ydata()[:-1], history.loss, rtol=1e-9)


def test_epoch_scrubber_picture_changes_with_the_slider(data, history):
    scrubber = epoch_scrubber(data[0], data[1], history)
    first = shown_png(scrubber)
    scrubber.control.value = 5
    assert shown_png(scrubber) != first
    scrubber.control.value = 0
    assert shown_png(scrubber) == first  # same epoch, same picture: nothing accumulates


def test_draw_epoch_draws_onto_the_axes_it_is_given(data, history):
    axes = Figure().subplots(1, 2)
    draw_epoch(axes, data[0], data[1], history, 3)
    assert axes[0].get_title().startswith("epoch 3:")
    assert axes[1].get_yscale() == "log"


def test_lr_explorer_shows_the_gradient_descent_run_of_the_chosen_lr(data):
    x, y, xs, ys = data
    explorer = lr_explorer(x, y, lrs=(0.001, 0.01, 0.03), epochs=40)
    before = shown_png(explorer)
    explorer.control.value = 0.03
    assert shown_png(explorer) != before
    expected = gradient_descent(xs, ys, lr=0.03, epochs=40, w0=0.0, b0=0.0)
    ax_path, ax_fit, ax_loss = explorer.axes
    path = next(line for line in ax_path.get_lines() if line.get_label() == "path")
    np.testing.assert_allclose(path.get_xydata(), expected.param_path("w", "b"), rtol=1e-9)
    (line,) = ax_fit.get_lines()
    assert_line_is(line, expected.params[-1]["w"], expected.params[-1]["b"])
    after = [np.mean((p["w"] * xs + p["b"] - ys) ** 2) for p in expected.params]  # at params[k]
    np.testing.assert_allclose(ax_loss.get_lines()[0].get_ydata(), after, rtol=1e-9)
    title = explorer.figure.get_suptitle()
    assert title.startswith("lr = 0.03: loss") and "DIVERGES" not in title


@pytest.mark.parametrize("lr", [0.04, 50.0])  # grows / overflows (TrainingDiverged inside)
def test_lr_explorer_shows_a_diverging_lr_instead_of_raising(data, lr):
    explorer = lr_explorer(data[0], data[1], lrs=(0.01, lr), epochs=60)
    explorer.control.value = lr
    assert "DIVERGES" in explorer.figure.get_suptitle()
    assert explorer.figure._suptitle.get_color() == "tab:red"
    (path,) = [ln for ln in explorer.axes[0].get_lines() if ln.get_label().startswith("path")]
    assert "leaves the view" in path.get_label()
    ys = np.asarray(data[1], dtype=float).ravel()  # the line leaves the picture, the data stay
    pad = 0.1 * (ys.max() - ys.min())
    assert explorer.axes[1].get_ylim() == pytest.approx((ys.min() - pad, ys.max() + pad))


def test_lr_explorer_rejects_a_negative_lr(data):
    with pytest.raises(ValueError, match="lrs"):
        lr_explorer(data[0], data[1], lrs=(0.01, -0.1))


def test_batch_size_explorer_shows_the_fit_run_of_the_chosen_batch_size(data):
    x, y, _, _ = data
    explorer = batch_size_explorer(x, y, batch_sizes=(1, 16, 100), epochs=5, lr=0.005)
    before = shown_png(explorer)
    explorer.control.value = 16
    assert shown_png(explorer) != before
    expected = fit(linear_model(0.0, 0.0), x, y, lr=0.005, epochs=5, batch_size=16, seed=0)
    ax_path, ax_fit, ax_loss = explorer.axes
    path = next(line for line in ax_path.get_lines() if line.get_label() == "path")
    np.testing.assert_allclose(path.get_xydata(), expected.param_path("w", "b"), rtol=1e-6)
    np.testing.assert_allclose(ax_loss.get_lines()[0].get_ydata(), expected.loss_after, rtol=1e-6)
    assert expected.loss_after[0] == pytest.approx(float(((y - 0.0) ** 2).mean()), rel=1e-6)
    assert explorer.figure.get_suptitle().startswith(
        "batch size 16 (7 updates per epoch), lr 0.005"
    )


def test_widgets_leave_no_pyplot_figures_open(data, history):
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    scrubber = epoch_scrubber(data[0], data[1], history)
    for k in range(5):
        scrubber.control.value = k
    lr_explorer(data[0], data[1], lrs=(0.01, 0.03), epochs=10)
    assert plt.get_fignums() == before  # each widget owns one Figure, reused on every move


# ---- bad input found by tests/test_bad_input_sweep.py ----------------------------------------


def test_draw_epoch_and_draw_run_check_k_axes_and_history(data, history):
    x, y = data[0], data[1]
    fig = Figure()
    with pytest.raises(ValueError, match=r"^k must be between 0 and 30, got 31"):
        draw_epoch(fig.subplots(1, 2), x, y, history, 31)
    with pytest.raises(ValueError, match=r"^axes must be 2 Axes \(the line, the loss\).*got 3"):
        draw_epoch(fig.subplots(1, 3), x, y, history, 1)
    with pytest.raises(ValueError, match=r"^history must hold \(w, b\) snapshots"):
        draw_run(fig.subplots(1, 3), x, y, History())
    with pytest.raises(TypeError, match=r"^history must be a History"):
        epoch_scrubber(x, y, None)
    draw_epoch(
        np.array(fig.subplots(1, 2)), x, y, history, np.int64(30)
    )  # NumPy ints and arrays are fine


def test_explorers_need_a_list_and_a_control(data):
    with pytest.raises(TypeError, match=r"^lrs must be a list such as"):
        lr_explorer(data[0], data[1], lrs=0.01)
    with pytest.raises(TypeError, match=r"^batch_sizes must be a list such as"):
        batch_size_explorer(data[0], data[1], batch_sizes=16)
    with pytest.raises(TypeError, match=r"^control must be an ipywidgets control"):
        FigureExplorer("slider", lambda axes, value: None, ncols=1, figsize=(2, 2))


def test_a_widget_says_in_one_line_what_a_static_viewer_cannot_draw(monkeypatch):
    x, y = make_linear_data(n=20)
    scrubber = epoch_scrubber(x, y, fit(linear_model(0.0, 0.0), x, y, lr=0.01, epochs=5))
    bundle = scrubber._repr_mimebundle_()
    assert bundle["text/plain"] == widgets_module.STATIC_LINE and "\n" not in bundle["text/plain"]
    assert widgets_module.WIDGET_VIEW in bundle  # ipywidgets 8: JupyterLab draws it


def test_ipywidgets_7_outside_colab_shows_the_line_not_a_broken_widget(monkeypatch):
    import sys
    import types

    x, y = make_linear_data(n=20)
    scrubber = epoch_scrubber(x, y, fit(linear_model(0.0, 0.0), x, y, lr=0.01, epochs=5))
    monkeypatch.setattr(widgets_module.widgets, "__version__", "7.7.1")
    bundle = scrubber._repr_mimebundle_()
    assert (
        widgets_module.WIDGET_VIEW not in bundle
        and bundle["text/plain"] == widgets_module.STATIC_LINE
    )
    monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    assert widgets_module.WIDGET_VIEW in scrubber._repr_mimebundle_()  # Colab draws ipywidgets 7


def test_the_lessons_widgets_with_the_lessons_arguments(data):
    """What lessons 05 and 06 once asserted in their own widget cells: the lessons now just
    show the widgets, and this test moves the sliders."""
    x, y, _, _ = data
    history = fit(linear_model(w0=0.0, b0=0.0), x, y, lr=0.02, epochs=100)  # lesson 05
    scrubber = epoch_scrubber(x, y, history)
    scrubber.control.value = 2
    assert scrubber.axes[0].get_title().startswith("epoch 2:")
    lrs = (0.0003, 0.001, 0.003, 0.01, 0.02, 0.03, 0.035, 0.04)
    explorer = lr_explorer(x, y, lrs=lrs, epochs=50)
    explorer.control.value = 0.04
    assert "DIVERGES" in explorer.figure.get_suptitle()
    explorer.control.value = 0.01
    assert "DIVERGES" not in explorer.figure.get_suptitle()
    batches = batch_size_explorer(x, y, batch_sizes=(1, 4, 16, 50, 100), epochs=20, lr=0.005)
    assert batches.control.value == 1 and len(batches.output.outputs) == 1  # lesson 06


def test_snapshot_is_the_picture_a_move_shows_and_leaves_the_control_alone(data, history):
    from io import BytesIO

    from PIL import Image

    def pixels(png):
        return np.asarray(Image.open(BytesIO(png)).convert("RGB")).astype(int)

    scrubber = epoch_scrubber(data[0], data[1], history)
    still = scrubber.snapshot(3)
    assert still.format == "png" and scrubber.control.value == 0
    first = pixels(base64_png(shown_png(scrubber)))
    scrubber.control.value = 3  # now move there, as a learner would
    moved = pixels(base64_png(shown_png(scrubber)))
    np.testing.assert_array_equal(pixels(still.data), moved)
    assert np.abs(pixels(still.data) - first).max() > 0  # epoch 3 is not the picture of epoch 0
    assert_line_is(scrubber.axes[0].lines[0], history.params[3]["w"], history.params[3]["b"])

    explorer = lr_explorer(data[0], data[1], lrs=(0.001, 0.01, 0.03), epochs=20)
    before = shown_png(explorer)
    np.testing.assert_array_equal(
        pixels(explorer.snapshot().data), pixels(base64_png(before))
    )  # no value: the control's own
    explorer.snapshot(np.float64(0.03))  # a NumPy number is one of the options too
    assert explorer.control.value == 0.01 and shown_png(explorer) == before


def base64_png(text):
    import base64

    return base64.b64decode(text)


@pytest.mark.parametrize(
    "value, error, words",
    [
        (31, ValueError, "between 0 and 30"),
        (-1, ValueError, "between 0 and 30"),
        (2.5, TypeError, "whole number"),
        ("3", TypeError, "whole number"),
        (True, TypeError, "whole number"),
    ],
)
def test_snapshot_of_a_value_the_slider_cannot_show_says_which_it_can(
    data, history, value, error, words
):
    scrubber = epoch_scrubber(data[0], data[1], history)
    with pytest.raises(error, match=words):
        scrubber.snapshot(value)
    explorer = lr_explorer(data[0], data[1], lrs=(0.001, 0.01), epochs=5)
    with pytest.raises(ValueError, match=r"one of the slider's values \(0\.001, 0\.01\)"):
        explorer.snapshot(0.02)


def test_snapshot_knows_each_controls_values():
    """A log slider's range is base**min to base**max (its min and max are exponents); a
    checkbox shows True or False; True is not the option 1; a range slider decides itself."""
    import ipywidgets as widgets

    def draw(axes, value):
        axes[0].set_title(str(value))

    def explorer(control):
        return FigureExplorer(control, draw, ncols=1, figsize=(3, 2))

    log = explorer(widgets.FloatLogSlider(value=0.01, min=-3, max=0))
    assert log.snapshot(0.1).format == "png" and log.control.value == 0.01
    with pytest.raises(ValueError, match=r"between 0\.001 and 1 \(the slider's range\)"):
        log.snapshot(5.0)
    box = explorer(widgets.Checkbox(value=False))
    box.snapshot(True)
    with pytest.raises(TypeError, match="True or False"):
        box.snapshot(1)
    with pytest.raises(ValueError, match=r"one of the slider's values \(1, 2\)"):
        explorer(widgets.Dropdown(options=[1, 2], value=1)).snapshot(True)
    explorer(widgets.IntRangeSlider(value=(2, 4), min=0, max=10)).snapshot((3, 5))
