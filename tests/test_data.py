"""Tests for course_utils.data: generated data, batching, the shipped Wine CSV, splitting and
standardising. Each result is compared with an independent computation (np.linalg.lstsq,
plain-Python arithmetic on the CSV text, NumPy statistics, a DataLoader, set arithmetic)."""

from __future__ import annotations

import hashlib
import math
import re
from pathlib import Path

import numpy as np
import pytest
import torch
from torch.utils.data import DataLoader, TensorDataset

from course_utils.data import (
    Standardizer,
    WineData,
    batches,
    height_weight,
    load_wine,
    make_linear_data,
    make_loader,
    train_val_split,
)

ROOT = Path(__file__).resolve().parents[1]
WINE_CSV = ROOT / "course_utils" / "datasets" / "wine.csv"


def _ids(n: int) -> tuple[torch.Tensor, torch.Tensor]:
    """x holds each sample's id, y = 10 * id + 1, so a pair that gets separated is visible."""
    x = torch.arange(n, dtype=torch.float32).reshape(-1, 1)
    return x, 10 * x + 1


def _wine_lines() -> list[str]:
    return WINE_CSV.read_text(encoding="utf-8").splitlines()


# --- make_linear_data, height_weight -------------------------------------------------------


def test_make_linear_data_shapes_and_dtypes():
    for n in (1, 7, 100):
        x, y = make_linear_data(n)
        assert x.shape == y.shape == (n, 1)
        assert x.dtype == y.dtype == torch.float32


def test_make_linear_data_same_seed_same_data_whatever_the_global_seed():
    torch.manual_seed(1)
    np.random.seed(1)
    x1, y1 = make_linear_data(50, seed=3)
    torch.manual_seed(2)
    np.random.seed(2)
    _ = torch.rand(5), np.random.rand(5)
    x2, y2 = make_linear_data(50, seed=3)
    x3, _ = make_linear_data(50, seed=4)
    assert torch.equal(x1, x2) and torch.equal(y1, y2)
    assert not torch.equal(x1, x3)


def test_make_linear_data_x_stays_in_range():
    x, _ = make_linear_data(1000, x_range=(-2.0, 3.0))
    assert x.min() >= -2.0 and x.max() <= 3.0


def test_make_linear_data_lstsq_recovers_w_and_b():
    x, y = make_linear_data(20_000, w=2.0, b=1.0, noise=1.5, seed=0)
    a = np.hstack([x.numpy().astype(np.float64), np.ones((len(x), 1))])
    (w, b), *_ = np.linalg.lstsq(a, y.numpy().astype(np.float64).ravel(), rcond=None)
    # standard errors here are about 0.004 (w) and 0.02 (b): 5 sigma tolerances
    assert w == pytest.approx(2.0, abs=0.02)
    assert b == pytest.approx(1.0, abs=0.1)
    residual_sd = np.std(y.numpy().ravel() - (w * x.numpy().ravel() + b))
    assert residual_sd == pytest.approx(1.5, rel=0.03)


def test_make_linear_data_without_noise_is_the_line():
    x, y = make_linear_data(30, w=-3.0, b=0.5, noise=0.0)
    np.testing.assert_allclose(y.numpy(), -3.0 * x.numpy() + 0.5, rtol=1e-6, atol=1e-5)


@pytest.mark.parametrize(
    "kwargs, err, match",
    [
        ({"n": 0}, ValueError, "n must be >= 1"),
        ({"n": 2.5}, TypeError, "n must be an int"),
        ({"x_range": (10.0, 0.0)}, ValueError, "low < high"),
        ({"noise": -1.0}, ValueError, "noise .* must be >= 0"),
    ],
)
def test_make_linear_data_rejects_bad_arguments(kwargs, err, match):
    with pytest.raises(err, match=match):
        make_linear_data(**kwargs)


def test_height_weight_values_from_the_plan():
    x, y = height_weight()
    assert x.shape == y.shape == (5, 1) and x.dtype == y.dtype == torch.float32
    assert x.ravel().tolist() == [150.0, 160.0, 170.0, 175.0, 185.0]
    assert y.ravel().tolist() == [55.0, 70.0, 64.0, 80.0, 75.0]


# --- batches and make_loader -----------------------------------------------------------------


