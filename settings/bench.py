"""Benchmarks (bench/crawl_mirror.py): the offline mirror on loopback with politeness off, so the
crawl's own cost is measured, not its delays. robots.txt is still read and obeyed. Never for real
portals: `crawl --env bench` against a government server would be impolite.

Retries are still made (the mirror's 500 pages are retried as on a real portal) but without the
back-off that holds a failing host: that hold is politeness too, and with it the luongson
portal's permanent 500 page paused the whole portal for 2 + 4 + 8 s of every benchmark crawl."""

from settings.test import *  # noqa: F403

AUTOTHROTTLE_ENABLED = False
DOWNLOAD_DELAY = 0.0
CONCURRENT_REQUESTS = 32
CONCURRENT_REQUESTS_PER_DOMAIN = 32
PROGRESS_INTERVAL = 0.0
RETRY_BACKOFF_BASE = 0.0
