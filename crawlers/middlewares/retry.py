"""Retries that back off: retry n of a request waits base * 2**(n-1) seconds (capped).

Scrapy's stock RetryMiddleware re-queues at once, which hammers a struggling district server
exactly when it is down. A `Retry-After` header (seconds) from a 429/503 is honoured when longer,
and for the whole host, not just the one request: no request to that host starts before the time
the server asked for. Other hosts are not held, so a portal that is down or throttling never
stalls the rest of the crawl.
"""

from __future__ import annotations

import asyncio

from scrapy import Request, Spider
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Response
from scrapy.settings import BaseSettings


class BackoffRetryMiddleware(RetryMiddleware):
    def __init__(self, settings: BaseSettings):
        super().__init__(settings)
        self.base = settings.getfloat("RETRY_BACKOFF_BASE", 2.0)
        self.cap = settings.getfloat("RETRY_BACKOFF_MAX", 60.0)
        self.retry_after_cap = settings.getfloat("RETRY_AFTER_MAX", 600.0)

    def delay_for(self, request: Request, response: Response | None = None) -> float:
        attempt = request.meta.get("retry_times", 0) + 1
        delay = min(self.cap, self.base * 2 ** (attempt - 1))
        if response is not None:
            retry_after = response.headers.get(b"Retry-After")
            if retry_after and retry_after.strip().isdigit():
                # The server's own word beats our back-off cap, within reason.
                delay = max(delay, min(self.retry_after_cap, float(retry_after.strip())))
        return delay

    def hold_host(self, request: Request, delay: float) -> None:
        """No request to this host starts in the next `delay` seconds.

        The host's download slot is paused the way Scrapy pauses it for DOWNLOAD_DELAY (its
        `latercall`), so requests already queued for the host wait too; other slots run on.
        """
        engine = self.crawler.engine
        downloader = engine.downloader if engine else None
        slot = downloader.slots.get(downloader.get_slot_key(request)) if downloader else None
        if slot is None:
            return
        if slot.latercall is not None:
            slot.latercall.cancel()
        from twisted.internet import reactor

        # Scrapy's own resume hook for a paused slot (private, stable since 2.0).
        slot.latercall = reactor.callLater(delay, downloader._latercall, slot)
        self.crawler.stats.inc_value("portal_archive/hosts_held")

    async def process_response(self, request: Request, response: Response,
                               spider: Spider | None = None):
        result = super().process_response(request, response)
        if isinstance(result, Request):
            delay = self.delay_for(request, response)
            if response.status in (429, 503):
                self.hold_host(request, delay)
            await asyncio.sleep(delay)
        return result

    async def process_exception(self, request: Request, exception: Exception,
                                spider: Spider | None = None):
        result = super().process_exception(request, exception)
        if isinstance(result, Request):
            await asyncio.sleep(self.delay_for(request))
        return result
