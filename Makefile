# Two entry points, both safe on a fresh machine:
#   make serve   set up, then serve the site on http://127.0.0.1:8000
#   make test    set up (system packages, Python, cluster), then run the whole test suite
#   make handouts ROSTER=file OUT=dir   one PDF per participant
VENV := .venv
BIN := $(VENV)/bin

.PHONY: setup serve build test handouts

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $@

serve: setup
	$(BIN)/mkdocs serve --strict -a 127.0.0.1:8000

build: setup
	$(BIN)/mkdocs build --strict

test:
	scripts/run-tests

# make handouts ROSTER=examples/roster.txt OUT=handouts-out
ROSTER ?= examples/roster.txt
OUT ?= handouts-out
handouts: setup
	$(BIN)/workshop-handouts $(ROSTER) --out $(OUT)
