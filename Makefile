# The whole set-up on a fresh machine is `make run` or `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run serve test lint bench bench-web bench-writes bench-finance assets screenshots docs clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/nhswiring demo

# The web app and JSON API on http://127.0.0.1:8000 (SQLite default; NHSWIRING_DATABASE_URL for PostgreSQL).
serve: $(STAMP)
	$(BIN)/nhswiring serve

# The README's screenshots, taken by the browser tests (docs/screenshots/).
screenshots: $(STAMP)
	NHSWIRING_SCREENSHOTS=1 $(BIN)/pytest -q tests/browser

# Refresh the committed front-end assets from npm (package.json, package-lock.json).
assets: $(STAMP)
	npm ci --no-audit --no-fund
	$(BIN)/python scripts/build_assets.py

lint: $(STAMP)
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts
	$(BIN)/mypy

test: lint
	$(BIN)/pytest -q

bench: $(STAMP)
	$(BIN)/python -m bench.national_scale

# The web app and API under load on loopback, SQLite and PostgreSQL (docs/performance.md).
bench-web: $(STAMP)
	$(BIN)/python -m bench.web_load --write-docs

# The finance views beside the practical limit (docs/performance.md).
bench-finance: $(STAMP)
	$(BIN)/python -m bench.finance

# Concurrent writers on SQLite and PostgreSQL (docs/performance.md).
bench-writes: $(STAMP)
	$(BIN)/python -m bench.concurrent_writes --write-docs

clean:
	rm -rf $(VENV) node_modules nhswiring.db .pytest_cache .mypy_cache .ruff_cache
