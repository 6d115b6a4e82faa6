"""Every public function of course_utils, fed bad input, answers clearly.

Each case gives a public function a bad input (wrong shape or dtype, NaN, empty, an
out-of-range argument, a list, a NumPy array, None or a string where a tensor or number is
expected). The function must either return a correct result, or raise an exception that

- is raised by course_utils itself (not from deep inside torch, NumPy or matplotlib),
- names the argument (as a word in the message), and
- carries no raw internal message ("mat1 and mat2", "index out of range", ...).

A case that fails carries ``known="..."``, the proposed fix, and runs as a strict xfail, so
the test says so once the fix lands and the mark must go. No case carries one today.
``python tests/test_bad_input_sweep.py`` prints the whole table: function, input, verdict,
result or message.
"""

from __future__ import annotations

import re
import traceback
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")  # headless; before pyplot

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
import torch  # noqa: E402
from torch import nn  # noqa: E402

import course_utils as cu  # noqa: E402
from course_utils import _validate, landscape, liveplot, plotting, widgets  # noqa: E402

COURSE_DIR = Path(cu.__file__).resolve().parent
NAN = float("nan")

# messages that come from the internals of torch, NumPy, matplotlib or Python, not from the course
RAW = [
    "mat1 and mat2",
    "index out of range",
    "could not broadcast",
    "must match the size of tensor",
    "unsupported operand type",
    "object has no attribute",
    "is not subscriptable",
    "is not callable",
    "is not iterable",
    "not supported between instances",
    "has no len()",
    "could not convert string",
    "expected str, bytes or os.PathLike",
    "zero-size array",
    "values to unpack",
    "invalid combination of arguments",
    "Expected one of cpu",
    "only integer tensors",
    "too many indices",
    "Found dtype",
    "expected scalar type",
    "Expected all tensors",
    "division by zero",
    "invalid literal",
    "must be real number, not",
    "argument must be",
    "object cannot be interpreted",
    "len() of a 0-d tensor",
    "out of bounds",
]

# ------------------------------------------------------------------ data used by the cases

X, Y = cu.make_linear_data(20, seed=1)  # float32 (20, 1)
XS, YS = X.numpy().astype(np.float64), Y.numpy().astype(np.float64)
X_NAN = X.clone()
X_NAN[3, 0] = NAN
X2 = torch.cat([X, X], dim=1)  # (20, 2): two features
EMPTY = torch.empty(0, 1)
HIST = cu.gradient_descent(X, Y, lr=0.01, epochs=5)
W_STAR, B_STAR = cu.closed_form(X, Y)
LABELS = torch.tensor([0, 1, 2, 0, 1, 2, 0, 1, 2, 0] * 2)  # 20 class labels
FEATURES = torch.randn(20, 4, generator=torch.Generator().manual_seed(0))
SCALER = cu.Standardizer().fit(X2)


def line():
    return cu.linear_model(0.0, 0.0)


def classifier():
    with torch.random.fork_rng(devices=[]):  # the same start every time; the global RNG untouched
        torch.manual_seed(0)
        return cu.mlp([4, 3])


def sgd(model, lr=0.01):
    return torch.optim.SGD(model.parameters(), lr=lr)


def axes(n):
    return list(plt.figure().subplots(1, n, squeeze=False)[0])


# ------------------------------------------------------------------ result checks


def same(expected: Any) -> Callable[[Any], bool]:
    """The result equals ``expected`` (tensors, arrays, floats, tuples of them)."""

    def check(result: Any) -> bool:
        def eq(a, b):
            if isinstance(a, (tuple, list)) and isinstance(b, (tuple, list)):
                return len(a) == len(b) and all(eq(p, q) for p, q in zip(a, b))
            a = a.detach().numpy() if isinstance(a, torch.Tensor) else a
            b = b.detach().numpy() if isinstance(b, torch.Tensor) else b
            return np.allclose(
                np.asarray(a, dtype=float), np.asarray(b, dtype=float), equal_nan=True
            )

        return eq(result, expected)

    return check


def every_sample_once(n: int) -> Callable[[Any], bool]:
    def check(pairs: Any) -> bool:
        xs = torch.cat([torch.as_tensor(np.asarray(xb)) for xb, _ in pairs])
        return len(xs) == n and torch.equal(
            xs.reshape(-1).sort().values.float(), X.reshape(-1).sort().values
        )

    return check


# ------------------------------------------------------------------ the cases


@dataclass
class Case:
    func: str  # the public name (Class.method for methods)
    label: str  # the bad input
    call: Callable[[], Any]
    names: tuple[str, ...]  # an error must name one of these
    check: Callable[[Any], bool] | None = (
        None  # a result is accepted when check(result); None: must raise
    )
    known: str = ""  # fails today: the proposed fix


def case(func, label, call, names, check=None, known=""):
    return Case(
        func, label, call, (names,) if isinstance(names, str) else tuple(names), check, known
    )


