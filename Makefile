# Two entry points, both safe on a fresh machine:
#   make serve   set up, then serve the site on http://127.0.0.1:8000
#   make test    set up (system packages, Python, cluster), then run the whole test suite
#   make handouts ROSTER=file OUT=dir   one PDF per participant
VENV := .venv
BIN := $(VENV)/bin
# The site builder: mkdocs (default) or properdocs (README: "Site builders"); the port of make serve.
BUILDER ?= $(or $(WORKSHOP_SITE_BUILDER),mkdocs)
PORT ?= 8000
export WORKSHOP_SITE_BUILDER := $(BUILDER)

.PHONY: setup serve build test handouts

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $@

# Watched besides docs/ and mkdocs.yml: everything else the build reads (an edited snippet,
# hook, override or the package's rendering rebuilds the page).
WATCHED := snippets hooks overrides workshop
serve: setup
	$(BIN)/python -m $(BUILDER) serve --strict -f mkdocs.yml -a 127.0.0.1:$(PORT) $(addprefix --watch ,$(WATCHED))

build: setup
	$(BIN)/python -m $(BUILDER) build --strict -f mkdocs.yml

test:
	scripts/run-tests

# make handouts ROSTER=examples/roster.txt OUT=handouts-out
ROSTER ?= examples/roster.txt
OUT ?= handouts-out
handouts: setup
	$(BIN)/workshop-handouts $(ROSTER) --out $(OUT)