def test_batches_yields_every_sample_once_and_keeps_pairs():
    x, y = _ids(100)
    parts = list(batches(x, y, 16, generator=torch.Generator().manual_seed(0)))
    xs = torch.cat([xb for xb, _ in parts]).ravel()
    ys = torch.cat([yb for _, yb in parts]).ravel()
    assert sorted(xs.tolist()) == list(range(100))
    assert torch.equal(ys, 10 * xs + 1)
    assert not torch.equal(xs, torch.arange(100.0))  # shuffled


def test_batches_last_batch_is_smaller():
    x, y = _ids(100)
    assert [len(xb) for xb, _ in batches(x, y, 16)] == [16] * 6 + [4]
    assert [len(xb) for xb, _ in batches(x, y, 100)] == [100]


def test_batches_same_generator_seed_same_order():
    x, y = _ids(50)

    def order(seed: int) -> list[float]:
        g = torch.Generator().manual_seed(seed)
        return torch.cat([xb for xb, _ in batches(x, y, 8, generator=g)]).ravel().tolist()

    assert order(5) == order(5)
    assert order(5) != order(6)


def test_batches_without_shuffle_keeps_the_order():
    x, y = _ids(10)
    assert torch.cat([xb for xb, _ in batches(x, y, 3, shuffle=False)]).ravel().tolist() == list(
        range(10)
    )


def test_batches_give_the_same_samples_and_sizes_as_a_dataloader():
    x, y = _ids(103)
    loader = DataLoader(TensorDataset(x, y), batch_size=10, shuffle=True)
    ours = list(batches(x, y, 10))
    theirs = list(loader)
    assert [len(xb) for xb, _ in ours] == [len(xb) for xb, _ in theirs]

    def pairs(parts):
        return sorted((float(a), float(b)) for xb, yb in parts for a, b in zip(xb, yb))

    assert pairs(ours) == pairs(theirs)


BAD_BATCHING = [
    ((100, 100, 0), ValueError, "batch_size must be >= 1"),
    ((100, 100, -3), ValueError, "batch_size must be >= 1"),
    ((100, 100, 101), ValueError, "batch_size=101 is larger than the 100 samples"),
    ((100, 100, 2.0), TypeError, "batch_size must be an int"),
    ((100, 100, "16"), TypeError, "batch_size must be an int"),
    ((100, 99, 10), ValueError, "x has 100 samples but y has 99"),
    ((0, 0, 1), ValueError, "empty"),
]


@pytest.mark.parametrize("sizes, err, match", BAD_BATCHING)
def test_batches_rejects_bad_input_at_the_call(sizes, err, match):
    nx, ny, batch_size = sizes
    x, y = torch.zeros(nx, 1), torch.zeros(ny, 1)
    with pytest.raises(err, match=match):
        batches(x, y, batch_size)  # no iteration needed: the error points at the call


@pytest.mark.parametrize("sizes, err, match", BAD_BATCHING)
def test_make_loader_rejects_the_same_bad_input(sizes, err, match):
    nx, ny, batch_size = sizes
    with pytest.raises(err, match=match):
        make_loader(torch.zeros(nx, 1), torch.zeros(ny, 1), batch_size)


def _loader_order(loader: DataLoader, epochs: int = 2) -> list[list[float]]:
    return [torch.cat([xb for xb, _ in loader]).ravel().tolist() for _ in range(epochs)]


def test_make_loader_same_seed_same_batches_every_run():
    x, y = _ids(40)
    first = _loader_order(make_loader(x, y, 8, seed=3))
    torch.manual_seed(123)  # the global seed must not matter
    second = _loader_order(make_loader(x, y, 8, seed=3))
    assert first == second
    assert first[0] != first[1]  # a new order each epoch
    assert first != _loader_order(make_loader(x, y, 8, seed=4))
    assert all(sorted(epoch) == list(range(40)) for epoch in first)


def test_make_loader_leaves_the_global_generator_alone():
    x, y = _ids(40)
    state = torch.get_rng_state()
    _loader_order(make_loader(x, y, 8, seed=0))
    assert torch.equal(state, torch.get_rng_state())


def test_make_loader_options_shuffle_and_drop_last():
    x, y = _ids(10)
    loader = make_loader(x, y, 4, shuffle=False, drop_last=True)
    assert isinstance(loader, DataLoader)
    assert [xb.ravel().tolist() for xb, _ in loader] == [[0, 1, 2, 3], [4, 5, 6, 7]]
    assert [len(xb) for xb, _ in make_loader(x, y, 4)] == [4, 4, 2]


# --- load_wine --------------------------------------------------------------------------------


