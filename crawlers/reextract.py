"""`portal-archive reextract`: rebuild or update the index from the WARC files alone.

The WARC files are the archive of record; the index is derived from them. Once extraction
improves, or the index is lost, every archived page is read back (crawlers/warc_reader.py) and
put through the same function the live crawl uses (`crawlers.records.article_from_exchange`),
with the current extractor and without the network. The records then carry the current
`extractor_version`, and `ArchiveStore.upsert_article` rewrites whatever another extractor made.

Which responses become records follows the spider: 2xx text pages that are not feeds, sitemaps
or robots.txt go to extraction; documents (by URL, as the spider schedules them) become
attachment records, tied to the article named by their request's Referer; article pages give
their document links. Within one crawl the first record of an id wins, as the crawl's
DeduplicatePipeline decides; a later crawl's record replaces an earlier one.

Properties:
  - idempotent: the writes are upserts keyed by id, so a second run finds every record unchanged;
  - resumable: after every checkpoint (index committed, Elasticsearch batch sent or spooled) the
    WARC file and byte offset reached are written to `ARCHIVE/reextract-state.json`; a run that was
    stopped (SIGTERM, Ctrl-C, a kill) continues from there when run again with the same options;
    the file is removed once a run completes;
  - both cores: extraction runs in a process pool; the parent reads the WARC files and is the
    single writer of the index (SQLite has one writer).
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from multiprocessing import get_context
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import urljoin, urlsplit

from parsel import Selector
from scrapy.http import Headers, TextResponse
from scrapy.responsetypes import responsetypes
from w3lib.encoding import html_to_unicode
from w3lib.html import get_base_url

from crawlers.attachments import Attachment, AttachmentLink, attachment_from_exchange
from crawlers.documents import document_kind
from crawlers.errors import UserError
from crawlers.items import GONE_STATUSES, Article, PageGone
from crawlers.records import article_from_exchange, article_id, extractor_version, normalise_article
from crawlers.registry import Registry, Target
from crawlers.urls import canonicalize_url, scope_of
from crawlers.vanished import VANISHED_URI_PREFIX, read_metadata_record
from crawlers.warc_reader import (
    ArchivedExchange,
    PayloadLocator,
    metadata_records,
    read_exchanges,
    warc_files,
)
from crawlers.warc_writer import WarcLocation
from search.store import INDEX_NAME, ArchiveStore

STATE_FILE = "reextract-state.json"
CHECKPOINT_SECONDS = 2.0
PROGRESS_SECONDS = 5.0
IN_FLIGHT_PER_WORKER = 8
"""Exchanges handed to each worker ahead of the writer: enough to keep both cores busy, few
enough that a WARC file of large pages is never held in memory at once."""

Record = Article | Attachment | AttachmentLink | PageGone


class WorkerDied(UserError):
    """An extraction process died (killed, out of memory); what was written before is kept."""

    exit_code = 3

    def __init__(self, url: str):
        super().__init__(f"an extraction process died while reading the pages near {url} "
                         "(killed or out of memory?); what was done is kept: run the same "
                         "command again to continue")


@dataclass(frozen=True)
class Options:
    portal: str | None = None
    since: date | None = None

    def key(self) -> dict[str, Any]:
        return {"portal": self.portal, "since": self.since.isoformat() if self.since else None,
                "extractor_version": extractor_version()}


@dataclass
class Report:
    files: int = 0
    responses: int = 0
    articles: dict[str, int] = field(default_factory=lambda: {
        "inserted": 0, "updated": 0, "unchanged": 0})
    attachments: int = 0
    duplicates: int = 0
    resumed_from: str | None = None
    interrupted: bool = False
    elasticsearch: dict[str, Any] | None = None
    # Articles per portal whose date many unrelated articles share (search/store.py).
    published_suspect: dict[str, int] = field(default_factory=dict)
    # Near-duplicate clustering of the whole archive (search/near_duplicates.py).
    near_duplicates: dict[str, int] = field(default_factory=dict)
    # Revisit records read (304s, identical payloads) and those whose payload record is missing.
    revisits: int = 0
    revisits_unresolved: int = 0
    # Articles marked removed (404/410 on a later fetch).
    removed: int = 0
    # Articles marked removed because a complete crawl no longer reached them.
    vanished: int = 0

    @property
    def article_count(self) -> int:
        return sum(self.articles.values())


# -- in the worker processes -------------------------------------------------------------------

_registry: Registry | None = None  # one per worker process, loaded by `_init_worker`


def _init_worker(registry_path: str | None) -> None:
    global _registry
    # The parent decides when to stop on Ctrl-C (sent to the whole process group); a worker
    # killed by SIGTERM or the OOM killer breaks the pool, which the parent notices.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _registry = Registry.load(Path(registry_path) if registry_path else None)


def _records_in_worker(exchange: ArchivedExchange) -> list[Record]:
    assert _registry is not None
    return records_of(exchange, _registry)


def target_of(url: str, registry: Registry) -> Target:
    """The crawl target a URL belongs to: its registry portal by host, else its own host:port."""
    portal = registry.by_host(urlsplit(url).hostname or "")
    if portal is not None:
        return registry.target_for(portal.id)
    return Target((), frozenset({scope_of(url)}), None)


def portal_key(target: Target, url: str) -> str:
    return target.portal_id or scope_of(url)


def records_of(exchange: ArchivedExchange, registry: Registry) -> list[Record]:
    """The records the live crawl made from this exchange (empty for everything else)."""
    url = exchange.url
    if exchange.status in GONE_STATUSES:
        return [PageGone(article_id(url), url, exchange.status, exchange.fetched_at)]
    if not 200 <= exchange.status < 300 or urlsplit(url).path == "/robots.txt":
        return []
    target = target_of(url, registry)
    warc = WarcLocation(exchange.warc_file, exchange.record_id, exchange.offset)
    content_type = exchange.header("Content-Type")
    if document_kind(url):
        disposition = exchange.header("Content-Disposition")
        if disposition:  # the writer stored raw header bytes as latin-1; the crawl read UTF-8
            disposition = disposition.encode("latin-1", "replace").decode("utf-8", "replace")
        referer = exchange.request_header("Referer")
        return [attachment_from_exchange(
            exchange.body, url=url, status=exchange.status, content_type=content_type,
            content_disposition=disposition, portal=portal_key(target, url),
            parent_url=canonicalize_url(referer) if referer else None, warc=warc,
            fetched_at=exchange.fetched_at)]
    response_class = responsetypes.from_args(
        headers=Headers(exchange.headers), url=url, body=exchange.body)
    if not issubclass(response_class, TextResponse):
        return []
    media = (content_type or "").lower()
    if "xml" in media or exchange.body.lstrip()[:5] == b"<?xml":
        return []  # sitemaps and feeds: discovery, not articles
    article = article_from_exchange(exchange.body, url=url, status=exchange.status,
                                    content_type=content_type, target=target, warc=warc,
                                    fetched_at=exchange.fetched_at)
    if article is None or not normalise_article(article):
        return []
    links = [AttachmentLink(article.id, article_id(link))
             for link in _document_links(exchange, target)]
    return [article, *links]


def _document_links(exchange: ArchivedExchange, target: Target) -> list[str]:
    """Documents an article page links within its portal, canonicalised as the spider does."""
    _, text = html_to_unicode(exchange.header("Content-Type"), exchange.body)
    base = get_base_url(text, exchange.url)
    found: list[str] = []
    for href in Selector(text=text).css("a::attr(href), area::attr(href)").getall():
        href = href.strip()
        if not href or href.lower().startswith(("javascript:", "mailto:", "tel:", "data:", "#")):
            continue
        url = canonicalize_url(urljoin(base, href))
        if url.startswith(("http://", "https://")) and scope_of(url) in target.scopes \
                and document_kind(url) and url not in found:
            found.append(url)
    return found


# -- in the parent: the single writer ----------------------------------------------------------

def load_state(archive: Path, options: Options) -> dict[str, Any]:
    """Where an interrupted run with the same options stopped (empty when there is none, when
    the options or the extractor differ, or when the index it wrote to is gone)."""
    path = archive / STATE_FILE
    fresh = {**options.key(), "files": {}}
    if not (archive / INDEX_NAME).is_file():
        return fresh
    try:
        state = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return fresh
    if any(state.get(k) != v for k, v in options.key().items()):
        return fresh
    return state


def save_state(archive: Path, state: dict[str, Any]) -> None:
    part = archive / f".{STATE_FILE}.part"
    part.write_text(json.dumps(state, indent=1) + "\n", "utf-8")
    os.replace(part, archive / STATE_FILE)


class Reextraction:
    """One run over an archive's WARC files, writing through one `ArchiveStore`."""

    def __init__(self, archive: Path, options: Options, *, registry: Registry,
                 registry_path: str | None = None, workers: int = 2,
                 elastic: Any | None = None, progress: TextIO | None = sys.stderr,
                 should_stop: Callable[[], bool] = lambda: False):
        self.archive = archive
        self.options = options
        self.registry = registry
        self.registry_path = registry_path
        self.workers = max(1, workers)
        self.elastic = elastic
        self.progress = progress
        self.should_stop = should_stop
        self.report = Report()
        self.seen: set[tuple[str | None, str, str]] = set()
        self.url_to_canonical: dict[str, str] = {}
        self.locator = PayloadLocator(archive / "warc")
        self._last_progress = time.monotonic()
        self._current = ""

    def wanted(self, exchange: ArchivedExchange) -> bool:
        if self.options.since and exchange.fetched_at[:10] < self.options.since.isoformat():
            return False
        if self.options.portal:
            return portal_key(target_of(exchange.url, self.registry), exchange.url) == \
                self.options.portal
        return True

    def run(self) -> Report:
        files = warc_files(self.archive / "warc")
        state = load_state(self.archive, self.options)
        done = state["files"]
        if done:
            self.report.resumed_from = next(
                (f"{name} byte {entry['offset']}" for name, entry in done.items()
                 if not entry.get("done")), "the last file")
            # Said even with --quiet (as `crawl` says it resumes): the run does less than all.
            print(f"reextract: continuing an interrupted run from {self.report.resumed_from}",
                  file=sys.stderr, flush=True)
        # Workers are forked on first use, after the index is opened, but never touch it.
        pool = ProcessPoolExecutor(
            self.workers, mp_context=get_context("spawn" if sys.platform == "darwin" else "fork"),
            initializer=_init_worker, initargs=(self.registry_path,))
        store = ArchiveStore.open(self.archive, create=True)
        try:
            for number, path in enumerate(files, 1):
                entry = done.setdefault(path.name, {"offset": 0, "done": False})
                if entry.get("done"):
                    continue
                self.report.files += 1
                finished = self._one_file(path, entry, store, state, pool, number, len(files))
                if not finished:
                    self.report.interrupted = True
                    self._checkpoint(store, state)
                    break
                # A crawl's sweep is its last record: after all its pages, before the next crawl.
                self._vanished(path, store)
                entry["done"] = True
                self._checkpoint(store, state)
        except BrokenProcessPool:
            self.report.interrupted = True
            self._checkpoint(store, state)
            if not self.should_stop():  # not our own stop: a worker was killed under us
                raise WorkerDied(self._current) from None
        finally:
            # Pages already handed out finish (each is bounded); nothing new starts.
            pool.shutdown(wait=True, cancel_futures=True)
            if self.elastic is not None:
                self.elastic.flush()
            if not self.report.interrupted:
                self.report.published_suspect = store.flag_shared_dates()
                self.report.near_duplicates = store.cluster_near_duplicates()
            store.close()
        if not self.report.interrupted:
            (self.archive / STATE_FILE).unlink(missing_ok=True)
        if self.elastic is not None:
            self.report.elasticsearch = self.elastic.counts()
        return self.report

    def _one_file(self, path: Path, entry: dict[str, Any], store: ArchiveStore,
                  state: dict[str, Any], pool: ProcessPoolExecutor, number: int, total: int) -> bool:
        size = path.stat().st_size
        pending: deque[tuple[ArchivedExchange, Any]] = deque()
        last_checkpoint = time.monotonic()
        limit = self.workers * IN_FLIGHT_PER_WORKER
        exchanges = read_exchanges(path, start=int(entry["offset"]))

        def write_oldest() -> None:
            exchange, result = pending.popleft()
            self._current = exchange.url
            for record in result.result():
                self._write(record, exchange, store)
            self._validators(exchange, store)
            entry["offset"] = exchange.end
            self.report.responses += 1

        for exchange in exchanges:
            if self.should_stop():
                return False
            if exchange.revisit_of is None:
                self.locator.remember(exchange)
            if not self.wanted(exchange):
                continue
            if exchange.revisit_of is not None:
                self.report.revisits += 1
                if self.locator.resolve(exchange) is None:
                    self.report.revisits_unresolved += 1  # `verify` names the missing record
                    continue
            pending.append((exchange, pool.submit(_records_in_worker, exchange)))
            while len(pending) >= limit:
                write_oldest()
            if time.monotonic() - last_checkpoint >= CHECKPOINT_SECONDS:
                self._checkpoint(store, state)
                last_checkpoint = time.monotonic()
            self._show_progress(number, total, entry["offset"], size)
        while pending:
            if self.should_stop():
                return False
            write_oldest()
        return True

    def _vanished(self, path: Path, store: ArchiveStore) -> None:
        """The articles a complete crawl no longer reached, as its WARC metadata record says
        (crawlers/vanished.py): marked removed again, with the same time and crawl."""
        for _, body in metadata_records(path, VANISHED_URI_PREFIX):
            crawl, removed_at, articles = read_metadata_record(body)
            if self.options.since and removed_at[:10] < self.options.since.isoformat():
                continue
            for article, url in articles:
                if self.options.portal and portal_key(target_of(url, self.registry), url) != \
                        self.options.portal:
                    continue
                if store.mark_vanished(article, url=url, seen_at=removed_at, crawl_id=crawl):
                    self.report.vanished += 1

    def _validators(self, exchange: ArchivedExchange, store: ArchiveStore) -> None:
        """What the crawl kept for conditional re-crawls, from the records alone."""
        if exchange.method != "GET" or exchange.rendered:
            return
        crawl = int(exchange.crawl_id) if (exchange.crawl_id or "").isdigit() else None
        fields = {"etag": exchange.header("ETag"),
                  "last_modified": exchange.header("Last-Modified"),
                  "crawl_id": crawl, "seen_at": exchange.fetched_at}
        if exchange.revisit_of is not None:
            store.revalidated(exchange.url, **fields)
        elif exchange.status == 200:
            store.save_validators(exchange.url, payload_digest=exchange.payload_digest,
                                  warc_file=exchange.warc_file, warc_record_id=exchange.record_id,
                                  warc_offset=exchange.offset, warc_date=exchange.warc_date,
                                  **fields)

    def _write(self, record: Record, exchange: ArchivedExchange, store: ArchiveStore) -> None:
        crawl = int(exchange.crawl_id) if (exchange.crawl_id or "").isdigit() else None
        if isinstance(record, PageGone):
            if store.mark_removed(record.article_id, url=record.url, status=record.status,
                                  seen_at=record.seen_at, crawl_id=crawl):
                self.report.removed += 1
            return
        if isinstance(record, AttachmentLink):
            store.link_attachment(record.article_id, record.attachment_id)
            return
        key = (exchange.crawl_id, type(record).__name__, record.id)
        if key in self.seen:  # the crawl's DeduplicatePipeline kept the first of a crawl
            self.report.duplicates += 1
            return
        self.seen.add(key)
        if isinstance(record, Attachment):
            record.parent_url = self._parent(record.parent_url, store)
            record.parent_id = article_id(record.parent_url) if record.parent_url else None
            store.upsert_attachment(record.__dict__)
            self.report.attachments += 1
            return
        self.url_to_canonical[record.url] = record.canonical_url
        stored = store.get_article(record.id)
        if stored is not None and stored["warc_record_id"] == record.warc_record_id:
            # The certificate verdict is not in the WARC: keep the one the crawl recorded.
            record.tls = stored["tls"]
        store.record_version(record, crawl_id=crawl)
        outcome = store.upsert_article(record)
        self.report.articles[outcome] += 1
        if self.elastic is not None:
            self.elastic.add(record)

    def _parent(self, referer: str | None, store: ArchiveStore) -> str | None:
        """The linking article's canonical URL, as the spider passed it: None when the page that
        linked the document was not an article."""
        if not referer:
            return None
        if referer in self.url_to_canonical:
            return self.url_to_canonical[referer]
        stored = store.get_article(article_id(referer))
        return stored["canonical_url"] if stored else None

    def _checkpoint(self, store: ArchiveStore, state: dict[str, Any]) -> None:
        # Order matters: the state may only name work that is durable everywhere.
        if self.elastic is not None:
            self.elastic.flush()
        store.commit()
        save_state(self.archive, state)

    def _show_progress(self, number: int, total: int, offset: int, size: int) -> None:
        if self.progress is None or time.monotonic() - self._last_progress < PROGRESS_SECONDS:
            return
        self._last_progress = time.monotonic()
        a = self.report.articles
        share = 100 * offset // size if size else 100
        print(f"reextract: file {number}/{total} {share}%: {self.report.responses} responses, "
              f"{self.report.article_count} articles ({a['inserted']} new, {a['updated']} "
              f"updated, {a['unchanged']} unchanged), {self.report.attachments} attachments",
              file=self.progress, flush=True)


