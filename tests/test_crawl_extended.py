"""End to end on the harder mirror portals: post-back pagers, self-signed TLS, attachments,
broken charsets. Each is crawled from its start URL, as an archivist would add an unknown portal.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator

import pytest

from search.store import ArchiveStore
from tests.conftest import run_cli


@pytest.fixture(scope="module")
def extended():
    from tests.mirror import build_mirror

    return build_mirror(extended=True)


@pytest.fixture(scope="module")
def extended_server(extended) -> Iterator:
    from tests.mirror import MirrorServer

    with MirrorServer(extended, host="127.0.0.1", port=0) as server:
        yield server


def crawl(server, url: str, archive, *extra: str):
    already = len(server.requests)
    result = run_cli("crawl", url, "--archive", str(archive), "--resolve",
                     f"*={server.url.removeprefix('http://')}", "--env", "test", "--quiet", *extra)
    return result, list(server.requests)[already:]


def archived_urls(archive) -> set[str]:
    with ArchiveStore.open(archive, readonly=True) as store:
        return {r["canonical_url"] for r in store.iter_articles()}


def truth(mirror, portal: str) -> set[str]:
    return {a.url for a in mirror.articles if a.portal == portal}


def test_postback_pager_reaches_every_article(extended, extended_server, tmp_path):
    archive = tmp_path / "archive"
    result, requests = crawl(extended_server, "http://cailay.tiengiang.gov.vn/", archive)
    assert result.returncode == 0, result.stderr
    assert archived_urls(archive) == truth(extended, "cailay-tiengiang")
    kinds = Counter((method, extended.classify(url)) for method, url, _status in requests)
    # Page 1 of each listing by GET, pages 2..n only by posting the form back, each once.
    assert kinds[("POST", "listing")] == 3
    assert kinds[("GET", "article")] == len(truth(extended, "cailay-tiengiang"))
    report = json.loads(next((archive / "crawls").glob("*.json")).read_text("utf-8"))
    channels = report["discovery"]["portals"]["cailay.tiengiang.gov.vn"]["channels"]
    assert channels["postback"]["articles_found"] == 22 - 10 + 10  # listed on pages 2+ only
    assert channels["links"]["articles_found"] == 18


def test_self_signed_portal_needs_an_explicit_choice(extended, extended_server, tmp_path):
    url = "https://tanphu.dongnai.gov.vn/"
    refused, _ = crawl(extended_server, url, tmp_path / "a")
    assert refused.returncode == 4
    assert "certificate verify failed" in refused.stderr.lower()
    allowed, requests = crawl(extended_server, url, tmp_path / "b", "--tls-insecure")
    assert allowed.returncode == 0, allowed.stderr
    # Every article page came through the tunnel with its self-signed certificate accepted.
    fetched = {u for _m, u, status in requests if status == 200}
    assert truth(extended, "tanphu-dongnai") <= fetched


def test_attached_documents_are_archived_read_and_linked(extended, extended_server, tmp_path):
    archive = tmp_path / "archive"
    result, requests = crawl(extended_server, "http://hoanghoa.thanhhoa.gov.vn/", archive)
    assert result.returncode == 0, result.stderr
    expected = {att.url: (a.url, att) for a in extended.articles
                if a.portal == "hoanghoa-thanhhoa" for att in a.attachments}
    assert len(expected) == 26
    fetched = [u for _m, u, status in requests if u in expected and status == 200]
    assert sorted(fetched) == sorted(expected)          # each document fetched once
    from crawlers.records import article_id

    with ArchiveStore.open(archive, readonly=True) as store:
        assert store.count_attachments() == 26
        by_article = store.attachments_of(article_id(parent) for parent, _ in expected.values())
        for url, (parent, attachment) in expected.items():
            (summary,) = [s for s in by_article[article_id(parent)] if s["url"] == url]
            assert summary["filename"] == attachment.filename
            assert summary["text_status"] == "ok"
            assert summary["warc_record_id"]
            text = store.attachment_text(article_id(url))
            assert attachment.text_snippet in text
