# Two commands on a fresh machine: `make run` and `make test` (see README).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?= -n auto

.PHONY: run test lint format check audit system-deps clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.run-deps: requirements.lock | $(BIN)/python
	$(BIN)/pip install -q -r requirements.lock
	touch $@

$(VENV)/.test-deps: requirements-test.lock | $(BIN)/python
	$(BIN)/pip install -q -r requirements-test.lock
	touch $@ $(VENV)/.run-deps

run: $(VENV)/.run-deps
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

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

format: $(VENV)/.test-deps
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check: $(VENV)/.test-deps
	$(BIN)/python manage.py makemigrations --check --dry-run >/dev/null
	$(BIN)/python manage.py check

# pytest exits 5 when it collects nothing; that is not a failure of the code.
test: system-deps $(VENV)/.test-deps lint check
	$(BIN)/pytest $(PYTEST_ARGS); rc=$$?; [ $$rc -eq 5 ] && rc=0; exit $$rc

# Security checks: bandit, check --deploy, pip-audit (see README, "Security checks").
audit: $(VENV)/.test-deps
	.ci/audit

clean:
	rm -rf $(VENV) staticfiles
