# The verbs people type. `make run` and `make test` bootstrap .venv from nothing but Python 3.11+.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# The public address every absolute link starts with (home/public_address.py): this server unless set.
WAGTAILADMIN_BASE_URL ?= http://127.0.0.1:$(PORT)
export WAGTAILADMIN_BASE_URL
MANAGE := $(BIN)/python manage.py

.PHONY: run test test-browser lint layers format migrations messages compiled-messages demo bench clean help

help:
	@echo "make run     set up .venv, migrate, load demo content, serve http://127.0.0.1:$(PORT)/"
	@echo "make test    set up .venv with dev tools and run the whole test suite on every core (browser tests when Chromium is found)"
	@echo "make test-browser  only the browser journeys and accessibility checks"
	@echo "make lint    ruff check, format check and the layer contract (import-linter)"
	@echo "make messages  extract translatable strings into site/locale"
	@echo "make bench   print search and page benchmarks"

$(BIN)/python:
	@echo "==> Creating the virtual environment in $(VENV)"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The project's two import roots (the apps at the top, `config` inside site/) on the venv's path, so every tool
# in .venv/bin (lint-imports, gunicorn, python -c) finds them as manage.py and pytest do.
$(VENV)/.project-path: | $(BIN)/python
	printf '%s\n%s\n' "$(CURDIR)" "$(CURDIR)/site" > "$$($(BIN)/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')/jx_dtpc_project.pth"
	touch $@

# Re-install only when a lock file changes: a second `make` is fast.
$(VENV)/.installed-base: requirements/base.txt | $(BIN)/python $(VENV)/.project-path
	@echo "==> Installing the locked dependencies (requirements/base.txt; a few minutes the first time)"
	$(BIN)/pip install --quiet -r requirements/base.txt
	touch $@

$(VENV)/.installed-dev: requirements/dev.txt | $(BIN)/python $(VENV)/.project-path
	@echo "==> Installing the locked dependencies with the dev tools (requirements/dev.txt)"
	$(BIN)/pip install --quiet -r requirements/dev.txt
	touch $@ $(VENV)/.installed-base

# The Chinese catalogue is compiled from the .po files in git, in Python (Babel): GNU gettext is not needed.
compiled-messages: $(VENV)/.installed-base
	@echo "==> Compiling the translations (.po -> .mo)"
	@$(MANAGE) compile_catalogues

run: $(VENV)/.installed-base compiled-messages
	@echo "==> Migrating the database (db.sqlite3 unless DATABASE_URL is set)"
	@$(MANAGE) migrate --noinput -v 0
	@echo "==> Collecting static files"
	@$(MANAGE) collectstatic --noinput -v 0
	@echo "==> Loading the demo content (safe to run again; about half a minute)"
	@$(MANAGE) load_demo --address http://127.0.0.1:$(PORT)
	@echo "==> Starting the development server (Ctrl+C stops it)"
	@$(MANAGE) runserver 127.0.0.1:$(PORT)

# Browser tests (tests/browser) need a Chromium: $CHROMIUM_PATH when set, else Debian's /usr/bin/chromium or PATH.
ifdef CHROMIUM_PATH
CHROMIUM := $(wildcard $(CHROMIUM_PATH))
else
CHROMIUM := $(or $(wildcard /usr/bin/chromium),$(shell command -v chromium 2>/dev/null))
endif

# The suite runs on every core (pytest-xdist; each worker has its own test database, and its own live server
# for browser tests). `make test PYTEST_XDIST=` runs it in one process.
PYTEST_XDIST ?= -n auto

test: $(VENV)/.installed-dev compiled-messages
	@if [ -n "$(CHROMIUM)" ]; then echo "Browser tests: running with $(CHROMIUM) (screenshots in .test-artifacts/browser/)"; \
	elif [ "$$CI" = "true" ]; then echo "Browser tests: no Chromium found and CI=true, failing (apt-get install chromium)"; exit 1; \
	else echo "Browser tests: SKIPPED, no Chromium found (apt-get install chromium, or set CHROMIUM_PATH)"; fi
	$(BIN)/python -m pytest $(PYTEST_XDIST) $(PYTEST_ARGS)

test-browser: $(VENV)/.installed-dev compiled-messages
	$(BIN)/python -m pytest tests/browser $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(MAKE) --no-print-directory layers

# The layer contract in pyproject.toml ([tool.importlinter]); config lives in site/, so site/ and . go on the path.
layers: $(VENV)/.installed-dev
	$(BIN)/lint-imports --no-cache

format: $(VENV)/.installed-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrations: $(VENV)/.installed-dev
	$(MANAGE) makemigrations

APPS := site home notices directory submissions
messages: $(VENV)/.installed-dev
	@for app in $(APPS); do (cd $$app && ../$(BIN)/python ../manage.py makemessages -l zh_Hans -v 0) || exit 1; done

demo: $(VENV)/.installed-base
	@echo "==> Migrating the database"
	@$(MANAGE) migrate --noinput -v 0
	@echo "==> Loading the demo content"
	@$(MANAGE) load_demo

bench: $(VENV)/.installed-dev
	$(BIN)/python -m pytest tests/bench -s -p no:randomly $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) db.sqlite3 media private-media staticfiles .test-artifacts