CASES: list[Case] = [
    # --- data
    case("make_linear_data", "n=0", lambda: cu.make_linear_data(0), "n"),
    case("make_linear_data", "n=2.5", lambda: cu.make_linear_data(2.5), "n"),
    case("make_linear_data", "n='10'", lambda: cu.make_linear_data("10"), "n"),
    case("make_linear_data", "n=None", lambda: cu.make_linear_data(None), "n"),
    case("make_linear_data", "noise=-1", lambda: cu.make_linear_data(noise=-1), "noise"),
    case("make_linear_data", "noise=nan", lambda: cu.make_linear_data(noise=NAN), "noise"),
    case("make_linear_data", "noise='1'", lambda: cu.make_linear_data(noise="1"), "noise"),
    case("make_linear_data", "w=nan", lambda: cu.make_linear_data(w=NAN), "w"),
    case("make_linear_data", "w=None", lambda: cu.make_linear_data(w=None), "w"),
    case(
        "make_linear_data", "x_range=(5, 1)", lambda: cu.make_linear_data(x_range=(5, 1)), "x_range"
    ),
    case(
        "make_linear_data",
        "x_range=(0, nan)",
        lambda: cu.make_linear_data(x_range=(0, NAN)),
        "x_range",
    ),
    case("make_linear_data", "x_range=None", lambda: cu.make_linear_data(x_range=None), "x_range"),
    case(
        "make_linear_data",
        "x_range=(0, 1, 2)",
        lambda: cu.make_linear_data(x_range=(0, 1, 2)),
        "x_range",
    ),
    case("make_linear_data", "seed='a'", lambda: cu.make_linear_data(seed="a"), "seed"),
    case("batches", "batch_size=0", lambda: list(cu.batches(X, Y, 0)), "batch_size"),
    case("batches", "batch_size=2.5", lambda: list(cu.batches(X, Y, 2.5)), "batch_size"),
    case("batches", "batch_size='8'", lambda: list(cu.batches(X, Y, "8")), "batch_size"),
    case("batches", "batch_size=None", lambda: list(cu.batches(X, Y, None)), "batch_size"),
    case("batches", "batch_size=21 > N", lambda: list(cu.batches(X, Y, 21)), "batch_size"),
    case("batches", "y shorter than x", lambda: list(cu.batches(X, Y[:5], 4)), ("x", "y")),
    case("batches", "x, y empty", lambda: list(cu.batches(EMPTY, EMPTY, 1)), ("x", "y")),
    case(
        "batches",
        "x with NaN",
        lambda: list(cu.batches(X_NAN, Y, 8, shuffle=False)),
        "x",
        check=lambda r: sum(len(xb) for xb, _ in r) == 20,
    ),
    case(
        "batches",
        "x, y NumPy arrays",
        lambda: list(cu.batches(XS, YS, 8)),
        "x",
        check=every_sample_once(20),
    ),
    case(
        "batches",
        "x, y lists",
        lambda: list(cu.batches(XS.tolist(), YS.tolist(), 8)),
        "x",
        check=every_sample_once(20),
    ),
    case("batches", "x=None", lambda: list(cu.batches(None, Y, 8)), "x"),
    case("batches", "x 0-d tensor", lambda: list(cu.batches(torch.tensor(1.0), Y, 8)), "x"),
    case(
        "batches",
        "generator=0 (a seed)",
        lambda: list(cu.batches(X, Y, 8, generator=0)),
        "generator",
    ),
    case("make_loader", "batch_size=0", lambda: cu.make_loader(X, Y, 0), "batch_size"),
    case("make_loader", "batch_size=100 > N", lambda: cu.make_loader(X, Y, 100), "batch_size"),
    case("make_loader", "y shorter than x", lambda: cu.make_loader(X, Y[:3], 2), ("x", "y")),
    case(
        "make_loader",
        "x, y lists",
        lambda: list(cu.make_loader(XS.tolist(), YS.tolist(), 8)),
        "x",
        check=every_sample_once(20),
    ),
    case("make_loader", "seed='a'", lambda: cu.make_loader(X, Y, 8, seed="a"), "seed"),
    case("train_val_split", "val_frac=0", lambda: cu.train_val_split(X, Y, 0), "val_frac"),
    case("train_val_split", "val_frac=1.5", lambda: cu.train_val_split(X, Y, 1.5), "val_frac"),
    case("train_val_split", "val_frac=nan", lambda: cu.train_val_split(X, Y, NAN), "val_frac"),
    case("train_val_split", "val_frac='0.2'", lambda: cu.train_val_split(X, Y, "0.2"), "val_frac"),
    case(
        "train_val_split",
        "val_frac=0.01 of 20 (no validation sample)",
        lambda: cu.train_val_split(X, Y, 0.01),
        "val_frac",
    ),
    case("train_val_split", "one sample", lambda: cu.train_val_split(X[:1], Y[:1]), ("x", "y")),
    case("train_val_split", "y shorter than x", lambda: cu.train_val_split(X, Y[:5]), ("x", "y")),
    case(
        "train_val_split",
        "stratify=True with float y",
        lambda: cu.train_val_split(X, Y, stratify=True),
        ("y", "stratify"),
    ),
    case(
        "train_val_split",
        "stratify=True, a class of 1",
        lambda: cu.train_val_split(X[:4], torch.tensor([0, 0, 0, 1]), stratify=True),
        ("stratify", "class"),
    ),
    case(
        "train_val_split",
        "x, y NumPy arrays",
        lambda: cu.train_val_split(XS, YS),
        "x",
        check=lambda r: len(r[0][0]) + len(r[1][0]) == 20,
    ),
    case(
        "train_val_split",
        "x, y lists",
        lambda: cu.train_val_split(XS.tolist(), YS.tolist()),
        "x",
        check=lambda r: len(r[0][0]) + len(r[1][0]) == 20,
    ),
    case("train_val_split", "seed='a'", lambda: cu.train_val_split(X, Y, seed="a"), "seed"),
    case("Standardizer.fit", "x 1-D", lambda: cu.Standardizer().fit(X.reshape(-1)), "x"),
    case("Standardizer.fit", "x with NaN", lambda: cu.Standardizer().fit(X_NAN), "x"),
    case("Standardizer.fit", "x empty", lambda: cu.Standardizer().fit(torch.empty(0, 2)), "x"),
    case("Standardizer.fit", "x=None", lambda: cu.Standardizer().fit(None), "x"),
    case("Standardizer.fit", "x='abc'", lambda: cu.Standardizer().fit("abc"), "x"),
    case(
        "Standardizer.fit",
        "x list of lists",
        lambda: cu.Standardizer().fit(X2.tolist()).mean,
        "x",
        check=same(X2.mean(dim=0)),
    ),
    case(
        "Standardizer.fit",
        "x int64",
        lambda: cu.Standardizer().fit(torch.arange(6).reshape(3, 2)).mean,
        "x",
        check=same([2.0, 3.0]),
    ),
    case("Standardizer.transform", "before fit", lambda: cu.Standardizer().transform(X2), ("fit",)),
    case(
        "Standardizer.transform", "x with 1 column, fitted on 2", lambda: SCALER.transform(X), "x"
    ),
    case(
        "Standardizer.transform",
        "x with NaN",
        lambda: SCALER.transform(torch.cat([X_NAN, X], 1)),
        "x",
    ),
    case("Standardizer.inverse_transform", "z=None", lambda: SCALER.inverse_transform(None), "z"),
    case(
        "load_wine",
        "path missing",
        lambda: cu.load_wine("/nonexistent/wine.csv"),
        ("path", "wine.csv"),
    ),
    case("load_wine", "path=123", lambda: cu.load_wine(123), "path"),
    # --- gradients
    case("mse", "(N, 1) vs (N,)", lambda: cu.mse(X, Y.reshape(-1)), ("y_pred", "y")),
    case(
        "mse",
        "lists of different lengths",
        lambda: cu.mse([1.0, 2.0], [1.0, 2.0, 3.0]),
        ("y_pred", "y"),
    ),
    case("mse", "lists", lambda: cu.mse([1.0, 2.0], [1.0, 4.0]), "y", check=same(2.0)),
    case("mse", "NaN", lambda: cu.mse(X_NAN, Y), "y_pred"),
    case("mse", "empty", lambda: cu.mse(np.array([]), np.array([])), "y_pred"),
    case("mse", "None", lambda: cu.mse(None, Y), "y_pred"),
    case("mse", "strings", lambda: cu.mse("ab", "cd"), "y_pred"),
    case("mse_grad", "x (N, 2)", lambda: cu.mse_grad(X2, Y, 1.0, 0.0), "x"),
    case("mse_grad", "y shorter than x", lambda: cu.mse_grad(X, Y[:5], 1.0, 0.0), ("x", "y")),
    case(
        "mse_grad",
        "x int list",
        lambda: cu.mse_grad([1, 2, 3], [2, 4, 6], 1, 0),
        "x",
        check=same((-28 / 3, -4.0)),
    ),
    case("mse_grad", "w=None", lambda: cu.mse_grad(X, Y, None, 0.0), "w"),
    case("mse_grad", "w='1'", lambda: cu.mse_grad(X, Y, "1", 0.0), "w"),
    case(
        "mse_grad",
        "w=tensor(1.) requiring grad",
        lambda: cu.mse_grad(X, Y, torch.tensor(1.0, requires_grad=True), 0.0),
        "w",
        check=same(cu.mse_grad(X, Y, 1.0, 0.0)),
    ),
    case(
        "numerical_grad", "eps=0", lambda: cu.numerical_grad(lambda w: w * w, [1.0], eps=0), "eps"
    ),
    case(
        "numerical_grad",
        "eps='a'",
        lambda: cu.numerical_grad(lambda w: w * w, [1.0], eps="a"),
        "eps",
    ),
    case("numerical_grad", "f=3 (not callable)", lambda: cu.numerical_grad(3, [1.0]), "f"),
    case("numerical_grad", "params='ab'", lambda: cu.numerical_grad(lambda w: w, "ab"), "params"),
    case(
        "numerical_grad",
        "params=[] (no parameters)",
        lambda: cu.numerical_grad(lambda: 1.0, []),
        "params",
        check=lambda r: r.shape == (0,),
    ),
    case("closed_form", "x constant", lambda: cu.closed_form(torch.ones(5, 1), Y[:5]), "x"),
    case("closed_form", "one sample", lambda: cu.closed_form(X[:1], Y[:1]), "x"),
    case("closed_form", "y shorter than x", lambda: cu.closed_form(X, Y[:5]), ("x", "y")),
    case("closed_form", "x with NaN", lambda: cu.closed_form(X_NAN, Y), "x"),
    case("closed_form", "x=None", lambda: cu.closed_form(None, Y), "x"),
    case("closed_form", "x (N, 2)", lambda: cu.closed_form(X2, Y), "x"),
    case(
        "closed_form",
        "lists",
        lambda: cu.closed_form([0.0, 1.0, 2.0], [1.0, 3.0, 5.0]),
        "x",
        check=same((2.0, 1.0)),
    ),
    case("gradient_descent", "lr=0", lambda: cu.gradient_descent(X, Y, lr=0, epochs=3), "lr"),
    case("gradient_descent", "lr=-0.1", lambda: cu.gradient_descent(X, Y, lr=-0.1, epochs=3), "lr"),
    case("gradient_descent", "lr=nan", lambda: cu.gradient_descent(X, Y, lr=NAN, epochs=3), "lr"),
    case(
        "gradient_descent",
        "lr='0.01'",
        lambda: cu.gradient_descent(X, Y, lr="0.01", epochs=3),
        "lr",
    ),
    case("gradient_descent", "lr=None", lambda: cu.gradient_descent(X, Y, lr=None, epochs=3), "lr"),
    case(
        "gradient_descent",
        "lr=1.0 (diverges)",
        lambda: cu.gradient_descent(X, Y, lr=1.0, epochs=2000),
        "lr",
    ),
    case(
        "gradient_descent",
        "epochs=0",
        lambda: cu.gradient_descent(X, Y, lr=0.01, epochs=0),
        "epochs",
    ),
    case(
        "gradient_descent",
        "epochs=2.5",
        lambda: cu.gradient_descent(X, Y, lr=0.01, epochs=2.5),
        "epochs",
    ),
    case(
        "gradient_descent",
        "w0=nan",
        lambda: cu.gradient_descent(X, Y, lr=0.01, epochs=3, w0=NAN),
        "w0",
    ),
    case(
        "gradient_descent",
        "w0='a'",
        lambda: cu.gradient_descent(X, Y, lr=0.01, epochs=3, w0="a"),
        "w0",
    ),
    case(
        "gradient_descent",
        "b0=None",
        lambda: cu.gradient_descent(X, Y, lr=0.01, epochs=3, b0=None),
        "b0",
    ),
    case(
        "gradient_descent",
        "x, y empty",
        lambda: cu.gradient_descent(EMPTY, EMPTY, lr=0.01, epochs=3),
        "x",
    ),
    # --- models
    case("LinearRegression", "w0='a'", lambda: cu.LinearRegression("a", 0.0), "w0"),
    case("LinearRegression", "w0=nan", lambda: cu.LinearRegression(NAN, 0.0), "w0"),
    case(
        "LinearRegression.forward",
        "x 1-D",
        lambda: cu.LinearRegression(1.0, 0.0)(X.reshape(-1)),
        "x",
    ),
    case("LinearRegression.forward", "x (N, 2)", lambda: cu.LinearRegression(1.0, 0.0)(X2), "x"),
    case(
        "LinearRegression.forward",
        "x list",
        lambda: cu.LinearRegression(1.0, 0.0)(XS.tolist()),
        "x",
        check=same(cu.LinearRegression(1.0, 0.0)(X)),
    ),
    case(
        "LinearRegression.forward",
        "x int64 (N, 1)",
        lambda: cu.LinearRegression(2.0, 1.0)(torch.arange(3).reshape(-1, 1)),
        "x",
        check=same([[1.0], [3.0], [5.0]]),
    ),
    case("linear_model", "w0='a'", lambda: cu.linear_model("a"), "w0"),
    case("linear_model", "w0=[1, 2]", lambda: cu.linear_model([1.0, 2.0]), "w0"),
    case("mlp", "sizes=[]", lambda: cu.mlp([]), "sizes"),
    case("mlp", "sizes=[13]", lambda: cu.mlp([13]), "sizes"),
    case("mlp", "sizes=[13, 0, 3]", lambda: cu.mlp([13, 0, 3]), "sizes"),
    case("mlp", "sizes=[13.0, 3]", lambda: cu.mlp([13.0, 3]), "sizes"),
    case("mlp", "sizes='13,3'", lambda: cu.mlp("13,3"), "sizes"),
    case("mlp", "sizes=None", lambda: cu.mlp(None), "sizes"),
    case(
        "mlp",
        "sizes=np.array([13, 3])",
        lambda: cu.mlp(np.array([13, 3])),
        "sizes",
        check=lambda m: isinstance(m, nn.Sequential),
    ),
    case(
        "get_params",
        "mlp([4, 10, 3]): 83 numbers",
        lambda: cu.get_params(cu.mlp([4, 10, 3])),
        "model",
    ),
    case("get_params", "model=None", lambda: cu.get_params(None), "model"),
    # --- training
    case(
        "train_step",
        "xb 1-D",
        lambda: (lambda m: cu.train_step(m, nn.MSELoss(), sgd(m), X.reshape(-1), Y))(line()),
        "xb",
    ),
    case(
        "train_step",
        "yb (N,) vs predictions (N, 1)",
        lambda: (lambda m: cu.train_step(m, nn.MSELoss(), sgd(m), X, Y.reshape(-1)))(line()),
        "yb",
    ),
    case(
        "train_step",
        "xb (N, 2) for nn.Linear(1, 1)",
        lambda: (lambda m: cu.train_step(m, nn.MSELoss(), sgd(m), X2, Y))(line()),
        "xb",
    ),
    case(
        "train_step",
        "xb list",
        lambda: (lambda m: cu.train_step(m, nn.MSELoss(), sgd(m), XS.tolist(), Y))(line()),
        "xb",
        check=same((lambda m: cu.train_step(m, nn.MSELoss(), sgd(m), X, Y))(line())),
    ),
    case(
        "train_step",
        "yb int64 with MSELoss",
        lambda: (lambda m: cu.train_step(m, nn.MSELoss(), sgd(m), X, Y.long()))(line()),
        "yb",
        check=same((lambda m: cu.train_step(m, nn.MSELoss(), sgd(m), X, Y.long().float()))(line())),
    ),
    case(
        "train_step",
        "xb, yb float64 tensors",
        lambda: (lambda m: cu.train_step(m, nn.MSELoss(), sgd(m), X.double(), Y.double()))(line()),
        "xb",
        check=same((lambda m: cu.train_step(m, nn.MSELoss(), sgd(m), X, Y))(line())),
    ),
    case(
        "train_step",
        "xb int64 tensor",
        lambda: (lambda m: cu.train_step(m, nn.MSELoss(), sgd(m), X.long(), Y))(line()),
        "xb",
        check=same((lambda m: cu.train_step(m, nn.MSELoss(), sgd(m), X.long().float(), Y))(line())),
    ),
    case(
        "fit",
        "model.double(), float32 data",
        lambda: cu.fit(line().double(), X, Y, epochs=2).loss,
        "model",
        check=same(cu.fit(line().double(), X.double(), Y.double(), epochs=2).loss),
    ),
    case(
        "train_step",
        "optimizer=None",
        lambda: cu.train_step(line(), nn.MSELoss(), None, X, Y),
        "optimizer",
    ),
    case(
        "evaluate",
        "x (N, 2) for nn.Linear(1, 1)",
        lambda: cu.evaluate(line(), nn.MSELoss(), X2, Y),
        "x",
    ),
    case(
        "evaluate",
        "y (N,) vs predictions (N, 1)",
        lambda: cu.evaluate(line(), nn.MSELoss(), X, Y.reshape(-1)),
        "y",
    ),
    case(
        "evaluate",
        "x list",
        lambda: cu.evaluate(line(), nn.MSELoss(), XS.tolist(), Y),
        "x",
        check=same(cu.evaluate(line(), nn.MSELoss(), X, Y)),
    ),
    case("evaluate", "y with NaN", lambda: cu.evaluate(line(), nn.MSELoss(), X, X_NAN), "y"),
    case("evaluate", "model=None", lambda: cu.evaluate(None, nn.MSELoss(), X, Y), "model"),
    case("accuracy", "y float", lambda: cu.accuracy(classifier(), FEATURES, LABELS.float()), "y"),
    case(
        "accuracy",
        "y ragged list",
        lambda: cu.accuracy(classifier(), FEATURES[:2], [[0], [1, 2]]),
        "y",
    ),
    case(
        "accuracy",
        "y one-hot (N, 3)",
        lambda: cu.accuracy(classifier(), FEATURES, nn.functional.one_hot(LABELS)),
        "y",
    ),
    case(
        "accuracy",
        "y labels 1..3 for 3 outputs",
        lambda: cu.accuracy(classifier(), FEATURES, LABELS + 1),
        "y",
    ),
    case(
        "accuracy",
        "x (N, 5) for 4 inputs",
        lambda: cu.accuracy(classifier(), torch.randn(20, 5), LABELS),
        "x",
    ),
    case(
        "accuracy",
        "y shorter than x",
        lambda: cu.accuracy(classifier(), FEATURES, LABELS[:5]),
        ("x", "y"),
    ),
    case(
        "accuracy",
        "x NumPy, y list",
        lambda: cu.accuracy(classifier(), FEATURES.numpy(), LABELS.tolist()),
        "x",
        check=same(cu.accuracy(classifier(), FEATURES, LABELS)),
    ),
    case("accuracy", "model=None", lambda: cu.accuracy(None, FEATURES, LABELS), "model"),
    case("fit", "model=None", lambda: cu.fit(None, X, Y), "model"),
    case("fit", "lr=0", lambda: cu.fit(line(), X, Y, lr=0), "lr"),
    case("fit", "lr='0.1'", lambda: cu.fit(line(), X, Y, lr="0.1"), "lr"),
    case("fit", "epochs=0", lambda: cu.fit(line(), X, Y, epochs=0), "epochs"),
    case("fit", "epochs=None", lambda: cu.fit(line(), X, Y, epochs=None), "epochs"),
    case("fit", "batch_size=0", lambda: cu.fit(line(), X, Y, batch_size=0), "batch_size"),
    case("fit", "batch_size=21 > N", lambda: cu.fit(line(), X, Y, batch_size=21), "batch_size"),
    case("fit", "batch_size=2.5", lambda: cu.fit(line(), X, Y, batch_size=2.5), "batch_size"),
    case("fit", "x with NaN", lambda: cu.fit(line(), X_NAN, Y), "x"),
    case("fit", "x 1-D", lambda: cu.fit(line(), X.reshape(-1), Y), "x"),
    case("fit", "x empty", lambda: cu.fit(line(), EMPTY, EMPTY), "x"),
    case(
        "fit",
        "y (N,) vs predictions (N, 1)",
        lambda: cu.fit(line(), X, Y.reshape(-1), epochs=1),
        "y",
    ),
    case("fit", "y shorter than x", lambda: cu.fit(line(), X, Y[:5]), ("x", "y")),
    case("fit", "x (N, 2) for nn.Linear(1, 1)", lambda: cu.fit(line(), X2, Y, epochs=1), "x"),
    case(
        "fit",
        "x, y lists",
        lambda: cu.fit(line(), XS.tolist(), YS.tolist(), epochs=3).loss,
        "x",
        check=same(cu.fit(line(), X, Y, epochs=3).loss),
    ),
    case(
        "fit",
        "x int64, y float64 NumPy",
        lambda: cu.fit(line(), torch.arange(20).reshape(-1, 1), YS, epochs=3, lr=1e-3).loss,
        "x",
        check=same(cu.fit(line(), torch.arange(20.0).reshape(-1, 1), Y, epochs=3, lr=1e-3).loss),
    ),
    case("fit", "lr=1.0 (diverges)", lambda: cu.fit(line(), X, Y, lr=1.0, epochs=500), "lr"),
    case("fit", "val=(x,) not a pair", lambda: cu.fit(line(), X, Y, val=(X,)), "val"),
    case("fit", "val x with NaN", lambda: cu.fit(line(), X, Y, val=(X_NAN, Y)), "x_val"),
    case(
        "fit",
        "val y (N,) vs predictions (N, 1)",
        lambda: cu.fit(line(), X, Y, val=(X, Y.reshape(-1))),
        "y_val",
    ),
    case(
        "fit",
        "CrossEntropyLoss, val labels 0..3 for 3 classes",
        lambda: cu.fit(
            classifier(),
            FEATURES,
            LABELS,
            loss_fn=nn.CrossEntropyLoss(),
            val=(FEATURES, LABELS + 1),
        ),
        "y_val",
    ),
    case(
        "fit",
        "optimizer of another model",
        lambda: cu.fit(line(), X, Y, optimizer=sgd(line())),
        "optimizer",
    ),
    case("fit", "optimizer='sgd'", lambda: cu.fit(line(), X, Y, optimizer="sgd"), "optimizer"),
    case("fit", "loss_fn='mse'", lambda: cu.fit(line(), X, Y, loss_fn="mse"), "loss_fn"),
    case(
        "fit", "callbacks=[1]", lambda: cu.fit(line(), X, Y, epochs=1, callbacks=[1]), "callbacks"
    ),
    case("fit", "device='gpu'", lambda: cu.fit(line(), X, Y, device="gpu"), "device"),
    case("fit", "seed='a'", lambda: cu.fit(line(), X, Y, batch_size=4, seed="a"), "seed"),
    case(
        "fit",
        "CrossEntropyLoss, y float",
        lambda: cu.fit(classifier(), FEATURES, LABELS.float(), loss_fn=nn.CrossEntropyLoss()),
        ("y", "class indices"),
    ),
    case(
        "fit",
        "CrossEntropyLoss, y class probabilities (N, classes)",
        # PyTorch accepts probabilities since 1.10: the message must not call them wrong, but
        # say that course_utils takes indices and how to get them
        lambda: cu.fit(
            classifier(),
            FEATURES,
            torch.nn.functional.one_hot(LABELS).float(),
            loss_fn=nn.CrossEntropyLoss(),
        ),
        ("y", "also takes class probabilities", "y.argmax(dim=1)"),
    ),
    case(
        "fit",
        "CrossEntropyLoss, labels 1..3",
        lambda: cu.fit(classifier(), FEATURES, LABELS + 1, loss_fn=nn.CrossEntropyLoss()),
        ("y", "class labels"),
    ),
    # --- plotting
    case("plot_data", "x (N, 2)", lambda: cu.plot_data(X2, Y), "x"),
    case("plot_data", "y shorter than x", lambda: cu.plot_data(X, Y[:5]), ("x", "y")),
    case("plot_data", "x=None", lambda: cu.plot_data(None, Y), "x"),
    case(
        "plot_data",
        "lists",
        lambda: cu.plot_data(XS.ravel().tolist(), YS.ravel().tolist()),
        "x",
        check=lambda ax: len(ax.collections) == 1,
    ),
    case("plot_fit", "w='a'", lambda: cu.plot_fit(X, Y, "a", 0.0), "w"),
    case("plot_fit", "w=None", lambda: cu.plot_fit(X, Y, None, 0.0), "w"),
    case("plot_fit", "x empty", lambda: cu.plot_fit(EMPTY, EMPTY, 1.0, 0.0), "x"),
    case("plot_losses", "x_axis='epochs'", lambda: cu.plot_losses(HIST, x_axis="epochs"), "x_axis"),
    case("plot_losses", "histories=None", lambda: cu.plot_losses(None), "histories"),
    case("plot_losses", "histories='abc'", lambda: cu.plot_losses("abc"), "histories"),
    case("plot_losses", "histories=[]", lambda: cu.plot_losses([]), "histories"),
    case(
        "plot_loss_landscape",
        "w_range=None",
        lambda: cu.plot_loss_landscape(X, Y, w_range=None, b_range=(0, 2)),
        "w_range",
    ),
    case(
        "plot_loss_landscape",
        "w_range=(1,)",
        lambda: cu.plot_loss_landscape(X, Y, w_range=(1,), b_range=(0, 2)),
        "w_range",
    ),
    case(
        "plot_loss_landscape",
        "resolution=0",
        lambda: cu.plot_loss_landscape(X, Y, w_range=(0, 4), b_range=(0, 2), resolution=0),
        "resolution",
    ),
    case(
        "plot_loss_landscape",
        "paths=[[1, 2, 3]]",
        lambda: cu.plot_loss_landscape(X, Y, w_range=(0, 4), b_range=(0, 2), paths=[[1, 2, 3]]),
        ("paths", "path"),
    ),
    case(
        "plot_loss_landscape",
        "paths=[[(1, 2), (3,)]] ragged",
        lambda: cu.plot_loss_landscape(
            X, Y, w_range=(0, 4), b_range=(0, 2), paths=[[(1, 2), (3,)]]
        ),
        ("paths", "path"),
    ),
    case(
        "plot_loss_landscape",
        "paths=[['a', 'b']]",
        lambda: cu.plot_loss_landscape(X, Y, w_range=(0, 4), b_range=(0, 2), paths=[["a", "b"]]),
        ("paths", "path"),
    ),
    case(
        "plot_loss_landscape",
        "paths=History of an MLP",
        lambda: cu.plot_loss_landscape(
            X, Y, w_range=(0, 4), b_range=(0, 2), paths=cu.History(params=[{"0.weight[0]": 1.0}])
        ),
        ("paths", "path"),
    ),
    case(
        "plot_loss_landscape",
        "zoomed to +-0.1% of the optimum",
        lambda: cu.plot_loss_landscape(
            X, Y, w_range=(W_STAR * 0.999, W_STAR * 1.001), b_range=(B_STAR * 0.999, B_STAR * 1.001)
        ),
        "w_range",
        check=lambda ax: len(ax.collections) >= 1,
    ),
    case("loss_grid", "w_values='a'", lambda: landscape.loss_grid(X, Y, "a", [0.0]), "w_values"),
    case(
        "loss_grid",
        "lists",
        lambda: landscape.loss_grid([0.0, 1.0], [1.0, 3.0], [2.0], [1.0]),
        "w_values",
        check=same([[0.0]]),
    ),
    case(
        "plot_fits_per_epoch",
        "epochs=[99] of 5",
        lambda: plotting.plot_fits_per_epoch(X, Y, HIST, [99]),
        "epochs",
    ),
    case(
        "plot_fits_per_epoch",
        "epochs=3 (not a list)",
        lambda: plotting.plot_fits_per_epoch(X, Y, HIST, 3),
        "epochs",
    ),
    case(
        "plot_fits_per_epoch",
        "epochs=[0.5]",
        lambda: plotting.plot_fits_per_epoch(X, Y, HIST, [0.5]),
        "epochs",
    ),
    case(
        "plot_fits_per_epoch",
        "ncols=0",
        lambda: plotting.plot_fits_per_epoch(X, Y, HIST, ncols=0),
        "ncols",
    ),
    case(
        "plot_fits_per_epoch",
        "history=None",
        lambda: plotting.plot_fits_per_epoch(X, Y, None),
        "history",
    ),
    case(
        "plot_fits_per_epoch",
        "history of an MLP (no w, b)",
        lambda: plotting.plot_fits_per_epoch(X, Y, cu.History(params=[{"0.weight[0]": 1.0}])),
        "history",
    ),
    case(
        "plot_distance_to_optimum",
        "History() with no params",
        lambda: plotting.plot_distance_to_optimum(cu.History(), X, Y),
        "history",
    ),
    case("LivePlot", "every=0", lambda: liveplot.LivePlot(X, Y, every=0), "every"),
    case("LivePlot", "x=None", lambda: liveplot.LivePlot(None, Y), "x"),
    case("LivePlot", "y shorter than x", lambda: liveplot.LivePlot(X, Y[:5]), ("x", "y")),
    case(
        "LivePlot",
        "called with an MLP's history",
        lambda: liveplot.LivePlot(X, Y)(cu.History(loss=[1.0], params=[]), None),
        "history",
    ),
    case("figure_png", "fig=None", lambda: plotting.figure_png(None), "fig"),
    # --- repro
    case("set_seed", "seed='a'", lambda: cu.set_seed("a"), "seed"),
    case("set_seed", "seed=-1", lambda: cu.set_seed(-1), "seed"),
    case("set_seed", "seed=2**40", lambda: cu.set_seed(2**40), "seed"),
    case("set_seed", "seed=1.5", lambda: cu.set_seed(1.5), "seed"),
    case("get_device", "prefer='gpu'", lambda: cu.get_device("gpu"), "prefer"),
    case("get_device", "prefer=None", lambda: cu.get_device(None), "prefer"),
    case(
        "get_device",
        "prefer='cuda' without a GPU",
        lambda: cu.get_device("cuda"),
        "prefer",
        check=lambda d: d.type == ("cuda" if torch.cuda.is_available() else "cpu"),
    ),
    # --- widgets
    case(
        "epoch_scrubber",
        "History() with no epochs",
        lambda: widgets.epoch_scrubber(X, Y, cu.History()),
        "history",
    ),
    case("epoch_scrubber", "history=None", lambda: widgets.epoch_scrubber(X, Y, None), "history"),
    case("lr_explorer", "lrs=[]", lambda: widgets.lr_explorer(X, Y, lrs=[]), "lrs"),
    case("lr_explorer", "lrs=[-0.1]", lambda: widgets.lr_explorer(X, Y, lrs=[-0.1]), "lrs"),
    case(
        "lr_explorer", "lrs=0.01 (not a list)", lambda: widgets.lr_explorer(X, Y, lrs=0.01), "lrs"
    ),
    case("lr_explorer", "epochs=0", lambda: widgets.lr_explorer(X, Y, epochs=0), "epochs"),
    case(
        "lr_explorer",
        "y shorter than x",
        lambda: widgets.lr_explorer(X, Y[:5], lrs=[0.01]),
        ("x", "y"),
    ),
    case("lr_explorer", "w0=nan", lambda: widgets.lr_explorer(X, Y, lrs=[0.01], w0=NAN), "w0"),
    case(
        "batch_size_explorer",
        "batch_sizes=[]",
        lambda: widgets.batch_size_explorer(X, Y, batch_sizes=[]),
        "batch_sizes",
    ),
    case(
        "batch_size_explorer",
        "batch_sizes=[0]",
        lambda: widgets.batch_size_explorer(X, Y, batch_sizes=[0]),
        ("batch_sizes", "batch_size"),
    ),
    case(
        "batch_size_explorer",
        "batch_sizes=[100] > N",
        lambda: widgets.batch_size_explorer(X, Y, batch_sizes=[100]),
        ("batch_sizes", "batch_size"),
    ),
    case(
        "batch_size_explorer",
        "lr=0",
        lambda: widgets.batch_size_explorer(X, Y, batch_sizes=[4], lr=0),
        "lr",
    ),
    case(
        "draw_epoch", "k=99 of 5 epochs", lambda: widgets.draw_epoch(axes(2), X, Y, HIST, 99), "k"
    ),
    case(
        "draw_epoch",
        "one axes instead of two",
        lambda: widgets.draw_epoch(axes(1), X, Y, HIST, 1),
        "axes",
    ),
    case(
        "draw_run",
        "History() with no epochs",
        lambda: widgets.draw_run(axes(3), X, Y, cu.History()),
        "history",
    ),
    case(
        "FigureExplorer.snapshot",
        "epoch 99 of 5",
        lambda: widgets.epoch_scrubber(X, Y, HIST).snapshot(99),
        "value",
    ),
    case(
        "FigureExplorer.snapshot",
        "epoch 2.5",
        lambda: widgets.epoch_scrubber(X, Y, HIST).snapshot(2.5),
        "value",
    ),
    case(
        "FigureExplorer.snapshot",
        "a learning rate the slider does not offer",
        lambda: widgets.lr_explorer(X, Y, lrs=(0.001, 0.01), epochs=3).snapshot(0.05),
        "value",
    ),
    case(
        "FigureExplorer",
        "control='slider'",
        lambda: widgets.FigureExplorer("slider", lambda a, v: None, ncols=1, figsize=(2, 2)),
        "control",
    ),
]

