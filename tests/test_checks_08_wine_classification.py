"""The checkers of lesson 08 (wine_classification): the corpus of learner attempts, each with the
verdict and the hint it must get.

Every attempt is code as a learner types it in the answer cell, run after the lesson's
Exercises set-up cell; then the exercise's own check cell runs, as in the notebook. A "pass"
prints exactly one "Correct:" line; a "fail" stops with a CheckFailed whose hint holds the
expected phrase, fits in the 12 lines a learner sees and shows no reference answer.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import linecache
import re
import textwrap
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no window in a test run

import pytest  # noqa: E402

from course_utils.checks import CheckFailed  # noqa: E402
from course_utils.checks._feedback import MAX_LINES  # noqa: E402
from scripts.build_notebooks import exercise_cells, read_cells  # noqa: E402

SOURCE = Path(__file__).resolve().parents[1] / "notebooks" / "src" / "08_wine_classification.py"
CELLS = exercise_cells(read_cells(SOURCE))
SETUP = next(c["source"] for c in CELLS if c["type"] == "code")


def _exercises() -> dict[int, dict[str, str]]:
    """Exercise number -> its answer (solution) cell and its check cell, from the lesson source."""
    found: dict[int, dict[str, str]] = {}
    for i, cell in enumerate(CELLS):
        heading = re.match(r"### Exercise (\d+):", cell["source"])
        if cell["type"] == "markdown" and heading:
            code = [c for c in CELLS[i + 1 :] if c["type"] == "code"][:2]
            found[int(heading.group(1))] = {
                "solution": code[0]["source"],
                "check": code[1]["source"],
            }
    return found


EXERCISES = _exercises()
# what no hint may show: the reference answers (the solution cells' key lines)
REFERENCE = [
    "argmax(dim=1) == y",
    "== y).float().mean()",
    "lr=1e-2",
    "lr=0.01",
    "epochs=10",
    "Standardizer().fit(x_train)",
    "log(1 + 2/e)",
]
# the checker's modules (course_utils/checks/wine_classification/): never named in a hint
CHECKER_FILES = ("wine_accuracy.py", "_wine_inputs.py", "accuracy_from_logits.py", "_shared.py")


CELL_NUMBER = itertools.count()


def cell(source: str) -> object:
    """``source`` compiled as a notebook cell: its lines are in linecache under the cell's name,
    as IPython puts them, so a traceback can quote them."""
    name = f"<ipython-input-{next(CELL_NUMBER)}>"
    linecache.cache[name] = (len(source), None, source.splitlines(True), name)
    return compile(source, name, "exec")


def run(answer: str, exercise: int) -> tuple[str, CheckFailed | None]:
    """The set-up cell, the learner's ``answer`` and the exercise's check cell in a fresh
    namespace: what was printed, and the CheckFailed the check raised (None if none)."""
    namespace: dict = {}
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(cell(SETUP), namespace)
        exec(cell(textwrap.dedent(answer)), namespace)
        try:
            exec(cell(EXERCISES[exercise]["check"]), namespace)
        except CheckFailed as failed:
            return printed.getvalue(), failed
    return printed.getvalue(), None


def assert_verdict(answer: str, exercise: int, verdict: str, phrase: str) -> None:
    out, failed = run(answer, exercise)
    correct = [line for line in out.splitlines() if line.startswith("Correct:")]
    if verdict == "pass":
        assert failed is None, str(failed)
        assert len(correct) == 1, out
        return
    assert not correct, out  # a wrong answer is never "Correct:"
    if failed is None:  # a prediction that did not match: said, not raised
        assert "Not what you predicted" in out and phrase in out, out
        return
    message = str(failed)
    assert phrase in message, message
    shown = failed._render_traceback_()
    assert len(shown) <= MAX_LINES and shown[-1] != "…", shown  # the whole hint fits
    hint = message
    for line in textwrap.dedent(answer).splitlines():  # quoting the learner's own line is fine
        hint = hint.replace(line.strip(), "") if line.strip() else hint
    assert not [ref for ref in REFERENCE if ref in hint], message
    assert not [f for f in CHECKER_FILES if f in message] and "Traceback" not in message


# ------------------------------------------------------------------ exercise 1: 90% on a budget

TRAIN = """
scaler = Standardizer().fit(x_train)
x_train_s, x_val_s = scaler.transform(x_train), scaler.transform(x_val)
set_seed(0)
wine_model = mlp([13, 10, 10, 3])
"""
EXERCISE_1 = [
    # --- right answers, written differently from the solution
    (
        "sgd_with_momentum",
        TRAIN
        + """
