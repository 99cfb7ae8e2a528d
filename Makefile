# Two commands on a fresh machine: `make demo` and `make test`. Both install into .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: install demo test lint eval eval-topics bench bench-index bench-export clean es es-stop pywb chromium redis systemd

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/python -m tests.mirror.demo

lint: $(STAMP)
	$(BIN)/ruff check crawlers pipelines settings search tests bench

test: $(STAMP) lint chromium pywb redis systemd
	$(BIN)/python -m pytest -q -n 2 --dist loadfile --durations=25

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

# tests/test_package.py replays a WACZ with pywb. pywb pins old packages (werkzeug 3.1.7, redis
# 2.10.6, pyOpenSSL < 26.2, fakeredis < 1) that would downgrade the project's own, so it gets a venv
# of its own under .cache/ (docs/sharing.md); nothing of the project is installed there.
PYWB_VENV := .cache/pywb-venv
$(PYWB_VENV)/.installed-stamp:
	$(PYTHON) -m venv $(PYWB_VENV)
	$(PYWB_VENV)/bin/pip install --quiet --disable-pip-version-check 'pywb==2.10.0'
	touch $@

pywb: $(PYWB_VENV)/.installed-stamp

# tests/test_frontier.py starts a real Redis (Debian package `redis-server`) on loopback for the
# shared frontier of several crawl processes (docs/scale.md). Installs it as root (CI).
redis:
	@command -v redis-server >/dev/null || \
	if [ "$$(id -u)" = 0 ]; then \
		(apt-get update && apt-get install -y --no-install-recommends redis-server); \
	else \
		echo "make: redis-server is not installed and this is not root: run" \
		     "'sudo apt-get install -y --no-install-recommends redis-server'" \
		     "(tests/test_frontier.py fails without it)" >&2; \
		[ "$${CI:-}" != true ]; \
	fi

# tests/test_scheduling_examples.py checks the systemd unit of docs/scheduling.md with
# `systemd-analyze verify` (Debian package `systemd`; no systemd needs to run). Installs it as root (CI).
systemd:
	@command -v systemd-analyze >/dev/null || \
	if [ "$$(id -u)" = 0 ]; then \
		(apt-get update && apt-get install -y --no-install-recommends systemd); \
	else \
		echo "make: systemd-analyze is not installed and this is not root: run" \
		     "'sudo apt-get install -y --no-install-recommends systemd'" \
		     "(tests/test_scheduling_examples.py fails without it)" >&2; \
		[ "$${CI:-}" != true ]; \
	fi

# Extraction quality on the labelled corpus, ours against plain Trafilatura (docs/evaluation.md).
eval: $(STAMP)
	$(BIN)/python -m crawlers.extraction.evaluate

# Topic-tag precision/recall against hand labels of the same corpus (docs/evaluation.md).
eval-topics: $(STAMP)
	$(BIN)/python -m crawlers.extraction.evaluate_topics --details

bench: $(STAMP)
	$(BIN)/python -m bench.crawl_mirror

# 50,000 generated articles: bulk indexing and search latency, Elasticsearch vs SQLite (a few minutes).
bench-index: $(STAMP)
	$(BIN)/python -m bench.index_bench

# Peak RSS and time of each export format at 100k and 1M records (docs/benchmarks.md).
bench-export: $(STAMP)
	$(BIN)/python -m bench.export_bench

# A real Elasticsearch 8.14 on loopback, for developers and users without Docker.
es: $(STAMP)
	$(BIN)/python -m search.es_runner start

es-stop: $(STAMP)
	$(BIN)/python -m search.es_runner stop

clean:
	rm -rf demo-output .pytest_cache .ruff_cache
