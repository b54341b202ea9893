# The tinynn course. A fresh machine needs only python3 (3.10 or newer) and make:
#   make lab        open the course in JupyterLab (creates .venv the first time, about a minute)
#   make test       every check: ruff, unit tests, every chapter under nbval, a real browser
# `make help` lists the rest.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip
# Two installs share .venv: the course alone (make lab), and the course with the test tools
# (every other target). Each stamp is newer than pyproject.toml once its install is done; the
# bigger install touches both, so `make lab` after `make test` installs nothing.
COURSE_STAMP := $(VENV)/.course-installed
STAMP := $(VENV)/.test-installed
BENCH_STAMP := $(VENV)/.bench-installed
# JupyterHub's proxy (for the hub test in `make slow`), from npm, inside .venv.
CHP_VERSION := 5.3.0
CHP := $(VENV)/node/node_modules/.bin/configurable-http-proxy
CHROMIUM := /usr/bin/chromium
SCREENSHOTS := artifacts/screenshots
KEY_DIR := build/answer-key
SITE := build/site
SITE_STAMP := $(VENV)/.tinynn-site-installed
AXE_JS := build/node/node_modules/axe-core/axe.min.js
CHAPTERS := $(sort $(wildcard chapters/[0-9][0-9]_*.ipynb))
NBVAL := --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg
PYTEST := $(BIN)/python -m pytest -p no:randomly
# The markers of the tests that `make slow` runs and `make unit` leaves out.
SLOW_MARKERS := kernel or network or hub or binder
# Binder's Python (binder/runtime.txt says python-3.12) and platform: repo2docker builds on
# Ubuntu 24.04 (glibc 2.39) and these machines are Debian 12 (glibc 2.36), so pin wheels that
# both can install. `make lock` writes both into binder/requirements.txt's header, which
# tests/test_packaging.py reads back.
BINDER_PYTHON := $(patsubst python-%,%,$(strip $(file < binder/runtime.txt)))
BINDER_PLATFORM := x86_64-manylinux_2_36
# JupyterLab refuses to run as root unless told it may (containers, CI machines).
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)

.DEFAULT_GOAL := help
.PHONY: help venv lab test lint unit slow nbval nbval-kernels site-check browser chromium bubblewrap axe site notebooks key lock bench links clean distclean

help:
	@echo "make lab        open the course in JupyterLab on chapters/00_welcome.ipynb"
	@echo "make test       ruff + unit tests + every chapter under nbval + browser tests"
	@echo "                (stages: make lint / unit / slow / nbval / nbval-kernels / site-check / browser)"
	@echo "make site       build the course website into $(SITE)/html from the chapters' stored outputs"
	@echo "make notebooks  re-run the chapters in place so their stored outputs are fresh"
	@echo "                (one chapter: make notebooks CHAPTERS=chapters/01_....ipynb)"
	@echo "make links     REPO=owner/name: point the badges and chapters at the GitHub repository"
	@echo "make key        write the answer key (solutions filled in) to $(KEY_DIR)/"
	@echo "make bench      tinynn vs NumPy by hand and PyTorch, chapters, widgets (QUICK=1: quick)"
	@echo "make lock       re-pin binder/requirements.txt from pyproject.toml with uv"
	@echo "                (UPGRADE=1: every pin to its newest release, not only what changed)"
	@echo "make venv       only create .venv and install tinynn with the course and test extras"
	@echo "make clean      remove build/, artifacts/ and caches (distclean: .venv too)"

# The virtual environment: created once; each install is redone when pyproject.toml changes.
# A learner's install (make lab) shows pip's errors only (-qq), not its warnings.
$(BIN)/python:
	@echo "Creating $(VENV) with $$($(PYTHON) --version)"
	@$(PYTHON) -m venv $(VENV)
	@$(PIP) install -qq --upgrade pip

