"""Build notebooks/NN_name.ipynb from its source notebooks/src/NN_name.py.

The source is a plain Python file in the "percent" format (as jupytext writes it):

    # %% [markdown]
    # # Title
    # Text ...

    # %% tags=["solution"]
    x = 1

A cell runs from its `# %%` line to the next one. Markdown lines drop their leading "# ".
A lesson's exercises live in notebooks/src/_exercises/NN_name.py (same format) and are
appended to the lesson, so the checker tests can also run them on their own.
`build` only rewrites cell sources (outputs are cleared when a cell's source changed); run
`make notebooks` to build and then execute, so stored outputs always come from a real run.

Usage: python scripts/build_notebooks.py [--check] [notebooks/src/NN_name.py ...]
  --check   exit 1 if any .ipynb's cells differ from its source (used by the tests)
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "notebooks" / "src"
HEADER = re.compile(r"^# %%(?P<md> \[markdown\])?(?: tags=(?P<tags>\[.*\]))?\s*$")
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def parse(text: str) -> list[dict]:
    """Return [{"type": "code"|"markdown", "source": str, "tags": [...]}, ...]."""
    cells: list[dict] = []
    current = None
    for lineno, line in enumerate(text.splitlines(), 1):
        m = HEADER.match(line)
        if m:
            current = {"type": "markdown" if m.group("md") else "code", "lines": [],
                       "tags": json.loads(m.group("tags")) if m.group("tags") else []}
            cells.append(current)
            continue
        if current is None:
            if line.strip():
                raise ValueError(f"line {lineno}: text before the first '# %%' cell marker")
            continue
        if current["type"] == "markdown":
            if line.strip() and not (line == "#" or line.startswith("# ")):
                raise ValueError(f"line {lineno}: markdown lines must start with '# ': {line!r}")
            line = line[2:]
        current["lines"].append(line)
    out = []
    for c in cells:
        lines = c["lines"]
        while lines and not lines[-1].strip():
            lines.pop()
        while lines and not lines[0].strip():
            lines.pop(0)
        out.append({"type": c["type"], "source": "\n".join(lines), "tags": c["tags"]})
    return out


def source_text(src: Path) -> str:
    """The lesson's cells followed by its exercises' cells, if it has any."""
    text = src.read_text()
    exercises = src.parent / "_exercises" / src.name
    return text + "\n\n" + exercises.read_text() if exercises.exists() else text


def target_of(src: Path) -> Path:
    return src.parent.parent / (src.stem + ".ipynb")


def build(src: Path) -> bool:
    """Write the notebook's cells from the source; keep outputs of unchanged code cells.

    Returns True when the notebook changed."""
    cells = parse(source_text(src))
    target = target_of(src)
    old = nbformat.read(target, as_version=4) if target.exists() else nbformat.v4.new_notebook()
    old_outputs = {(c.source, c.cell_type): c for c in old.cells if c.cell_type == "code"}
    nb = nbformat.v4.new_notebook()
    nb.nbformat_minor = 4  # no random cell ids: a rebuild with no change is no diff
    nb.metadata = {"kernelspec": KERNELSPEC, "language_info": {"name": "python"}}
    for c in cells:
        if c["type"] == "markdown":
            cell = nbformat.v4.new_markdown_cell(c["source"])
        else:
            prev = old_outputs.get((c["source"], "code"))
            cell = nbformat.v4.new_code_cell(c["source"])
            if prev is not None:
                cell.outputs, cell.execution_count = prev.outputs, prev.execution_count
        if c["tags"]:
            cell.metadata["tags"] = c["tags"]
        cell.pop("id", None)
        nb.cells.append(cell)
    changed = not target.exists() or [(c.cell_type, c.source, c.metadata.get("tags", [])) for c in old.cells] != [
        (c.cell_type, c.source, c.metadata.get("tags", [])) for c in nb.cells]
    if changed:
        nbformat.write(nb, target)
    return changed


def out_of_date(src: Path) -> list[str]:
    target = target_of(src)
    if not target.exists():
        return [f"{target.name} is missing"]
    nb = nbformat.read(target, as_version=4)
    want = [(c["type"], c["source"], c["tags"]) for c in parse(source_text(src))]
    have = [(c.cell_type, c.source, c.metadata.get("tags", [])) for c in nb.cells]
    if want == have:
        return []
    for i, (w, h) in enumerate(zip(want, have)):
        if w != h:
            return [f"{target.name}: cell {i} differs from {src.name}"]
    return [f"{target.name}: {len(have)} cells, {src.name} has {len(want)}"]


def main(argv: list[str]) -> int:
    check = "--check" in argv
    # accept notebooks/NN.ipynb as well as notebooks/src/NN.py
    paths = [SRC / (Path(a).stem + ".py") for a in argv if a != "--check"] or sorted(SRC.glob("[0-9]*.py"))
    if check:
        problems = [p for src in paths for p in out_of_date(src)]
        for p in problems:
            print(p)
        return 1 if problems else 0
    for src in paths:
        print(f"{target_of(src).relative_to(ROOT)}: {'rebuilt' if build(src) else 'unchanged'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
