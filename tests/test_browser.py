"""Widgets render and respond in a real JupyterLab, driven by headless Chromium.

nbval and the unit tests cannot see the browser side of ipywidgets: a missing or disabled
widget front end turns every slider into text such as `IntSlider(value=3, ...)` while all
of them still pass. This test opens each lesson with widgets in JupyterLab, runs all
cells from the Run menu, checks that every widget rendered, moves a slider with the
keyboard and checks that what the slider drives changed.

Which lessons have widgets is read from their sources (a code cell that makes a widget:
see WIDGET_CALL); what each must show is in NOTEBOOKS. A widget lesson without an entry
there, or an entry for a lesson without widgets, fails (without Chromium too).

Skipped (with the reason) when Chromium or the playwright package is missing:
`sudo apt-get install chromium`. Never `playwright install`: it downloads a browser.
Screenshots go to artifacts/browser/<notebook>.png.

Negative controls, both must FAIL: `COURSE_BROWSER_DISABLE_WIDGETS=1 .venv/bin/python -m
pytest tests/test_browser.py` runs `jupyter labextension disable --level=user
@jupyter-widgets/jupyterlab-manager` against the server's throwaway config dir (notebook
00's own check sees it); `COURSE_BROWSER_DISABLE_WIDGETS=block` makes the browser refuse
the front end's code, which only the browser checks can see.
"""

from __future__ import annotations

import json
import os
import re
import statistics
import time
import traceback
import typing
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import browser_helpers as bh
import pytest

from scripts.build_notebooks import lesson_sources, read_cells

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_DIR = ROOT / "notebooks"
SCREENSHOT_DIR = ROOT / "artifacts" / "browser"


@dataclass(frozen=True)
class Expect:
    """What one notebook must show in the browser."""

    widgets: int  # output areas that must hold a rendered widget
    sliders: int  # sliders that must render
    move: str | tuple[str, ...]  # description(s) of the slider(s) to move with the keyboard
    presses: int = 2  # key presses on that slider
    key: str = "ArrowRight"
    # The slider drives a Label: readout text of the slider -> text its output must show.
    label: Callable[[str], str] | None = None
    # The slider redraws a figure (an <img>) in a `.widget-output` of the same widget.
    image: bool = False
    presses_timed: int = 6  # image sliders: key presses whose time to a new figure is printed
    timeout_s: float = 120.0  # opening, running all cells, rendering

    @property
    def moves(self) -> tuple[str, ...]:
        return (self.move,) if isinstance(self.move, str) else tuple(self.move)


# One entry per notebook with widgets (widget_notebooks()). A listed notebook that does not
# exist or has no widgets FAILS, and so does a widget notebook without an entry.
NOTEBOOKS: dict[str, Expect] = {
    "00_setup_check.ipynb": Expect(
        widgets=1,
        sliders=1,
        move="w",
        label=lambda v: f"w = {v}, w² = {int(v) ** 2}",
    ),
    "05_fit_plots.ipynb": Expect(widgets=2, sliders=2, move=("epoch", "lr"), image=True),
    "06_minibatches.ipynb": Expect(widgets=1, sliders=1, move="batch size", image=True),
}


def _widget_makers() -> set[str]:
    """Names whose call makes a widget: the course's widget helpers (course_utils.widgets
    functions returning a widget, and its widget classes), ipywidgets' widget classes (less
    the names IPython.display also has, such as HTML and Image) and ipywidgets' interact."""
    import IPython.display
    import ipywidgets

    from course_utils import widgets

    def is_widget(obj) -> bool:
        return isinstance(obj, type) and issubclass(obj, ipywidgets.DOMWidget)

    makers = {"interact", "interactive", "interact_manual"}
    makers |= {n for n in dir(ipywidgets) if is_widget(getattr(ipywidgets, n))} - set(
        dir(IPython.display)
    )
    for name in widgets.__all__:
        obj = getattr(widgets, name)
        if is_widget(obj) or (
            callable(obj) and is_widget(typing.get_type_hints(obj).get("return"))
        ):
            makers.add(name)
    return makers


