"""The checkers of lesson 06 (minibatches): the corpus of learner attempts, each with the
verdict and the hint it must get.

Every attempt is written as a learner would write it in the notebook, from the task text, and
runs as notebook code does: in the namespace of the lesson's Exercises set-up cell (so an
attempt may read the notebook's globals, as learners do by mistake), with its source known to
``linecache`` (so a hint can quote the learner's line).
"""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # the exercises draw one figure; no window in a test run

import nbformat  # noqa: E402
import pytest  # noqa: E402
from check_helpers import define, exercises_by_number, namespace_after  # noqa: E402
from check_helpers import outcome as check_outcome  # noqa: E402

from course_utils.checks import _feedback  # noqa: E402
from course_utils.checks._feedback import MAX_LINES  # noqa: E402
from course_utils.checks.minibatches import (  # noqa: E402
    check_epoch_loss,
    check_updates_per_epoch,
)
from scripts.build_notebooks import exercise_cells, read_cells  # noqa: E402

SOURCE = Path(__file__).resolve().parents[1] / "notebooks" / "src" / "06_minibatches.py"
CELLS = exercise_cells(read_cells(SOURCE))
CODE = [c for c in CELLS if c["type"] == "code"]
SETUP = CODE[0]["source"]  # the Exercises set-up cell: imports, seed, data
# a hint gives no reference computation (the learner's own quoted code, in backticks, aside)
REFERENCE_BITS = ("sum(", "ceil(", "// batch", "weights=", "* size", "np.repeat", "truth")


def exercises() -> dict[int, list[dict]]:
    """Exercise number -> its cells (heading, answer, and the cells up to the next heading)."""
    return exercises_by_number(CELLS)


@pytest.fixture(scope="module")
def notebook() -> dict:
    """The namespace after the Exercises set-up cell, as a learner's kernel holds it."""
    return namespace_after(SETUP)


def outcome(check, *answer) -> tuple[str, str]:
    """("pass", the Correct: text) or ("fail", what the learner reads)."""
    return check_outcome(check, *answer, reference_bits=REFERENCE_BITS, wrapped=False)


# ------------------------------------------------------------------ exercise 1: epoch_loss