# names that take no input worth sweeping (no arguments, a record, an exception)
NOT_SWEPT = {
    "height_weight": "takes no arguments",
    "WineData": "a frozen record that load_wine fills",
    "History": "a record of floats that fit fills",
    "TrainingDiverged": "an exception raised by fit",
    "use_course_style": "takes no arguments",
    "STYLE": "a dict of matplotlib settings, not a function",
}


# ------------------------------------------------------------------ judging one case


def _word(name: str, text: str) -> bool:
    return re.search(rf"(?<![\w]){re.escape(name)}(?![\w])", text) is not None


def judge(c: Case) -> tuple[bool, str]:
    """(acceptable, what happened) for one case."""
    with warnings.catch_warnings(record=True) as caught, torch.random.fork_rng(devices=[]):
        warnings.simplefilter("always")
        try:
            result = c.call()
        except Exception as exc:  # noqa: BLE001 - judging the exception is the point
            message = f"{type(exc).__name__}: {exc}"
            frames = traceback.extract_tb(exc.__traceback__)
            origin = Path(frames[-1].filename).resolve()
            problems = []
            if COURSE_DIR not in origin.parents:
                problems.append(f"raised in {origin.parent.name}/{origin.name}")
            if not any(_word(n, str(exc)) for n in c.names):
                problems.append(f"does not name {' or '.join(c.names)}")
            problems += [f"raw message ({r!r})" for r in RAW if r.lower() in str(exc).lower()]
            return not problems, message + (f"   <-- {'; '.join(problems)}" if problems else "")
        finally:
            plt.close("all")
    shown = repr(result).replace("\n", " ")
    shown = shown if len(shown) < 70 else shown[:67] + "..."
    warned = f"   (warns: {caught[0].message})" if caught else ""
    if c.check is None:
        return False, f"returned {shown} without an error{warned}   <-- should raise"
    if not c.check(result):
        return False, f"returned a wrong result: {shown}{warned}"
    return True, f"ok: {shown}{warned}"


