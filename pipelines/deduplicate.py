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
        self.seen: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DeduplicatePipeline:
        return cls(crawler)

    def process_item(self, item, spider=None):
        article_id = ItemAdapter(item)["id"]
        if article_id in self.seen:
            self.stats.inc_value("portal_archive/duplicates_dropped")
            raise DropItem(f"duplicate article {article_id}: {ItemAdapter(item)['url']}")
        self.seen.add(article_id)
        return item