# (id, the learner's answer cell, expected verdict, a phrase only the expected hint contains)
EPOCH_LOSS = [
    (
        "rounded to two decimals",  # found by a learner's review: "got 16.51, expected 16.51"
        """
        def epoch_loss(batch_losses, batch_sizes):
            total = sum(loss * size for loss, size in zip(batch_losses, batch_sizes))
            return round(total / sum(batch_sizes), 2)
        """,
        "fail",
        "rounds its result",
    ),
    (
        "reference: zip and a generator",
        """
        def epoch_loss(batch_losses, batch_sizes):
            total = sum(loss * size for loss, size in zip(batch_losses, batch_sizes))
            return total / sum(batch_sizes)
        """,
        "pass",
        "",
    ),
    (
        "numpy average with weights",
        """
        def epoch_loss(batch_losses, batch_sizes):
            return np.average(batch_losses, weights=batch_sizes)
        """,
        "pass",
        "",
    ),
    (
        "numpy dot product over the total",
        """
        def epoch_loss(batch_losses, batch_sizes):
            return np.dot(batch_losses, batch_sizes) / np.sum(batch_sizes)
        """,
        "pass",
        "",
    ),
    (
        "a running total and a count in a for loop",
        """
        def epoch_loss(batch_losses, batch_sizes):
            total, count = 0.0, 0
            for loss, size in zip(batch_losses, batch_sizes):
                total += loss * size
                count += size
            return total / count
        """,
        "pass",
        "",
    ),
    (
        "torch tensors, then .item()",
        """
        def epoch_loss(batch_losses, batch_sizes):
            losses = torch.tensor(batch_losses)
            sizes = torch.tensor(batch_sizes, dtype=torch.float32)
            return ((losses * sizes).sum() / sizes.sum()).item()
        """,
        "pass",
        "",
    ),
    (
        "index loop over range(len(...))",
        """
        def epoch_loss(batch_losses, batch_sizes):
            total = 0
            for i in range(len(batch_losses)):
                total += batch_losses[i] * batch_sizes[i]
            return total / sum(batch_sizes)
        """,
        "pass",
        "",
    ),
    (
        "statistics.fmean with weights, own parameter names",
        """
        import statistics

        def epoch_loss(losses, sizes):
            return statistics.fmean(losses, weights=sizes)
        """,
        "pass",
        "",
    ),
    (
        "each batch repeated once per sample, then a plain mean",
        """
        def epoch_loss(batch_losses, batch_sizes):
            per_sample = []
            for loss, size in zip(batch_losses, batch_sizes):
                per_sample += [loss] * size
            return sum(per_sample) / len(per_sample)
        """,
        "pass",
        "",
    ),
    (
        "the common mistake: plain mean of the batch losses",
        """
        def epoch_loss(batch_losses, batch_sizes):
            return sum(batch_losses) / len(batch_losses)
        """,
        "fail",
        "plain mean of batch_losses",
    ),
    (
        "plain mean, the learner's own parameter names",
        """
        def epoch_loss(losses, sizes):
            return np.mean(losses)
        """,
        "fail",
        "plain mean of losses",
    ),
    (
        "weighted, but divided by the number of batches",
        """
        def epoch_loss(batch_losses, batch_sizes):
            return np.mean(np.array(batch_losses) * np.array(batch_sizes))
        """,
        "fail",
        "divided by the number of batches (7)",
    ),
    (
        "list arithmetic",
        """
        def epoch_loss(batch_losses, batch_sizes):
            return sum(batch_losses * batch_sizes) / sum(batch_sizes)
        """,
        "fail",
        "epoch_loss() raised TypeError at `return sum(batch_losses * batch_sizes) / "
        "sum(batch_sizes)`: can't multiply sequence by non-int of type 'list'\n"
        "Lists do no arithmetic",
    ),
    (
        "the lists changed in place",
        """
        def epoch_loss(batch_losses, batch_sizes):
            for i in range(len(batch_losses)):
                batch_losses[i] *= batch_sizes[i]
            return sum(batch_losses) / sum(batch_sizes)
        """,
        "fail",
        "changed its argument batch_losses in place",
    ),
    (
        "a tensor that still requires grad",
        """
        def epoch_loss(batch_losses, batch_sizes):
            losses = torch.tensor(batch_losses, requires_grad=True)
            sizes = torch.tensor(batch_sizes, dtype=torch.float32)
            return (losses * sizes).sum() / sizes.sum()
        """,
        "fail",
        "tensor that still requires grad",
    ),
    (
        "a tensor without .item()",
        """
        def epoch_loss(batch_losses, batch_sizes):
            sizes = torch.tensor(batch_sizes, dtype=torch.float32)
            return torch.tensor(batch_losses) @ sizes / sizes.sum()
        """,
        "fail",
        "returned a tensor. The task asks for a float",
    ),
    (
        "printing instead of returning",
        """
        def epoch_loss(batch_losses, batch_sizes):
            total = sum(l * n for l, n in zip(batch_losses, batch_sizes))
            print("epoch loss:", total / sum(batch_sizes))
        """,
        "fail",
        "printed 'epoch loss:",
    ),
    (
        "the set-up cell's lists instead of the arguments",
        """
        def epoch_loss(batch_losses, batch_sizes):
            total = sum(l * n for l, n in zip(batch_losses_ex, batch_sizes_ex))
            return total / sum(batch_sizes_ex)
        """,
        "fail",
        "reads the notebook's batch_losses_ex, batch_sizes_ex",
    ),
    (
        "divided as if every batch were full",
        """
        def epoch_loss(batch_losses, batch_sizes):
            total = sum(l * n for l, n in zip(batch_losses, batch_sizes))
            return total / (len(batch_losses) * batch_sizes[0])
        """,
        "fail",
        "as if every batch were full",
    ),
    (
        "off by one: the last batch left out",
        """
        def epoch_loss(batch_losses, batch_sizes):
            total = count = 0
            for i in range(len(batch_losses) - 1):
                total += batch_losses[i] * batch_sizes[i]
                count += batch_sizes[i]
            return total / count
        """,
        "fail",
        "leaves out the last batch",
    ),
    (
        "off by one: the first batch left out",
        """
        def epoch_loss(batch_losses, batch_sizes):
            total = count = 0
            for i in range(1, len(batch_losses)):
                total += batch_losses[i] * batch_sizes[i]
                count += batch_sizes[i]
            return total / count
        """,
        "fail",
        "leaves out the first batch",
    ),
    (
        "the weighted total, not divided",
        """
        def epoch_loss(batch_losses, batch_sizes):
            return sum(l * n for l, n in zip(batch_losses, batch_sizes))
        """,
        "fail",
        "total loss of all 100 samples",
    ),
    (
        "the batch losses added up",
        """
        def epoch_loss(batch_losses, batch_sizes):
            return sum(batch_losses)
        """,
        "fail",
        "You added up batch_losses",
    ),
    (
        "floor division",
        """
        def epoch_loss(batch_losses, batch_sizes):
            return sum(l * n for l, n in zip(batch_losses, batch_sizes)) // sum(batch_sizes)
        """,
        "fail",
        "rounded down to a whole number",
    ),
    (
        "the printed value, hard-coded",
        """
        def epoch_loss(batch_losses, batch_sizes):
            return 13.4313
        """,
        "fail",
        "whatever lists it gets",
    ),
    (
        "a list of weighted losses",
        """
        def epoch_loss(batch_losses, batch_sizes):
            return [l * n / sum(batch_sizes) for l, n in zip(batch_losses, batch_sizes)]
        """,
        "fail",
        "should return one number",
    ),
    (
        "the largest batch loss",
        """
        def epoch_loss(batch_losses, batch_sizes):
            return max(batch_losses)
        """,
        "fail",
        "does not give the mean loss per sample",
    ),
    (
        "the stub, not yet answered",
        """
        def epoch_loss(batch_losses, batch_sizes):
            raise NotImplementedError("Exercise 1: write your solution here (see the task above)")
        """,
        "fail",
        "Write your answer in the solution cell",
    ),
]


