"""LivePlot redraws only what moves; every picture must be the one a full redraw makes.

``LivePlot`` computes its layout once (at ``show()``), draws the fixed parts once and, for
each picture, only the line, the titles and the loss panel's curve and axes, onto a cached
background (course_utils/_blit.py). Here every picture it shows is compared pixel by pixel
with a fresh ``LivePlot`` put in the same state (the same history) at the frozen Axes
positions and drawn whole (one Agg draw), and every text of the picture must lie inside the
figure, the two panels apart.
"""

import io

import matplotlib

matplotlib.use("Agg")  # headless; must come before pyplot is imported

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from PIL import Image  # noqa: E402

from course_utils import make_linear_data  # noqa: E402
from course_utils.history import History, TrainingDiverged  # noqa: E402
from course_utils.liveplot import LivePlot  # noqa: E402
from course_utils.models import linear_model  # noqa: E402
from course_utils.style import STYLE  # noqa: E402
from course_utils.training import fit  # noqa: E402

# As in test_widget_redraw: the pictures are drawn by the same operations in the same order,
# so they match exactly; the tolerance only allows an antialiased pixel or two where a moving
# line meets a fixed artist. Anything real (a stale axis, a shifted view) changes hundreds.
MAX_DIFFERENT_PIXELS = 10
MIN_GAP_PX = 4  # between the two panels' texts (constrained layout leaves about 8 px)


class Display:
    """Stands in for IPython's display: records the first picture and every update, with
    the history it should show and the Axes positions it was drawn at."""

    def __init__(self, live: LivePlot) -> None:
        self.live, self.pictures = live, []

    def __call__(self, obj, display_id):
        self.update(obj)
        return self

    def update(self, obj):
        positions = [ax.get_position() for ax in self.live.figure.axes]
        self.pictures.append((obj.data, self.live.history_shown, positions))


class RecordedLivePlot(LivePlot):
    """A LivePlot that remembers the history of its last update (None before the first)."""

    history_shown = None

    def update(self, history):
        self.history_shown = first(history, history.epochs)  # fit keeps adding to history
        super().update(history)


def first(history: History, k: int) -> History:
    """The history as it stood after epoch ``k``."""
    return History(
        loss=history.loss[:k],
        loss_after=history.loss_after[: k + 1],
        params=history.params[: k + 1],
    )


def run(monkeypatch, x, y, train, every):
    """Show a LivePlot, train with it; returns it and [(picture, history it shows)]."""
    import IPython.display

    live = RecordedLivePlot(x, y, every=every)
    display = Display(live)
    monkeypatch.setattr(IPython.display, "display", display)
    live.show()
    train(live)
    return live, display.pictures


def as_array(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)


def full_render(live: LivePlot, x, y, history, positions) -> tuple[np.ndarray, LivePlot]:
    """A fresh LivePlot in the same state, at the Axes positions the live one drew at (its
    frozen layout), drawn whole: one Agg draw of every artist, no layout, no blitting."""
    with matplotlib.rc_context(STYLE):
        ref = LivePlot(x, y, every=live.every)
        if history is not None:
            ref.update(history)  # not shown: sets the artists, draws nothing
        ref.figure.set_layout_engine("none")
        for ax, placed in zip(ref.figure.axes, positions):
            ax.set_position(placed)
        ref.figure.canvas.draw()
    return np.asarray(ref.figure.canvas.buffer_rgba())[..., :3].astype(int), ref


def assert_same_picture(got: np.ndarray, want: np.ndarray, where: str) -> None:
    assert got.shape == want.shape, f"{where}: image {got.shape}, full redraw {want.shape}"
    different = int((np.abs(got - want).max(axis=2) > 2).sum())
    assert different <= MAX_DIFFERENT_PIXELS, (
        f"{where}: {different} pixels differ from a full redraw (at most {MAX_DIFFERENT_PIXELS})"
    )


def assert_texts_fit(ref: LivePlot, where: str) -> None:
    """Every text (titles, tick and axis labels, legend) inside the figure; the loss panel's
    texts to the right of the line panel's, the titles apart."""
    renderer = ref.figure.canvas.get_renderer()
    width, height = ref.figure.canvas.get_width_height()
    boxes = {}
    for name, ax in (("line", ref.ax_fit), ("loss", ref.ax_loss)):
        box = boxes[name] = ax.get_tightbbox(renderer)  # titles at their full width too
        assert box.x0 >= 0 and box.y0 >= 0, f"{where}: the {name} panel is cut off: {box}"
        assert box.x1 <= width and box.y1 <= height, f"{where}: the {name} panel is cut off"
        assert ax.title.get_window_extent(renderer).y1 <= height, f"{where}: {name} title cut"
    left = ref.ax_fit.get_tightbbox(renderer, for_layout_only=True)  # titles left out
    right = ref.ax_loss.get_tightbbox(renderer, for_layout_only=True)
    gap = right.x0 - left.x1
    assert gap >= MIN_GAP_PX, f"{where}: the loss panel's labels come within {gap:.1f} px"
    titles = [ax.title.get_window_extent(renderer) for ax in (ref.ax_fit, ref.ax_loss)]
    assert titles[0].x1 < titles[1].x0, f"{where}: the titles overlap"


