"""Measure what a learner sees of a figure: the pixel size of its smallest text, panels per row.

Runs inside a lesson's kernel (tests/test_figure_text.py executes this file's source there
first): ``install()`` wraps matplotlib's ``FigureCanvasBase.print_figure``, which every PNG
goes through (the inline backend's display of a figure, ``figure_png`` of the widgets and
``LivePlot``), and ``Text.draw``, so every text actually drawn into a PNG is measured at the
dpi it is drawn with. Nothing here imports the course.

The rule (the course's figure style, course_utils/style.py): a text of ``s`` points drawn at
``dpi`` is ``s * dpi / 72`` px; an image wider than the ~900 px output area is shown scaled
down by ``900 / width``, and so is its text.
"""

from __future__ import annotations

import io
import struct
from typing import Any

from matplotlib.axes import Axes
from matplotlib.backend_bases import FigureCanvasBase
from matplotlib.text import Text

OUTPUT_WIDTH_PX = 900
MIN_TEXT_PX = 13.0
MAX_PANELS_PER_ROW = 3

RECORDS: list[dict[str, Any]] = []
_ACTIVE: list[dict[str, Any]] = []


def _png_width(data: bytes) -> int | None:
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    return struct.unpack(">I", data[16:20])[0]


def panels_per_row(fig: Any) -> int:
    """The most visible Axes side by side in one row, colorbars and twin axes not counted."""
    boxes = set()
    for ax in fig.findobj(Axes):
        if not ax.get_visible() or hasattr(ax, "_colorbar"):
            continue
        pos = ax.get_position()
        boxes.add((round(pos.x0, 3), round(pos.y0, 3), round(pos.x1, 3), round(pos.y1, 3)))
    most = 0
    for _, y0, _, y1 in boxes:
        centre = (y0 + y1) / 2
        most = max(most, sum(int(b[1] < centre < b[3]) for b in boxes))
    return most


def measure(record: dict[str, Any], width_px: int | None) -> dict[str, Any]:
    """Turn the raw sizes drawn into what the learner sees: scaled to the output area."""
    scale = min(1.0, OUTPUT_WIDTH_PX / width_px) if width_px else 1.0
    sizes = [(px * scale, text) for px, text in record.pop("drawn")]
    smallest = min(sizes, default=(float("inf"), ""))
    record.update(width_px=width_px, min_px=smallest[0], min_text=smallest[1], scale=scale)
    return record


def _text_draw(original: Any) -> Any:
    def draw(self: Text, renderer: Any) -> Any:
        if _ACTIVE and self.get_visible() and self.get_text().strip():
            px = self.get_fontsize() * renderer.dpi / 72
            _ACTIVE[-1]["drawn"].append((px, self.get_text()[:40]))
        return original(self, renderer)

    draw.figure_probe = True  # type: ignore[attr-defined]
    return draw


def _print_figure(original: Any, where: Any) -> Any:
    def print_figure(self: FigureCanvasBase, filename: Any, *args: Any, **kwargs: Any) -> Any:
        record: dict[str, Any] = {"where": where(), "drawn": []}
        _ACTIVE.append(record)
        try:
            result = original(self, filename, *args, **kwargs)
        finally:
            _ACTIVE.pop()
        data = filename.getvalue() if isinstance(filename, io.BytesIO) else b""
        width = _png_width(data)
        if width is not None:  # a PNG: what the notebook shows
            record["panels"] = panels_per_row(self.figure)
            RECORDS.append(measure(record, width))
        return result

    print_figure.figure_probe = True  # type: ignore[attr-defined]
    return print_figure


_ORIGINAL = {"draw": Text.draw, "print_figure": FigureCanvasBase.print_figure}


def install(where: Any = lambda: None) -> None:
    """Measure every PNG rendered from now on; ``where()`` names the cell (a record field)."""
    Text.draw = _text_draw(_ORIGINAL["draw"])
    FigureCanvasBase.print_figure = _print_figure(_ORIGINAL["print_figure"], where)


def uninstall() -> None:
    Text.draw = _ORIGINAL["draw"]
    FigureCanvasBase.print_figure = _ORIGINAL["print_figure"]
    RECORDS.clear()
