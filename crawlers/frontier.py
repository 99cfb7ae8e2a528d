"""One frontier and one duplicate filter for several crawler processes, in Redis (scrapy-redis).

`portal-archive crawl ... --frontier redis://HOST:PORT/DB` on any number of machines: every
worker runs the same command (same targets, same order: requests name their target by index),
each into its own `--archive`; they share the queue of requests and the set of request
fingerprints seen, so every URL is fetched once by one of them. This is scrapy-redis's scheduler,
queue and duplicate filter (keys `portal-archive:<job>:requests|dupefilter`, the job being the
hash of the targets, as for the job directory of a single crawl), plus what it lacks for workers
that can die:

- **No request is lost with its worker.** scrapy-redis pops a request out of Redis: if the worker
  is then killed, its in-flight requests are gone (and marked seen). Here the pop moves the request
  into the worker's *processing* hash in the same Lua script, and it leaves that hash only once its
  callback has run to the end (links queued, article handed to the pipelines: `FrontierAck`
  spider middleware), or its download failed for good (`FrontierAck` downloader middleware), or
  it went back into the queue (a retry or redirect). Each worker renews a heartbeat key every
  FRONTIER_HEARTBEAT seconds; a worker whose key expired (FRONTIER_DEAD_AFTER) is dead, and the
  first live worker to notice moves its processing requests back into the queue (atomically,
  with their priority), where another worker picks them up.
- **A worker stops only when everything is done**: when the queue is empty *and* no worker holds a
  request in progress (a live worker's page may still add links; a dead one's come back).

What a killed worker had already written stays in its archive: a page it fetched but whose
callback did not finish is fetched again by another worker, so such a page can be in two WARC
files (never twice in one index: see docs/scale.md for merging archives).
"""

from __future__ import annotations

import os
import socket
import threading
import uuid
from typing import Any

from scrapy import Request, Spider
from scrapy.core.downloader import Downloader
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy_redis.queue import PriorityQueue
from scrapy_redis.scheduler import Scheduler
from twisted.internet import task

FRONTIER_ID = "frontier_id"

# Pop the best request (lowest score) and keep it, with its score, in this worker's processing
# hash under the sha1 of its bytes; the worker is registered as one to watch.
_POP = """
local found = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #found == 0 then return nil end
redis.call('ZREM', KEYS[1], found[1])
local id = redis.sha1hex(found[1])
redis.call('HSET', KEYS[2], id, found[2] .. '|' .. found[1])
redis.call('SADD', KEYS[3], ARGV[1])
return {id, found[1]}
"""

# For every registered worker whose heartbeat key is gone: its processing requests back into the
# queue with their scores, its hash and registration removed. Returns how many came back.
_REQUEUE = """
local moved = 0
for _, worker in ipairs(redis.call('SMEMBERS', KEYS[2])) do
  if redis.call('EXISTS', ARGV[1] .. worker) == 0 then
    local key = ARGV[2] .. worker
    local entries = redis.call('HVALS', key)
    for _, entry in ipairs(entries) do
      local bar = string.find(entry, '|', 1, true)
      redis.call('ZADD', KEYS[1], string.sub(entry, 1, bar - 1), string.sub(entry, bar + 1))
      moved = moved + 1
    end
    redis.call('DEL', key)
    redis.call('SREM', KEYS[2], worker)
  end
end
return moved
"""

# Requests queued plus requests in progress at any worker (dead ones included until requeued).
_PENDING = """
local total = redis.call('ZCARD', KEYS[1])
for _, worker in ipairs(redis.call('SMEMBERS', KEYS[2])) do
  total = total + redis.call('HLEN', ARGV[1] .. worker)
end
return total
"""


def frontier_settings(url: str, job: str, *, worker: str | None = None) -> dict[str, Any]:
    """The Scrapy settings that put a crawl's frontier in the Redis at `url`, under `job`."""
    prefix = f"portal-archive:{job}"
    return {
        "SCHEDULER": "crawlers.frontier.SharedScheduler",
        "SCHEDULER_QUEUE_CLASS": "crawlers.frontier.ReliableQueue",
        "SCHEDULER_QUEUE_KEY": f"{prefix}:requests",
        "SCHEDULER_DUPEFILTER_KEY": f"{prefix}:dupefilter",
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
        # The frontier outlives any one worker: it is cleared by `crawl --restart`, not on close.
        "SCHEDULER_PERSIST": True,
        # Each download waits for its host's turn across all workers (SharedHostDelay).
        "DOWNLOADER": "crawlers.frontier.SharedDelayDownloader",
        "REDIS_URL": url,
        "FRONTIER_PREFIX": prefix,
        "FRONTIER_WORKER": worker or f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}",
    }


