"""Retries that back off: retry n of a request waits base * 2**(n-1) seconds (capped).

Scrapy's stock RetryMiddleware re-queues at once, which hammers a struggling district server
exactly when it is down. A `Retry-After` header (seconds) from a 429/503 is honoured when longer.
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

    def delay_for(self, request: Request, response: Response | None = None) -> float:
        attempt = request.meta.get("retry_times", 0) + 1
        delay = min(self.cap, self.base * 2 ** (attempt - 1))
        if response is not None:
            retry_after = response.headers.get(b"Retry-After")
            if retry_after and retry_after.strip().isdigit():
                delay = max(delay, min(self.cap, float(retry_after.strip())))
        return delay

    async def process_response(self, request: Request, response: Response,
                               spider: Spider | None = None):
        result = super().process_response(request, response)
        if isinstance(result, Request):
            await asyncio.sleep(self.delay_for(request, response))
        return result

    async def process_exception(self, request: Request, exception: Exception,
                                spider: Spider | None = None):
        result = super().process_exception(request, exception)
        if isinstance(result, Request):
            await asyncio.sleep(self.delay_for(request))
        return result
