"""Plotting: check what was drawn (line data, titles, scales) against independent arithmetic."""

import matplotlib

matplotlib.use("Agg")  # headless; must come before pyplot is imported

import base64  # noqa: E402
import io  # noqa: E402
from pathlib import Path  # noqa: E402

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from course_utils import gradient_descent, make_linear_data  # noqa: E402
from course_utils.landscape import loss_grid, plot_loss_landscape  # noqa: E402
from course_utils.liveplot import LivePlot  # noqa: E402
from course_utils.models import linear_model  # noqa: E402
from course_utils.plotting import (  # noqa: E402
    figure_png,
    plot_distance_to_optimum,
    plot_fit,
    plot_fits_per_epoch,
    plot_losses,
)
from course_utils.training import History, fit  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def data():
    x, y = make_linear_data(40, seed=3)
    return x.numpy().ravel().astype(float), y.numpy().ravel().astype(float)


@pytest.fixture(scope="module")
def history(data):
    return gradient_descent(*data, lr=0.01, epochs=50, w0=0.0, b0=0.0)


def lstsq(xs, ys):
    (w, b), *_ = np.linalg.lstsq(np.column_stack([xs, np.ones_like(xs)]), ys, rcond=None)
    return w, b


def direct_mse(xs, ys, w, b):
    return float(np.mean((w * xs + b - ys) ** 2))


def test_plot_fits_per_epoch_default_panels_start_at_0_and_end_at_last_epoch(data, history):
    xs, ys = data
    fig = plot_fits_per_epoch(xs, ys, history)
    panels = [ax for ax in fig.axes if ax.get_visible()]
    epochs = [int(ax.get_title().split(",")[0].removeprefix("epoch ")) for ax in panels]
    assert len(panels) == 8 and epochs[0] == 0 and epochs[-1] == 50
    assert epochs == sorted(set(epochs))
    for ax, k in zip(panels, epochs):
        w, b = history.params[k]["w"], history.params[k]["b"]
        (line,) = ax.get_lines()
        gx, gy = line.get_data()
        np.testing.assert_allclose(gy, w * np.asarray(gx) + b)
        assert ax.get_title() == f"epoch {k}, loss {direct_mse(xs, ys, w, b):.4g}"


def test_plot_fits_per_epoch_chosen_epochs_share_axes_and_hide_spare_panels(data, history):
    fig = plot_fits_per_epoch(*data, history, epochs=[0, 3, 7], ncols=2)
    assert len(fig.axes) == 4
    visible = [ax for ax in fig.axes if ax.get_visible()]
    assert [ax.get_title().split(",")[0] for ax in visible] == ["epoch 0", "epoch 3", "epoch 7"]
    assert visible[0].get_shared_y_axes().joined(visible[0], visible[2])
    assert fig.dpi <= 100  # compact: one modest figure, not eight big ones


def test_plot_fits_per_epoch_rejects_epoch_past_the_end(data, history):
    with pytest.raises(ValueError, match="epochs must be .* between 0 and 50"):
        plot_fits_per_epoch(*data, history, epochs=[0, 51])


def test_plot_distance_to_optimum_is_distance_to_lstsq_per_epoch(data, history):
    xs, ys = data
    other = gradient_descent(xs, ys, lr=0.001, epochs=50)
    ax = plot_distance_to_optimum({"lr 0.01": history, "lr 0.001": other}, xs, ys)
    w_star, b_star = lstsq(xs, ys)
    assert ax.get_yscale() == "log"
    assert [line.get_label() for line in ax.get_lines()] == ["lr 0.01", "lr 0.001"]
    for line, h in zip(ax.get_lines(), (history, other)):
        expected = [np.sqrt((p["w"] - w_star) ** 2 + (p["b"] - b_star) ** 2) for p in h.params]
        np.testing.assert_array_equal(line.get_xdata(), np.arange(51))
        np.testing.assert_allclose(line.get_ydata(), expected, rtol=1e-9)


def test_loss_grid_equals_mse_computed_point_by_point(data):
    xs, ys = data
    ws, bs = np.linspace(-1.0, 4.0, 7), np.linspace(-3.0, 3.0, 5)
    grid = loss_grid(xs, ys, ws, bs)
    assert grid.shape == (5, 7)
    for i, j in [(0, 0), (2, 3), (4, 6), (1, 5)]:
        assert grid[i, j] == pytest.approx(direct_mse(xs, ys, ws[j], bs[i]), rel=1e-9)


