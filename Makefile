# Every target sets up .venv by itself; `make test` is what CI runs (.ci/run).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export KG_STORE ?= ./data/kg

.PHONY: run test lint bench eval browser-deps clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "installing pip, then dipkg with its dependencies and test extras into $(VENV) (a few minutes, quiet)..."
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@echo "installed into $(VENV)"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/kg reference load
	$(BIN)/kg ingest seeds/
	$(BIN)/kg serve

# Headless Chromium and its driver for the browser tests (Debian packages), installed where missing.
browser-deps:
	@if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then :; \
	else \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium chromium-driver >/dev/null; \
	fi

test: $(STAMP) browser-deps
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check kg api tests bench
	$(BIN)/ruff format --check kg api tests bench
	$(BIN)/mypy kg

bench: $(STAMP)
	$(BIN)/python bench/extract_speed.py

eval: $(STAMP)
	$(BIN)/kg eval tests/corpus/dev

clean:
	rm -rf $(VENV) data build *.egg-info .pytest_cache .hypothesis
