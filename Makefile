# Two commands for a new user: `make run` and `make test`. Everything else is for developers.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.requirements-installed
MAKEMESSAGES := $(PY) manage.py makemessages -l zh_Hans --no-obsolete --ignore=tests --ignore=scripts --ignore=bench

.PHONY: run test venv migrate seed lint messages messages-compile bench worker beat clean

$(STAMP): requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $(STAMP)

venv: $(STAMP)

migrate: $(STAMP)
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py seed_demo --if-empty

## The app on the embedded default (SQLite, tasks in-process), with demo data, on 127.0.0.1:$(PORT)
## (`make run PORT=8001` for another port). SITE_URL (the address in e-mail links and in the
## seed's "Open …" line) follows the port unless it is set.
PORT ?= 8000
SITE_URL ?= http://127.0.0.1:$(PORT)
run: migrate
	SITE_URL=$(SITE_URL) $(PY) manage.py seed_demo --if-empty
	@echo "Marketing operations runs at http://127.0.0.1:$(PORT)/ (Ctrl-C stops it)."
	SITE_URL=$(SITE_URL) $(PY) manage.py runserver 127.0.0.1:$(PORT)

## The whole test suite (SQLite and eager tasks unless DATABASE_URL / CELERY_BROKER_URL are set).
test: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

## Extract new strings into every app's catalogue (needs GNU gettext), then translate them.
messages: $(STAMP)
	$(MAKEMESSAGES)
	$(PY) scripts/i18n.py check || true

## Compile the catalogues (pure Python: no gettext needed).
messages-compile: $(STAMP)
	$(PY) scripts/i18n.py compile

## The benchmark: see README "Benchmark".
bench: $(STAMP)
	$(PY) -m bench $(BENCH_ARGS)

worker: $(STAMP)
	$(VENV)/bin/celery -A marketing_ops worker --loglevel=INFO

beat: $(STAMP)
	$(VENV)/bin/celery -A marketing_ops beat --loglevel=INFO

clean:
	rm -rf $(VENV) staticfiles test-artifacts