def _param(c: Case):
    reason = "known; the fix is proposed in `python tests/test_bad_input_sweep.py`"
    marks = [pytest.mark.xfail(strict=True, reason=reason)] if c.known else []
    return pytest.param(c, id=f"{c.func}[{c.label}]", marks=marks)


@pytest.mark.parametrize("c", [_param(c) for c in CASES])
def test_bad_input_gives_a_correct_result_or_a_clear_error(c):
    ok, what = judge(c)
    assert ok, f"{c.func}({c.label}): {what}"


def public_names() -> set[str]:
    return set(cu.__all__) | set(plotting.__all__) | set(widgets.__all__)


def test_every_public_name_is_swept():
    swept = {c.func.split(".")[0] for c in CASES}
    missing = public_names() - swept - set(NOT_SWEPT)
    assert not missing, f"add bad-input cases for {sorted(missing)}"
    assert not set(NOT_SWEPT) - public_names(), "NOT_SWEPT names something that is not public"


def test_the_judge_rejects_raw_and_unnamed_errors():
    def raw():
        return torch.ones(2, 3) @ torch.ones(2, 3)

    assert not judge(case("demo", "raw", raw, "x"))[0]  # raised inside torch, "mat1 and mat2"

    def unnamed():
        raise ValueError("something is wrong")

    assert not judge(case("demo", "unnamed", unnamed, "x"))[0]  # names nothing (and raised outside)
    assert not judge(case("demo", "silent", lambda: 1, "x"))[0]  # no error and no check
    assert judge(case("demo", "ok", lambda: 1, "x", check=lambda r: r == 1))[0]
    assert judge(case("fit", "named", lambda: cu.fit(line(), X, Y, epochs=0), "epochs"))[0]


