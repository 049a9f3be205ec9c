# One-command onboarding. `make run` serves the demo; `make test` runs every test.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/omu_test
TEST_REDIS_URL ?= redis://127.0.0.1:6379/0
# Test processes (pytest-xdist, a database each): one per core by default; TEST_WORKERS=0 runs
# everything in one process, as a debugger needs. Work stealing: a worker that runs out takes
# tests queued for the other, so the suite's few long tests (the 400-day sweep proof, the API
# fuzzing, the role matrix) do not leave one core idle at the end.
TEST_WORKERS ?= auto
CHROMIUM := /usr/bin/chromium
PORT ?= 8000

.PHONY: setup run port-free test lint format migrate worker beat seed clean services

setup: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "OMU needs Python 3.11"' \
		|| { echo "Install Python 3.11 and run again (found $(PYTHON))."; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

migrate: setup
	$(PY) manage.py migrate --noinput

# SQLite and in-process tasks unless DATABASE_URL / REDIS_URL are set. `make run PORT=8001`
# serves on another port; a port already in use stops here with a message, before seeding.
run: port-free migrate
	$(PY) manage.py seed_demo
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

port-free:
	@$(PYTHON) -c 'import socket, sys; sys.exit(socket.socket().connect_ex(("127.0.0.1", $(PORT))) == 0)' \
		|| { echo "Port $(PORT) is already in use (is OMU already running?). Stop that server, or choose another port: make run PORT=$$(($(PORT) + 1))"; exit 1; }

seed: migrate
	$(PY) manage.py seed_demo

worker: setup
	$(VENV)/bin/celery -A omu worker --loglevel=INFO

beat: setup
	$(VENV)/bin/celery -A omu beat --loglevel=INFO

$(CHROMIUM):
	@command -v apt-get >/dev/null || { echo "Install Chromium at $(CHROMIUM) for the browser tests."; exit 1; }
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

services: setup
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) $(PY) tests/check_services.py

test: setup services $(CHROMIUM)
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) \
		$(VENV)/bin/pytest -n $(TEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy
	$(PY) manage.py makemigrations --check --dry-run

format: setup
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf $(VENV) node_modules staticfiles db.sqlite3 tests/artifacts
