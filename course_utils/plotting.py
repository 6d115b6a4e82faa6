"""Pictures for the lessons. Every function takes ``ax=None`` and returns the Axes (or Figure).

Nothing here calls ``plt.show()`` or saves a file: the notebook decides. Training code never
plots; these functions read a ``History`` of plain floats.
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes

from .gradients import _as_1d, closed_form
from .training import History

__all__ = ["plot_data", "plot_fit", "plot_losses", "plot_loss_landscape", "loss_grid"]

_X_AXES = {"epoch": "epoch", "update": "updates (optimizer steps)", "sample": "samples seen",
           "time": "wall-clock time (s)"}


def _axes(ax: Axes | None, figsize: tuple[float, float] = (5.0, 3.5)) -> Axes:
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax


def plot_data(x: Any, y: Any, *, ax: Axes | None = None, xlabel: str = "x", ylabel: str = "y",
              **scatter_kw: Any) -> Axes:
    """Scatter plot of the data. Introduced in notebook 01."""
    ax = _axes(ax)
    xs, ys = _as_1d(x, "x"), _as_1d(y, "y")
    kw = {"s": 14, "alpha": 0.7, "color": "tab:blue", "label": "data"} | scatter_kw
    ax.scatter(xs, ys, **kw)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    return ax


def plot_fit(x: Any, y: Any, w: float, b: float, *, ax: Axes | None = None,
             label: str | None = None, data: bool = True, **line_kw: Any) -> Axes:
    """The data and the line ``y = w x + b`` across the data's x range. Introduced in notebook 01."""
    ax = _axes(ax)
    xs = _as_1d(x, "x")
    if data:
        plot_data(xs, y, ax=ax)
    grid = np.linspace(xs.min(), xs.max(), 2)
    label = label if label is not None else f"y = {float(w):.3f} x + {float(b):.3f}"
    kw = {"color": "tab:red", "lw": 2} | line_kw
    ax.plot(grid, float(w) * grid + float(b), label=label, **kw)
    ax.legend(loc="best", fontsize="small")
    return ax


def _as_histories(histories: History | Sequence[History] | Mapping[str, History]) -> list[tuple[str, History]]:
    if isinstance(histories, History):
        return [(histories.label or "training", histories)]
    if isinstance(histories, Mapping):
        return list(histories.items())
    return [(h.label or f"run {i}", h) for i, h in enumerate(histories)]


def plot_losses(histories: History | Sequence[History] | Mapping[str, History], x_axis: str = "epoch",
                *, ax: Axes | None = None, log: bool = True, val: bool = True) -> Axes:
    """Loss curves of one or more runs against epochs, updates, samples seen or time.

    Introduced in notebook 01; ``x_axis`` other than "epoch" in notebook 06.
    """
    if x_axis not in _X_AXES:
        raise ValueError(f"x_axis must be one of {sorted(_X_AXES)}, got {x_axis!r}")
    ax = _axes(ax)
    for label, h in _as_histories(histories):
        n = len(h.loss)
        xs = {"epoch": np.arange(1, n + 1), "update": h.steps, "sample": h.samples, "time": h.time}[x_axis]
        if len(xs) != n:
            raise ValueError(f"history {label!r} has {n} losses but {len(xs)} values for x_axis={x_axis!r}")
        (line,) = ax.plot(xs, h.loss, label=label, marker="o" if n <= 30 else None, ms=3)
        if val and h.val_loss:
            ax.plot(xs[: len(h.val_loss)], h.val_loss, ls="--", color=line.get_color(), label=f"{label} (validation)")
    if log:
        ax.set_yscale("log")
    ax.set_xlabel(_X_AXES[x_axis])
    ax.set_ylabel("loss (MSE)" if log else "loss")
    ax.legend(loc="best", fontsize="small")
    return ax


def loss_grid(x: Any, y: Any, w_values: np.ndarray, b_values: np.ndarray) -> np.ndarray:
    """MSE on a grid: ``grid[i, j]`` is the loss at ``w = w_values[j]``, ``b = b_values[i]``.

    Expands the square instead of materialising (len(b), len(w), N) residuals, so a
    201 x 201 grid over 1,000 points stays small.
    """
    xs, ys = _as_1d(x, "x"), _as_1d(y, "y")
    W, B = np.meshgrid(np.asarray(w_values, float), np.asarray(b_values, float))
    sx, sy, sxx, sxy, syy = xs.mean(), ys.mean(), (xs**2).mean(), (xs * ys).mean(), (ys**2).mean()
    # mean((w x + b - y)^2) written with the data's moments
    return W**2 * sxx + B**2 + syy + 2 * W * B * sx - 2 * W * sxy - 2 * B * sy


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
            p = p.param_path("w", "b")
        arr = np.asarray(p, dtype=float)
        if arr.ndim != 2 or arr.shape[1] != 2:
            raise ValueError(f"a path must be a History or a sequence of (w, b) pairs, got shape {arr.shape}")
        out.append((label or f"path {i}", arr))
    return out


def plot_loss_landscape(x: Any, y: Any, *, w_range: tuple[float, float], b_range: tuple[float, float],
                        paths: Any = None, ax: Axes | None = None, resolution: int = 121,
                        levels: int = 25) -> Axes:
    """Contours of the MSE over ``(w, b)``, the least-squares optimum as a star, and paths.

    ``paths``: a History, a list of them, a dict label -> History, or (w, b) sequences.
    Contour levels are spaced logarithmically so the valley floor stays visible.
    Introduced in notebook 01.
    """
    ax = _axes(ax, (5.0, 4.0))
    ws = np.linspace(*w_range, resolution)
    bs = np.linspace(*b_range, resolution)
    grid = loss_grid(x, y, ws, bs)
    lo, hi = max(grid.min(), 1e-12), grid.max()
    ax.contour(ws, bs, grid, levels=np.geomspace(lo * 1.05, hi, levels), cmap="viridis", linewidths=0.8)
    w_star, b_star = closed_form(x, y)
    ax.plot([w_star], [b_star], marker="*", ms=14, color="gold", mec="black", ls="none",
            label=f"least squares ({w_star:.2f}, {b_star:.2f})", zorder=5)
    for label, arr in _as_paths(paths):
        ax.plot(arr[:, 0], arr[:, 1], marker="o", ms=2.5, lw=1.2, label=label)
    ax.set_xlim(w_range)
    ax.set_ylim(b_range)
    ax.set_xlabel("w (slope)")
    ax.set_ylabel("b (intercept)")
    ax.legend(loc="best", fontsize="small")
    return ax
