# Giao Ban: `make run` serves the demo, `make test` runs lint and the whole suite (SQLite, then PostgreSQL).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
PYTEST_ARGS ?=
# pytest-xdist workers per database pass (auto: one per core; 0 runs in one process). Work stealing:
# a worker that runs out of tests takes half of another's queue, so the slow tests at the end (browser,
# processes, the database emptied after each) do not leave one worker running alone.
TEST_WORKERS ?= auto
XDIST = -n $(TEST_WORKERS) --dist worksteal
export DJANGO_SETTINGS_MODULE ?= config.settings.dev
# Bytecode caches (assertion rewriting included) let the second pass and each xdist worker start in
# seconds instead of recompiling every module.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: run test test-fast lint test-sqlite test-postgres deps assets messages chromium libreoffice postgres demo serve-check serve-prod gunicorn-prod-command clean

$(BIN)/.installed: requirements/lock.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install -q --disable-pip-version-check --require-hashes -r requirements/lock.txt
	$(BIN)/python -m pip install -q --disable-pip-version-check --no-deps -e .
	touch $@

deps: $(BIN)/.installed

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

assets: node_modules/.installed

# Translations are compiled with Babel (pure Python): no GNU gettext needed on the server.
messages: deps
	@shopt -s nullglob; for po in locale/*/LC_MESSAGES/*.po; do \
	  $(BIN)/pybabel compile -i $$po -o $${po%.po}.mo || exit 1; done

# Browser tests drive Debian's Chromium; install it when missing.
chromium:
	@command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; }

# PDF copies of official documents come from LibreOffice headless (Liberation Serif stands in for Times
# New Roman); the PDF tests read them back with poppler-utils. Install them when missing.
libreoffice:
	@command -v soffice >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libreoffice-writer-nogui fonts-liberation fonts-liberation2 >/dev/null; }
	@command -v pdftotext >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null; }

# PostgreSQL is started by the machine; start it if it is down.
postgres:
	@pg_isready -q -h 127.0.0.1 -p 5432 || { pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start && sleep 2; }

run: deps assets messages libreoffice
	@mkdir -p var
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py demo --if-empty
	@echo ""
	@echo "Giao Ban: http://127.0.0.1:$(PORT)/"
	@echo "Demo logins (password giaoban-demo): thuky (secretariat), lanhdao (leader),"
	@echo "  sngv (Sở Ngoại vụ officer), tpls (Thành phố Lạng Sơn officer), admin (system admin)"
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# Production on this machine: gunicorn with WORKERS processes on BIND, PostgreSQL from DATABASE_URL,
# static files collected for WhiteNoise; with GIAOBAN_TASKS_BACKEND=database also the task worker.
# Needs SECRET_KEY, DATABASE_URL and ALLOWED_HOSTS in the environment (docs/deployment.md).
WORKERS ?= $(shell echo $$(( $$(nproc) * 2 + 1 )))
BIND ?= 127.0.0.1:8000
# Each instance its own control socket (`gunicornc -s var/run/gunicorn-127.0.0.1_8000.ctl`): gunicorn's
# default is one path per user, which the instance started last took over from the others.
CONTROL_SOCKET = $(or $(GIAOBAN_VAR_DIR),var)/run/gunicorn-$(subst /,_,$(subst :,_,$(BIND))).ctl
GUNICORN_PROD = $(BIN)/gunicorn config.wsgi --workers $(WORKERS) --bind $(BIND) --timeout 30 \
  --graceful-timeout 20 --max-requests 2000 --max-requests-jitter 200 --access-logfile - \
  --control-socket $(CONTROL_SOCKET)

serve-prod: deps assets messages
	@test -n "$$SECRET_KEY" -a -n "$$DATABASE_URL" || { echo "serve-prod: set SECRET_KEY and DATABASE_URL (docs/deployment.md)" >&2; exit 1; }
	DJANGO_SETTINGS_MODULE=config.settings.prod $(BIN)/python manage.py migrate --noinput
	DJANGO_SETTINGS_MODULE=config.settings.prod $(BIN)/python manage.py collectstatic --noinput -v0
	@export DJANGO_SETTINGS_MODULE=config.settings.prod; \
	if [ "$${GIAOBAN_TASKS_BACKEND:-immediate}" = database ]; then \
	  $(BIN)/python manage.py db_worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	fi; \
	$(GUNICORN_PROD)

# The gunicorn command line of serve-prod, for the tests that start it as the operator does.
gunicorn-prod-command:
	@echo $(GUNICORN_PROD)

lint: deps
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy giaoban/*/services.py giaoban/core/vietnamese.py

# The SQLite pass leaves out the tests marked `once` (browser, PDF, database-free: conftest.py); the
# PostgreSQL pass, the production database, runs every test.
test-sqlite: deps assets messages
	env -u DATABASE_URL DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/pytest $(XDIST) -m "not once" $(PYTEST_ARGS)

test-postgres: deps assets messages chromium libreoffice postgres
	DATABASE_URL=$(PG_URL) DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/pytest $(XDIST) $(PYTEST_ARGS)

# The inner loop: SQLite, no browser, LibreOffice or process tests, no lint.
test-fast: deps assets messages
	env -u DATABASE_URL DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/pytest $(XDIST) -q \
	  -m "not browser and not pdf and not slow" $(PYTEST_ARGS)

# Lint and the two passes run side by side: much of the PostgreSQL pass waits (browser, LibreOffice,
# gunicorn and PostgreSQL processes) while the others use the cores. Each one's output is printed
# whole when it ends (lint first); make fails if any of them failed.
test: deps assets messages chromium libreoffice postgres
	@rm -rf var/test-passes
	$(MAKE) --no-print-directory -j3 --output-sync=target lint test-sqlite test-postgres

clean:
	rm -rf $(VENV) node_modules var/static
