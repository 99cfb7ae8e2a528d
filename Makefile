# Two commands on a fresh machine: `make demo` and `make test`. Both install into .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: install demo test lint bench clean es es-stop

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/python -m tests.mirror.demo

lint: $(STAMP)
	$(BIN)/ruff check crawlers pipelines settings search tests bench

test: $(STAMP) lint
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python -m bench.crawl_mirror

# A real Elasticsearch 8.14 on loopback, for developers and users without Docker.
es: $(STAMP)
	$(BIN)/python -m search.es_runner start

es-stop: $(STAMP)
	$(BIN)/python -m search.es_runner stop

clean:
	rm -rf demo-output .pytest_cache .ruff_cache
