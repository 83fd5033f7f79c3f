# Two commands matter: `make run` (a universe with demo data) and `make test` (the test suite).
# Development installs come from the committed lock, requirements/dev.lock; `make lock` rewrites it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
LOCK := requirements/dev.lock
UV_VERSION := 0.13.8
UV := $(BIN)/uv

.PHONY: run test fuzz lint coverage bench lock clean

$(UV):
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q "uv==$(UV_VERSION)"

$(STAMP): pyproject.toml $(LOCK) | $(UV)
	$(UV) pip sync -q --python $(BIN)/python $(LOCK)
	$(UV) pip install -q --python $(BIN)/python --no-deps -e .
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/darkfactory universe up --memory --seed 1 --open --life 20

# Three workers on two cores: the suite's tests are independent, each worker serves its own
# universe, and much of a test's time is spent waiting (on servers, browsers and subprocesses),
# which a third worker fills; idle workers steal queued tests, so the slow ones, started first,
# do not leave a core idle at the end.
# Compiled modules go to one cache outside the source trees, even where PYTHONDONTWRITEBYTECODE
# is set: the workers and every interpreter a test starts read it rather than each compiling
# all it imports again.
PYCACHE := $(CURDIR)/.pytest_cache/pycache

test: $(STAMP)
	PYTHONDONTWRITEBYTECODE= PYTHONPYCACHEPREFIX=$(PYCACHE) $(BIN)/python -m pytest -n 3 --dist worksteal

fuzz: $(STAMP)
	FUZZ_SECONDS=600 $(BIN)/python -m pytest tests/fuzz -p no:xdist

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks examples
	$(BIN)/ruff format --check src tests benchmarks examples

coverage: $(STAMP)
	$(BIN)/python -m darkfactory.twins.coverage

bench: $(STAMP)
	for script in benchmarks/*.py; do $(BIN)/python $$script || exit 1; done

lock: | $(UV)
	$(UV) pip compile -q --upgrade --universal --python-version 3.11 --extra dev \
		--override requirements/overrides.txt \
		pyproject.toml -o $(LOCK)

clean:
	rm -rf $(VENV) .pytest_cache
