"""Measure what a learner sees of a figure: the pixel size of its smallest text, panels per row.

Runs inside a lesson's kernel (tests/test_figure_text.py executes this file's source there
first): ``install()`` wraps matplotlib's ``FigureCanvasBase.print_figure``, which most PNGs
go through (the inline backend's display of a figure, ``figure_png``, ``LivePlot``), and
``Text.draw``, so every text actually drawn into a PNG is measured at the dpi it is drawn
with. The widgets' pictures skip ``print_figure``: a widget draws its figure once on its Agg
canvas, then on each move restores that background, draws only what moves
(``Figure.draw_artist``) and encodes the canvas's pixels (``buffer_rgba``). So the probe also
keeps, per Agg canvas, the texts of its last full draw and those drawn on it since the last
``restore_region``, and measures them together whenever the pixels are read outside
``print_figure``: each such read is a picture shown. Nothing here imports the course.

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
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text

OUTPUT_WIDTH_PX = 900
MIN_TEXT_PX = 13.0
MAX_PANELS_PER_ROW = 3

RECORDS: list[dict[str, Any]] = []
_ACTIVE: list[dict[str, Any]] = []
_WHERE: list[Any] = [lambda: None]


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


def _texts_drawn_by(call: Any) -> list[Any]:
    """The texts drawn while ``call()`` runs (outside ``print_figure``)."""
    record: dict[str, Any] = {"drawn": []}
    _ACTIVE.append(record)
    try:
        call()
    finally:
        _ACTIVE.pop()
    return record["drawn"]


def _canvas_draw(original: Any) -> Any:
    def draw(self: FigureCanvasAgg) -> Any:
        if _ACTIVE:  # part of a print_figure: measured there
            return original(self)
        self._figure_probe = {"background": _texts_drawn_by(lambda: original(self)), "moving": []}
        return None

    draw.figure_probe = True  # type: ignore[attr-defined]
    return draw


def _restore_region(original: Any) -> Any:
    def restore_region(self: FigureCanvasAgg, *args: Any, **kwargs: Any) -> Any:
        if hasattr(self, "_figure_probe"):  # what was drawn over the background is gone
            self._figure_probe["moving"] = []
        return original(self, *args, **kwargs)

    restore_region.figure_probe = True  # type: ignore[attr-defined]
    return restore_region


def _draw_artist(original: Any) -> Any:
    def draw_artist(self: Figure, artist: Any) -> Any:
        canvas = self.canvas
        if _ACTIVE or not hasattr(canvas, "_figure_probe"):
            return original(self, artist)
        canvas._figure_probe["moving"] += _texts_drawn_by(lambda: original(self, artist))
        return None

    draw_artist.figure_probe = True  # type: ignore[attr-defined]
    return draw_artist


def _buffer_rgba(original: Any) -> Any:
    def buffer_rgba(self: FigureCanvasAgg) -> Any:
        drawn = getattr(self, "_figure_probe", None)
        if not _ACTIVE and drawn is not None:  # the pixels read for a picture, not a savefig
            record = {
                "where": _WHERE[0](),
                "drawn": drawn["background"] + drawn["moving"],
                "panels": panels_per_row(self.figure),
            }
            RECORDS.append(measure(record, self.get_width_height(physical=True)[0]))
        return original(self)

    buffer_rgba.figure_probe = True  # type: ignore[attr-defined]
    return buffer_rgba


_ORIGINAL = {
    "draw": Text.draw,
    "print_figure": FigureCanvasBase.print_figure,
    "canvas_draw": FigureCanvasAgg.draw,
    "restore_region": FigureCanvasAgg.restore_region,
    "draw_artist": Figure.draw_artist,
    "buffer_rgba": FigureCanvasAgg.buffer_rgba,
}


def install(where: Any = lambda: None) -> None:
    """Measure every PNG rendered from now on; ``where()`` names the cell (a record field)."""
    _WHERE[0] = where
    Text.draw = _text_draw(_ORIGINAL["draw"])
    FigureCanvasBase.print_figure = _print_figure(_ORIGINAL["print_figure"], where)
    FigureCanvasAgg.draw = _canvas_draw(_ORIGINAL["canvas_draw"])
    FigureCanvasAgg.restore_region = _restore_region(_ORIGINAL["restore_region"])
    Figure.draw_artist = _draw_artist(_ORIGINAL["draw_artist"])
    FigureCanvasAgg.buffer_rgba = _buffer_rgba(_ORIGINAL["buffer_rgba"])


def uninstall() -> None:
    Text.draw = _ORIGINAL["draw"]
    FigureCanvasBase.print_figure = _ORIGINAL["print_figure"]
    FigureCanvasAgg.draw = _ORIGINAL["canvas_draw"]
    FigureCanvasAgg.restore_region = _ORIGINAL["restore_region"]
    Figure.draw_artist = _ORIGINAL["draw_artist"]
    FigureCanvasAgg.buffer_rgba = _ORIGINAL["buffer_rgba"]
    _WHERE[0] = lambda: None
    RECORDS.clear()
