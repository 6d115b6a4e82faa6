"""Install PyTorch's CPU build into the current environment (`make lab` and `make test` call it).

The course never needs a GPU. On Linux, PyPI's `torch` wheel is the CUDA build: about 900 MB
plus several GB of NVIDIA libraries. PyTorch publishes CPU-only wheels on its own index
(https://download.pytorch.org/whl/cpu, overridable with TORCH_INDEX or --index), so on Linux
this script installs torch from there, at the version the constraints file pins. When that
index cannot be reached (a machine that only sees PyPI, like the course's build machines,
which keep a CPU wheel on disk), it says so and falls back to pip's default index.
On macOS and Windows PyPI's wheel is already CPU-only: the default index is used directly.

Usage: python -m scripts.install_torch [--index URL] [--constraints FILE] [--dry-run REPORT.json]
  --dry-run   resolve only (pip install --dry-run --report), for the tests
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CPU_INDEX = "https://download.pytorch.org/whl/cpu"
CONSTRAINTS = ROOT / "constraints.txt"


def reachable(index: str, timeout: float = 5.0) -> bool:
    """True when ``index`` answers for torch's project page within ``timeout`` seconds
    (a local ``file://`` index counts when the folder exists)."""
    url = index.rstrip("/") + "/torch/"
    if index.startswith("file://"):
        return Path(urllib.request.url2pathname(url[len("file://") :])).is_dir()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError, ValueError):
        return False


def pip_command(index: str | None, constraints: Path, dry_run: Path | None) -> list[str]:
    cmd = [sys.executable, "-m", "pip", "install", "-c", str(constraints), "torch"]
    if index is not None:
        cmd += ["--index-url", index]
    if dry_run is not None:
        cmd += ["--dry-run", "--ignore-installed", "--quiet", "--report", str(dry_run)]
    return cmd


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", default=os.environ.get("TORCH_INDEX", CPU_INDEX))
    parser.add_argument("--constraints", type=Path, default=CONSTRAINTS)
    parser.add_argument("--dry-run", type=Path, default=None, metavar="REPORT")
    args = parser.parse_args(argv)
    index: str | None = None
    if sys.platform.startswith("linux"):
        if reachable(args.index):
            index = args.index
            print(f"install_torch: installing PyTorch's CPU build from {index}", flush=True)
        else:
            print(
                f"install_torch: {args.index} cannot be reached; falling back to pip's default "
                "index (on Linux that may be a CUDA build of several GB unless a CPU wheel is "
                "available locally; set TORCH_INDEX to a reachable CPU index to avoid it)",
                flush=True,
            )
    else:
        print(
            "install_torch: PyPI's torch for this platform is CPU-only; using pip's default index",
            flush=True,
        )
    return subprocess.run(pip_command(index, args.constraints, args.dry_run)).returncode


if __name__ == "__main__":
    sys.exit(main())
