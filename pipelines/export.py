"""Optionally write this crawl's articles as JSONL (`crawl --export FILE`), in the record shape
of `portal-archive export` (`cluster_id`/`cluster_first` null: clusters are computed at the end).

Written through `search.output.OutputFile`, like `portal-archive export`: a regular file is
renamed into place when the crawl closes (a reader never sees half a file), a symlink is followed,
a device or FIFO is written in place.
"""

from __future__ import annotations

import gzip
from pathlib import Path
from typing import BinaryIO

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from crawlers.items import ARTICLE_FIELDS, Article
from search.export import dumps_record, schema_version
from search.output import OutputFile


class ExportPipeline:
    def __init__(self, path: Path):
        self.path = path
        self.output = OutputFile(path)
        self.gzip: gzip.GzipFile | None = None
        self.fh: BinaryIO | gzip.GzipFile | None = None
        self.count = 0
        self.schema_version = schema_version()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ExportPipeline:
        path = crawler.settings.get("EXPORT_PATH")
        if not path:
            raise NotConfigured("no EXPORT_PATH")
        return cls(Path(path))

    def open_spider(self, spider=None) -> None:
        raw = self.output.open()
        if self.path.suffix == ".gz":
            self.gzip = gzip.GzipFile(filename="", mode="wb", fileobj=raw)
        self.fh = self.gzip or raw

    def process_item(self, item, spider=None):
        if not isinstance(item, Article):
            return item
        adapter = ItemAdapter(item)
        # The export's record shape; clusters are computed when the crawl closes, after this.
        record = {name: adapter.get(name) for name in ARTICLE_FIELDS}
        record["schema_version"] = self.schema_version
        assert self.fh is not None
        self.fh.write(dumps_record(record).encode("utf-8") + b"\n")
        self.count += 1
        return item

    def close_spider(self, spider=None) -> None:
        if self.fh is None:
            return
        if self.gzip is not None:
            self.gzip.close()  # the gzip trailer; the file underneath stays open
        self.output.commit()