history_wine = fit(wine_model, x_train_s, y_train, loss_fn=nn.CrossEntropyLoss(),
                   optimizer=optim.SGD(wine_model.parameters(), lr=0.1, momentum=0.9),
                   epochs=10, batch_size=32)
""",
        "pass",
        "",
    ),
    (
        "full_batch_50_epochs",
        TRAIN
        + """
history_wine = fit(wine_model, x_train_s, y_train, loss_fn=nn.CrossEntropyLoss(),
                   optimizer=optim.Adam(wine_model.parameters(), lr=0.01), epochs=50)
""",
        "pass",
        "",
    ),
    (
        "own_module_torch_stats_unbiased_std_5_epochs",
        """
import torch.nn.functional as F

class WineNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1, self.fc2, self.fc3 = nn.Linear(13, 10), nn.Linear(10, 10), nn.Linear(10, 3)

    def forward(self, x):
        return self.fc3(F.relu(self.fc2(F.relu(self.fc1(x)))))

mean, std = x_train.mean(dim=0), x_train.std(dim=0)
x_val_s = (x_val - mean) / std
torch.manual_seed(1)
wine_model = WineNet()
history_wine = fit(wine_model, (x_train - mean) / std, y_train, loss_fn=nn.CrossEntropyLoss(),
                   optimizer=optim.Adam(wine_model.parameters(), lr=0.03), epochs=5,
                   batch_size=32)
""",
        "pass",
        "",
    ),
    (
        "numpy_stats_sequential_by_hand_rmsprop_batch_64",
        """
import numpy as np
m, s = x_train.numpy().mean(axis=0), x_train.numpy().std(axis=0)
x_train_s = torch.tensor((x_train.numpy() - m) / s, dtype=torch.float32)
x_val_s = torch.tensor((x_val.numpy() - m) / s, dtype=torch.float32)
set_seed(0)
wine_model = nn.Sequential(nn.Linear(13, 10), nn.ReLU(), nn.Linear(10, 10), nn.ReLU(),
                           nn.Linear(10, 3))
opt = optim.RMSprop(wine_model.parameters(), lr=0.01)
history_wine = fit(wine_model, x_train_s, y_train, loss_fn=nn.CrossEntropyLoss(), optimizer=opt,
                   epochs=16, batch_size=64)  # 3 updates per epoch: 48
""",
        "pass",
        "",
    ),
    # --- the common mistakes
    (
        "the_lessons_recipe_copied_150_epochs",
        TRAIN
        + """
history_wine = fit(wine_model, x_train_s, y_train, loss_fn=nn.CrossEntropyLoss(),
                   optimizer=optim.Adam(wine_model.parameters(), lr=1e-3),
                   epochs=150, batch_size=32, seed=0)
""",
        "fail",
        "750 updates (150 epochs of 5); the budget is 50",
    ),
    (
        "the_lessons_recipe_stopped_at_10_epochs",
        TRAIN
        + """
history_wine = fit(wine_model, x_train_s, y_train, loss_fn=nn.CrossEntropyLoss(),
                   optimizer=optim.Adam(wine_model.parameters(), lr=1e-3),
                   epochs=10, batch_size=32, seed=0)
""",
        "fail",
        "wine_model is still learning",
    ),
    (
        "learning_rate_doubled_not_enough",
        TRAIN
        + """
