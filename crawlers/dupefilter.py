"""The duplicate filter, its fingerprints on disk (DUPEFILTER_CLASS of every crawl without
`--frontier`; the frontier's is scrapy-redis's, in Redis).

Scrapy's `RFPDupeFilter` writes each request fingerprint to `JOBDIR/requests.seen` *and* keeps all
of them in a Python set for the whole crawl (~100 bytes a request, never released). Here they are
rows of a SQLite table in the job directory (`requests.seen.sqlite3`), found by its primary key,
so the crawl's memory does not grow with the number of requests. No well-kept library does this
for Scrapy: scrapy-redis's filter needs a Redis server, scrapy-deltafetch filters *items* across
runs, not requests within one, and a Bloom filter (pybloom and kin) would drop requests it wrongly
believes seen. The set itself is crawlers/disksets.py.

The file persists with the job directory, so a crawl resumed from its JOBDIR filters what the
stopped run had requested, as Scrapy's does; fingerprints from a job directory written by Scrapy's
filter (`requests.seen`) are read in once. Without a JOBDIR it is a temporary file.
"""

from __future__ import annotations

from pathlib import Path

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.dupefilters import RFPDupeFilter
from scrapy.utils.job import job_dir

from crawlers.disksets import DiskSet, DiskSets

SEEN_FILE = "requests.seen.sqlite3"
SCRAPY_SEEN_FILE = "requests.seen"


class DiskDupeFilter(RFPDupeFilter):
    """`RFPDupeFilter` (same fingerprints, same log and `dupefilter/filtered` stat) whose seen
    set is a `DiskSet`."""

    def __init__(self, path: str | None = None, debug: bool = False, *,
                 fingerprinter: object | None = None) -> None:
        super().__init__(None, debug, fingerprinter=fingerprinter)  # type: ignore[arg-type]
        self._store = DiskSets(Path(path) / SEEN_FILE if path else None)
        self._seen = DiskSet(self._store, "seen")
        legacy = Path(path) / SCRAPY_SEEN_FILE if path else None
        if legacy is not None and legacy.is_file() and len(self._seen) == 0:
            for fingerprint in _scrapy_fingerprints(legacy.read_bytes()):
                self._seen.add(fingerprint.hex())

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DiskDupeFilter:
        return cls(job_dir(crawler.settings), crawler.settings.getbool("DUPEFILTER_DEBUG"),
                   fingerprinter=crawler.request_fingerprinter)

    def request_seen(self, request: Request) -> bool:
        fingerprint = self.fingerprinter.fingerprint(request).hex()
        if fingerprint in self._seen:
            return True
        self._seen.add(fingerprint)
        return False

    def close(self, reason: str) -> None:
        self._store.close()


def _scrapy_fingerprints(data: bytes) -> list[bytes]:
    """The fingerprints of a `requests.seen` written by Scrapy's filter (each a 2-byte big-endian
    length and the fingerprint's bytes; a torn last one is left out, as Scrapy does)."""
    out, at = [], 0
    while at + 2 <= len(data):
        size = int.from_bytes(data[at:at + 2], "big")
        fingerprint = data[at + 2:at + 2 + size]
        if len(fingerprint) < size:
            break
        out.append(fingerprint)
        at += 2 + size
    return out
