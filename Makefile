# drumbeat: `make run` sets everything up and runs an ingest; `make test` sets up and tests.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install run test test-fast bench bench-quality lint clean help

help:
	@echo "make run    - install into $(VENV), create data/drumbeat.duckdb, ingest seeds and sources"
	@echo "make test   - install and run the test suite"
	@echo "make bench  - speed benchmarks (ratios measured in the same run)"
	@echo "make bench-quality - extraction quality against ../shared/eval (or EVAL_DIR=...)"
	@echo "make lint   - ruff"

$(STAMP): pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "drumbeat needs Python 3.11"' \
		|| { echo "Python 3.11 is required (found $$($(PYTHON) --version))"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade "pip>=24"
	$(BIN)/pip install --quiet -c requirements.lock -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/drumbeat run

test: install
	$(BIN)/pytest -q

test-fast: install
	$(BIN)/pytest -q -m "not e2e and not prefect"

bench: install
	$(BIN)/python tests/benchmarks/run_all.py

bench-quality: install
	$(BIN)/python tests/benchmarks/bench_quality.py $(if $(EVAL_DIR),--eval-dir $(EVAL_DIR))

lint: install
	$(BIN)/ruff check flows tests

clean:
	rm -rf $(VENV) .pytest_cache
