# statement-qa: `make run` starts the web chat, `make test` runs the suite.
PYTHON ?= python3
HOST ?= 127.0.0.1
PORT ?= 7860
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test index eval bench setup clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	# the CPU build of torch first, so nothing pulls a CUDA build
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

index: $(STAMP)
	HF_HUB_OFFLINE=1 $(BIN)/statement-qa index

run: index
	HF_HUB_OFFLINE=1 $(BIN)/statement-qa serve --host $(HOST) --port $(PORT)

test: $(STAMP)
	HF_HUB_OFFLINE=1 $(BIN)/python -m pytest

eval: index
	HF_HUB_OFFLINE=1 $(BIN)/statement-qa eval

bench: index
	HF_HUB_OFFLINE=1 $(BIN)/statement-qa bench

clean:
	rm -rf $(VENV) build *.egg-info
