"""A throwaway JupyterLab server and the page actions the browser test needs.

Used by tests/test_browser.py. Nothing here touches the repository's notebooks or the
user's Jupyter settings: the server serves cleaned copies from a temporary folder, with
config, runtime, settings and workspace folders of its own.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
WIDGET_EXTENSION = "@jupyter-widgets/jupyterlab-manager"
# Negative controls: "1" disables the widget front end in the server's throwaway config
# (the kernel sees it too, so notebook 00's own check fails first); "block" makes the
# browser refuse to load the front end's code (server and kernel unaware).
DISABLE_WIDGETS_ENV = "COURSE_BROWSER_DISABLE_WIDGETS"
WIDGET_EXTENSION_URL = re.compile(r"/lab/extensions/@jupyter-widgets/jupyterlab-manager/")

# User settings for the throwaway server: no news/update popup over the notebook, every
# cell kept in the DOM (no windowing) so that every output can be counted.
LAB_SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
}


def find_chromium() -> str | None:
    """Path of a Chromium executable, or None."""
    for name in CHROMIUM_CANDIDATES:
        path = name if os.path.isabs(name) else shutil.which(name)
        if path and os.path.isfile(path) and os.access(path, os.X_OK):
            return path
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def copy_clean_notebook(src: Path, dest_dir: Path) -> Path:
    """Copy a notebook without outputs, execution counts or saved widget state.

    Whatever the browser then shows was produced by this run's kernel, not loaded from
    the file.
    """
    nb = json.loads(src.read_text(encoding="utf-8"))
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
    nb.get("metadata", {}).pop("widgets", None)
    dest = dest_dir / src.name
    dest.write_text(json.dumps(nb, indent=1), encoding="utf-8")
    return dest


@dataclass
class LabServer:
    """A running `jupyter lab`; `url(path)` gives an authenticated address."""

    process: subprocess.Popen
    port: int
    token: str
    root: Path
    log_path: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        sep = "&" if "?" in path else "?"
        return f"{self.base}/{path.lstrip('/')}{sep}token={self.token}"

    def api(self, method: str, path: str) -> object:
        req = urllib.request.Request(
            f"{self.base}/api/{path}",
            method=method,
            headers={"Authorization": f"token {self.token}"},
        )
        with urllib.request.urlopen(req, timeout=10) as resp:
            body = resp.read()
        return json.loads(body) if body else None

    def shutdown_kernels(self) -> None:
        """Stop every kernel (each test starts its own; two cores are shared)."""
        try:
            for kernel in self.api("GET", "kernels"):
                self.api("DELETE", f"kernels/{kernel['id']}")
        except (urllib.error.URLError, OSError):
            pass

    def log_tail(self, lines: int = 40) -> str:
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            return f"(no server log: {exc})"
        return "\n".join(text.splitlines()[-lines:])


def _lab_env(tmp: Path) -> dict[str, str]:
    env = dict(os.environ)
    # Config, runtime, settings and workspaces in tmp. JUPYTER_DATA_DIR/JUPYTER_PATH are left
    # alone: the widget front end lives in the venv's share/jupyter/labextensions.
    env["JUPYTER_CONFIG_DIR"] = str(tmp / "config")
    env["JUPYTER_RUNTIME_DIR"] = str(tmp / "runtime")
    env["JUPYTERLAB_SETTINGS_DIR"] = str(tmp / "settings")
    env["JUPYTERLAB_WORKSPACES_DIR"] = str(tmp / "workspaces")
    env["IPYTHONDIR"] = str(tmp / "ipython")  # kernel history, not the user's
    env.pop("MPLBACKEND", None)
    for key in ("config", "runtime", "settings", "workspaces", "ipython"):
        (tmp / key).mkdir(parents=True, exist_ok=True)
    for rel, values in LAB_SETTINGS.items():
        path = tmp / "settings" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values), encoding="utf-8")
    return env


def disable_widget_extension(env: dict[str, str]) -> Path:
    """`jupyter labextension disable` the widget front end in the throwaway config dir.

    `--level=user` is what puts it in JUPYTER_CONFIG_DIR; the default level (sys_prefix)
    would write into the venv and break widgets for every other user of it.
    """
    jupyter = Path(sys.executable).with_name("jupyter")
    subprocess.run(
        [str(jupyter), "labextension", "disable", "--level=user", WIDGET_EXTENSION],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    page_config = Path(env["JUPYTER_CONFIG_DIR"]) / "labconfig" / "page_config.json"
    assert WIDGET_EXTENSION in page_config.read_text(encoding="utf-8"), page_config
    return page_config


def start_lab(
    root: Path, tmp: Path, *, disable_widgets: bool = False, timeout: float = 90
) -> LabServer:
    """Start `jupyter lab` serving `root`; return once its API answers."""
    env = _lab_env(tmp)
    if disable_widgets:
        disable_widget_extension(env)
    port, token = free_port(), secrets.token_hex(16)
    cmd = [
        str(Path(sys.executable).with_name("jupyter")),
        "lab",
        "--no-browser",
        "--ip",
        "127.0.0.1",
        f"--port={port}",
        "--port-retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
        # notebook trust database and signing key in tmp, not in ~/.local/share/jupyter
        "--NotebookNotary.db_file=:memory:",
        f"--NotebookNotary.secret_file={tmp / 'notebook_secret'}",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    log_path = tmp / "server.log"
    log = open(log_path, "wb")  # noqa: SIM115 - the child writes to it for its whole life
    process = subprocess.Popen(
        cmd, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    log.close()
    server = LabServer(process, port, token, root, log_path)
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise RuntimeError(
                f"jupyter lab exited with code {process.returncode}:\n{server.log_tail()}"
            )
        try:
            server.api("GET", "status")
            return server
        except (urllib.error.URLError, OSError):
            pass
        if time.monotonic() > deadline:
            stop_lab(server)
            raise RuntimeError(f"jupyter lab did not answer in {timeout} s:\n{server.log_tail()}")
        time.sleep(0.25)


def stop_lab(server: LabServer) -> None:
    """Stop the server and every process it started: terminate, then kill."""
    try:
        import psutil
    except ImportError:  # pragma: no cover - psutil comes with ipykernel
        psutil = None
    children = []
    if psutil is not None:
        try:
            children = psutil.Process(server.process.pid).children(recursive=True)
        except psutil.Error:
            children = []
    if server.process.poll() is None:
        server.shutdown_kernels()
        server.process.terminate()
        try:
            server.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait(timeout=10)
    # Kernels run in sessions of their own, so the server's process group does not cover
    # them: end whatever the server had started and left behind.
    try:
        os.killpg(server.process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    if psutil is not None:
        for child in children:
            try:
                child.kill()
            except psutil.Error:
                pass
        psutil.wait_procs(children, timeout=5)


# ---------------------------------------------------------------------------------------
# Page actions (playwright sync API)

KERNEL_IDLE = "#jp-main-statusbar >> text=Idle"

# Once the kernel is idle and no cell is running or queued ([*]): how many code cells
# have an execution count, and how many there are. Before Run All starts none has one (the
# copies are cleared); a cell that raises stops Run All and leaves the rest without one.
RUN_STATE_JS = """
() => {
  const bar = document.querySelector('#jp-main-statusbar');
  if (!bar || !bar.textContent.includes('Idle')) return null;
  const prompts = [...document.querySelectorAll(
    '.jp-Notebook .jp-CodeCell .jp-InputArea-prompt')].map(p => p.textContent);
  if (prompts.length === 0 || prompts.some(t => t.includes('*'))) return null;
  const ran = prompts.filter(t => /\\[\\d+\\]/.test(t)).length;
  return ran > 0 ? {ran: ran, cells: prompts.length} : null;
}
"""

# Text of the code cell that ran last (the one that raised, when Run All stopped early).
LAST_RUN_CELL_JS = """
() => {
  let best = null, bestN = -1;
  for (const cell of document.querySelectorAll('.jp-Notebook .jp-CodeCell')) {
    const m = /\\[(\\d+)\\]/.exec(cell.querySelector('.jp-InputArea-prompt').textContent);
    if (m && +m[1] > bestN) { bestN = +m[1]; best = cell; }
  }
  if (!best) return '';
  const src = best.querySelector('.jp-InputArea-editor').innerText;
  const out = best.querySelector('.jp-Cell-outputArea');
  return src + '\\n>>> output:\\n' + (out ? out.innerText : '');
}
"""


def open_notebook(page, server: LabServer, name: str, timeout_ms: int) -> None:
    """Open `name` in a workspace of its own and wait for its kernel to be idle."""
    stem = Path(name).stem
    page.goto(server.url(f"lab/workspaces/test-{stem}/tree/{name}?reset"))
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=timeout_ms)
    page.wait_for_selector(KERNEL_IDLE, timeout=timeout_ms)


def run_all_cells(page, timeout_ms: int) -> None:
    """Run > Run All Cells, by label; wait until it is done; fail if a cell raised."""
    menu = page.locator("#jp-menu-panel .lm-MenuBar-itemLabel").get_by_text("Run", exact=True)
    item = page.locator(".lm-Menu-itemLabel").get_by_text("Run All Cells", exact=True)
    for attempt in range(3):  # a click during start-up can leave the menu closed: retry
        menu.click()
        try:
            item.wait_for(state="visible", timeout=5_000)
            break
        except Exception:
            if attempt == 2:
                raise
            page.keyboard.press("Escape")
    item.click()
    state = page.wait_for_function(RUN_STATE_JS, timeout=timeout_ms, polling=200).json_value()
    if state["ran"] < state["cells"]:
        raise AssertionError(
            f"Run All Cells stopped after {state['ran']} of {state['cells']} code cells; "
            f"the last one that ran:\n{page.evaluate(LAST_RUN_CELL_JS)[-3000:]}"
        )


def wait_until_stable(read, *, settle_s: float = 1.0, timeout_s: float = 30.0, poll_s: float = 0.2):
    """Poll `read()` until it returns the same value for `settle_s`; return that value."""
    deadline = time.monotonic() + timeout_s
    last, since = read(), time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(poll_s)
        now = read()
        if now != last:
            last, since = now, time.monotonic()
        elif time.monotonic() - since >= settle_s:
            return last
    raise TimeoutError(f"value still changing after {timeout_s} s")


def outputs_text(page, limit: int = 4000) -> str:
    """The text of every output area, cell by cell, for failure messages."""
    try:
        texts = page.locator(".jp-OutputArea-output").all_inner_texts()
    except Exception as exc:  # the page may be gone
        return f"(could not read the outputs: {exc})"
    joined = "\n---\n".join(t.strip() for t in texts) or "(no outputs)"
    return joined if len(joined) <= limit else joined[:limit] + "\n... (truncated)"


# The first output that is (or should have been) a widget, for failure screenshots.
SCROLL_TO_WIDGET_JS = """
() => {
  const areas = [...document.querySelectorAll('.jp-Cell-outputArea .jp-OutputArea-output')];
  const hit = areas.find(a => a.querySelector('.jupyter-widgets, .widget-slider')
    || /Slider\\(|Box\\(children=|Error displaying widget|Loading widget/.test(a.innerText));
  if (hit) hit.scrollIntoView({block: 'center'});
  return Boolean(hit);
}
"""


def scroll_to_widgets(page) -> None:
    """Bring the first widget output (or its text stand-in) into view, if any."""
    try:
        page.evaluate(SCROLL_TO_WIDGET_JS)
    except Exception:  # the page may be gone
        pass
