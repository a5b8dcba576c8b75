# Kuulluksi — the two everyday commands are `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# `site/` is a folder on the import path, not a package (Python owns the module name `site`).
export PYTHONPATH := $(CURDIR)/site:$(CURDIR)
MANAGE := $(BIN)/python manage.py

.PHONY: run reset test test-backend calendar-sweep lint install messages lock clean

$(VENV)/.runtime-installed: requirements.txt
	@echo "==> Installing the Python packages into $(VENV)/ (the first time takes a few minutes)..."
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

$(VENV)/.dev-installed: $(VENV)/.runtime-installed requirements-dev.txt
	@echo "==> Installing the test tools into $(VENV)/..."
	@$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

install: $(VENV)/.runtime-installed

## Serve the site on the embedded default (SQLite, in-memory channel layer) at http://$(HOST):$(PORT)
run: $(VENV)/.runtime-installed
	@echo "==> Creating or updating the database (var/kuulluksi.sqlite3)..."
	@$(MANAGE) migrate --noinput --verbosity 0
	@echo "==> Loading the demo content (about half a minute the first time)..."
	@$(MANAGE) load_demo
	@echo ""
	@echo "Kuulluksi is at http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/). Stop it with Ctrl+C."
	@echo "E-mails the site sends (sign-up confirmations, invitations) are printed here."
	@$(BIN)/daphne -b $(HOST) -p $(PORT) kuulluksi.asgi:application

## Start over: delete the database, uploads and the embedded secret key in var/ (the venv stays)
reset:
	rm -rf var
	@echo "var/ removed: the next 'make run' creates a new database with the demo content."

## Lint, Django checks and the whole test suite (browser tests included)
test: $(VENV)/.dev-installed
	scripts/ensure-voikko
	scripts/ensure-browser
	scripts/ensure-html-checker
	scripts/ensure-pa11y
	scripts/ensure-speech
	$(MAKE) --no-print-directory lint
	$(BIN)/pytest -n auto $(PYTEST_ARGS)

## The suite without the real-browser tests (quick feedback while coding)
test-backend: $(VENV)/.dev-installed
	scripts/ensure-voikko
	$(BIN)/pytest -n auto -m "not browser and not slow" $(PYTEST_ARGS)

## The demo and the fast suite with the clock at each edge of the calendar (tests/clock_edges.py)
calendar-sweep: $(VENV)/.dev-installed
	scripts/ensure-voikko
	scripts/calendar-sweep

# The service, selector and policy modules whose types mypy checks (django-stubs; see [tool.mypy]).
MYPY_PATHS := moderation/services moderation/sanctions.py moderation/selectors.py moderation/notices.py \
	moderation/privacy.py chat/services chat/selectors.py chat/protocol.py eraati/question_types.py \
	eraati/disclosure.py eraati/services.py eraati/selectors.py forum/services.py forum/selectors.py site/ktalks/services.py \
	site/ktalks/selectors.py site/accounts/permissions.py site/accounts/roles.py site/kuulluksi/dates.py \
	site/kuulluksi/appendonly.py

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy $(MYPY_PATHS)
	$(MANAGE) check --fail-level WARNING
	$(MANAGE) makemigrations --check --dry-run

## Regenerate the translation catalogues (needs GNU gettext). site/locale holds everything under
## site/ but the apps that keep their own catalogue (any folder with a locale/ of its own).
LOCALE_APPS := $(patsubst %/locale,%,$(filter-out site/locale,$(wildcard site/*/locale) $(wildcard */locale)))
messages: $(VENV)/.runtime-installed
	cd site && $(CURDIR)/$(BIN)/python $(CURDIR)/manage.py makemessages -l fi -l sv -l en \
	  --no-obsolete --no-location --ignore "*/tests/*" $(foreach app,$(filter site/%,$(LOCALE_APPS)),--ignore "$(notdir $(app))/*")
	for dir in $(LOCALE_APPS); do \
	  (cd $$dir && $(CURDIR)/$(BIN)/python $(CURDIR)/manage.py makemessages -l fi -l sv -l en \
	    --no-obsolete --no-location --ignore "tests/*") || exit 1; \
	done
	$(MANAGE) compilemessages --ignore ".venv" --ignore "var"

## Re-pin requirements.txt / requirements-dev.txt from the .in files
lock:
	scripts/lock

clean:
	rm -rf $(VENV) var
