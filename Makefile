# Two commands on a fresh machine: `make demo` and `make test`. Both install into .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: install demo test lint eval bench bench-index clean es es-stop

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/python -m tests.mirror.demo

lint: $(STAMP)
	$(BIN)/ruff check crawlers pipelines settings search tests bench

test: $(STAMP) lint chromium
	$(BIN)/python -m pytest -q

# tests/test_render.py renders JavaScript portals in the system Chromium (docs/rendering.md);
# Playwright's own browser download is never used. Installs it as root (CI); otherwise says how.
chromium:
	@command -v chromium >/dev/null || \
	if [ "$$(id -u)" = 0 ]; then \
		(apt-get update && apt-get install -y --no-install-recommends chromium); \
	else \
		echo "make: chromium is not installed and this is not root: run" \
		     "'sudo apt-get install -y --no-install-recommends chromium'" \
		     "(tests/test_render.py skips without it, and fails in CI)" >&2; \
		[ "$${CI:-}" != true ]; \
	fi

# Extraction quality on the labelled corpus, ours against plain Trafilatura (docs/evaluation.md).
eval: $(STAMP)
	$(BIN)/python -m crawlers.extraction.evaluate

bench: $(STAMP)
	$(BIN)/python -m bench.crawl_mirror

# 50,000 generated articles: bulk indexing and search latency, Elasticsearch vs SQLite (a few minutes).
bench-index: $(STAMP)
	$(BIN)/python -m bench.index_bench

# A real Elasticsearch 8.14 on loopback, for developers and users without Docker.
es: $(STAMP)
	$(BIN)/python -m search.es_runner start

es-stop: $(STAMP)
	$(BIN)/python -m search.es_runner stop

clean:
	rm -rf demo-output .pytest_cache .ruff_cache