# ------------------------------------------------------------------ the helpers added to _validate


def test_validate_as_tensor_keeps_dtype_and_names_the_argument():
    assert _validate.as_tensor([1, 2], "y").dtype == torch.int64
    assert _validate.as_tensor(np.zeros(3, np.float32), "x").dtype == torch.float32
    t = torch.ones(2)
    assert _validate.as_tensor(t, "x") is t
    for bad in (None, "abc", {"a": 1}, [[1, 2], [3]]):
        with pytest.raises(TypeError, match=r"^xb "):
            _validate.as_tensor(bad, "xb")


def test_validate_check_number():
    assert _validate.check_number(2, "w") == 2.0
    assert _validate.check_number(np.float32(0.5), "w") == 0.5
    assert _validate.check_number(torch.tensor(3.0, requires_grad=True), "w") == 3.0
    assert _validate.check_number(float("inf"), "w", finite=False) == float("inf")
    for bad, err in [
        (None, TypeError),
        ("1", TypeError),
        (True, TypeError),
        ([1.0], TypeError),
        (NAN, ValueError),
        (float("-inf"), ValueError),
        (torch.ones(2), TypeError),
    ]:
        with pytest.raises(err, match=r"^w0 must be"):
            _validate.check_number(bad, "w0")


def test_validate_check_seed():
    assert _validate.check_seed(0) == 0 and _validate.check_seed(np.int64(7)) == 7
    assert _validate.check_seed(2**63 - 1) == 2**63 - 1
    for bad, err in [
        ("a", TypeError),
        (1.5, TypeError),
        (None, TypeError),
        (True, TypeError),
        (-1, ValueError),
        (2**63, ValueError),
    ]:
        with pytest.raises(err, match=r"^seed must be"):
            _validate.check_seed(bad)


