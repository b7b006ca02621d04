# The two commands of the README:
#   make run   — set up .venv, index the bundled corpus, serve it on 127.0.0.1:$(PORT)
#   make test  — set up .venv with the test tools and run the whole test suite
# Both are idempotent: stamps in .venv skip work that is already done.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
HOST   ?= 127.0.0.1

.PHONY: run test index serve bench bench-quick fuzz clean help

help:
	@echo "make run   - install, index corpus/ and serve http://$(HOST):$(PORT)/"
	@echo "make test  - install with the test extra and run the test suite"
	@echo "make bench - run the benchmarks under bench/ (bench-quick: a smoke run; fuzz: big fuzz budgets)"

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "newsarchive needs Python 3.11 or newer; set PYTHON=python3.x")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The editable install maps each package when it is made: redo it when one appears.
# setuptools warns at every editable install that folders named like the packages
# take precedence on imports: here they are the packages themselves, so say it once here.
QUIET_EDITABLE := PYTHONWARNINGS="ignore:Editable installation"

$(VENV)/.installed: $(BIN)/python setup.cfg pyproject.toml $(wildcard */__init__.py */*/__init__.py)
	$(QUIET_EDITABLE) $(BIN)/python -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(QUIET_EDITABLE) $(BIN)/python -m pip install --quiet -e '.[test,bench]'
	@touch $@

index: $(VENV)/.installed
	$(BIN)/newsarchive reindex

run: index
	$(BIN)/newsarchive serve --host $(HOST) --port $(PORT)

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest

bench: $(VENV)/.installed-test
	$(BIN)/python -m bench.run_all

bench-quick: $(VENV)/.installed-test
	$(BIN)/python -m bench.run_all --quick

fuzz: $(VENV)/.installed-test
	$(BIN)/python -m bench.fuzz --examples 2000

clean:
	rm -rf $(VENV) var .pytest_cache .hypothesis test-artifacts *.egg-info
