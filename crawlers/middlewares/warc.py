"""Write every exchange to the WARC and the crawl log — the archive of record.

Placed next to the downloader (priority 950), so it sees each raw response before decompression,
redirect handling and retries: robots.txt, redirects, 404/500 pages and every retry attempt are
archived as they came off the wire. Failed fetches (timeouts, refused connections) have no
response; they go into the crawl log with the error.

A page rendered in Chromium (crawlers/render.py) is archived as what the browser exchanged with
the server — the page's own request/response, and those of its scripts, stylesheets and
JSON/XHR calls, bodies as received — plus the rendered DOM as a `conversion` record whose
`WARC-Refers-To` is the page's response record (layout: docs/rendering.md).
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.http.request import NO_CALLBACK
from twisted.python.failure import Failure

from crawlers.extensions.archive import ArchiveSession
from crawlers.middlewares.conditional import PREVIOUS_META
from crawlers.redact import SECRET_HEADERS
from crawlers.render import EXCHANGES_META, RENDERED_HEADER, BrowserExchange
from crawlers.urls import scope_of
from crawlers.warc_writer import (
    IDENTICAL_PAYLOAD,
    NOT_MODIFIED,
    Revisit,
    WarcLocation,
    WarcWriteError,
    payload_digest,
    warc_date,
)

# Request headers in SECRET_HEADERS (Authorization, Proxy-Authorization: e.g. from
# http_proxy=http://user:pw@...) are sent but never archived: a WARC is shared, a password is not.
# Scrapy hands us the body de-chunked; keeping these headers would make the record lie.
_DROP_RESPONSE_HEADERS = {b"transfer-encoding"}
# The browser hands us bodies de-chunked and decoded.
_DROP_BROWSER_HEADERS = {"transfer-encoding", "content-encoding"}
_REASONS = {200: "OK", 301: "Moved Permanently", 302: "Found", 303: "See Other",
            304: "Not Modified", 307: "Temporary Redirect", 308: "Permanent Redirect",
            400: "Bad Request", 403: "Forbidden", 404: "Not Found", 410: "Gone",
            429: "Too Many Requests", 500: "Internal Server Error", 502: "Bad Gateway",
            503: "Service Unavailable", 504: "Gateway Timeout"}


def _header_list(headers, drop: set[bytes] = frozenset()) -> list[tuple[str, str]]:
    pairs = []
    for name, values in headers.items():
        if name.lower() in drop:
            continue
        for value in values:
            pairs.append((name.decode("latin-1"), value.decode("latin-1")))
    return pairs


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


def fetch_kind(request: Request, response: Response) -> str:
    if request.url.endswith("/robots.txt"):
        return "robots"
    if 300 <= response.status < 400:
        return "redirect"
    if response.status >= 400:
        return "http-error"
    return "page"


class WarcMiddleware:
    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcMiddleware:
        return cls(crawler)

    @property
    def session(self) -> ArchiveSession:
        return ArchiveSession.of(self.crawler)

    def process_response(self, request: Request, response: Response,
                         spider: Spider | None = None) -> Response | Request:
        try:
            return self._archive(request, response)
        except WarcWriteError as err:
            # Not archived, so not parsed either (WARC first, index second). The crawl stops;
            # the request goes back to the queue that JOBDIR keeps, for the resumed crawl.
            self.session.stop_archiving(str(err))
            if request.callback is NO_CALLBACK:  # robots.txt & co: fetched again on resume
                raise IgnoreRequest(f"not archived: {err}") from None
            return request.replace(dont_filter=True)

    def _archive(self, request: Request, response: Response) -> Response:
        session = self.session
        assert session.warc is not None
        exchanges = request.meta.pop(EXCHANGES_META, None)
        if exchanges and response.headers.get(RENDERED_HEADER):
            original = self._write_browser_exchanges(exchanges, response.url)
            if original is not None:
                self._write_rendered(request, response, original)
                return response
        headers = _header_list(response.headers, _DROP_RESPONSE_HEADERS)
        body = response.body
        if any(name.lower() == "content-length" for name, _ in headers):
            headers = [(n, str(len(body)) if n.lower() == "content-length" else v)
                       for n, v in headers]
        date = datetime.now(UTC)
        digest = payload_digest(body)
        revisit = self._revisit(request, response, digest)
        location = session.warc.write_exchange(
            url=request.url,
            method=request.method,
            request_headers=[("Host", request.url.split("/")[2]),
                             *_header_list(request.headers, SECRET_HEADERS)],
            request_body=request.body or b"",
            status=response.status,
            reason=_REASONS.get(response.status, ""),
            response_headers=headers,
            body=body,
            ip_address=str(response.ip_address) if response.ip_address else None,
            date=date,
            revisit=revisit,
        )
        kind = fetch_kind(request, response)
        if kind == "http-error":
            self.stats.inc_value("portal_archive/http_errors")
        # When the page was fetched, as the WARC says it (reextract reads the same second back).
        request.meta["fetched_at"] = date.replace(microsecond=0).isoformat(timespec="seconds")
        validators = {"etag": _header(response, b"ETag"),
                      "last_modified": _header(response, b"Last-Modified"),
                      "crawl_id": session.crawl_id,
                      "seen_at": date.isoformat(timespec="seconds")}
        if revisit is not None:
            # The page is the archived one: records made from it name the record holding it.
            previous = request.meta[PREVIOUS_META]
            request.meta["warc"] = WarcLocation(previous["warc_file"], previous["warc_record_id"],
                                                int(previous["warc_offset"]))
            if response.status == 304:
                kind = "not-modified"
            self.stats.inc_value("portal_archive/recrawl/revisit_records")
            self._keep(session.store.revalidated, request.url, **validators)
        else:
            request.meta["warc"] = location
            self._count_bytes(request.url, len(body))  # a revisit record holds no payload
            if response.status == 200 and request.method == "GET":
                self._keep(
                    session.store.save_validators, request.url, payload_digest=digest,
                    warc_file=location.file, warc_record_id=location.record_id,
                    warc_offset=location.offset,
                    warc_date=warc_date(date), **validators)
        session.log_fetch(url=request.url, status=response.status, kind=kind, location=location)
        self.stats.inc_value("portal_archive/warc_records", 2)
        return response

    def _count_bytes(self, url: str, size: int) -> None:
        """Response bytes archived, in total and per portal (its registry id, else host[:port]),
        for the crawl report and `portal-archive report`."""
        portal = self.session.portal_for(url) or scope_of(url)
        self.stats.inc_value("portal_archive/warc_bytes", size)
        self.stats.inc_value(f"portal_archive/warc_bytes_by_portal/{portal}", size)

    def _keep(self, write, url: str, **fields) -> None:
        """Store what the next conditional crawl needs; a full disk stops the crawl, as for the
        crawl log (the WARC record is written: `reextract` rebuilds the row)."""
        try:
            write(url, **fields)
        except sqlite3.OperationalError as err:
            if getattr(err, "sqlite_errorname", "") != "SQLITE_FULL":
                raise
            self.session.stop_archiving(f"the disk is full ({err}) writing "
                                        f"{self.session.store.path}")

    @staticmethod
    def _revisit(request: Request, response: Response, digest: str) -> Revisit | None:
        """A `revisit` record for a 304 to a conditional request, or for a 200 whose payload is
        the one the archive holds for this URL (crawlers/middlewares/conditional.py); None for
        a response to archive in full."""
        previous = request.meta.get(PREVIOUS_META)
        if previous is None or not previous.get("warc_record_id"):
            return None
        if response.status == 304:
            profile = NOT_MODIFIED
        elif response.status == 200 and digest == previous.get("payload_digest"):
            profile = IDENTICAL_PAYLOAD
        else:
            return None
        return Revisit(profile, previous["warc_record_id"], request.url, previous["warc_date"],
                       previous["payload_digest"])

    def _write_browser_exchanges(self, exchanges: list[BrowserExchange],
                                 page_url: str) -> WarcLocation | None:
        """Every exchange the browser made for a page; returns where the page's own response
        (the last main-frame navigation to `page_url`, after any redirect) went."""
        session = self.session
        assert session.warc is not None
        original = None
        for exchange in exchanges:
            headers = [(n, v) for n, v in exchange.response_headers
                       if n.lower() not in _DROP_BROWSER_HEADERS]
            headers = [(n, str(len(exchange.body)) if n.lower() == "content-length" else v)
                       for n, v in headers]
            location = session.warc.write_exchange(
                url=exchange.url, method=exchange.method,
                request_headers=[(n, v) for n, v in exchange.request_headers
                                 if n.lower().encode("latin-1") not in SECRET_HEADERS],
                request_body=exchange.request_body, status=exchange.status,
                reason=exchange.reason or _REASONS.get(exchange.status, ""),
                response_headers=headers, body=exchange.body, ip_address=exchange.ip_address,
                date=exchange.date)
            self.stats.inc_value("portal_archive/warc_records", 2)
            self._count_bytes(exchange.url, len(exchange.body))
            if exchange.navigation and exchange.url == page_url:
                original = location
            elif exchange.resource_type in ("xhr", "fetch"):
                self.stats.inc_value("portal_archive/rendered_xhr_archived")
        return original

    def _write_rendered(self, request: Request, response: Response, original: WarcLocation) -> None:
        """The DOM Chromium built, as a conversion of the page's response record."""
        session = self.session
        assert session.warc is not None
        content_type = response.headers.get(b"Content-Type", b"text/html").decode("latin-1")
        if "charset=" not in content_type.lower():
            content_type += "; charset=" + getattr(response, "encoding", "utf-8")
        location = session.warc.write_conversion(
            url=response.url, body=response.body, content_type=content_type,
            refers_to=original.record_id, date=datetime.now(UTC),
            extra_headers={RENDERED_HEADER: response.headers[RENDERED_HEADER].decode("latin-1")})
        request.meta["warc"] = location
        session.log_fetch(url=request.url, status=response.status,
                          kind=fetch_kind(request, response), location=location)
        self.stats.inc_value("portal_archive/warc_records")
        self._count_bytes(request.url, len(response.body))

    def process_exception(self, request: Request, exception: BaseException,
                          spider: Spider | None = None) -> None:
        reason = Failure(exception).getErrorMessage() if isinstance(exception, Exception) \
            else repr(exception)
        if isinstance(exception, IgnoreRequest):
            # Not fetched on purpose (robots.txt, offsite): logged, but not a failure.
            self.session.log_fetch(url=request.url, status=None, kind="skipped", error=reason)
            return None
        error = f"{type(exception).__name__}: {reason}"
        self.stats.inc_value("portal_archive/fetch_errors")
        self.session.log_fetch(url=request.url, status=None, kind="error", error=error)
        return None
