# The README's two promises: `make test` and `make demo`. Both set themselves up.
# `make conformance` runs the official MCP conformance suite (it downloads from npm: not part of `make test`).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: test lint typecheck unit demo conformance clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml SKILL.md
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[dev]"
	touch $(STAMP)

lint: $(STAMP)
	$(BIN)/ruff check .

typecheck: $(STAMP)
	$(BIN)/mypy src

unit: $(STAMP)
	$(BIN)/pytest

test: lint typecheck unit

demo: $(STAMP)
	$(BIN)/python -m nemovideo.demo

conformance: $(STAMP)
	NEMOVIDEO=$(BIN)/nemovideo scripts/conformance.sh

clean:
	rm -rf $(VENV) build dist *.egg-info src/*.egg-info