class FrontierAddon:
    """Scrapy add-on (settings/base.py `ADDONS`): a crawl whose settings name `FRONTIER_URL` joins
    that Redis frontier under `FRONTIER_JOB`, the name every worker of one crawl shares.

    Why an add-on: the frontier changes the scheduler, queue, duplicate filter, downloader,
    middlewares and pipelines, and must do so however the crawl is started - by
    `portal-archive crawl --frontier` (which sets the two settings) or by a `scrapy crawl` that
    scrapyd runs (`setting=FRONTIER_URL=...`, `setting=FRONTIER_JOB=...` in `schedule.json`).
    Add-ons are Scrapy's place for settings that follow from other settings. They are written at
    `cmdline` priority because the project's own (`DUPEFILTER_CLASS`, `ITEM_PIPELINES`) are
    above the `addon` priority and must give way."""

    def update_settings(self, settings: Any) -> None:
        url = settings.get("FRONTIER_URL")
        if not url:
            return
        job = settings.get("FRONTIER_JOB")
        if not job:
            raise ValueError("FRONTIER_URL is set but FRONTIER_JOB is not: give every worker of "
                             "one crawl the same FRONTIER_JOB name")
        settings.setdict(frontier_settings(url, job, worker=settings.get("FRONTIER_WORKER")),
                         priority="cmdline")
        frontier_middlewares(settings)


def frontier_middlewares(settings: Any) -> None:
    """Add the acknowledging middlewares and the shared deduplication pipeline to `settings` (a Scrapy Settings)."""
    spider_mw = settings.getdict("SPIDER_MIDDLEWARES")
    # Outermost (lowest order): its generator ends after every other middleware's output.
    spider_mw["crawlers.frontier.FrontierAck"] = 1
    settings.set("SPIDER_MIDDLEWARES", spider_mw, priority="cmdline")
    downloader_mw = settings.getdict("DOWNLOADER_MIDDLEWARES")
    # Outermost: process_exception reaches it only when no middleware retried or redirected.
    downloader_mw["crawlers.frontier.FrontierAck"] = 1
    settings.set("DOWNLOADER_MIDDLEWARES", downloader_mw, priority="cmdline")
    pipelines = settings.getdict("ITEM_PIPELINES")
    order = pipelines.pop("pipelines.deduplicate.DeduplicatePipeline", 200)
    pipelines["pipelines.deduplicate.DeduplicatePipeline"] = None
    pipelines["pipelines.deduplicate.SharedDeduplicatePipeline"] = order
    settings.set("ITEM_PIPELINES", pipelines, priority="cmdline")


def clear_frontier(url: str, job: str) -> int:
    """Delete every key of `job`'s frontier (`crawl --restart`); how many were deleted."""
    import redis

    server = redis.Redis.from_url(url)
    keys = list(server.scan_iter(match=f"portal-archive:{job}:*", count=1000))
    return server.delete(*keys) if keys else 0


def check_frontier(url: str) -> None:
    """Raise UserError (exit 2) when the Redis at `url` cannot be reached."""
    import redis

    from crawlers.errors import UserError

    try:
        redis.Redis.from_url(url, socket_connect_timeout=5).ping()
    except (redis.RedisError, ValueError) as exc:
        raise UserError(f"cannot reach the frontier at {url.split('@')[-1]}: {exc}; start Redis "
                        "there or fix --frontier") from None


class ReliableQueue(PriorityQueue):
    """scrapy-redis's priority queue whose pop keeps the request in the worker's processing hash."""

    def __init__(self, server: Any, spider: Spider, key: str, serializer: Any = None):
        super().__init__(server, spider, key, serializer)
        settings = spider.crawler.settings
        self.prefix = settings["FRONTIER_PREFIX"]
        self.worker = settings["FRONTIER_WORKER"]
        self.processing_prefix = f"{self.prefix}:processing:"
        self.heartbeat_prefix = f"{self.prefix}:alive:"
        self.workers_key = f"{self.prefix}:workers"
        self._pop = server.register_script(_POP)
        self._requeue = server.register_script(_REQUEUE)
        self._pending = server.register_script(_PENDING)

    @property
    def processing_key(self) -> str:
        return self.processing_prefix + self.worker

    def pop(self, timeout: int = 0) -> Request | None:
        found = self._pop(keys=[self.key, self.processing_key, self.workers_key], args=[self.worker])
        if not found:
            return None
        frontier_id, data = found
        request = self._decode_request(data)
        request.meta[FRONTIER_ID] = frontier_id.decode() if isinstance(frontier_id, bytes) else frontier_id
        return request

    def push_again(self, request: Request, done_id: str | None) -> None:
        """Queue `request` and, in the same transaction, forget the popped request it replaces."""
        data = self._encode_request(request)
        pipe = self.server.pipeline()
        pipe.execute_command("ZADD", self.key, -request.priority, data)
        if done_id:
            pipe.hdel(self.processing_key, done_id)
        pipe.execute()

    def ack(self, frontier_id: str) -> None:
        self.server.hdel(self.processing_key, frontier_id)

    def beat(self, ttl: float) -> int:
        """Renew this worker's heartbeat; requeue the requests of dead workers (how many)."""
        self.server.set(self.heartbeat_prefix + self.worker, "1", px=int(ttl * 1000))
        return int(self._requeue(keys=[self.key, self.workers_key],
                                 args=[self.heartbeat_prefix, self.processing_prefix]))

    def pending(self) -> int:
        return int(self._pending(keys=[self.key, self.workers_key], args=[self.processing_prefix]))

    def retire(self) -> None:
        """This worker stops: its heartbeat and (empty) processing hash go."""
        pipe = self.server.pipeline()
        pipe.delete(self.heartbeat_prefix + self.worker)
        pipe.srem(self.workers_key, self.worker)
        pipe.execute()


