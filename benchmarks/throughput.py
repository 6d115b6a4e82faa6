"""How fast is one training epoch? `course_utils.fit` against the two loops learners write.

    .venv/bin/python benchmarks/throughput.py            # full run: about 2-5 minutes on 2 cores
    .venv/bin/python benchmarks/throughput.py --quick    # 100k x 13, not 1M x 13: about a minute

One epoch of a linear model (nn.Linear(features, 1), MSE, SGD lr=0.01) in three ways, measured
side by side in one run (the three are interleaved, in a rotating order, in every round; the
median of the rounds is reported):

  (a) fit        course_utils.training.fit(model, x, y, epochs=1, batch_size=B, lr=0.01)
  (b) DataLoader the textbook loop: DataLoader(TensorDataset(x, y), batch_size=B, shuffle=True)
  (c) hand       a hand-written loop: one torch.randperm, then slices of the shuffled tensors

Every loop does the same work per batch: forward, loss, zero_grad, backward, step, and
loss.item() for the epoch loss (fit records it too). Model and optimizer are built outside the
timed region for (b) and (c); fit builds its optimizer and checks its inputs inside it, as a
learner's call does. A DataLoader epoch over 1M samples takes many seconds at any batch size
(about 5 us per sample), so on the large data set it is timed on its first batches and
extrapolated per sample (marked *). Then a small classifier (mlp [13, 32, 3], CrossEntropyLoss)
shows what checking the loss inputs on every batch would cost (fit checks them once).
This is a script, not a test: speed is not asserted in tests.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from collections.abc import Callable

import torch
from torch import nn, optim
from torch.utils.data import DataLoader, TensorDataset

from course_utils.training import fit

LR = 0.01
TARGET_BATCH, TARGET_VS_LOADER, TARGET_VS_HAND = 256, 5.0, 1.15


def make_data(n: int, features: int) -> tuple[torch.Tensor, torch.Tensor]:
    g = torch.Generator().manual_seed(0)
    x = torch.randn(n, features, generator=g)
    w = torch.randn(features, 1, generator=g)
    return x, x @ w + 0.5 * torch.randn(n, 1, generator=g)


def model_for(x: torch.Tensor, seed: int) -> nn.Module:
    torch.manual_seed(seed)
    return nn.Linear(x.shape[1], 1)


def step(
    model: nn.Module,
    optimizer: optim.Optimizer,
    loss_fn: nn.Module,
    xb: torch.Tensor,
    yb: torch.Tensor,
) -> float:
    loss = loss_fn(model(xb), yb)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    return loss.item()


def time_fit(x: torch.Tensor, y: torch.Tensor, batch_size: int, seed: int) -> float:
    model = model_for(x, seed)
    start = time.perf_counter()
    fit(model, x, y, epochs=1, batch_size=batch_size, lr=LR, seed=seed)
    return time.perf_counter() - start


def time_hand(x: torch.Tensor, y: torch.Tensor, batch_size: int, seed: int) -> float:
    model = model_for(x, seed)
    optimizer, loss_fn = optim.SGD(model.parameters(), lr=LR), nn.MSELoss()
    start = time.perf_counter()
    order = torch.randperm(len(x), generator=torch.Generator().manual_seed(seed))
    xs, ys = x[order], y[order]
    total = 0.0
    for i in range(0, len(x), batch_size):
        xb, yb = xs[i : i + batch_size], ys[i : i + batch_size]
        total += step(model, optimizer, loss_fn, xb, yb) * len(xb)
    return time.perf_counter() - start


def time_loader(
    x: torch.Tensor, y: torch.Tensor, batch_size: int, seed: int, max_samples: int | None = None
) -> float:
    """Seconds for one epoch; with ``max_samples``, estimated from the first batches: the
    start-up (sampler permutation, first batch) counts once, later batches are extrapolated."""
    model = model_for(x, seed)
    optimizer, loss_fn = optim.SGD(model.parameters(), lr=LR), nn.MSELoss()
    n_batches = -(-len(x) // batch_size)
    stop = n_batches if max_samples is None else min(n_batches, max(4, max_samples // batch_size))
    warm = max(1, stop // 10)
    start = time.perf_counter()
    loader = DataLoader(
        TensorDataset(x, y),
        batch_size=batch_size,
        shuffle=True,
        generator=torch.Generator().manual_seed(seed),
    )
    total, t_warm = 0.0, 0.0
    for k, (xb, yb) in enumerate(loader, start=1):
        total += step(model, optimizer, loss_fn, xb, yb) * len(xb)
        if k == warm:
            t_warm = time.perf_counter()
        if k == stop:
            break
    end = time.perf_counter()
    if stop == n_batches:
        return end - start
    per_sample = (end - t_warm) / ((stop - warm) * batch_size)
    return (t_warm - start) + per_sample * (len(x) - warm * batch_size)


def check_same_numbers(x: torch.Tensor, y: torch.Tensor, batch_size: int) -> None:
    """fit and the hand-written loop must do the same work: same batches, same parameters."""
    model = model_for(x, 0)
    fit(model, x, y, epochs=1, batch_size=batch_size, lr=LR, seed=0)
    ref = model_for(x, 0)
    optimizer, loss_fn = optim.SGD(ref.parameters(), lr=LR), nn.MSELoss()
    order = torch.randperm(len(x), generator=torch.Generator().manual_seed(0))
    for i in range(0, len(x), batch_size):
        step(ref, optimizer, loss_fn, x[order][i : i + batch_size], y[order][i : i + batch_size])
    for p, q in zip(model.parameters(), ref.parameters()):
        assert torch.allclose(p, q, rtol=1e-5, atol=1e-6), "fit and the hand loop disagree"


def measure(
    methods: dict[str, Callable[[int], float]],
    min_rounds: int,
    min_seconds: float,
    max_rounds: int = 30,
) -> dict[str, list[float]]:
    """Time every method once per round, in a rotating order, until each has run ``min_rounds``
    times and for ``min_seconds`` in all. Short epochs get more rounds (up to ``max_rounds``);
    when one round takes more than 3 s per method, 3 rounds are enough (keeps the run short)."""
    times: dict[str, list[float]] = {m: [] for m in methods}
    names = list(methods)
    for r in range(max_rounds):
        start = time.perf_counter()
        for m in names[r % len(names) :] + names[: r % len(names)]:
            times[m].append(methods[m](r))
        slow = time.perf_counter() - start > 3.0 * len(names)  # wall time, not extrapolations
        need = min(min_rounds, 3) if slow else min_rounds
        if r + 1 >= need and all(sum(t) >= min_seconds for t in times.values()):
            break
    return times


Row = tuple[str, int, dict[str, float], bool, int]  # data, batch, samples/s, extrapolated, runs


def print_table(rows: list[Row], loader_cap: int) -> None:
    print(
        f"{'data':>10} {'batch':>6} {'runs':>5} | {'samples/s: fit':>15} {'DataLoader':>12}"
        f" {'hand-written':>13} | {'fit/DataLoader':>14} {'fit/hand':>9}"
    )
    print("-" * 98)
    for name, batch_size, rate, extrapolated, runs in rows:
        star = "*" if extrapolated else " "
        print(
            f"{name:>10} {batch_size:>6} {runs:>5} | {rate['fit']:>15,.0f}"
            f" {rate['loader']:>11,.0f}{star} {rate['hand']:>13,.0f} |"
            f" {rate['fit'] / rate['loader']:>13.1f}x {rate['fit'] / rate['hand']:>8.2f}x"
        )
    print("runs: epochs timed per method (interleaved); each figure is the median of those runs.")
    if any(row[3] for row in rows):
        print(
            f"* DataLoader timed on the first {loader_cap:,} samples of the epoch (start-up"
            " counted once) and extrapolated per sample to the whole epoch."
        )
    print(
        "ratios compare samples/s: fit/DataLoader 6.0x = fit trains 6 times as many samples"
        " per second; fit/hand 0.95x = fit is 5% slower than the hand-written loop."
    )
    floor = 1 / TARGET_VS_HAND
    print(
        f"\ntargets at batch {TARGET_BATCH}: fit >= {TARGET_VS_LOADER:g}x the DataLoader loop,"
        f" within {TARGET_VS_HAND}x of the hand-written loop (fit/hand >= {floor:.2f})"
    )
    for name, batch_size, rate, _, _ in rows:
        if batch_size == TARGET_BATCH:
            vs_loader, vs_hand = rate["fit"] / rate["loader"], rate["fit"] / rate["hand"]
            verdict = "PASS" if vs_loader >= TARGET_VS_LOADER and vs_hand >= floor else "FAIL"
            print(
                f"  {name}: fit/DataLoader {vs_loader:.1f}x, fit/hand {vs_hand:.2f}x -> {verdict}"
            )


def classifier_rows(
    n: int, repeats: int, min_seconds: float
) -> list[tuple[int, dict[str, float], int]]:
    """A small classifier (mlp [13, 32, 3], CrossEntropyLoss, SGD) on n x 13 data, where the
    per-batch work is small and any per-batch overhead shows: fit, the hand-written loop, and
    the hand-written loop plus the checks fit used to make on every batch (it makes them once,
    before its loop, since this was measured)."""
    from course_utils.models import mlp
    from course_utils.training import _check_loss_inputs

    g = torch.Generator().manual_seed(1)
    x = torch.randn(n, 13, generator=g)
    y = (x[:, 0] > 0).long() + (x[:, 1] > 0.5).long()

    def model(seed: int) -> nn.Module:
        torch.manual_seed(seed)
        return mlp([13, 32, 3])

    def hand(batch_size: int, seed: int, checked: bool) -> float:
        m = model(seed)
        optimizer, loss_fn = optim.SGD(m.parameters(), lr=LR), nn.CrossEntropyLoss()
        start = time.perf_counter()
        order = torch.randperm(n, generator=torch.Generator().manual_seed(seed))
        xs, ys = x[order], y[order]
        for i in range(0, n, batch_size):
            xb, yb = xs[i : i + batch_size], ys[i : i + batch_size]
            y_pred = m(xb)
            if checked:
                _check_loss_inputs(loss_fn, y_pred, yb)
            loss = loss_fn(y_pred, yb)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            loss.item()
        return time.perf_counter() - start

    def fit_once(batch_size: int, seed: int) -> float:
        m = model(seed)
        start = time.perf_counter()
        fit(
            m,
            x,
            y,
            loss_fn=nn.CrossEntropyLoss(),
            epochs=1,
            batch_size=batch_size,
            lr=LR,
            seed=seed,
        )
        return time.perf_counter() - start

    rows = []
    for batch_size in (16, 256):
        methods: dict[str, Callable[[int], float]] = {
            "fit": lambda s: fit_once(batch_size, s),
            "hand": lambda s: hand(batch_size, s, False),
            "checked": lambda s: hand(batch_size, s, True),
        }
        times = measure(methods, max(repeats, 9), min_seconds)  # short epochs: more runs
        rows.append(
            (batch_size, {m: n / statistics.median(t) for m, t in times.items()}, len(times["fit"]))
        )
    return rows


def print_classifier_table(name: str, rows: list[tuple[int, dict[str, float], int]]) -> None:
    print(f"\nclassifier, {name}: mlp [13, 32, 3], CrossEntropyLoss, SGD; samples/s")
    print(
        f"{'batch':>6} {'runs':>5} | {'fit':>10} {'hand':>10} {'hand+checks':>12} |"
        f" {'fit/hand':>9} {'(hand+checks)/hand':>19}"
    )
    for batch_size, rate, runs in rows:
        print(
            f"{batch_size:>6} {runs:>5} | {rate['fit']:>10,.0f} {rate['hand']:>10,.0f}"
            f" {rate['checked']:>12,.0f} | {rate['fit'] / rate['hand']:>8.2f}x"
            f" {rate['checked'] / rate['hand']:>18.2f}x"
        )
    print(
        "hand+checks: the hand-written loop plus the loss-input checks fit made on every batch"
        " before it made them once, before its loop"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--quick",
        action="store_true",
        help="100k x 13 instead of 1M x 13, at least 3 runs per case",
    )
    parser.add_argument(
        "--repeats",
        type=int,
        default=None,
        help="minimum runs per case (default 5; 3 with --quick)",
    )
    parser.add_argument(
        "--threads", type=int, default=1, help="torch threads (default 1, as the notebooks run)"
    )
    args = parser.parse_args()
    if (args.repeats is not None and args.repeats < 1) or args.threads < 1:
        parser.error("--repeats and --threads must be >= 1")
    torch.set_num_threads(args.threads)
    repeats = args.repeats or (3 if args.quick else 5)
    big = 100_000 if args.quick else 1_000_000
    loader_cap = 100_000  # DataLoader samples actually run per epoch on the large data set
    big_name = "1M x 13" if big == 1_000_000 else f"{big // 1000}k x 13"
    datasets = {"10k x 1": make_data(10_000, 1), big_name: make_data(big, 13)}

    print(
        f"torch {torch.__version__}, Python {platform.python_version()}, {args.threads} "
        f"thread(s), at least {repeats} interleaved runs per case, median shown"
    )
    print(
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} "
        "(other work on the machine slows every method)"
    )
    for x, y in datasets.values():
        check_same_numbers(x[:2000], y[:2000], 64)
        for fn in (time_fit, time_hand, time_loader):  # warm up: lazy imports, first calls
            fn(x[:2000], y[:2000], 64, 0)
    print("check: fit and the hand-written loop end with the same parameters")

    rows: list[Row] = []
    started = time.perf_counter()
    for name, (x, y) in datasets.items():
        cap = loader_cap if len(x) > loader_cap else None
        for batch_size in (16, 64, 256, 4096):
            methods: dict[str, Callable[[int], float]] = {
                "fit": lambda s: time_fit(x, y, batch_size, s),
                "loader": lambda s: time_loader(x, y, batch_size, s, cap),
                "hand": lambda s: time_hand(x, y, batch_size, s),
            }
            times = measure(methods, repeats, 0.3 if args.quick else 1.0)
            rate = {m: len(x) / statistics.median(t) for m, t in times.items()}
            rows.append((name, batch_size, rate, cap is not None, len(times["fit"])))
    cls_n = 20_000 if args.quick else 100_000
    cls_rows = classifier_rows(cls_n, repeats, 0.3 if args.quick else 1.0)
    print()
    print_table(rows, loader_cap)
    print_classifier_table(f"{cls_n // 1000}k x 13", cls_rows)
    print(
        f"\ntotal measuring time {time.perf_counter() - started:.0f} s, "
        f"load average now {os.getloadavg()[0]:.1f}"
    )


if __name__ == "__main__":
    main()
