"""The course style in a notebook: figures shown at their own size, laid out, nothing cut off.

``use_course_style()`` makes the inline backend show each figure as laid out (no crop to its
drawn area: one draw per display instead of two, and a 9-inch figure exactly as wide as the
output area). These tests run a real kernel, where that backend lives.
"""

import base64
import json
import struct
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from course_utils import style

ROOT = Path(__file__).resolve().parents[1]

SETUP = """\
import json, warnings
warnings.simplefilter("error")  # a learner's tight_layout() must not warn either
import matplotlib.pyplot as plt
import course_utils
course_utils.use_course_style()"""

# a figure a learner makes without asking for a layout: big tick labels, a long y label
LEARNER = """\
fig, ax = plt.subplots(figsize=(6, 3))
ax.plot([0, 1], [10000, 200000])
ax.set(xlabel="a label below the axis", ylabel="a long label left of the axis", title="a title")
plt.show()
box = fig.get_tightbbox().transformed(fig.dpi_scale_trans)  # in pixels
print(json.dumps({"inside": bool(fig.bbox.x0 <= box.x0 and box.x1 <= fig.bbox.x1
                                 and fig.bbox.y0 <= box.y0 and box.y1 <= fig.bbox.y1),
                  "engine": type(fig.get_layout_engine()).__name__}))"""


def run(cells: list[str]) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    client = NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}
    )
    client.execute()
    return nb


def png_size(cell: nbformat.NotebookNode) -> tuple[int, int]:
    (shown,) = [o for o in cell.outputs if "image/png" in o.get("data", {})]
    png = base64.b64decode(shown.data["image/png"])
    return struct.unpack(">II", png[16:24])


def printed(cell: nbformat.NotebookNode) -> dict:
    (text,) = [o.text for o in cell.outputs if o.output_type == "stream"]
    return json.loads(text)


def test_a_notebook_shows_each_figure_at_its_own_size_laid_out_with_nothing_cut_off():
    nb = run(
        [
            SETUP,
            'fig, ax = plt.subplots(figsize=(9, 3), layout="constrained")\n'
            'ax.plot([1, 2]); ax.set_ylabel("loss")\nplt.show()',
            LEARNER,
            'fig, ax = plt.subplots(figsize=(4, 3))\nax.plot([1, 2]); ax.set_ylabel("y")\n'
            "plt.tight_layout()\nplt.show()",  # no "layout has changed" warning
        ]
    )
    # 9 inches at 100 dpi: the 900 px of the output area (cropped, it was 911 px wide)
    assert png_size(nb.cells[1]) == (900, 300)
    # without a layout asked for: laid out on each draw, every text inside the picture
    assert png_size(nb.cells[2]) == (600, 300)
    assert printed(nb.cells[2]) == {"inside": True, "engine": "TightLayoutEngine"}
    assert png_size(nb.cells[3]) == (400, 300)
    assert not [o for o in nb.cells[3].outputs if o.output_type == "error"]


def test_outside_a_notebook_the_style_configures_no_backend(monkeypatch):
    monkeypatch.delitem(sys.modules, "IPython", raising=False)
    assert style._show_figures_uncropped() is False  # noqa: SLF001 - the part under test


def test_log_axes_are_labelled_with_plain_numbers_in_the_labels_own_size(monkeypatch):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib import scale

    # matplotlib's own "log" scale to start with, whatever an earlier test registered; the
    # registry and rcParams are put back afterwards
    monkeypatch.setitem(scale._scale_mapping, "log", scale.LogScale)  # noqa: SLF001
    if hasattr(scale, "_scale_has_axis_parameter"):  # matplotlib >= 3.11
        monkeypatch.setitem(scale._scale_has_axis_parameter, "log", True)  # noqa: SLF001

    with matplotlib.rc_context():
        check_plain_log_labels(plt)
    plt.close("all")


def check_plain_log_labels(plt):
    from course_utils import gradient_descent, make_linear_data, use_course_style
    from course_utils.plotting import plot_losses

    def labels(axis, minor=False):
        axis.figure.canvas.draw()
        low, high = sorted(axis.get_view_interval())
        return [
            t.get_text()
            for tick, t in zip(axis.get_ticklocs(minor=minor), axis.get_ticklabels(minor=minor))
            if t.get_text() and low <= tick <= high
        ]

    before = plt.figure().subplots()
    before.semilogy([1, 1000])  # the learner's own axis, before the course style: untouched
    assert all(text.startswith("$") for text in labels(before.yaxis))
    # a library figure: plain numbers whether or not the learner called use_course_style()
    run = gradient_descent(*make_linear_data(), lr=0.01, epochs=50)
    assert labels(plot_losses([run]).yaxis) == ["10", "100"]
    before.semilogy([1, 1000])
    assert all(text.startswith("$") for text in labels(before.yaxis))  # still untouched
    use_course_style()
    mine = plt.figure().subplots()
    mine.semilogy([0.001, 1000])
    assert labels(mine.yaxis) == ["0.001", "0.01", "0.1", "1", "10", "100", "1000"]
    narrow = plt.figure().subplots()
    narrow.semilogy([2, 9])  # under one decade: matplotlib labels some minor ticks
    assert labels(narrow.yaxis, minor=True) == ["2", "3", "4", "6"]
    plt.close("all")
