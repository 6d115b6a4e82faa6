"""The course's scripts, a package so that they and the tests import each other one way.

Run them from the repository root as modules (the Makefile does):
``python -m scripts.build_notebooks``, ``python -m scripts.execute_notebooks``,
``python -m scripts.make_student``, ``python -m scripts.repro``. Tests import them as
``from scripts import build_notebooks`` (the root conftest.py puts the repository root on
sys.path); scripts never import from tests/.
"""
