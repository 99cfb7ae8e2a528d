"""Conditional re-crawls: ask the server whether a page changed since the archive last saw it.

What Scrapy's HttpCacheMiddleware does with its RFC2616 policy (validators from the cached
response sent as `If-None-Match` / `If-Modified-Since`; on `304 Not Modified` the cached response
is used), with the WARC as the cache: the validators and the location of the last response record
of each URL are kept in the index (`page_validators`, search/versions.py), and on a 304 the page
is read back from that record. The spider then handles it like any response - the links of an
unchanged listing are followed again, so every article it links is still revisited (itself
conditionally) and none is missed; an unchanged article is extracted again and found unchanged.
A new article always changes the listing that shows it, which then answers 200.

Why not HttpCacheMiddleware itself: its storage would hold a second copy of every page beside the
WARC files, and a cache expiring on its own terms is not an archive of record.

Order: after the WARC middleware in the response chain (it has a lower number), so the WARC
keeps the 304 as it came off the wire (a `revisit` record, crawlers/middlewares/warc.py) and
everything below sees the archived page. robots.txt, rendered pages and POSTs are never
conditional: their answer must be read in full.
"""

from __future__ import annotations

from pathlib import Path

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Headers, Response
from scrapy.http.request import NO_CALLBACK
from scrapy.responsetypes import responsetypes

from crawlers.extensions.archive import ArchiveSession
from crawlers.warc_reader import read_response_at
from crawlers.warc_writer import WarcLocation

PREVIOUS_META = "archived"
"""request.meta key: what the archive last saw of this URL (a `page_validators` row)."""
NOT_MODIFIED_FLAG = "not-modified"
"""Response flag of a page read back from the WARC after a 304."""
# Re-computed by Scrapy or meaningless for a body read back decoded.
_DROP_HEADERS = {"content-length", "content-encoding", "transfer-encoding"}


class ConditionalRequestMiddleware:
    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ConditionalRequestMiddleware:
        if not crawler.settings.getbool("RECRAWL_CONDITIONAL", True):
            raise NotConfigured("RECRAWL_CONDITIONAL is off")
        return cls(crawler)

    @property
    def session(self) -> ArchiveSession:
        return ArchiveSession.of(self.crawler)

    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        previous = request.meta.get(PREVIOUS_META)
        if previous is not None:
            if previous["url"] == request.url:
                return None  # a retry of this request: the validators are in place
            # A redirect copied another URL's validators: they are not this page's.
            del request.meta[PREVIOUS_META]
            for name in (b"If-None-Match", b"If-Modified-Since"):
                request.headers.pop(name, None)
        if request.method != "GET" or request.callback is NO_CALLBACK \
                or request.url.endswith("/robots.txt") or request.meta.get("render") \
                or request.meta.get("dont_revisit") \
                or b"If-None-Match" in request.headers or b"If-Modified-Since" in request.headers:
            return None
        previous = self.session.store.validators_for(request.url)
        if previous is None:
            return None
        request.meta[PREVIOUS_META] = previous
        if previous["etag"]:
            request.headers[b"If-None-Match"] = previous["etag"]
        if previous["last_modified"]:
            request.headers[b"If-Modified-Since"] = previous["last_modified"]
        if previous["etag"] or previous["last_modified"]:
            self.stats.inc_value("portal_archive/recrawl/conditional_requests")
        return None

    def process_response(self, request: Request, response: Response,
                         spider: Spider | None = None) -> Response | Request:
        previous = request.meta.get(PREVIOUS_META)
        if response.status != 304 or previous is None:
            return response
        try:
            status, headers, body, _ = read_response_at(
                Path(self.session.directory) / "warc" / previous["warc_file"],
                int(previous["warc_offset"]))
        except (OSError, ValueError):
            # The archived record is gone (a damaged or moved file): fetch the page in full.
            self.stats.inc_value("portal_archive/recrawl/archived_record_missing")
            retry = request.replace(dont_filter=True)
            retry.meta.pop(PREVIOUS_META, None)
            retry.meta["dont_revisit"] = True
            for name in (b"If-None-Match", b"If-Modified-Since"):
                retry.headers.pop(name, None)
            return retry
        self.stats.inc_value("portal_archive/recrawl/not_modified")
        kept = Headers([(n, v) for n, v in headers if n.lower() not in _DROP_HEADERS])
        cls = responsetypes.from_args(headers=kept, url=request.url, body=body)
        # Records made from it name the response record that holds the page, as on the first crawl.
        request.meta["warc"] = WarcLocation(previous["warc_file"], previous["warc_record_id"],
                                            int(previous["warc_offset"]))
        return cls(url=request.url, status=status, headers=kept, body=body, request=request,
                   flags=[NOT_MODIFIED_FLAG], ip_address=response.ip_address)