def format_report(report: Report, archive: Path) -> str:
    a = report.articles
    verb = "stopped" if report.interrupted else "done"
    line = (f"reextract {verb} ({extractor_version()}): {report.responses} responses from "
            f"{report.files} WARC file(s), {report.article_count} articles ({a['inserted']} new, "
            f"{a['updated']} updated, {a['unchanged']} unchanged), {report.attachments} "
            f"attachments, {report.duplicates} duplicates dropped; index {archive / INDEX_NAME}")
    near = report.near_duplicates
    if near.get("clusters"):
        line += (f"\nnear-duplicates: {near['duplicates']} articles are copies of another "
                 f"({near['clusters']} clusters); `export --dedupe` keeps the first of each")
    if report.revisits or report.removed or report.vanished:
        line += (f"\nrevisit records: {report.revisits} read ({report.revisits_unresolved} "
                 f"without their payload record); {report.removed} articles marked removed")
        if report.vanished:
            line += f" (404/410), {report.vanished} vanished from complete crawls"

    es = report.elasticsearch
    if es:
        line += (f"\nelasticsearch: {es['sent']} articles sent to {es['url']}, "
                 f"{es['spooled']} spooled")
        if es["spooled"]:
            line += f" to {es['spool_file']}: run `portal-archive index --replay` when the cluster is back"
    return line