$(COURSE_STAMP): pyproject.toml | $(BIN)/python
	@echo "Installing the course into $(VENV) (under a minute the first time)"
	@$(PIP) install -qq -e ".[course]"
	@touch $@

$(STAMP): pyproject.toml | $(BIN)/python
	@echo "Installing the course and the test tools into $(VENV) (a minute or two the first time)"
	@$(PIP) install --quiet -e ".[course,test]"
	@touch $(COURSE_STAMP) $@

venv: $(STAMP)

lab: $(COURSE_STAMP)
	$(BIN)/jupyter lab $(ALLOW_ROOT) chapters/00_welcome.ipynb

test: lint unit slow nbval nbval-kernels site-check browser
	@echo "make test: every stage passed"

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# pytest's exit code 5 means "no tests collected": fine for a stage with nothing in it yet.
# unit: the quick tests a maintainer runs all day; slow: those that start kernels or
# subprocesses, ask a package registry, run a real JupyterHub (hub) or build Binder's
# environment (binder).
unit: $(STAMP)
	@status=0; $(PYTEST) tests -m "not browser and not ($(SLOW_MARKERS))" || status=$$?; \
	if [ $$status -eq 5 ]; then echo "unit: no tests collected yet"; else exit $$status; fi

slow: $(STAMP) $(CHP) chromium bubblewrap
	@status=0; $(PYTEST) -rs tests -m "($(SLOW_MARKERS)) and not browser" || status=$$?; \
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

# configurable-http-proxy, which JupyterHub runs in front of the learners' servers: from npm,
# into .venv/node, where the hub test looks for it. Without npm the hub test says it skips.
$(CHP):
	@if command -v npm >/dev/null; then \
		echo "Installing configurable-http-proxy $(CHP_VERSION) from npm into $(VENV)/node"; \
		npm install --prefix $(VENV)/node --silent --no-audit --no-fund \
			configurable-http-proxy@$(CHP_VERSION); \
	else echo "npm is missing: the JupyterHub test will skip (install Node.js 20 and npm)"; fi

