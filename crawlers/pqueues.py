"""The scheduler's priority queue: Scrapy's DownloaderAwarePriorityQueue, minus held hosts.

`DownloaderAwarePriorityQueue` hands the downloader a request of the host with the fewest
downloads in progress, so a crawl of many portals keeps all of them moving. It still hands out a
request of a host that `crawlers/middlewares/retry.py` holds (Retry-After, back-off) whenever no
other host has one queued at that moment; such a request can only wait inside the downloader, and
enough of them fill CONCURRENT_REQUESTS, so the next page another portal discovers waits for the
hold too. Here a held host's requests stay in the queue (and in the job directory, if the crawl is
stopped) until its hold ends, and the engine is asked to look again the moment the first hold
ends: its own heartbeat comes only every 5 s, and a crawl whose last pages wait on a retry's
back-off sat idle until then (the mirror crawl's seconds came out in multiples of 5).

A host is held while its download slot's `lastseen` lies in the future: Scrapy sets `lastseen`
to the time it starts a request, and only a hold moves it ahead.
"""

from __future__ import annotations

from time import monotonic

from scrapy import Request
from scrapy.pqueues import DownloaderAwarePriorityQueue
from twisted.internet import reactor


class HoldAwarePriorityQueue(DownloaderAwarePriorityQueue):
    _wake_at: float | None = None

    def held_slots(self) -> dict[str, float]:
        """Download slots (hosts) with queued requests that must not start yet, and when each
        hold ends (`monotonic` time)."""
        engine = self.crawler.engine
        slots = engine.downloader.slots if engine else {}
        now = monotonic()
        return {key: slots[key].lastseen for key in self.pqueues
                if key in slots and slots[key].lastseen > now}

    def _wake_when(self, moment: float) -> None:
        """Have the engine ask for a request at `moment` (one timer, the earliest hold's end).
        Scrapy has no public call for it: its engine's `nextcall` is what its heartbeat runs."""
        if self._wake_at is not None and self._wake_at <= moment:
            return
        self._wake_at = moment
        reactor.callLater(max(0.0, moment - monotonic()) + 0.01, self._wake, moment)

    def _wake(self, moment: float) -> None:
        if self._wake_at == moment:
            self._wake_at = None
        slot = getattr(self.crawler.engine, "_slot", None)
        nextcall = getattr(slot, "nextcall", None)
        if nextcall is not None:
            nextcall.schedule()

    def pop(self) -> Request | None:
        held = self.held_slots()
        if not held:
            return super().pop()
        self._wake_when(min(held.values()))
        if held.keys() >= self.pqueues.keys():
            return None
        # Choose among the other hosts as Scrapy would; the held ones are put back untouched.
        parked = {key: self.pqueues.pop(key) for key in held}
        try:
            return super().pop()
        finally:
            self.pqueues.update(parked)
