"""Sitemaps as portals serve them: named in robots.txt, gzipped files, gzipped on the fly, indexes
of gzipped sitemaps. Every URL they list is discovered and fetched once."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from scrapy.http import HtmlResponse, Request, Response, XmlResponse

from crawlers.sitemaps import SitemapTooLarge, feed_urls, sitemap_body, sitemap_urls, xml_document
from tests.conftest import run_cli
from tests.loopback_site import Page, Site, serve

HOST = "quynhluu.nghean.gov.vn"
BASE = f"http://{HOST}"
SITEMAP_NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml"'
GZIP_FILE = {"Content-Type": "application/x-gzip"}


def urlset(*urls: str, alternates: dict[str, str] | None = None) -> bytes:
    entries = []
    for url in urls:
        alternate = (alternates or {}).get(url)
        link = (f'<xhtml:link rel="alternate" hreflang="en" href="{escape(alternate)}"/>'
                if alternate else "")
        entries.append(f"<url><loc>{escape(url)}</loc><lastmod>2024-05-12</lastmod>{link}</url>")
    return f'<?xml version="1.0" encoding="UTF-8"?><urlset {SITEMAP_NS}>{"".join(entries)}</urlset>'.encode()


def sitemap_index(*urls: str) -> bytes:
    entries = "".join(f"<sitemap><loc>{escape(url)}</loc></sitemap>" for url in urls)
    return f'<?xml version="1.0" encoding="UTF-8"?><sitemapindex {SITEMAP_NS}>{entries}</sitemapindex>'.encode()


def article(title: str) -> Page:
    return Page(f"""<html><head><meta charset="utf-8"><title>{title}</title></head><body>
<h1>{title}</h1><p>Ngày 12/05/2024, Ủy ban nhân dân huyện Quỳnh Lưu tổ chức hội nghị triển khai
kế hoạch chuyển đổi số, với sự tham gia của lãnh đạo các phòng, ban và các xã, thị trấn.</p>
</body></html>""".encode())


# NukeViet stories differ only in `sid`: three URLs, three stories.
NEWS = [f"{BASE}/modules.php?name=News&op=viewst&sid={sid}" for sid in (101, 102, 103)]
NEWS_EN = f"{BASE}/en/modules.php?name=News&op=viewst&sid=101"
NOTICES = [f"{BASE}/thong-bao/thong-bao-so-{n}.html" for n in (1, 2)]
DOCUMENTS = [f"{BASE}/van-ban/quyet-dinh-45.html", f"{BASE}/van-ban/ke-hoach-12.html"]
SITEMAPS = [f"{BASE}/sitemap.xml.gz", f"{BASE}/sitemaps/tin-tuc.xml.gz", f"{BASE}/sitemaps/thong-bao",
            f"{BASE}/sitemaps/van-ban.xml"]
# An XHTML home page with an XML declaration is a page, not a sitemap: its links are followed.
HOME = f"""<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN"
 "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Cổng thông tin điện tử huyện Quỳnh Lưu</title>
