# The course's commands. Everything runs inside .venv, created here on first use.
#   make lab      open the course in JupyterLab (lesson 00 first)
#   make test     unit tests, browser test (if Chromium is installed) and strict nbval
#   make execute  re-execute every notebook, storing outputs under the test settings
#   make repro    run every notebook 6 times (1 and 2 threads) and report outputs that differ
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
NOTEBOOKS ?= $(sort $(patsubst notebooks/src/%.py,notebooks/%.ipynb,$(wildcard notebooks/src/[0-9]*.py)))
# The settings for storing outputs and for testing them live in scripts/notebook_env.py: the
# scripts apply them, and conftest.py applies them to every pytest run. No prefix is needed.
NB_ENV :=
NBVAL := --nbval --nbval-current-env --nbval-sanitize-with tests/sanitize.cfg

.PHONY: lab test unit nbval execute repro notebooks student clean-venv

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	# torch==2.13.0 is pinned in pyproject.toml: pip takes the CPU build (see README)
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# JupyterLab refuses to start as root (containers, some cloud machines) without --allow-root
LAB_ARGS := $(if $(filter 0,$(shell id -u)),--allow-root)
# the file browser shows the whole course (notebooks/ and student/); lesson 00 opens first
LAB_OPEN ?= notebooks/00_setup_check.ipynb

lab: $(STAMP)
	$(VENV)/bin/jupyter lab --ServerApp.root_dir=. $(LAB_OPEN) $(LAB_ARGS)

test: $(STAMP)
	$(NB_ENV) $(PY) -m pytest tests $(NOTEBOOKS) $(NBVAL)

unit: $(STAMP)
	$(NB_ENV) $(PY) -m pytest tests

nbval: $(STAMP)
	$(NB_ENV) $(PY) -m pytest $(NOTEBOOKS) $(NBVAL)

execute: $(STAMP)
	$(PY) -m scripts.execute_notebooks $(NOTEBOOKS)

# run every notebook 3 times with OMP_NUM_THREADS=1 and 3 times with 2, each in a fresh kernel,
# and report every checked output that differs from the stored one (compared as nbval does)
repro: $(STAMP)
	$(PY) -m scripts.repro $(NOTEBOOKS)

# build notebooks/*.ipynb from notebooks/src/*.py (exercises included), execute them, and
# regenerate the student copies
notebooks: $(STAMP)
	$(PY) -m scripts.build_notebooks $(NOTEBOOKS)
	$(PY) -m scripts.execute_notebooks $(NOTEBOOKS)
	$(PY) -m scripts.make_student

# regenerate the student copies (solutions -> stubs, outputs cleared) from notebooks/
student: $(STAMP)
	$(PY) -m scripts.make_student

clean-venv:
	rm -rf $(VENV)
