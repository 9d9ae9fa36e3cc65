# Keel: `make run` serves Keel with the demo council; `make test` runs the whole suite.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
KEEL   := $(VENV)/bin/keel
STAMP  := $(VENV)/.installed-stamp
PYTEST_ARGS ?=

FRONT_STAMP := frontend/node_modules/.installed-stamp

.PHONY: install frontend run test bench migrate demo clean

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

# The Monte Carlo's hot modules compiled with mypyc (docs/decisions/0010-compiled-monte-carlo.md). make
# asks when an optimizer file is newer; the command rebuilds only when a source it compiled from changed.
COMPILED := optimizer/resilience/compiled/built/manifest.json
$(COMPILED): $(STAMP) $(shell find optimizer -name '*.py')
	@if command -v gcc >/dev/null 2>&1; then $(PY) -m optimizer.resilience.compiled build; else \
	  echo "No C compiler (gcc): the forecast's Monte Carlo runs in pure Python, with the same figures and about"; \
	  echo "2.5 times the CPU. Install gcc and python3-dev, then run make again, to compile it (make test needs it)."; fi

install: $(STAMP) $(COMPILED)

$(FRONT_STAMP): frontend/package.json frontend/package-lock.json
	npm --prefix frontend ci --no-audit --no-fund --loglevel=error
	@touch $(FRONT_STAMP)

frontend: $(FRONT_STAMP)
	npm --prefix frontend run build --silent

run: install frontend
	$(KEEL) serve --demo-if-empty

# The same checks as .pre-commit-config.yaml. mypy: strict for optimizer/ (the placement stages' three
# modules still excepted in pyproject.toml), normal for backend/ with no exceptions.
test: install $(FRONT_STAMP)
	$(VENV)/bin/ruff check backend optimizer tests bench
	$(VENV)/bin/ruff format --check backend optimizer tests bench
	npm --prefix frontend run format:check --silent
	$(VENV)/bin/lint-imports --no-cache
	$(VENV)/bin/mypy
	npm --prefix frontend run lint --silent
	npm --prefix frontend run typecheck --silent
	npm --prefix frontend test --silent
	$(PY) -m pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

bench: install
	$(PY) -m pip install --quiet -e '.[test,bench]'
	$(PY) -m bench.optimizer --quick
	KEEL_WALL_FACTOR=5 $(PY) -m bench.skewed --quick
	$(PY) -m bench.daily --quick
	$(PY) -m bench.gap --quick
	$(PY) -m bench.resilience --quick
	$(PY) -m bench.monte_carlo --scenarios 200
	$(PY) -m bench.imports --quick
	$(PY) -m bench.reads
	$(PY) -m bench.load --quick
	$(PY) -m bench.heatmap_after_change

migrate: install
	$(KEEL) migrate

demo: install
	$(KEEL) demo

clean:
	rm -rf $(VENV) var build *.egg-info optimizer/resilience/compiled/built .pytest_cache frontend/node_modules backend/static