def test_plot_loss_landscape_innermost_contour_surrounds_lstsq(data, history):
    xs, ys = data
    w_star, b_star = lstsq(xs, ys)
    ax = plot_loss_landscape(xs, ys, w_range=(0.0, 4.0), b_range=(-2.0, 3.0), paths=[history])
    (contours,) = [c for c in ax.collections if hasattr(c, "levels")]
    inner = next(p for p in contours.get_paths() if len(p.vertices))  # lowest non-empty level
    assert inner.contains_point((w_star, b_star))
    assert contours.levels[0] >= direct_mse(xs, ys, w_star, b_star)
    star, path = ax.get_lines()
    assert (star.get_xdata()[0], star.get_ydata()[0]) == pytest.approx((w_star, b_star))
    np.testing.assert_allclose(path.get_xydata(), history.param_path("w", "b"))


def _full_render(fig):
    """The figure drawn afresh by savefig at its own size (no tight bbox), under the course
    style (ticks made now take its sizes): what it shows now."""
    from course_utils.style import STYLE

    buf = io.BytesIO()
    with matplotlib.rc_context(STYLE):
        fig.savefig(buf, format="png", dpi=fig.dpi)
    return buf.getvalue()


def _changed_pixels(png_a, png_b):
    """The fraction of pixels that differ between two PNGs of the same size."""
    from PIL import Image

    a, b = (
        np.asarray(Image.open(io.BytesIO(p)).convert("RGB")).astype(int) for p in (png_a, png_b)
    )
    assert a.shape == b.shape
    return float((np.abs(a - b).max(axis=-1) > 8).mean())


def test_liveplot_as_fit_callback_draws_last_line_and_loss_every_k_epochs(data):
    xs, ys = data
    live = LivePlot(xs, ys, every=5)
    history = fit(
        linear_model(0.0, 0.0),
        xs.reshape(-1, 1),
        ys.reshape(-1, 1),
        lr=0.01,
        epochs=7,
        callbacks=[live],
    )
    # epoch 7 is not a multiple of 5: the figure still shows epoch 5
    p5 = history.params[5]
    gx, gy = live.fit_line.get_data()
    np.testing.assert_allclose(gy, p5["w"] * np.asarray(gx) + p5["b"], rtol=1e-6)
    # the loss after epochs 0..5, each recomputed at the line it belongs to (not history.loss,
    # which is measured during each epoch, before its update)
    after = [np.mean((p["w"] * xs + p["b"] - ys) ** 2) for p in history.params]
    np.testing.assert_allclose(live.loss_line.get_xdata(), range(6))
    np.testing.assert_allclose(live.loss_line.get_ydata(), after[:6], rtol=1e-5)
    assert live.ax_loss.get_title() == f"loss {after[5]:.4f}"
    assert live.ax_fit.get_title().startswith("epoch 5:")
    live.update(history)  # an explicit redraw shows the end
    np.testing.assert_allclose(live.loss_line.get_ydata(), after, rtol=1e-5)
    assert live.ax_fit.get_title().startswith("epoch 7:")


def test_liveplot_show_displays_once_and_updates_that_display(data, history, monkeypatch):
    import IPython.display

    class Handle:
        updates = []

        def update(self, obj):
            self.updates.append(obj)

    shown = []
    monkeypatch.setattr(
        IPython.display, "display", lambda obj, display_id: shown.append(obj) or Handle()
    )
    live = LivePlot(*data, every=10)
    assert live.show() is None  # nothing for a cell to echo
    for k in range(1, 21):
        live(History(loss=history.loss[:k], params=history.params[: k + 1]))
    assert len(shown) == 1 and len(Handle.updates) == 3  # epochs 1, 10, 20
    # nbval compares the first display's text/plain with the stored (last) one: same kind
    assert repr(shown[0]) == repr(Handle.updates[-1]) == "<IPython.core.display.Image object>"
    # the last picture shown is the figure in its final state, rendered afresh by savefig
    assert _changed_pixels(Handle.updates[-1].data, _full_render(live.figure)) < 0.001
    assert _changed_pixels(Handle.updates[0].data, _full_render(live.figure)) > 0.01  # stale