def test_load_wine_shapes_dtypes_and_names():
    wine = load_wine()
    assert isinstance(wine, WineData)
    assert wine.x.shape == (178, 13) and wine.x.dtype == torch.float32
    assert wine.y.shape == (178,) and wine.y.dtype == torch.int64
    assert len(wine.feature_names) == 13 and wine.feature_names[0] == "alcohol"
    assert wine.feature_names[-1] == "proline"
    assert wine.class_names == ("class_0", "class_1", "class_2")


def test_load_wine_class_counts_are_59_71_48():
    wine = load_wine()
    assert torch.bincount(wine.y).tolist() == [59, 71, 48]
    from_text = [line.rsplit(",", 1)[1] for line in _wine_lines()[1:]]
    assert [from_text.count(c) for c in "012"] == [59, 71, 48]


def test_load_wine_matches_the_csv_text_and_the_published_summary():
    lines = _wine_lines()
    header = lines[0].split(",")
    wine = load_wine()
    for name in ("alcohol", "proline", "hue"):
        col = header.index(name)
        values = [float(line.split(",")[col]) for line in lines[1:]]
        expected = math.fsum(values) / 178
        assert wine.x[:, col].double().mean().item() == pytest.approx(expected, rel=1e-6)
    # the summary table of the data set's description (UCI / scikit-learn): means 13.0 and 746
    assert wine.x[:, 0].mean().item() == pytest.approx(13.0, abs=0.05)
    assert wine.x[:, 12].mean().item() == pytest.approx(746, abs=1)
    # the first sample of the UCI file wine.data (its class 1 is our class 0)
    first = [14.23, 1.71, 2.43, 15.6, 127, 2.8, 3.06, 0.28, 2.29, 5.64, 1.04, 3.92, 1065]
    np.testing.assert_allclose(wine.x[0].numpy(), first, rtol=1e-6)
    assert wine.y[0].item() == 0


def test_wine_csv_matches_the_sha256_in_the_data_readme():
    readme = (ROOT / "course_utils" / "datasets" / "README.md").read_text(encoding="utf-8")
    recorded = re.search(r"^([0-9a-f]{64})  course_utils/datasets/wine\.csv$", readme, re.MULTILINE)
    assert recorded, (
        "course_utils/datasets/README.md must record the sha256 of wine.csv as "
        "`<hash>  course_utils/datasets/wine.csv`"
    )
    assert hashlib.sha256(WINE_CSV.read_bytes()).hexdigest() == recorded.group(1)


def test_load_wine_reads_an_explicit_path_and_windows_line_endings(tmp_path):
    copy = tmp_path / "wine_crlf.csv"
    copy.write_bytes(b"\xef\xbb\xbf" + WINE_CSV.read_bytes().replace(b"\n", b"\r\n") + b"\r\n")
    wine, reference = load_wine(copy), load_wine()
    assert torch.equal(wine.x, reference.x) and torch.equal(wine.y, reference.y)


def test_load_wine_missing_file_names_the_path_and_the_fix(tmp_path):
    missing = tmp_path / "nowhere" / "wine.csv"
    with pytest.raises(FileNotFoundError) as info:
        load_wine(missing)
    assert str(missing) in str(info.value)
    assert "git checkout course_utils/datasets/wine.csv" in str(info.value)


def _replace_field(lines: list[str], line_no: int, col: int, text: str) -> list[str]:
    fields = lines[line_no - 1].split(",")
    fields[col] = text
    return lines[: line_no - 1] + [",".join(fields)] + lines[line_no:]


