"""The scheduler's priority queue: Scrapy's DownloaderAwarePriorityQueue, minus held hosts.

`DownloaderAwarePriorityQueue` hands the downloader a request of the host with the fewest
downloads in progress, so a crawl of many portals keeps all of them moving. It still hands out a
request of a host that `crawlers/middlewares/retry.py` holds (Retry-After, back-off) whenever no
other host has one queued at that moment; such a request can only wait inside the downloader, and
enough of them fill CONCURRENT_REQUESTS, so the next page another portal discovers waits for the
hold too. Here a held host's requests stay in the queue (and in the job directory, if the crawl is
stopped) until its hold ends; the engine asks again on its next heartbeat (every few seconds).

A host is held while its download slot's `lastseen` lies in the future: Scrapy sets `lastseen`
to the time it starts a request, and only a hold moves it ahead.
"""

from __future__ import annotations

from time import monotonic

from scrapy import Request
from scrapy.pqueues import DownloaderAwarePriorityQueue


class HoldAwarePriorityQueue(DownloaderAwarePriorityQueue):
    def held_slots(self) -> set[str]:
        """Download slots (hosts) with queued requests that must not start yet."""
        engine = self.crawler.engine
        slots = engine.downloader.slots if engine else {}
        now = monotonic()
        return {key for key in self.pqueues if key in slots and slots[key].lastseen > now}

    def pop(self) -> Request | None:
        held = self.held_slots()
        if not held:
            return super().pop()
        if held >= self.pqueues.keys():
            return None
        # Choose among the other hosts as Scrapy would; the held ones are put back untouched.
        parked = {key: self.pqueues.pop(key) for key in held}
        try:
            return super().pop()
        finally:
            self.pqueues.update(parked)