def test_liveplot_in_an_executed_notebook_leaves_one_final_figure():
    import nbformat
    from nbclient import NotebookClient

    cells = [
        "from course_utils import make_linear_data\nfrom course_utils.models import linear_model\n"
        "from course_utils.liveplot import LivePlot\n"
        "from course_utils.plotting import figure_png\n"
        "from course_utils.training import fit\n"
        "x, y = make_linear_data()",
        "live = LivePlot(x, y, every=5)\nlive.show()\n"
        "history = fit(linear_model(0.0, 0.0), x, y, lr=0.01, epochs=20, callbacks=[live])",
        "import base64, io\nimport matplotlib\nfrom course_utils.style import STYLE\n"
        "buf = io.BytesIO()\nwith matplotlib.rc_context(STYLE):\n"
        "    live.figure.savefig(buf, format='png', dpi=live.figure.dpi)\n"
        "print(base64.b64encode(buf.getvalue()).decode())",
    ]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    client = NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}
    )
    client.execute()
    outputs = nb.cells[1].outputs
    assert [o.output_type for o in outputs] == ["display_data"]  # no pyplot copy, no handle repr
    png = base64.b64decode(outputs[0].data["image/png"])
    final = base64.b64decode(nb.cells[2].outputs[0].text.strip())  # a fresh full render
    assert _changed_pixels(png, final) < 0.001  # the final state, not a stale frame


# ---- bad input found by tests/test_bad_input_sweep.py ----------------------------------------


def test_plot_fit_draws_the_inf_line_of_a_diverged_run_but_refuses_a_non_number(data):
    ax = plot_fit(*data, float("inf"), 0.0)  # draw_run shows the last line of a diverged fit run
    assert ax.get_lines()[-1].get_label() == "y = inf x + 0.000"
    with pytest.raises(TypeError, match=r"^w must be a number, got None"):
        plot_fit(*data, None, 0.0)


@pytest.mark.parametrize(
    "histories, err, match",
    [
        (None, TypeError, r"^histories must be a History .*got None"),
        ("abc", TypeError, r"^histories must be a History .*got str"),
        ([History(loss=[1.0]), "abc"], TypeError, r"^histories must be a History"),
        ([], ValueError, r"^histories is empty"),
    ],
    ids=["None", "str", "list with a str", "empty"],
)
def test_plot_losses_names_histories_that_are_not_histories(histories, err, match):
    with pytest.raises(err, match=match):
        plot_losses(histories)


@pytest.mark.parametrize(
    "kwargs, err, match",
    [
        ({"w_range": None}, TypeError, r"^w_range must be a pair \(low, high\)"),
        ({"b_range": (1,)}, TypeError, r"^b_range must be a pair \(low, high\)"),
        ({"w_range": (4, 0)}, ValueError, r"^w_range must be \(low, high\) with low < high"),
        ({"resolution": 1}, ValueError, r"^resolution must be >= 2, got 1"),
        ({"levels": 0}, ValueError, r"^levels must be >= 1, got 0"),
    ],
    ids=["w_range None", "b_range single", "w_range reversed", "resolution 1", "levels 0"],
)
def test_plot_loss_landscape_checks_ranges_and_grid_size(data, kwargs, err, match):
    with pytest.raises(err, match=match):
        plot_loss_landscape(*data, **({"w_range": (0, 4), "b_range": (0, 2)} | kwargs))


def test_history_checks_name_the_history(data):
    with pytest.raises(
        TypeError, match=r"^history must be a History from fit or gradient_descent, got None"
    ):
        plot_fits_per_epoch(*data, None)
    with pytest.raises(
        ValueError, match=r"^history 'training' must hold \(w, b\) snapshots.*holds 0"
    ):
        plot_distance_to_optimum(History(), *data)
    with pytest.raises(TypeError, match=r"^fig must be a matplotlib Figure"):
        figure_png(None)
    with pytest.raises(ValueError, match=r"^x has 40 samples but y has 5"):
        LivePlot(data[0], data[1][:5])


