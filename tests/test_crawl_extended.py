"""End to end on all ten mirror portals in one crawl, the five harder ones added by start URL as an
archivist adds an unknown portal: post-back pagers, a JavaScript-only listing, broken charsets,
attached documents and a self-signed certificate. Exact numbers against the mirror's ground truth.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator

import pytest
from warcio.archiveiterator import ArchiveIterator

from crawlers.records import article_id
from search.store import ArchiveStore
from tests.conftest import run_cli

EXTENDED = ("cailay-tiengiang", "bacquang-hagiang", "dienban-quangnam", "hoanghoa-thanhhoa",
            "tanphu-dongnai")


@pytest.fixture(scope="module")
def extended():
    from tests.mirror import build_mirror

    return build_mirror(extended=True)


@pytest.fixture(scope="module")
def extended_server(extended) -> Iterator:
    from tests.mirror import MirrorServer

    with MirrorServer(extended, host="127.0.0.1", port=0) as server:
        yield server


def crawl(server, targets: list[str], archive, *extra: str):
    already = len(server.requests)
    result = run_cli("crawl", *targets, "--archive", str(archive), "--resolve",
                     f"*={server.url.removeprefix('http://')}", "--env", "test", "--quiet", *extra)
    return result, list(server.requests)[already:]


@pytest.fixture(scope="module")
def full_crawl(extended, extended_server, tmp_path_factory):
    archive = tmp_path_factory.mktemp("extended") / "archive"
    portals = {p.id: p for p in extended.portals}
    targets = [pid for pid in portals if pid not in EXTENDED] + \
              [portals[pid].home_url for pid in EXTENDED]
    result, requests = crawl(extended_server, targets, archive, "--tls-insecure")
    assert result.returncode == 0, result.stderr
    return archive, result, requests


def test_every_article_of_every_portal_is_archived_exactly_once(full_crawl, extended):
    archive, _, _ = full_crawl
    with ArchiveStore.open(archive, readonly=True) as store:
        urls = [r["canonical_url"] for r in store.iter_articles()]
    assert len(urls) == len(set(urls)) == len(extended.articles) == 458
    assert set(urls) == {a.url for a in extended.articles}


def test_records_match_the_ground_truth_of_the_hard_portals(full_crawl, extended):
    archive, _, _ = full_crawl
    with ArchiveStore.open(archive, readonly=True) as store:
        records = {r["canonical_url"]: r for r in store.iter_articles()}
    wrong = []
    for article in extended.articles:
        if article.portal not in EXTENDED:
            continue
        record = records[article.url]
        if (record["title"], record["published"]) != (article.title, article.published) or \
                any(p not in record["text"] for p in article.paragraphs):
            wrong.append(article.url)
    assert wrong == []


def test_postback_pages_are_posted_once_each(full_crawl, extended):
    _, _, requests = full_crawl
    posts = Counter(url for method, url, _s in requests if method == "POST")
    assert sum(posts.values()) == 4  # pages 2 and 3 of the GridView and of the Repeater listing
    assert all(extended.classify(url) == "listing" for url in posts)


def test_no_trap_search_page_or_variant_is_fetched(full_crawl, extended):
    _, _, requests = full_crawl
    kinds = Counter(extended.classify(url) for _m, url, _s in requests)
    assert kinds["trap-deep"] == 0
    assert kinds["search"] == 0
    fetched = Counter(url for method, url, _s in requests
                      if method == "GET" and extended.classify(url) == "article")
    assert set(fetched.values()) == {1}


def test_javascript_listing_was_rendered_in_chromium(full_crawl, extended):
    archive, _, requests = full_crawl
    api = [url for _m, url, _s in requests if url.startswith("http://bacquang.hagiang.gov.vn/api/")]
    assert len(api) >= 3                               # requests made by the page's own script
    rendered = set()
    for path in (archive / "warc").glob("*.warc.gz"):
        with path.open("rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type == "conversion" and \
                        record.rec_headers.get_header("X-Portal-Archive-Rendered"):
                    rendered.add(record.rec_headers.get_header("WARC-Target-URI"))
    assert rendered and all(u.startswith("http://bacquang.hagiang.gov.vn/") for u in rendered)


def test_attached_documents_are_archived_read_and_linked(full_crawl, extended):
    archive, _, requests = full_crawl
    expected = {att.url: (a.url, att) for a in extended.articles for att in a.attachments}
    assert len(expected) == 26
    fetched = [u for _m, u, status in requests if u in expected and status == 200]
    assert sorted(fetched) == sorted(expected)          # each document fetched once
    with ArchiveStore.open(archive, readonly=True) as store:
        assert store.count_attachments() == 26
        by_article = store.attachments_of(article_id(parent) for parent, _ in expected.values())
        for url, (parent, attachment) in expected.items():
            (summary,) = [s for s in by_article[article_id(parent)] if s["url"] == url]
            assert summary["filename"] == attachment.filename
            assert summary["text_status"] == "ok"
            assert summary["warc_record_id"]
            assert attachment.text_snippet in store.attachment_text(article_id(url))


def test_self_signed_portal_records_say_so(full_crawl):
    archive, _, _ = full_crawl
    with ArchiveStore.open(archive, readonly=True) as store:
        verdicts = Counter(json.dumps(r["tls"]) for r in store.iter_articles())
    assert verdicts == {"null": 458 - 22,
                        json.dumps({"verified": False, "problems": ["self-signed"]}): 22}


def test_report_shows_per_portal_channels(full_crawl):
    archive, result, _ = full_crawl
    report = json.loads(next((archive / "crawls").glob("*.json")).read_text("utf-8"))
    portals = report["discovery"]["portals"]
    assert len(portals) == 10
    # The 17 articles behind the two pagers (12 GridView + 5 Repeater), and 8 first-page articles
    # that the related-news lists of those 17 link (the channel carries on through their pages).
    assert portals["cailay.tiengiang.gov.vn"]["channels"]["postback"]["articles_found"] == 25
    # A portal of the registry is reported under its id, one started by URL alone under its host.
    assert portals["tanphu-dongnai"]["channels"]["sitemap"]["articles_found"] == 22
    assert portals["tanphu-dongnai"]["channels"]["feed"]["articles_found"] > 0
    assert portals["hoanghoa-thanhhoa"]["channels"]["attachment"]["urls_found"] == 26
    assert "cailay.tiengiang.gov.vn" in result.stdout and "postback" in result.stdout


def test_self_signed_portal_is_refused_without_an_explicit_choice(extended_server, tmp_path):
    refused, _ = crawl(extended_server, ["https://tanphu.dongnai.gov.vn/"], tmp_path / "a")
    assert refused.returncode == 4
    assert "certificate verify failed" in refused.stderr.lower()


def test_overruled_charsets_and_legacy_fonts_are_flagged_on_the_records(full_crawl, extended):
    archive, _, _ = full_crawl
    dienban = {a.url for a in extended.articles if a.portal == "dienban-quangnam"}
    with ArchiveStore.open(archive, readonly=True) as store:
        records = [r for r in store.iter_articles() if r["canonical_url"] in dienban]
        others = [r for r in store.iter_articles() if r["canonical_url"] not in dienban]
    notes = Counter((r["encoding"], r["encoding_note"]) for r in records)
    # The portal as the mirror builds it: 18 pages whose header lies, 4 with no declaration, one
    # old page in each legacy font encoding.
    assert notes == {
        ("windows-1258", "header said utf-8, page is windows-1258"): 18,
        ("windows-1258", "no charset declared; sniffed windows-1258"): 4,
        ("tcvn3", "converted from TCVN3 (font .VnTime)"): 1,
        ("vni", "converted from VNI (font VNI-Times)"): 1,
    }
    assert {r["encoding_note"] for r in others} == {None}
