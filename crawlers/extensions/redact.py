"""Mask URL credentials in everything the crawl logs (`ARCHIVE/logs/crawl-*.log`).

Credentials are split off URLs before they reach settings or messages (crawlers/redact.py); this
is the last guard for a URL with `user:pw@` that still reaches a log call, from our code or a
library's. Scrapy replaces its root log handler after the extensions are built, so the filter is
installed twice: when the extension is built (the "Overridden settings" line goes through that
handler) and when the spider opens (the handler the rest of the crawl logs through).
"""

from __future__ import annotations

from scrapy import signals
from scrapy.crawler import Crawler

from crawlers.redact import redact_log_handlers


class RedactLogs:
    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RedactLogs:
        extension = cls()
        redact_log_handlers()
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        return extension

    def spider_opened(self, spider: object = None) -> None:
        redact_log_handlers()


class ForgetQueuedCredentials:
    """Requests wait in the job's disk queue (`ARCHIVE/jobs/`) while a crawl is interrupted:
    Scrapy's redirect and retry copy the `Proxy-Authorization` header of the request they
    follow, so an interrupted crawl through an authenticated proxy would keep the proxy's
    credentials on disk. The header (and the proxy it belongs to) is dropped as each request is
    scheduled; HttpProxyMiddleware adds both again from the environment when it is sent.
    """

    HEADERS = (b"Proxy-Authorization",)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ForgetQueuedCredentials:
        extension = cls()
        crawler.signals.connect(extension.request_scheduled, signal=signals.request_scheduled)
        return extension

    def request_scheduled(self, request: object, spider: object = None) -> None:
        headers = getattr(request, "headers", None)
        meta = getattr(request, "meta", None)
        if headers is None or meta is None or b"Proxy-Authorization" not in headers:
            return
        # Only credentials HttpProxyMiddleware itself added from the environment's proxy
        # (`_auth_proxy` names that proxy): forgetting the proxy too makes it read the
        # environment again, credentials included, when the request is sent.
        if meta.get("_auth_proxy") and meta.get("_auth_proxy") == meta.get("proxy"):
            for name in self.HEADERS:
                headers.pop(name, None)
            meta.pop("proxy", None)
            meta.pop("_auth_proxy", None)
