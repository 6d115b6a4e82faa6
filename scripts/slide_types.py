"""Which slide each cell of a lesson starts: the `slideshow` cell metadata the build writes.

JupyterLab (and `jupyter nbconvert --to slides`, scripts/make_slides.py) read a cell's
`"slideshow": {"slide_type": ...}`: "slide" starts a slide, "subslide" a slide below it
(reveal.js: down arrow), "-" continues the current one, "skip" leaves the cell out. The
build (scripts/build_notebooks.py) derives them from the lesson's structure, so no author
tags cells by hand:

- the generated note and the Colab set-up cell: "skip" (they are for the notebook);
- a markdown cell that opens with a `#` or `##` heading: "slide" (the title slide, and one
  slide per section, "## Exercises" included);
- a markdown cell that opens with a `###` heading (an exercise, a subsection): "subslide";
- other markdown: "subslide" when a code cell came before it on the current slide (so a
  slide is some text and the code it explains), "-" otherwise;
- a code cell longer than `LONG_CELL` lines, one after another code cell, or one after more
  than `LONG_TEXT` lines of markdown on its slide (`FIGURE_TEXT` for a cell that draws a
  figure: its source matches `FIGURE`): "subslide" (one code cell per slide, so
  code, output and figure fit; a slide that is still too tall scrolls, see make_slides.py);
- a solution cell (tag "solution"), and the code cells after it up to the next heading (the
  exercise's check, whose "Correct: ..." states the answer, and an experiment): "skip", so
  an exercise is one slide with its task; the projector copy (scripts/make_projector.py) is
  where a solution is revealed.

A markdown cell often ends one section and opens the next (its `## 3. ...` heading is not its
first line). The slides split such a cell at each heading line (`split_at_headings`, used
by scripts/make_slides.py, outside code fences): the cell's slide type is its first part's,
each later part starts a slide ("slide" for `#`/`##`, "subslide" for `###`), and the cells
after it are typed as on that new slide. The notebook keeps the cell whole.

A cell of the source that sets `slideshow` itself keeps it (explicit wins), e.g.
`# %% [markdown] slideshow={"slide_type": "fragment"}` in notebooks/src/NN_name.py.
"""

from __future__ import annotations

import re

SOLUTION_TAG = "solution"  # an exercise's answer (make_student: a stub; make_projector: collapsed)
CHECK_TAG = "check"  # a cell that only guards stored outputs (scripts/build_notebooks.py)
LONG_CELL = 18  # lines of code that still fit on a slide with their output
LONG_TEXT = 10  # lines of markdown that leave room for a code cell below them
FIGURE_TEXT = 4  # ... for a code cell and its figure
FIGURE = re.compile(r"\bplt\.|\bfig\b|\bplot_\w+\(")
SLIDE, SUBSLIDE, CONTINUE, SKIP = "slide", "subslide", "-", "skip"


def heading_level(source: str) -> int:
    """1 for "# x", 2 for "## x", ...; 0 when the first line is not a heading."""
    first = source.lstrip("\n").split("\n", 1)[0]
    level = len(first) - len(first.lstrip("#"))
    return level if level and first[level : level + 1] == " " else 0


def split_at_headings(source: str) -> list[str]:
    """A markdown cell's text cut before each heading line after its first line (not inside a
    ``` code fence): one part per slide it spans."""
    parts: list[list[str]] = [[]]
    fenced = False
    for line in source.split("\n"):
        if line.lstrip().startswith("```"):
            fenced = not fenced
        if not fenced and heading_level(line) and any(x.strip() for x in parts[-1]):
            parts.append([])
        parts[-1].append(line)
    return ["\n".join(part).strip("\n") for part in parts]


def part_type(part: str) -> str:
    """The slide type of a later part of a split cell (it opens with a heading)."""
    return SLIDE if heading_level(part) in (1, 2) else SUBSLIDE


def slide_types(cells: list[dict], *, skip_first: int = 0) -> list[str]:
    """The slide type of each cell ({"type", "source", "tags", ...} as the build's parse
    gives them, optionally with "slideshow"); the first ``skip_first`` cells are generated
    and skipped."""
    types: list[str] = []
    code_on_slide, text_lines, solved = False, 0, False
    for i, cell in enumerate(cells):
        if i < skip_first:
            kind = SKIP
        elif cell["type"] == "markdown":
            level = heading_level(cell["source"])
            solved = solved and not level
            if level in (1, 2):
                kind = SLIDE
            elif level or code_on_slide:
                kind = SUBSLIDE
            else:
                kind = CONTINUE
        elif cell["type"] == "code" and (solved or SOLUTION_TAG in cell.get("tags", [])):
            kind, solved = SKIP, True
        elif cell["type"] == "code" and CHECK_TAG in cell.get("tags", []):
            kind = SKIP  # guards the stored outputs: hidden in the notebook, not a slide
        elif cell["type"] == "code":
            long = cell["source"].count("\n") + 1 > LONG_CELL
            room = FIGURE_TEXT if FIGURE.search(cell["source"]) else LONG_TEXT
            kind = SUBSLIDE if long or code_on_slide or text_lines > room else CONTINUE
        else:
            kind = CONTINUE
        explicit = (cell.get("slideshow") or {}).get("slide_type")
        kind = explicit or kind
        if kind in (SLIDE, SUBSLIDE):
            code_on_slide, text_lines = False, 0
        if cell["type"] == "markdown" and kind != SKIP:
            parts = split_at_headings(cell["source"])
            if len(parts) > 1:  # the cell's last part opened a new slide
                code_on_slide, text_lines, solved = False, 0, False
            text_lines += parts[-1].count("\n") + 1
        if cell["type"] == "code" and kind != SKIP:
            code_on_slide = True
        types.append(kind)
    return types
