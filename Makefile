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
	$(PY) -m streamlit run dashboard.py --server.address localhost

etl: setup
	$(PY) -m etl --input data/sample/articles

lint: setup
	$(PY) -m ruff check .

test: lint
	$(PY) -m pytest

# Extraction scores on the seeds (must be perfect), the sample corpus and the held-out set.
evaluate: setup
	$(PY) -m etl.evaluate --labels ../shared/seeds/expected.jsonl --articles ../shared/seeds/articles
	$(PY) -m etl.evaluate --quiet --labels data/sample/expected.jsonl --articles data/sample/articles
	$(PY) -m etl.evaluate --quiet --labels tests/fixtures/holdout_expected.jsonl --articles tests/fixtures/holdout
	$(PY) -m etl.evaluate --quiet --labels tests/fixtures/holdout_places_expected.jsonl --articles tests/fixtures/holdout_places
	$(PY) -m etl.evaluate --quiet --labels tests/fixtures/holdout_topics_expected.jsonl --articles tests/fixtures/holdout_topics
	$(PY) -m etl.evaluate --quiet --labels tests/fixtures/holdout_multi_expected.jsonl --articles tests/fixtures/holdout_multi
	$(PY) -m etl.evaluate --quiet --labels tests/fixtures/holdout_people_expected.jsonl --articles tests/fixtures/holdout_people

# Speed and memory figures quoted in the README (minutes; not part of make test).
bench: setup
	$(PY) scripts/bench_etl.py --n 100000 --workers 2
	$(PY) scripts/gen_visits.py --n 1000000 --out build/big
	$(PY) scripts/bench_dashboard.py --data build/big --apptest

clean:
	rm -rf data/processed build .pytest_cache .ruff_cache
