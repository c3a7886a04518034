# Two commands matter (see README): `make serve` and `make test`.
# Each bootstraps what it needs: a local .venv from the hashed lock, node_modules from
# package-lock.json, and Debian's chromium for the browser tests.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1
export DISABLE_MKDOCS_2_WARNING := true
# Builds claim the time of the last commit, not the clock: the same sources give the
# same bytes (sitemap dates, gzip headers), which tests/website/test_build.py checks.
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: serve build test lint accuracy bench audit lock clean

serve: $(VENV)/.installed node_modules/.installed
	$(BIN)/mkdocs serve

build: $(VENV)/.installed node_modules/.installed
	$(BIN)/mkdocs build --strict

test: $(VENV)/.installed node_modules/.installed chromium
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/pytest -n auto

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Printed reports, not tests
accuracy: $(VENV)/.installed
	$(BIN)/python -m scripts.reports.accuracy
bench: $(VENV)/.installed
	$(BIN)/python -m scripts.reports.benchmark
	$(BIN)/python -m scripts.reports.bench_experiments
audit: $(VENV)/.installed node_modules/.installed chromium
	$(BIN)/python -m scripts.reports.audit

# Re-pin every Python dependency, with hashes (needs uv on PATH)
lock:
	uv pip compile requirements.in --python-version 3.11 --generate-hashes -o requirements.lock

$(VENV)/.installed: requirements.lock pyproject.toml
	[ -x $(BIN)/python ] || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund
	touch $@

chromium:
	@command -v chromium >/dev/null || { $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q chromium; }

clean:
	rm -rf site .cache
