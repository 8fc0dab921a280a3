# Every target creates .venv with the machine's python3 and installs the project into it
# (editable); re-running is fast because the install is skipped while pyproject.toml is
# unchanged.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export PREFECT_HOME ?= $(CURDIR)/var/prefect
export PREFECT_SERVER_ANALYTICS_ENABLED ?= false
export PREFECT_LOGGING_LEVEL ?= WARNING
export PREFECT_SERVER_LOGGING_LEVEL ?= WARNING

.PHONY: web-demo install demo test test-fast lint typecheck importlint pytest bench docs clean chromium test-web

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Prefect does not create the parents of its home folder
var/prefect:
	mkdir -p $@

demo: $(STAMP)
	$(BIN)/python -m cli.demo

# The web workspace over the database `make demo` leaves (accounts printed by the demo).
web-demo: $(STAMP)
	DIRECTIVES_DATABASE_URL=sqlite:///var/demo/directives.db \
	DIRECTIVES_OUTBOX_DIR=var/demo/outbox DIRECTIVES_UPLOAD_DIR=var/demo/uploads \
	$(BIN)/directives web --port 8000

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy domain models notifications app tasks flows deployments cli web tests bench

importlint: $(STAMP)
	$(BIN)/lint-imports

pytest: $(STAMP) chromium | var/prefect
	$(BIN)/pytest -q $(PYTEST_ARGS)

# The web tests drive Debian's Chromium through Playwright (which never downloads a
# browser here); install it when the machine lacks it.
chromium:
	@test -x /usr/bin/chromium || (apt-get update && apt-get install -y chromium)

test-web: $(STAMP) chromium | var/prefect
	$(BIN)/pytest -q tests/web $(PYTEST_ARGS)

test: lint typecheck importlint pytest

# Everything but the multi-machine test (two Prefect workers on PostgreSQL, ~1 min):
# the quick loop while working. `make test` remains what CI runs.
test-fast: $(STAMP) chromium | var/prefect
	$(BIN)/pytest -q --ignore=tests/flows/test_multi_machine.py $(PYTEST_ARGS)

bench: $(STAMP) | var/prefect
	$(BIN)/python -m bench.run

docs: $(STAMP)
	$(BIN)/python -m cli.docgen

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache

# A Prefect cluster on this machine (server on a throwaway PostgreSQL database, work
# pool, deployments, two process workers, app database on PostgreSQL): see
# docs/operations.md. CLUSTER_PG_URL and CLUSTER_PORT override the defaults.
.PHONY: cluster-up cluster-down
cluster-up: $(STAMP)
	$(BIN)/python -m deployments.cluster up

cluster-down: $(STAMP)
	$(BIN)/python -m deployments.cluster down