history_wine = fit(wine_model, x_train_s, y_train, loss_fn=nn.CrossEntropyLoss(),
                   optimizer=optim.Adam(wine_model.parameters(), lr=2e-3), epochs=10,
                   batch_size=32)
""",
        "fail",
        "Validation accuracy 0.861 is below 0.9. wine_model is still learning",
    ),
    (
        "one_epoch_past_the_budget",
        TRAIN
        + """
history_wine = fit(wine_model, x_train_s, y_train, loss_fn=nn.CrossEntropyLoss(),
                   optimizer=optim.Adam(wine_model.parameters(), lr=1e-2),
                   epochs=11, batch_size=32)
""",
        "fail",
        "55 updates (11 epochs of 5); the budget is 50",
    ),
    (
        "smaller_batches_more_updates",
        TRAIN
        + """
history_wine = fit(wine_model, x_train_s, y_train, loss_fn=nn.CrossEntropyLoss(),
                   optimizer=optim.Adam(wine_model.parameters(), lr=1e-3),
                   epochs=10, batch_size=8)
""",
        "fail",
        "180 updates (10 epochs of 18); the budget is 50",
    ),
    # a softmax at the end gets the same diagnosis however long it trains, and whatever accuracy
    (
        "softmax_at_the_end_10_epochs_accuracy_above_target",
        """
scaler = Standardizer().fit(x_train)
x_train_s, x_val_s = scaler.transform(x_train), scaler.transform(x_val)
set_seed(0)
wine_model = nn.Sequential(mlp([13, 10, 10, 3]), nn.Softmax(dim=1))
history_wine = fit(wine_model, x_train_s, y_train, loss_fn=nn.CrossEntropyLoss(),
                   optimizer=optim.Adam(wine_model.parameters(), lr=1e-2), epochs=10,
                   batch_size=32)
""",
        "fail",
        "has a Softmax layer, so it is not the model the task gives",
    ),
    (
        "softmax_at_the_end_lesson_recipe_1e-3",
        """
scaler = Standardizer().fit(x_train)
x_train_s, x_val_s = scaler.transform(x_train), scaler.transform(x_val)
set_seed(0)
wine_model = nn.Sequential(nn.Linear(13, 10), nn.ReLU(), nn.Linear(10, 10), nn.ReLU(),
                           nn.Linear(10, 3), nn.Softmax(dim=1))
history_wine = fit(wine_model, x_train_s, y_train, loss_fn=nn.CrossEntropyLoss(),
                   optimizer=optim.Adam(wine_model.parameters(), lr=1e-3), epochs=10,
                   batch_size=32)
""",
        "fail",
        "has a Softmax layer, so it is not the model the task gives",
    ),
    (
        "softmax_in_a_hand_written_forward",
        """
import torch.nn.functional as F

class Classifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = mlp([13, 10, 10, 3])

    def forward(self, x):
        return F.softmax(self.net(x), dim=1)  # probabilities per class

scaler = Standardizer().fit(x_train)
x_train_s, x_val_s = scaler.transform(x_train), scaler.transform(x_val)
set_seed(0)
wine_model = Classifier()
history_wine = fit(wine_model, x_train_s, y_train, loss_fn=nn.CrossEntropyLoss(),
                   optimizer=optim.Adam(wine_model.parameters(), lr=1e-2), epochs=10,
                   batch_size=32)
""",
        "fail",
        "outputs probabilities (each row sums to 1), so it is not the model the task gives",
    ),
    (
        "log_softmax_at_the_end",
        TRAIN.replace(
            "mlp([13, 10, 10, 3])", "nn.Sequential(mlp([13, 10, 10, 3]), nn.LogSoftmax(dim=1))"
        )
        + """
history_wine = fit(wine_model, x_train_s, y_train, loss_fn=nn.CrossEntropyLoss(),
                   optimizer=optim.Adam(wine_model.parameters(), lr=1e-2), epochs=10,
                   batch_size=32)
