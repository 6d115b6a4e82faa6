"""How fast does a slider move redraw its figure? The three explorers, kernel side.

    .venv/bin/python benchmarks/widgets.py            # about a minute on 2 cores
    .venv/bin/python benchmarks/widgets.py --quick    # about 20 s: fewer rounds

For each widget (the epoch scrubber and the learning-rate explorer of lesson 05, the
batch-size explorer of lesson 06, built as the lessons build them), three things are timed
side by side in one run, interleaved in a rotating order in every round (median shown):

  (a) move      one slider move as the browser makes it: ``control.value = v`` until the
                new PNG is in the widget's Output (the kernel's whole share of a move), to
                a value not drawn before (the widget's kept pictures are cleared first)
  (b) render    the same figure rendered to PNG once: ``figure_png(widget.figure)``
                (``savefig``: a full draw of every artist, and the PNG encoder)
  (c) full      a move as the widgets made it before: clear every Axes, draw everything
                again (``draw_epoch`` / ``draw_run``), ``figure_png``
  (d) seen      a move back to a value drawn before: its kept PNG is shown again (the
                artists are still updated)

Moves step through the slider's values forwards and backwards, so every value is drawn.
Then each widget's build time (the runs, the first picture) is timed a few times.
Target: a move takes at most 0.5x a full render (move/render <= 0.5).
This is a script, not a test: speed is not asserted in tests.
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

from course_utils import gradient_descent, make_linear_data
from course_utils.plotting import figure_png
from course_utils.widgets import (
    FigureExplorer,
    batch_size_explorer,
    draw_epoch,
    draw_run,
    epoch_scrubber,
    lr_explorer,
)

TARGET = 0.5
LRS = (0.0003, 0.001, 0.003, 0.01, 0.02, 0.03, 0.035, 0.04)  # lesson 05
BATCH_SIZES = (1, 4, 16, 50, 100)  # lesson 06


def widgets_to_time() -> dict[str, tuple[Callable[[], FigureExplorer], Callable]]:
    """name -> (build the widget as its lesson does, draw(axes, value) from scratch)."""
    x, y = make_linear_data()
    history = gradient_descent(x, y, lr=0.01, epochs=50)

    def lr_draw(widget: FigureExplorer) -> Callable[[Any, float], None]:
        runs = {lr: gradient_descent(x, y, lr=lr, epochs=50) for lr in LRS}
        w, b = widget.axes[0].get_xlim(), widget.axes[0].get_ylim()
        return lambda axes, lr: draw_run(
            axes, x, y, runs[lr], w_range=w, b_range=b, title=f"lr = {lr:g}", epochs=50
        )

    def bs_draw(widget: FigureExplorer) -> Callable[[Any, int], None]:
        from course_utils import fit, linear_model

        runs = {
            bs: fit(linear_model(0.0, 0.0), x, y, lr=0.005, epochs=20, batch_size=bs, seed=0)
            for bs in BATCH_SIZES
        }
        w, b = widget.axes[0].get_xlim(), widget.axes[0].get_ylim()
        return lambda axes, bs: draw_run(
            axes,
            x,
            y,
            runs[bs],
            w_range=w,
            b_range=b,
            title=f"batch size {bs}, lr 0.005",
            epochs=20,
        )

    return {
        "epoch scrubber": (
            lambda: epoch_scrubber(x, y, history),
            lambda widget: lambda axes, k: draw_epoch(axes, x, y, history, k),
        ),
        "lr explorer": (lambda: lr_explorer(x, y, lrs=LRS, epochs=50), lr_draw),
        "batch-size explorer": (
            lambda: batch_size_explorer(x, y, batch_sizes=BATCH_SIZES, epochs=20, lr=0.005),
            bs_draw,
        ),
    }


def slider_values(widget: FigureExplorer) -> list[Any]:
    control = widget.control
    if hasattr(control, "options"):
        values = [v for _, v in control.options]
    else:
        values = list(range(control.min, control.max + 1))
    return values + values[-2:0:-1]  # forwards, then backwards


def measure(methods: dict[str, Callable[[], float]], rounds: int) -> dict[str, list[float]]:
    """Time every method once per round, in a rotating order; print progress."""
    times: dict[str, list[float]] = {m: [] for m in methods}
    names = list(methods)
    for r in range(rounds):
        for m in names[r % len(names) :] + names[: r % len(names)]:
            times[m].append(methods[m]())
        if (r + 1) % max(1, rounds // 4) == 0:
            print(f"    round {r + 1}/{rounds}", flush=True)
    return times


def time_widget(build: Callable[[], FigureExplorer], full_draw: Callable, rounds: int):
    widget = build()
    values = slider_values(widget)
    draw = full_draw(widget)
    state = {"i": 0, "j": 0, "k": 0}

    def move() -> float:
        state["i"] += 1
        value = values[state["i"] % len(values)]
        widget.pngs.clear()  # a value not drawn before: blit it
        start = time.perf_counter()
        widget.control.value = value
        return time.perf_counter() - start

    def render() -> float:
        start = time.perf_counter()
        figure_png(widget.figure)
        return time.perf_counter() - start

    reference = FigureExplorer(
        widgets_control(widget), draw, ncols=len(widget.axes), figsize=widget_size(widget)
    )

    def full() -> float:
        state["j"] += 1
        value = values[state["j"] % len(values)]
        start = time.perf_counter()
        reference.render(value)  # clear every Axes, draw everything, savefig
        return time.perf_counter() - start

    kept = build()
    for value in values:  # every value drawn once: its picture is kept
        kept.control.value = value

    def seen() -> float:
        state["k"] += 1
        value = values[state["k"] % len(values)]
        start = time.perf_counter()
        kept.control.value = value
        return time.perf_counter() - start

    methods = {"move": move, "render": render, "full": full, "seen": seen}
    for method in methods.values():  # warm up: first draws, font caches
        method()
    return measure(methods, rounds)


def widgets_control(widget: FigureExplorer) -> Any:
    """A fresh control like the widget's, for the full-redraw reference."""
    import ipywidgets

    control = widget.control
    if hasattr(control, "options"):
        return ipywidgets.SelectionSlider(options=control.options, value=control.value)
    return ipywidgets.IntSlider(value=control.value, min=control.min, max=control.max)


