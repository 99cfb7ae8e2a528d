"""Extraction in a pool of worker processes, so the crawl's reactor never waits for a parse.

`page_from_exchange` (crawlers/records.py) is the one path from a response to a record. In the
crawl it used to run in Scrapy's reactor thread: while one page was parsed (tens of milliseconds
for a district article, seconds for a 2 MiB page) no other download progressed, no WARC record was
written, and the second core sat idle. Here the spider hands the exchange (bytes, URL, status,
Content-Type, target, WARC location, TLS record: plain picklable values, no Scrapy objects) to a
worker process and awaits the result as a Deferred; downloads, WARC writing and the pipelines go on
in the reactor meanwhile.

Why pebble and not `concurrent.futures.ProcessPoolExecutor`: a page that takes longer than its time
budget must cost one worker, not the crawl. The standard executor cannot stop one task: a stuck
worker stays stuck, and killing it breaks the whole pool (every pending page fails). pebble's
`ProcessPool.schedule(..., timeout=)` kills exactly the worker that overran and starts a fresh one,
and reports a worker that died (out of memory, a crash in lxml) on that one future only.

Workers are forked from a fork server that has already imported the extraction package (a fresh
interpreter, not a fork of the threaded crawl process, so no lock is inherited held), so replacing
one costs milliseconds, not an interpreter start. Starting the fork server costs ~2 s of CPU once
per crawl, in a thread, while the crawl fetches robots.txt and its first pages.

`EXTRACT_WORKERS = 0` keeps extraction in the reactor thread (no time budget can be enforced
there: a pathological page stalls the crawl until it is done, as before).
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from concurrent.futures import Future
from typing import Any

from scrapy.settings import BaseSettings
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import threads
from twisted.internet.defer import Deferred

from crawlers.items import Article
from crawlers.records import page_from_exchange

# What the crawl report says of a page whose extraction did not finish (next to budget.py's
# "over-budget" and "binary"): the page is in the WARC, `reextract` can read it later.
OVER_TIME = "over-time"
WORKER_DIED = "extraction-worker-died"


class ExtractionSkipped(Exception):
    """The page's extraction was stopped (time budget) or its worker died; `reason` says which."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


def worker_count(settings: BaseSettings) -> int:
    """EXTRACT_WORKERS, or one worker per core when it is unset (None or "")."""
    value = settings.get("EXTRACT_WORKERS")
    if value in (None, ""):
        return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(0, int(value))


def _start_fork_server() -> None:
    """Start the fork server with the directory (or egg) this process imported the project from
    first on its path, so the workers run the same code as the crawl.

    Under scrapyd the project is an egg that only the job's process has on its `sys.path`
    (docs/scale.md). The fork server is a fresh interpreter: Python before 3.12.8 hands it
    `sys.path` but does not apply it (CPython gh-117378), so it would import the project from
    wherever the interpreter finds it by default - another installed version, or none at all.
    PYTHONPATH is the documented workaround; it is set only while the server starts."""
    from multiprocessing import forkserver

    import crawlers

    root = os.path.dirname(os.path.dirname(os.path.abspath(crawlers.__file__)))
    before = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (root, before) if p)
    try:
        forkserver.ensure_running()
    finally:
        if before is None:
            del os.environ["PYTHONPATH"]
        else:
            os.environ["PYTHONPATH"] = before


def _warm() -> None:
    """Run once in each worker: build the lazily made tables before the first real page."""
    from crawlers.records import extractor_version

    extractor_version()


class ExtractionWorkers:
    """`page(...)`: `page_from_exchange` in a worker process (or in-process with 0 workers)."""

    def __init__(self, workers: int, timeout: float | None):
        self.workers = workers
        self.timeout = timeout or None
        self._pool: Any = None
        self._starting: threading.Thread | None = None
        self._start_error: BaseException | None = None
        if workers > 0:
            # Started in a thread: the fork server's imports (~2 s) overlap with the crawl's start
            # (robots.txt, the first downloads) instead of holding up the reactor.
            self._starting = threading.Thread(target=self._start, name="extraction-workers",
                                              daemon=True)
            self._starting.start()

    def _start(self) -> None:
        try:
            self._pool = self._new_pool()
        except BaseException as exc:  # said on every page, not lost in a thread
            self._start_error = exc

    def _new_pool(self) -> Any:
        from pebble import ProcessPool

        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["crawlers.records", "crawlers.extraction"])
        _start_fork_server()
        pool = ProcessPool(max_workers=self.workers, context=context, initializer=_warm)
        pool.schedule(_warm).result()  # pebble starts the fork server and workers on a first task
        return pool

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> ExtractionWorkers:
        return cls(worker_count(settings), settings.getfloat("EXTRACT_TIMEOUT", 0.0))

    async def page(self, **exchange: Any) -> tuple[str, Article | None]:
        """The page type and article of one exchange (the keyword arguments of
        `page_from_exchange`). Raises ExtractionSkipped when the page overran EXTRACT_TIMEOUT
        (its worker is killed and replaced) or its worker died; an exception raised by
        extraction itself is raised here unchanged, as it would be in-process."""
        if self._starting is not None and self._starting.is_alive():
            await maybe_deferred_to_future(threads.deferToThread(self._starting.join))
        if self._start_error is not None:
            raise RuntimeError(f"extraction workers did not start: {self._start_error!r}")
        if self._pool is None:
            return page_from_exchange(**exchange)
        future = self._pool.schedule(page_from_exchange, kwargs=exchange, timeout=self.timeout)
        try:
            return await maybe_deferred_to_future(_deferred(future))
        except TimeoutError as exc:
            raise ExtractionSkipped(OVER_TIME, f"longer than {self.timeout:g} s") from exc
        except Exception as exc:
            from pebble import ProcessExpired

            if isinstance(exc, ProcessExpired):
                raise ExtractionSkipped(WORKER_DIED, f"exit code {exc.exitcode}") from exc
            raise

    def close(self) -> None:
        """Stop the workers (pages still being read are abandoned: only at the crawl's end)."""
        if self._starting is not None:
            self._starting.join()
        if self._pool is not None:
            self._pool.stop()
            self._pool.join(timeout=10)
            self._pool = None


def _deferred(future: Future) -> Deferred:
    """A Deferred fired in the reactor thread when `future` (done in pebble's thread) is done.
    Works with any reactor, unlike `Deferred.fromFuture`, which needs asyncio futures."""
    from twisted.internet import reactor  # the installed one: importing earlier would install one

    deferred: Deferred = Deferred()

    def fire(done: Future) -> None:
        error = done.exception()
        if error is not None:
            deferred.errback(error)
        else:
            deferred.callback(done.result())

    future.add_done_callback(lambda done: reactor.callFromThread(fire, done))
    return deferred
