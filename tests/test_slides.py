"""Slides: the build writes each cell's slide type from the lesson's structure, and
scripts/make_slides.py turns a notebook into reveal.js slides that load nothing from the
network. The browser test (tests/test_browser.py) opens the slides in Chromium.
"""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest

from scripts import build_notebooks, make_slides, slide_types

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))
TYPES = {"slide", "subslide", "fragment", "-", "skip", "notes"}


def cell(kind: str, source: str, tags=(), slideshow=None) -> dict:
    c = {"type": kind, "source": source, "tags": list(tags)}
    if slideshow:
        c["slideshow"] = slideshow
    return c


def test_slide_types_follow_the_lesson_structure():
    long_code = "\n".join(f"x{i} = {i}" for i in range(slide_types.LONG_CELL + 1))
    cells = [
        cell("markdown", "*generated note*"),
        cell("code", "# colab set-up"),
        cell("markdown", "# 09 · Title\n\nIntro."),
        cell("code", "import numpy as np"),
        cell("code", "print(np.pi)"),  # a second code cell: a slide of its own
        cell("markdown", "More text."),  # after code: a new sub-slide
        cell("markdown", "## 1. Section"),
        cell("markdown", "Text under it."),
        cell("code", long_code),  # long: its own sub-slide
        cell("markdown", "## Exercises"),
        cell("code", "import numpy as np"),
        cell("markdown", "### Exercise 1: do it"),
        cell("code", "def f(): ...", tags=["solution"]),  # hidden from the slides
        cell("code", "check_f(f)"),  # its "Correct: ..." tells the answer: hidden too
        cell("markdown", "An aside.", slideshow={"slide_type": "notes"}),  # explicit wins
        cell("markdown", "### Exercise 2: next"),
        cell("code", "print(2)"),
    ]
    assert slide_types.slide_types(cells, skip_first=2) == [
        "skip",
        "skip",
        "slide",
        "-",
        "subslide",
        "subslide",
        "slide",
        "-",
        "subslide",
        "slide",
        "-",
        "subslide",
        "skip",
        "skip",
        "notes",
        "subslide",
        "-",
    ]
    not_headings = [cell("markdown", "## 2. A"), cell("markdown", "##Not a heading, #hashtag")]
    assert slide_types.slide_types(not_headings) == ["slide", "-"]


def test_a_cell_that_opens_a_section_after_its_first_line_is_split_there():
    text = "Ends section 2.\n\n## 3. Next\n\nIntro.\n\n### 3.1 Detail\n```\n# a comment\n```"
    assert slide_types.split_at_headings(text) == [
        "Ends section 2.",
        "## 3. Next\n\nIntro.",
        "### 3.1 Detail\n```\n# a comment\n```",
    ]
    cells = [
        cell("markdown", "## 2. Two"),
        cell("code", "x = 2"),
        cell("markdown", text),  # after code: a sub-slide of section 2, then section 3 opens
        cell("code", "y = 3"),  # the first code on section 3's slide: no new slide
    ]
    assert slide_types.slide_types(cells) == ["slide", "-", "subslide", "-"]
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(text)]
    nb.cells[0].metadata["slideshow"] = {"slide_type": "subslide"}
    split = make_slides.split_sections(nb).cells
    assert [(c.source.split("\n")[0], c.metadata["slideshow"]["slide_type"]) for c in split] == [
        ("Ends section 2.", "subslide"),
        ("## 3. Next", "slide"),
        ("### 3.1 Detail", "subslide"),
    ]


def test_a_figure_after_much_text_gets_a_slide_of_its_own():
    text = "\n".join(["## 2. A figure", *(["words"] * (slide_types.FIGURE_TEXT + 1))])
    for source, want in [("fig, ax = plt.subplots()", "subslide"), ("print(1)", "-")]:
        got = slide_types.slide_types([cell("markdown", text), cell("code", source)])
        assert got == ["slide", want], source


def test_an_explicit_slide_type_in_a_source_reaches_the_notebook(tmp_path):
    src = tmp_path / "notebooks" / "src" / "09_demo.py"
    src.parent.mkdir(parents=True)
    src.write_text(
        "# %% [markdown]\n# # 09 · Demo\n\n"
        '# %% [markdown] slideshow={"slide_type": "fragment"}\n# Revealed later.\n\n'
        "# %%\nx = 1\n"
    )
    cells = build_notebooks.notebook_cells(src)
    assert [c["slideshow"]["slide_type"] for c in cells] == [
        "skip",
        "skip",
        "slide",
        "fragment",
        "-",
    ]
    assert build_notebooks.build(src)
    nb = nbformat.read(build_notebooks.target_of(src), as_version=4)
    assert nb.cells[3].metadata["slideshow"] == {"slide_type": "fragment"}
    assert build_notebooks.out_of_date(src) == []
    nb.cells[3].metadata["slideshow"] = {"slide_type": "slide"}  # edited by hand: caught
    nbformat.write(nb, build_notebooks.target_of(src))
    assert build_notebooks.out_of_date(src) == ["09_demo.ipynb: cell 3 differs from 09_demo.py"]