def widget_size(widget: FigureExplorer) -> tuple[float, float]:
    width, height = widget.figure.get_size_inches()
    return float(width), float(height)


def time_builds(build: Callable[[], FigureExplorer], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        build()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds (8, not 30)")
    parser.add_argument("--rounds", type=int, default=None, help="rounds per widget")
    args = parser.parse_args()
    rounds = args.rounds or (8 if args.quick else 30)
    if rounds < 1:
        parser.error("--rounds must be >= 1")
    matplotlib.use("Agg")
    torch.set_num_threads(1)  # as the notebooks run
    print(
        f"matplotlib {matplotlib.__version__}, torch {torch.__version__}, Python "
        f"{platform.python_version()}, {rounds} interleaved rounds per widget, median shown"
    )
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    rows = []
    started = time.perf_counter()
    for name, (build, full_draw) in widgets_to_time().items():
        build()  # warm up: lazy imports (the first optimizer imports torch._dynamo)
        print(f"  {name}: moves", flush=True)
        times = time_widget(build, full_draw, rounds)
        print(f"  {name}: builds", flush=True)
        built = time_builds(build, 3 if args.quick else 5)
        rows.append((name, {m: statistics.median(t) * 1000 for m, t in times.items()}, built))
    print(
        f"\n{'widget':>20} | {'ms: move':>9} {'render':>7} {'full':>7} {'seen':>6} |"
        f" {'move/render':>11} {'full/render':>11} | {'build ms':>8}"
    )
    print("-" * 91)
    for name, ms, built in rows:
        print(
            f"{name:>20} | {ms['move']:>9.1f} {ms['render']:>7.1f} {ms['full']:>7.1f}"
            f" {ms['seen']:>6.1f} |"
            f" {ms['move'] / ms['render']:>10.2f}x {ms['full'] / ms['render']:>10.2f}x |"
            f" {built * 1000:>8.0f}"
        )
    print(
        "move: control.value = v (a value not drawn yet) until the new PNG is in the Output;"
        " render: figure_png of the same figure;\nfull: clear, draw everything, figure_png"
        " (a move before blitting); seen: a move back to a value drawn before."
    )
    print(f"\ntarget: move/render <= {TARGET}")
    for name, ms, _ in rows:
        ratio = ms["move"] / ms["render"]
        print(f"  {name}: {ratio:.2f}x -> {'PASS' if ratio <= TARGET else 'FAIL'}")
    print(
        f"\ntotal measuring time {time.perf_counter() - started:.0f} s, "
        f"load average now {os.getloadavg()[0]:.1f}"
    )


if __name__ == "__main__":
    main()