@pytest.mark.parametrize("attempt", EPOCH_LOSS, ids=lambda a: a[0])
def test_epoch_loss_attempt(attempt, notebook):
    name, source, expected, hint = attempt
    fn = define(source, notebook, f"<epoch_loss: {name}>")["epoch_loss"]
    verdict, message = outcome(check_epoch_loss, fn)
    assert verdict == expected, message
    assert hint in message, message


def test_epoch_loss_wants_the_function_not_its_value(notebook):
    fn = define(EPOCH_LOSS[0][1], notebook, "<epoch_loss: called>")["epoch_loss"]
    verdict, message = outcome(check_epoch_loss, fn(notebook["batch_losses_ex"], [16] * 7))
    assert verdict == "fail" and "Pass the function itself" in message


# ------------------------------------------------------------------ exercise 2: updates_per_epoch

UPDATES = [
    (
        "reference: floor division or math.ceil",
        """
        def updates_per_epoch(n, batch_size, drop_last):
            return n // batch_size if drop_last else math.ceil(n / batch_size)
        """,
        "pass",
        "",
    ),
    (
        "negated floor division rounds up",
        """
        def updates_per_epoch(n, batch_size, drop_last):
            if drop_last:
                return n // batch_size
            return -(-n // batch_size)
        """,
        "pass",
        "",
    ),
    (
        "len of a range of batch starts",
        """
        def updates_per_epoch(n, batch_size, drop_last):
            if drop_last:
                return n // batch_size
            return len(range(0, n, batch_size))
        """,
        "pass",
        "",
    ),
    (
        "add batch_size - 1, then floor",
        """
        def updates_per_epoch(n, batch_size, drop_last):
            return n // batch_size if drop_last else (n + batch_size - 1) // batch_size
        """,
        "pass",
        "",
    ),
    (
        "divmod and the remainder",
        """
        def updates_per_epoch(n, batch_size, drop_last):
            full, rest = divmod(n, batch_size)
            return full + (1 if rest and not drop_last else 0)
        """,
        "pass",
        "",
    ),
    (
        "a while loop that serves the batches",
        """
        def updates_per_epoch(n, batch_size, drop_last):
            count, start = 0, 0
            while start < n:
                if drop_last and start + batch_size > n:
                    break
                count += 1
                start += batch_size
            return count
        """,
        "pass",
        "",
    ),
    (
        "len of a real DataLoader, own parameter names",
        """
        def updates_per_epoch(N, bs, drop):
            return len(DataLoader(range(N), batch_size=bs, drop_last=drop))
        """,
        "pass",
        "",
    ),
    (
        "numpy ceil, made an int",
        """
        def updates_per_epoch(n, batch_size, drop_last):
            return int(np.floor(n / batch_size) if drop_last else np.ceil(n / batch_size))
        """,
        "pass",
        "",
    ),
    (
        "the common mistake: drop_last ignored",
        """
        def updates_per_epoch(n, batch_size, drop_last):
            return math.ceil(n / batch_size)
        """,
        "fail",
        "drop_last=True drops the incomplete last batch (4 samples)",
    ),
    (
        "always floor division",
        """
        def updates_per_epoch(n, batch_size, drop_last):
            return n // batch_size
        """,
        "fail",
        "the last, smaller batch (4 samples) is still served",
    ),
    (
        "a fraction of a batch",
        """
        def updates_per_epoch(n, batch_size, drop_last):
            return n / batch_size
        """,
        "fail",
        "never a fraction of one",
    ),
    (
        "off by one when batch_size divides n",
        """
        def updates_per_epoch(n, batch_size, drop_last):
            if drop_last:
                return n // batch_size
            return n // batch_size + 1
        """,
        "fail",
        "When batch_size divides n (100 = 1 x 100) every batch is full",
    ),
    (
        "numpy ceil left a float",
        """
        def updates_per_epoch(n, batch_size, drop_last):
            return np.floor(n / batch_size) if drop_last else np.ceil(n / batch_size)
        """,
        "fail",
        "a count of updates is an int",
    ),
    (
        "a tensor count",
        """
        def updates_per_epoch(n, batch_size, drop_last):
            count = torch.tensor(n / batch_size)
            return count.floor() if drop_last else count.ceil()
        """,
        "fail",
        "returned a tensor: return a Python int",
    ),
    (
        "printing instead of returning",
        """
        def updates_per_epoch(n, batch_size, drop_last):
            print(n // batch_size if drop_last else math.ceil(n / batch_size))
        """,
        "fail",
        "printed '7' but returned None",
    ),
    (
        "the notebook's data instead of n",
        """
        def updates_per_epoch(n, batch_size, drop_last):
            return len(make_loader(x_ex, y_ex, batch_size, drop_last=drop_last))
        """,
        "fail",
        "reads the notebook's x_ex, y_ex",
    ),
    (
        "at least one update, even below one batch",
        """
        def updates_per_epoch(n, batch_size, drop_last):
            if drop_last:
                return max(1, n // batch_size)
            return math.ceil(n / batch_size)
        """,
        "fail",
        "fewer samples than one batch (n=15, batch_size=16)",
    ),
    (
        "the answer for the lesson's loader, hard-coded",
        """
        def updates_per_epoch(n, batch_size, drop_last):
            return 6 if drop_last else 7
        """,
        "fail",
        "returns 7 for n=100, batch_size=16 and for n=50",
    ),
    (
        "the samples served, not the batches",
        """
        def updates_per_epoch(n, batch_size, drop_last):
            if drop_last:
                return n - n % batch_size
            return n
        """,
        "fail",
        "returns n, the number of samples",
    ),
    (
        "batch_size and n swapped",
        """
        def updates_per_epoch(n, batch_size, drop_last):
            return batch_size // n if drop_last else math.ceil(batch_size / n)
        """,
        "fail",
        "must change with its argument n",
    ),
    (
        "one update short when the last batch is dropped",
        """
        def updates_per_epoch(n, batch_size, drop_last):
            if drop_last:
                return n // batch_size - 1
            return math.ceil(n / batch_size)
        """,
        "fail",
        "One update short",
    ),
    (
        "Python's round",
        """
        def updates_per_epoch(n, batch_size, drop_last):
            return round(n / batch_size)
        """,
        "fail",
        "the last, smaller batch (4 samples) is still served",
    ),
    (
        "the stub, not yet answered",
        """
        def updates_per_epoch(n, batch_size, drop_last):
            raise NotImplementedError("Exercise 2: write your solution here (see the task above)")
        """,
        "fail",
        "Write your answer in the solution cell",
    ),
]


