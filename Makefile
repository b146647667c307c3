# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
VENV   ?= .venv
PY     := $(VENV)/bin/python
PIP    := $(VENV)/bin/pip
HOST   ?= 127.0.0.1
PORT   ?= 8000
APPS   := kepu_portal societies activities funding bases

.PHONY: run test install install-test assets migrate lint messages check-messages deploy-check up clean

$(VENV)/bin/python:
	python3 -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(VENV)/bin/python
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-test: requirements.txt requirements-test.txt | $(VENV)/bin/python
	$(PIP) install --quiet -r requirements-test.txt
	touch $@ $(VENV)/.installed

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed node_modules/.installed
install-test: $(VENV)/.installed-test node_modules/.installed
assets: node_modules/.installed

## run: development server on SQLite with demo data, tasks in-process, email on the console
# SITE_URL follows HOST and PORT, so that the address printed (and put in emails) is the one served.
run: export SITE_URL ?= http://$(HOST):$(PORT)
run: install
	DEBUG=1 $(PY) manage.py migrate --no-input
	DEBUG=1 $(PY) manage.py seed_demo
	DEBUG=1 $(PY) manage.py seed_demo_activities
	DEBUG=1 $(PY) manage.py seed_demo_funds
	DEBUG=1 $(PY) manage.py seed_demo_bases
	DEBUG=1 $(PY) manage.py seed_demo_deadlines
	@echo "Serving the portal at http://$(HOST):$(PORT)/ (Ctrl+C stops it)"
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

## test: the whole suite (PostgreSQL when DATABASE_URL points there, SQLite otherwise)
test: install-test
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: install-test
	$(VENV)/bin/ruff check .

## messages: refresh the zh-hans catalogues after changing user-facing strings, then translate
messages: install
	PY=$(PY) scripts/messages

## check-messages: fail when a catalogue is out of date, untranslated, or its .mo is stale
check-messages: install
	PY=$(PY) scripts/check-messages

## up: web (gunicorn), Celery worker and beat with honcho against PostgreSQL and Redis (README, "Running it")
UP_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/kepu_portal
UP_BROKER_URL   ?= redis://127.0.0.1:6379/0
UP_REDIS_URL    ?= redis://127.0.0.1:6379/1
up: install-test assets
	@export PATH="$(CURDIR)/$(VENV)/bin:$$PATH" DEBUG=$${DEBUG:-1} \
	  DATABASE_URL=$${DATABASE_URL:-$(UP_DATABASE_URL)} CELERY_BROKER_URL=$${CELERY_BROKER_URL:-$(UP_BROKER_URL)} \
	  REDIS_URL=$${REDIS_URL:-$(UP_REDIS_URL)}; \
	case "$$DATABASE_URL" in postgres*) \
	  psql "$${DATABASE_URL%/*}/postgres" -qtc "SELECT 1 FROM pg_database WHERE datname = '$${DATABASE_URL##*/}'" | grep -q 1 \
	  || psql "$${DATABASE_URL%/*}/postgres" -qc "CREATE DATABASE \"$${DATABASE_URL##*/}\"";; \
	  *) echo "make up needs PostgreSQL: DATABASE_URL=postgres://..."; exit 1;; esac; \
	redis-cli -u "$$CELERY_BROKER_URL" ping >/dev/null || { echo "Redis does not answer at $$CELERY_BROKER_URL"; exit 1; }; \
	python manage.py migrate --no-input && python manage.py setup_schedules && honcho start -p $(PORT)

deploy-check: install
	DEBUG=0 SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))') \
	  ALLOWED_HOSTS=kepu.example.org $(PY) manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) node_modules staticfiles
