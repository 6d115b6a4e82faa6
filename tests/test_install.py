"""`make lab` installs PyTorch's CPU build on Linux and falls back to pip's default index when
PyTorch's index cannot be reached (scripts/install_torch.py). Tested against local file
indexes holding stand-in torch wheels, with pip's own configuration switched off, so the test
needs no network and downloads nothing: pip only resolves (--dry-run --report).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the CPU index is used on Linux"
)


def _index(root: Path, version: str) -> Path:
    """A PEP 503 "simple" index in ``root`` with one stand-in wheel ``torch-<version>``."""
    project = root / "torch"
    project.mkdir(parents=True)
    name = f"torch-{version}-py3-none-any.whl"
    dist = f"torch-{version}.dist-info"
    with zipfile.ZipFile(project / name, "w") as whl:
        whl.writestr("torch/__init__.py", "")
        whl.writestr(
            f"{dist}/METADATA", f"Metadata-Version: 2.1\nName: torch\nVersion: {version}\n"
        )
        whl.writestr(
            f"{dist}/WHEEL",
            "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
        )
        whl.writestr(f"{dist}/RECORD", "")
    (project / "index.html").write_text(f'<html><body><a href="{name}">{name}</a></body></html>')
    (root / "index.html").write_text('<html><body><a href="torch/">torch</a></body></html>')
    return root


def _resolve(tmp_path: Path, torch_index: str, default_index: Path) -> tuple[str, str]:
    report = tmp_path / "report.json"
    env = dict(
        os.environ,
        TORCH_INDEX=torch_index,
        PIP_CONFIG_FILE=os.devnull,
        PIP_INDEX_URL=default_index.as_uri(),
        PIP_NO_CACHE_DIR="1",
    )
    env.pop("PIP_FIND_LINKS", None)
    out = subprocess.run(
        [sys.executable, "-m", "scripts.install_torch", "--dry-run", str(report)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    (torch,) = [
        i for i in json.loads(report.read_text())["install"] if i["metadata"]["name"] == "torch"
    ]
    return torch["download_info"]["url"], out.stdout


def test_linux_installs_torch_from_the_cpu_index_when_it_answers(tmp_path):
    cpu = _index(tmp_path / "cpu", "2.13.0+cpu")
    default = _index(tmp_path / "default", "2.13.0")
    url, said = _resolve(tmp_path, cpu.as_uri(), default)
    assert url.startswith(cpu.as_uri()) and "%2Bcpu" in url
    assert "installing PyTorch's CPU build from" in said


def test_linux_falls_back_to_the_default_index_when_the_cpu_index_is_unreachable(tmp_path):
    default = _index(tmp_path / "default", "2.13.0")
    url, said = _resolve(
        tmp_path, "http://127.0.0.1:9/whl/cpu", default
    )  # nothing listens on port 9
    assert url.startswith(default.as_uri())
    assert "cannot be reached; falling back to pip's default index" in said


def test_the_constraints_pin_torch_to_the_version_on_these_machines():
    pins = dict(
        line.split("==", 1)
        for line in (ROOT / "constraints.txt").read_text().splitlines()
        if "==" in line and not line.startswith("#")
    )
    assert pins["torch"] == "2.13.0"  # the CPU wheel on the course machines' disk; no "+cpu" label,
    # so the same file works against PyPI, PyTorch's CPU index and a local wheel folder