def check_pictures(live, pictures, x, y, count: int) -> list:
    """Each picture against a full redraw at the positions of that moment; returns them."""
    assert len(pictures) == count
    for png, history, positions in pictures:
        where = "show()" if history is None else f"epoch {history.epochs}"
        want, ref = full_render(live, x, y, history, positions)
        assert_same_picture(as_array(png), want, where)
        assert_texts_fit(ref, where)
    return [[tuple(box.bounds) for box in positions] for *_, positions in pictures]


@pytest.fixture(scope="module")
def data():
    x, y = make_linear_data()  # the lessons' data
    return x, y


def test_lesson_05_pictures_match_a_full_redraw_in_one_layout(data, monkeypatch):
    """show(), then epochs 1, 50 and 100 (lesson 05's cell): the layout made at show() has
    room for every later picture, so it never changes."""
    x, y = data
    layouts = []

    def train(live):
        layouts.append(live.frame)  # made by show()
        fit(linear_model(0.0, 0.0), x, y, lr=0.02, epochs=100, callbacks=[live])

    live, pictures = run(monkeypatch, x, y, train, every=50)
    positions = check_pictures(live, pictures, x, y, 4)
    assert layouts == [live.frame] and all(p == positions[0] for p in positions)  # one layout


def test_a_loss_range_that_changes_a_lot_matches_a_full_redraw(data, monkeypatch):
    """Losses from about 100 down to 1e-9 (a noise-free line): the loss axis' ticks change
    from sub-decade labels to many decades."""
    x, _ = data
    y = 2.0 * x + 1.0

    def train(live):
        fit(linear_model(0.0, 0.0), x, y, lr=0.02, epochs=400, callbacks=[live])

    live, pictures = run(monkeypatch, x, y, train, every=100)
    check_pictures(live, pictures, x, y, 6)  # show(), epochs 1, 100, 200, 300, 400
    losses = live.loss_line.get_ydata()
    assert losses[0] > 50 and losses[-1] < 1e-3  # the range did change a lot


def test_a_diverging_run_matches_a_full_redraw(data, monkeypatch):
    """lr 0.04 on the lessons' data grows: the line leaves the view, the loss axis climbs."""
    x, y = data

    def train(live):
        try:
            fit(linear_model(0.0, 0.0), x, y, lr=0.04, epochs=60, callbacks=[live])
        except TrainingDiverged:  # an overflow ends the run early; what was shown stays
            pass

    live, pictures = run(monkeypatch, x, y, train, every=20)
    check_pictures(live, pictures, x, y, 1 + 1 + 3)
    assert live.loss_line.get_ydata()[-1] > 1e6  # it did diverge
    low, high = live.ax_fit.get_ylim()
    line = live.fit_line.get_ydata()
    assert line.min() < low or line.max() > high  # the line left the view, which stayed


def test_labels_that_outgrow_the_room_get_a_new_layout(data, monkeypatch):
    """Losses near 1e-12 within one decade: labels such as "2x10^-12", wider than the layout
    made room for. The layout is computed again rather than letting them crowd the line's
    panel, and the picture is still a full redraw at the new positions."""
    x, y = data
    tiny = [3e-12, 2.5e-12, 2e-12, 1.6e-12]
    params = [{"w": 2.0, "b": 1.0}] * len(tiny)
    history = History(loss=tiny[:-1], loss_after=tiny, params=params)

    def train(live):
        for k in (1, 3):
            live.update(first(history, k))

    live, pictures = run(monkeypatch, x, y, train, every=1)
    positions = check_pictures(live, pictures, x, y, 3)
    assert positions[1] != positions[0]  # laid out again for the wide labels


def test_a_line_through_the_legend_passes_under_it_as_in_a_full_redraw(data, monkeypatch):
    """A flat line at the top of the data runs through the legend (upper left), which a full
    draw puts over it: the legend is redrawn over the moving line."""
    x, y = data
    top = float(y.max()) - 0.5
    history = History(loss=[50.0], loss_after=[50.0, 40.0], params=[{"w": 0.0, "b": top}] * 2)
    live, pictures = run(monkeypatch, x, y, lambda live: live.update(history), every=1)
    check_pictures(live, pictures, x, y, 2)
    renderer = live.figure.canvas.get_renderer()
    legend = live.ax_fit.get_legend().get_window_extent(renderer)
    line = live.ax_fit.transData.transform([(float(x.min()), top), (float(x.max()), top)])
    assert legend.y0 < line[0, 1] < legend.y1 and line[0, 0] < legend.x1  # it does cross
