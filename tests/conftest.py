"""Shared fixtures: the offline mirror served on loopback, and the CLI run as users run it."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

# A real Elasticsearch for the tests that need one (started unless ELASTICSEARCH_URL is set).
pytest_plugins = ["tests.es_fixture"]

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def run_cli(*args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    """Run `portal-archive ARGS` in a fresh process, as a user would."""
    return subprocess.run([sys.executable, "-m", "crawlers.cli", *args], cwd=REPO,
                          capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="session")
def mirror():
    from tests.mirror import build_mirror

    return build_mirror()


@pytest.fixture(scope="session")
def mirror_server(mirror) -> Iterator:
    from tests.mirror import MirrorServer

    with MirrorServer(mirror, host="127.0.0.1", port=0) as server:
        yield server


@pytest.fixture(scope="session")
def mirror_crawl(mirror, mirror_server, tmp_path_factory):
    """One full crawl of every mirror portal into a fresh archive; shared by the e2e tests."""
    archive = tmp_path_factory.mktemp("e2e") / "archive"
    already = len(mirror_server.requests)
    result = run_cli("crawl", *[p.id for p in mirror.portals], "--archive", str(archive),
                     "--resolve", f"*={mirror_server.url.removeprefix('http://')}",
                     "--env", "test", "--quiet")
    requests = list(mirror_server.requests)[already:]
    return archive, result, requests


REDIRECTING_HOST = "huyencu.langson.gov.vn"
"""A district portal folded into its province's: its home page redirects to another host."""
PROVINCE_URL = "https://langson.gov.vn/huyen-cu"


@pytest.fixture(scope="session")
def scheduled_archive(mirror_server, tmp_path_factory):
    """One `scheduler --once --quiet` over two jobs, as cron would run it: a district portal
    that cannot be reached (its home page redirects to its province's host), due first, and a
    mirror portal (tests/test_schedule.py, tests/test_reports.py). Returns (archive, the
    scheduler's CompletedProcess)."""
    from tests.loopback_site import Page, Site, serve

    archive = tmp_path_factory.mktemp("scheduled") / "archive"
    resolve = f"*={mirror_server.url.removeprefix('http://')}"
    folded = Site(REDIRECTING_HOST, {
        f"http://{REDIRECTING_HOST}/robots.txt": Page(b"User-agent: *\n", {"Content-Type": "text/plain"}),
        f"http://{REDIRECTING_HOST}/": Page(b"", {"Location": PROVINCE_URL}, 301),
    })
    with serve(folded):
        for args in ([f"http://{REDIRECTING_HOST}/", "--every", "1d", "--resolve", folded.resolve],
                     ["caoloc-langson", "--cron", "0 2 * * *", "--resolve", resolve]):
            added = run_cli("schedule", "add", *args, "--env", "test", "--archive", str(archive),
                            "--now", "2026-01-01T00:00:00Z")
            assert added.returncode == 0, added.stderr
        result = run_cli("scheduler", "--once", "--quiet", "--archive", str(archive),
                         "--now", "2026-01-01T03:00:00Z")
    return archive, result
