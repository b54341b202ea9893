# The tinynn course. A fresh machine needs only python3 (3.10 or newer) and make:
#   make lab        open the course in JupyterLab (creates .venv the first time, about a minute)
#   make test       every check: ruff, unit tests, every chapter under nbval, a real browser
# `make help` lists the rest.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.tinynn-installed
CHROMIUM := /usr/bin/chromium
SCREENSHOTS := artifacts/screenshots
KEY_DIR := build/answer-key
CHAPTERS := $(sort $(wildcard chapters/[0-9][0-9]_*.ipynb))
NBVAL := --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg
PYTEST := $(BIN)/python -m pytest -p no:randomly
# JupyterLab refuses to run as root unless told it may (containers, CI machines).
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)

.DEFAULT_GOAL := help
.PHONY: help venv lab test lint unit slow nbval nbval-kernels browser chromium bubblewrap notebooks key lock bench clean distclean

help:
	@echo "make lab        open the course in JupyterLab on chapters/00_welcome.ipynb"
	@echo "make test       ruff + unit tests + every chapter under nbval + browser tests"
	@echo "                (stages: make lint / unit / slow / nbval / nbval-kernels / browser)"
	@echo "make notebooks  re-run the chapters in place so their stored outputs are fresh"
	@echo "                (one chapter: make notebooks CHAPTERS=chapters/01_....ipynb)"
	@echo "make key        write the answer key (solutions filled in) to $(KEY_DIR)/"
	@echo "make bench      tinynn vs NumPy by hand and PyTorch, chapters, widgets (QUICK=1: quick)"
	@echo "make lock       re-pin binder/requirements.txt from pyproject.toml (Python 3.12)"
	@echo "make venv       only create .venv and install tinynn with the course and test extras"
	@echo "make clean      remove build/, artifacts/ and caches (distclean: .venv too)"

# The virtual environment, rebuilt when pyproject.toml changes (the stamp is newer otherwise).
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || { \
		echo "Creating $(VENV) with $$($(PYTHON) --version)"; \
		$(PYTHON) -m venv $(VENV); }
	@echo "Installing tinynn and its course and test extras into $(VENV) (about a minute the first time)"
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[course,test]"
	@touch $@

venv: $(STAMP)

lab: $(STAMP)
	$(BIN)/jupyter lab $(ALLOW_ROOT) chapters/00_welcome.ipynb

test: lint unit slow nbval nbval-kernels browser
	@echo "make test: every stage passed"

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# pytest's exit code 5 means "no tests collected": fine for a stage with nothing in it yet.
# unit: the quick tests a maintainer runs all day; slow: those that start kernels or
# subprocesses, or ask a package registry.
unit: $(STAMP)
	@status=0; $(PYTEST) tests -m "not browser and not kernel and not network" || status=$$?; \
	if [ $$status -eq 5 ]; then echo "unit: no tests collected yet"; else exit $$status; fi

slow: $(STAMP) bubblewrap
	@status=0; $(PYTEST) tests -m "(kernel or network) and not browser" || status=$$?; \
	if [ $$status -eq 5 ]; then echo "slow: no tests collected yet"; else exit $$status; fi

nbval: $(STAMP)
	@if [ -z "$(CHAPTERS)" ]; then echo "nbval: no chapter notebooks yet"; exit 0; fi; \
	status=0; $(PYTEST) $(NBVAL) $(CHAPTERS) || status=$$?; \
	if [ $$status -eq 5 ]; then echo "nbval: no cells collected"; else exit $$status; fi

# nbval again with other BLAS kernels (generic x86-64, AVX-512 where the CPU has it, one thread):
# a stored output that prints the last bits of a matrix product fails here, not on the next CPU.
nbval-kernels: $(STAMP)
	@if [ -z "$(CHAPTERS)" ]; then echo "nbval-kernels: no chapter notebooks yet"; exit 0; fi; \
	$(BIN)/python tests/blas_kernels.py -- $(PYTEST) -q $(NBVAL) $(CHAPTERS)

# Debian's chromium for the browser tests: installed when missing if we are root with apt-get.
chromium:
	@if [ -x $(CHROMIUM) ] || [ -n "$$SKIP_BROWSER" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing Debian's chromium for the browser tests (apt-get)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	fi

# Debian's bubblewrap, the sandbox the grader runs each learner's kernel in (the grading tests
# need it): installed when missing if we are root with apt-get; otherwise those tests are skipped.
bubblewrap:
	@if command -v bwrap >/dev/null; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing Debian's bubblewrap for the grader's sandbox (apt-get)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq bubblewrap >/dev/null; \
	fi; \
	if ! command -v bwrap >/dev/null; then \
		echo "bubblewrap: SKIPPED: bwrap is missing and can only be installed as root with apt-get."; \
		echo "            The grader's sandbox tests are skipped; the others run without it."; \
		echo "            Install Debian's bubblewrap (apt-get install bubblewrap) and re-run."; \
	fi

browser: $(STAMP) chromium
	@if [ -n "$$SKIP_BROWSER" ]; then echo "browser: SKIPPED because SKIP_BROWSER is set"; exit 0; fi; \
	if [ ! -x $(CHROMIUM) ]; then \
		echo "browser: SKIPPED: $(CHROMIUM) is missing and it can only be installed as root with"; \
		echo "         apt-get. Install Debian's chromium (apt-get install chromium) and re-run."; \
		exit 0; fi; \
	status=0; $(PYTEST) tests/browser -m browser -s || status=$$?; \
	echo "browser: screenshots are in $(CURDIR)/$(SCREENSHOTS)/"; \
	if [ $$status -eq 5 ]; then echo "browser: no tests collected"; else exit $$status; fi

notebooks: $(STAMP)
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace \
		--ExecutePreprocessor.timeout=120 --ExecutePreprocessor.kernel_name=python3 \
		--ExecutePreprocessor.record_timing=False $(CHAPTERS)

key: $(STAMP)
	$(BIN)/python -m tinynn key $(CHAPTERS) --out $(KEY_DIR)

lock: $(STAMP)
	$(BIN)/python binder/lock.py

# Ratios measured side by side in one run; PyTorch is optional and installed here, not by test.
# Prints a table and writes build/bench.json and build/bench.md (benchmarks/README.md says more).
bench: $(STAMP)
	$(BIN)/python -m pip install --quiet "torch==2.13.0" || echo "bench: no PyTorch, skipping that part"
	$(BIN)/python -m benchmarks.run $(if $(QUICK),--quick)

clean:
	rm -rf build artifacts .pytest_cache .ruff_cache .hypothesis

distclean: clean
	rm -rf $(VENV) *.egg-info