""",
        "fail",
        "applies log-softmax itself and wants raw logits: the layer adds nothing",
    ),
    # --- less obvious ones
    (
        "dropout_added",
        TRAIN.replace(
            "mlp([13, 10, 10, 3])",
            "nn.Sequential(*mlp([13, 10, 10, 3])[:4], nn.Dropout(0.2), mlp([13, 10, 10, 3])[4])",
        )
        + """
history_wine = fit(wine_model, x_train_s, y_train, loss_fn=nn.CrossEntropyLoss(),
                   optimizer=optim.Adam(wine_model.parameters(), lr=1e-2), epochs=10,
                   batch_size=32)
""",
        "fail",
        "wine_model adds Dropout to mlp([13, 10, 10, 3])",
    ),
    (
        "a_bigger_model_than_the_one_given",
        """
scaler = Standardizer().fit(x_train)
x_train_s, x_val_s = scaler.transform(x_train), scaler.transform(x_val)
wine_model = mlp([13, 64, 64, 3])
history_wine = fit(wine_model, x_train_s, y_train, loss_fn=nn.CrossEntropyLoss(),
                   optimizer=optim.Adam(wine_model.parameters(), lr=1e-2), epochs=10,
                   batch_size=32)
""",
        "fail",
        "its Linear layers go 13 -> 64 -> 64 -> 3",
    ),
    (
        "relus_left_out",
        """
scaler = Standardizer().fit(x_train)
x_train_s, x_val_s = scaler.transform(x_train), scaler.transform(x_val)
wine_model = nn.Sequential(nn.Linear(13, 10), nn.Linear(10, 10), nn.Linear(10, 3))
history_wine = fit(wine_model, x_train_s, y_train, loss_fn=nn.CrossEntropyLoss(),
                   optimizer=optim.Adam(wine_model.parameters(), lr=1e-2), epochs=10,
                   batch_size=32)
""",
        "fail",
        "wine_model's layers are Linear, Linear, Linear",
    ),
    (
        "statistics_from_the_validation_split",
        """
x_train_s = Standardizer().fit(x_train).transform(x_train)
x_val_s = Standardizer().fit(x_val).transform(x_val)  # each split its own statistics
set_seed(0)
wine_model = mlp([13, 10, 10, 3])
history_wine = fit(wine_model, x_train_s, y_train, loss_fn=nn.CrossEntropyLoss(),
                   optimizer=optim.Adam(wine_model.parameters(), lr=1e-2), epochs=10,
                   batch_size=32)
""",
        "fail",
        "standardised with the validation split's own mean and std",
    ),
    (
        "statistics_from_all_the_data",
        """
scaler = Standardizer().fit(wine.x)
x_train_s, x_val_s = scaler.transform(x_train), scaler.transform(x_val)
set_seed(0)
wine_model = mlp([13, 10, 10, 3])
history_wine = fit(wine_model, x_train_s, y_train, loss_fn=nn.CrossEntropyLoss(),
                   optimizer=optim.Adam(wine_model.parameters(), lr=1e-2), epochs=10,
                   batch_size=32)
""",
        "fail",
        "the mean and std of all 178 wines, validation included",
    ),
    (
        "divided_by_the_variance",
        """
mean, var = x_train.mean(dim=0), x_train.var(dim=0)
x_val_s = (x_val - mean) / var
set_seed(0)
wine_model = mlp([13, 10, 10, 3])
history_wine = fit(wine_model, (x_train - mean) / var, y_train, loss_fn=nn.CrossEntropyLoss(),
                   optimizer=optim.Adam(wine_model.parameters(), lr=1e-2), epochs=10,
                   batch_size=32)
""",
        "fail",
        "centred with the training means, but its columns are divided by something other",
    ),
    (
        "unscaled_inputs",
        """
x_val_s = x_val  # the data is already in numbers
set_seed(0)
wine_model = mlp([13, 10, 10, 3])
history_wine = fit(wine_model, x_train, y_train, loss_fn=nn.CrossEntropyLoss(),
                   optimizer=optim.Adam(wine_model.parameters(), lr=1e-2), epochs=10,
                   batch_size=32)
