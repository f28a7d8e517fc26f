# Two commands for a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
# uv comes from PyPI when the machine has none; `python3 -m uv` works without a PATH change.
UV := $(shell command -v uv 2>/dev/null || echo "python3 -m uv")
PY := .venv/bin/python
DB ?= data/warehouse.duckdb
PORT ?= 8501
# Loopback unless you have created accounts (`insights users add`) or configured OIDC.
ADDRESS ?= 127.0.0.1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: setup run demo test test-fast check lint format typecheck layers bench browser-deps clean

setup: .venv/.synced

.venv/.synced: pyproject.toml uv.lock
	@command -v uv >/dev/null 2>&1 || python3 -m uv --version >/dev/null 2>&1 || python3 -m pip install --quiet uv
	$(UV) sync --frozen --compile-bytecode
	@touch $@

demo: setup
	$(PY) -m insights.cli demo --db $(DB) --force

$(DB): | setup
	$(PY) -m insights.cli demo --db $(DB)

run: setup $(DB)
	INSIGHTS_DB=$(DB) .venv/bin/streamlit run dashboard.py --server.headless true --server.address $(ADDRESS) --server.port $(PORT) --browser.gatherUsageStats false

browser-deps:
	@if [ ! -x /usr/bin/chromium ]; then \
		echo "installing Debian's chromium for the browser tests"; \
		(apt-get update -qq || sudo apt-get update -qq) && \
		(DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-liberation poppler-utils || \
		 sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-liberation poppler-utils); \
	fi
	@command -v pdftoppm >/dev/null 2>&1 || (DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils || true)
	@if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
		echo "installing Debian's postgresql for the state tests"; \
		(apt-get update -qq || sudo apt-get update -qq) && \
		(DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql || \
		 sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql); \
	fi

test: setup browser-deps
	$(PY) -m pytest -q -p no:cacheprovider -n 2 --dist loadgroup

test-fast: setup
	$(PY) -m pytest -q -p no:cacheprovider -m "not browser and not slow"

lint: setup
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

format: setup
	.venv/bin/ruff format .
	.venv/bin/ruff check --fix .

typecheck: setup
	.venv/bin/mypy etl insights views dashboard.py

layers: setup
	.venv/bin/lint-imports

check: lint typecheck layers test

bench: setup browser-deps
	$(PY) bench/bench_etl.py
	@if [ -f bench/bench_pages.py ]; then $(PY) bench/bench_pages.py; fi
	@if [ -f bench/bench_pool.py ]; then $(PY) bench/bench_pool.py; fi
	$(PY) bench/bench_servers.py

clean:
	rm -rf .venv data/warehouse.duckdb* artifacts .pytest_cache .mypy_cache .ruff_cache