CORRUPTIONS = {  # name: (edit of the lines, the line the error must name, words it must hold)
    "renamed column": (
        lambda ls: [ls[0].replace("proline", "prolin")] + ls[1:],
        1,
        "column 13 is 'prolin', expected 'proline'",
    ),
    "no class column": (
        lambda ls: [ls[0].rsplit(",", 1)[0]] + ls[1:],
        1,
        "column 14 is missing, expected 'class'",
    ),
    "no header": (lambda ls: ls[1:], 1, "column 1 is '14.23', expected 'alcohol'"),
    "semicolons": (lambda ls: [ls[0].replace(",", ";")] + ls[1:], 1, "header does not match"),
    "extra column": (
        lambda ls: [ls[0] + ",colour"] + ls[1:],
        1,
        "column 15 is 'colour', expected no more",
    ),
    "empty file": (lambda ls: [], 1, "the file is empty"),
    "value missing": (
        lambda ls: ls[:5] + [ls[5].rsplit(",", 2)[0] + ",0"] + ls[6:],
        6,
        "13 columns",
    ),
    "extra value": (lambda ls: ls[:9] + [ls[9] + ",7"] + ls[10:], 10, "15 columns"),
    "not a number": (
        lambda ls: _replace_field(ls, 10, 3, "abc"),
        10,
        "'alcalinity_of_ash' holds 'abc'",
    ),
    "empty field": (lambda ls: _replace_field(ls, 42, 0, ""), 42, "'alcohol' holds ''"),
    "nan": (lambda ls: _replace_field(ls, 42, 12, "nan"), 42, "not a finite number"),
    "label 3": (lambda ls: _replace_field(ls, 20, 13, "3"), 20, "class is '3'"),
    "label 1.5": (lambda ls: _replace_field(ls, 100, 13, "1.5"), 100, "class is '1.5'"),
    "label -1": (lambda ls: _replace_field(ls, 7, 13, "-1"), 7, "class is '-1'"),
    "truncated": (lambda ls: ls[:101], 101, "ends after 100 data rows, expected 178"),
    "extra row": (lambda ls: ls + [ls[-1]], 180, "more than 178 data rows (this is row 179)"),
}


@pytest.mark.parametrize("name", list(CORRUPTIONS))
def test_load_wine_corrupted_file_names_the_file_and_the_line(tmp_path, name):
    edit, line, words = CORRUPTIONS[name]
    bad = tmp_path / "wine.csv"
    bad.write_text("\n".join(edit(_wine_lines())) + "\n", encoding="utf-8")
    with pytest.raises(ValueError) as info:
        load_wine(bad)
    message = str(info.value)
    assert f"{bad}, line {line}:" in message
    assert words in message
    assert "git checkout course_utils/datasets/wine.csv" in message


def test_load_wine_binary_garbage_names_the_line(tmp_path):
    bad = tmp_path / "wine.csv"
    lines = WINE_CSV.read_bytes().split(b"\n")
    lines[30] = b"\xff\xfe\x00garbage"
    bad.write_bytes(b"\n".join(lines))
    with pytest.raises(ValueError, match=rf"{re.escape(str(bad))}, line 31: .*not text"):
        load_wine(bad)


# --- train_val_split --------------------------------------------------------------------------


def test_train_val_split_sizes_round_the_validation_part():
    x, y = _ids(178)
    (xt, yt), (xv, yv) = train_val_split(x, y, 0.2)
    assert len(xv) == len(yv) == 36  # 178 * 0.2 = 35.6
    assert len(xt) == len(yt) == 142
    (_, _), (xv, _) = train_val_split(*_ids(10), 0.25)  # 2.5 rounds up to 3
    assert len(xv) == 3


def test_train_val_split_parts_are_disjoint_and_cover_everything():
    x, y = _ids(101)
    (xt, yt), (xv, yv) = train_val_split(x, y, 0.3, seed=7)
    train, val = set(xt.ravel().tolist()), set(xv.ravel().tolist())
    assert not train & val
    assert train | val == set(range(101))
    assert torch.equal(yt, 10 * xt + 1) and torch.equal(yv, 10 * xv + 1)  # pairs kept


def test_train_val_split_is_deterministic_and_ignores_the_global_seed():
    x, y = _ids(60)
    torch.manual_seed(0)
    a = train_val_split(x, y, seed=1)
    torch.manual_seed(99)
    b = train_val_split(x, y, seed=1)
    c = train_val_split(x, y, seed=2)
    assert torch.equal(a[1][0], b[1][0]) and torch.equal(a[0][0], b[0][0])
    assert not torch.equal(a[1][0], c[1][0])


def test_train_val_split_stratified_keeps_each_class_proportion():
    wine = load_wine()
    (xt, yt), (xv, yv) = train_val_split(wine.x, wine.y, 0.2, stratify=True)
    counts = [59, 71, 48]
    expected_val = [math.floor(c * 0.2 + 0.5) for c in counts]  # 11.8, 14.2, 9.6 -> 12, 14, 10
    assert torch.bincount(yv, minlength=3).tolist() == expected_val == [12, 14, 10]
    assert torch.bincount(yt, minlength=3).tolist() == [c - v for c, v in zip(counts, expected_val)]
    for part in (yt, yv):
        share = torch.bincount(part, minlength=3).double() / len(part)
        assert torch.allclose(share, torch.tensor(counts).double() / 178, atol=0.02)
    # the rows moved with their labels: each (x, y) row is a row of the data set
    data_rows = {tuple(r) for r in torch.cat([wine.x, wine.y[:, None].float()], 1).tolist()}
    split_rows = torch.cat(
        [torch.cat([xt, yt[:, None].float()], 1), torch.cat([xv, yv[:, None].float()], 1)]
    )
    assert {tuple(r) for r in split_rows.tolist()} == data_rows
    assert torch.any(yv[1:] < yv[:-1]), "validation labels should be mixed, not sorted by class"