""",
        "fail",
        "x_val_s is x_val unscaled",
    ),
    (
        "trained_on_unscaled_features_evaluated_on_scaled",
        """
scaler = Standardizer().fit(x_train)
x_val_s = scaler.transform(x_val)
set_seed(0)
wine_model = mlp([13, 10, 10, 3])
history_wine = fit(wine_model, x_train, y_train, loss_fn=nn.CrossEntropyLoss(),
                   optimizer=optim.Adam(wine_model.parameters(), lr=1e-2), epochs=10,
                   batch_size=32)
""",
        "fail",
        "it was trained on x_train as it is",
    ),
    (
        "trained_on_the_validation_split",
        """
scaler = Standardizer().fit(x_train)
x_val_s = scaler.transform(x_val)
set_seed(0)
wine_model = mlp([13, 10, 10, 3])
history_wine = fit(wine_model, x_val_s, y_val, loss_fn=nn.CrossEntropyLoss(),
                   optimizer=optim.Adam(wine_model.parameters(), lr=1e-2), epochs=10,
                   batch_size=32)
""",
        "fail",
        "training on 36 wines: the validation split",
    ),
    (
        "trained_on_training_and_validation_wines",
        TRAIN
        + """
history_wine = fit(wine_model, torch.cat([x_train_s, x_val_s]), torch.cat([y_train, y_val]),
                   loss_fn=nn.CrossEntropyLoss(),
                   optimizer=optim.Adam(wine_model.parameters(), lr=1e-2), epochs=8,
                   batch_size=32)
""",
        "fail",
        "training on all 178 wines, validation included",
    ),
    (
        "labels_1_to_3",
        TRAIN
        + """
history_wine = fit(wine_model, x_train_s, y_train, loss_fn=nn.CrossEntropyLoss(),
                   optimizer=optim.Adam(wine_model.parameters(), lr=1e-2), epochs=10,
                   batch_size=32)
y_val = y_val + 1  # the cultivars are numbered 1, 2, 3 in the original data
""",
        "fail",
        "y_val holds the labels 1, 2, 3",
    ),
    (
        "float_labels",
        TRAIN
        + """
history_wine = fit(wine_model, x_train_s, y_train, loss_fn=nn.CrossEntropyLoss(),
                   optimizer=optim.Adam(wine_model.parameters(), lr=1e-2), epochs=10,
                   batch_size=32)
y_val = y_val.float()  # targets were floats in every lesson so far
""",
        "fail",
        "y_val holds floats",
    ),
    (
        "kept_training_an_already_trained_model",
        TRAIN
        + """
fit(wine_model, x_train_s, y_train, loss_fn=nn.CrossEntropyLoss(),
    optimizer=optim.Adam(wine_model.parameters(), lr=1e-3), epochs=150, batch_size=32)
history_wine = fit(wine_model, x_train_s, y_train, loss_fn=nn.CrossEntropyLoss(),
                   optimizer=optim.Adam(wine_model.parameters(), lr=1e-3), epochs=10,
                   batch_size=32)  # only the last 50 updates are on the record
""",
        "fail",
        "wine_model had already learned before this fit",
    ),
    (
        "nll_loss_on_logits",
        TRAIN
        + """
history_wine = fit(wine_model, x_train_s, y_train, loss_fn=nn.NLLLoss(),
                   optimizer=optim.Adam(wine_model.parameters(), lr=1e-2), epochs=10,
                   batch_size=32)
""",
        "fail",
        "that is not CrossEntropyLoss",
    ),
    (
        "learning_rate_far_too_large",
        TRAIN
        + """
history_wine = fit(wine_model, x_train_s, y_train, loss_fn=nn.CrossEntropyLoss(),
                   optimizer=optim.SGD(wine_model.parameters(), lr=5.0), epochs=10,
                   batch_size=32)
""",
        "fail",
        "The updates overshoot: a batch loss jumped to 62.7",
    ),
    (
        "the_training_features_passed_as_x_val_s",
        TRAIN
        + """
