"""Nothing downloads: the course runs with every connection except loopback blocked.

A ``sitecustomize.py`` in a temporary directory on PYTHONPATH patches ``socket`` in every
Python process started with it (a subprocess, a notebook kernel): connect, connect_ex,
sendto and getaddrinfo refuse any non-loopback address, and log the attempt, so a library
that catches the error and carries on is still caught. Jupyter's kernel channels are ZeroMQ
over 127.0.0.1 and keep working.

Also: every ``torch.load`` in the course passes ``weights_only=True``.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import nbformat
import pytest

from scripts.repro import Kernel, diff_outputs, is_checked, kernel_env, load_sanitizer, runnable

ROOT = Path(__file__).resolve().parents[1]

SITECUSTOMIZE = '''
"""Test-only (tests/test_network.py): block every network connection except loopback."""
import ipaddress
import os
import socket

_LOG = os.environ.get("COURSE_NETWORK_LOG", "")
_LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"}


class NetworkBlocked(ConnectionRefusedError):
    """An OSError, like the one a machine without network gives."""


def _loopback(host, *, lookup=False):
    if host is None or (lookup and host in ("", "0.0.0.0", "::")):  # lookups for binding
        return True
    host = host.decode() if isinstance(host, bytes) else str(host)
    if host.lower() in _LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


def _guard(what, family, address, lookup=False):
    if family == getattr(socket, "AF_UNIX", None):
        return
    host = address[0] if isinstance(address, tuple) else address
    if _loopback(host, lookup=lookup):
        return
    if _LOG:
        with open(_LOG, "a") as log:
            log.write(f"{what} {address!r}\\n")
    raise NetworkBlocked(f"network access blocked by the offline test: {what} {address!r}")


_connect, _connect_ex = socket.socket.connect, socket.socket.connect_ex
_sendto = socket.socket.sendto
_getaddrinfo = socket.getaddrinfo


def connect(self, address):
    _guard("connect", self.family, address)
    return _connect(self, address)


def connect_ex(self, address):
    _guard("connect_ex", self.family, address)
    return _connect_ex(self, address)


def sendto(self, data, *args):
    _guard("sendto", self.family, args[-1])
    return _sendto(self, data, *args)


def getaddrinfo(host, *args, **kwargs):
    _guard("getaddrinfo", None, host, lookup=True)
    return _getaddrinfo(host, *args, **kwargs)


socket.socket.connect, socket.socket.connect_ex, socket.socket.sendto = connect, connect_ex, sendto
socket.getaddrinfo = getaddrinfo
'''

# two deliberate attempts, a raw connect and a name lookup: the block must be active (and
# logged) in the process under test
PROBE = textwrap.dedent("""\
    import socket
    def attempt(reach):
        try:
            reach()
        except OSError as exc:
            blocked = "blocked by the offline test" in str(exc)
            return "blocked" if blocked else f"NOT BLOCKED ({exc!r})"
        return "NOT BLOCKED"
    with socket.socket() as s:
        s.settimeout(2)
        print(attempt(lambda: s.connect(("192.0.2.1", 80))),
              attempt(lambda: socket.create_connection(("pypi.org", 443), timeout=2).close()))
    """)
PROBE_LOG = ["connect ('192.0.2.1', 80)", "getaddrinfo 'pypi.org'"]

CORE = PROBE + textwrap.dedent("""\
    import matplotlib
    matplotlib.use("Agg")
    import torch
    import course_utils
    from course_utils import (Standardizer, accuracy, fit, linear_model, load_wine,
                              make_linear_data, make_loader, mlp, train_val_split)
    from course_utils.doctor import run_checks
    from course_utils.widgets import batch_size_explorer, epoch_scrubber, lr_explorer

    wine = load_wine()
    (x_tr, y_tr), (x_va, y_va) = train_val_split(wine.x, wine.y, seed=0, stratify=True)
    scaler = Standardizer().fit(x_tr)
    torch.manual_seed(0)
    model = mlp([13, 10, 10, 3])
    fit(model, scaler.transform(x_tr), y_tr, loss_fn=torch.nn.CrossEntropyLoss(),
        optimizer=torch.optim.Adam(model.parameters(), lr=1e-3), epochs=2, batch_size=32)
    print("accuracy", accuracy(model, scaler.transform(x_va), y_va) >= 0)
    x, y = make_linear_data()
    history = fit(linear_model(0.0, 0.0), x, y, lr=0.01, epochs=5)
    next(iter(make_loader(x, y, 16)))
    epoch_scrubber(x, y, history).control.value = 3
    lr_explorer(x, y, epochs=5)
    batch_size_explorer(x, y, batch_sizes=(16, 100), epochs=2)
    print("doctor", [c.status for c in run_checks()].count("FAIL"), "FAIL")
    print("core done")
    """)


class Offline(tuple):
    """(environment with the socket block on PYTHONPATH, log of blocked attempts); its repr
    leaves the environment out of test reports."""

    def __repr__(self) -> str:
        return f"Offline(log={self[1]})"


@pytest.fixture
def offline(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(SITECUSTOMIZE)
    log = tmp_path / "network.log"
    env = kernel_env(threads=1)
    env["PYTHONPATH"] = os.pathsep.join([str(site), *filter(None, [env.get("PYTHONPATH")])])
    env["COURSE_NETWORK_LOG"] = str(log)
    return Offline((env, log))


def attempts(log: Path) -> list[str]:
    return log.read_text().splitlines() if log.exists() else []


def test_course_core_runs_offline(offline, tmp_path):
    env, log = offline
    proc = subprocess.run(
        [sys.executable, "-c", CORE],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0] == "blocked blocked", "the socket block is not active in the subprocess"
    assert lines[1:] == ["accuracy True", "doctor 0 FAIL", "core done"], proc.stdout + proc.stderr
    assert attempts(log) == PROBE_LOG, "something tried to reach the network"


@pytest.mark.slow
def test_notebook_08_runs_offline_with_its_stored_outputs(offline, tmp_path):
    env, log = offline
    nb = nbformat.read(ROOT / "notebooks" / "08_wine_classification.ipynb", as_version=4)
    probe = nbformat.v4.new_code_cell(PROBE)
    if nb.nbformat_minor < 5:  # cell ids came with nbformat 4.5
        del probe["id"]
    nb.cells.append(probe)
    path = tmp_path / "08_offline.ipynb"
    nbformat.write(nb, path)
    sanitize, problems = load_sanitizer(), []
    with Kernel(path, env) as k:
        for i in runnable(k.nb)[:-1]:
            outputs, cell = k.run(i), k.nb.cells[i]
            errors = [o for o in outputs if o.get("output_type") == "error"]
            if errors:
                problems.append(f"cell {i}: {errors[0]['ename']}: {errors[0]['evalue']}")
            elif is_checked(cell) and (delta := diff_outputs(cell.outputs, outputs, sanitize)):
                problems.append(f"cell {i}: " + "\n".join(delta))
        probe = k.run(len(k.nb.cells) - 1)
    # one print may arrive as several stream messages (a busy machine flushes mid-line)
    printed = "".join(o.get("text", "") for o in probe if o.get("output_type") == "stream")
    assert printed == "blocked blocked\n" and all(o["output_type"] == "stream" for o in probe), (
        f"block not active in the kernel: {probe}"
    )
    assert not problems, "\n".join(problems)
    assert attempts(log) == PROBE_LOG, "the notebook tried to reach the network"


# ----------------------------------------------------------------- torch.load(weights_only=True)


def torch_load_calls(source: str) -> list[tuple[int, bool]]:
    """(line, has weights_only=True) for every torch.load call, through import aliases too."""
    tree = ast.parse(source)
    modules, loads = {"torch"}, set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules |= {a.asname or a.name for a in node.names if a.name == "torch"}
        elif isinstance(node, ast.ImportFrom) and node.module in ("torch", "torch.serialization"):
            loads |= {a.asname or a.name for a in node.names if a.name == "load"}
    calls = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        f = node.func
        is_load = (isinstance(f, ast.Name) and f.id in loads) or (
            isinstance(f, ast.Attribute)
            and f.attr == "load"
            and (
                isinstance(f.value, ast.Name)
                and f.value.id in modules
                or isinstance(f.value, ast.Attribute)
                and f.value.attr == "serialization"
            )
        )
        if is_load:
            safe = any(
                k.arg == "weights_only"
                and isinstance(k.value, ast.Constant)
                and k.value.value is True
                for k in node.keywords
            )
            calls.append((node.lineno, safe))
    return calls


def course_sources() -> dict[str, str]:
    """Every Python source of the course: modules, scripts, tests, lesson sources (exercises
    included), notebooks."""
    sources = {}
    for pattern in [
        "course_utils/*.py",
        "scripts/*.py",
        "benchmarks/*.py",
        "tests/*.py",
        "*.py",
        "notebooks/src/*.py",
    ]:
        for p in sorted(ROOT.glob(pattern)):
            sources[str(p.relative_to(ROOT))] = p.read_text()
    for pattern in ["notebooks/*.ipynb", "student/*.ipynb"]:
        for p in sorted(ROOT.glob(pattern)):
            cells = json.loads(p.read_text())["cells"]
            for i, c in enumerate(cells):
                if c["cell_type"] == "code":
                    lines = "".join(c["source"]).splitlines()  # IPython magics are not Python
                    sources[f"{p.relative_to(ROOT)} cell {i}"] = "\n".join(
                        "pass" if ln.lstrip().startswith(("%", "!")) else ln for ln in lines
                    )
    return sources


def test_every_torch_load_in_the_course_uses_weights_only_true():
    found, unsafe = 0, []
    for name, source in course_sources().items():
        for line, safe in torch_load_calls(source):
            found += 1
            if not safe:
                unsafe.append(f"{name}, line {line}")
    assert not unsafe, (
        "torch.load without weights_only=True (it can run code from the file): " + "; ".join(unsafe)
    )
    assert found >= 1, "lesson 04 loads a state_dict: the scan should see it"


@pytest.mark.parametrize(
    "source, expected",
    [
        ("import torch\ntorch.load(p, weights_only=True)", [(2, True)]),
        ("import torch\ntorch.load(p)", [(2, False)]),
        ("import torch\ntorch.load(p, weights_only=False)", [(2, False)]),
        ("import torch as th\nth.load(p, **kw)", [(2, False)]),
        ("from torch import load\nload(p)", [(2, False)]),
        ("import torch\ntorch.serialization.load(p)", [(2, False)]),
        ("import numpy as np\nnp.load(p)\njson.load(f)", []),
    ],
)
def test_torch_load_scan_sees_unsafe_calls(source, expected):
    assert torch_load_calls(source) == expected