def test_plot_loss_landscape_zoomed_on_the_floor_still_draws_increasing_levels(data):
    """±0.1 % around the optimum: the loss barely varies, yet the levels must still increase
    (it raised matplotlib's "Contour levels must be increasing" before)."""
    xs, ys = data
    w, b = lstsq(xs, ys)
    ax = plot_loss_landscape(xs, ys, w_range=(w * 0.999, w * 1.001), b_range=(b - 1e-3, b + 1e-3))
    (contours,) = [c for c in ax.collections if hasattr(c, "levels")]
    assert np.all(np.diff(contours.levels) > 0)
    grid = loss_grid(
        xs, ys, np.linspace(w * 0.999, w * 1.001, 121), np.linspace(b - 1e-3, b + 1e-3, 121)
    )
    assert contours.levels[0] == pytest.approx(grid.min(), rel=1e-9)  # the floor itself is a level


def test_line_plots_refuse_histories_without_a_line_and_say_which_model_draws_one(data):
    mlp_history = History(loss=[1.0, 0.5], params=[])  # fit records no params for big models
    live = LivePlot(*data)
    with pytest.raises(
        ValueError, match=r"^history must hold \(w, b\) snapshots.*nn\.Linear\(1, 1\)"
    ):
        live(mlp_history)
    with pytest.raises(ValueError, match=r"^path 'mlp' must hold \(w, b\) snapshots.*plot_losses"):
        plot_loss_landscape(*data, w_range=(0, 4), b_range=(0, 2), paths={"mlp": mlp_history})


@pytest.mark.parametrize(
    "epochs,err,match",
    [
        (3, TypeError, r"^epochs must be a list such as \[0, 1, 50\]"),
        ([0.5, 2], TypeError, r"^epochs must be a list of whole epoch numbers"),
        ("0, 5", TypeError, r"^epochs must be a list such as"),
    ],
)
def test_plot_fits_per_epoch_epochs_must_be_a_list_of_ints(data, history, epochs, err, match):
    with pytest.raises(err, match=match):
        plot_fits_per_epoch(*data, history, epochs)
    fig = plot_fits_per_epoch(*data, history, np.array([0, 50]))  # a NumPy array is a list too
    assert [ax.get_title().split(",")[0] for ax in fig.axes if ax.get_visible()] == [
        "epoch 0",
        "epoch 50",
    ]


def test_plot_losses_labels_the_axis_by_its_scale_not_by_one_loss(history):
    assert (
        plot_losses(history, log=True).get_ylabel() == "training loss after each epoch (log scale)"
    )
    ax = plot_losses(history, log=False)
    assert ax.get_ylabel() == "training loss after each epoch" and ax.get_yscale() == "linear"


def test_plot_losses_puts_the_loss_after_epoch_k_at_k_with_the_start_at_0(data):
    xs, ys = data
    h = fit(
        linear_model(0.0, 0.0),
        xs.reshape(-1, 1),
        ys.reshape(-1, 1),
        lr=0.01,
        epochs=4,
        val=(xs.reshape(-1, 1), ys.reshape(-1, 1)),
    )
    after = [np.mean((p["w"] * xs + p["b"] - ys) ** 2) for p in h.params]  # independent
    train, val = plot_losses(h).get_lines()
    np.testing.assert_allclose(train.get_xdata(), range(5))
    np.testing.assert_allclose(train.get_ydata(), after, rtol=1e-5)
    np.testing.assert_allclose(val.get_xdata(), range(1, 5))  # validation after epochs 1..4
    np.testing.assert_allclose(val.get_ydata(), after[1:], rtol=1e-5)  # val is the train data
    steps, _ = plot_losses(h, "sample").get_lines()
    np.testing.assert_allclose(steps.get_xdata(), [k * len(xs) for k in range(5)])


def test_liveplot_keeps_the_data_in_view_when_the_line_runs_away(data):
    xs, ys = data
    live = LivePlot(xs, ys)
    live(History(loss=[1e30], params=[{"w": 0.0, "b": 0.0}, {"w": 1e15, "b": -1e15}]))
    pad = 0.1 * (ys.max() - ys.min())
    assert live.ax_fit.get_ylim() == pytest.approx((ys.min() - pad, ys.max() + pad))
    assert live.fit_line.get_ydata()[-1] > 1e14  # the line is drawn, off the picture
