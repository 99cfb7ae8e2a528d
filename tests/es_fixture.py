"""`elasticsearch_url`: a real Elasticsearch for the whole test session.

Order of preference: `ELASTICSEARCH_URL` (a server someone started, e.g. with
`python -m search.es_runner start`), else a node started here with `search.es_runner` and stopped
at session end. Under CI (`CI=true`) nothing is ever skipped: a missing tool or a failed start is
a test error, so a broken setup cannot pass as green. Only on a developer machine without
java/javac/mvn (and no ELASTICSEARCH_URL) are the tests skipped, with what to install.
"""

from __future__ import annotations

import json
import os
import time
import urllib.request
from collections.abc import Iterator

import pytest

INSTALL_HINT = (
    "install a JDK 17+ and Maven (Debian: apt-get install openjdk-17-jdk-headless maven), "
    "or start a server and export ELASTICSEARCH_URL=http://127.0.0.1:PORT"
)


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def _wait_reachable(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    last: Exception | None = None
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_cluster/health", timeout=5) as resp:  # noqa: S310
                if json.loads(resp.read())["status"] in ("yellow", "green"):
                    return
        except (OSError, ValueError, KeyError) as err:
            last = err
        time.sleep(1)
    raise RuntimeError(f"ELASTICSEARCH_URL={url} is not a healthy Elasticsearch: {last}")


@pytest.fixture(scope="session")
def elasticsearch_url() -> Iterator[str]:
    """Base URL (http://127.0.0.1:PORT) of a healthy Elasticsearch 8 cluster."""
    url = os.environ.get("ELASTICSEARCH_URL", "").strip().rstrip("/")
    if url:
        _wait_reachable(url)
        yield url
        return
    from search import es_runner

    missing = es_runner.tools_missing()
    if missing:
        message = f"no Elasticsearch for tests: missing {', '.join(missing)}; {INSTALL_HINT}"
        if _in_ci():
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    running = es_runner.start_elasticsearch(nodes=1)  # raises with the log tail on failure
    try:
        yield running.url
    finally:
        running.stop()
