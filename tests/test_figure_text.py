"""Every figure of every lesson is readable from the back row (course_utils/style.py).

Each lesson runs in a fresh kernel (marked ``slow``; part of ``make test``) with
tests/figure_probe.py installed first: every PNG the learner is shown (the inline backend's
figures, the widgets' and LivePlot's ``figure_png``) is measured as it is drawn. Afterwards
every widget's control is moved through its values, so every figure a slider can show is
measured too. The rules:

- the smallest text drawn is at least 13 px in a 900 px wide output area (points x dpi / 72,
  scaled down by 900 / width for a wider image);
- at most 3 panels (Axes, colorbars not counted) side by side in a row.

The smallest text per lesson, as a table (the numbers in the style's pull request):
    PYTHONPATH=$PWD python tests/test_figure_text.py notebooks/*.ipynb
"""

from __future__ import annotations

import functools
import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import figure_probe  # noqa: E402
from figure_probe import MAX_PANELS_PER_ROW, MIN_TEXT_PX  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))
PROBE = Path(figure_probe.__file__).read_text()

# Move every widget's control through its values (a few for a long integer slider), so the
# figure of every value is drawn and measured.
SWEEP = """
import gc as _gc
import warnings as _warnings
from course_utils.widgets import FigureExplorer as _FigureExplorer
with _warnings.catch_warnings():  # isinstance on every object wakes deprecated torch modules
    _warnings.simplefilter("ignore")
    _explorers = [o for o in _gc.get_objects() if isinstance(o, _FigureExplorer)]
for _w in _explorers:
    _c = _w.control
    if hasattr(_c, "options"):
        _values = [o[1] if isinstance(o, tuple) else o for o in _c.options]
    else:
        _values = sorted({_c.min, _c.min + 1, (_c.min + _c.max) // 2, _c.max})
    for _v in _values:
        _FIGURE_PROBE_CELL = f"widget {type(_c).__name__} = {_v!r}"
        _c.value = _v
print("FIGURE_PROBE", json.dumps(RECORDS))
"""


@functools.cache
def figures(path: Path) -> list[dict]:
    """One record per PNG shown while the lesson runs and its widgets are moved."""
    from scripts.repro import Kernel, first_line, kernel_env, runnable

    with Kernel(path, kernel_env(threads=1)) as k:
        k.run_source(PROBE + "\nimport json\ninstall(lambda: _FIGURE_PROBE_CELL)\n")
        for i in runnable(k.nb, like_nbval=False):
            where = f"cell {i} `{first_line(k.nb.cells[i])}`"
            k.run_source(f"_FIGURE_PROBE_CELL = {where!r}")
            k.run(i)
        printed = k.run_source(SWEEP).splitlines()
        found = [line for line in printed if line.startswith("FIGURE_PROBE ")]
        assert found, f"{path.name}: the widget sweep printed no records:\n" + "\n".join(printed)
        return json.loads(found[-1].removeprefix("FIGURE_PROBE "))


def smallest(records: list[dict]) -> dict | None:
    return min(records, key=lambda r: r["min_px"], default=None)


def _problems(records: list[dict]) -> list[str]:
    found = []
    for r in records:
        if r["min_px"] < MIN_TEXT_PX:
            found.append(
                f"{r['where']}: text {r['min_text']!r} is {r['min_px']:.1f} px (at least "
                f"{MIN_TEXT_PX:g}; image {r['width_px']} px wide): use the course style "
                "(course_utils.use_course_style()), no explicit small font sizes, and a figure "
                "at most 9 inches wide"
            )
        if r["panels"] > MAX_PANELS_PER_ROW:
            found.append(
                f"{r['where']}: {r['panels']} panels in a row (at most {MAX_PANELS_PER_ROW}): "
                "put them in rows (plt.subplots(2, 2)) or drop one"
            )
    return found


