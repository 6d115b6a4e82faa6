"""Every notebook is built from its source in notebooks/src, and its stored outputs are sane."""

import json
import os
import re
from pathlib import Path

import pytest

from scripts import build_notebooks, links, notebook_env, notebook_files

ROOT = Path(__file__).resolve().parents[1]
SOURCES = build_notebooks.lesson_sources()
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))


def test_every_notebook_has_a_source_and_vice_versa():
    assert [p.stem for p in SOURCES] == [p.stem for p in NOTEBOOKS]
    assert len(NOTEBOOKS) >= 1


@pytest.mark.parametrize("src", SOURCES, ids=lambda p: p.stem)
def test_notebook_cells_match_their_source(src):
    assert build_notebooks.out_of_date(src) == [], (
        "run `make notebooks` after editing notebooks/src"
    )


def test_source_parser_splits_cells_and_tags():
    cells = build_notebooks.parse(
        '# %% [markdown]\n# # Title\n#\n# text\n\n# %% tags=["solution"]\nx = 1\n'
    )
    assert cells == [
        {"type": "markdown", "source": "# Title\n\ntext", "tags": []},
        {"type": "code", "source": "x = 1", "tags": ["solution"]},
    ]


@pytest.mark.parametrize("nb_path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_opens_with_the_note_naming_its_source(nb_path):
    first = json.loads(nb_path.read_text())["cells"][0]
    text = "".join(first["source"])
    assert first["cell_type"] == "markdown" and f"`notebooks/src/{nb_path.stem}.py`" in text, text
    assert "make notebooks" in text and len(text) < 120, (
        "keep the note one short line: it is projected"
    )


def test_exercises_are_the_cells_from_the_exercises_heading_to_the_end():
    cells = build_notebooks.parse(
        "# %% [markdown]\n# # 09 · T\n\n# %%\nx = 1\n\n"
        "# %% [markdown]\n# ## Exercises\n#\n# Intro\n\n# %%\ny = 2\n"
    )
    assert [c["source"] for c in build_notebooks.exercise_cells(cells)] == [
        "## Exercises\n\nIntro",
        "y = 2",
    ]
    assert build_notebooks.exercise_cells(cells[:2]) == []


@pytest.mark.parametrize("nb_path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_was_executed_in_order_in_a_fresh_kernel(nb_path):
    nb = json.loads(nb_path.read_text())
    counts = [c["execution_count"] for c in nb["cells"] if c["cell_type"] == "code"]
    assert counts == list(range(1, len(counts) + 1)), "run `make execute` (or `make notebooks`)"


@pytest.mark.parametrize("nb_path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_structure_title_learn_list_seed_and_summary(nb_path):
    nb = json.loads(nb_path.read_text())
    md = [
        "".join(c["source"]) for c in nb["cells"][1:] if c["cell_type"] == "markdown"
    ]  # after the note
    code = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]
    assert re.match(rf"# {nb_path.name[:2]} · ", md[0]), "first cell: '# NN · Title'"
    assert "**You will learn**" in md[0]
    assert code[0] == links.colab_cell(), "the Colab set-up cell comes first"
    assert "set_seed(0)" in code[1], "the lesson's first code cell imports and seeds"
    assert any(m.startswith("## Summary") for m in md)


@pytest.mark.parametrize("nb_path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_small_and_has_no_errors_or_machine_paths(nb_path):
    assert nb_path.stat().st_size < 1_000_000, "keep notebooks under 1 MB: fewer, smaller figures"
    nb = json.loads(nb_path.read_text())
    for i, cell in enumerate(nb["cells"]):
        for out in cell.get("outputs", []):
            assert out["output_type"] != "error", f"cell {i} stores an error"
            text = json.dumps(out.get("text", "")) + json.dumps(
                out.get("data", {}).get("text/plain", "")
            )
            assert not re.search(r"/root/|/tmp/|/home/|/work/|site-packages", text), (
                f"cell {i} shows a path"
            )
            assert out.get("name") != "stderr", (
                f"cell {i} writes to stderr (a warning?): {out.get('text')}"
            )


def test_build_check_mode_reports_drift(tmp_path, monkeypatch):
    src = tmp_path / "src" / "99_demo.py"
    src.parent.mkdir()
    src.write_text("# %%\nx = 1\n")
    monkeypatch.setattr(build_notebooks, "SRC", src.parent)
    assert build_notebooks.out_of_date(src) == ["99_demo.ipynb is missing"]
    build_notebooks.build(src)
    assert build_notebooks.out_of_date(src) == []
    target = tmp_path / "99_demo.ipynb"
    written = target.read_bytes()
    assert b'"id":' not in written and b'"nbformat_minor": 4' in written
    assert (
        build_notebooks.build(src) is False and target.read_bytes() == written
    )  # no change, no diff
    src.write_text("# %%\nx = 2\n")
    assert build_notebooks.out_of_date(src) == ["99_demo.ipynb: cell 2 differs from 99_demo.py"]
    nb = json.loads(written)
    nb["cells"] = nb["cells"][1:]  # a notebook built before the note existed
    target.write_text(json.dumps(nb))
    src.write_text("# %%\nx = 1\n")
    assert build_notebooks.out_of_date(src) == [
        "99_demo.ipynb: cell 0 is not the generated note "
        "'*Generated from `notebooks/src/99_demo.py`: edit that file, then run `make notebooks`.*'"
    ]


def test_build_keeps_outputs_of_unchanged_code_cells(tmp_path):
    src = tmp_path / "src" / "98_demo.py"
    src.parent.mkdir()
    src.write_text("# %%\nx = 1\n\n# %%\ny = 2\n")
    build_notebooks.build(src)
    target = tmp_path / "98_demo.ipynb"
    nb = json.loads(target.read_text())
    for k, cell in enumerate(nb["cells"][2:], 1):
        cell["execution_count"], cell["outputs"] = (
            k,
            [{"output_type": "stream", "name": "stdout", "text": f"{k}\n"}],
        )
    target.write_text(json.dumps(nb))
    src.write_text("# %%\nx = 1\n\n# %%\ny = 3\n")
    assert build_notebooks.build(src) is True
    cells = json.loads(target.read_text())["cells"]
    assert [(c.get("execution_count"), c.get("outputs")) for c in cells[2:]] == [
        (1, [{"output_type": "stream", "name": "stdout", "text": ["1\n"]}]),
        (None, []),
    ]  # as nbformat stores it


@pytest.mark.parametrize("nb_path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_stored_output_shows_a_leaked_warning(nb_path):
    """A warning that escaped reads `file.py:12: UserWarning: ...`. stderr is refused above; this
    also catches one that reached stdout, an HTML or plain-text result. Printing a caught
    warning's message on purpose (lesson 04: "UserWarning: Using a target size ...") is fine."""
    leaked = re.compile(r"\S+:\d+: \w*Warning: |warnings\.warn\(")
    nb = json.loads(nb_path.read_text())
    for i, cell in enumerate(nb["cells"]):
        for out in cell.get("outputs", []):
            texts = [out.get("text", "")] + [
                v for k, v in out.get("data", {}).items() if k.startswith("text/")
            ]
            for text in texts:
                found = leaked.search("".join(text) if isinstance(text, list) else text)
                assert not found, f"cell {i} shows a warning: {found.group()!r}"


@pytest.mark.parametrize("nb_path", NOTEBOOKS, ids=lambda p: p.stem)
def test_stored_prints_are_one_stream_per_run_of_prints(nb_path):
    """`make execute` joins a cell's consecutive prints: how the kernel split them depends on
    the machine's speed, and a split would make every re-execution a noisy diff."""
    nb = json.loads(nb_path.read_text())
    for i, cell in enumerate(nb["cells"]):
        kinds = [(o["output_type"], o.get("name")) for o in cell.get("outputs", [])]
        assert all(a != b or a[0] != "stream" for a, b in zip(kinds, kinds[1:])), (
            f"cell {i} stores split prints {kinds}: run `make execute`"
        )


def _outputs():
    import nbformat

    out = nbformat.v4.new_output
    return [
        out("stream", name="stdout", text="a\n"),
        out("stream", name="stdout", text="b\n"),
        out("stream", name="stderr", text="w\n"),
        out("display_data", data={"text/plain": "x"}),
        out("stream", name="stdout", text="c\n"),
        out("stream", name="stdout", text="d..\b\b\rD"),
    ]


def test_coalesce_streams_joins_only_neighbours_of_the_same_stream():
    cell = _outputs()
    merged = notebook_files.coalesce_streams(cell)
    assert [(o.output_type, o.get("name"), o.get("text")) for o in merged] == [
        ("stream", "stdout", "a\nb\n"),
        ("stream", "stderr", "w\n"),
        ("display_data", None, None),
        ("stream", "stdout", "c\nd..\b\b\rD"),
    ]
    assert cell == _outputs(), "the input is not changed"


def test_coalesce_streams_like_nbval_joins_every_output_of_a_stream_and_applies_control_chars():
    merged = notebook_files.coalesce_streams(_outputs(), like="nbval")
    assert [(o["output_type"], o.get("name"), o.get("text")) for o in merged] == [
        ("stream", "stdout", "a\nb\nc\nD"),
        ("stream", "stderr", "w\n"),
        ("display_data", None, None),
    ]


def test_pytest_runs_under_the_notebook_settings():
    """conftest.py applies scripts/notebook_env.py before torch is imported (no `env` prefix)."""
    import torch

    assert {k: os.environ.get(k) for k in notebook_env.NOTEBOOK_ENV} == notebook_env.NOTEBOOK_ENV
    assert not any(k in os.environ for k in notebook_env.REMOVED)
    assert torch.get_num_threads() == 1
