# The index of Daybook's commands. `make run` and `make test` are the two
# that matter; each sets up whatever is missing first, so both work from a
# fresh clone with nothing but Python 3.12+ and make.

.DEFAULT_GOAL := help
.PHONY: help run test test-browser screenshots bench lint format check-deploy shell migrate clean

VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python

# The first interpreter on PATH that is Python 3.12 or newer. Inside this
# repository pyenv reads .python-version, so plain python3 is 3.13 here.
PYTHON ?= $(shell for p in python3.13 python3.12 python3.14 python3 python; do \
	command -v $$p >/dev/null 2>&1 && \
	$$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1 && \
	{ echo $$p; break; }; done)

help: ## List the commands.
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(VENV)/installed: requirements.txt requirements-dev.txt
	@test -n "$(PYTHON)" || { echo "Daybook needs Python 3.12 or newer, and none was found on PATH." >&2; \
		echo "Install one (python.org, pyenv, or your package manager) and run make again." >&2; exit 1; }
	@test -x $(PY) || { echo "Creating $(VENV) with $$($(PYTHON) --version)"; $(PYTHON) -m venv $(VENV); }
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

# A local .env with a fresh development secret, made once and never
# overwritten: it is yours to edit.
.env: | $(VENV)/installed
	@$(PY) -c "from django.core.management.utils import get_random_secret_key as k; \
		print('DEBUG=true'); print('SECRET_KEY=' + k())" > $@
	@echo "Wrote .env for local development (see .env.example for every setting)."

migrate: $(VENV)/installed .env ## Apply database migrations.
	$(PY) manage.py migrate --no-input

run: migrate ## Set up and run Daybook (web and worker) on http://127.0.0.1:8000
	@echo "Daybook: http://127.0.0.1:8000  (emails appear in this terminal; Ctrl-C stops)"
	$(BIN)/honcho --procfile Procfile.dev start

test: $(VENV)/installed lint ## Set up, lint and run the whole test suite.
	$(BIN)/pytest

# Debian's Chromium, never a browser downloaded by Playwright. apt needs
# root: as root it runs directly, otherwise through sudo.
CHROMIUM := /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

$(CHROMIUM):
	@echo "Installing Chromium with apt (needed by the browser tests)"
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium

# The live server's thread leaves its in-memory SQLite connection for the
# garbage collector, which warns at exit; that is the test server, not Daybook.
test-browser: $(VENV)/installed $(CHROMIUM) ## Run the browser tests in Chromium (installs it if missing).
	$(BIN)/pytest -m browser --no-cov -W "ignore::pytest.PytestUnraisableExceptionWarning"

screenshots: $(VENV)/installed $(CHROMIUM) ## Save screenshots of the journal in docs/screenshots/.
	$(PY) bench/screenshots.py

bench: $(VENV)/installed ## Time the journal's pages on ten years of entries (SQLite).
	$(PY) bench/journal.py

lint: $(VENV)/installed ## Check style and formatting with ruff, and the floor plan with import-linter.
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: $(VENV)/installed ## Fix what ruff can fix and format the code.
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check-deploy: $(VENV)/installed ## Django's deployment checks, with a production-like environment.
	DEBUG=false SECRET_KEY=check-deploy-$$(date +%s)-not-a-real-secret-but-long-enough-to-pass \
	ALLOWED_HOSTS=daybook.example.com SITE_URL=https://daybook.example.com \
	DEFAULT_FROM_EMAIL=prompts@daybook.example.com INBOUND_EMAIL_DOMAIN=reply.daybook.example.com \
	ANYMAIL_WEBHOOK_SECRET=user:password DATABASE_URL=sqlite:///:memory: MEDIA_ROOT=var/media \
	EMAIL_PROVIDER=postmark POSTMARK_SERVER_TOKEN=check-deploy-token \
	$(PY) manage.py check --deploy --fail-level WARNING

shell: $(VENV)/installed .env ## A Django shell on the local database.
	$(PY) manage.py shell

clean: ## Remove the virtual environment and local data (keeps .env).
	rm -rf $(VENV) var staticfiles .coverage htmlcov .pytest_cache .ruff_cache
