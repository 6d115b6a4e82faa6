"""The checkers of lesson 07 (wine_classification): the corpus of learner attempts, each with the
verdict and the hint it must get."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")  # the exercises draw one figure; no window in a test run

import pytest  # noqa: E402
import torch  # noqa: E402
from check_helpers import fails, passes  # noqa: E402
from torch import nn, optim  # noqa: E402

from course_utils import checks  # noqa: E402

# ------------------------------------------------------------------ 07


@pytest.fixture(scope="module")
def wine():
    """The lesson's recipe, trained once: a standardised split and an MLP above 0.9."""
    from course_utils import set_seed
    from course_utils.data import Standardizer, load_wine, train_val_split
    from course_utils.models import mlp
    from course_utils.training import fit

    data = load_wine()
    (x_tr, y_tr), (x_val, y_val) = train_val_split(data.x, data.y, seed=0, stratify=True)
    scaler = Standardizer().fit(x_tr)
    set_seed(0)
    model = mlp([13, 10, 10, 3])
    fit(
        model,
        scaler.transform(x_tr),
        y_tr,
        loss_fn=nn.CrossEntropyLoss(),
        optimizer=optim.Adam(model.parameters(), lr=1e-3),
        epochs=150,
        batch_size=32,
    )
    return model, scaler.transform(x_val), y_val, x_val


def test_wine_accuracy_accepts_the_trained_mlp(wine, capsys):
    model, x_val_s, y_val, _ = wine
    passes(checks.check_wine_accuracy, model, x_val_s, y_val, capsys=capsys)
    assert model.training  # the checker puts the model back in the mode it found it in


def test_wine_accuracy_names_the_mistake(wine):
    model, x_val_s, y_val, x_val_raw = wine
    torch.manual_seed(1)
    softmax_model = nn.Sequential(nn.Linear(13, 3), nn.Softmax(dim=1))
    fails(checks.check_wine_accuracy, softmax_model, x_val_s, y_val, hint="ends with a softmax")
    fails(checks.check_wine_accuracy, model, x_val_raw, y_val, hint="x_val is not standardised")
    one_class = nn.Linear(13, 3)
    with torch.no_grad():
        one_class.weight.zero_()
        one_class.bias.copy_(torch.tensor([5.0, 0.0, 0.0]))
    fails(checks.check_wine_accuracy, one_class, x_val_s, y_val, hint="same class for every sample")
    fails(checks.check_wine_accuracy, nn.Linear(13, 1), x_val_s, y_val, hint="(N, 3)")
    fails(checks.check_wine_accuracy, model, x_val_s, y_val.float(), hint="integer class labels")
    fails(
        checks.check_wine_accuracy, model, x_val_s[:10], y_val[:10], hint="whole validation split"
    )
    fails(checks.check_wine_accuracy, model.state_dict(), x_val_s, y_val, hint="an nn.Module")
    fails(checks.check_wine_accuracy, model, x_val_s.numpy(), y_val, hint="a (N, 13) tensor")
    fails(checks.check_wine_accuracy, model, x_val_s[:, :12], y_val, hint="a (N, 13) tensor")
    untrained = nn.Linear(13, 3)
    with torch.no_grad():
        untrained.weight.copy_(torch.linspace(-1, 1, 39).reshape(3, 13))
    fails(checks.check_wine_accuracy, untrained, x_val_s, y_val, hint="below 0.9")


def test_accuracy_from_logits_accepts_logits_or_probabilities(capsys):
    passes(
        checks.check_accuracy_from_logits,
        lambda z, y: (z.argmax(dim=1) == y).float().mean(),
        capsys=capsys,
    )
    passes(
        checks.check_accuracy_from_logits,
        lambda z, y: float((z.softmax(dim=1).argmax(dim=1) == y).sum()) / len(y),
        capsys=capsys,
    )


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (lambda z, y: (z.argmax(dim=0) == y).float().mean(), "argmax(dim=0) picks"),
        (lambda z, y: (z.argmax(dim=1, keepdim=True) == y).float().mean(), "Drop keepdim"),
        (lambda z, y: (z.argmax(dim=1) == y).sum(), "number of correct predictions"),
        (lambda z, y: 100 * (z.argmax(dim=1) == y).float().mean(), "not a percentage"),
        (lambda z, y: (z.argmax(dim=1) != y).float().mean(), "error rate"),
        (lambda z, y: (z.argmax(dim=1)[:-1] == y[:-1]).float().mean(), "Accuracy is"),
    ],
)
def test_accuracy_from_logits_names_the_mistake(wrong, hint):
    fails(checks.check_accuracy_from_logits, wrong, hint=hint)


def test_accuracy_from_logits_turns_a_shape_error_into_a_hint():
    def argmax_dim0_unless_square(z, y):  # right on 3 samples, 3 predictions for 8 labels otherwise
        return (z.argmax(dim=1 if len(y) == 3 else 0) == y).float().mean()

    fails(checks.check_accuracy_from_logits, argmax_dim0_unless_square, hint="raised RuntimeError")