history_wine = fit(wine_model, x_train_s, y_train, loss_fn=nn.CrossEntropyLoss(),
                   optimizer=optim.Adam(wine_model.parameters(), lr=1e-2), epochs=10,
                   batch_size=32)
x_val_s = x_train_s
""",
        "fail",
        "x_val_s has 142 rows; the validation split has 36 wines",
    ),
    (
        "no_history_kept",
        TRAIN
        + """
fit(wine_model, x_train_s, y_train, loss_fn=nn.CrossEntropyLoss(),
    optimizer=optim.Adam(wine_model.parameters(), lr=1e-2), epochs=10, batch_size=32)
history_wine = 10  # epochs
""",
        "fail",
        "history_wine should be what fit returns",
    ),
]


@pytest.mark.parametrize(
    "answer, verdict, phrase", [a[1:] for a in EXERCISE_1], ids=[a[0] for a in EXERCISE_1]
)
def test_exercise_1_attempt_gets_its_verdict_and_hint(answer, verdict, phrase):
    assert_verdict(answer, 1, verdict, phrase)


def test_exercise_1_puts_the_model_back_in_training_mode():
    namespace: dict = {}
    with contextlib.redirect_stdout(io.StringIO()):
        exec(SETUP, namespace)
        exec(EXERCISES[1]["solution"], namespace)
        exec(EXERCISES[1]["check"], namespace)
    assert namespace["wine_model"].training


# -------------------------------------------------------------- exercise 2: accuracy from logits

EXERCISE_2 = [
    (
        "integer_division",  # found by a learner's review: blamed on notebook variables before
        """
def accuracy_from_logits(logits, y):
    return (logits.argmax(dim=1) == y).sum().item() // len(y)
""",
        "fail",
        "integer division (//) rounds the fraction down",
    ),
    # --- right answers, written differently from the solution
    (
        "softmax_first_then_count",
        """
def accuracy_from_logits(logits, y):
    probs = torch.softmax(logits, dim=1)
    return (probs.argmax(1) == y).sum().item() / len(y)
""",
        "pass",
        "",
    ),
    (
        "numpy",
        """
import numpy as np

def accuracy_from_logits(logits, y):
    return np.mean(np.argmax(logits.numpy(), axis=1) == y.numpy())
""",
        "pass",
        "",
    ),
    (
        "a_loop_over_rows",
        """
def accuracy_from_logits(logits, y):
    correct = 0
    for row, label in zip(logits, y):
        if row.argmax() == label:
            correct += 1
    return correct / len(y)
""",
        "pass",
        "",
    ),
    (
        "torch_max_indices_double",
        """
def accuracy_from_logits(logits, y):
    _, predicted = torch.max(logits, dim=1)
    return torch.mean((predicted == y).double())
""",
        "pass",
        "",
    ),
    (
        "eq_sum_over_numel_a_tensor",
        """
def accuracy_from_logits(logits, y):
    return logits.argmax(dim=-1).eq(y).sum() / y.numel()
""",
        "pass",
        "",
    ),
    # --- the common mistakes
    (
        "mean_of_a_bool_tensor",
        """
def accuracy_from_logits(logits, y):
    return (logits.argmax(dim=1) == y).mean()
""",
        "fail",
        "gives a bool tensor (True/False), and .mean() is not defined for bools",
    ),
    (
        "argmax_over_dim_0",
        """
def accuracy_from_logits(logits, y):
    return (logits.argmax(dim=0) == y).float().mean().item()
""",
        "fail",
        "argmax(dim=0) picks, for each class, the row",
    ),
    (
        "keepdim",
        """
def accuracy_from_logits(logits, y):
    predictions = logits.argmax(dim=1, keepdim=True)
    return (predictions == y).float().mean()
""",
        "fail",
        "keepdim=True leaves the predictions with shape (N, 1)",
    ),
    (
        "count_not_fraction",
        """
def accuracy_from_logits(logits, y):
    return (logits.argmax(dim=1) == y).sum().item()
""",
        "fail",
        "accuracy_from_logits() returns the number of correct rows",
    ),
    (
        "percentage",
        """
