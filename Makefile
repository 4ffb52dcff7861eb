# aitimeline: every developer task is a make target. Needs only Python >= 3.11 and make.
#
#   make demo    create .venv if missing, install the package only, run `python -m aitimeline demo`
#   make test    lint + typecheck + docs + pytest (what .ci/run runs)
#
# Every recipe calls the venv's own binaries, so no activation is needed.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The demo needs the package and its runtime dependencies only, not the dev toolchain.
RUN_STAMP := $(VENV)/.installed-run

# Lint only the folders that exist (git does not keep empty ones, so a fresh clone may lack some).
LINT_PATHS := $(wildcard src tests benchmarks examples scripts docs)
# Extra arguments for pytest, e.g. `make pytest PYTEST_ARGS="-k dates -x"`.
PYTEST_ARGS ?=
# Arguments for every benchmark script, e.g. `make bench BENCH_ARGS=--quick` (sizes up to 10^5)
# or `make bench BENCH_ARGS="--sizes 1e6"`.
BENCH_ARGS ?=
# -E: read every page afresh, so no stale cross-reference survives an incremental build.
SPHINXOPTS ?= -W --keep-going -q -E

export PIP_DISABLE_PIP_VERSION_CHECK := 1

.DEFAULT_GOAL := help
.PHONY: help venv demo test lint format typecheck pytest docs bench clean

help:
	@echo "make demo       install the package into $(VENV) if needed and run python -m aitimeline demo"
	@echo "make test       lint, typecheck, docs and pytest (what CI runs)"
	@echo "make lint       ruff check"
	@echo "make format     ruff format (rewrites files)"
	@echo "make typecheck  mypy --strict over src and tests"
	@echo "make pytest     pytest with hypothesis, doctests and branch coverage"
	@echo "make docs       Sphinx html and doctest builds, warnings as errors"
	@echo "make bench      run every benchmarks/bench_*.py (BENCH_ARGS=--quick: sizes up to 10^5)"
	@echo "make clean      remove build output and caches (keeps $(VENV))"
	@echo "PYTHON=$(PYTHON) (must be >= 3.11) is used only to create $(VENV)"

# Create the virtual environment once, after checking the interpreter's version.
$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { \
	    echo "error: PYTHON=$(PYTHON) not found; install Python >= 3.11 or run make PYTHON=/path/to/python3.11" >&2; \
	    exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { \
	    echo "error: aitimeline needs Python >= 3.11, but PYTHON=$(PYTHON) is $$($(PYTHON) -c 'import platform; print(platform.python_version())');" \
	         "run make PYTHON=python3.11 (or newer)" >&2; \
	    exit 1; }
	$(PYTHON) -m venv $(VENV)

CHECK_VENV = @$(BIN)/python -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { \
	    echo "error: $(VENV) was made with Python < 3.11; run make clean-venv and try again" >&2; \
	    exit 1; }

# (Re)install the package and its dev extras whenever pyproject.toml changes.
$(STAMP): pyproject.toml | $(BIN)/python
	$(CHECK_VENV)
	$(BIN)/python -m pip install --quiet --editable '.[dev]'
	@touch $(STAMP) $(RUN_STAMP)

# (Re)install what the demo needs whenever pyproject.toml changes: the package and its pandas
# extra (the report's sensitivity table is a DataFrame), not the dev toolchain.
$(RUN_STAMP): pyproject.toml | $(BIN)/python
	$(CHECK_VENV)
	$(BIN)/python -m pip install --quiet --editable '.[pandas]'
	@touch $(RUN_STAMP)

venv: $(STAMP)

demo: $(RUN_STAMP)
	$(BIN)/python -m aitimeline demo

# Order matters: pytest runs last so that its summary line closes the output.
test: lint typecheck docs pytest

lint: venv
	$(BIN)/ruff check $(LINT_PATHS)
	$(BIN)/ruff format --check $(LINT_PATHS)

format: venv
	$(BIN)/ruff format $(LINT_PATHS)

typecheck: venv
	$(BIN)/mypy

# pytest exits 5 when it collected no tests: say so loudly, and fail.
pytest: venv
	@MPLBACKEND=Agg $(BIN)/pytest --cov=aitimeline --cov-report=term $(PYTEST_ARGS); \
	status=$$?; \
	if [ $$status -eq 5 ]; then \
	    echo "error: pytest collected no tests (exit 5); a run that tests nothing fails" >&2; \
	fi; \
	exit $$status

docs: venv
	MPLBACKEND=Agg $(BIN)/sphinx-build $(SPHINXOPTS) -b html docs docs/_build/html
	MPLBACKEND=Agg $(BIN)/sphinx-build $(SPHINXOPTS) -b doctest docs docs/_build/doctest

# Every script runs even when one misses a target (exit 1); the failures are listed at the end.
bench: venv
	@found=0; failed=""; \
	for script in benchmarks/bench_*.py; do \
	    [ -e "$$script" ] || continue; \
	    found=1; \
	    echo "== $$script $(BENCH_ARGS)"; \
	    MPLBACKEND=Agg $(BIN)/python "$$script" $(BENCH_ARGS) || failed="$$failed $$script"; \
	done; \
	[ $$found -eq 1 ] || echo "no benchmarks/bench_*.py yet"; \
	if [ -n "$$failed" ]; then echo "error: missed a target or failed:$$failed" >&2; exit 1; fi

clean:
	rm -rf docs/_build build dist htmlcov .coverage .coverage.* \
	    .pytest_cache .mypy_cache .ruff_cache .hypothesis src/*.egg-info
	find . -path ./$(VENV) -prune -o -type d -name __pycache__ -exec rm -rf {} +

.PHONY: clean-venv
clean-venv:
	rm -rf $(VENV)
