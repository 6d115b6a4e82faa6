"""Write the slides of each lesson, slides/NN_name.slides.html, from its notebook.

The slides are the instructor notebook (notebooks/NN_name.ipynb, outputs included) as a
reveal.js presentation, made by nbconvert (`jupyter nbconvert --to slides`) with the
course's template scripts/slides_template/course.html.j2. Which cell starts a slide is the
notebook's `slideshow` cell metadata, written by the build from the lesson's structure
(scripts/slide_types.py): each `#`/`##` heading a slide, each exercise a slide below it,
one code cell per slide, solutions left out. A markdown cell that opens a section after
its first line is split there (slide_types.split_at_headings). A slide taller than the
screen scrolls.

Offline: a slides file loads nothing from the network. reveal.js 4.6.1 and MathJax 3.2.2
are vendored in slides/vendor/ (their licences and origin in slides/vendor/README.md) and
the template loads them by relative path, so slides/ is a folder that presents from disk
(file://) or a USB stick with no server, kernel or network. The HTML files are not committed
(.gitignore): they are a view of the committed notebooks, rebuilt in seconds.

Usage: python -m scripts.make_slides [--out DIR] [notebooks/NN_name.ipynb ...]
  --out DIR write to DIR instead of slides/ (it needs DIR/vendor: the copy is made)
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

if __name__ == "__main__" and not __package__:
    sys.exit("run it from the repository root as a module: python -m scripts.make_slides")

import nbformat  # noqa: E402

from scripts import make_student, slide_types  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
SLIDES = ROOT / "slides"
VENDOR = SLIDES / "vendor"
TEMPLATE_DIR = Path(__file__).resolve().parent / "slides_template"
TEMPLATE = "course.html.j2"
REVEAL_PREFIX = "vendor/reveal.js"  # relative to the slides file: works from file://


def exporter():
    """nbconvert's slides exporter, set up for the course's template and vendored assets."""
    from nbconvert import SlidesExporter

    return SlidesExporter(
        extra_template_paths=[str(TEMPLATE_DIR)],
        template_file=TEMPLATE,
        reveal_url_prefix=REVEAL_PREFIX,
        reveal_theme="white",
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )


def split_sections(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """``nb`` (changed in place) with each markdown cell cut at its later headings, each
    later part a cell that starts a slide (scripts/slide_types.py)."""
    cells = []
    for cell in nb.cells:
        parts = slide_types.split_at_headings(cell.source) if cell.cell_type == "markdown" else []
        if len(parts) < 2 or cell.metadata.get("slideshow", {}).get("slide_type") == "skip":
            cells.append(cell)
            continue
        cell.source = parts[0]
        cells.append(cell)
        for part in parts[1:]:
            new = nbformat.v4.new_markdown_cell(part)
            new.metadata["slideshow"] = {"slide_type": slide_types.part_type(part)}
            cells.append(new)
    nb.cells = cells
    return nb


def slides_html(notebook: Path) -> str:
    """The slides of one notebook, as the text of an HTML file."""
    nb = split_sections(nbformat.read(notebook, as_version=4))
    nb.metadata.pop("widgets", None)  # a saved widget state would load the widget manager
    body, _ = exporter().from_notebook_node(nb, resources={"metadata": {"name": notebook.stem}})
    return body


def target_of(notebook: Path, out: Path = SLIDES) -> Path:
    return out / f"{notebook.stem}.slides.html"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=SLIDES)
    parser.add_argument("notebooks", nargs="*", type=Path)
    args = parser.parse_args(argv)
    notebooks = [
        NOTEBOOKS / (p.stem + ".ipynb") for p in args.notebooks
    ] or make_student.instructor_notebooks()
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    if out != SLIDES.resolve():
        shutil.copytree(VENDOR, out / "vendor", dirs_exist_ok=True)
    for notebook in notebooks:
        target = target_of(notebook, out)
        target.write_text(slides_html(notebook), encoding="utf-8")
        print(f"{target}: written")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