class SharedScheduler(Scheduler):
    """scrapy-redis's scheduler over `ReliableQueue`, with heartbeats and a shared idea of done."""

    queue: ReliableQueue

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SharedScheduler:
        scheduler = super().from_crawler(crawler)
        scheduler.heartbeat = crawler.settings.getfloat("FRONTIER_HEARTBEAT", 2.0)
        scheduler.dead_after = crawler.settings.getfloat("FRONTIER_DEAD_AFTER", 10.0)
        scheduler.crawler = crawler
        return scheduler

    def open(self, spider: Spider) -> None:
        super().open(spider)
        self.queue.beat(self.dead_after)
        # In a thread of its own, not the reactor: "dead" must mean the process is gone, not that
        # its reactor was busy for a few seconds (the requests it holds are still in progress).
        self._stopping = threading.Event()
        self._beating = threading.Thread(target=self._beat_until_closed, name="frontier-heartbeat",
                                         daemon=True)
        self._beating.start()

    def _beat_until_closed(self) -> None:
        from twisted.internet import reactor

        while not self._stopping.wait(self.heartbeat):
            try:
                moved = self.queue.beat(self.dead_after)
            except Exception as exc:  # noqa: BLE001 - Redis away for a moment: try next beat
                reactor.callFromThread(self.spider.logger.warning, "frontier heartbeat: %s", exc)
                continue
            if moved:
                reactor.callFromThread(self._requeued, moved)

    def _requeued(self, moved: int) -> None:
        if self.stats:
            self.stats.inc_value("frontier/requeued_from_dead_workers", moved)
        self.spider.logger.warning("frontier: %d requests of a stopped worker queued again", moved)

    def close(self, reason: str) -> None:
        if getattr(self, "_beating", None) is not None:
            self._stopping.set()
            self._beating.join()
        if reason == "finished":
            self.queue.retire()
        super().close(reason)

    def enqueue_request(self, request: Request) -> bool:
        done_id = request.meta.pop(FRONTIER_ID, None)
        if not request.dont_filter and self.df.request_seen(request):
            self.df.log(request, self.spider)
            if done_id:
                self.queue.ack(done_id)
            return False
        if self.stats:
            self.stats.inc_value("scheduler/enqueued/redis")
        self.queue.push_again(request, done_id)
        return True

    def next_request(self) -> Request | None:
        request = self.queue.pop()
        if request is not None and self.stats:
            self.stats.inc_value("scheduler/dequeued/redis")
        return request

    def has_pending_requests(self) -> bool:
        # Not idle while any worker may still add requests or a dead one's may come back.
        return self.queue.pending() > 0


def _ack(crawler: Crawler, request: Request | None) -> None:
    scheduler = crawler.engine.scheduler if crawler.engine else None
    frontier_id = request.meta.pop(FRONTIER_ID, None) if request is not None else None
    if frontier_id and isinstance(scheduler, SharedScheduler):
        scheduler.queue.ack(frontier_id)


