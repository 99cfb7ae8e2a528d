"""Write articles into the embedded index (SQLite + FTS5) of the archive directory.

The store belongs to the crawl's ArchiveSession (one connection for the crawl log and the
articles); this pipeline only upserts and commits in batches, so a killed crawl loses at most
the last uncommitted batch of index rows — never WARC records, which are the archive of record
and from which the index can be rebuilt.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from crawlers.attachments import Attachment, AttachmentLink
from crawlers.extensions.archive import ArchiveSession
from crawlers.items import PageGone


class IndexPipeline:
    def __init__(self, crawler: Crawler, batch: int):
        self.crawler = crawler
        self.stats = crawler.stats
        self.batch = batch
        self.pending = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> IndexPipeline:
        return cls(crawler, crawler.settings.getint("INDEX_COMMIT_EVERY", 50))

    def process_item(self, item, spider=None):
        try:
            return self._index(item)
        except sqlite3.OperationalError as err:
            if getattr(err, "sqlite_errorname", "") != "SQLITE_FULL":
                raise
            # SQLite rolled the open batch back; its pages are whole in the WARC files (written
            # first), so `portal-archive reextract` can index them. Stop before more is lost.
            session = ArchiveSession.of(self.crawler)
            session.stop_archiving(f"the disk is full ({err}) writing {session.store.path}")
            self.pending = 0
            raise DropItem(f"not indexed, the disk is full: {ItemAdapter(item).get('url')}") from None

    def _index(self, item):
        adapter = ItemAdapter(item)
        session = ArchiveSession.of(self.crawler)
        store = session.store
        if isinstance(item, PageGone):
            item.seen_at = item.seen_at or datetime.now(UTC).isoformat(timespec="seconds")
            if store.mark_removed(item.article_id, url=item.url, status=item.status,
                                  seen_at=item.seen_at, crawl_id=session.crawl_id):
                self.stats.inc_value("portal_archive/articles_removed")
                item.archived = True
            return item
        if isinstance(item, AttachmentLink):
            store.link_attachment(item.article_id, item.attachment_id)
            return item
        if isinstance(item, Attachment):
            outcome = store.upsert_attachment(adapter.asdict())
            self.stats.inc_value(f"portal_archive/attachments_{outcome}")
            return item
        # A shallow copy: the store only reads the record, and `asdict`'s deep copy asked every
        # nested value whether it is an item (~4 ms an article, in the reactor).
        record = dict(adapter)
        # Before the upsert, which replaces the text an older version had (search/versions.py).
        version = store.record_version(record, crawl_id=session.crawl_id)
        self.stats.inc_value(f"portal_archive/versions_{version.replace('-', '_')}")
        outcome = store.upsert_article(record)
        self.stats.inc_value(f"portal_archive/articles_{outcome}")
        self.stats.inc_value("portal_archive/articles_indexed")
        self.stats.inc_value(f"portal_archive/articles_by_portal/{adapter['portal']}")
        self.pending += 1
        if self.pending >= self.batch:
            store.commit()
            self.pending = 0
        return item

    def close_spider(self, spider=None) -> None:
        ArchiveSession.of(self.crawler).store.commit()
