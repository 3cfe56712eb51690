# Two commands do all the set-up on a fresh machine:
#   make run    - installs what is needed, then opens the dashboard (on the bundled sample data if none is given)
#   make test   - installs what is needed, then runs lint and every test
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: setup run etl test lint evaluate bench clean

setup: $(VENV)/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt -r requirements-dev.txt
	touch $@

run: setup
	$(PY) -m streamlit run dashboard.py

etl: setup
	$(PY) -m etl --input data/sample/articles

lint: setup
	$(PY) -m ruff check .

test: lint
	$(PY) -m pytest

clean:
	rm -rf data/processed .pytest_cache .ruff_cache