def accuracy_from_logits(logits, y):
    return 100 * (logits.argmax(dim=1) == y).float().mean().item()
""",
        "fail",
        "returns a percentage",
    ),
    (
        "error_rate",
        """
def accuracy_from_logits(logits, y):
    return (logits.argmax(dim=1) != y).float().mean().item()
""",
        "fail",
        "returns the error rate",
    ),
    # --- less obvious ones
    (
        "a_constant",
        """
def accuracy_from_logits(logits, y):
    return 0.5
""",
        "fail",
        "accuracy_from_logits() returns 0.5 whatever logits and y it is given",
    ),
    (
        "the_lessons_globals_instead_of_the_arguments",
        """
wine_model = mlp([13, 10, 10, 3])
x_val_s = Standardizer().fit(x_train).transform(x_val)

def accuracy_from_logits(logits, y):
    with torch.no_grad():
        return accuracy(wine_model, x_val_s, y_val)
""",
        "fail",
        "not from the notebook's variables",
    ),
    (
        "labels_counted_from_1",
        """
def accuracy_from_logits(logits, y):
    predicted_class = logits.argmax(dim=1) + 1  # cultivars 1, 2, 3
    return (predicted_class == y).float().mean().item()
""",
        "fail",
        "Your predictions are shifted by one",
    ),
    (
        "argmax_without_dim",
        """
def accuracy_from_logits(logits, y):
    return (logits.argmax() == y).float().mean().item()
""",
        "fail",
        "argmax() without a dim gives one index into the flattened logits",
    ),
    (
        "prints_instead_of_returning",
        """
def accuracy_from_logits(logits, y):
    print((logits.argmax(dim=1) == y).float().mean().item())
""",
        "fail",
        "but returned None: `return` the accuracy",
    ),
    (
        "changes_logits_in_place",
        """
def accuracy_from_logits(logits, y):
    logits -= logits.max(dim=1, keepdim=True).values  # numerically safe, as softmax does
    return (logits.argmax(dim=1) == y).float().mean().item()
""",
        "fail",
        "accuracy_from_logits() changed logits in place",
    ),
    (
        "returns_the_predictions",
        """
def accuracy_from_logits(logits, y):
    return logits.argmax(dim=1)
""",
        "fail",
        "should return one number",
    ),
    (
        "off_by_one_in_the_loop",
        """
def accuracy_from_logits(logits, y):
    hits = 0
    for i in range(len(y) - 1):
        hits += int(logits[i].argmax() == y[i])
    return hits / (len(y) - 1)
""",
        "fail",
        "leaves out the last row",
    ),
    (
        "divides_by_the_number_of_classes",
        """
def accuracy_from_logits(logits, y):
    n_right = (logits.argmax(dim=1) == y).sum().item()
    return n_right / logits.shape[1]
""",
        "fail",
        "divides by the number of classes",
    ),
    (
        "smallest_logit_and_a_new_name",
        """
def acc(logits, y):
    return (logits.argmin(dim=1) == y).float().mean().item()
accuracy_from_logits = acc
""",
        "fail",
        "picks the smallest logit of each row",
    ),
    (
        "a_wrong_formula_the_checker_does_not_know",
        """
def accuracy_from_logits(logits, y):
    return (logits.argmax(dim=1) == y).float().mean().item() ** 2
