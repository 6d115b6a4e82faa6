"""The course's one figure style: text readable from the back row of a lecture hall.

``STYLE`` is the style as data (matplotlib rcParams). Lessons call ``use_course_style()`` once
in their set-up cell; the library's own figures (plotting, landscape, LivePlot, the widgets)
draw inside ``matplotlib.rc_context(STYLE)``, so they look the same even where a learner never
called it. Importing this module configures nothing.

The rule behind the numbers (checked on every figure of every lesson by
tests/test_figure_text.py): the smallest text is at least 13 px in a ~900 px wide output
area. A figure at most 9 inches wide at 100 dpi fits that area unscaled, and 11 pt at 100 dpi
is 15 px, which leaves room for a figure a little wider than the area. Log axes are labelled
with plain numbers (0.01, 1, 100): matplotlib's powers of ten write the exponent at 70% of
the label's size, 11 px.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import matplotlib as mpl
from matplotlib import scale, ticker

__all__ = ["STYLE", "use_course_style"]

STYLE: dict[str, Any] = {
    # 100 dpi: 900 px = 9 inches, the widest figure of the course
    "figure.dpi": 100,
    "savefig.dpi": "figure",
    "figure.figsize": (6.4, 4.0),
    # text: 11 pt (15 px) is the smallest anything is written at
    "font.size": 12,
    "axes.titlesize": 13,
    "axes.labelsize": 12,
    "xtick.labelsize": 11,
    "ytick.labelsize": 11,
    "legend.fontsize": 11,
    "legend.title_fontsize": 11,
    "figure.titlesize": 14,
    "figure.labelsize": 12,
    # lines and markers thick enough for a projector
    "lines.linewidth": 2.0,
    "lines.markersize": 6.0,
    "axes.linewidth": 1.0,
    "xtick.major.width": 1.0,
    "ytick.major.width": 1.0,
    "contour.linewidth": 1.2,
    "grid.linewidth": 0.8,
    "grid.alpha": 0.4,
}

# What the library's own figures add to STYLE. Their titles sit at a fixed height above the
# Axes, where matplotlib puts them anyway when no tick labels are on top (none of the
# library's figures has any): matplotlib then stops measuring the ticks under each title on
# every draw, 15-20% of a six-panel figure, pixel for pixel the same picture. Not in STYLE: a
# learner's matshow or twiny puts tick labels on top, which a fixed title would cover.
LIBRARY_RC: dict[str, Any] = {"axes.titley": 1.0}
_LIBRARY_STYLE = {**STYLE, **LIBRARY_RC}  # what `styled` applies, merged once

F = TypeVar("F", bound=Callable[..., Any])


def use_course_style() -> None:
    """Apply the course's figure style (``STYLE``) to every figure drawn from now on, and
    label log axes with plain numbers (``PlainLogScale``).

    Lessons call it once in their set-up cell. Introduced in notebook 01.
    """
    mpl.rcParams.update(STYLE)
    scale.register_scale(PlainLogScale)  # what "log" means from now on


class PlainLogFormatter(ticker.LogFormatter):
    """The ticks matplotlib's log formatter labels, written as plain numbers (``f"{x:g}"``:
    0.01, 2, 100, 1e+06) in the label's own size, where a power of ten shrinks its exponent."""

    def __call__(self, x: float, pos: int | None = None) -> str:
        return f"{x:g}" if super().__call__(x, pos) else ""


class PlainLogScale(scale.LogScale):
    """matplotlib's "log" scale with plain-number tick labels: the course's log axes
    (``ax.set_yscale(PlainLogScale())`` in the library; ``use_course_style()`` makes it what
    ``"log"`` means in a lesson)."""

    # no *axis* parameter by name: matplotlib >= 3.11 then passes none, older ones pass it;
    # made directly (PlainLogScale()), it gives the unused None both accept
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*(args or (None,)), **kwargs)

    def set_default_locators_and_formatters(self, axis: Any) -> None:
        super().set_default_locators_and_formatters(axis)
        axis.set_major_formatter(PlainLogFormatter(self.base))
        axis.set_minor_formatter(
            PlainLogFormatter(self.base, labelOnlyBase=(self.subs is not None))
        )


def styled(func: F) -> F:
    """Run ``func`` inside ``matplotlib.rc_context(STYLE)``: the library's figures look the
    same whether or not the learner called ``use_course_style()`` (their log axes use
    ``PlainLogScale`` by name)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with mpl.rc_context(_LIBRARY_STYLE):
            return func(*args, **kwargs)

    return wrapper  # type: ignore[return-value]
