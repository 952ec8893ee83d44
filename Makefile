# Tillit — the two commands: `make run` and `make test`. Both depend on `make install`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/tillit

.PHONY: install run test test-sqlite test-postgres lint format bench screenshots clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml src/tillit/economy/sie/_fastscan.c
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

# Sets up the SQLite database under ./var, loads the Vimmerby demo once, serves on :8000 with
# the background-job worker beside it (Ctrl-C stops both).
run: install
	$(BIN)/tillit migrate --noinput -v0
	$(BIN)/tillit collectstatic --noinput -v0
	$(BIN)/tillit demo
	$(BIN)/tillit serve --with-worker --host $(HOST) --port $(PORT)

# The whole suite on SQLite and, side by side on the second core, the database tests again on
# PostgreSQL (scripts/test.sh). Each half prints its 15 slowest tests.
test: install
	PG_TEST_URL="$(PG_TEST_URL)" scripts/test.sh

test-sqlite: install
	$(BIN)/python -m pytest -q --durations=15

# Skips (with a message) when no PostgreSQL server answers, unless TILLIT_REQUIRE_POSTGRES=1.
test-postgres: install
	@if $(BIN)/python scripts/pg_available.py "$(PG_TEST_URL)"; then \
		echo "== PostgreSQL: $(PG_TEST_URL)"; \
		TILLIT_DATABASE_URL="$(PG_TEST_URL)" TILLIT_TEST_DATABASE_ONLY=1 \
			$(BIN)/python -m pytest -q -m "not browser" --durations=15; \
	elif [ -n "$$TILLIT_REQUIRE_POSTGRES" ]; then \
		echo "PostgreSQL at $(PG_TEST_URL) is required (TILLIT_REQUIRE_POSTGRES) but not reachable."; exit 1; \
	else \
		echo "== PostgreSQL not reachable at $(PG_TEST_URL): PostgreSQL run skipped."; \
	fi

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install
	$(BIN)/python bench/run.py

# Each role's journey through the demo at 1280 and 390 px -> var/screenshots/*.png, plus the list
# of pages that scroll sideways on a phone (scripts/screenshots.py).
screenshots: install
	$(BIN)/python scripts/screenshots.py

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info
