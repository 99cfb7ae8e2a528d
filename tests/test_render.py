"""JavaScript portals: Bắc Quang's listings exist only after their script ran, so the crawl must
render them in the system Chromium — and only them: other portals in the same crawl, and crawls
that cannot need a browser, never start one. A Chromium killed mid-crawl is started again and no
article is lost.

The browser tests run the system Chromium for real (`make test` installs it first, `make
chromium`); they are never skipped.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from scrapy.http import HtmlResponse
from scrapy.settings import Settings

from crawlers.registry import Registry
from crawlers.render import RENDERED_HEADER, configure_rendering, empty_listing
from search.store import ArchiveStore
from settings import settings_module
from tests.conftest import REPO

SHARED = REPO.parent / "shared"

BACQUANG = "http://bacquang.hagiang.gov.vn/"
CAILAY = "http://cailay.tiengiang.gov.vn/"
CATEGORIES = {"http://bacquang.hagiang.gov.vn/chuyen-muc/tin-tuc",
              "http://bacquang.hagiang.gov.vn/chuyen-muc/kinh-te-xa-hoi"}
# What the listing script fetches: tin-tuc has 21 articles (3 pages of 10), kinh-te-xa-hoi 7.
API_CALLS = {"http://bacquang.hagiang.gov.vn/api/news?cat=tin-tuc&page=1",
             "http://bacquang.hagiang.gov.vn/api/news?cat=tin-tuc&page=2",
             "http://bacquang.hagiang.gov.vn/api/news?cat=tin-tuc&page=3",
             "http://bacquang.hagiang.gov.vn/api/news?cat=kinh-te-xa-hoi&page=1"}


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


@dataclass(frozen=True)
class Record:
    type: str
    url: str
    id: str
    refers_to: str | None
    rendered: str | None    # X-Portal-Archive-Rendered of a conversion record
    content_type: str | None
    body: bytes


def warc_records(archive) -> list[Record]:
    """The response and conversion records of the WARC files, in order."""
    from warcio.archiveiterator import ArchiveIterator

    out = []
    for path in sorted((archive / "warc").glob("*.warc.gz")):
        with open(path, "rb") as handle:
            for record in ArchiveIterator(handle):
                if record.rec_type not in ("response", "conversion"):
                    continue
                get = record.rec_headers.get_header
                content_type = record.http_headers.get_header("Content-Type") \
                    if record.http_headers else get("Content-Type")
                out.append(Record(record.rec_type, get("WARC-Target-URI"), get("WARC-Record-ID"),
                                  get("WARC-Refers-To"), get(RENDERED_HEADER), content_type,
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
    assert reason == "empty div#news-list in main.col-md-8, no content link, 25 characters of text"


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


def listing_with_chrome(main: str, script: str) -> HtmlResponse:
    """An ASP.NET district portal's page: a menu, a left column of links that no rule calls
    chrome, a footer, and `main` in the ContentPlaceHolder."""
    left = "".join(f'<li><a href="/Tin-tuc/Chi-tiet.aspx?ItemID={n}">Tin mới số {n} của huyện</a></li>'
                   for n in range(1, 8))
    html = (f'<html><body><form method="post" action="./Thong-bao.aspx" id="aspnetForm">'
            f'<input type="hidden" name="__VIEWSTATE" value="/wEPDwUK" />'
            f'<ul id="menu"><li><a href="/">Trang chủ</a></li></ul>'
            f'<div id="left"><h3>Tin mới</h3><ul>{left}</ul><a href="https://dichvucong.gov.vn">'
            f'Dịch vụ công</a></div>'
            f'<div id="ctl00_ContentPlaceHolder1_pnlMain">{main}</div>'
            f'<div id="bottom">UBND huyện Gò Công Tây. Điện thoại: 0273.3826.134</div>'
            f"{script}</form></body></html>")
    return HtmlResponse("http://gocongtay.tiengiang.gov.vn/Thong-bao.aspx", body=html.encode(),
                        encoding="utf-8")


def test_a_script_filled_listing_is_found_among_a_real_portals_chrome():
    fill = ("<script>$(function(){ $('#ctl00_ContentPlaceHolder1_divThongBao')"
            ".load('/Services/ThongBao.ashx?page=1'); });</script>")
    shell = listing_with_chrome('<h2>Thông báo</h2><div id="ctl00_ContentPlaceHolder1_divThongBao">'
                                "</div>", fill)
    assert empty_listing(shell) == ("empty div#ctl00_ContentPlaceHolder1_divThongBao in "
                                    "div#ctl00_ContentPlaceHolder1_pnlMain, no content link, "
                                    "9 characters of text")
    # Filled in the static HTML: a listing already, nothing to render.
    filled = listing_with_chrome('<h2>Thông báo</h2><div id="ctl00_ContentPlaceHolder1_divThongBao">'
                                 '<a href="/Thong-bao/1.aspx">Thông báo lịch tiếp công dân</a></div>',
                                 fill)
    assert empty_listing(filled) is None
    # An article whose related-news box a script fills: prose, not a shell.
    article = listing_with_chrome(
        "<h1>Huyện tổ chức hội nghị chuyển đổi số</h1><p>" + "Sáng ngày 12/5, UBND huyện tổ chức "
        "hội nghị triển khai các nhiệm vụ chuyển đổi số năm 2024 với sự tham dự của lãnh đạo các "
        "xã, thị trấn và các phòng, ban chuyên môn thuộc huyện. " * 2 + "</p>"
        '<div class="related"><h3>Tin liên quan</h3><div id="divRelated"></div></div>',
        "<script>$('#divRelated').load('/Services/Related.ashx?id=5');</script>")
    assert empty_listing(article) is None
    # An empty search-results box is chrome, whatever script names it.
    search = listing_with_chrome('<div id="searchResults"></div>',
                                 "<script>$('#searchResults').load('/q');</script>")
    assert empty_listing(search) is None


def test_no_page_of_the_real_portals_is_taken_for_a_shell():
    """Every listing of the real portals in ../shared has its links in the static HTML."""
    pages = sorted(SHARED.glob("real-sites/**/*.html")) + sorted(SHARED.glob("corpus/**/*.html"))
    assert len(pages) > 700
    shells = [str(p) for p in pages
              if empty_listing(HtmlResponse(f"http://{p.relative_to(SHARED).parts[1]}/",
                                            body=p.read_bytes()))]
    assert shells == []


def test_only_crawls_that_may_render_get_the_browser_handler(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: f"/usr/bin/{name}")
    registry = Registry.load()

    def plan(*specs: str, render_all: bool = False, detect: bool = True) -> tuple[bool, dict]:
        settings = Settings()
        settings.setmodule(settings_module("test"), priority="project")
        settings.set("RENDER_JS_DETECT", detect)
        result = configure_rendering(settings, [registry.target_for(s) for s in specs],
                                     render_all=render_all)
        return result.enabled, settings.getdict("DOWNLOAD_HANDLERS")

    # Detection is for every portal, registry ones included (Playwright itself starts lazily).
    assert plan("nghiloc-nghean", "dienchau-nghean")[0]
    assert plan("http://unknown.example.gov.vn/")[0]
    ordinary, handlers = plan("nghiloc-nghean", "dienchau-nghean", detect=False)
    assert not ordinary and handlers == {"https": "crawlers.tls.PortalTlsDownloadHandler"}
    enabled, handlers = plan("nghiloc-nghean", render_all=True, detect=False)
    assert enabled and handlers["http"] == handlers["https"] == "crawlers.render.RenderingDownloadHandler"


# -- with the browser ----------------------------------------------------------------------------
def test_empty_listings_are_rendered_and_other_portals_never_are(extended, server, tmp_path):
    archive = tmp_path / "archive"
    # Bắc Quang is a registry portal *not* marked `render = "js"`: detection is for every portal.
    # Cái Lậy is an unknown start URL.
    registry = tmp_path / "registry.toml"
    registry.write_text('[[portal]]\nid = "bacquang-hagiang"\nname = "Cổng thông tin điện tử huyện '
                        'Bắc Quang"\nhosts = ["bacquang.hagiang.gov.vn"]\nlevel = "district"\n'
                        'province = "Hà Giang"\ndistrict = "Bắc Quang"\n', "utf-8")
    already = len(server.requests)
    started = time.monotonic()
    result = subprocess.run(crawl_command(server, archive, "bacquang-hagiang", CAILAY, "--registry",
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

    records = warc_records(archive)
    conversions = {r.url: r for r in records if r.type == "conversion"}
    assert set(conversions) == CATEGORIES
    responses = {r.id: r for r in records if r.type == "response"}
    for url, conversion in conversions.items():
        # The rendered DOM refers to the page as the server sent it to the browser: the shell.
        original = responses[conversion.refers_to]
        assert original.url == url and b'<div id="news-list"></div>' in original.body
        assert conversion.rendered.startswith("chromium/")
        assert conversion.content_type == "text/html; charset=utf-8"
    tin_tuc = conversions["http://bacquang.hagiang.gov.vn/chuyen-muc/tin-tuc"].body.decode("utf-8")
    assert tin_tuc.count('class="news-item"') == 21  # "Xem thêm" clicked until it hid
    # The script's own API answers are in the WARC as response records, JSON as served.
    api = {r.url: json.loads(r.body) for r in records
           if r.type == "response" and "/api/news" in r.url}
    assert set(api) == API_CALLS
    assert all(r.content_type.startswith("application/json") for r in records
               if r.type == "response" and "/api/news" in r.url)
    assert sum(len(page["items"]) for page in api.values()) == 28
    # Cái Lậy in the same crawl: everything the mirror served it, Scrapy fetched and archived
    # unrendered — a browser would have asked for stylesheets and scripts too.
    cailay_served = {url for _m, url, _s in requests if url.startswith(CAILAY)}
    cailay_archived = {r.url for r in records if r.type == "response" and r.url.startswith(CAILAY)}
    assert cailay_served == cailay_archived
    assert not {url for url in conversions if url.startswith(CAILAY)}
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
    rendered = {r.url for r in warc_records(archive) if r.type == "conversion"}
    assert article_urls <= rendered
