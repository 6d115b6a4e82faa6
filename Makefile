# The course's commands. Everything runs inside .venv, created here on first use.
#   make lab       open the course in JupyterLab, in my-work/ (your own copies of the lessons)
#   make test      lint, unit tests, browser test (if Chromium is installed) and strict nbval
#   make my-work   add missing lessons to my-work/ and updates beside edited ones (never overwrites)
#   make execute   re-execute every notebook, storing outputs under the test settings
#   make projector the projector copies: outputs kept, solutions collapsed (projector/)
#   make slides    each lesson as offline reveal.js slides (slides/NN_name.slides.html)
#   make repro     run every notebook 6 times (1 and 2 threads) and report outputs that differ
#   make test-lowest  the tests with the lowest versions pyproject.toml allows (.venv-lowest)
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
LAB_STAMP := $(VENV)/.installed-lab
TEST_STAMP := $(VENV)/.installed-test
CONSTRAINTS := constraints.txt
# the oldest Python the course supports: pyproject.toml's requires-python is its one home
MIN_PYTHON := $(shell sed -n 's/^requires-python = ">=\([0-9.]*\)".*/\1/p' pyproject.toml)
NOTEBOOKS ?= $(sort $(patsubst notebooks/src/%.py,notebooks/%.ipynb,$(wildcard notebooks/src/[0-9]*.py)))
# The settings for storing outputs and for testing them live in scripts/notebook_env.py: the
# scripts apply them, and conftest.py applies them to every pytest run. No prefix is needed.
NBVAL := --nbval --nbval-current-env --nbval-sanitize-with tests/sanitize.cfg
# Two pytest workers (pytest-xdist), one file per worker at a time so that a notebook's cells run
# in order in one kernel; notebooks run with one thread each. PYTEST_JOBS= runs serially.
# benchmarks/test_suite.py measures both ways side by side.
PYTEST_JOBS ?= -n 2 --dist loadfile

.PHONY: lab test unit nbval lint format execute repro notebooks student projector slides my-work \
        lock test-lowest \
        check-python clean-venv

check-python:
	@$(PYTHON) -c 'import sys; want = tuple(int(p) for p in "$(MIN_PYTHON)".split(".")); sys.exit(sys.version_info[:2] < want)' 2>/dev/null || { \
	  echo "make: the course needs Python >= $(MIN_PYTHON), but '$(PYTHON)' is $$($(PYTHON) --version 2>/dev/null || echo "not found")." >&2; \
	  echo "      Install a newer Python (python.org, Homebrew: brew install python@3.12, or your package manager)" >&2; \
	  echo "      and run again with it, e.g.: make lab PYTHON=python3.12" >&2; exit 1; }

$(VENV)/bin/python: | check-python
	$(PYTHON) -m venv $(VENV)

# A learner's environment: the CPU build of torch (scripts/install_torch.py), the lessons'
# packages and JupyterLab, at the versions in constraints.txt. No test tools.
$(LAB_STAMP): pyproject.toml $(CONSTRAINTS) | $(VENV)/bin/python
	$(PY) -m scripts.install_torch --constraints $(CONSTRAINTS)
	$(PY) -m pip install -c $(CONSTRAINTS) -e '.[lab]'
	touch $@

# The same plus the test tools and playwright for the browser test.
$(TEST_STAMP): $(LAB_STAMP)
	$(PY) -m pip install -c $(CONSTRAINTS) -e '.[lab,test,browser]'
	touch $@

# JupyterLab refuses to start as root (containers, some cloud machines) without --allow-root
LAB_ARGS := $(if $(filter 0,$(shell id -u)),--allow-root)
# make lab opens in LAB_DIR (your own copies; LAB_DIR=. shows the whole course) on LAB_OPEN
LAB_DIR ?= my-work
LAB_OPEN ?= $(if $(filter my-work,$(LAB_DIR)),00_setup_check.ipynb,notebooks/00_setup_check.ipynb)