WIDGET_CALL = re.compile(rf"\b(?:{'|'.join(sorted(_widget_makers()))})\(")


def widget_notebooks() -> list[str]:
    """The notebooks whose source has a code cell that makes a widget."""
    return [
        src.stem + ".ipynb"
        for src in lesson_sources()
        if any(c["type"] == "code" and WIDGET_CALL.search(c["source"]) for c in read_cells(src))
    ]


def test_every_widget_notebook_has_an_entry_and_every_entry_has_widgets():
    found = widget_notebooks()
    missing = [n for n in found if n not in NOTEBOOKS]
    assert not missing, (
        f"{missing} make widgets (a cell calls one of WIDGET_CALL) but have no entry in "
        "NOTEBOOKS (tests/test_browser.py): add one saying what the browser must show"
    )
    stale = [n for n in NOTEBOOKS if n not in found]
    assert not stale, (
        f"{stale} are listed in NOTEBOOKS (tests/test_browser.py) but their sources make no "
        "widget: remove the entry, or extend WIDGET_CALL if it missed one"
    )


def test_widget_call_finds_the_course_helpers_and_ipywidgets_but_not_display_objects():
    assert all(
        WIDGET_CALL.search(s)
        for s in [
            "epoch_scrubber(x, y, h)",
            "widgets.IntSlider(value=3)",
            "lr_explorer(x, y)",
            "interact(f, k=1)",
        ]
    )
    assert not any(
        WIDGET_CALL.search(s)
        for s in [
            "display(HTML('<b>'))",
            "Image(filename='a.png')",
            "draw_run(axes, x, y, h)",
            "history.params(",
        ]
    )


# What an output shows instead of a widget when the front end is missing.
TEXT_REPR = re.compile(
    r"\b(?:Int|Float|FloatLog|IntRange|FloatRange|Selection|SelectionRange)Slider\("
    r"|\b[VH]Box\(children="
    r"|\bOutput\((?:layout|outputs)="
    r"|\bLabel\(value="
)
WIDGET_ERRORS = ("Error displaying widget", "Loading widget...")


@pytest.fixture(scope="module")
def chromium() -> str:
    pytest.importorskip(
        "playwright.sync_api",
        reason="the playwright package is missing: .venv/bin/python -m pip install -e '.[test]'",
    )
    path = bh.find_chromium()
    if path is None:
        pytest.skip(
            "Chromium not found (/usr/bin/chromium or `chromium` on PATH): install it with "
            "`sudo apt-get install chromium` (never `playwright install`)"
        )
    return path


@pytest.fixture(scope="module")
def lab(chromium, tmp_path_factory):
    """JupyterLab serving clean copies of the repository's notebooks, stopped afterwards."""
    tmp = tmp_path_factory.mktemp("jupyterlab")
    root = tmp / "notebooks"
    root.mkdir()
    for src in sorted(NOTEBOOK_DIR.glob("*.ipynb")):
        bh.copy_clean_notebook(src, root)
    disable = os.environ.get(bh.DISABLE_WIDGETS_ENV) == "1"
    server = bh.start_lab(root, tmp, disable_widgets=disable)
    try:
        yield server
    finally:
        bh.stop_lab(server)


@pytest.fixture(scope="module")
def browser(chromium):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=bh.CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


def _slider(page, description: str):
    """Rendered sliders whose description is exactly `description`."""
    label = page.locator(".widget-label").filter(
        has_text=re.compile(rf"^\s*{re.escape(description)}\s*$")
    )
    return page.locator(".widget-slider").filter(has=label)


def _wait_for_count(locator, at_least: int, timeout_s: float) -> int:
    deadline = time.monotonic() + timeout_s
    while (count := locator.count()) < at_least and time.monotonic() < deadline:
        time.sleep(0.2)
    return count


def _image_src(page, area) -> tuple[bool, tuple[str, ...]]:
    """(kernel idle?, src of every figure in the widget's Output areas)."""
    idle = page.locator(bh.KERNEL_IDLE).count() > 0
    srcs = area.locator(".widget-output img").evaluate_all("els => els.map(e => e.src)")
    return idle, tuple(srcs)


