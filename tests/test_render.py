"""JavaScript portals: Bắc Quang's listings exist only after their script ran, so the crawl must
render them in the system Chromium — and only them: other portals in the same crawl, and crawls
that cannot need a browser, never start one. A Chromium killed mid-crawl is started again and no
article is lost.

The browser tests run in CI (`CI=true`; `make test` installs Chromium first) and are skipped
elsewhere only when no `chromium` is installed.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from scrapy.http import HtmlResponse
from scrapy.settings import Settings

from crawlers.registry import Registry
from crawlers.render import RENDERED_HEADER, configure_rendering, empty_listing
from search.store import ArchiveStore
from settings import settings_module
from tests.conftest import REPO

BACQUANG = "http://bacquang.hagiang.gov.vn/"
CAILAY = "http://cailay.tiengiang.gov.vn/"
CATEGORIES = {"http://bacquang.hagiang.gov.vn/chuyen-muc/tin-tuc",
              "http://bacquang.hagiang.gov.vn/chuyen-muc/kinh-te-xa-hoi"}
# What the listing script fetches: tin-tuc has 21 articles (3 pages of 10), kinh-te-xa-hoi 7.
API_CALLS = {"http://bacquang.hagiang.gov.vn/api/news?cat=tin-tuc&page=1",
             "http://bacquang.hagiang.gov.vn/api/news?cat=tin-tuc&page=2",
             "http://bacquang.hagiang.gov.vn/api/news?cat=tin-tuc&page=3",
             "http://bacquang.hagiang.gov.vn/api/news?cat=kinh-te-xa-hoi&page=1"}

needs_chromium = pytest.mark.skipif(
    shutil.which("chromium") is None and os.environ.get("CI") != "true",
    reason="no `chromium` on PATH (apt-get install chromium; `make test` does it as root)")


@pytest.fixture(scope="module")
def extended():
    from tests.mirror import build_mirror

    return build_mirror(extended=True)


@pytest.fixture(scope="module")
def server(extended) -> Iterator:
    from tests.mirror import MirrorServer

    with MirrorServer(extended, host="127.0.0.1", port=0) as running:
        yield running


def crawl_command(server, archive, *targets: str) -> list[str]:
    return [sys.executable, "-m", "crawlers.cli", "crawl", *targets, "--archive", str(archive),
            "--resolve", f"*={server.url.removeprefix('http://')}", "--env", "test", "--quiet"]


def archived(archive) -> list[str]:
    """Canonical URLs of the archived articles, one entry per stored record."""
    with ArchiveStore.open(archive, readonly=True) as store:
        return [r["canonical_url"] for r in store.iter_articles()]


def warc_responses(archive) -> list[tuple[str, str | None, bytes]]:
    """(url, X-Portal-Archive-Rendered header, body) of every WARC response record."""
    from warcio.archiveiterator import ArchiveIterator

    out = []
    for path in sorted((archive / "warc").glob("*.warc.gz")):
        with open(path, "rb") as handle:
            for record in ArchiveIterator(handle):
                if record.rec_type == "response":
                    out.append((record.rec_headers.get_header("WARC-Target-URI"),
                                record.http_headers.get_header(RENDERED_HEADER),
                                record.content_stream().read()))
    return out


def truth(mirror, portal: str) -> set[str]:
    return {a.url for a in mirror.articles if a.portal == portal}


# -- no browser needed ---------------------------------------------------------------------------
def test_empty_listing_finds_the_script_shells_and_nothing_else(extended):
    hits, pages = set(), 0
    for family in extended.families.values():
        urls = {family.portal.home_url, family.base + "/khong-co-trang-nay"}
        urls |= {family.listing_url(c, p) for c in range(len(family.cats))
                 for p in range(1, family.pages(c) + 1)}
        urls |= {family.article_url(a) for a in family.newest[:4]}
        for url in sorted(urls):
            answer = extended.fetch(url)
            response = HtmlResponse(url, status=answer.status, headers=answer.headers,
                                    body=answer.body)
            pages += 1
            if empty_listing(response):
                hits.add(url)
    assert pages == 113  # homes, every listing page, 4 articles and a 404 page per portal
    assert hits == CATEGORIES
    shell = extended.fetch("http://bacquang.hagiang.gov.vn/chuyen-muc/tin-tuc")
    reason = empty_listing(HtmlResponse("http://bacquang.hagiang.gov.vn/chuyen-muc/tin-tuc",
                                        headers=shell.headers, body=shell.body))
    assert reason == "empty div#news-list, no content link, 25 characters of text"


def test_empty_listing_needs_a_script_an_empty_list_and_no_content_link():
    def page(main: str, script: str = "<script>load()</script>") -> HtmlResponse:
        html = (f"<html><body><nav><a href='/'>Trang chủ</a></nav><main>{main}</main>{script}"
                "</body></html>")
        return HtmlResponse("http://x.gov.vn/tin-tuc", body=html.encode(), encoding="utf-8")

    assert empty_listing(page('<div id="newsList"></div>')) is not None
    assert empty_listing(page('<div id="newsList"></div>', script="")) is None
    assert empty_listing(page('<div id="map"></div>')) is None
    assert empty_listing(page('<div id="news-list"></div><a href="/tin-tuc/1.html">Tin</a>')) is None
    assert empty_listing(page('<ul class="list-news"></ul><p>' + "Nội dung. " * 40 + "</p>")) is None


def test_only_crawls_that_may_render_get_the_browser_handler(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: f"/usr/bin/{name}")
    registry = Registry.load()

    def plan(*specs: str, render_all: bool = False) -> tuple[bool, dict]:
        settings = Settings()
        settings.setmodule(settings_module("test"), priority="project")
        result = configure_rendering(settings, [registry.target_for(s) for s in specs],
                                     render_all=render_all)
        return result.enabled, settings.getdict("DOWNLOAD_HANDLERS")

    ordinary, handlers = plan("nghiloc-nghean", "dienchau-nghean")
    assert not ordinary and handlers == {"https": "crawlers.tls.PortalTlsDownloadHandler"}
    enabled, handlers = plan("nghiloc-nghean", render_all=True)
    assert enabled and handlers["http"] == handlers["https"] == "crawlers.render.RenderingDownloadHandler"
    assert plan("http://unknown.example.gov.vn/")[0]  # an unknown portal may need detection


# -- with the browser ----------------------------------------------------------------------------
@needs_chromium
def test_empty_listings_are_rendered_and_other_portals_never_are(extended, server, tmp_path):
    archive = tmp_path / "archive"
    # An empty registry: both portals are unknown start URLs, whatever portals.toml comes to say.
    registry = tmp_path / "registry.toml"
    registry.write_text("# no portals\n", "utf-8")
    already = len(server.requests)
    started = time.monotonic()
    result = subprocess.run(crawl_command(server, archive, BACQUANG, CAILAY, "--registry",
                                          str(registry)), cwd=REPO,
                            capture_output=True, text=True, timeout=180)
    seconds = time.monotonic() - started
    requests = list(server.requests)[already:]
    assert result.returncode == 0, result.stderr

    articles = archived(archive)
    bacquang = [u for u in articles if urlsplit(u).hostname == "bacquang.hagiang.gov.vn"]
    assert len(truth(extended, "bacquang-hagiang")) == 28
    assert sorted(bacquang) == sorted(truth(extended, "bacquang-hagiang"))  # each exactly once
    # The category pages' own script fetched every API page (the crawler never links to it).
    assert {url for _m, url, _s in requests if "/api/news" in url} == API_CALLS

    records = warc_responses(archive)
    rendered = {url for url, header, _body in records if header}
    assert rendered == CATEGORIES
    tin_tuc = [body for url, header, body in records
               if header and url.endswith("/chuyen-muc/tin-tuc")][0].decode("utf-8")
    assert tin_tuc.count('class="news-item"') == 21  # "Xem thêm" clicked until it hid
    # Cái Lậy in the same crawl: everything the mirror served it, Scrapy fetched and archived
    # unrendered — a browser would have asked for stylesheets and scripts too.
    cailay_served = {url for _m, url, _s in requests if url.startswith(CAILAY)}
    cailay_archived = {url for url, _h, _b in records if url.startswith(CAILAY)}
    assert cailay_served == cailay_archived
    assert not {url for url, header, _b in records if header and url.startswith(CAILAY)}
    assert {u for u in articles if u.startswith(CAILAY)} == truth(extended, "cailay-tiengiang")
    assert seconds < 60, f"crawl took {seconds:.0f} s"


def _browser_processes(pid: int) -> list:
    """The Chromium browser processes (not its renderers and helpers) started by process `pid`."""
    import psutil

    found = []
    for child in psutil.Process(pid).children(recursive=True):
        try:
            cmdline = child.cmdline()
        except psutil.Error:
            continue
        if cmdline and "chromium" in cmdline[0] and not any(a.startswith("--type=") for a in cmdline):
            found.append(child)
    return found


@needs_chromium
def test_a_killed_browser_is_restarted_and_no_article_is_lost(extended, server, tmp_path):
    archive = tmp_path / "archive"
    already = len(server.requests)
    article_urls = truth(extended, "bacquang-hagiang")
    crawl = subprocess.Popen(crawl_command(server, archive, BACQUANG, "--render-js"), cwd=REPO,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        killed = []
        deadline = time.monotonic() + 90
        while not killed and time.monotonic() < deadline and crawl.poll() is None:
            served = {url for _m, url, _s in list(server.requests)[already:] if url in article_urls}
            if len(served) >= 6:
                for browser in _browser_processes(crawl.pid):
                    os.kill(browser.pid, signal.SIGKILL)
                    killed.append(browser.pid)
            time.sleep(0.05)
        assert killed, "the crawl never had a browser to kill"
        stdout, stderr = crawl.communicate(timeout=150)
    finally:
        if crawl.poll() is None:
            crawl.kill()
    assert crawl.returncode == 0, stderr
    assert sorted(archived(archive)) == sorted(article_urls)
    log = next((archive / "logs").glob("crawl-*.log")).read_text("utf-8")
    assert re.search(r"'playwright/browser_count': 2\b", log), "the browser was not started again"
    # Every article page came from the browser, before or after the crash.
    rendered = {url for url, header, _b in warc_responses(archive) if header}
    assert article_urls <= rendered
