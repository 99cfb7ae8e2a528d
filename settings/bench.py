"""Benchmarks (bench/crawl_mirror.py): the offline mirror on loopback with politeness off, so the
crawl's own cost is measured, not its delays. robots.txt is still read and obeyed. Never for real
portals: `crawl --env bench` against a government server would be impolite."""

from settings.test import *  # noqa: F403

AUTOTHROTTLE_ENABLED = False
DOWNLOAD_DELAY = 0.0
CONCURRENT_REQUESTS = 32
CONCURRENT_REQUESTS_PER_DOMAIN = 32
PROGRESS_INTERVAL = 0.0