@pytest.mark.parametrize("attempt", UPDATES, ids=lambda a: a[0])
def test_updates_per_epoch_attempt(attempt, notebook):
    name, source, expected, hint = attempt
    fn = define(source, notebook, f"<updates_per_epoch: {name}>")["updates_per_epoch"]
    verdict, message = outcome(check_updates_per_epoch, fn)
    assert verdict == expected, message
    assert hint in message, message


# ------------------------------------------------------------------ exercise 3: the prediction

EXPERIMENT, CHECK = [c["source"] for c in exercises()[3] if c["type"] == "code"][1:]

PREDICTIONS = [
    ("nothing is lost for good", "my_prediction = 0", "pass", ""),
    ("as a float", "my_prediction = 0.0", "pass", ""),
    ("as a string", 'my_prediction = "0"', "pass", ""),
    ("the expected count, rounded", "my_prediction = round(100 * 0.04 ** 5)", "pass", ""),
    ("the same 4 every epoch", "my_prediction = 4", "fail", "a different 4 samples"),
    ("4 per epoch, 5 epochs", "my_prediction = 4 * 5", "fail", "you wrote 20"),
    ("just above none", "my_prediction = 1", "fail", "Not what you predicted"),
    ("not yet written", "my_prediction = ...", "fail", "replace the ... with your guess"),
    ("a word, not a number", 'my_prediction = "none"', "fail", "should be a number"),
]


