"""The package's layout rules (docs/CONTRIBUTING.md, "course_utils"), checked on the source.

- every module at most 350 lines;
- no private (underscore) name imported from another module of the package;
- what a lesson-facing module lists in ``__all__`` is exactly what ``course_utils`` re-exports
  (``checks`` and ``doctor`` are namespaces of their own: ``from course_utils.checks import ...``);
- ``history`` imports nothing from the package and no torch, and the NumPy lesson (``gradients``)
  does not import the torch training loop;
- ``fit`` reads like the loop it teaches: at most 35 body lines, its checks in one call.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

import course_utils

PACKAGE = Path(course_utils.__file__).parent
MODULES = sorted(p for p in PACKAGE.rglob("*.py"))
NAMESPACES = {"checks", "doctor"}  # imported as course_utils.checks / course_utils.doctor


def _rel(path: Path) -> str:
    return str(path.relative_to(PACKAGE.parent))


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _internal_imports(path: Path) -> list[tuple[str, list[str]]]:
    """(module imported, names) for every ``from .x import ...`` /
    ``from course_utils.x import``."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and (
            node.level or (node.module or "").startswith("course_utils")
        ):
            found.append((node.module or "", [alias.name for alias in node.names]))
    return found


@pytest.mark.parametrize("path", MODULES, ids=_rel)
def test_no_module_is_longer_than_350_lines(path):
    assert len(path.read_text().splitlines()) <= 350, f"{_rel(path)}: split it by topic"


@pytest.mark.parametrize("path", MODULES, ids=_rel)
def test_no_private_name_crosses_a_module(path):
    private = [
        (mod, name)
        for mod, names in _internal_imports(path)
        for name in names
        if name.startswith("_") and name != "__version__"
    ]
    assert not private, (
        f"{_rel(path)} imports private names {private}: make the helper public in a "
        "private module (e.g. _validate.py) or keep it in one module"
    )


def test_every_lesson_facing_name_is_reexported_and_nothing_else():
    exported: set[str] = set()
    for path in PACKAGE.glob("*.py"):
        name = path.stem
        if name.startswith("_") or name in NAMESPACES:
            continue
        module = importlib.import_module(f"course_utils.{name}")
        missing = [n for n in module.__all__ if n not in course_utils.__all__]
        assert not missing, (
            f"course_utils.{name}.__all__ lists {missing}, which course_utils does not re-export"
        )
        exported |= set(module.__all__)
    assert set(course_utils.__all__) == exported
    assert len(course_utils.__all__) == len(set(course_utils.__all__))
    for name in course_utils.__all__:
        assert getattr(course_utils, name) is not None


def test_namespaces_keep_their_names_out_of_the_top_level():
    for name in NAMESPACES:
        module = importlib.import_module(f"course_utils.{name}")
        assert module.__all__ and not set(module.__all__) & set(course_utils.__all__)


def test_history_imports_nothing_from_the_package_and_no_torch():
    tree = ast.parse((PACKAGE / "history.py").read_text())
    imported = {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    imported |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert not _internal_imports(PACKAGE / "history.py")
    assert not {m for m in imported if m.split(".")[0] in ("torch", "numpy")}


def test_the_numpy_lesson_does_not_import_the_training_loop():
    modules = {mod for mod, _ in _internal_imports(PACKAGE / "gradients.py")}
    assert "training" not in modules and "_validate_training" not in modules, modules


def test_fit_reads_like_the_loop_it_teaches():
    tree = ast.parse((PACKAGE / "training.py").read_text())
    fit = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "fit")
    body = fit.body[1:] if isinstance(fit.body[0], ast.Expr) else fit.body  # without the docstring
    assert body[-1].end_lineno - body[0].lineno + 1 <= 35
    first = body[0]
    assert isinstance(first, ast.Assign) and ast.unparse(first.value).startswith("prepare_fit("), (
        "fit's first statement is the one call that checks every argument"
    )