class FrontierAck:
    """Spider and downloader middleware: a popped request is done once its callback has run to
    the end (everything it yielded is queued or handed on) or its download failed for good."""

    def __init__(self, crawler: Crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FrontierAck:
        return cls(crawler)

    # spider middleware
    async def process_spider_output_async(self, response: Response, result: Any) -> Any:
        try:
            async for output in result:
                yield output
        finally:
            _ack(self.crawler, response.request)

    def process_spider_output(self, response: Response, result: Any) -> Any:
        try:
            yield from result
        finally:
            _ack(self.crawler, response.request)

    # downloader middleware: outermost, so it sees only failures no other middleware took up
    def process_exception(self, request: Request, exception: Exception,
                          spider: Spider | None = None) -> None:
        _ack(self.crawler, request)
        return None


# Reserve the next start time of a host for this request: at least `delay` ms after the one
# reserved before it, by any worker. Redis's clock is the one clock all workers share.
# Claim the host's next request start: granted (0) only when at least ARGV[1] ms have passed, on
# Redis's clock, since the last granted start of any worker; otherwise how many ms are left.
_CLAIM = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local last = redis.call('GET', KEYS[1])
if last then
  local left = tonumber(last) + tonumber(ARGV[1]) - now
  if left > 0 then return left end
end
redis.call('SET', KEYS[1], now, 'PX', tonumber(ARGV[1]) + 60000)
return 0
"""


class SharedHostDelay:
    """DOWNLOAD_DELAY per host across *all* workers of a frontier, on actual request starts.

    Scrapy's delay (and AutoThrottle's) is per process: N workers would each keep it, and a portal
    would see N times the rate. Here a request, at the moment it is handed to the download handler
    (Scrapy 2.19 order: downloader middlewares, then the host's slot queue with its own per-process
    delay and concurrency, then `Downloader._download`, which counts the request as transferring
    and calls the handlers), claims its host's start in Redis (one key per host holding the last
    start of any worker, one Lua script, Redis's clock) and waits and claims again until at least
    max(DOWNLOAD_DELAY, the worker's current slot delay, i.e. AutoThrottle's) has passed since
    that start. Only then does the handler open the connection, so what is spaced is the request
    going out, not a reservation made earlier.

    Why not a downloader middleware (as first written): middlewares run *before* the slot queue,
    whose own delay and concurrency then hold the request for an unknown time, so two workers'
    requests left as little as 20 ms apart (docs/scale.md). Why a wrapper of the downloader's
    handlers and not of each scheme's handler: every scheme (the TLS handler, Playwright's when
    rendering, robots.txt fetches) goes through it, and a waiting request keeps its transfer slot,
    so per-host concurrency is still the worker's CONCURRENT_REQUESTS_PER_DOMAIN.

    Not enforced across workers: how many requests are in flight at once (each worker keeps its
    own per-domain concurrency)."""

    def __init__(self, crawler: Crawler, downloader: Any):
        from scrapy_redis.connection import get_redis_from_settings

        self.crawler = crawler
        self.downloader = downloader
        self.delay = crawler.settings.getfloat("DOWNLOAD_DELAY")
        self.prefix = crawler.settings["FRONTIER_PREFIX"] + ":host-last:"
        self._claim = get_redis_from_settings(crawler.settings).register_script(_CLAIM)

    def delay_for(self, request: Request) -> float:
        """The spacing for `request`'s host: DOWNLOAD_DELAY or the slot's (AutoThrottle's)."""
        slot = self.downloader.slots.get(self.downloader.get_slot_key(request))
        return max(self.delay, slot.delay if slot is not None else 0.0)

    async def wait_turn(self, request: Request) -> None:
        """Return once this worker may start `request` (its host's start has been claimed)."""
        from scrapy.utils.defer import maybe_deferred_to_future
        from twisted.internet import reactor

        delay_ms = int(self.delay_for(request) * 1000)
        if delay_ms <= 0:
            return
        key = self.prefix + self.downloader.get_slot_key(request)
        waited = False
        while (left_ms := int(self._claim(keys=[key], args=[delay_ms]))) > 0:
            waited = True
            await maybe_deferred_to_future(task.deferLater(reactor, left_ms / 1000, lambda: None))
        if waited:
            self.crawler.stats.inc_value("frontier/host_delay_waits")


class _HostDelayedHandlers:
    """The downloader's handlers, each download started only once `SharedHostDelay` grants it."""

    def __init__(self, handlers: Any, delay: SharedHostDelay):
        self._handlers = handlers
        self._delay = delay

    async def download_request_async(self, request: Request) -> Response:
        await self._delay.wait_turn(request)
        return await self._handlers.download_request_async(request)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._handlers, name)


class SharedDelayDownloader(Downloader):
    """Scrapy's downloader whose downloads wait for `SharedHostDelay` (DOWNLOADER with
    `--frontier`): the wait sits between the slot queue and the handler, where no public hook is
    (the `request_reached_downloader` signal fires before the slot queue)."""

    def __init__(self, crawler: Crawler):
        super().__init__(crawler)
        if not hasattr(self.handlers, "download_request_async"):  # an older Scrapy: only the Deferred API
            raise RuntimeError("--frontier's shared host delay needs Scrapy's "
                               "DownloadHandlers.download_request_async (Scrapy 2.19 is tested)")
        self.handlers = _HostDelayedHandlers(self.handlers, SharedHostDelay(crawler, self))
