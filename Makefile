# Two commands from a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
SAMPLE := quizapp/data/italy_russia_relations.txt

HOST ?= 127.0.0.1
PORT ?= 5000
FLASK := $(PY) -m flask --app quizapp
PG_TEST_URL ?= postgresql://postgres@127.0.0.1:5432/test

.PHONY: install run db test test-sqlite test-postgres lint bench sample clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

AXE := node_modules/axe-core/axe.min.js

install: $(STAMP) $(AXE)

# axe-core (from the npm registry) is injected into pages by the browser tests.
$(AXE): package.json
	@if command -v npm >/dev/null; then npm install --no-audit --no-fund --silent; \
	else echo "npm not found: browser accessibility tests will be skipped"; fi

db: install
	$(FLASK) db upgrade
	$(FLASK) seed-sample

# Serves with waitress, a production WSGI server; background jobs run in this process.
run: db
	@$(PY) -m flask --app quizapp setup-url --base http://$(HOST):$(PORT)
	@echo "quizapp on http://$(HOST):$(PORT)/ (Ctrl-C to stop)"
	$(PY) -m waitress --host=$(HOST) --port=$(PORT) --threads=8 --connection-limit=1000 --call quizapp:create_app

# The whole suite on SQLite, then the web app's suites again on PostgreSQL.
test: test-sqlite test-postgres

test-sqlite: install
	$(PY) -m pytest

test-postgres: install
	QUIZAPP_TEST_DATABASE_URL=$(PG_TEST_URL) $(PY) -m pytest tests/quizapp -q

lint: install
	$(PY) -m ruff check questions quizapp tests bench
	$(PY) -m mypy

bench: install
	$(PY) bench/generation.py

sample: install
	$(PY) -m questions generate $(SAMPLE) --format text --max 30

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
