"""Tests and the demo crawl the offline mirror on loopback: no need to be gentle with it.

Politeness machinery stays on (robots.txt, AutoThrottle, 2 per host); only its delays shrink so a
full mirror crawl takes seconds.
"""

import os

from settings.base import *  # noqa: F403

DOWNLOAD_DELAY = 0.0
AUTOTHROTTLE_START_DELAY = 0.0
AUTOTHROTTLE_MAX_DELAY = 0.5
RETRY_BACKOFF_BASE = 0.1
RETRY_BACKOFF_MAX = 0.5
DOWNLOAD_TIMEOUT = 15
PROGRESS_INTERVAL = 5.0
# Small batches so a mirror crawl sends many of them (tests stop a node mid-crawl).
ELASTICSEARCH_BATCH = 20
ELASTICSEARCH_TIMEOUT = 5.0
# Mirror pages render in well under a second; a stuck page should fail the test quickly.
PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT = 15_000
RENDER_IDLE_TIMEOUT = 5.0
# The disk-full tests crawl into a tmpfs of a few MiB (and set the variable to 0 to meet ENOSPC).
ARCHIVE_MIN_FREE = int(os.environ.get("PORTAL_ARCHIVE_MIN_FREE", 1024**2))
# 2 MiB: a stopping crawl's last index commit (articles, their versions and three FTS tables) must
# fit in what the reserve frees on a tmpfs of a few MiB.
ARCHIVE_RESERVE = 2 * 1024**2
# A killed worker's requests go back to the others within seconds (tests/test_frontier.py).
FRONTIER_HEARTBEAT = 0.5
FRONTIER_DEAD_AFTER = 3.0
