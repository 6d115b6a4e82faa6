"""The course's address has one home (pyproject.toml): the Colab cell, the badges and the
install source all come from scripts/links.py."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from scripts import links

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb")) + sorted(
    (ROOT / "student").glob("[0-9]*.ipynb")
)


def _project_root(tmp_path: Path, repository: str | None) -> Path:
    text = (ROOT / "pyproject.toml").read_text()
    if repository:
        text = text.replace(
            "[project.optional-dependencies]",
            f'[project.urls]\nRepository = "{repository}"\n\n[project.optional-dependencies]',
            1,
        )
    (tmp_path / "pyproject.toml").write_text(text)
    return tmp_path


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_notebook_opens_with_the_colab_cell_of_this_version(path):
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert links.is_colab_cell(code[0]) and code[0].source == links.colab_cell()
    assert nb.cells.index(code[0]) == 1  # right after the generated note
    assert not any(links.is_colab_cell(c) for c in code[1:])


def test_install_source_is_the_tag_of_this_version(tmp_path):
    root = _project_root(tmp_path, "https://github.com/someone/course")
    version = links.project(root)["version"]
    assert links.install_source(root) == f"git+https://github.com/someone/course.git@v{version}"
    cell = links.colab_cell(root)
    assert (
        f'os.environ.get("COURSE_INSTALL_SOURCE", "git+https://github.com/someone/course.git@v{version}")'
        in cell
    )
    assert links.colab_url("notebooks/04_nn_linear.ipynb", root) == (
        f"https://colab.research.google.com/github/someone/course/blob/v{version}/notebooks/04_nn_linear.ipynb"
    )
    assert "labpath=notebooks%2F00_setup_check.ipynb" in links.binder_url(root=root)


def test_without_a_public_home_the_cell_asks_for_an_install_source(tmp_path):
    root = _project_root(tmp_path, None)
    assert links.install_source(root) is None and links.badges(root) is None
    assert 'sys.exit("Set COURSE_INSTALL_SOURCE' in links.colab_cell(root)


def test_the_readme_badges_come_from_pyproject():
    readme = (ROOT / "README.md").read_text()
    block = re.search(r"<!-- badges:.*?-->\n(.*?)<!-- /badges -->", readme, re.S)
    assert block, "README.md must keep the badges block"
    badges = links.badges()
    if badges is None:
        assert "appear here once the course has a public home" in block.group(1)
    else:
        assert block.group(1).strip() == badges
