"""AutoThrottle that lets a `304 Not Modified` bring the delay down, as a 200 does.

Scrapy's AutoThrottle never lowers a host's delay on a non-200 answer ("error pages are small
and fast"). A re-crawl that asks "changed since?" (crawlers/middlewares/conditional.py) gets
mostly 304s: with the stock extension, one slow answer early in the crawl would hold the delay
up for the whole re-crawl (measured on the mirror: 57 pages in 33 s instead of 6 s). A 304 is
an ordinary, successful answer of the server, so its latency counts like a 200's.
"""

from __future__ import annotations

from scrapy.core.downloader import Slot
from scrapy.extensions.throttle import AutoThrottle
from scrapy.http import Response


class ConditionalAutoThrottle(AutoThrottle):
    def _adjust_delay(self, slot: Slot, latency: float, response: Response) -> None:
        if response.status == 304:
            response = response.replace(status=200)
        super()._adjust_delay(slot, latency, response)