def _settled_images(page, area) -> tuple[str, ...]:
    """Wait for idle AND for the figures to stop changing; return their srcs."""
    idle, srcs = bh.wait_until_stable(lambda: _image_src(page, area), settle_s=1.0)
    while not idle:  # stable but busy: a slow callback; wait for it
        page.wait_for_selector(bh.KERNEL_IDLE)
        idle, srcs = bh.wait_until_stable(lambda: _image_src(page, area), settle_s=1.0)
    return srcs


def _check_notebook(page, lab, name: str, expect: Expect) -> Path:
    timeout_ms = int(expect.timeout_s * 1000)
    page.set_default_timeout(30_000)
    bh.open_notebook(page, lab, name, timeout_ms)
    bh.run_all_cells(page, timeout_ms)

    # Every widget rendered.
    widget_areas = page.locator(".jp-OutputArea-output").filter(
        has=page.locator(".jupyter-widgets, .widget-slider")
    )
    sliders = page.locator(".jp-OutputArea-output .widget-slider")
    n_sliders = _wait_for_count(sliders, expect.sliders, timeout_s=30)
    n_areas = widget_areas.count()
    assert n_areas >= expect.widgets, (
        f"{n_areas} output areas hold a rendered widget, expected at least {expect.widgets}"
    )
    assert n_sliders >= expect.sliders, (
        f"{n_sliders} sliders rendered, expected at least {expect.sliders}"
    )
    outputs = page.locator(".jp-OutputArea-output").all_inner_texts()
    for text in outputs:
        for error in WIDGET_ERRORS:
            assert error not in text, f"an output says {error!r}: {text[:300]!r}"
        match = TEXT_REPR.search(text)
        assert match is None, (
            f"a widget is shown as its text repr ({match.group(0)!r}), not rendered: {text[:300]!r}"
        )

    # Move each listed slider and check what it drives.
    areas = [_move_slider(page, description, expect) for description in expect.moves]

    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    shot = SCREENSHOT_DIR / f"{Path(name).stem}.png"
    areas[0].scroll_into_view_if_needed()
    page.screenshot(path=str(shot))
    return shot


def _move_slider(page, description: str, expect: Expect):
    """Press keys on one slider; check its Label text or its figure changed. Returns its area."""
    slider = page.locator(".jp-OutputArea-output").locator(_slider(page, description))
    assert slider.count() == 1, (
        f"expected exactly one rendered slider described {description!r}, found {slider.count()}"
    )
    # The output area of the cell that displayed the widget (not a nested Output's).
    area = page.locator(".jp-Cell-outputArea > .jp-OutputArea-child > .jp-OutputArea-output")
    area = area.filter(has=_slider(page, description))
    area.scroll_into_view_if_needed()
    readout = slider.locator(".widget-readout")
    before = readout.inner_text().strip()
    images_before = _settled_images(page, area) if expect.image else ()
    if expect.image:
        assert images_before, f"no figure (.widget-output img) next to slider {description!r}"

    slider.locator(".noUi-handle").first.focus()
    for _ in range(expect.presses):
        page.keyboard.press(expect.key)
    try:
        page.wait_for_function(
            "([el, old]) => el.textContent.trim() !== old",
            arg=[readout.element_handle(), before],
            timeout=10_000,
        )
    except Exception:
        raise AssertionError(
            f"slider {description!r} did not move: its readout still says {before!r} after "
            f"{expect.presses} x {expect.key} (at its limit? change `key` in NOTEBOOKS)"
        ) from None
    after = readout.inner_text().strip()

    if expect.label is not None:
        wanted = expect.label(after)
        try:
            page.wait_for_function(
                "([el, text]) => el.innerText.includes(text)",
                arg=[area.element_handle(), wanted],
                timeout=10_000,
            )
        except Exception:
            raise AssertionError(
                f"slider {description!r} moved {before} -> {after}, but its output does not "
                f"say {wanted!r}: {area.inner_text()!r}"
            ) from None
    if expect.image:
        images_after = _settled_images(page, area)
        assert images_after != images_before, (
            f"slider {description!r} moved {before} -> {after}, but its figure did not change"
        )
        assert len(images_after) == len(images_before), (
            f"slider {description!r} moved {before} -> {after}: its Output held "
            f"{len(images_before)} figure(s) before and {len(images_after)} after "
            "(a figure added instead of replaced?)"
        )
        print(_press_latencies(page, slider, area, description, expect.presses_timed))
    return area


