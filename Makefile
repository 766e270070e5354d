# The two commands of the README:
#   make demo   set up, then scan, certify and verify the samples/ end to end
#   make test   set up, then run the whole test suite
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
DEMO := demo

.PHONY: setup demo test lint bench clean

setup:
	@bash scripts/setup.sh

demo: setup
	@bash scripts/demo.sh $(DEMO)

test: setup
	$(BIN)/python -m pytest -n 2 --dist loadgroup -q

lint: setup
	$(BIN)/ruff check digitize tests bench
	$(BIN)/mypy digitize

clean:
	rm -rf $(DEMO) .pytest_cache
