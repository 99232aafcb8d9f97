# Partial derivatives for machine learning — `make help` lists the targets.
SHELL := /bin/bash
.SHELLFLAGS := -eo pipefail -c
VENV := .venv
PY := $(VENV)/bin/python
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)
A ?=

.PHONY: help venv system vendor book lint test test-fast release grade lab serve bench clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-9s %s\n", $$1, $$2}'

venv: $(VENV)/.installed ## create .venv and install the pinned toolchain and the course package

$(VENV)/.installed: requirements.txt pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	$(PY) -m pip install -q --no-deps -e .
	touch $@

system: ## install the system packages the tests use (Chromium, bubblewrap) when missing
	tools/install_system_deps.sh

vendor: ## fetch MathJax, require.js and the widget manager so the website works offline
	tools/vendor_assets.sh

# jupyter-cache keys a chapter on its code cells only: when a teaching helper in course/ changes,
# start the build afresh so every chapter is executed again with it.
_build/.course-stamp: $(wildcard course/*.py)
	rm -rf _build
	mkdir -p _build && touch $@

book: venv vendor _build/.course-stamp ## build the website into _build/html
	jupyter-book build . -n -W --keep-going
	@echo "The website is in _build/html: open _build/html/index.html, or run 'make serve'."

lint: venv ## check the code with ruff (lint rules and formatting; config in pyproject.toml)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

# The tiers (marked in tests/conftest.py from what each test runs) that test-fast leaves out.
SLOW_TIERS := slow or book or browser or nbgrader or sandbox or postgres or dask

test: venv vendor system lint _build/.course-stamp ## run the whole test suite (builds the book, grades, browser checks)
	$(PY) -m pytest

test-fast: venv ## the tests outside the slow tiers (no book build, nbgrader, sandbox or browser)
	$(PY) -m pytest -q -m "not ($(SLOW_TIERS))"

release: venv ## regenerate exercises/ from solutions/ (all problem sets)
	$(PY) -m autograder release --all

grade: venv ## grade every submission of one problem set: make grade A=ps01_partials
	@test -n "$(A)" || { echo "usage: make grade A=ps01_partials"; exit 2; }
	$(PY) -m autograder grade $(A) --out grades-$(A).csv

lab: venv ## open the chapters and problem sets in JupyterLab (widgets work live)
	jupyter lab

serve: ## serve the built website on http://localhost:8000
	$(PY) -m http.server 8000 --bind 127.0.0.1 --directory _build/html

bench: venv vendor system ## run the benchmarks (book rebuild, grading throughput)
	$(PY) bench/bench_build.py
	$(PY) bench/bench_grading.py

clean: ## remove build output and grading state (keeps .venv)
	rm -rf _build submitted autograded feedback gradebook.db .grading artifacts
