# Two commands on a fresh machine with Python 3.11:  make run   then   make test
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test setup lock clean-warehouse

# Creates the virtual environment when missing and installs the exact pins.
$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), f"Python 3.11 is needed, found {sys.version.split()[0]}: set PYTHON=/path/to/python3.11"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

setup: $(STAMP)

run: $(STAMP)
	$(BIN)/newsfacts run seeds --warehouse warehouse

test: $(STAMP)
	$(BIN)/python -m pytest

# Re-resolves the lock from the direct pins in pyproject.toml, in a throwaway venv.
lock:
	rm -rf /tmp/newsfacts-lock && $(PYTHON) -m venv /tmp/newsfacts-lock
	/tmp/newsfacts-lock/bin/pip install --quiet ".[test]"
	( echo "# Exact pins of every installed package (pip freeze of a clean Python 3.11 venv)."; \
	  echo "# Regenerate with: make lock"; \
	  /tmp/newsfacts-lock/bin/pip freeze --exclude newsfacts ) > requirements.lock

clean-warehouse:
	find warehouse -mindepth 1 ! -name README.md -exec rm -rf {} +
