"""Optionally write this crawl's articles as JSONL (`crawl --export FILE`).

Written to `FILE.part` and renamed when the crawl closes, so a reader never sees half a file.
"""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path
from typing import IO

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from crawlers.items import ARTICLE_FIELDS, Article


class ExportPipeline:
    def __init__(self, path: Path):
        self.path = path
        self.part = path.with_name(path.name + ".part")
        self.fh: IO[str] | None = None
        self.count = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ExportPipeline:
        path = crawler.settings.get("EXPORT_PATH")
        if not path:
            raise NotConfigured("no EXPORT_PATH")
        return cls(Path(path))

    def open_spider(self, spider=None) -> None:
        if self.path.suffix == ".gz":
            self.fh = gzip.open(self.part, "wt", encoding="utf-8")
        else:
            self.fh = open(self.part, "w", encoding="utf-8")

    def process_item(self, item, spider=None):
        if not isinstance(item, Article):
            return item
        adapter = ItemAdapter(item)
        record = {name: adapter.get(name) for name in ARTICLE_FIELDS}
        assert self.fh is not None
        self.fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        self.count += 1
        return item

    def close_spider(self, spider=None) -> None:
        if self.fh is not None:
            self.fh.close()
            os.replace(self.part, self.path)