def test_validate_check_callable():
    _validate.check_callable(len, "f")
    _validate.check_callable(nn.MSELoss(), "loss_fn")
    with pytest.raises(
        TypeError, match=r"^loss_fn must be callable, such as nn.MSELoss\(\); got str"
    ):
        _validate.check_callable("mse", "loss_fn", "nn.MSELoss()")


def test_validate_check_in_features():
    _validate.check_in_features(cu.mlp([4, 3]), torch.ones(5, 4))
    _validate.check_in_features(
        cu.LinearRegression(1.0, 0.0), torch.ones(5, 3)
    )  # no nn.Linear: its own check
    with pytest.raises(
        ValueError,
        match=r"^xb has 2 feature column\(s\) \(shape \(20, 2\)\) but the model's "
        r"first layer Linear\(in_features=1, out_features=1, bias=True\) expects 1",
    ):
        _validate.check_in_features(line(), X2, "xb")


# ------------------------------------------------------------------ the table


def table() -> str:
    rows = []
    for c in CASES:
        ok, what = judge(c)
        verdict = "ok" if ok else ("KNOWN" if c.known else "BAD")
        rows.append((c.func, c.label, verdict, what))
    w1, w2 = max(len(r[0]) for r in rows), max(len(r[1]) for r in rows)
    lines = [
        f"{'function':<{w1}}  {'input':<{w2}}  verdict  result / message",
        "-" * (w1 + w2 + 40),
    ]
    lines += [f"{f:<{w1}}  {i:<{w2}}  {v:<7}  {m}" for f, i, v, m in rows]
    bad = sum(r[2] != "ok" for r in rows)
    lines.append(f"\n{len(rows)} cases, {len(rows) - bad} ok, {bad} with a bad message or result")
    fixes: dict[str, list[str]] = {}
    for c in CASES:
        if c.known:
            fixes.setdefault(c.known, []).append(f"{c.func}({c.label})")
    lines.append("\nProposed fixes (KNOWN rows):" if fixes else "")
    for fix, where in fixes.items():
        lines.append(f"- {fix}\n    for: {'; '.join(where)}")
    return "\n".join(lines)


if __name__ == "__main__":
    print(table())
