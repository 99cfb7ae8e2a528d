"""Write every exchange to the WARC and the crawl log — the archive of record.

Placed next to the downloader (priority 950), so it sees each raw response before decompression,
redirect handling and retries: robots.txt, redirects, 404/500 pages and every retry attempt are
archived as they came off the wire. Failed fetches (timeouts, refused connections) have no
response; they go into the crawl log with the error.
"""

from __future__ import annotations

from datetime import UTC, datetime

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from twisted.python.failure import Failure

from crawlers.extensions.archive import ArchiveSession

# Scrapy hands us the body de-chunked; keeping these headers would make the record lie.
_DROP_RESPONSE_HEADERS = {b"transfer-encoding"}
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
                         spider: Spider | None = None) -> Response:
        session = self.session
        assert session.warc is not None
        headers = _header_list(response.headers, _DROP_RESPONSE_HEADERS)
        body = response.body
        if any(name.lower() == "content-length" for name, _ in headers):
            headers = [(n, str(len(body)) if n.lower() == "content-length" else v)
                       for n, v in headers]
        location = session.warc.write_exchange(
            url=request.url,
            method=request.method,
            request_headers=[("Host", request.url.split("/")[2]), *_header_list(request.headers)],
            request_body=request.body or b"",
            status=response.status,
            reason=_REASONS.get(response.status, ""),
            response_headers=headers,
            body=body,
            ip_address=str(response.ip_address) if response.ip_address else None,
            date=datetime.now(UTC),
        )
        request.meta["warc"] = location
        kind = fetch_kind(request, response)
        if kind == "http-error":
            self.stats.inc_value("portal_archive/http_errors")
        session.log_fetch(url=request.url, status=response.status, kind=kind, location=location)
        self.stats.inc_value("portal_archive/warc_records", 2)
        self.stats.inc_value("portal_archive/warc_bytes", len(body))
        return response

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
