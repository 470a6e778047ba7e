# Two commands: `make run` and `make test`. Both set up what they need on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Parallel test processes (pytest-xdist); `make test TEST_WORKERS=0` runs them in one process.
TEST_WORKERS ?= auto
LINT_PATHS := $(wildcard src tests benchmarks training)

.PHONY: run test lint format models demo clean bench

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/toward migrate
	$(BIN)/toward serve --with-worker

test: $(STAMP)
	$(BIN)/ruff check $(LINT_PATHS)
	$(BIN)/ruff format --check $(LINT_PATHS)
	$(BIN)/python -m toward.cli content check
	DJANGO_SETTINGS_MODULE=toward.settings.test $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python -m pytest -q -n $(TEST_WORKERS)
	@if $(BIN)/python tests/postgres_available.py; then \
		echo "== PostgreSQL at 127.0.0.1:5432: running the suite again on it =="; \
		TOWARD_TEST_DATABASE=postgres $(BIN)/python -m pytest -q -n $(TEST_WORKERS); \
	elif [ "$$CI" = "true" ]; then \
		echo "PostgreSQL is not reachable at 127.0.0.1:5432, and CI requires it."; exit 1; \
	else \
		echo "== PostgreSQL not reachable at 127.0.0.1:5432: skipped the PostgreSQL run =="; \
	fi

# Every benchmark, written to benchmarks/RESULTS.md (minutes; see benchmarks/README.md).
bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py

lint: $(STAMP)
	$(BIN)/ruff check $(LINT_PATHS)
	$(BIN)/ruff format --check $(LINT_PATHS)

format: $(STAMP)
	$(BIN)/ruff format $(LINT_PATHS)
	$(BIN)/ruff check --fix $(LINT_PATHS)

models: $(STAMP)
	$(BIN)/python -m pip install --quiet -r training/requirements.txt
	$(BIN)/python training/language/train_all.py

demo: $(STAMP)
	$(BIN)/toward migrate
	$(BIN)/toward demo

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
