"""The archive a crawl writes into: one WARC writer and one index store, shared by the WARC
middleware and the index pipeline (one SQLite connection, so their writes never wait on each other).

It also owns the crawl's life in the archive: the crawl row in the log, and at the end the crawl
report (`crawls/<id>.json`) and the closing of the WARC file. With a JOBDIR it marks the job
`running` when the crawl opens and `stopped` once Scrapy has saved the queue, so the next run can
tell a job it may resume from one whose crawl was killed (crawlers/recovery.py).

When the archive cannot take more (the disk is full: a WARC record refused, or SQLite out of
space), `stop_archiving` closes the spider with reason `disk-full`: in-flight pages finish, the
WARC file ends at its last whole record, the crawl log says `disk-full`, and Scrapy keeps the
queue in JOBDIR, so the same command resumes once there is room. The report carries `failure`,
the one line the CLI prints before exiting 3.

Room to stop in: the WARC writer keeps `ARCHIVE_MIN_FREE` bytes free, and for a disk that
something else fills up, the crawl also holds `ARCHIVE_RESERVE` bytes in `ARCHIVE/.disk-reserve`,
deleted the moment the crawl has to stop, so that Scrapy's queue and spider state, the index
commit and the report can still be written (a truncated `spider.state` makes the next run lose
its whole queue).
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.utils.defer import deferred_from_coro

from crawlers.errors import ArchiveError
from crawlers.locks import lock_archive
from crawlers.recovery import job_began_earlier, write_job_state
from crawlers.vanished import (
    VANISHED_CONTENT_TYPE,
    VANISHED_URI_PREFIX,
    Sweep,
    metadata_record,
    sweep,
)
from crawlers.warc_writer import RotatingWarcWriter, WarcLocation
from search.store import ArchiveStore

logger = logging.getLogger(__name__)

DISK_FULL = "disk-full"
"""The close reason, and crawl-log status, of a crawl stopped because the archive is full."""
RESERVE_NAME = ".disk-reserve"

# Settings recorded with each crawl, so a run can be explained later.
RECORDED_SETTINGS = ("USER_AGENT", "ROBOTSTXT_OBEY", "CONCURRENT_REQUESTS_PER_DOMAIN",
                     "DOWNLOAD_DELAY", "AUTOTHROTTLE_ENABLED", "DEPTH_LIMIT", "RETRY_TIMES")


class ArchiveSession:
    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        settings = crawler.settings
        self.directory = Path(settings.get("ARCHIVE_DIR"))
        # One writer per archive, however the crawl was started: `portal-archive crawl` takes the
        # lock before Scrapy starts (and says so in ARCHIVE_LOCK_HELD); a bare `scrapy crawl`, as
        # scrapyd runs it, takes it here, before anything is written, and a second job on the
        # same archive is refused (ArchiveError: the crawl does not start).
        self.lock = None
        if not settings.getbool("ARCHIVE_LOCK_HELD"):
            self.directory.mkdir(parents=True, exist_ok=True)
            try:
                self.lock = lock_archive(self.directory)
            except ArchiveError as refusal:
                logger.error("%s", refusal)
                raise
            crawler.signals.connect(self._release_lock, signal=signals.engine_stopped)
        self.store = ArchiveStore.open(self.directory, create=True)
        self.crawl_id: int | None = None
        self.warc: RotatingWarcWriter | None = None
        self.host_portals: dict[str, str] = {}
        self.started = datetime.now(UTC)
        self.report: dict = {}
        self.failure: str | None = None
        self.reserve = self.directory / RESERVE_NAME
        # Set when the crawl opens: why its discovery log cannot cover whole portals (a resumed
        # job fetched part of them in an earlier run; a worker of a shared frontier only its
        # share), so no article is marked vanished (crawlers/vanished.py).
        self.partial: str | None = None
        # Asked now, before the scheduler opens the job directory (and creates its files).
        job_dir = settings.get("JOBDIR")
        self.resumed = bool(job_dir) and job_began_earlier(Path(job_dir))
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchiveSession:
        return cls(crawler)

    def _release_lock(self) -> None:
        if self.lock is not None:
            self.lock.close()
            self.lock = None

    @classmethod
    def of(cls, crawler: Crawler) -> ArchiveSession:
        session = crawler.get_extension(cls)
        if session is None:
            raise RuntimeError("ArchiveSession extension is not enabled in EXTENSIONS")
        return session

    def spider_opened(self, spider: Spider) -> None:
        # The crawl's clock starts with the spider, as Scrapy's own stats and `scrapy bench`
        # count: not while Scrapy builds its middlewares and pipelines (imports, ~1 s).
        self.started = datetime.now(UTC)
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
        if settings.get("FRONTIER_PREFIX"):
            self.partial = "a worker of a shared frontier sees only its share of the portal"
        elif self.resumed:
            # The dupefilter has read the requests an earlier run made (JOBDIR).
            self.partial = "the crawl resumed a job that an earlier run began"
        self.crawl_id = self.store.start_crawl(
            portals=[t.portal_id for t in targets if t.portal_id],
            start_urls=[u for t in targets for u in t.start_urls],
            settings={name: settings.get(name) for name in RECORDED_SETTINGS},
        )
        self.store.commit()
        if settings.get("JOBDIR"):
            write_job_state(Path(settings.get("JOBDIR")), "running", self.crawl_id)
        self._hold_reserve(settings.getint("ARCHIVE_RESERVE"))
        self.warc = RotatingWarcWriter(
            self.directory / "warc",
            prefix=settings.get("WARC_PREFIX"),
            max_size=settings.getint("WARC_MAX_SIZE"),
            min_free=settings.getint("ARCHIVE_MIN_FREE"),
            info={"crawl-id": str(self.crawl_id), "robots": "obey" if
                  settings.getbool("ROBOTSTXT_OBEY") else "ignore",
                  "http-header-user-agent": settings.get("USER_AGENT")},
        )

    def portal_for(self, url: str) -> str | None:
        return self.host_portals.get((urlsplit(url).hostname or "").lower())

    def log_fetch(self, *, url: str, status: int | None, kind: str, error: str | None = None,
                  location: WarcLocation | None = None) -> None:
        assert self.crawl_id is not None
        try:
            self.store.log_fetch(
                self.crawl_id, url=url, status=status, kind=kind, error=error,
                warc_file=location.file if location else None,
                warc_record_id=location.record_id if location else None,
                fetched_at=datetime.now(UTC).isoformat(timespec="seconds"),
                portal=self.portal_for(url),
            )
        except sqlite3.OperationalError as err:
            if getattr(err, "sqlite_errorname", "") != "SQLITE_FULL":
                raise
            # The WARC record is written (WARC first): only this log row is lost.
            self.stop_archiving(f"the disk is full ({err}) writing {self.store.path}")

    def stop_archiving(self, problem: str) -> None:
        """Close the crawl cleanly because the archive cannot take more; the first problem wins."""
        if self.failure is not None:
            return
        self.failure = problem
        self.reserve.unlink(missing_ok=True)  # room for the queue, the index and the report
        logger.error("stopping the crawl: %s", problem)
        deferred_from_coro(self.crawler.engine.close_spider_async(reason=DISK_FULL))

    def _hold_reserve(self, size: int) -> None:
        """Set aside `size` bytes of the disk (real blocks, not a sparse file) for stopping."""
        if size <= 0:
            return
        try:
            with self.reserve.open("wb") as fh:
                os.posix_fallocate(fh.fileno(), 0, size)
        except OSError as err:
            self.reserve.unlink(missing_ok=True)
            self.stop_archiving(f"the disk is full ({err.strerror or err}): no room for the "
                                f"{size / 2**20:.1f} MiB a crawl sets aside, in {self.directory}")

    def spider_closed(self, spider: Spider, reason: str) -> None:
        self.reserve.unlink(missing_ok=True)
        stats = self.crawler.stats.get_stats() if self.crawler.stats else {}
        # Before the WARC closes: a sweep is written there first (crawlers/vanished.py).
        sweeps = self._sweep(spider, reason)
        if self.warc:
            try:
                self.warc.close()
            except OSError as err:  # fsync/rename on a failing disk: the records flushed stay
                self._closing_failed(f"cannot close the WARC file ({err.strerror or err})")
        status = {"finished": "finished", "shutdown": "interrupted",
                  DISK_FULL: DISK_FULL}.get(reason, "failed")
        finished = datetime.now(UTC)
        self.report = crawl_report(self, stats, status, reason, finished)
        discovery = getattr(spider, "discovery", None)
        if discovery is not None:
            self.report["discovery"] = discovery.report()
        self.report["vanished"] = {s.portal: s.summary() for s in sweeps}
        self.report["counts"]["articles_vanished"] = sum(len(s.vanished) for s in sweeps)
        try:
            # Dates that many unrelated articles of a portal share (a build time): flagged over
            # each crawled portal's whole archive, counted in the report.
            crawled = list(self.report.get("articles_by_portal", {}))
            self.report["published_suspect"] = self.store.flag_shared_dates(crawled) if crawled else {}
            # The same story on several portals: grouped over the whole archive, since a copy
            # on a portal crawled earlier is still a copy (search/near_duplicates.py). Derived
            # data: a failure here is logged and reported, never keeps the crawl from closing.
            try:
                self.report["near_duplicates"] = self.store.cluster_near_duplicates()
            except (OSError, sqlite3.OperationalError):
                raise
            except Exception as err:  # noqa: BLE001 - see above
                logger.exception("near-duplicate clustering failed")
                self.report["near_duplicates"] = {"error": f"{type(err).__name__}: {err}"}
            if self.crawl_id is not None:
                self.store.finish_crawl(self.crawl_id, stats=self.report["counts"], status=status)
                reports = self.directory / "crawls"
                reports.mkdir(parents=True, exist_ok=True)
                path = reports / f"{self.crawl_id:06d}.json"
                path.write_text(json.dumps(self.report, ensure_ascii=False, indent=2) + "\n",
                                "utf-8")
            self.store.commit()
            self.store.close()
        except (OSError, sqlite3.OperationalError) as err:
            # Even the reserve ran out: the WARC is closed; the next crawl marks this one killed.
            self._closing_failed(f"cannot record the end of the crawl ({err})")
        # Scrapy closed the scheduler (saving the queue) before this signal: the job may resume.
        job_dir = self.crawler.settings.get("JOBDIR")
        if job_dir:
            try:
                write_job_state(Path(job_dir), "stopped", self.crawl_id)
            except OSError as err:
                self._closing_failed(f"cannot record the job's state ({err})")
        self.report["failure"] = self.failure

    def _sweep(self, spider: Spider, reason: str) -> list[Sweep]:
        """After a complete crawl of a portal, mark its articles it no longer reached removed
        (crawlers/vanished.py): the decision goes to the WARC first, then to the index. Every
        crawled portal gets a verdict, for the report; on any doubt nothing is marked."""
        discovery = getattr(spider, "discovery", None)
        targets = getattr(spider, "targets", ())
        if discovery is None or self.crawl_id is None or not hasattr(spider, "portal_key"):
            return []
        if self.failure is not None or self.warc is None or self.warc.failed is not None:
            reason = DISK_FULL if reason == "finished" else reason
        sweeps = []
        try:
            for index, target in enumerate(targets):
                key = spider.portal_key(index)
                if self.partial is not None:
                    sweeps.append(Sweep(key, self.partial))
                    continue
                candidates = self.store.unreached_candidates(key) \
                    if reason == "finished" else []
                sweeps.append(sweep(discovery, key, target, reason, candidates,
                                    read_before=self._read_before))
        except (OSError, sqlite3.DatabaseError) as err:
            logger.error("cannot tell which articles vanished (%s): none marked", err)
            return [Sweep(s.portal, f"the index could not be read ({err})") for s in sweeps]
        found = [s for s in sweeps if s.vanished]
        if not found:
            return sweeps
        now = datetime.now(UTC)
        removed_at = now.isoformat(timespec="seconds")
        try:
            self.warc.write_metadata(
                uri=f"{VANISHED_URI_PREFIX}{self.crawl_id}", content_type=VANISHED_CONTENT_TYPE,
                body=metadata_record(self.crawl_id, removed_at, found), date=now)
            for result in found:
                for article, url in result.vanished:
                    self.store.mark_vanished(article, url=url, seen_at=removed_at,
                                             crawl_id=self.crawl_id)
            self.crawler.stats.inc_value("portal_archive/articles_vanished",
                                         sum(len(s.vanished) for s in found))
        except (OSError, sqlite3.OperationalError) as err:
            # The WARC refused the record (nothing marked), or the index refused a mark after
            # it was written (SQLite rolls back on a full disk; `reextract` applies the record).
            logger.error("cannot record the articles that vanished (%s): none marked", err)
            return [Sweep(s.portal, f"the sweep could not be recorded ({err})") for s in sweeps]
        return sweeps

    def _read_before(self, url: str) -> bool:
        """Whether the archive holds a whole response of `url` (an earlier crawl read it)."""
        return self.store.validators_for(url) is not None

    def _closing_failed(self, problem: str) -> None:
        logger.error("%s", problem)
        if self.failure is None:
            self.failure = f"{problem} in {self.directory}"


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
        # Archived but not read: binary bodies and pages over the extraction budget (size, or
        # time in a worker process: crawlers/workers.py).
        "pages_not_read": sum(int(stats.get(f"portal_archive/skipped/{reason}", 0)) for reason in
                              ("binary", "over-budget", "over-time", "extraction-worker-died")),
        # Cancelled at DOWNLOAD_MAXSIZE: neither archived nor read.
        "downloads_over_max_size": int(stats.get("portal_archive/skipped/over-max-size", 0)),
        # Re-crawls (crawlers/middlewares/conditional.py, search/versions.py).
        "not_modified": int(stats.get("portal_archive/recrawl/not_modified", 0)),
        "revisits": int(stats.get("portal_archive/recrawl/revisit_records", 0)),
        "versions_new": int(stats.get("portal_archive/versions_new", 0)),
        "articles_removed": int(stats.get("portal_archive/articles_removed", 0)),
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
        # Response bytes archived per portal (registry id, else host[:port]); `counts.warc_bytes`
        # is their sum (portal-archive report).
        "bytes_by_portal": {key.split("/", 2)[2]: int(value) for key, value in stats.items()
                            if key.startswith("portal_archive/warc_bytes_by_portal/")},
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
