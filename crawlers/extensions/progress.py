"""Progress lines on stderr during long crawls: archivists should see that work goes on."""

from __future__ import annotations

import sys
import time

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from twisted.internet import task


class CrawlProgress:
    def __init__(self, crawler: Crawler, interval: float):
        self.crawler = crawler
        self.interval = interval
        self.started = time.monotonic()
        self.loop: task.LoopingCall | None = None
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlProgress:
        interval = crawler.settings.getfloat("PROGRESS_INTERVAL")
        if interval <= 0:
            raise NotConfigured("progress disabled")
        return cls(crawler, interval)

    def spider_opened(self, spider: Spider) -> None:
        self.started = time.monotonic()
        self.loop = task.LoopingCall(self.report)
        self.loop.start(self.interval, now=False)

    def line(self) -> str:
        stats = self.crawler.stats
        pages = stats.get_value("downloader/response_count", 0)
        articles = stats.get_value("portal_archive/articles_indexed", 0)
        errors = stats.get_value("portal_archive/fetch_errors", 0)
        queued = stats.get_value("scheduler/enqueued", 0) - stats.get_value("scheduler/dequeued", 0)
        elapsed = time.monotonic() - self.started
        rate = pages / elapsed if elapsed else 0.0
        return (f"crawl: {elapsed:6.0f}s  {pages} pages  {articles} articles  {errors} errors  "
                f"{queued} queued  {rate:.1f} pages/s")

    def report(self) -> None:
        print(self.line(), file=sys.stderr, flush=True)

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.loop and self.loop.running:
            self.loop.stop()
