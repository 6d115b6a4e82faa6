"""Checkers for lesson 05, watching the model learn: the first epoch whose parameters come within
tol of the optimum, and the distance per epoch on a log scale. Both run the learner's function
on runs the notebook has not seen (one of gradient descent; for the first epoch also a zigzag
path with exact distances, one of them equal to tol)."""

from __future__ import annotations

import contextlib
import copy
import inspect
import io
import types
from collections.abc import Callable
from typing import Any

import numpy as np

from ..history import History
from ._common import close, need_callable, ok, type_and_shape
from ._feedback import CheckFailed, call_learner

__all__ = ["check_first_epoch_within", "check_plot_distance"]

# errors in a learner's function that come from misreading a History, and what to do instead
_ONE_MORE = "history.params has one entry more than history.loss (the start, then one per epoch)"
_HISTORY_FIXES = {
    "'str' and": "Each entry of history.params is a dict {'w': ..., 'b': ...}: unpacking it "
    "gives its keys 'w' and 'b'. Read the values by name: p['w'], p['b'].",
    "'dict' object has no attribute": "history.params[k] is a dict: write p['w'], not p.w.",
    "not subscriptable": "history is a History: its parameters are history.params.",
    "same first dimension": _ONE_MORE + ": the epochs are 0, 1, ..., E.",
}
_ZIGZAG = [(6, 8), (-3, 4), (1.5, 2), (-3, 4), (6, -8), (-3, 4), (0.75, 1), (-3, 4), (1.5, -2)]
_ZIGZAG += [(-0.75, 1), (0.375, 0.5)]  # distances 10, 5, 2.5, 5, 10, 5, 1.25, 5, 2.5, 1.25, 0.625


def _gd_run() -> tuple[History, float, float]:
    """A full-batch gradient-descent run the notebook has not seen, and its optimum."""
    from ..gradients import closed_form, gradient_descent
    from ._common import line_data

    x, y = line_data(30, 11)
    w_star, b_star = closed_form(x, y)
    return gradient_descent(x, y, lr=0.025, epochs=150), w_star, b_star


def _zigzag_run() -> tuple[History, float, float]:
    """A path around (2, 1) that comes within 2.5, leaves, and comes back; exact distances."""
    params = [{"w": 2.0 + dw, "b": 1.0 + db} for dw, db in _ZIGZAG]
    loss = [1.5 + dw**2 + db**2 for dw, db in _ZIGZAG[:-1]]
    return History(loss=loss, params=params, label="a zigzag path"), 2.0, 1.0


def _offsets(history: History, w_star: float, b_star: float) -> np.ndarray:
    return np.array([(p["w"] - w_star, p["b"] - b_star) for p in history.params], dtype=float)


def _first(hits: np.ndarray) -> int | None:
    found = np.flatnonzero(hits)
    return int(found[0]) if found.size else None


def _name(fn: Callable[..., Any]) -> str:
    return getattr(fn, "__name__", "your function")


def _global_hint(fn: Callable[..., Any]) -> str | None:
    """A hint when ``fn`` reads one of the notebook's History objects instead of its argument."""
    code, found = getattr(fn, "__code__", None), set()
    stack = [code] if code is not None else []
    while stack:
        c = stack.pop()
        found |= set(c.co_names)
        stack += [k for k in c.co_consts if isinstance(k, types.CodeType)]
    scope = getattr(fn, "__globals__", {})
    names = sorted(n for n in found if isinstance(scope.get(n), History))
    if not names:
        return None
    arg = "history"
    with contextlib.suppress(TypeError, ValueError):
        arg = next(iter(inspect.signature(fn).parameters), arg)
    return (
        f"{_name(fn)} reads the notebook's `{names[0]}` instead of its argument `{arg}`: use "
        "the run it is given (the check passes runs of its own)."
    )


