"""Which values an ipywidgets control can show: the check behind ``FigureExplorer.snapshot``."""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np

from ._validate import describe


def option_pairs(control: Any) -> list[tuple[str, Any]]:
    """A selection control's options as (label, value) pairs; [] for any other control."""
    options = getattr(control, "options", None) or ()
    return [o if isinstance(o, tuple) else (str(o), o) for o in options]


def control_value(control: Any, value: Any) -> Any:
    """``value`` if an ipywidgets ``control`` can show it (a selection: the option's own
    value), else a clear error. Checked: selections, numeric sliders (a log slider's range
    is base**min to base**max) and checkboxes; other controls take what they are given."""
    pairs = option_pairs(control)
    if pairs:
        for _, option_value in pairs:
            if isinstance(value, bool) != isinstance(option_value, bool):
                continue  # True is not the option 1
            try:
                if option_value == value:
                    return option_value
            except (TypeError, ValueError):  # e.g. an array: never one of the options
                break
        labels = ", ".join(label for label, _ in pairs)
        raise ValueError(
            f"value must be one of the slider's values ({labels}), got {describe(value)}"
        )
    now = control.value
    if isinstance(now, bool):
        if not isinstance(value, (bool, np.bool_)):
            raise TypeError(f"value must be True or False, got {describe(value)}")
        return bool(value)
    if not isinstance(now, (int, float)):
        return value  # a range slider, a text box...: the control's own traits decide
    low, high = getattr(control, "min", None), getattr(control, "max", None)
    base = getattr(control, "base", None)
    if base is not None and low is not None and high is not None:  # FloatLogSlider: exponents
        low, high = base**low, base**high
    whole = isinstance(now, int)
    kind = (numbers.Integral,) if whole else (numbers.Real,)
    if not isinstance(value, kind) or isinstance(value, (bool, np.bool_)):
        raise TypeError(
            f"value must be {'a whole number' if whole else 'a number'} the slider can "
            f"show, between {low:g} and {high:g}, got {describe(value)}"
            if low is not None and high is not None
            else f"value must be {'a whole number' if whole else 'a number'}, got {describe(value)}"
        )
    if low is not None and high is not None and not low <= value <= high:
        raise ValueError(
            f"value must be between {low:g} and {high:g} (the slider's range), got {value!r}"
        )
    return int(value) if whole else float(value)
