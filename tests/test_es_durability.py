"""Crawling into Elasticsearch loses nothing: every article the SQLite index received is
acknowledged by the cluster or spooled, and a crawl where that does not add up exits 1 naming
the gap. Against a REAL Elasticsearch (tests/es_fixture.py) and the extended mirror's Hoằng Hóa
portal, whose articles link PDF, DOCX and XLSX documents (attachment items in the pipelines).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from scrapy.utils.test import get_crawler

from pipelines.elastic import STATS, ElasticsearchPipeline
from search.elastic import ElasticIndex
from search.spool import read_spool, spool_files
from search.store import ArchiveStore
from tests.conftest import REPO
from tests.sample_articles import RECORDS

HOANG_HOA = "http://hoanghoa.thanhhoa.gov.vn/"
HOANG_HOA_ARTICLES = 24


@pytest.fixture(scope="module")
def extended_server() -> Iterator:
    from tests.mirror import MirrorServer, build_mirror

    with MirrorServer(build_mirror(extended=True), host="127.0.0.1", port=0) as server:
        yield server


@pytest.fixture()
def alias(elasticsearch_url: str) -> Iterator[str]:
    name = f"durability-{uuid.uuid4().hex[:10]}"
    yield name
    with ElasticIndex.connect(elasticsearch_url, alias=name) as index:
        index.drop()


def crawl_into_elasticsearch(server, archive: Path, url: str, alias: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, ELASTICSEARCH_URL=url, ELASTICSEARCH_ALIAS=alias)
    env.pop("PORTAL_ARCHIVE_INDEX", None)
    return subprocess.run(
        [sys.executable, "-m", "crawlers.cli", "crawl", HOANG_HOA, "--archive", str(archive),
         "--resolve", f"*={server.url.removeprefix('http://')}", "--env", "test", "--quiet",
         "--index", "elasticsearch"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=300)


def report_of(archive: Path) -> dict:
    [path] = (archive / "crawls").glob("*.json")
    return json.loads(path.read_text(encoding="utf-8"))


def test_a_crawl_with_attachments_sends_every_article(extended_server, elasticsearch_url: str,
                                                     alias: str, tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    result = crawl_into_elasticsearch(extended_server, archive, elasticsearch_url, alias)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert f"elasticsearch: {HOANG_HOA_ARTICLES} articles sent to {elasticsearch_url}, 0 spooled\n" \
        in result.stdout
    with ArchiveStore.open(archive, readonly=True) as store:
        ids = {r["id"] for r in store.iter_articles()}
        assert store.count_attachments() > 0  # the documents were crawled: items reached the pipelines
    assert len(ids) == HOANG_HOA_ARTICLES
    with ElasticIndex.connect(elasticsearch_url, alias=alias) as index:
        assert {r["id"] for r in index.iter_articles()} == ids  # articles only, every one
    assert spool_files(archive) == []
    es = report_of(archive)["elasticsearch"]
    assert (es["articles"], es["sent"], es["spooled"], es["rejected"], es["missing"]) == \
        (HOANG_HOA_ARTICLES, HOANG_HOA_ARTICLES, 0, 0, 0)


def test_a_batch_that_cannot_be_prepared_is_spooled_whole_and_counted(
        elasticsearch_url: str, alias: str, tmp_path: Path) -> None:
    crawler = get_crawler(settings_dict={
        "INDEX_BACKEND": "elasticsearch", "ELASTICSEARCH_HOSTS": [elasticsearch_url],
        "ELASTICSEARCH_ALIAS": alias, "ARCHIVE_DIR": str(tmp_path)})
    pipeline = ElasticsearchPipeline.from_crawler(crawler)
    pipeline.open_spider()
    untitled = dict(RECORDS[1], title="")  # refused when the batch is prepared (no title)
    pipeline.send_batch([RECORDS[0], untitled, RECORDS[2]])
    pipeline.send_batch(RECORDS[3:6])  # the next batch is tried as usual: not a cluster outage
    pipeline.finish([])

    stats = crawler.stats
    assert [stats.get_value(f"{STATS}/{key}") for key in
            ("sent", "spooled", "rejected", "batches_failed", "unsaved")] == [3, 3, 0, 1, 0]
    [spool] = spool_files(tmp_path)
    assert stats.get_value(f"{STATS}/spool_file") == str(spool)
    entries, unreadable = read_spool(spool)
    assert unreadable == 0
    assert [e["doc"]["id"] for e in entries] == [r["id"] for r in RECORDS[:3]]
    assert {e["reason"] for e in entries} == \
        {f"error: ValueError: article record without 'title': {RECORDS[1]['id']!r}"}
    with ElasticIndex.connect(elasticsearch_url, alias=alias) as index:
        assert {r["id"] for r in index.iter_articles()} == {r["id"] for r in RECORDS[3:6]}


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_articles_neither_sent_nor_spooled_make_the_crawl_exit_1_naming_the_gap(
        extended_server, tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "spool").write_text("a file where the spool directory should be\n")
    url = f"http://127.0.0.1:{closed_port()}"  # nothing listens: every batch must be spooled
    result = crawl_into_elasticsearch(extended_server, archive, url, "unreachable")
    assert result.returncode == 1
    [line] = result.stderr.splitlines()
    assert line.startswith(
        f"portal-archive: error: elasticsearch: {HOANG_HOA_ARTICLES} of {HOANG_HOA_ARTICLES} "
        f"articles indexed in SQLite were neither sent to {url} nor spooled (cannot write "
        f"{archive / 'spool'}/elasticsearch-")
    assert line.endswith(f"they are safe in the archive: run `portal-archive reindex --archive "
                         f"{archive}` to send them")
    with ArchiveStore.open(archive, readonly=True) as store:
        assert store.count_articles() == HOANG_HOA_ARTICLES
    es = report_of(archive)["elasticsearch"]
    assert (es["articles"], es["sent"], es["spooled"], es["missing"]) == \
        (HOANG_HOA_ARTICLES, 0, 0, HOANG_HOA_ARTICLES)