lab: $(LAB_STAMP)
	@if [ "$(LAB_DIR)" = my-work ] && [ ! -d my-work ]; then $(PY) -m scripts.my_work; fi
	$(VENV)/bin/jupyter lab --ServerApp.root_dir=$(LAB_DIR) $(LAB_DIR)/$(LAB_OPEN) $(LAB_ARGS)

# copy the student notebooks into my-work/: adds what is missing, never overwrites your edits
my-work: | check-python
	$(PYTHON) -m scripts.my_work

test: $(TEST_STAMP) lint
	$(PY) -m pytest tests $(NOTEBOOKS) $(NBVAL) $(PYTEST_JOBS)

unit: $(TEST_STAMP)
	$(PY) -m pytest tests

nbval: $(TEST_STAMP)
	$(PY) -m pytest $(NOTEBOOKS) $(NBVAL)

lint: $(TEST_STAMP)
	$(VENV)/bin/ruff format --check
	$(VENV)/bin/ruff check

format: $(TEST_STAMP)
	$(VENV)/bin/ruff format
	$(VENV)/bin/ruff check --fix

execute: $(TEST_STAMP)
	$(PY) -m scripts.execute_notebooks $(NOTEBOOKS)

# run every notebook 3 times with OMP_NUM_THREADS=1 and 3 times with 2, each in a fresh kernel,
# and report every checked output that differs from the stored one (compared as nbval does)
repro: $(TEST_STAMP)
	$(PY) -m scripts.repro $(NOTEBOOKS)

# build notebooks/*.ipynb from notebooks/src/*.py (exercises included), execute them, and
# regenerate the student and projector copies
notebooks: $(TEST_STAMP)
	$(PY) -m scripts.build_notebooks $(NOTEBOOKS)
	$(PY) -m scripts.execute_notebooks $(NOTEBOOKS)
	$(PY) -m scripts.make_student
	$(PY) -m scripts.make_projector

# regenerate the student copies (solutions -> stubs, outputs cleared) from notebooks/
student: $(TEST_STAMP)
	$(PY) -m scripts.make_student

# regenerate the projector copies (outputs kept, solutions collapsed) from notebooks/
projector: $(LAB_STAMP)
	$(PY) -m scripts.make_projector

# each lesson as slides, slides/NN_name.slides.html (not committed): open one in a browser;
# reveal.js and MathJax come from slides/vendor/, so they present offline
slides: $(LAB_STAMP)
	$(PY) -m scripts.make_slides

# The lowest versions pyproject.toml allows (constraints-lowest.txt), in their own venv:
# unit tests and strict nbval (not the browser test). CI runs it next to `make test`.
LOWEST := .venv-lowest
$(LOWEST)/.installed: pyproject.toml constraints-lowest.txt | check-python
	test -d $(LOWEST) || $(PYTHON) -m venv $(LOWEST)
	$(LOWEST)/bin/python -m scripts.install_torch --constraints constraints-lowest.txt
	$(LOWEST)/bin/python -m pip install -c constraints-lowest.txt -e '.[lab,test]'
	touch $@

test-lowest: $(LOWEST)/.installed
	$(LOWEST)/bin/python -m pytest tests $(NOTEBOOKS) $(NBVAL) $(PYTEST_JOBS) -m 'not browser' -p no:cacheprovider

# Regenerate constraints.txt: the newest versions the ranges in pyproject.toml allow, resolved
# in a fresh venv. Run `make test` afterwards and commit both.
lock: | check-python
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m scripts.install_torch --constraints /dev/null
	.venv-lock/bin/python -m pip install -e '.[lab,test,browser]'
	{ sed -n '1,/^$$/p' $(CONSTRAINTS); .venv-lock/bin/python -m pip freeze --all --exclude-editable \
	  | grep -v '^pip==' | sed 's/^torch==\(.*\)+cpu$$/torch==\1/' | sort -f; } > $(CONSTRAINTS).new
	mv $(CONSTRAINTS).new $(CONSTRAINTS) && rm -rf .venv-lock

clean-venv:
	rm -rf $(VENV) $(LOWEST)
