"""Normalise text fields at the boundary: NFC, collapsed whitespace, no empty strings.

Portals mix NFC and NFD; search, deduplication and exports must all see one form. The rule itself
is `crawlers.records.normalise_article`, shared with `portal-archive reextract`.
"""

from __future__ import annotations

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from crawlers.items import Article
from crawlers.records import normalise_article


class NormalisePipeline:
    def __init__(self, crawler: Crawler):
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> NormalisePipeline:
        return cls(crawler)

    def process_item(self, item, spider=None):
        if not isinstance(item, Article):
            return item  # attachments carry no text fields to normalise beyond extraction's NFC
        if not normalise_article(item):
            self.stats.inc_value("portal_archive/dropped_empty")
            raise DropItem(f"empty title or text: {item.url}")
        return item
