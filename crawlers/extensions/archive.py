"""The archive a crawl writes into: one WARC writer and one index store, shared by the WARC
middleware and the index pipeline (one SQLite connection, so their writes never wait on each other).

It also owns the crawl's life in the archive: the crawl row in the log, and at the end the crawl
report (`crawls/<id>.json`) and the closing of the WARC file.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from scrapy import Spider, signals
from scrapy.crawler import Crawler

from crawlers.warc_writer import RotatingWarcWriter, WarcLocation
from search.store import ArchiveStore

logger = logging.getLogger(__name__)

# Settings recorded with each crawl, so a run can be explained later.
RECORDED_SETTINGS = ("USER_AGENT", "ROBOTSTXT_OBEY", "CONCURRENT_REQUESTS_PER_DOMAIN",
                     "DOWNLOAD_DELAY", "AUTOTHROTTLE_ENABLED", "DEPTH_LIMIT", "RETRY_TIMES")


class ArchiveSession:
    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        settings = crawler.settings
        self.directory = Path(settings.get("ARCHIVE_DIR"))
        self.store = ArchiveStore.open(self.directory, create=True)
        self.crawl_id: int | None = None
        self.warc: RotatingWarcWriter | None = None
        self.host_portals: dict[str, str] = {}
        self.started = datetime.now(UTC)
        self.report: dict = {}
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchiveSession:
        return cls(crawler)

    @classmethod
    def of(cls, crawler: Crawler) -> ArchiveSession:
        session = crawler.get_extension(cls)
        if session is None:
            raise RuntimeError("ArchiveSession extension is not enabled in EXTENSIONS")
        return session

    def spider_opened(self, spider: Spider) -> None:
        # A crawl still "running" in the log was killed without a chance to close: say so.
        for crawl in self.store.crawls():
            if crawl["status"] == "running":
                self.store.finish_crawl(crawl["id"], stats={}, status="killed")
        targets = getattr(spider, "targets", ())
        for target in targets:
            if target.portal:
                for host in target.portal.hosts:
                    self.host_portals[host] = target.portal.id
        settings = self.crawler.settings
        self.crawl_id = self.store.start_crawl(
            portals=[t.portal_id for t in targets if t.portal_id],
            start_urls=[u for t in targets for u in t.start_urls],
            settings={name: settings.get(name) for name in RECORDED_SETTINGS},
        )
        self.store.commit()
        self.warc = RotatingWarcWriter(
            self.directory / "warc",
            prefix=settings.get("WARC_PREFIX"),
            max_size=settings.getint("WARC_MAX_SIZE"),
            info={"crawl-id": str(self.crawl_id), "robots": "obey" if
                  settings.getbool("ROBOTSTXT_OBEY") else "ignore",
                  "http-header-user-agent": settings.get("USER_AGENT")},
        )

    def portal_for(self, url: str) -> str | None:
        return self.host_portals.get((urlsplit(url).hostname or "").lower())

    def log_fetch(self, *, url: str, status: int | None, kind: str, error: str | None = None,
                  location: WarcLocation | None = None) -> None:
        assert self.crawl_id is not None
        self.store.log_fetch(
            self.crawl_id, url=url, status=status, kind=kind, error=error,
            warc_file=location.file if location else None,
            warc_record_id=location.record_id if location else None,
            fetched_at=datetime.now(UTC).isoformat(timespec="seconds"),
            portal=self.portal_for(url),
        )

    def spider_closed(self, spider: Spider, reason: str) -> None:
        stats = self.crawler.stats.get_stats() if self.crawler.stats else {}
        if self.warc:
            self.warc.close()
        status = {"finished": "finished", "shutdown": "interrupted"}.get(reason, "failed")
        finished = datetime.now(UTC)
        self.report = crawl_report(self, stats, status, reason, finished)
        discovery = getattr(spider, "discovery", None)
        if discovery is not None:
            self.report["discovery"] = discovery.report()
        if self.crawl_id is not None:
            self.store.finish_crawl(self.crawl_id, stats=self.report["counts"], status=status)
            reports = self.directory / "crawls"
            reports.mkdir(parents=True, exist_ok=True)
            path = reports / f"{self.crawl_id:06d}.json"
            path.write_text(json.dumps(self.report, ensure_ascii=False, indent=2) + "\n", "utf-8")
        self.store.commit()
        self.store.close()


def crawl_report(session: ArchiveSession, stats: dict, status: str, reason: str,
                 finished: datetime) -> dict:
    """A readable summary of one crawl, kept beside the archive as JSON."""
    seconds = (finished - session.started).total_seconds()
    pages = int(stats.get("downloader/response_count", 0))
    counts = {
        "pages": pages,
        "articles": int(stats.get("portal_archive/articles_indexed", 0)),
        "articles_new": int(stats.get("portal_archive/articles_inserted", 0)),
        "articles_updated": int(stats.get("portal_archive/articles_updated", 0)),
        "articles_unchanged": int(stats.get("portal_archive/articles_unchanged", 0)),
        "duplicates_dropped": int(stats.get("portal_archive/duplicates_dropped", 0)),
        "non_articles": int(stats.get("portal_archive/pages_not_article", 0)),
        "errors": int(stats.get("portal_archive/fetch_errors", 0)),
        "http_errors": int(stats.get("portal_archive/http_errors", 0)),
        "robots_forbidden": int(stats.get("robotstxt/forbidden", 0)),
        "traps_cut": int(stats.get("portal_archive/trap_links_cut", 0)),
        "links_cut": int(stats.get("portal_archive/links_cut", 0)),
        "out_of_scope_links": int(stats.get("portal_archive/out_of_scope_links", 0)),
        "warc_bytes": int(stats.get("portal_archive/warc_bytes", 0)),
        "seconds": round(seconds, 2),
    }
    per_portal = {key.split("/", 2)[2]: int(value) for key, value in stats.items()
                  if key.startswith("portal_archive/articles_by_portal/")}
    report = {
        "crawl_id": session.crawl_id,
        "status": status,
        "finish_reason": reason,
        "started": session.started.isoformat(timespec="seconds"),
        "finished": finished.isoformat(timespec="seconds"),
        "counts": counts,
        "articles_by_portal": per_portal,
        "warc_files": session.warc.files_written if session.warc else [],
    }
    if "portal_archive/elasticsearch/url" in stats:
        # Only with --index elasticsearch (pipelines/elastic.py): where the cluster copy stands.
        # Reconciled with the SQLite index: every article indexed there this crawl must have
        # been acknowledged by the cluster or spooled; `missing` is the gap the CLI reports.
        sent = int(stats.get("portal_archive/elasticsearch/sent", 0))
        spooled = int(stats.get("portal_archive/elasticsearch/spooled", 0))
        report["elasticsearch"] = {
            "url": stats["portal_archive/elasticsearch/url"],
            "articles": counts["articles"],
            "sent": sent,
            "spooled": spooled,
            "rejected": int(stats.get("portal_archive/elasticsearch/rejected", 0)),
            "missing": counts["articles"] - sent - spooled,
            "spool_file": stats.get("portal_archive/elasticsearch/spool_file"),
            "spool_error": stats.get("portal_archive/elasticsearch/spool_error"),
        }
    return report
