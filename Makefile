# Two commands matter: `make run` (the app) and `make test` (the tests).
# Both create .venv and install the pinned requirements on first use.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export HF_HUB_DISABLE_TELEMETRY := 1

.PHONY: install install-dev run test lint bench examples clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.runtime-installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements-dev.txt $(VENV)/.runtime-installed
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.runtime-installed  ## install the pinned runtime dependencies

install-dev: $(VENV)/.dev-installed

run: install  ## start the analyst app on http://localhost:$(PORT)
	$(BIN)/streamlit run app.py --server.port $(PORT)

test: install-dev  ## lint, then run the whole test suite
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

lint: install-dev
	$(BIN)/ruff check .

bench: install-dev  ## speed, memory and quality benchmarks (prints figures and ratios)
	$(BIN)/python benchmarks/run_all.py

examples: install-dev  ## rebuild the example vendors' answers and evidence PDFs
	$(BIN)/python examples/build_examples.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache test-output bench-output
