"""The portal spider: discovers pages within each target's scope and requests them.

Discovery channels, combined and de-duplicated per portal: the start pages, links (with each
family's pagers recognised as the `pager` channel), sitemaps named in robots.txt or linked,
RSS/Atom feeds announced with `<link rel=alternate>`, and the listing pages a portal's registry
entry names (`listing_urls`: requested before other pages, and the links found on them reported as
the `listing` channel). Sitemaps and feeds are read with Scrapy's sitemap utilities (gzipped ones
too): crawlers/sitemaps.py.
Every discovered link is canonicalised before it is requested (one URL per page; the portal's
`ignored_params` dropped) and checked against the guards a real crawl needs:
  - scope: the target's host:port only;
  - traps: links from a calendar page into the calendar are cut (one page per calendar); site
    search result pages are never requested; a path whose query-string permutations pass
    `MAX_QUERY_VARIANTS` is cut;
  - limits: a portal's `max_pages` / `max_depth` from the registry.
What was found through which channel and what was cut is kept in a `DiscoveryLog` for the crawl
report. What a page *is* and what it says is decided in `crawlers/records.py` and
`crawlers/extraction/`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import urljoin, urlsplit

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DownloadCancelledError, IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.utils.response import get_base_url
from twisted.python.failure import Failure

from crawlers.attachments import AttachmentLink, attachment_from_response
from crawlers.discovery import DiscoveryLog
from crawlers.disksets import DiskSet, DiskSets
from crawlers.documents import document_kind
from crawlers.extraction import budget
from crawlers.items import GONE_STATUSES, Article, PageGone
from crawlers.postback import PagerWalk, find_pagers, postback_request
from crawlers.records import article_id, exchange_of_response
from crawlers.registry import Registry, Target
from crawlers.render import empty_listing
from crawlers.sitemaps import (
    SitemapTooLarge,
    XmlDocument,
    feed_urls,
    sitemap_body,
    sitemap_urls,
    xml_document,
)
from crawlers.urls import (
    ListingPages,
    canonicalize_url,
    is_page_url,
    is_pager_url,
    is_search_page,
    is_share_form,
    path_key,
    scope_of,
    trap_kind,
)
from crawlers.workers import ExtractionSkipped, ExtractionWorkers

_SKIP_SCHEMES = ("javascript:", "mailto:", "tel:", "data:", "#")
_FEED_TYPES = ("application/rss+xml", "application/atom+xml")
# Canonical forms and link classes remembered per spider: menus and sidebars repeat the same
# links on every page of a portal (bounded, so memory stays flat however large the crawl).
LINK_CACHE_SIZE = 16384


def _relative(href: str) -> bool:
    """True when joining `href` needs the page's whole base URL, not only its origin: neither
    an absolute http(s) URL, nor a path from the root ("/x"), nor a network path ("//host/x")."""
    return not (href.startswith("/") or href[:8].lower().startswith(("http://", "https://")))


class _Link(NamedTuple):
    """What `_follow` asks of an absolute link before the crawl state is looked at: all of it
    depends on the URL (and the portal's registry entry) only, so it is worked out once."""

    url: str  # canonical
    web: bool  # http(s)
    in_scope: bool
    document: bool  # an attachment (`document_kind`)
    page: bool  # `is_page_url`
    pager: bool  # `is_pager_url`
    listing: bool  # one of the portal's listing pages


# Listing pages named in the registry go before other pages: they lead to the articles.
LISTING_PRIORITY = 10
# Then the pages that change when a portal publishes - sitemaps, feeds, pager pages and listings
# recognised on the way - so a re-crawl (conditional, crawlers/middlewares/conditional.py)
# learns of what is new before it revisits articles, which mostly answer 304.
CHANGING_PRIORITY = 5
_CHANGING_CHANNELS = ("sitemap", "feed", "listing", "pager")
# Pages that lead to articles: one of these answering 404/410 may hide articles
# (crawlers/vanished.py); any other page answering so is just a deleted page.
_LISTING_CHANNELS = ("start", "postback", *_CHANGING_CHANNELS)
# The run's per-URL bookkeeping in the job directory (crawlers/disksets.py); rewritten each run.
SPIDER_STATE = "spider-urls.sqlite3"


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
        # Every URL the crawl meets is remembered on disk, not in memory (crawlers/disksets.py):
        # in a temporary file until from_crawler moves it into the job directory.
        self._open_state(None)
        self.max_query_variants = 200
        # Hosts whose bad certificates are accepted (and recorded): see crawlers/tls.py.
        self.tls_insecure_scopes: frozenset[str] = frozenset()
        # Per target: every HTML page through the browser / empty script-filled listings rendered
        # (crawlers/render.py; both stay off unless the crawl installed the browser handler).
        self.render_all: list[bool] = [False] * len(found)
        self.render_detect: list[bool] = [False] * len(found)
        # Per target: the registry's listing pages and the parameters it says to ignore.
        self.listings = [ListingPages(getattr(t.portal, "listing_urls", ())) for t in found]
        self.ignored_params = [tuple(getattr(t.portal, "ignored_params", ())) for t in found]
        # Bounds on a gzipped sitemap's unpacked size (as Scrapy's SitemapSpider has them).
        self.sitemap_max_size = 64 * 1024 * 1024
        self.sitemap_warn_size = 32 * 1024 * 1024
        # ASP.NET post-back pagers: one walk per listing (form action + listing block).
        self.pager_walks: dict[str, PagerWalk] = {}
        self.postback_max_pages = 500
        # Where pages are read (crawlers/workers.py): in-process until from_crawler starts the pool.
        self.extraction = ExtractionWorkers(0, None)
        self._link = lru_cache(maxsize=LINK_CACHE_SIZE)(self._classify_link)
        self._join = lru_cache(maxsize=LINK_CACHE_SIZE)(urljoin)

    def _open_state(self, path: Path | None) -> None:
        """Per-URL bookkeeping of this run, in a fresh SQLite file at `path` (temporary if None):
        the URLs scheduled per target, the query-string variants per path, the discovery log."""
        if getattr(self, "url_sets", None) is not None:
            self.url_sets.close()
        self.url_sets = DiskSets(path, fresh=True)
        self.discovery = DiscoveryLog(self.url_sets)
        self.scheduled: list[DiskSet] = [DiskSet(self.url_sets, f"scheduled\x1f{i}")
                                         for i in range(len(self.targets))]

    def query_variants(self, path: str) -> DiskSet:
        """The URLs scheduled so far that differ from each other only by their query string."""
        return DiskSet(self.url_sets, f"variants\x1f{path}")

    def _close_state(self) -> None:
        self.url_sets.close()

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> PortalSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        if crawler.settings.get("JOBDIR"):
            spider._open_state(Path(crawler.settings["JOBDIR"]) / SPIDER_STATE)
        # After the crawl report (spider_closed) has read the discovery log.
        crawler.signals.connect(spider._close_state, signal=signals.engine_stopped)
        spider.max_query_variants = crawler.settings.getint("MAX_QUERY_VARIANTS", 200)
        spider.sitemap_max_size = crawler.settings.getint("DOWNLOAD_MAXSIZE")
        spider.sitemap_warn_size = crawler.settings.getint("DOWNLOAD_WARNSIZE")
        spider.postback_max_pages = crawler.settings.getint("POSTBACK_MAX_PAGES", 500)
        insecure_all = crawler.settings.getbool("TLS_INSECURE")
        spider.tls_insecure_scopes = frozenset(
            scope for target in spider.targets for scope in target.scopes
            if insecure_all or getattr(target.portal, "tls", None) == "insecure")
        if crawler.settings.getbool("RENDER_ENABLED"):
            every = crawler.settings.getbool("RENDER_JS")
            detect = crawler.settings.getbool("RENDER_JS_DETECT", True)
            spider.render_all = [every or getattr(t.portal, "render", None) == "js"
                                 for t in spider.targets]
            spider.render_detect = [detect and not whole for whole in spider.render_all]
        crawler.signals.connect(spider.robots_parsed, signal=signals.robots_parsed)
        # Started with the spider, so the workers are warm by the time the first page arrives.
        # (Not later, at spider_opened: a crawl that stops at once would then wait, in the
        # reactor, for the workers to finish starting before it could stop them.)
        spider.extraction = ExtractionWorkers.from_settings(crawler.settings)
        crawler.signals.connect(spider.extraction.close, signal=signals.engine_stopped)
        return spider

    def portal_key(self, index: int) -> str:
        target = self.targets[index]
        return target.portal_id or sorted(target.scopes)[0]

    def target_index(self, url: str) -> int | None:
        scope = scope_of(url)
        for index, target in enumerate(self.targets):
            if scope in target.scopes:
                return index
        return None

    async def start(self) -> AsyncIterator[Request]:
        for index, target in enumerate(self.targets):
            portal = target.portal
            hints = []
            if portal is not None:
                hints = [(u, "sitemap") for u in getattr(portal, "sitemaps", ())] + \
                        [(u, "feed") for u in getattr(portal, "feeds", ())] + \
                        [(u, "listing") for u in getattr(portal, "listing_urls", ()) if "*" not in u]
            for url in target.start_urls:
                self.discovery.saw(self.portal_key(index), "start", url)
                yield self._request(url, index, channel="start", trap=None)
            for url, channel in hints:
                url = canonicalize_url(url, self.ignored_params[index])
                if url in self.scheduled[index]:
                    continue
                self.discovery.saw(self.portal_key(index), channel, url)
                yield self._request(url, index, channel=channel, trap=None)

    def _request(self, url: str, index: int, *, channel: str, trap: str | None) -> Request:
        self.scheduled[index].add(url)
        meta: dict[str, Any] = {"target": index, "trap": trap, "channel": channel}
        if self.render_all[index] and channel not in ("sitemap", "feed"):
            meta["render"] = "js"
        priority = LISTING_PRIORITY if self.listings[index].matches(url) \
            else CHANGING_PRIORITY if channel in _CHANGING_CHANNELS else 0
        return Request(url, callback=self.parse, errback=self.on_error, meta=meta,
                       priority=priority)

    def _render_again(self, response: TextResponse, index: int, reason: str) -> Request:
        """The same page once more, through the browser: it looked like an empty listing."""
        self.crawler.stats.inc_value("portal_archive/render_detected")
        self.logger.info("rendering %s in the browser: %s", response.url, reason)
        meta = {"target": index, "trap": response.meta.get("trap"),
                "channel": response.meta.get("channel", "links"), "render": "detected"}
        return Request(response.url, callback=self.parse, errback=self.on_error, meta=meta,
                       dont_filter=True)

    def _attachment_request(self, url: str, index: int, parent: str | None) -> Request:
        """Documents linked from pages: archived, their text read, tied to the linking article."""
        self.scheduled[index].add(url)
        return Request(url, callback=self.parse_attachment, errback=self.on_error,
                       meta={"target": index, "channel": "attachment", "parent": parent})

    # -- callbacks -----------------------------------------------------------------------------
    def robots_parsed(self, robotparser: Any, request: Request) -> None:
        """Sitemaps named in robots.txt become a discovery channel of that portal."""
        index = self.target_index(request.url)
        parser = getattr(robotparser, "rp", None)
        if index is None or parser is None or not hasattr(parser, "sitemaps"):
            return
        for sitemap_request in self._sitemap_requests(parser.sitemaps, index):
            self.crawler.engine.crawl(sitemap_request)

    def _sitemap_requests(self, urls: Iterable[str], index: int) -> Iterator[Request]:
        """Sitemaps named in robots.txt or in a sitemap index: requested once each, in scope.

        They skip the page guards of `_follow` (a `.xml.gz` is no page, and a sitemap is no trap).
        """
        for sitemap in urls:
            url = canonicalize_url(sitemap, self.ignored_params[index])
            if scope_of(url) in self.targets[index].scopes and url not in self.scheduled[index]:
                self.discovery.saw(self.portal_key(index), "sitemap", url)
                yield self._request(url, index, channel="sitemap", trap=None)

    async def parse(self, response: Response) -> AsyncIterator[Any]:
        """Async so that extraction runs in a worker process (crawlers/workers.py) while the
        reactor goes on downloading; everything else here is quick and stays in the reactor."""
        index = response.meta["target"]
        self.reached[index] = True
        portal = self.portal_key(index)
        channel = response.meta.get("channel", "links")
        self.discovery.fetched(portal, channel)
        if response.status in GONE_STATUSES:
            # The index knows whether this was an article (pipelines/index.py marks it removed).
            yield PageGone(article_id(response.url), response.url, response.status,
                           seen_at=response.meta.get("fetched_at", ""))
        if response.status >= 400:
            if response.status not in GONE_STATUSES or channel in _LISTING_CHANNELS:
                # Its links are unknown this time (a deleted article is no such loss).
                self.discovery.fail(portal, response.url, f"HTTP {response.status}")
            return
        content_type = response.headers.get(b"Content-Type", b"").decode("latin-1").lower()
        if isinstance(response, TextResponse) and "xml" not in content_type:
            # Before anything decodes or parses the body: a binary or oversized page is archived
            # (the WARC middleware has written it) and reported, never read
            # (crawlers/extraction/budget.py). Sitemaps and feeds have their own size caps.
            skipped = budget.skip_reason(response.body)
            if skipped is not None:
                self._skip(index, skipped, response.url)
                return
        document = self._xml_document(response, index)
        if document is not None and (document.is_sitemap or document.is_feed):
            for output in self._xml_links(document, response, index):
                yield output
            return
        if not isinstance(response, TextResponse) or (document is not None and document.root != "html"):
            return
        if self.render_detect[index] and not response.meta.get("render") \
                and response.request is not None and response.request.method == "GET":
            reason = empty_listing(response)
            if reason:
                yield self._render_again(response, index, reason)
        try:
            page_type, article = await self.extraction.page(**exchange_of_response(
                response, self.targets[index],
                tls_insecure=scope_of(response.url) in self.tls_insecure_scopes))
        except ExtractionSkipped as skipped:
            # Over its time budget (its worker was killed and replaced) or its worker died: the
            # page is archived and reported like an over-budget one, and the crawl goes on.
            self._skip(index, skipped.reason, response.url)
            return
        for output in self._after_extraction(response, index, page_type, article):
            yield output

    def _xml_links(self, document: XmlDocument, response: Response, index: int) -> Iterator[Any]:
        """Requests for what a sitemap, sitemap index or feed lists."""
        if document.is_sitemap and document.root == "sitemapindex":
            yield from self._sitemap_requests(sitemap_urls(document), index)
        elif document.is_sitemap:
            yield from self._follow(((u, "") for u in sitemap_urls(document)), response,
                                    index, channel="sitemap")
        else:
            yield from self._follow(((u, "") for u in feed_urls(document)), response, index,
                                    channel="feed")

    def _after_extraction(self, response: TextResponse, index: int, page_type: str,
                          article: Article | None) -> Iterator[Any]:
        """The article (counted) and the page's links, once extraction has said what it is."""
        portal = self.portal_key(index)
        channel = response.meta.get("channel", "links")
        if article is not None:
            self.crawler.stats.inc_value("portal_archive/articles_extracted")
            self.discovery.article(portal, article.canonical_url)
            yield article
        else:
            self.crawler.stats.inc_value("portal_archive/pages_not_article")
            self.discovery.not_article(portal, page_type, response.url)
        here = "postback" if channel == "postback" else None
        if here is None and self.listings[index].matches(response.url):
            here = "listing"
        yield from self._follow(self._html_links(response), response, index, channel=here,
                                parent=article.canonical_url if article else None)
        yield from self._postbacks(response, index)

    def _postbacks(self, response: TextResponse, index: int) -> Iterator[Request]:
        """Pages of ASP.NET listings reachable only by posting their form back (crawlers/postback.py):
        each listing walked once, its pages recognised by their items, at most
        `POSTBACK_MAX_PAGES` post-backs per listing."""
        portal = self.portal_key(index)
        for pager in find_pagers(response):
            walk_key = f"{canonicalize_url(pager.action)} {pager.block}"
            walk = self.pager_walks.setdefault(walk_key, PagerWalk(self.postback_max_pages))
            shown = response.meta.get("pager_page") if response.meta.get("pager") == walk_key else None
            links, reason = walk.step(pager, shown)
            if reason == "repeat":
                self.crawler.stats.inc_value("portal_archive/postback_pages_repeated")
            elif reason == "limit":
                self._cut(index, "postback-limit", walk_key)
            for link, page in links:
                found = f"POST {walk_key} page {page}"
                self.scheduled[index].add(found)  # counts towards the portal's max_pages
                self.discovery.saw(portal, "postback", found)
                yield postback_request(
                    response, link, callback=self.parse, errback=self.on_error,
                    meta={"target": index, "trap": None, "channel": "postback",
                          "pager": walk_key, "pager_page": page})

    def parse_attachment(self, response: Response) -> Iterator[Any]:
        index = response.meta["target"]
        self.reached[index] = True
        self.discovery.fetched(self.portal_key(index), "attachment")
        if response.status >= 400:
            return
        self.crawler.stats.inc_value("portal_archive/attachments_fetched")
        yield attachment_from_response(response, portal=self.portal_key(index),
                                       parent_url=response.meta.get("parent"))

    def _skip(self, index: int, reason: str, url: str) -> None:
        """A fetched page that is not read (binary, over budget) or a download cut at
        DOWNLOAD_MAXSIZE: counted and named in the crawl report."""
        self.crawler.stats.inc_value(f"portal_archive/skipped/{reason}")
        self.discovery.skip(self.portal_key(index), reason, url)
        self.logger.warning("not reading %s: %s", url, reason)

    def on_error(self, failure: Failure) -> None:
        request = failure.request  # type: ignore[attr-defined]
        index = request.meta.get("target")
        if index is not None and failure.check(DownloadCancelledError) \
                and "max size" in failure.getErrorMessage():
            # Scrapy cancelled the download at DOWNLOAD_MAXSIZE: nothing was archived.
            self._skip(index, budget.OVER_MAX_SIZE, request.url)
        if index is not None and self.first_errors[index] is None:
            self.first_errors[index] = f"{request.url}: {failure.getErrorMessage()}"
        if index is None or request.meta.get("channel") == "attachment":
            return
        if failure.check(IgnoreRequest) and "robots.txt" in failure.getErrorMessage():
            # Whether that hides anything depends on whether an earlier crawl could read it.
            self.discovery.refuse(self.portal_key(index), request.url)
        else:
            # Whatever else failed (network, an HTTP error, a redirect out of scope): the
            # page's links are unknown this time.
            self.discovery.fail(self.portal_key(index), request.url,
                                f"{failure.type.__name__}: {failure.getErrorMessage()}")

    # -- discovery -----------------------------------------------------------------------------
    @staticmethod
    def _html_links(response: TextResponse) -> Iterator[tuple[str, str]]:
        """Every `<a>`/`<area>` href in document order, then the feeds of `<link rel=alternate>`:
        what `a::attr(href), area::attr(href)` and `link[rel=alternate]` select, read from the
        tree parsel already parsed (its per-match Selector objects cost more than the walk)."""
        feeds = []
        for element in response.selector.root.iter("a", "area", "link"):
            if element.tag != "link":
                href = element.get("href")
                if href is not None:
                    yield href, "links"
            elif element.get("rel") == "alternate" and (element.get("type") or "").lower() in _FEED_TYPES:
                feeds.append(element.get("href", ""))
        for href in feeds:
            yield href, "feed"

    def _xml_document(self, response: Response, index: int) -> XmlDocument | None:
        """The response as a sitemap or feed (gzipped or not), or None for an ordinary page.

        An XHTML page that opens with `<?xml ...?>` comes back with root `html`: it is a page.
        """
        try:
            body = sitemap_body(response, max_size=self.sitemap_max_size,
                                warn_size=self.sitemap_warn_size)
        except SitemapTooLarge as exc:
            self.logger.warning("sitemap not read: %s", exc)
            self._cut(index, "sitemap-too-large", response.url)
            return None
        if body is None and isinstance(response, TextResponse):
            content_type = response.headers.get(b"Content-Type", b"").decode("latin-1").lower()
            if "xml" in content_type or response.text.lstrip().startswith("<?xml"):
                body = response.body
        return xml_document(body) if body is not None else None

    def _cut(self, index: int, reason: str, url: str) -> None:
        self.crawler.stats.inc_value("portal_archive/trap_links_cut"
                                     if reason in ("calendar", "query-permutations")
                                     else "portal_archive/links_cut")
        self.discovery.cut(self.portal_key(index), reason, url)

    def _classify_link(self, absolute: str, index: int) -> _Link:
        """`absolute` canonicalised and classified for portal `index` (cached: `self._link`)."""
        url = canonicalize_url(absolute, self.ignored_params[index])
        if not url.startswith(("http://", "https://")):
            return _Link(url, False, False, False, False, False, False)
        if scope_of(url) not in self.targets[index].scopes:
            return _Link(url, True, False, False, False, False, False)
        if document_kind(url):
            return _Link(url, True, True, True, False, False, False)
        if not is_page_url(url):
            return _Link(url, True, True, False, False, False, False)
        return _Link(url, True, True, False, True, is_pager_url(url), self.listings[index].matches(url))

    def _follow(self, links: Iterable[tuple[str, str]], response: TextResponse, index: int,
                *, channel: str | None, parent: str | None = None) -> Iterator[Any]:
        target = self.targets[index]
        portal = self.portal_key(index)
        here_trap = response.meta.get("trap")
        depth = response.meta.get("depth", 0) + 1
        max_pages = getattr(target.portal, "max_pages", None)
        max_depth = getattr(target.portal, "max_depth", None)
        stats = self.crawler.stats
        # What `response.urljoin` does (a sitemap's base is its URL), through a cache: a link that
        # is absolute or starts with "/" joins the same way against any page of one origin.
        base = get_base_url(response) if isinstance(response, TextResponse) else response.url
        parts = urlsplit(base)
        origin = f"{parts.scheme}://{parts.netloc}"
        for href, link_channel in links:
            href = (href or "").strip()
            if not href or href.lower().startswith(_SKIP_SCHEMES):
                continue
            link = self._link(self._join(base if _relative(href) else origin, href), index)
            url = link.url
            if not link.web:
                continue
            if not link.in_scope:
                stats.inc_value("portal_archive/out_of_scope_links")
                continue
            if link.document:
                if parent:
                    yield AttachmentLink(article_id(parent), article_id(url))
                if url not in self.scheduled[index]:
                    self.discovery.saw(portal, "attachment", url)
                    yield self._attachment_request(url, index, parent)
                continue
            if not link.page:
                stats.inc_value("portal_archive/non_page_links")
                continue
            found_by = channel or link_channel or "links"
            if found_by == "links" and link.pager:
                found_by = "pager"
            if found_by in ("links", "pager") and link.listing:
                found_by = "listing"
            self.discovery.saw(portal, found_by, url)
            if url in self.scheduled[index]:
                continue
            if is_search_page(url):
                self._cut(index, "search-results", url)
                continue
            if is_share_form(url):
                self._cut(index, "share-form", url)
                continue
            kind = trap_kind(url)
            if kind and here_trap == kind:
                self._cut(index, kind, url)
                continue
            variants = self.query_variants(path_key(url))
            if url not in variants and len(variants) >= self.max_query_variants:
                self._cut(index, "query-permutations", url)
                continue
            variants.add(url)
            if max_depth is not None and depth > max_depth:
                self._cut(index, "depth-limit", url)
                continue
            if max_pages is not None and len(self.scheduled[index]) >= max_pages:
                self._cut(index, "page-limit", url)
                continue
            yield self._request(url, index, channel=found_by, trap=kind)