""",
        "fail",
        "returned 0.1111; the right fraction is 0.3333: check the predictions",
    ),
]


@pytest.mark.parametrize(
    "answer, verdict, phrase", [a[1:] for a in EXERCISE_2], ids=[a[0] for a in EXERCISE_2]
)
def test_exercise_2_attempt_gets_its_verdict_and_hint(answer, verdict, phrase):
    assert_verdict(answer, 2, verdict, phrase)


def test_exercise_2_translated_errors_quote_the_learners_line():
    _, failed = run(
        "def accuracy_from_logits(logits, y):\n    return (logits.argmax(dim=1) == y).mean()\n", 2
    )
    assert str(failed).startswith(
        "accuracy_from_logits() raised RuntimeError at `return (logits.argmax(dim=1) == y).mean()`"
    )
    assert "argmax(dim=1)" not in str(failed).splitlines()[1]  # the fix is about the mean


# ------------------------------------------------------------------ exercise 3: predict, then check

EXERCISE_3 = [
    ("the_floor", "my_prediction = 0.55", "pass", ""),
    ("worked_out", "import math\nmy_prediction = math.log(1 + 2 / math.e)", "pass", ""),
    ("a_bit_above", "my_prediction = 0.6", "pass", ""),
    ("as_text", "my_prediction = '0.55'", "pass", ""),
    ("like_the_plain_model", "my_prediction = 0.0084", "fail", "you wrote 0.0084"),
    ("zero", "my_prediction = 0", "fail", "you wrote 0"),
    ("nothing_learned", "my_prediction = 1.0986", "fail", "you wrote 1.0986"),
    ("between_the_two", "my_prediction = 0.7", "fail", "you wrote 0.7"),
    ("not_written", "my_prediction = ...", "fail", "replace the ... with your guess"),
    ("a_letter", "my_prediction = 'B'", "fail", "should be a number"),
]


@pytest.mark.parametrize(
    "answer, verdict, phrase", [a[1:] for a in EXERCISE_3], ids=[a[0] for a in EXERCISE_3]
)
def test_exercise_3_prediction_gets_its_verdict(answer, verdict, phrase):
    assert_verdict(answer, 3, verdict, phrase)


# ------------------------------------------------------------------ every exercise on its own


@pytest.mark.parametrize("exercise", sorted(EXERCISES))
def test_each_exercise_runs_after_a_restart_with_only_the_set_up_cell(exercise):
    """After "restart kernel": the Exercises set-up cell, then only this exercise's cells."""
    out, failed = run(EXERCISES[exercise]["solution"], exercise)
    assert failed is None, str(failed)
    assert [line for line in out.splitlines() if line.startswith("Correct:")], out
    assert out.count("Correct:") == 1, out


def test_the_corpus_has_eight_attempts_and_three_other_right_answers_per_exercise():
    for table in (EXERCISE_1, EXERCISE_2, EXERCISE_3):
        assert len(table) >= 8
        assert sum(verdict == "pass" for _, _, verdict, _ in table) >= 3
    assert sorted(EXERCISES) == [1, 2, 3]


@pytest.mark.slow
def test_in_a_real_kernel_a_wrong_answer_shows_only_its_hint():
    """What JupyterLab shows: the set-up cell, then a wrong answer and its check cell per
    exercise; each check's error is the hint alone (IPython calls _render_traceback_)."""
    import nbformat
    from nbclient import NotebookClient

    wrong = {
        1: {a[0]: a[1] for a in EXERCISE_1}["softmax_at_the_end_10_epochs_accuracy_above_target"],
        2: "def accuracy_from_logits(logits, y):\n    return (logits.argmax(dim=1) == y).mean()\n",
        3: "my_prediction = ...",
    }
    sources = [SETUP]
    for n, answer in wrong.items():
        sources += [answer, EXERCISES[n]["check"]]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])
    NotebookClient(nb, kernel_name="python3", allow_errors=True, timeout=300).execute()
    checks = nb.cells[2::2]
    for cell, phrase in zip(checks, ["has a Softmax layer", "bool tensor", "replace the ..."]):
        (error,) = [o for o in cell.outputs if o.output_type == "error"]
        shown = "\n".join(error.traceback)
        assert 1 <= len(error.traceback) <= MAX_LINES, shown
        assert error.traceback[0].startswith("✗ Not yet:") and phrase in shown, shown
        for leak in ("Traceback", "site-packages", *CHECKER_FILES, "_feedback.py"):
            assert leak not in shown, (leak, shown)
    assert "`return (logits.argmax(dim=1) == y).mean()`" in "\n".join(
        checks[1].outputs[-1].traceback
    )
    assert not [o for o in nb.cells[0].outputs if o.output_type == "error"]
