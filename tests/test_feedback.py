"""What a learner sees when a check fails: the hint in a few lines, never the checker's source,
and errors raised in their own code explained with the line that raised them."""

from __future__ import annotations

import nbformat
import pytest
from nbclient import NotebookClient

from course_utils.checks import _feedback
from course_utils.checks._feedback import MAX_LINES, CheckFailed, call_learner, check_prediction


def test_a_failed_check_renders_as_the_hint_only():
    lines = CheckFailed("Half the true gradient: the factor 2 is missing.")._render_traceback_()
    assert lines == ["✗ Not yet: Half the true gradient: the factor 2 is missing."]
    long = CheckFailed(" ".join(["word"] * 400))._render_traceback_()
    assert len(long) == MAX_LINES and long[-1] == "…"
    assert isinstance(CheckFailed("x"), AssertionError)  # plain Python and pytest see a failure


def test_errors_in_the_learners_code_name_their_function_line_and_fix():
    def gd_step(p, lr):
        w = p[0]  # a dict indexed by position
        return w

    with pytest.raises(CheckFailed) as info:
        call_learner(gd_step, {"w": 1.0, "b": 0.0}, 0.1)
    message = str(info.value)
    assert message.startswith(
        "gd_step() raised KeyError at `w = p[0]  # a dict indexed by position`"
    )
    assert "index it by name (p['w'])" in message
    assert "_feedback.py" not in message


@pytest.mark.parametrize(
    "body, fix",
    [
        (
            "import torch\nw = torch.tensor(1.0, requires_grad=True)\n"
            "with torch.no_grad():\n    (w * 2).backward()",
            "computed under torch.no_grad()",
        ),
        ("return [1.0, 2.0] * 0.5", "Lists do no arithmetic"),
        ("return [1.0] - [2.0]", "Lists do no arithmetic"),
        ("import torch\nreturn torch.ones(3, 2) @ torch.ones(3, 1)", "The shapes do not fit"),
        (
            "import torch\nreturn torch.nn.Linear(1, 1)(torch.ones(2, 1, dtype=torch.float64))",
            "Mixed dtypes",
        ),
        ("raise NotImplementedError('Exercise 1: write your solution here')", "Write your answer"),
        ("return undefined_name", "Run the cell that defines it first"),
    ],
)
def test_common_errors_map_to_their_fix(body, fix):
    namespace: dict = {}
    exec("def answer():\n" + "\n".join("    " + line for line in body.splitlines()), namespace)
    with pytest.raises(CheckFailed, match="^answer\\(\\) raised") as info:
        call_learner(namespace["answer"])
    assert fix in str(info.value)


def test_a_prediction_must_be_made_and_is_called_correct_only_when_right(capsys):
    with pytest.raises(CheckFailed, match="replace the ... with your guess and run it"):
        check_prediction(..., 2.0, what="the gradient after two backward() calls", why="They add.")
    check_prediction(2.0, 2.0, what="x", why="They add.")
    assert capsys.readouterr().out.startswith("Correct: x is 2.0, as you predicted.")
    check_prediction(1.0, 2.0, what="x", why="They add.")
    out = capsys.readouterr().out
    assert (
        out.startswith("Not what you predicted: x is 2.0, you wrote 1.0.") and "Correct" not in out
    )


@pytest.mark.slow
def test_in_a_real_kernel_a_failing_check_shows_a_few_lines_and_no_checker_source():
    cells = [
        "from course_utils.checks import check_grad_no_bias, check_gd_step",
        "def grad_w_no_bias(x, y, w):\n    return 0.5 * (w * x - y).mean()\n"
        "check_grad_no_bias(grad_w_no_bias)",
        "def gd_step(x, y, w, b, lr):\n    p = {'w': w, 'b': b}\n    return p[0], p[1]\n"
        "check_gd_step(gd_step)",
    ]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    NotebookClient(nb, kernel_name="python3", allow_errors=True, timeout=120).execute()
    for cell in nb.cells[1:]:
        (error,) = [o for o in cell.outputs if o.output_type == "error"]
        shown = "\n".join(error.traceback)
        assert 1 <= len(error.traceback) <= MAX_LINES, shown
        assert error.traceback[0].startswith("✗ Not yet:"), shown
        for leak in ("truth", "def check_", "site-packages", "Traceback", _feedback.__file__):
            assert leak not in shown, (leak, shown)
    assert "p[0]" in "\n".join(nb.cells[2].outputs[-1].traceback)
