"""The loss over ``(w, b)``: the MSE on a grid, and its contours with gradient-descent paths.

Introduced in notebook 01; notebooks 05 and 06 draw the paths of many runs on it.
Like ``plotting``, every function takes ``ax=None`` and returns the Axes; nothing is shown or
saved here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
from matplotlib.axes import Axes

from ._validate import as_1d, as_float_array, check_int, check_positive_int, check_range, describe
from .gradients import closed_form
from .history import History
from .plotting import axes_or_new, check_line_history
from .style import styled

__all__ = ["loss_grid", "plot_loss_landscape"]


def loss_grid(x: Any, y: Any, w_values: np.ndarray, b_values: np.ndarray) -> np.ndarray:
    """MSE on a grid: ``grid[i, j]`` is the loss at ``w = w_values[j]``, ``b = b_values[i]``.

    Expands the square instead of materialising (len(b), len(w), N) residuals, so a
    201 x 201 grid over 1,000 points stays small. Introduced in notebook 01.
    """
    xs, ys = as_1d(x, "x"), as_1d(y, "y")
    W, B = np.meshgrid(as_float_array(w_values, "w_values"), as_float_array(b_values, "b_values"))
    sx, sy, sxx, sxy, syy = xs.mean(), ys.mean(), (xs**2).mean(), (xs * ys).mean(), (ys**2).mean()
    # mean((w x + b - y)^2) written with the data's moments
    return W**2 * sxx + B**2 + syy + 2 * W * B * sx - 2 * W * sxy - 2 * B * sy


def _level_text(value: float) -> str:
    """A contour level's label: two significant digits (the levels are spaced geometrically),
    written out in full: 1,700 rather than 1.7e+03."""
    return f"{float(f'{value:.2g}'):,.0f}" if value >= 10 else f"{value:.2g}"


def _as_paths(paths: Any) -> list[tuple[str, np.ndarray]]:
    if paths is None:
        return []
    if isinstance(paths, History):
        paths = [paths]
    items = list(paths.items()) if isinstance(paths, Mapping) else [(None, p) for p in paths]
    out = []
    for i, (label, p) in enumerate(items):
        if isinstance(p, History):
            label = label or p.label or f"path {i}"
            check_line_history(p, f"path {label!r}")
            p = p.param_path("w", "b")
        try:
            arr = np.asarray(p, dtype=float)
        except (TypeError, ValueError):  # ragged rows, strings: not numbers
            arr = None
        if arr is None or arr.ndim != 2 or arr.shape[1] != 2:
            got = f"shape {arr.shape}" if arr is not None else describe(p)
            raise ValueError(
                f"a path must be a History or a sequence of (w, b) pairs such as "
                f"[(0.0, 0.0), (0.5, 0.2)], got {got}"
            )
        out.append((label or f"path {i}", arr))
    return out


@styled
def plot_loss_landscape(
    x: Any,
    y: Any,
    *,
    w_range: tuple[float, float],
    b_range: tuple[float, float],
    paths: Any = None,
    ax: Axes | None = None,
    resolution: int = 121,
    levels: int = 25,
) -> Axes:
    """Contours of the MSE over ``(w, b)``, the least-squares optimum as a star, and paths.

    ``paths``: a History, a list of them, a dict label -> History, or (w, b) sequences.
    Contour levels are spaced logarithmically so the valley floor stays visible.
    Introduced in notebook 01.
    """
    w_range = check_range(w_range, "w_range", "(0, 4)")
    b_range = check_range(b_range, "b_range", "(0, 2)")
    resolution = check_int(resolution, "resolution", 2, why=" (grid points per axis)")
    levels = check_positive_int(levels, "levels")
    ax = axes_or_new(ax, (5.0, 4.0))
    contour_loss(ax, x, y, w_range, b_range, resolution=resolution, levels=levels)
    plot_optimum_and_paths(ax, x, y, paths)
    ax.legend(loc="best")
    return ax


def contour_loss(
    ax: Axes,
    x: Any,
    y: Any,
    w_range: tuple[float, float],
    b_range: tuple[float, float],
    *,
    resolution: int = 121,
    levels: int = 25,
    labels: bool = True,
) -> Callable[[], None]:
    """The contours, limits and labels of ``plot_loss_landscape``: the part that stays while
    the paths change (the explorers draw it once). With ``labels=False`` the height labels
    wait: the returned function writes them, e.g. once a figure's layout has settled (they
    are placed in screen space, so the Axes should not move or resize after)."""
    ws = np.linspace(*w_range, resolution)
    bs = np.linspace(*b_range, resolution)
    grid = loss_grid(x, y, ws, bs)
    lo, hi = max(grid.min(), 1e-12), grid.max()
    start = lo * 1.05 if hi > lo * 1.05 else lo  # a view zoomed in on the floor is nearly flat:
    contours = ax.contour(
        ws,
        bs,
        grid,
        levels=np.geomspace(start, max(hi, start * 1.001), levels),  # levels
        cmap="viridis",
    )  # must still increase

    def label() -> None:
        # the loss written on every few height lines: the bowl's height is read, not guessed
        ax.clabel(contours, contours.levels[:: max(1, levels // 4)], fmt=_level_text)

    if labels:
        label()
    ax.set_xlim(w_range)
    ax.set_ylim(b_range)
    ax.set_xlabel("w (slope)")
    ax.set_ylabel("b (intercept)")
    return label


def plot_optimum_and_paths(ax: Axes, x: Any, y: Any, paths: Any) -> list[Any]:
    """The least-squares star and the paths on a contour; returns the artists drawn."""
    w_star, b_star = closed_form(x, y)
    (star,) = ax.plot(
        [w_star],
        [b_star],
        marker="*",
        ms=14,
        color="gold",
        mec="black",
        ls="none",
        label=f"least squares ({w_star:.2f}, {b_star:.2f})",
        zorder=5,
    )
    drawn = [star]
    for label, arr in _as_paths(paths):
        # above the contour labels (zorder 3): a widget that redraws only the path draws it
        # over them too, so the two pictures agree
        drawn += ax.plot(arr[:, 0], arr[:, 1], marker="o", ms=4, lw=1.5, label=label, zorder=4)
    return drawn