class ElasticSink:
    """Articles to Elasticsearch in bulk batches, the crawl's way: `ElasticIndex.write_articles`
    (deterministic `_id`s, retries), and whatever the cluster cannot take goes to the spool for
    `portal-archive index --replay`. Every article of the run is sent, changed or not, as the
    crawl's pipeline does, so a cluster that missed an earlier run catches up."""

    def __init__(self, index: Any, archive: Path, *, hosts: list[str], batch: int = 200):
        from search.spool import BatchSender, Spool

        self.index = index
        self.hosts = hosts
        self.batch = batch
        self.buffer: list[dict[str, Any]] = []
        self.sender = BatchSender(index)
        self.spool = Spool(archive, started=datetime.now(UTC))
        self.sent = 0
        self.spooled = 0

    def add(self, article: Article) -> None:
        self.buffer.append(dict(article.__dict__))
        if len(self.buffer) >= self.batch:
            self.flush()

    def flush(self) -> None:
        batch, self.buffer = self.buffer, []
        if not batch:
            return
        delivery = self.sender.send(batch)
        self.sent += delivery.acknowledged
        if delivery.refused:
            self.spooled += self.spool.append(delivery.refused)

    def counts(self) -> dict[str, Any]:
        from search.elastic import UNAVAILABLE_ERRORS

        if self.sent:
            try:
                self.index.refresh()
            except UNAVAILABLE_ERRORS:
                pass
        return {"url": ", ".join(self.hosts),
                "sent": self.sent, "spooled": self.spooled,
                "spool_file": str(self.spool.path) if self.spooled else None}
