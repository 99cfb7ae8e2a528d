"""Send the crawl's articles to Elasticsearch too, when the crawl's index is elasticsearch.

Runs after `IndexPipeline`: the SQLite index in the archive is always written first (it is the
embedded archive index and the source for `portal-archive reindex`); this pipeline adds the
shared cluster. Articles are sent in batches through `ElasticIndex.write_articles`
(`streaming_bulk`, `_id` = article id so replays never duplicate, 429/5xx retried with backoff).

Articles the index marked removed (`PageGone`, search/versions.py) are flagged in the cluster at
the end of the crawl (`removed`, `removed_at`: a partial update); a flag that cannot be sent is
counted (`removals_unsent`) and set by the next `portal-archive reindex`.

Only `Article` items go to the cluster: attached documents (`Attachment`, `AttachmentLink`) stay
in the archive's SQLite index, linked to their articles; the cluster's mapping is for articles.

The crawl never waits on, or fails because of, the cluster: a batch that cannot be sent (node
down, cluster red), a batch whose preparation or sending raised anything else (a bug, a record
the cluster client cannot encode) and documents the cluster rejects all go to the spool
(`ARCHIVE/spool/elasticsearch-<timestamp>.jsonl`, see `search/spool.py`) for
`portal-archive index --replay`. After a failed batch the pipeline stops trying for
`ELASTICSEARCH_RETRY_AFTER` seconds and spools straight away, so a dead cluster costs the crawl
one connection error per interval, not one per batch.

Sends run in a worker thread (one at a time), so the reactor keeps downloading meanwhile.
Counts go to `crawler.stats` under `portal_archive/elasticsearch/`: `articles` received, `sent`,
`spooled`, `rejected`, `batches_failed`, and `unsaved` with `spool_error` when even the spool
could not be written. The crawl report reconciles them with the SQLite index (articles indexed =
sent + spooled), and the CLI exits 1 naming the gap when they differ.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from twisted.internet.defer import Deferred
from twisted.internet.threads import deferToThread

from crawlers.items import Article, PageGone
from crawlers.redact import strip_userinfo
from search.backends import elasticsearch_auth
from search.elastic import ElasticIndex
from search.spool import BatchSender, Spool, describe_error

logger = logging.getLogger(__name__)
STATS = "portal_archive/elasticsearch"


class ElasticsearchPipeline:
    def __init__(
        self,
        crawler: Crawler,
        *,
        hosts: list[str],
        alias: str,
        batch: int,
        retry_after: float,
        request_timeout: float,
        archive: Path,
        auth: dict[str, Any] | None = None,
    ) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.hosts = hosts
        self.auth = auth or {}  # never logged, never in stats
        self.alias = alias
        self.batch = batch
        self.retry_after = retry_after
        self.request_timeout = request_timeout
        self.spool = Spool(archive, started=datetime.now(UTC))
        self.index: ElasticIndex | None = None
        self.buffer: list[dict[str, Any]] = []
        self.removals: list[tuple[str, str]] = []
        self._lock = threading.Lock()  # one send at a time: spool order and stats stay simple
        self._down_until = 0.0
        self._down_reason = ""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ElasticsearchPipeline:
        settings = crawler.settings
        if settings.get("INDEX_BACKEND", "sqlite") != "elasticsearch":
            raise NotConfigured("the crawl's index is not elasticsearch")
        hosts = settings.getlist("ELASTICSEARCH_HOSTS")
        if not hosts:
            # Misconfiguration, not a choice: fail loudly rather than crawl without the cluster.
            raise ValueError("INDEX_BACKEND is elasticsearch but ELASTICSEARCH_HOSTS is empty: set ELASTICSEARCH_URL")
        # Hosts are shown (summary, report, log lines); credentials come from the environment
        # only, or from a user:pw@ left in a host URL, which is split off here.
        nodes = [strip_userinfo(host) for host in hosts]
        auth = elasticsearch_auth(os.environ) or next(
            ({"basic_auth": pair} for _, pair in nodes if pair), {})
        return cls(
            crawler,
            hosts=[url for url, _ in nodes],
            auth=auth,
            alias=settings.get("ELASTICSEARCH_ALIAS") or "portal-articles",
            batch=max(1, settings.getint("ELASTICSEARCH_BATCH", 200)),
            retry_after=settings.getfloat("ELASTICSEARCH_RETRY_AFTER", 30.0),
            request_timeout=settings.getfloat("ELASTICSEARCH_TIMEOUT", 10.0),
            archive=Path(settings.get("ARCHIVE_DIR")),
        )

    def open_spider(self, spider: Any = None) -> None:
        self.index = ElasticIndex.connect(self.hosts, alias=self.alias, request_timeout=self.request_timeout,
                                          **self.auth)
        # Fewer client retries than the CLI's: a crawl spools instead of waiting on a dead node.
        self.index.client = self.index.client.options(max_retries=1)
        self.sender = BatchSender(self.index)
        self.stats.set_value(f"{STATS}/url", ", ".join(self.hosts))
        for key in ("articles", "sent", "spooled", "rejected", "unsaved"):
            self.stats.set_value(f"{STATS}/{key}", 0)

    def process_item(self, item: Any, spider: Any = None) -> Any:
        if isinstance(item, PageGone):
            if item.archived:
                self.removals.append((item.article_id, item.seen_at))
            return item
        if not isinstance(item, Article):
            return item  # attachments and links: SQLite only (see the module docstring)
        self.stats.inc_value(f"{STATS}/articles")
        self.buffer.append(ItemAdapter(item).asdict())
        if len(self.buffer) < self.batch:
            return item
        batch, self.buffer = self.buffer, []
        d: Deferred = deferToThread(self.send_batch, batch)
        return d.addCallback(lambda _: item)

    def close_spider(self, spider: Any = None) -> Deferred:
        batch, self.buffer = self.buffer, []
        return deferToThread(self.finish, batch)

    # -- synchronous: the pipeline runs these in its worker thread -------------------------------

    def finish(self, batch: list[dict[str, Any]]) -> None:
        if batch:
            self.send_batch(batch)
        assert self.index is not None
        with self._lock:
            if self.removals:
                try:
                    self.stats.inc_value(f"{STATS}/removed",
                                         self.index.mark_removed(self.removals))
                except Exception as err:  # noqa: BLE001 - the SQLite index holds the removals
                    logger.warning("could not flag %d removed article(s) in Elasticsearch (%s): "
                                   "run `portal-archive reindex`", len(self.removals),
                                   describe_error(err))
                    self.stats.inc_value(f"{STATS}/removals_unsent", len(self.removals))
            try:
                if self._down_until <= time.monotonic() and self.stats.get_value(f"{STATS}/sent"):
                    self.index.refresh()  # the crawl summary's articles are searchable at once
            except Exception as err:  # noqa: BLE001 - what was sent is acknowledged; searchable soon
                logger.warning("Elasticsearch refresh after the crawl failed: %s", err)
            finally:
                self.index.close()
        if self.spool.count:
            self.stats.set_value(f"{STATS}/spool_file", str(self.spool.path))
            logger.warning("%d article(s) spooled to %s: run `portal-archive index --replay`",
                           self.spool.count, self.spool.path)

    def send_batch(self, batch: list[dict[str, Any]]) -> None:
        """Send one batch; whatever happens, each article ends up acknowledged or spooled."""
        assert self.index is not None
        with self._lock:
            if time.monotonic() < self._down_until:
                self._to_spool([(doc, self._down_reason, None) for doc in batch])
                return
            try:
                delivery = self.sender.send(batch)
            except Exception as err:  # noqa: BLE001 - never drop a batch, whatever went wrong
                # Not the cluster's fault (a bug, a record that cannot be prepared): the next
                # batch is tried as usual, this one is kept whole for a replay after the fix.
                reason = f"error: {describe_error(err)}"
                logger.error("could not send a batch of %d article(s) to Elasticsearch (%s); "
                             "spooled", len(batch), reason, exc_info=True)
                self.stats.inc_value(f"{STATS}/batches_failed")
                self._to_spool([(doc, reason, None) for doc in batch])
                return
            if delivery.unavailable:
                self._down_reason = delivery.unavailable
                self._down_until = time.monotonic() + self.retry_after
                logger.warning("Elasticsearch at %s failed a batch of %d (%s); spooling for %.0fs",
                               ", ".join(self.hosts), len(batch), self._down_reason, self.retry_after)
                self.stats.inc_value(f"{STATS}/batches_failed")
                self._to_spool(delivery.refused)
                return
            self.stats.inc_value(f"{STATS}/sent", delivery.acknowledged)
            if delivery.refused:
                self.stats.inc_value(f"{STATS}/rejected", len(delivery.refused))
                self._to_spool(delivery.refused)

    def _to_spool(self, entries: list[tuple[dict[str, Any], str, int | None]]) -> None:
        try:
            self.stats.inc_value(f"{STATS}/spooled", self.spool.append(entries))
        except OSError as err:
            # The articles are in the SQLite index (`portal-archive reindex` sends them); the
            # crawl goes on, and the report names the gap so the CLI exits non-zero.
            problem = f"cannot write {self.spool.path}: {err.strerror or err}"
            logger.error("%d article(s) neither sent nor spooled (%s)", len(entries), problem)
            self.stats.inc_value(f"{STATS}/unsaved", len(entries))
            self.stats.set_value(f"{STATS}/spool_error", problem)
