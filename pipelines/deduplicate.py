"""Drop an article already emitted in this crawl (same id = same canonical URL).

Requests are de-duplicated on canonical URLs already; this catches the rest: a page reached
under another URL (a redirect, `/node/123` beside its alias) that declares the same canonical URL.
The ids emitted so far are a set on disk (crawlers/disksets.py: `JOBDIR/items-emitted.sqlite3`,
emptied when the crawl opens; a temporary file without a JOBDIR), so the crawl's memory does not
grow with its articles.
"""

from __future__ import annotations

from pathlib import Path

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from crawlers.disksets import DiskSet, DiskSets


class DeduplicatePipeline:
    def __init__(self, crawler: Crawler):
        self.stats = crawler.stats
        job = crawler.settings.get("JOBDIR")
        self._path = Path(job) / "items-emitted.sqlite3" if job else None
        self._store: DiskSets | None = None
        self._seen: DiskSet | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DeduplicatePipeline:
        return cls(crawler)

    def process_item(self, item, spider=None):
        adapter = ItemAdapter(item)
        if "id" not in adapter.field_names():
            return item  # links between records have no identity of their own
        key = (type(item).__name__, adapter["id"])
        if not self.first_time(key):
            self.stats.inc_value("portal_archive/duplicates_dropped")
            raise DropItem(f"duplicate {key[0].lower()} {key[1]}: {adapter['url']}")
        return item

    def first_time(self, key: tuple[str, str]) -> bool:
        if self._seen is None:
            self._store = DiskSets(self._path, fresh=True)
            self._seen = DiskSet(self._store, "emitted")
        item = f"{key[0]} {key[1]}"
        if item in self._seen:
            return False
        self._seen.add(item)
        return True

    def close_spider(self, spider=None) -> None:
        if self._store is not None:
            self._store.close()
            self._store = self._seen = None


class SharedDeduplicatePipeline(DeduplicatePipeline):
    """The same, across every worker of a shared frontier (`crawl --frontier`, crawlers/frontier.py):
    the ids emitted so far are a Redis set beside the frontier, so an article reached by two
    workers under two URLs is indexed by the first only (both pages stay in their WARC files)."""

    def __init__(self, crawler: Crawler):
        from scrapy_redis.connection import get_redis_from_settings

        super().__init__(crawler)
        self.server = get_redis_from_settings(crawler.settings)
        self.key = crawler.settings["FRONTIER_PREFIX"] + ":items"

    def first_time(self, key: tuple[str, str]) -> bool:
        return self.server.sadd(self.key, f"{key[0]} {key[1]}") == 1
