"""How long does lesson 05's live-plot cell take? LivePlot blitting vs full redraws.

    .venv/bin/python benchmarks/liveplot.py            # 20 rounds: about a minute on 2 cores
    .venv/bin/python benchmarks/liveplot.py --rounds N

The cell of lesson 05, section 3: ``live = LivePlot(x, y, every=50); live.show()``, then
``fit(linear_model(0, 0), x, y, lr=0.02, epochs=100, callbacks=[live])`` on
``make_linear_data()``: four pictures (show, epochs 1, 50, 100). Timed side by side in one
run, interleaved in a rotating order in every round (median shown):

  (a) blit      LivePlot as it is: the layout computed once at show(), the fixed parts drawn
                once, each picture draws only the line, the titles and the loss panel
  (b) full      LivePlot as it was: every picture a full Agg draw of the figure, the
                constrained layout computed again each time (same PNG encoder)
  (c) fit only  the same fit without a LivePlot: what the cell costs without pictures

``IPython.display.display`` is replaced by a stand-in that keeps the PNGs (the kernel's
share of the cell, without sending them). This is a script, not a test.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from collections.abc import Callable
from typing import Any

import matplotlib
import torch
from widgets import measure  # benchmarks/widgets.py: the same interleaved rounds

import course_utils
from course_utils import make_linear_data
from course_utils._blit import canvas_png
from course_utils.liveplot import LivePlot
from course_utils.style import styled


class FullRedrawLivePlot(LivePlot):
    """LivePlot before blitting: each picture draws the whole figure, layout included."""

    @styled
    def _image(self) -> Any:
        from IPython.display import Image

        self.figure.canvas.draw()  # the layout, then every artist
        return Image(data=canvas_png(self.figure), format="png")  # LivePlot's PNG encoding


class Handle:
    """Stands in for a display handle: keeps what it is given."""

    def __init__(self) -> None:
        self.pngs: list[bytes] = []

    def update(self, obj: Any) -> None:
        self.pngs.append(obj.data)


def cell(kind: type[LivePlot] | None, x: Any, y: Any) -> Callable[[], float]:
    def run() -> float:
        start = time.perf_counter()
        callbacks = []
        if kind is not None:
            live = kind(x, y, every=50)
            live.show()
            callbacks = [live]
        model = course_utils.linear_model(w0=0.0, b0=0.0)
        course_utils.fit(model, x, y, lr=0.02, epochs=100, callbacks=callbacks)
        elapsed = time.perf_counter() - start
        if kind is not None:
            assert len(live.handle.pngs) == 4  # show, epochs 1, 50, 100
        return elapsed

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=20, help="interleaved rounds (20)")
    args = parser.parse_args()
    if args.rounds < 1:
        parser.error("--rounds must be >= 1")
    matplotlib.use("Agg")
    torch.set_num_threads(1)  # as the notebooks run
    course_utils.use_course_style()  # as lesson 05 does

    import IPython.display

    def display(obj: Any, display_id: bool = False) -> Handle:
        handle = Handle()
        handle.update(obj)
        return handle

    IPython.display.display = display  # the kernel's work, without a front end
    print(
        f"matplotlib {matplotlib.__version__}, torch {torch.__version__}, Python "
        f"{platform.python_version()}, {args.rounds} interleaved rounds, median shown"
    )
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    x, y = make_linear_data()
    methods = {
        "blit": cell(LivePlot, x, y),
        "full": cell(FullRedrawLivePlot, x, y),
        "fit only": cell(None, x, y),
    }
    for method in methods.values():  # warm up: imports, font caches, first optimizer
        method()
    ms = {m: statistics.median(t) * 1000 for m, t in measure(methods, args.rounds).items()}
    blit, full, bare = ms["blit"], ms["full"], ms["fit only"]
    print(f"\n{'ms: blit':>9} {'full':>7} {'fit only':>9} | {'blit/full':>9} | pictures only:")
    print(f"{blit:>9.1f} {full:>7.1f} {bare:>9.1f} | {blit / full:>8.2f}x |", end=" ")
    ratio = (blit - bare) / (full - bare)
    print(f"blit {blit - bare:.1f} ms, full {full - bare:.1f} ms, {ratio:.2f}x")
    print(
        "blit: LivePlot (layout once, only what moves redrawn); full: every picture a full"
        " draw with the layout; fit only: no LivePlot.\nOne cell = build + show() + fit 100"
        " epochs, every=50: 4 pictures."
    )
    print(f"load average now {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
