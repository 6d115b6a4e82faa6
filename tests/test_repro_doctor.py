"""set_seed / get_device (repro) and the environment doctor."""

import random
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch

from course_utils import doctor, get_device, set_seed


def test_set_seed_makes_random_numpy_and_torch_repeat():
    def draw():
        return random.random(), np.random.rand(), torch.rand(1).item()

    set_seed(123)
    first = draw()
    set_seed(123)
    assert draw() == first
    set_seed(124)
    assert draw() != first


def test_set_seed_returns_none_so_a_last_line_prints_nothing():
    assert set_seed(0) is None


@pytest.mark.parametrize(
    "seed,exc", [(1.5, TypeError), ("0", TypeError), (-1, ValueError), (True, TypeError)]
)
def test_set_seed_rejects_bad_seeds(seed, exc):
    with pytest.raises(exc, match="seed"):
        set_seed(seed)


@pytest.mark.parametrize(
    "cuda,mps,auto",
    [(True, True, "cuda"), (True, False, "cuda"), (False, True, "mps"), (False, False, "cpu")],
)
def test_get_device_prefers_what_exists(monkeypatch, cuda, mps, auto):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: cuda)
    monkeypatch.setattr(torch.backends.mps, "is_available", lambda: mps)
    assert get_device("auto").type == auto
    assert get_device("cpu") == torch.device("cpu")
    assert get_device("cuda").type == ("cuda" if cuda else "cpu")
    assert get_device("mps").type == ("mps" if mps else "cpu")
    with pytest.raises(ValueError, match="not a device name"):
        get_device("gpu-please")


def test_doctor_passes_here_and_reports_each_package():
    checks = doctor.run_checks()
    names = {c.name for c in checks}
    assert {
        "python",
        "torch",
        "numpy",
        "matplotlib",
        "ipywidgets",
        "jupyterlab_widgets",
        "widget front end",
        "autograd",
    } <= names
    assert all(c.ok for c in checks), doctor.format_report(checks)
    assert dict((c.name, c.detail) for c in checks)["torch"] == torch.__version__


def test_doctor_cli_exits_0_and_prints_ok_lines():
    out = subprocess.run(
        [sys.executable, "-m", "course_utils", "doctor"], capture_output=True, text=True
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert "OK    torch" in out.stdout and "all checks passed" in out.stdout


def test_doctor_fails_on_a_missing_package(monkeypatch):
    monkeypatch.setattr(doctor, "PACKAGES", doctor.PACKAGES + [("no_such_package_xyz", "testing")])
    checks = doctor.run_checks()
    bad = [c for c in checks if not c.ok]
    assert [c.name for c in bad] == ["no_such_package_xyz"]
    assert "Fix:" in bad[0].detail
    assert doctor.main() == 1


def test_doctor_fails_when_the_widget_front_end_is_disabled(tmp_path, monkeypatch):
    # the same thing `jupyter labextension disable @jupyter-widgets/jupyterlab-manager` writes
    cfg = tmp_path / "labconfig"
    cfg.mkdir()
    (cfg / "page_config.json").write_text(
        '{"disabledExtensions": {"@jupyter-widgets/jupyterlab-manager": true}}'
    )
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(tmp_path))
    check = doctor._widget_frontend()
    assert check.status == "FAIL" and "labextension enable" in check.detail


def test_doctor_fails_when_the_widget_front_end_is_not_installed(monkeypatch):
    monkeypatch.setattr(doctor, "WIDGET_EXTENSION", "@nobody/not-installed")
    check = doctor._widget_frontend()
    assert check.status == "FAIL" and "pip install jupyterlab_widgets" in check.detail


@pytest.mark.parametrize("args", [["docter"], [], ["doctor", "--verbose"]])
def test_cli_prints_usage_and_exits_2_on_anything_but_doctor(args):
    out = subprocess.run(
        [sys.executable, "-m", "course_utils", *args], capture_output=True, text=True
    )
    assert out.returncode == 2 and "usage: python -m course_utils doctor" in out.stderr
    assert "all checks passed" not in out.stdout  # no report for a command it did not understand


def test_doctor_fails_on_a_missing_server_side_package_without_importing_it(monkeypatch):
    monkeypatch.setattr(doctor, "PACKAGES", doctor.PACKAGES + [("no_such_server_pkg", "testing")])
    monkeypatch.setattr(doctor, "SERVER_SIDE", doctor.SERVER_SIDE | {"no_such_server_pkg"})
    bad = [c for c in doctor.run_checks() if not c.ok]
    assert [c.name for c in bad] == ["no_such_server_pkg"] and "Fix:" in bad[0].detail


def test_doctor_reads_the_declared_ranges_from_the_package_metadata():
    import tomllib

    ranges = doctor.declared_ranges()
    meta = tomllib.loads((Path(__file__).resolve().parents[1] / "pyproject.toml").read_text())[
        "project"
    ]
    for req in meta["dependencies"] + meta["optional-dependencies"]["lab"]:
        name = req.split(">")[0].split("=")[0].split("<")[0].strip().replace("-", "_").lower()
        assert name in ranges and ranges[name] in req, (name, ranges)
    assert "pytest" not in ranges and "playwright" not in ranges  # not a learner's business


def test_doctor_fails_a_version_outside_the_declared_range_with_the_fix(monkeypatch):
    monkeypatch.setattr(doctor, "_version", lambda module: "1.0" if module == "numpy" else "99.0")
    bad = [c for c in doctor.run_checks() if not c.ok]
    assert [c.name for c in bad] == ["numpy"]
    assert (
        "the course needs numpy>=" in bad[0].detail and "Fix: pip install 'numpy>=" in bad[0].detail
    )


def test_doctor_fails_ipywidgets_7_in_jupyterlab_4_with_the_fix(monkeypatch):
    real = doctor._version
    monkeypatch.setattr(
        doctor, "_version", lambda module: "7.7.1" if module == "ipywidgets" else real(module)
    )
    bad = [c for c in doctor.run_checks() if not c.ok]
    assert [c.name for c in bad] == ["ipywidgets"]
    assert (
        "JupyterLab 4 cannot draw ipywidgets 7" in bad[0].detail
        and "ipywidgets>=8.1" in bad[0].detail
    )


def test_doctor_on_colab_marks_jupyterlab_checks_not_applicable(monkeypatch):
    import types

    real = doctor._version
    monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    monkeypatch.setattr(
        doctor, "_version", lambda module: "7.7.1" if module == "ipywidgets" else real(module)
    )
    monkeypatch.setattr(doctor, "_widget_frontend", lambda: pytest.fail("no JupyterLab on Colab"))
    checks = {c.name: c for c in doctor.run_checks()}
    assert all(c.ok for c in checks.values()), doctor.format_report(list(checks.values()))
    assert {n for n, c in checks.items() if c.status == "N/A"} == {
        "jupyterlab",
        "jupyterlab_widgets",
        "widget front end",
    }
    assert checks["ipywidgets"].detail == "7.7.1 (Colab's own)"
    assert "all checks passed" in doctor.format_report(list(checks.values()))
