# Everyday commands. `make run` serves the site; `make test` runs the whole suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
# Local commands run in debug mode; production sets DJANGO_SECRET_KEY and DJANGO_DEBUG=false.
DEV := DJANGO_DEBUG=$${DJANGO_DEBUG:-true}

.PHONY: install db run test lint format migrations-check check-data check bench

install: $(VENV)/.installed

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

# Migrate and (re)load the curated fixtures: the local database is reset to the shipped data.
db: install
	$(DEV) $(BIN)/python manage.py migrate --noinput
	$(DEV) $(BIN)/python manage.py loaddata fixtures/*.json

run: db
	$(DEV) $(BIN)/python manage.py runserver 127.0.0.1:8000

test: install
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrations-check: install
	$(DEV) $(BIN)/python manage.py makemigrations --check --dry-run

check-data: db
	$(DEV) $(BIN)/python manage.py check_trials

check: lint migrations-check

bench: db
	$(BIN)/python bench/pages.py
