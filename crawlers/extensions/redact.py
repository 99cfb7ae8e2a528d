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