# Installed once per page: the time of the next key press, and of the first change of the
# figures in `area` after it (a new <img>, or a new src).
WATCH_PRESS_JS = """
([area, old]) => {
  if (!window.__pressListener) {
    window.__pressListener = true;
    document.addEventListener("keydown", () => {
      if (window.__press && window.__press.t0 === null) window.__press.t0 = performance.now();
    }, true);
  }
  const press = window.__press = {t0: null, t1: null};
  const before = JSON.stringify(old);
  const srcs = () => Array.from(area.querySelectorAll(".widget-output img"), (e) => e.src);
  const observer = new MutationObserver(() => {
    if (press.t0 !== null && JSON.stringify(srcs()) !== before) {
      press.t1 = performance.now();
      observer.disconnect();
    }
  });
  observer.observe(area, {subtree: true, childList: true, attributes: true,
                          attributeFilter: ["src"]});
}
"""


def _png_value(src: str) -> str | None:
    """The "value" text field of a data: URI's PNG (the value the kernel drew it for)."""
    import base64
    import io

    from PIL import Image

    _, _, data = src.partition("base64,")
    return Image.open(io.BytesIO(base64.b64decode(data))).text.get("value")


def _press_latencies(page, slider, area, description: str, presses: int) -> str:
    """Press ArrowRight until the slider's end (at most `presses` times), then ArrowLeft back:
    for each press, the time in the page from the key going down to the new figure in the
    DOM. Checks that each press changes the figure and that the figure is the one drawn for
    the slider's new value (its PNG names it). Prints, never asserts, the times."""
    readout = slider.locator(".widget-readout")
    handle = slider.locator(".noUi-handle").first
    times: dict[str, list[float]] = {"ArrowRight": [], "ArrowLeft": []}
    keys = ["ArrowRight"] * presses
    while keys:
        key = keys.pop(0)
        before = readout.inner_text().strip()
        old = _settled_images(page, area)
        handle.focus()
        page.evaluate(WATCH_PRESS_JS, [area.element_handle(), list(old)])
        page.keyboard.press(key)
        try:
            page.wait_for_function(
                "([el, old]) => el.textContent.trim() !== old",
                arg=[readout.element_handle(), before],
                timeout=3_000,
            )
        except Exception:  # at the slider's end: go back over the values just drawn
            if key == "ArrowRight" and not times["ArrowLeft"]:
                keys = ["ArrowLeft"] * len(times["ArrowRight"])
                continue
            raise
        page.wait_for_function("() => window.__press.t1 !== null", timeout=30_000)
        times[key].append(page.evaluate("() => window.__press.t1 - window.__press.t0"))
        value = readout.inner_text().strip()
        new = _settled_images(page, area)
        assert new != old, f"slider {description!r} moved {before} -> {value}: same figure"
        shown = [_png_value(src) for src in new]
        assert shown == [value] * len(new), (
            f"slider {description!r} reads {value}, but its figure was drawn for {shown}"
        )
        if key == "ArrowRight" and not keys:
            keys = ["ArrowLeft"] * len(times["ArrowRight"])

    def median(ms: list[float]) -> str:
        return f"{statistics.median(ms):.0f} ms over {len(ms)}" if ms else "-"

    return (
        f"slider {description!r}: key press -> new figure in the page, median "
        f"{median(times['ArrowRight'])} values not drawn before (ArrowRight), "
        f"{median(times['ArrowLeft'])} values drawn before (ArrowLeft); "
        f"each: {[round(t) for t in times['ArrowRight']]}, {[round(t) for t in times['ArrowLeft']]}"
    )