def _call(fn: Callable[..., Any], *args: Any, last: str) -> tuple[Any, str]:
    """Call the learner's function (``args``: a history, w_star, b_star and ``last``): its
    result and what it printed. A history it changes in place is a mistake."""
    history = args[0]
    before = (copy.deepcopy(history.params), list(history.loss))
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            got = call_learner(fn, *args)
    except CheckFailed as exc:
        text = str(exc)
        fix = next((f for phrase, f in _HISTORY_FIXES.items() if phrase in text), "")
        if "positional argument" in text:
            fix = f"The check calls {_name(fn)}(history, w_star, b_star, {last})."
        raise CheckFailed(text + (f"\n{fix}" if fix else "")) from None
    if (history.params, history.loss) != before:
        raise CheckFailed(
            f"{_name(fn)} changed the history it was given (history.params differs after the "
            "call): compute the differences in new variables, leave history.params as it is."
        )
    return got, out.getvalue()


# ------------------------------------------------------------------ exercise 1: the first epoch


def _as_epoch(value: Any, name: str) -> int:
    """The learner's epoch as an int, or a hint saying what they returned instead."""
    if hasattr(value, "detach"):
        value = value.detach().cpu().numpy()
    if isinstance(value, np.ndarray) and value.size == 1:
        value = value.reshape(()).item()
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.number)):
        guess = " (the parameters params[k]?)" if isinstance(value, dict) else ""
        raise CheckFailed(
            f"{name} returned {type_and_shape(value)}{guess}: return the epoch k, the index into "
            "history.params, one whole number (or None when the run never gets within tol)."
        )
    if not float(value).is_integer():
        raise CheckFailed(f"{name} returned {value}: an epoch is a whole number k.")
    return int(value)


def _epoch_mistakes(dist: np.ndarray, dw: np.ndarray, tol: float, truth: int | None, name: str):
    """(wrong answer, hint) pairs for one case, most common first."""
    below = dist < tol
    inside, outside = np.flatnonzero(below), np.flatnonzero(~below)
    stays = (int(outside[-1]) + 1 if outside.size else 0) if below[-1] else None
    off = (
        "Off by one: params[0] is the start (epoch 0) and params[k] the parameters after "
        "epoch k, so the epoch is the index into history.params."
    )
    if truth == 0:
        off += " Here params[0] is already within tol: the answer is 0."
    return [
        (None if truth is None else truth + 1, off),
        (None if truth is None else truth - 1, off),
        (
            _first(dist <= tol),
            f"That epoch's distance is exactly tol ({tol:g}), and the task asks for strictly "
            "less than tol.",
        ),
        (
            int(inside[-1]) if inside.size else None,
            f"{name} returned the last epoch within tol; the task asks for the first one.",
        ),
        (
            int(np.sum(~below)),
            f"{name} counted the epochs outside tol. That equals the first epoch within only "
            "on a path that never moves away again; this one zigzags.",
        ),
        (
            stays,
            f"{name} returned the epoch from which the path stays within tol; the task asks for "
            "the first epoch within tol, even if the path leaves again later.",
        ),
        (
            _first(dist**2 < tol),
            f"{name} compared the squared distance with tol (the two agree at tol=1, not "
            "below): compare the distance itself.",
        ),
        (
            _first(np.abs(dw) < tol),
            f"{name} measured the distance in w only; the task's distance is in the (w, b) "
            "plane and uses both parameters.",
        ),
        (
            _first(dist > tol),
            f"{name} returned the first epoch farther than tol: the comparison is the wrong "
            "way round.",
        ),
    ]


