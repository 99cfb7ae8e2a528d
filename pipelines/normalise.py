"""Normalise text fields at the boundary: NFC, collapsed whitespace, no empty strings.

Portals mix NFC and NFD; search, deduplication and exports must all see one form.
"""

from __future__ import annotations

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from crawlers.extraction.text import clean_whitespace, nfc
from crawlers.items import Article

TEXT_FIELDS = ("title", "text", "author", "source", "province", "district")


class NormalisePipeline:
    def __init__(self, crawler: Crawler):
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> NormalisePipeline:
        return cls(crawler)

    def process_item(self, item, spider=None):
        if not isinstance(item, Article):
            return item  # attachments carry no text fields to normalise beyond extraction's NFC
        adapter = ItemAdapter(item)
        for name in TEXT_FIELDS:
            value = adapter.get(name)
            if isinstance(value, str):
                value = clean_whitespace(nfc(value))
                if name == "title":
                    value = " ".join(value.split())
                # Optional fields hold None rather than "" so exports mean one thing by "absent".
                adapter[name] = value if name in ("title", "text") else (value or None)
        if not adapter.get("title") or not adapter.get("text"):
            self.stats.inc_value("portal_archive/dropped_empty")
            raise DropItem(f"empty title or text: {adapter.get('url')}")
        return item