@pytest.mark.parametrize("attempt", PREDICTIONS, ids=lambda a: a[0])
def test_prediction_attempt(attempt, notebook):
    name, source, expected, hint = attempt
    namespace = define(source, notebook, f"<prediction: {name}>")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(EXPERIMENT, "<experiment>", "exec"), namespace)
    verdict, message = outcome(lambda: exec(compile(CHECK, "<check>", "exec"), namespace))
    assert verdict == expected, message
    assert hint in message, message
    assert "Correct" not in message or expected == "pass"


# ------------------------------------------------------------------ as a learner runs them


@pytest.mark.parametrize("number", sorted(exercises()))
def test_each_exercise_runs_after_a_restart_with_only_the_setup_cell(number):
    """A fresh kernel: the Exercises set-up cell, then only this exercise's cells, says Correct
    once (each check cell imports its own checker)."""
    namespace: dict = {}
    out = io.StringIO()
    code = [c["source"] for c in exercises()[number] if c["type"] == "code"]
    with contextlib.redirect_stdout(out):
        for source in [SETUP, *code]:
            exec(compile(source, f"<exercise {number}>", "exec"), namespace)
    assert out.getvalue().count("Correct: ") == 1, out.getvalue()
    assert re.search(r"^from course_utils\.checks import check_\w+$", code[-1], re.MULTILINE)


def test_corpus_counts():
    for table in (EPOCH_LOSS, UPDATES, PREDICTIONS):
        assert len(table) >= 8 and sum(a[2] == "pass" for a in table) >= 3


@pytest.mark.slow
def test_in_a_real_kernel_a_failing_check_shows_only_the_hint():
    cells = [
        "def epoch_loss(batch_losses, batch_sizes):\n"
        "    return sum(batch_losses * batch_sizes) / sum(batch_sizes)\n",
        "from course_utils.checks import check_epoch_loss\ncheck_epoch_loss(epoch_loss)",
        "def updates_per_epoch(n, batch_size, drop_last):\n    return n // batch_size\n",
        "from course_utils.checks import check_updates_per_epoch\n"
        "check_updates_per_epoch(updates_per_epoch)",
    ]
    from nbclient import NotebookClient

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    NotebookClient(nb, kernel_name="python3", allow_errors=True, timeout=120).execute()
    for cell, phrase in [(nb.cells[1], "Lists do no arithmetic"), (nb.cells[3], "round up")]:
        (error,) = [o for o in cell.outputs if o.output_type == "error"]
        shown = "\n".join(error.traceback)
        assert 1 <= len(error.traceback) <= MAX_LINES and phrase in shown, shown
        assert error.traceback[0].startswith("✗ Not yet:"), shown
        for leak in ("truth", "def check_", "site-packages", "Traceback", _feedback.__file__):
            assert leak not in shown, (leak, shown)
    assert "sum(batch_losses * batch_sizes)" in "\n".join(nb.cells[1].outputs[-1].traceback)