# Point the badges and every chapter's first cell at the course's GitHub repository.
links:
	@case "$(REPO)" in */*) ;; *) echo "usage: make links REPO=owner/name (the course's GitHub repository)"; exit 2;; esac; \
	$(PYTHON) -c 'import pathlib, sys; [p.write_text(p.read_text(encoding="utf-8").replace("OWNER/REPO", sys.argv[1]), encoding="utf-8") for p in [pathlib.Path("README.md"), *sorted(pathlib.Path("chapters").glob("*.ipynb"))]]' "$(REPO)"; \
	echo "links: README's badges and every chapter's first cell now point at github.com/$(REPO)"

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
	status=0; $(PYTEST) tests/browser -m "browser and not site" -s || status=$$?; \
	echo "browser: screenshots are in $(CURDIR)/$(SCREENSHOTS)/"; \
	if [ $$status -eq 5 ]; then echo "browser: no tests collected"; else exit $$status; fi

# The course website's builder (Jupyter Book 1.x, the `site` extra), on top of the course.
$(SITE_STAMP): $(STAMP)
	@echo "Installing the website's builder (the site extra) into $(VENV)"
	$(BIN)/python -m pip install --quiet -e ".[site]"
	@touch $@

site: $(SITE_STAMP)
	$(BIN)/python book/build.py --out $(SITE)
	@echo "site: open $(SITE)/html/index.html, or serve it: $(BIN)/python -m http.server -d $(SITE)/html"

# axe-core, the accessibility checker, from the npm registry into build/node (set-up only; the
# tests never download it). npm comes from Debian's package when missing and we are root.
axe:
	@if [ -f $(AXE_JS) ] || [ -n "$$SKIP_BROWSER" ]; then exit 0; fi; \
	if ! command -v npm >/dev/null && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing Debian's npm for axe-core (apt-get)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null; \
	fi; \
	if command -v npm >/dev/null; then \
		echo "Installing axe-core 4.x into build/node (npm)"; \
		npm install --prefix build/node --no-audit --no-fund --loglevel=error "axe-core@4"; \
	else echo "axe: npm is missing (apt-get install npm): the axe-core checks will be skipped"; fi

# The website: built from the stored outputs, every page opened in Chromium with every other
# host unreachable (figures, alt text, sections, navigation), and axe-core on every page.
site-check: $(SITE_STAMP) chromium axe
	@if [ -n "$$SKIP_BROWSER" ]; then echo "site-check: SKIPPED because SKIP_BROWSER is set"; exit 0; fi; \
	if [ ! -x $(CHROMIUM) ]; then \
		echo "site-check: SKIPPED: $(CHROMIUM) is missing and it can only be installed as root"; \
		echo "            with apt-get. Install Debian's chromium (apt-get install chromium)."; \
		exit 0; fi; \
	status=0; $(PYTEST) tests/browser -m site -s || status=$$?; \
	echo "site-check: screenshots are in $(CURDIR)/$(SCREENSHOTS)/site/"; \
	if [ $$status -eq 5 ]; then echo "site-check: no tests collected"; else exit $$status; fi

# Re-run the chapters in place. Printed text is joined into one output per stream afterwards:
# when the kernel flushes in the middle of a print is a matter of timing, not of the chapter.
notebooks: $(STAMP)
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace \
		--ExecutePreprocessor.timeout=120 --ExecutePreprocessor.kernel_name=python3 \
		--ExecutePreprocessor.record_timing=False \
		--NotebookExporter.preprocessors=nbconvert.preprocessors.CoalesceStreamsPreprocessor \
		--CoalesceStreamsPreprocessor.enabled=True $(CHAPTERS)

key: $(STAMP)
	$(BIN)/python -m tinynn key $(CHAPTERS) --out $(KEY_DIR)

# uv resolves pyproject's core and course dependencies for Binder's Python and platform, wheels
# only, keeping today's pins where they still fit (UPGRADE=1 moves them all to the newest).
lock: $(STAMP)
	$(BIN)/uv pip compile pyproject.toml --extra course --python-version $(BINDER_PYTHON) \
		--python-platform $(BINDER_PLATFORM) --only-binary :all: --annotation-style line \
		--quiet $(if $(UPGRADE),--upgrade) -o binder/requirements.txt

# PyTorch is optional: the bench extra, held by benchmarks/constraints.txt to the CPU build
# that pip finds on our machines' disk. Where pip would take PyPI's CUDA build instead
# (several GB of nvidia-* packages), bench goes on without PyTorch, says so, and asks again
# next time (the stamp is only written once the extra is in).
$(BENCH_STAMP): pyproject.toml benchmarks/constraints.txt $(STAMP)
	@if $(PIP) install --dry-run --quiet --report - -c benchmarks/constraints.txt -e ".[bench]" \
		2>/dev/null | grep -q '"name": "nvidia-'; then \
		echo "bench: pip would download PyTorch's CUDA build here (several GB): no PyTorch."; \
		echo "       For the CPU build: $(PIP) install torch==2.13.0 --index-url" \
			"https://download.pytorch.org/whl/cpu"; \
	else \
		echo "Installing the bench extra (PyTorch, CPU build) into $(VENV)"; \
		$(PIP) install --quiet -c benchmarks/constraints.txt -e ".[bench]" && touch $@ \
			|| echo "bench: PyTorch could not be installed, skipping that part"; \
	fi

# Ratios measured side by side in one run. Prints a table and writes build/bench.json and
# build/bench.md (benchmarks/README.md says more).
bench: $(BENCH_STAMP)
	$(BIN)/python -m benchmarks.run $(if $(QUICK),--quick)

clean:
	rm -rf build artifacts .pytest_cache .ruff_cache .hypothesis

distclean: clean
	rm -rf $(VENV) *.egg-info