def _none_hint(dist: np.ndarray, tol: float, got: int | None, printed: str, name: str) -> str:
    """The hint when the answer or the truth is None (the run never gets within tol)."""
    e = len(dist) - 1
    if got is None and printed.strip():
        return f"{name} printed the epoch but returned None: return it instead of printing."
    if got is not None:
        hint = f"This run never gets within tol: return None then, not {got}."
        return hint + (" (np.argmax of an all-False array is 0 too.)" if got == 0 else "")
    if _first(dist < tol) == e:
        return (
            f"{name} returned None, but params[{e}], the parameters after the last epoch, is "
            f"within tol: {_ONE_MORE}."
        )
    return (
        f"{name} returned None, but the run does get within tol: check the distance of every "
        "params[k] against tol, starting with params[0]."
    )


def check_first_epoch_within(fn: Callable[..., Any]) -> None:
    """``fn(history, w_star, b_star, tol)``: the first epoch k with params[k] within ``tol`` of the
    optimum (Euclidean distance in (w, b)), or None. Introduced in notebook 05.
    """
    need_callable(fn, "check_first_epoch_within(first_epoch_within)")
    name = _name(fn)
    gd, zigzag = _gd_run(), _zigzag_run()
    distances = ", ".join(f"{d:g}" for d in np.hypot(*_offsets(*zigzag).T))
    cases = [(gd, tol, "") for tol in (1.0, 0.5, 3.0, 0.21, 0.1)]
    cases.append((zigzag, 2.5, f" on a zigzag path with distances {distances}"))
    for (history, w_star, b_star), tol, where in cases:
        delta = _offsets(history, w_star, b_star)
        dist = np.hypot(delta[:, 0], delta[:, 1])
        truth = _first(dist < tol)
        got, printed = _call(fn, copy.deepcopy(history), w_star, b_star, tol, last="tol")
        got = None if got is None else _as_epoch(got, name)
        if got == truth:
            continue
        detail = f" (tol={tol:g}{where}: {name} returned {got}, expected {truth})"
        hint = _global_hint(fn)
        if hint is None and (got is None or truth is None):
            hint = _none_hint(dist, tol, got, printed, name)
        elif hint is None:
            mistakes = _epoch_mistakes(dist, delta[:, 0], tol, truth, name)
            hint = next((h for wrong, h in mistakes if wrong == got), None) or (
                "Not the first epoch within tol: check how the distance of params[k] to "
                "(w_star, b_star) is computed, and the comparison with tol."
            )
        raise CheckFailed(hint + detail)
    ok("the first k with distance(params[k], optimum) < tol, or None when it never gets there.")


# ------------------------------------------------------------------ exercise 2: the plot


def _series(ax: Any) -> list[tuple[np.ndarray, np.ndarray]]:
    """(x, y) of every line and scatter drawn on ``ax``."""
    found = [
        (np.asarray(ln.get_xdata(), float), np.asarray(ln.get_ydata(), float))
        for ln in ax.get_lines()
    ]
    for c in ax.collections:
        xy = np.asarray(c.get_offsets(), float)
        if xy.ndim == 2 and xy.shape[1] == 2 and len(xy):
            found.append((xy[:, 0], xy[:, 1]))
    return found