@pytest.mark.slow
@pytest.mark.parametrize("nb_path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_figure_is_readable_from_the_back_row(nb_path):
    records = figures(nb_path)
    assert records, f"{nb_path.name}: no figure was measured; is the probe still installed?"
    problems = _problems(records)
    assert not problems, "\n".join(problems)


def test_the_probe_measures_what_is_drawn_and_fails_small_text():
    """The measurement itself, in this process: a 9 pt legend at 100 dpi is 12.5 px (fails);
    a 12 pt one is 16.7 px; a 1800 px wide image is shown at half size; four panels in a row
    fail; a colorbar is not a panel; a blitted picture (as the widgets draw) is measured too,
    its fixed texts and those drawn over it since the background was restored."""
    figure_probe.install(lambda: "here")
    try:
        _check_the_probe()
    finally:
        figure_probe.uninstall()


def _check_the_probe() -> None:
    import io

    from matplotlib.figure import Figure

    def measured(fig: Figure) -> dict:
        fig.savefig(io.BytesIO(), format="png", dpi=fig.dpi)
        return figure_probe.RECORDS[-1]

    fig = Figure(figsize=(6, 3), dpi=100)
    ax = fig.subplots()
    ax.plot([0, 1], label="nine points")
    ax.tick_params(labelsize=12)
    ax.legend(fontsize=9)
    r = measured(fig)
    assert r["min_text"] == "nine points" and r["min_px"] == pytest.approx(12.5)
    assert _problems([r]) and "12.5 px" in _problems([r])[0]

    ax.legend(fontsize=12)
    r = measured(fig)
    assert r["min_px"] == pytest.approx(12 * 100 / 72) and not _problems([r])

    wide = Figure(figsize=(18, 3), dpi=100)
    ax = wide.subplots()
    ax.set_title("wide", fontsize=20)
    ax.tick_params(labelsize=16)
    r = measured(wide)
    assert r["width_px"] == 1800 and r["scale"] == pytest.approx(0.5)
    assert r["min_px"] == pytest.approx(16 * 100 / 72 * 0.5)

    four = Figure(figsize=(8, 3), dpi=100)
    axes = four.subplots(1, 4)
    assert figure_probe.panels_per_row(four) == 4 and _problems([measured(four)])
    three = Figure(figsize=(8, 3), dpi=100)
    axes = three.subplots(1, 3)
    three.colorbar(axes[0].contourf([[0, 1], [1, 2]]), ax=axes[0])
    assert figure_probe.panels_per_row(three) == 3

    # a blitted picture (the widgets'): drawn once, then only the moving artists drawn over
    # the restored background, and the pixels read without print_figure
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    blit = Figure(figsize=(6, 3), dpi=100)
    canvas = FigureCanvasAgg(blit)
    ax = blit.subplots()
    ax.set_xlabel("fixed", fontsize=12)
    ax.tick_params(labelsize=12)
    title = ax.set_title("moving", fontsize=9, animated=True)
    canvas.draw()
    background = canvas.copy_from_bbox(blit.bbox)
    for size, want in [(9, 12.5), (12, 12 * 100 / 72)]:
        title.set_fontsize(size)
        canvas.restore_region(background)
        blit.draw_artist(title)
        before = len(figure_probe.RECORDS)
        canvas.buffer_rgba()
        (r,) = figure_probe.RECORDS[before:]
        assert r["min_px"] == pytest.approx(want) and r["width_px"] == 600
        assert r["min_text"] == ("moving" if size == 9 else r["min_text"])
    assert _problems([figure_probe.RECORDS[-2]]) and not _problems([r])


def main(paths: list[str]) -> int:
    """Print the smallest text and the most panels per row of each lesson's figures."""
    print(f"{'lesson':<28} {'figures':>7} {'smallest px':>11} {'panels/row':>10}  where, text")
    for p in paths:
        records = figures(Path(p).resolve())
        low = smallest(records)
        if low is None:
            print(f"{Path(p).stem:<28} {0:>7}")
            continue
        panels = max(r["panels"] for r in records)
        print(
            f"{Path(p).stem:<28} {len(records):>7} {low['min_px']:>11.1f} {panels:>10}  "
            f"{low['where']}, {low['min_text']!r}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
