# Each target creates .venv when it is missing (a fresh machine needs only python3 and pip).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test bench lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.base: $(BIN)/python pyproject.toml
	$(BIN)/pip install -q -e .
	$(BIN)/python -m compileall -q src  # an editable install compiles nothing; a regular one would
	touch $@

$(VENV)/.dev: $(BIN)/python pyproject.toml
	$(BIN)/pip install -q -e ".[dev,html,ray]"
	$(BIN)/python -m compileall -q src
	touch $@ $(VENV)/.base

demo: $(VENV)/.base
	$(BIN)/thresher clean examples/corpus -o demo-out --overwrite --workers 2 --dedup minhash
	@echo
	@echo "cleaned documents: demo-out/kept/   dropped, with reasons: demo-out/dropped/   counts: demo-out/stats.json"
	@echo "see one document's removals: $(BIN)/thresher explain examples/corpus/news/harbour-ferry.txt"

test: $(VENV)/.dev
	$(BIN)/python -m pytest

bench: $(VENV)/.dev
	$(BIN)/python bench/accuracy.py
	$(BIN)/python bench/throughput.py

lint: $(VENV)/.dev
	$(BIN)/ruff check src tests bench

clean:
	rm -rf demo-out .pytest_cache