def _plot_verdict(fn: Callable[..., Any], ax: Any, returned: Any, run: tuple, made: bool) -> None:
    """Raise the hint for what is wrong with the plot on ``ax``; return when it is right."""
    name, (history, w_star, b_star) = _name(fn), run
    delta = _offsets(history, w_star, b_star)
    dist, e = np.hypot(delta[:, 0], delta[:, 1]), len(history.params) - 1
    series = _series(ax)
    if not series:
        raise CheckFailed(
            f"{name} made a figure of its own (plt.figure or plt.subplots inside it) and drew "
            "there; the ax it was given stayed empty. Draw on that ax."
            if made
            else f"Nothing was drawn on the ax passed to {name}: draw on it with ax.plot(...)."
        )
    match = [(xd, yd) for xd, yd in series if close(yd, dist)]
    if not match:
        if (hint := _global_hint(fn)) is not None:
            raise CheckFailed(hint)
        with np.errstate(divide="ignore"):
            log_hint = (
                f"{name} plotted the logarithm of the distance on a linear axis: plot the "
                "distance itself on a logarithmic y axis, so the ticks read as distances."
            )
            wrongs = [
                (dist**2, f"{name} plotted the squared distance: the task asks for the distance."),
                (np.log(dist), log_hint),
                (np.log10(dist), log_hint),
                (np.array(history.loss), f"{name} plotted history.loss, not the distance."),
                (np.abs(delta[:, 0]), f"{name} plotted the distance in w only; use w and b."),
                (
                    np.hypot(*_offsets(history, 0.0, 0.0).T),
                    f"{name} measured the distance to (0, 0), not to (w_star, b_star).",
                ),
                (dist[1:], f"{name}'s line starts after epoch 1: params[0] (epoch 0) is missing."),
                (
                    dist[:-1],
                    f"{name}'s line stops at epoch {e - 1}: {_ONE_MORE}.",
                ),
            ]
        for wrong, hint in wrongs:
            if any(close(yd, wrong) for _, yd in series):
                raise CheckFailed(hint)
        raise CheckFailed(
            f"No line on ax shows the distance of history.params[k] to (w_star, b_star) for "
            f"k = 0, ..., {e} ({e + 1} points; {name} drew {[len(yd) for _, yd in series]})."
        )
    xd = match[0][0]
    if not close(xd, np.arange(e + 1)):
        raise CheckFailed(
            f"The x values of {name}'s line are not the epochs 0, 1, ..., {e}: params[0] is "
            "the start (epoch 0)"
            + (", so do not start at 1." if close(xd, np.arange(1, e + 2)) else ".")
        )
    if ax.get_yscale() != "log":
        raise CheckFailed(
            f"{name} leaves the y axis {ax.get_yscale()}: the distance shrinks by a constant "
            "factor per epoch, a straight line on a log scale; on a linear one the later "
            "progress is invisible. Make the y axis logarithmic (ax.set_yscale('log'))."
        )
    if ax.get_xscale() != "linear":
        raise CheckFailed(
            f"Only the y axis should be logarithmic: on {name}'s log x axis epoch 0 vanishes "
            "and the straight line bends. Keep the x axis linear."
        )
    if returned is not ax:
        raise CheckFailed(
            f"{name} draws the right line but returns "
            f"{'None' if returned is None else type_and_shape(returned)}: "
            "return the ax it was given, as the task asks."
        )


def check_plot_distance(fn: Callable[..., Any]) -> None:
    """``fn(history, w_star, b_star, ax)`` draws the distance to the optimum per epoch on a log
    scale on ``ax`` and returns ``ax``. Introduced in notebook 05.
    """
    import matplotlib.pyplot as plt
    from matplotlib.figure import Figure

    need_callable(fn, "check_plot_distance(plot_distance)")
    before = set(plt.get_fignums())
    tip = ""
    try:
        # as in the exercise cell: ax is pyplot's current Axes (closed before anything shows)
        run, fig = _gd_run(), plt.figure()
        ax = fig.add_subplot()
        returned = _call(fn, copy.deepcopy(run[0]), *run[1:], ax, last="ax")[0]
        made = bool(set(plt.get_fignums()) - before - {fig.number})
        _plot_verdict(fn, ax, returned, run, made)
        other = Figure().add_subplot()  # not pyplot's current Axes: does it still work there?
        try:
            again = _call(fn, copy.deepcopy(run[0]), *run[1:], other, last="ax")[0]
            _plot_verdict(fn, other, again, run, False)
        except CheckFailed:
            tip = (
                " (Tip: plt.plot and plt.yscale draw on pyplot's current Axes, which is ax "
                "here; ax.plot and ax.set_yscale work on any ax, one panel of several too.)"
            )
    finally:
        for number in set(plt.get_fignums()) - before:
            plt.close(number)
    ok("the distance falls as a straight line on a log scale: a constant factor per epoch." + tip)
