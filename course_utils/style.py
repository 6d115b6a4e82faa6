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
the label's size, 11 px. Where a log axis spans more than a decade, its unlabelled minor
ticks mark 2 and 5 of each decade, not 2 to 9 (``PlainLogLocator``).
"""

from __future__ import annotations

import functools
import math
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


WIDE_SUBS = (2.0, 5.0)  # the bare minor marks of a wide view (`_wide`): 2 and 5 of each decade


class PlainLogLocator(ticker.LogLocator):
    """The minor ticks of the course's log axes: matplotlib's (2 to 9 of each decade) on a
    short view, where some of them are labelled; on a wide one, where none is, only 2 and 5
    of each decade. A quieter axis, and fewer ticks to make and draw (the locator also
    places ticks in the decade beyond each end of the view). Base 10 only: another base, or
    subs set with ``set_params``, gets matplotlib's ticks unchanged."""

    def __init__(self, base: float = 10.0) -> None:
        super().__init__(base, subs="auto")
        self.plain_base, self.plain_subs = float(base), "auto"

    def set_params(self, base: Any = None, subs: Any = None, *, numticks: Any = None) -> None:
        super().set_params(base=base, subs=subs, numticks=numticks)
        if base is not None:
            self.plain_base = float(base)
        if subs is not None:  # asked for by name: kept
            self.plain_subs = subs

    def tick_values(self, vmin: float, vmax: float) -> Any:
        auto = isinstance(self.plain_subs, str) and self.plain_subs == "auto"
        if not (self.plain_base == 10 and auto and _wide(vmin, vmax)):
            return super().tick_values(vmin, vmax)
        thinned = ticker.LogLocator(10.0, subs=WIDE_SUBS, numticks=self.numticks)
        thinned.set_axis(self.axis)  # its tick space and smallest positive value, as ours
        return thinned.tick_values(vmin, vmax)


def _wide(vmin: float, vmax: float) -> bool:
    """Whether no minor tick of the view is labelled. matplotlib's log formatter labels minor
    ticks only on a short view: at most one power of the base in it (matplotlib >= 3.11) or
    at most one decade long (older); two powers of ten in it and more than a decade long is
    wide by both rules."""
    low, high = sorted((vmin, vmax))
    if not (0 < low and math.isfinite(high)):
        return False
    lmin, lmax = math.log(low, 10.0), math.log(high, 10.0)  # as matplotlib computes them
    powers = math.floor(lmax) - math.floor(math.nextafter(lmin, -math.inf))
    return powers >= 2 and lmax - lmin > 1


class PlainLogScale(scale.LogScale):
    """matplotlib's "log" scale with plain-number tick labels: the course's log axes
    (``ax.set_yscale(PlainLogScale())`` in the library; ``use_course_style()`` makes it what
    ``"log"`` means in a lesson). Its default minor ticks are ``PlainLogLocator``'s."""

    # no *axis* parameter by name: matplotlib >= 3.11 then passes none, older ones pass it;
    # made directly (PlainLogScale()), it gives the unused None both accept
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*(args or (None,)), **kwargs)

    def set_default_locators_and_formatters(self, axis: Any) -> None:
        super().set_default_locators_and_formatters(axis)
        if self.subs is None:  # subs given by name: the minor ticks asked for
            axis.set_minor_locator(PlainLogLocator(self.base))
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
