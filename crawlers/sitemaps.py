"""Sitemaps and feeds read with Scrapy's own parts, as Scrapy's `SitemapSpider` reads them.

Portals publish sitemaps plain (`sitemap.xml`), gzipped as files (`sitemap.xml.gz`, served as
`application/x-gzip` or `application/gzip`, so no HTTP middleware unpacks them) or gzipped on the
fly (`Content-Encoding: gzip`, which Scrapy's HttpCompressionMiddleware has already undone). A
sitemap index lists further sitemaps, often gzipped ones. `sitemap_body` is SitemapSpider's rule
for getting the XML out of a response, including its bound on the unpacked size (a small gzip can
unpack to gigabytes); `Sitemap` parses it without resolving entities.

The spider does not inherit from SitemapSpider because sitemaps are one discovery channel among
several, with the same canonicalisation, scope and trap guards as links; only the reading is
shared.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from lxml import etree
from parsel import Selector
from scrapy.http import Response, XmlResponse
from scrapy.utils.gz import gunzip, gzip_magic_number
from scrapy.utils.sitemap import Sitemap

logger = logging.getLogger(__name__)

SITEMAP_ROOTS = frozenset({"urlset", "sitemapindex"})
# RSS 2.0, Atom, RSS 1.0 (RDF).
FEED_ROOTS = frozenset({"rss", "feed", "RDF"})


class SitemapTooLarge(ValueError):
    """A gzipped body unpacks to more than the crawl's download size limit."""


@dataclass(frozen=True)
class XmlDocument:
    """An XML response as discovery sees it: its root element and its (unpacked) bytes."""

    root: str
    body: bytes

    @property
    def is_sitemap(self) -> bool:
        return self.root in SITEMAP_ROOTS

    @property
    def is_feed(self) -> bool:
        return self.root in FEED_ROOTS


def sitemap_body(response: Response, *, max_size: int, warn_size: int = 0) -> bytes | None:
    """The XML a sitemap-like response carries, unpacked; None when it carries none.

    SitemapSpider's `_get_sitemap_body`: an XML response as it is; a gzip body unpacked (bounded
    by `max_size`, or the request's `download_maxsize`; SitemapTooLarge beyond it); a `.xml` or
    `.xml.gz` URL served with another content type as it is (the `.gz` was already unpacked by
    HttpCompressionMiddleware). Anything else is a page, not a sitemap: None.
    """
    if isinstance(response, XmlResponse):
        return response.body
    if gzip_magic_number(response):
        max_size = response.meta.get("download_maxsize", max_size)
        warn_size = response.meta.get("download_warnsize", warn_size)
        try:
            body = gunzip(response.body, max_size=max_size)
        except ValueError as exc:  # Scrapy's size-exceeded error is a ValueError
            raise SitemapTooLarge(f"{response.url} unpacks to more than {max_size} bytes") from exc
        except (OSError, EOFError):
            return None  # gzip magic, but not a gzip stream
        if len(response.body) < warn_size <= len(body):
            logger.warning("%s unpacks to %d bytes, more than DOWNLOAD_WARNSIZE (%d)",
                           response.url, len(body), warn_size)
        return body
    if response.url.endswith((".xml", ".xml.gz")):
        return response.body
    return None


def xml_document(body: bytes) -> XmlDocument | None:
    """Parse `body` far enough to name its root element (`Sitemap` reads only the first tag
    before iterating); None if it is not XML at all."""
    try:
        root = Sitemap(body).type
    except (etree.XMLSyntaxError, StopIteration):
        return None
    return XmlDocument(root, body)


def sitemap_urls(document: XmlDocument) -> list[str]:
    """Every `<loc>` of a sitemap or sitemap index, with its `xhtml:link` alternates (other
    language versions of the page are pages too), in document order."""
    urls: list[str] = []
    for entry in Sitemap(document.body):
        urls.append(entry["loc"])
        urls += entry.get("alternate", ())
    return [u for u in urls if u]


def feed_urls(document: XmlDocument) -> list[str]:
    """Entry links of an RSS 2.0 / RSS 1.0 (`<item><link>`) or Atom (`<entry><link href>`) feed."""
    selector = Selector(body=document.body, type="xml")
    return [u.strip() for u in selector.xpath(
        "//*[local-name()='item']/*[local-name()='link']/text()"
        " | //*[local-name()='entry']/*[local-name()='link']/@href").getall() if u.strip()]
