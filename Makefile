# Two commands on a fresh machine: `make run` and `make test` (see README).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?= -n auto

.PHONY: axe run serve worker test test-postgres postgres lint format check audit system-deps clean messages

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.run-deps: requirements.lock | $(BIN)/python
	$(BIN)/pip install -q -r requirements.lock
	touch $@

$(VENV)/.test-deps: requirements-test.lock | $(BIN)/python
	$(BIN)/pip install -q -r requirements-test.lock
	touch $@ $(VENV)/.run-deps

# The task worker runs beside the development server (long exports queue for it) and stops
# with it.
run: $(VENV)/.run-deps
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python .ci/messages compile
	$(BIN)/python manage.py worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# Production-style serving: gunicorn (gunicorn.conf.py) with whitenoise for static files.
# Configure through the environment (README, "Deployment"); run `make worker` beside it.
serve: $(VENV)/.run-deps
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput -v 0
	$(BIN)/python .ci/messages compile
	$(BIN)/gunicorn stalklog.wsgi:application --config gunicorn.conf.py

# Runs background tasks (exports and the like) queued in the database. The worker itself
# waits out a database restart; should it still exit with an error, it is started again after
# 5 seconds (a clean stop, SIGTERM or Ctrl-C, ends it). In production run it under systemd
# (README, "Deployment").
worker: $(VENV)/.run-deps
	@while :; do \
		$(BIN)/python manage.py worker --queue-name default; rc=$$?; \
		case $$rc in 0|130|143) exit 0;; esac; \
		echo "worker exited with status $$rc; starting it again in 5 s" >&2; sleep 5; \
	done

# Installs the Debian packages in system-packages.txt that are missing (needs root or sudo).
system-deps:
	@missing=$$(grep -v '^#' system-packages.txt | grep . | while read p; do \
		dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "Installing: $$missing"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi
	@test -x /usr/bin/chromium || { echo "Chromium is missing: apt-get install chromium" >&2; exit 1; }

lint: $(VENV)/.test-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/python .ci/messages check

# After marking text for translation: adds the new strings to every catalogue in locale/,
# to be translated there (README, "Languages").
messages: $(VENV)/.test-deps
	$(BIN)/python .ci/messages update

format: $(VENV)/.test-deps
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check: $(VENV)/.test-deps
	$(BIN)/python manage.py makemigrations --check --dry-run >/dev/null
	$(BIN)/python manage.py check

# axe-core for the browser tests' accessibility checks, pinned by its package-lock.json.
AXE := tests/browser/axe/node_modules/axe-core/axe.min.js
$(AXE): tests/browser/axe/package-lock.json
	@command -v npm >/dev/null || { echo "npm is missing: install Node.js (with npm) to run the browser tests" >&2; exit 1; }
	npm ci --prefix tests/browser/axe --no-audit --no-fund --silent
	touch $@

axe: $(AXE)

# A selection that matches no test (PYTEST_ARGS="-k ...") exits 0; the whole suite collecting
# nothing fails (tests/conftest.py, pytest_sessionfinish).
test: system-deps $(VENV)/.test-deps $(AXE) lint check
	$(BIN)/pytest $(PYTEST_ARGS)

# The same suite against PostgreSQL. Give DATABASE_URL, or start a local server with
# `eval "$$(.ci/postgres)"`. Without a server it says so and stops; under CI it fails.
PG_URL := $(if $(filter postgres%,$(DATABASE_URL)),$(DATABASE_URL),postgres://stalklog:stalklog@127.0.0.1:5432/stalklog)
test-postgres: $(VENV)/.test-deps
	@if DATABASE_URL=$(PG_URL) $(BIN)/python -c "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'stalklog.settings'); django.setup(); from django.db import connection; connection.ensure_connection()" 2>/dev/null; then \
		echo "Running the suite against PostgreSQL"; \
		DATABASE_URL=$(PG_URL) $(BIN)/pytest $(PYTEST_ARGS); \
	else \
		echo "PostgreSQL is not reachable at DATABASE_URL: the PostgreSQL run is skipped."; \
		echo "Start one with: eval \"\$$(.ci/postgres)\"  (CI always runs it)."; \
		[ -z "$$CI" ] || exit 1; \
	fi

# Starts Debian's PostgreSQL on loopback with a role and database for the tests.
postgres:
	.ci/postgres

# Security checks: bandit, check --deploy, pip-audit (see README, "Security checks").
audit: $(VENV)/.test-deps
	.ci/audit

clean:
	rm -rf $(VENV) staticfiles