def test_train_val_split_stratified_is_deterministic():
    wine = load_wine()
    a = train_val_split(wine.x, wine.y, stratify=True, seed=3)
    b = train_val_split(wine.x, wine.y, stratify=True, seed=3)
    c = train_val_split(wine.x, wine.y, stratify=True, seed=4)
    assert torch.equal(a[1][1], b[1][1]) and torch.equal(a[1][0], b[1][0])
    assert not torch.equal(a[1][0], c[1][0])


def test_train_val_split_stratified_puts_every_class_in_both_parts():
    y = torch.tensor([0] * 20 + [1] * 2)
    x = torch.arange(22.0).reshape(-1, 1)
    (_, yt), (_, yv) = train_val_split(x, y, 0.1, stratify=True)  # class 1: 0.2 -> at least 1
    assert set(yt.tolist()) == set(yv.tolist()) == {0, 1}


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"val_frac": 0.0}, "strictly between 0 and 1"),
        ({"val_frac": 1.0}, "strictly between 0 and 1"),
        ({"val_frac": 1.5}, "strictly between 0 and 1"),
        ({"val_frac": -0.2}, "strictly between 0 and 1"),
        ({"val_frac": True}, "strictly between 0 and 1"),
        ({"val_frac": float("nan")}, "strictly between 0 and 1"),
        ({"val_frac": 0.001}, "gives 0 validation and 20 training samples"),
        ({"val_frac": 0.999}, "gives 20 validation and 0 training samples"),
        ({"stratify": True}, "stratify=True needs y to be class labels"),  # y is float (N, 1)
    ],
)
def test_train_val_split_rejects_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        train_val_split(*_ids(20), **kwargs)


def test_train_val_split_rejects_mismatched_tiny_and_singleton_class_input():
    x = torch.zeros(10, 2)
    with pytest.raises(ValueError, match="x has 10 samples but y has 9"):
        train_val_split(x, torch.zeros(9))
    with pytest.raises(ValueError, match="a split needs at least 2"):
        train_val_split(torch.zeros(1, 2), torch.zeros(1))
    with pytest.raises(ValueError, match="class 2 has only 1 sample"):
        train_val_split(x, torch.tensor([0] * 5 + [1] * 4 + [2]), stratify=True)


# --- Standardizer -----------------------------------------------------------------------------


def test_standardizer_statistics_match_numpy_population_std():
    x = load_wine().x
    scaler = Standardizer().fit(x)
    x64 = x.numpy().astype(np.float64)
    np.testing.assert_allclose(scaler.mean.numpy(), x64.mean(axis=0), rtol=1e-6)
    np.testing.assert_allclose(scaler.std.numpy(), x64.std(axis=0, ddof=0), rtol=1e-6)
    z = scaler.transform(x).double()
    np.testing.assert_allclose(z.mean(0).numpy(), 0, atol=1e-5)
    np.testing.assert_allclose(z.std(0, correction=0).numpy(), 1, atol=1e-5)


def test_standardizer_round_trip_gives_the_data_back():
    x = load_wine().x
    scaler = Standardizer()
    z = scaler.fit_transform(x)
    assert torch.allclose(scaler.inverse_transform(z), x, rtol=1e-5, atol=1e-4)
    assert torch.equal(z, Standardizer().fit(x).transform(x))


def test_standardizer_uses_training_statistics_only():
    wine = load_wine()
    (xt, _), (xv, _) = train_val_split(wine.x, wine.y, stratify=True)
    scaler = Standardizer().fit(xt)
    zv = scaler.transform(xv)
    expected = (xv.double().numpy() - xt.double().numpy().mean(0)) / xt.double().numpy().std(0)
    np.testing.assert_allclose(zv.numpy(), expected, rtol=1e-5, atol=1e-5)
    # validation data standardised with training statistics is NOT exactly centred
    assert zv.mean(0).abs().max().item() > 0.05


