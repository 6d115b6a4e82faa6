"""How the course's scripts write notebook files and join a cell's printed output.

- `write` / `render`: every notebook the scripts write (notebooks/*.ipynb by the build and
  the execute scripts, student/*.ipynb by make_student) goes through `normalize`, so the same
  content is the same bytes: nbformat 4.4 (no random cell ids), no per-cell execution
  metadata, no saved widget state, the course's kernelspec. A rerun with no change is no diff.
- `coalesce_streams`: the one function that joins stream outputs, in the two ways the course
  needs (what `make execute` stores, what nbval compares).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import nbformat

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def normalize(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Make ``nb`` (in place, and return it) what the course stores."""
    nb.nbformat, nb.nbformat_minor = 4, 4  # no random cell ids: a rebuild with no change is no diff
    nb.metadata.pop(
        "widgets", None
    )  # saved widget views (~100 KB each); a live kernel redraws them
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    for cell in nb.cells:
        cell.pop("id", None)
        cell.metadata.pop("execution", None)  # timings
    return nb


def render(nb: nbformat.NotebookNode) -> str:
    """The text of the file `write` writes (normalizes ``nb`` in place)."""
    return nbformat.writes(normalize(nb)) + "\n"  # what nbformat.write puts in a file


def write(nb: nbformat.NotebookNode, path: Path) -> None:
    Path(path).write_text(render(nb), encoding="utf-8")


_CARRIAGE_RETURN = re.compile(r"^.*\r(?=[^\n])", re.MULTILINE)
_BACKSPACE = re.compile("[^\n]\b")  # a backspace character (as nbval), not a word boundary


def coalesce_streams(outputs: list[Any], *, like: str = "jupyterlab") -> list[Any]:
    """Join a cell's stream outputs; returns new output objects (the input is not changed).

    like="jupyterlab" (what `make execute` stores): consecutive stdout (or stderr) outputs
    become one, as JupyterLab shows them. How a cell's prints are split depends on when the
    kernel flushed, i.e. on the machine's speed; joined, the stored notebook differs only
    where the printed text does.
    like="nbval" (what nbval 0.11 compares, its coalesce_streams): every output of a stream
    joins the first one of that name, wherever it is, then backspaces and carriage returns
    are applied to the joined text.
    """
    if like not in ("jupyterlab", "nbval"):
        raise ValueError(f"like must be 'jupyterlab' or 'nbval', not {like!r}")
    merged: list[Any] = []
    streams: dict[str, Any] = {}  # like="nbval": stream name -> its joined output
    for out in outputs:
        out = type(out)(out) if isinstance(out, dict) else dict(out)  # a copy of the same kind
        if out.get("output_type") == "stream":
            text = "".join(out["text"]) if isinstance(out["text"], list) else out["text"]
            if like == "nbval":
                into = streams.get(out["name"])
            else:
                prev = merged[-1] if merged else None
                into = (
                    prev
                    if (
                        prev is not None
                        and prev.get("output_type") == "stream"
                        and prev["name"] == out["name"]
                    )
                    else None
                )
            if into is not None:
                into["text"] += text
                continue
            out["text"] = text
            streams.setdefault(out["name"], out)
        merged.append(out)
    if like == "nbval":
        for out in streams.values():
            old = None
            while old is None or len(out["text"]) < len(old):
                old = out["text"]
                out["text"] = _BACKSPACE.sub("", out["text"])
            out["text"] = _CARRIAGE_RETURN.sub("", out["text"])
    return merged
