# Everyday commands. `make run` serves the site; `make test` runs the whole suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
# Local commands run in debug mode; production sets DJANGO_SECRET_KEY and DJANGO_DEBUG=false.
DEV := DJANGO_DEBUG=$${DJANGO_DEBUG:-true}

.PHONY: install install-dev db run test lint format migrations-check check-data check bench bench-scale bench-load bench-faults serve

# The site needs only requirements.txt; tests, benchmarks and the linter add requirements-dev.txt.
install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

$(VENV)/.installed: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

# Migrate and (re)load the curated fixtures: the local database is reset to the shipped data.
db: install
	$(DEV) $(BIN)/python manage.py migrate --noinput
	$(DEV) $(BIN)/python manage.py loaddata fixtures/*.json

PORT ?= 8000
run: db
	$(DEV) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: install-dev
	$(BIN)/python -m pytest

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrations-check: install
	$(DEV) $(BIN)/python manage.py makemigrations --check --dry-run

check-data: db
	$(DEV) $(BIN)/python manage.py check_trials

check: lint migrations-check

bench: db install-dev
	$(BIN)/python bench/pages.py

synthetic.sqlite3: install-dev
	DATABASE_URL=sqlite:///synthetic.sqlite3 $(DEV) $(BIN)/python manage.py migrate --noinput
	DATABASE_URL=sqlite:///synthetic.sqlite3 $(DEV) $(BIN)/python bench/seed_synthetic.py 5000

bench-scale: db install-dev synthetic.sqlite3
	$(BIN)/python bench/scale.py

bench-load: db install-dev
	$(BIN)/python bench/load.py

bench-faults: install-dev
	$(BIN)/python bench/faults.py

# Production: set DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS, DATABASE_URL (and REDIS_URL) first.
serve: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput
	$(BIN)/gunicorn radioligand_site.wsgi --bind $${BIND:-127.0.0.1:8000} \
		--workers $${WEB_CONCURRENCY:-$$(( $$(nproc) * 2 + 1 ))} --timeout 30 \
		--max-requests 2000 --max-requests-jitter 200 --access-logfile - --error-logfile -
