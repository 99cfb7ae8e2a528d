"""Killed and interrupted crawls: nothing already archived is lost, and the work resumes.

The crawls run as real processes against the mirror; signals are sent once the crawl log shows
that some articles were already fetched.
"""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from search.store import ArchiveStore
from tests.conftest import REPO, run_cli


def start_crawl(archive: Path, mirror, server) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "crawlers.cli", "crawl", *[p.id for p in mirror.portals],
         "--archive", str(archive), "--resolve", f"*={server.url.removeprefix('http://')}",
         "--env", "test", "--quiet"],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for_fetches(archive: Path, at_least: int, timeout: float = 60) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            # closing(): a connection left open would keep a stale WAL index mapped in this
            # process after the crawler deletes it.
            with closing(sqlite3.connect(f"file:{archive / 'index.sqlite3'}?mode=ro",
                                         uri=True)) as conn:
                count = conn.execute("SELECT count(*) FROM fetches").fetchone()[0]
            if count >= at_least:
                return count
        except sqlite3.Error:
            pass
        time.sleep(0.1)
    raise AssertionError(f"crawl did not reach {at_least} fetches in {timeout} s")


def warc_responses(path: Path) -> list[str]:
    """Target URIs of the complete response records in a WARC file (stops at a torn tail)."""
    uris = []
    with path.open("rb") as fh:
        try:
            for record in ArchiveIterator(fh):
                if record.rec_type == "response":
                    record.content_stream().read()
                    uris.append(record.rec_headers.get_header("WARC-Target-URI"))
        except Exception:  # noqa: BLE001 - a killed writer may leave one torn record at the end
            pass
    return uris


def test_sigterm_stops_cleanly_and_the_same_command_resumes(tmp_path, mirror, mirror_server):
    archive = tmp_path / "archive"
    already = len(mirror_server.requests)
    proc = start_crawl(archive, mirror, mirror_server)
    wait_for_fetches(archive, 120)
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "crawl 1 interrupted" in out
    assert "run the same command again to resume" in err
    assert list((archive / "warc").glob("*.open")) == []
    with ArchiveStore.open(archive, readonly=True) as store:
        first = store.count_articles()
        assert 0 < first < len(mirror.articles)
        assert [c["status"] for c in store.crawls()] == ["interrupted"]

    proc = start_crawl(archive, mirror, mirror_server)
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    assert "resuming the interrupted crawl" in err
    assert f"{len(mirror.articles) - first} new" in out
    with ArchiveStore.open(archive, readonly=True) as store:
        assert store.count_articles() == len(mirror.articles)
        assert [c["status"] for c in store.crawls()] == ["interrupted", "finished"]
    # The resumed run reached only what the first left in the queue: no portal is judged whole
    # by it, so none of the first run's articles is taken for vanished.
    resumed = json.loads((archive / "crawls" / "000002.json").read_text("utf-8"))
    assert resumed["counts"]["articles_vanished"] == 0
    assert {v["why_not"] for v in resumed["vanished"].values()} == {
        "the crawl resumed a job that an earlier run began"}
    # Across both runs every article page was requested once: the queue was resumed, not redone.
    fetched = [url for _m, url, _s in list(mirror_server.requests)[already:]
               if mirror.classify(url) == "article"]
    assert sorted(fetched) == sorted(a.url for a in mirror.articles)
    assert not (archive / "jobs").exists() or list((archive / "jobs").iterdir()) == []


@pytest.mark.slow
@pytest.mark.parametrize("moment", [15, 150, 280], ids=["early", "middle", "late"])
def test_after_sigkill_the_same_command_completes_the_archive(tmp_path, mirror, mirror_server,
                                                              moment):
    """Issue 9, item 2: killed outright, then the same command again (no --restart)."""
    archive = tmp_path / "archive"
    proc = start_crawl(archive, mirror, mirror_server)
    wait_for_fetches(archive, moment)
    proc.kill()
    proc.wait(timeout=30)

    (leftover,) = (archive / "warc").glob("*.warc.gz.open")
    leftover_bytes = leftover.read_bytes()
    archived_before = warc_responses(leftover)
    assert archived_before
    with ArchiveStore.open(archive, readonly=True) as store:
        assert store.integrity_check() == "ok"
        indexed_before = {r["canonical_url"]: r["content_sha256"] for r in store.iter_articles()}

    proc = start_crawl(archive, mirror, mirror_server)
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    assert f"crawl: closed {leftover.name} left open by a crawl that was killed" in err
    assert "was killed before it could save its queue" in err
    assert "could not reach" not in err

    # The dead crawl's file is closed as its writer would have: renamed, whole records kept.
    closed = leftover.with_name(leftover.name.removesuffix(".open"))
    assert not leftover.exists() and leftover_bytes.startswith(closed.read_bytes())
    assert warc_responses(closed) == archived_before[:len(warc_responses(closed))]
    assert len(warc_responses(closed)) >= len(archived_before) - 1
    assert list((archive / "warc").glob("*.open")) == []
    with ArchiveStore.open(archive, readonly=True) as store:
        records = list(store.iter_articles())
        assert len(records) == len({r["canonical_url"] for r in records}) == len(mirror.articles)
        assert all(r["content_sha256"] == indexed_before[r["canonical_url"]]
                   for r in records if r["canonical_url"] in indexed_before)
        assert [c["status"] for c in store.crawls()] == ["killed", "finished"]
        named = {file for _t, _k, file, _r in store.warc_references()}
    assert named <= {p.name for p in (archive / "warc").iterdir()}
    assert f"{len(mirror.articles) - len(indexed_before)} new" in out
    # Nothing in the archive is left inconsistent: verify finds no problem at all.
    verified = run_cli("verify", "--archive", str(archive))
    assert verified.returncode == 0, verified.stderr
    assert not (archive / "jobs").exists() or list((archive / "jobs").iterdir()) == []