def test_standardizer_constant_column_becomes_zero_not_nan():
    x = torch.tensor([[0.1, 1.0], [0.1, 2.0], [0.1, 4.0]]).repeat(60, 1)  # 0.1 is inexact
    scaler = Standardizer().fit(x)
    z = scaler.transform(x)
    assert torch.isfinite(z).all()
    assert torch.equal(z[:, 0], torch.zeros(180))
    assert torch.allclose(scaler.inverse_transform(z), x)


def test_standardizer_converts_integer_input():
    z = Standardizer().fit_transform(torch.tensor([[1], [2], [3]]))
    assert z.dtype == torch.float32
    assert torch.allclose(z.ravel(), torch.tensor([-1.0, 0.0, 1.0]) * math.sqrt(1.5))


def test_standardizer_errors_say_what_to_do():
    scaler = Standardizer()
    with pytest.raises(RuntimeError, match=r"call fit\(x_train\) first"):
        scaler.transform(torch.zeros(3, 2))
    with pytest.raises(RuntimeError, match=r"call fit\(x_train\) first"):
        scaler.inverse_transform(torch.zeros(3, 2))
    scaler.fit(torch.rand(10, 13))
    with pytest.raises(ValueError, match="x has 12 columns but this Standardizer was fitted on 13"):
        scaler.transform(torch.zeros(4, 12))
    with pytest.raises(ValueError, match=r"reshape\(-1, 1\)"):
        Standardizer().fit(torch.rand(10))
    with pytest.raises(ValueError, match="NaN"):
        Standardizer().fit(torch.tensor([[1.0], [float("nan")]]))


# ---- bad input found by tests/test_bad_input_sweep.py ----------------------------------------


def test_batches_loader_and_split_give_lists_the_same_samples_as_tensors():
    x, y = _ids(20)
    as_lists = x.tolist(), y.tolist()
    for a, b in zip(
        batches(x, y, 6, generator=torch.Generator().manual_seed(3)),
        batches(*as_lists, 6, generator=torch.Generator().manual_seed(3)),
        strict=True,
    ):
        assert all(torch.equal(p, q) for p, q in zip(a, b))
    for a, b in zip(make_loader(x, y, 6, seed=3), make_loader(*as_lists, 6, seed=3), strict=True):
        assert all(torch.equal(p, q) for p, q in zip(a, b))
    split, split_lists = train_val_split(x, y, seed=3), train_val_split(*as_lists, seed=3)
    assert all(
        torch.equal(p, q) for part, part_l in zip(split, split_lists) for p, q in zip(part, part_l)
    )


@pytest.mark.parametrize(
    "call, err, match",
    [
        (
            lambda: batches(torch.tensor(1.0), torch.zeros(3), 1),
            ValueError,
            r"^x is a single value",
        ),
        (lambda: batches(None, torch.zeros(3), 1), TypeError, r"^x must be a torch\.Tensor"),
        (
            lambda: batches(*_ids(4), 2, generator=0),
            TypeError,
            r"^generator must be a torch\.Generator",
        ),
        (lambda: make_loader(*_ids(4), 2, seed="a"), TypeError, r"^seed must be an int"),
        (lambda: train_val_split(*_ids(4), seed=1.5), TypeError, r"^seed must be an int"),
        (lambda: make_linear_data(seed="a"), TypeError, r"^seed must be an int"),
        (lambda: make_linear_data(w=float("nan")), ValueError, r"^w must be a finite number"),
        (lambda: make_linear_data(noise="1"), TypeError, r"^noise must be a number"),
        (
            lambda: make_linear_data(x_range=(0, 1, 2)),
            TypeError,
            r"^x_range must be a pair \(low, high\)",
        ),
        (lambda: load_wine(123), TypeError, r"^path must be a file path"),
    ],
    ids=[
        "0-d x",
        "x None",
        "generator int",
        "loader seed",
        "split seed",
        "data seed",
        "w nan",
        "noise str",
        "x_range triple",
        "path int",
    ],
)
def test_data_functions_name_the_bad_argument(call, err, match):
    with pytest.raises(err, match=match):
        call()


def test_make_linear_data_accepts_numpy_and_tensor_scalars():
    expected = make_linear_data(10, w=2.0, b=1.0, noise=0.5, x_range=(0.0, 10.0), seed=4)
    got = make_linear_data(
        np.int64(10),
        w=np.float32(2.0),
        b=torch.tensor(1.0),
        noise=0.5,
        x_range=np.array([0, 10]),
        seed=np.int64(4),
    )
    assert all(torch.equal(a, b) for a, b in zip(expected, got))
