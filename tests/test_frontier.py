"""Several crawl processes, one frontier: a real Redis on loopback holds the queue and the
duplicate filter (crawlers/frontier.py, docs/scale.md), each worker writes its own archive.

Two portals of the offline mirror, two workers started together: every article is archived by
exactly one of them and no URL is fetched twice; a worker killed with SIGKILL mid-crawl loses
nothing: the other takes back the requests it had in progress and finishes its share.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from warcio.archiveiterator import ArchiveIterator

from search.store import ArchiveStore
from tests.conftest import REPO
from tests.redis_server import redis_server

PORTALS = ("caoloc-langson",)

pytestmark = pytest.mark.slow


@pytest.fixture()
def redis_url(tmp_path):
    with redis_server(tmp_path) as url:
        yield url


@pytest.fixture()
def slow_portal(mirror_server):
    """The mirror answering like a real portal (0.3 s a page) for one test: on loopback a lone
    worker crawls the portal in ~4 s, before a second one has started; at this pace a crawl
    lasts ~12 s, so both workers take part whatever the machine's speed."""
    mirror_server.latency = 0.3
    try:
        yield mirror_server
    finally:
        mirror_server.latency = 0.0


def start_worker(archive: Path, redis_url: str, mirror_server, *extra: str) -> subprocess.Popen:
    log = archive.parent / f"{archive.name}.out"
    return subprocess.Popen(
        [sys.executable, "-m", "crawlers.cli", "crawl", *PORTALS, "--archive", str(archive),
         "--resolve", f"*={mirror_server.url.removeprefix('http://')}", "--env", "test",
         "--quiet", "--frontier", redis_url, *extra],
        cwd=REPO, stdout=log.open("w"), stderr=subprocess.STDOUT, text=True)


def indexed_urls(archive: Path) -> list[str]:
    with ArchiveStore.open(archive, readonly=True) as store:
        return [r["canonical_url"] for r in store.iter_articles()]


def warc_urls(archive: Path) -> set[str]:
    """Target URIs of the response records in an archive's WARC files (a killed worker's last
    file may end in a torn record: what precedes it counts)."""
    urls = set()
    for path in sorted((archive / "warc").glob("*.warc*")):
        with path.open("rb") as fh:
            try:
                for record in ArchiveIterator(fh):
                    if record.rec_type == "response":
                        urls.add(record.rec_headers.get_header("WARC-Target-URI"))
            except Exception:  # noqa: BLE001 - a torn tail after SIGKILL
                pass
    return urls


def articles_of(mirror) -> set[str]:
    return {a.url for a in mirror.articles if a.portal in PORTALS}


def test_two_workers_share_one_frontier_each_article_archived_once_no_url_fetched_twice(
        tmp_path, mirror, slow_portal, redis_url):
    mirror_server = slow_portal
    already = len(mirror_server.requests)
    archives = [tmp_path / "worker-a", tmp_path / "worker-b"]
    workers = [start_worker(a, redis_url, mirror_server) for a in archives]
    codes = [w.wait(timeout=300) for w in workers]
    outputs = [(a.parent / f"{a.name}.out").read_text() for a in archives]
    assert codes == [0, 0], outputs

    per_worker = [indexed_urls(a) for a in archives]
    everything = per_worker[0] + per_worker[1]
    assert len(everything) == len(set(everything))  # archived once, by one of them
    assert set(everything) == articles_of(mirror)
    assert all(per_worker), [len(urls) for urls in per_worker]  # both did a share

    # The mirror's own log: each URL requested once (robots.txt is each worker's own).
    fetched = Counter(url for _m, url, _s in mirror_server.requests[already:]
                      if not url.endswith("/robots.txt"))
    assert [url for url, n in fetched.items() if n > 1] == []


def test_a_killed_worker_loses_nothing_the_other_finishes_its_share(
        tmp_path, mirror, slow_portal, redis_url):
    mirror_server = slow_portal
    already = len(mirror_server.requests)
    killed, survivor = tmp_path / "killed", tmp_path / "survivor"
    first = start_worker(killed, redis_url, mirror_server)
    second = start_worker(survivor, redis_url, mirror_server)
    # Mid-crawl: once the first worker has archived some pages, SIGKILL (no cleanup at all).
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and first.poll() is None:
        if len(warc_urls(killed)) >= 15:
            break
        time.sleep(0.2)
    assert first.poll() is None, "the first worker finished before it could be killed"
    os.kill(first.pid, signal.SIGKILL)
    first.wait()
    assert second.wait(timeout=300) == 0, (survivor.parent / "survivor.out").read_text()

    # Nothing lost: every article is in the survivor's index or was archived by the killed worker
    # (its WARC files are the archive of record; `reextract` rebuilds an index from them).
    survived = set(indexed_urls(survivor))
    assert articles_of(mirror) <= survived | warc_urls(killed)
    assert survived - articles_of(mirror) == set()

    # The survivor took back what the killed worker had in progress, and said so.
    log = "".join(p.read_text() for p in (survivor / "logs").glob("*.log"))
    requeued = sum(int(n) for n in re.findall(r"frontier: (\d+) requests of a stopped worker", log))
    assert requeued > 0
    # Only those can have been fetched twice; nothing was fetched three times.
    fetched = Counter(url for _m, url, _s in mirror_server.requests[already:]
                      if not url.endswith("/robots.txt"))
    twice = sorted(url for url, n in fetched.items() if n > 1)
    assert len(twice) <= requeued, (requeued, twice, log[-4000:])
    assert max(fetched.values()) <= 2
    assert json.loads(next((survivor / "crawls").glob("*.json")).read_text())["status"] == "finished"



def test_the_shared_host_delay_spaces_actual_request_starts_to_one_host_across_two_workers(
        tmp_path, mirror, mirror_server, redis_url):
    """With `--env dev` (DOWNLOAD_DELAY d = 0.5 s, AutoThrottle never below it) two workers on one
    portal: in the mirror's own log, no two requests to the portal's host (robots.txt included:
    it goes through the same downloader) arrive closer than 0.8·d, though each worker on its own
    keeps only its own spacing. The 0.2·d allowance is for the time between the claim in Redis
    and the request reaching the server (connection set-up, a busy reactor); requests from the
    two workers 20 ms apart, as before the fix, fail it."""
    delay = 0.5
    (host,) = {p.host for p in mirror.portals if p.id in PORTALS}
    already = len(mirror_server.requests)
    archives = [tmp_path / "worker-a", tmp_path / "worker-b"]
    workers = [start_worker(a, redis_url, mirror_server, "--env", "dev", "--max-pages", "5")
               for a in archives]
    codes = [w.wait(timeout=120) for w in workers]
    assert codes == [0, 0], [(a.parent / f"{a.name}.out").read_text() for a in archives]
    assert all(warc_urls(a) for a in archives)  # both workers fetched pages of the host

    served = zip(mirror_server.requests[already:], mirror_server.arrivals[already:], strict=True)
    starts = sorted((t, url) for (_m, url, _s), t in served if urlsplit(url).hostname == host)
    assert len(starts) >= 20
    # The two workers were fetching from the host at the same time (else nothing is tested).
    times = [[t for t, url in starts if url in warc_urls(a)] for a in archives]
    assert max(min(ts) for ts in times) < min(max(ts) for ts in times)
    gaps = [(b[0] - a[0], a[1], b[1]) for a, b in zip(starts, starts[1:], strict=False)]
    assert min(g for g, _a, _b in gaps) >= 0.8 * delay, sorted(gaps)[:5]
