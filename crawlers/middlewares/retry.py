"""Retries that back off: retry n of a request waits base * 2**(n-1) seconds (capped).

Scrapy's stock RetryMiddleware re-queues at once, which hammers a struggling district server
exactly when it is down. A `Retry-After` header (seconds) from a 429/503 is honoured when longer.

The wait is a *hold on the host*, not a sleep: the retry request goes back to the scheduler at
once (so a crawl stopped meanwhile keeps it in its job directory), and the host's download slot
starts nothing before the hold ends - neither the retry nor any other request to that host. A
coroutine sleeping in this middleware would keep its request among the downloader's active ones,
and enough of them (a host refusing every page) would use up CONCURRENT_REQUESTS and stall every
other portal. Other hosts are not held; `DownloaderAwarePriorityQueue` (settings/base.py) keeps
the held host's waiting requests from crowding out theirs.

The hold uses the slot's own delay machinery: Scrapy starts a slot's next request no sooner than
`delay` after `lastseen`, so moving `lastseen` to the end of the hold makes Scrapy itself wait
(and wake the slot up) without any call of ours.
"""

from __future__ import annotations

from time import monotonic

from scrapy import Request, Spider
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Response
from scrapy.settings import BaseSettings

# Scrapy applies `lastseen` only to a slot that has a delay (a fresh slot under AutoThrottle with
# AUTOTHROTTLE_START_DELAY = 0 has none until its first response): such a slot gets this one.
MIN_HOLD_SLOT_DELAY = 0.001


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
        """No request to the host of `request` starts in the next `delay` seconds.

        A hold never shortens one already in place. Requests of other hosts are untouched.
        """
        engine = self.crawler.engine
        downloader = engine.downloader if engine else None
        slot = downloader.slots.get(downloader.get_slot_key(request)) if downloader else None
        if slot is None or delay <= 0:  # no back-off (settings/bench.py): nothing to hold
            return
        until = monotonic() + delay
        if until <= slot.lastseen:
            return
        slot.delay = max(slot.delay, MIN_HOLD_SLOT_DELAY)
        # The slot starts its next request `delay` (with jitter) after `lastseen`: at least
        # `until`, a little later by the slot's own politeness delay.
        slot.lastseen = until
        self.crawler.stats.inc_value("portal_archive/hosts_held")

    def process_response(self, request: Request, response: Response,
                         spider: Spider | None = None) -> Request | Response:
        result = super().process_response(request, response)
        if isinstance(result, Request):
            self.hold_host(request, self.delay_for(request, response))
        return result

    def process_exception(self, request: Request, exception: Exception,
                          spider: Spider | None = None) -> Request | Response | None:
        result = super().process_exception(request, exception)
        if isinstance(result, Request):
            self.hold_host(request, self.delay_for(request))
        return result