HEADING = re.compile(r"^#{1,2} \S")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_notebook_has_the_slides_of_its_structure(path):
    nb = nbformat.read(path, as_version=4)
    kinds = [c.metadata.get("slideshow", {}).get("slide_type") for c in nb.cells]
    assert set(kinds) <= TYPES, f"{path.name}: cells without a slide type: run the build"
    assert kinds[:2] == ["skip", "skip"], "the generated note and the Colab cell are not slides"
    for c, kind in zip(nb.cells[2:], kinds[2:]):
        if c.cell_type == "markdown" and HEADING.match(c.source.lstrip("\n")):
            assert kind == "slide", c.source[:60]
        if "solution" in c.metadata.get("tags", []):
            assert kind == "skip", f"a solution on a slide: {c.source[:60]}"
        if c.cell_type == "code" and re.search(r"\bcheck_\w+\(", c.source):
            assert kind == "skip", f"a check (its output tells the answer) on a slide: {c.source}"
    assert kinds[2] == "slide", "the title opens the slides"


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.links += [v for k, v in attrs if k in ("src", "href") and v]


def test_slides_load_nothing_from_the_network_and_skip_solutions(tmp_path):
    with_solutions = [
        p
        for p in NOTEBOOKS
        if any("solution" in c.metadata.get("tags", []) for c in nbformat.read(p, 4).cells)
    ]
    notebook = with_solutions[0]
    assert make_slides.main(["--out", str(tmp_path), str(notebook)]) == 0
    html = (tmp_path / f"{notebook.stem}.slides.html").read_text()
    parser = _Links()
    parser.feed(html)
    local = [
        link
        for link in parser.links
        if not link.startswith(("data:", "#", "mailto:")) and "://" not in link
    ]
    remote = [link for link in parser.links if "://" in link]
    assert not remote, f"the slides load from the network: {remote}"
    assert any("reveal.js" in link for link in local) and any("mathjax" in link for link in local)
    for link in local:  # every file they load is in the folder, next to the slides
        assert (tmp_path / link.split("?")[0]).is_file(), link
    assert not re.search(r"@import\s+url\(['\"]?https?:|\bimport\b[^;]*from\s+['\"]https?:", html)
    nb = nbformat.read(notebook, as_version=4)
    kinds = [c.metadata["slideshow"]["slide_type"] for c in nb.cells]
    # a heading line after a cell's first line starts a slide too (the cell is split there)
    later = [
        len(m.group(1))
        for c, kind in zip(nb.cells, kinds)
        if c.cell_type == "markdown" and kind != "skip" and "```" not in c.source
        for m in re.finditer(r"(?<=\n)(#{1,6}) ", c.source)
    ]
    slides = kinds.count("slide") + sum(level <= 2 for level in later)
    subslides = kinds.count("subslide") + sum(level > 2 for level in later)
    # nbconvert: one <section> per slide around one per sub-slide (the slide's first included)
    assert html.count("<section") == 2 * slides + subslides
    for c in nb.cells:
        if "solution" in c.metadata.get("tags", []):
            lines = [ln for ln in c.source.splitlines() if len(ln.strip()) > 30]
            assert not any(ln.strip() in html for ln in lines), "a solution is on a slide"


def test_the_vendored_assets_keep_their_licences():
    vendor = make_slides.VENDOR
    for path in ["reveal.js/LICENSE", "mathjax/LICENSE", "README.md"]:
        assert (vendor / path).is_file(), path
    assert (
        "MIT" in (vendor / "reveal.js/LICENSE").read_text()
        or "Permission is hereby" in (vendor / "reveal.js/LICENSE").read_text()
    )
    assert "Apache License" in (vendor / "mathjax/LICENSE").read_text()
    template = (make_slides.TEMPLATE_DIR / make_slides.TEMPLATE).read_text()
    assert "://" not in re.sub(r"\{#.*?#\}", "", template, flags=re.S)  # no URL in the template


def test_slides_folder_is_copied_with_its_assets(tmp_path):
    """--out elsewhere copies slides/vendor/ along, so that folder presents on its own."""
    out = tmp_path / "usb"
    make_slides.main(["--out", str(out), str(NOTEBOOKS[0])])
    assert (out / "vendor" / "reveal.js" / "dist" / "reveal.js").is_file()
    shutil.rmtree(out)
