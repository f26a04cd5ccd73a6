# Two commands from a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
SAMPLE := ../shared/sample/italy_russia_relations.txt

.PHONY: install test lint bench sample clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

test: install
	$(PY) -m pytest

lint: install
	$(PY) -m ruff check questions tests bench
	$(PY) -m mypy

bench: install
	$(PY) bench/generation.py

sample: install
	$(PY) -m questions generate $(SAMPLE) --format text --max 30

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
