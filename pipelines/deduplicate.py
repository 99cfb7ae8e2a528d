"""Drop an article already emitted in this crawl (same id = same canonical URL).

Requests are de-duplicated on canonical URLs already; this catches the rest: a page reached
under another URL (a redirect, `/node/123` beside its alias) that declares the same canonical URL.
"""

from __future__ import annotations

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem


class DeduplicatePipeline:
    def __init__(self, crawler: Crawler):
        self.stats = crawler.stats
        self.seen: set[tuple[str, str]] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DeduplicatePipeline:
        return cls(crawler)

    def process_item(self, item, spider=None):
        adapter = ItemAdapter(item)
        if "id" not in adapter.field_names():
            return item  # links between records have no identity of their own
        key = (type(item).__name__, adapter["id"])
        if key in self.seen:
            self.stats.inc_value("portal_archive/duplicates_dropped")
            raise DropItem(f"duplicate {key[0].lower()} {key[1]}: {adapter['url']}")
        self.seen.add(key)
        return item