@pytest.mark.browser
@pytest.mark.parametrize("name", sorted(set(NOTEBOOKS) | set(widget_notebooks())))
def test_widgets_render_and_respond_in_jupyterlab(name, request):
    assert name in NOTEBOOKS, (
        f"{name} makes widgets but has no entry in NOTEBOOKS (tests/test_browser.py): add one"
    )
    src = NOTEBOOK_DIR / name
    assert src.exists(), (
        f"{name} is listed in NOTEBOOKS (tests/test_browser.py) but {src} does not exist: "
        "build it (`make notebooks`) or remove its entry"
    )
    lab = request.getfixturevalue("lab")
    browser = request.getfixturevalue("browser")
    (SCREENSHOT_DIR / f"{Path(name).stem}-FAILED.png").unlink(missing_ok=True)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    if os.environ.get(bh.DISABLE_WIDGETS_ENV) == "block":  # negative control
        context.route(bh.WIDGET_EXTENSION_URL, lambda route: route.abort())
    page = context.new_page()
    try:
        shot = _check_notebook(page, lab, name, NOTEBOOKS[name])
        print(f"screenshot: {shot}")
    except Exception as exc:
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        shot = SCREENSHOT_DIR / f"{Path(name).stem}-FAILED.png"
        try:
            bh.scroll_to_widgets(page)
            page.screenshot(path=str(shot))
        except Exception as shot_exc:  # the page may be gone
            shot = f"(none: {shot_exc})"
        # One message with the context, instead of two chained tracebacks.
        where = [
            f
            for f in traceback.extract_tb(exc.__traceback__)
            if Path(f.filename).parent == Path(__file__).parent
        ]
        raise AssertionError(
            f"{name}: {type(exc).__name__}: {exc}\n"
            f"(at {Path(where[-1].filename).name}:{where[-1].lineno} in {where[-1].name})\n\n"
            f"screenshot: {shot}\n\n"
            f"--- output areas ---\n{bh.outputs_text(page)}\n\n"
            f"--- jupyter lab log (last lines) ---\n{lab.log_tail()}"
        ) from None
    finally:
        context.close()
        lab.shutdown_kernels()


# ---------------------------------------------------------------------------------------
# Presenting a lesson: the slides (scripts/make_slides.py) and the projector copy
# (scripts/make_projector.py), at a projector's 1280x800. Screenshots go to
# artifacts/slides/<notebook>.png and artifacts/projector/<notebook>-{collapsed,revealed}.png.

PROJECTOR_DIR = ROOT / "projector"
PRESENT_VIEWPORT = {"width": 1280, "height": 800}


def _notebooks_with(predicate) -> list[Path]:
    return [
        p
        for p in sorted(NOTEBOOK_DIR.glob("[0-9]*.ipynb"))
        if any(predicate(c) for c in json.loads(p.read_text())["cells"])
    ]


def _first_notebook_with(predicate) -> Path:
    found = _notebooks_with(predicate)
    assert found, "no lesson notebook has what this test needs"
    return found[0]


def _has_math(notebook: Path) -> bool:
    cells = json.loads(notebook.read_text())["cells"]
    text = "".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    return re.search(r"\$[^$\s][^$]*\$", text) is not None


def _has_figure(cell: dict) -> bool:
    return any("image/png" in o.get("data", {}) for o in cell.get("outputs", []))


def _is_solution(cell: dict) -> bool:
    return cell["cell_type"] == "code" and "solution" in cell["metadata"].get("tags", [])


FIGURE_SLIDE_JS = """
() => {
  const slide = Reveal.getSlides().find(s => s.querySelector('.jp-OutputArea-output img'));
  return slide ? Reveal.getIndices(slide) : null;
}
"""