</head><body><a href="{BASE}/gioi-thieu.html">Giới thiệu</a></body></html>"""


def portal_with_gzipped_sitemaps() -> Site:
    pages = {
        f"{BASE}/robots.txt": Page(f"User-agent: *\nDisallow: /tim-kiem\nSitemap: {SITEMAPS[0]}\n".encode(),
                                   {"Content-Type": "text/plain"}),
        f"{BASE}/": Page(HOME.encode()),
        f"{BASE}/gioi-thieu.html": article("Giới thiệu huyện Quỳnh Lưu"),
        # The index: a gzipped file naming three sitemaps, each served a different way.
        SITEMAPS[0]: Page(gzip.compress(sitemap_index(*SITEMAPS[1:])), GZIP_FILE),
        SITEMAPS[1]: Page(gzip.compress(urlset(*NEWS, alternates={NEWS[0]: NEWS_EN})), GZIP_FILE),
        # A gzip content type without a .gz name.
        SITEMAPS[2]: Page(gzip.compress(urlset(*NOTICES)), {"Content-Type": "application/gzip"}),
        # Plain XML compressed on the fly (Content-Encoding), unpacked by Scrapy's middleware.
        SITEMAPS[3]: Page(gzip.compress(urlset(*DOCUMENTS)),
                          {"Content-Type": "application/xml", "Content-Encoding": "gzip"}),
    }
    for n, url in enumerate([*NEWS, NEWS_EN, *NOTICES, *DOCUMENTS]):
        pages[url] = article(f"Tin số {n}")
    return Site(HOST, pages)


def test_every_url_of_an_index_of_gzipped_sitemaps_is_fetched_once(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    with serve(portal_with_gzipped_sitemaps()) as site:
        result = run_cli("crawl", f"{BASE}/", "--archive", str(archive), "--resolve", site.resolve,
                         "--env", "test", "--quiet")
    assert result.returncode == 0, result.stderr
    listed = [*NEWS, NEWS_EN, *NOTICES, *DOCUMENTS]
    assert {url: site.fetched(url) for url in SITEMAPS + listed} == dict.fromkeys(SITEMAPS + listed, 1)
    assert site.fetched(f"{BASE}/gioi-thieu.html") == 1
    (report,) = (archive / "crawls").glob("*.json")
    channels = json.loads(report.read_text("utf-8"))["discovery"]["portals"]["quynhluu-nghean"]["channels"]
    assert (channels["sitemap"]["urls_found"], channels["sitemap"]["fetched"]) == (4 + 8, 4 + 8)


def response(cls: type[Response], url: str, body: bytes, **meta: int) -> Response:
    return cls(url, body=body, request=Request(url, meta=meta))


def test_a_sitemap_that_unpacks_beyond_the_download_limit_is_refused() -> None:
    bomb = gzip.compress(urlset(*[f"{BASE}/tin/{n}.html" for n in range(2000)]))
    url = f"{BASE}/sitemap.xml.gz"
    assert len(bomb) < 20_000
    with pytest.raises(SitemapTooLarge, match=r"sitemap\.xml\.gz unpacks to more than 20000 bytes"):
        sitemap_body(response(Response, url, bomb), max_size=20_000)
    # The request's own download_maxsize wins over the crawl's, as in Scrapy's SitemapSpider.
    body = sitemap_body(response(Response, url, bomb, download_maxsize=10_000_000), max_size=20_000)
    assert body is not None and len(body) > 20_000
    assert len(sitemap_urls(xml_document(body))) == 2000


@pytest.mark.parametrize(("cls", "url", "body", "root"), [
    (XmlResponse, f"{BASE}/sitemap.xml", urlset(NEWS[0]), "urlset"),
    (Response, f"{BASE}/s.xml.gz", gzip.compress(sitemap_index(SITEMAPS[1])), "sitemapindex"),
    (XmlResponse, f"{BASE}/rss.xml", b"<rss><channel><item><link>http://a/1</link></item></channel></rss>",
     "rss"),
    (HtmlResponse, f"{BASE}/feeds/tin-tuc.xml",
     b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><link href="http://a/2"/></entry></feed>', "feed"),
    (HtmlResponse, f"{BASE}/", HOME.encode(), None),  # a page, not read as XML at all
])
def test_sitemaps_and_feeds_are_told_apart_by_their_root_element(
        cls: type[Response], url: str, body: bytes, root: str | None) -> None:
    unpacked = sitemap_body(response(cls, url, body), max_size=1_000_000)
    document = xml_document(unpacked) if unpacked is not None else None
    assert (document.root if document else None) == root


def test_feed_and_sitemap_entries() -> None:
    rss = xml_document(b"<rss><channel><item><link> http://a/1 </link></item>"
                       b"<item><link>http://a/2</link></item></channel></rss>")
    assert feed_urls(rss) == ["http://a/1", "http://a/2"]
    sitemap = xml_document(urlset(*NEWS, alternates={NEWS[1]: NEWS_EN}))
    assert sitemap_urls(sitemap) == [NEWS[0], NEWS[1], NEWS_EN, NEWS[2]]
