# Keel: `make run` serves Keel with the demo council; `make test` runs the whole suite.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
KEEL   := $(VENV)/bin/keel
STAMP  := $(VENV)/.installed-stamp
PYTEST_ARGS ?=

.PHONY: install run test bench migrate demo clean

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

install: $(STAMP)

run: install
	$(KEEL) serve --demo-if-empty

test: install
	$(PY) -m pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

bench: install
	$(PY) -m bench.optimizer --quick
	$(PY) -m bench.gap --quick

migrate: install
	$(KEEL) migrate

demo: install
	$(KEEL) demo

clean:
	rm -rf $(VENV) var build *.egg-info .pytest_cache
