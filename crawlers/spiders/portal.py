"""The portal spider: discovers pages within each target's scope and requests them.

Discovery here is deliberately plain (links, feeds, sitemaps, within host:port scope) with two
guards every crawl needs: links are canonicalised before they are requested (one URL per page), and
links from a trap page into the same kind of trap are cut (one page per trap). What a page *is*
and what it says is decided in `crawlers/records.py` and `crawlers/extraction/`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Iterator
from typing import Any

from scrapy import Request, Spider
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from crawlers.records import article_from_response
from crawlers.registry import Registry, Target
from crawlers.urls import canonicalize_url, is_page_url, scope_of, trap_kind

_SKIP_SCHEMES = ("javascript:", "mailto:", "tel:", "data:", "#")
_FEED_TYPES = ("application/rss+xml", "application/atom+xml")


class PortalSpider(Spider):
    name = "portal"

    def __init__(self, targets: Iterable[Target] | None = None, portals: str = "",
                 urls: str = "", **kwargs: Any):
        super().__init__(**kwargs)
        found = list(targets or ())
        if portals or urls:  # `scrapy crawl portal -a portals=a,b -a urls=http://...`
            registry = Registry.load()
            specs = [s for s in (portals + "," + urls).split(",") if s.strip()]
            found += [registry.target_for(s.strip()) for s in specs]
        self.targets: list[Target] = found
        self.reached: list[bool] = [False] * len(found)
        self.first_errors: list[str | None] = [None] * len(found)
        self.traps_cut: dict[str, int] = {}

    async def start(self) -> AsyncIterator[Request]:
        for index, target in enumerate(self.targets):
            for url in target.start_urls:
                yield self._request(url, index, trap=None)

    def _request(self, url: str, index: int, trap: str | None) -> Request:
        return Request(url, callback=self.parse, errback=self.on_error,
                       meta={"target": index, "trap": trap})

    # -- callbacks -----------------------------------------------------------------------------
    def parse(self, response: Response) -> Iterator[Any]:
        index = response.meta["target"]
        self.reached[index] = True
        target = self.targets[index]
        if not isinstance(response, TextResponse):
            return
        if response.status >= 400:
            return
        content_type = response.headers.get(b"Content-Type", b"").decode("latin-1").lower()
        if "xml" in content_type:
            yield from self._follow(self._xml_links(response), response, index)
            return
        article = article_from_response(response, target)
        if article is not None:
            self.crawler.stats.inc_value("portal_archive/articles_extracted")
            yield article
        else:
            self.crawler.stats.inc_value("portal_archive/pages_not_article")
        yield from self._follow(self._html_links(response), response, index)

    def on_error(self, failure: Failure) -> None:
        request = failure.request  # type: ignore[attr-defined]
        index = request.meta.get("target")
        if index is not None and self.first_errors[index] is None:
            self.first_errors[index] = f"{request.url}: {failure.getErrorMessage()}"

    # -- discovery -----------------------------------------------------------------------------
    @staticmethod
    def _html_links(response: TextResponse) -> Iterator[str]:
        yield from response.css("a::attr(href), area::attr(href)").getall()
        for link in response.css("link[rel=alternate]"):
            if (link.attrib.get("type") or "").lower() in _FEED_TYPES:
                yield link.attrib.get("href", "")

    @staticmethod
    def _xml_links(response: TextResponse) -> Iterator[str]:
        """Sitemap `<loc>`, RSS `<link>` and Atom `<link href>` entries."""
        yield from response.xpath(
            "//*[local-name()='loc']/text() | //*[local-name()='item']/*[local-name()='link']"
            "/text() | //*[local-name()='entry']/*[local-name()='link']/@href"
        ).getall()

    def _follow(self, hrefs: Iterable[str], response: TextResponse, index: int) -> Iterator[Request]:
        target = self.targets[index]
        here_trap = response.meta.get("trap")
        stats = self.crawler.stats
        for href in hrefs:
            href = (href or "").strip()
            if not href or href.lower().startswith(_SKIP_SCHEMES):
                continue
            url = canonicalize_url(response.urljoin(href))
            if not url.startswith(("http://", "https://")):
                continue
            if scope_of(url) not in target.scopes:
                stats.inc_value("portal_archive/out_of_scope_links")
                continue
            if not is_page_url(url):
                stats.inc_value("portal_archive/non_page_links")
                continue
            kind = trap_kind(url)
            if kind and here_trap == kind:
                stats.inc_value("portal_archive/trap_links_cut")
                self.traps_cut[kind] = self.traps_cut.get(kind, 0) + 1
                continue
            yield self._request(url, index, trap=kind)