@pytest.mark.browser
def test_slides_show_a_figure_offline(chromium, browser, tmp_path):
    from scripts import make_slides

    with_figure = _notebooks_with(_has_figure)
    assert with_figure, "no lesson notebook stores a figure"
    notebook = next((p for p in with_figure if _has_math(p)), with_figure[0])  # and a formula
    assert make_slides.main(["--out", str(tmp_path), str(notebook)]) == 0
    context = browser.new_context(viewport=PRESENT_VIEWPORT, offline=True)
    page = context.new_page()
    network, failed = [], []
    page.on("request", lambda r: r.url.startswith("file:") or network.append(r.url))
    page.on("requestfailed", lambda r: failed.append(r.url))
    try:
        page.goto((tmp_path / f"{notebook.stem}.slides.html").as_uri())
        page.wait_for_function("window.Reveal && Reveal.isReady()", timeout=30_000)
        where = page.evaluate(FIGURE_SLIDE_JS)
        assert where is not None, f"no slide of {notebook.name} holds a figure"
        page.evaluate("([h, v]) => Reveal.slide(h, v)", [where["h"], where.get("v") or 0])
        img = page.locator("section.present .jp-OutputArea-output img").first
        img.wait_for(state="visible", timeout=10_000)
        page.wait_for_function("i => i.complete", arg=img.element_handle(), timeout=10_000)
        natural = img.evaluate("i => [i.naturalWidth, i.naturalHeight]")
        assert min(natural) > 0, f"the figure did not load: natural size {natural}"
        box = img.bounding_box()
        assert box and box["width"] > 100 and box["height"] > 100, box
        assert box["y"] >= 0 and box["y"] + box["height"] <= PRESENT_VIEWPORT["height"], (
            f"the figure does not fit on its slide at 1280x800: {box}"
        )
        if _has_math(notebook):  # MathJax came from slides/vendor/ and typeset
            page.wait_for_selector("mjx-container", state="attached", timeout=10_000)
        shot = ROOT / "artifacts" / "slides" / f"{notebook.stem}.png"
        shot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shot))
        print(f"screenshot: {shot}")
        assert not network, f"the slides asked the network for {network}"
        assert not failed, f"the slides failed to load {failed}"
    finally:
        context.close()


@pytest.mark.browser
def test_projector_copy_shows_a_solution_collapsed_until_clicked(request):
    instructor = _first_notebook_with(_is_solution)
    copy = PROJECTOR_DIR / instructor.name
    cells = json.loads(copy.read_text())["cells"]
    index = next(i for i, c in enumerate(cells) if _is_solution(c))
    first_line, solution = "".join(cells[index]["source"]).split("\n", 1)
    lab = request.getfixturevalue("lab")
    browser = request.getfixturevalue("browser")
    name = f"projector_{instructor.name}"
    (lab.root / name).write_text(copy.read_text(), encoding="utf-8")  # outputs and all
    context = browser.new_context(viewport=PRESENT_VIEWPORT)
    page = context.new_page()
    page.set_default_timeout(30_000)
    shots = ROOT / "artifacts" / "projector"
    shots.mkdir(parents=True, exist_ok=True)
    try:
        bh.open_notebook(page, lab, name, 120_000)
        rendered = page.locator(".jp-Notebook .jp-Cell")
        assert rendered.count() == len(cells)
        if any(_has_figure(c) for c in cells):  # stored outputs show before anything runs
            assert page.locator(".jp-OutputArea-output img").count() > 0
        cell = rendered.nth(index)
        placeholder = cell.locator(".jp-InputPlaceholder")
        assert placeholder.is_visible(), "the solution is not collapsed when the notebook opens"
        assert placeholder.inner_text().strip().startswith(first_line)
        assert not cell.locator(".jp-InputArea-editor").is_visible()
        placeholder.scroll_into_view_if_needed()
        page.screenshot(path=str(shots / f"{instructor.stem}-collapsed.png"))
        placeholder.click()
        editor = cell.locator(".jp-InputArea-editor")
        editor.wait_for(state="visible", timeout=10_000)
        shown = editor.inner_text()
        assert solution.splitlines()[0].strip() in shown, shown[:300]
        page.screenshot(path=str(shots / f"{instructor.stem}-revealed.png"))
        print(f"screenshots: {shots}/{instructor.stem}-{{collapsed,revealed}}.png")
    finally:
        context.close()
        lab.shutdown_kernels()
