"""Tests and the demo crawl the offline mirror on loopback: no need to be gentle with it.

Politeness machinery stays on (robots.txt, AutoThrottle, 2 per host); only its delays shrink so a
full mirror crawl takes seconds.
"""

from settings.base import *  # noqa: F403

DOWNLOAD_DELAY = 0.0
AUTOTHROTTLE_START_DELAY = 0.0
AUTOTHROTTLE_MAX_DELAY = 0.5
RETRY_BACKOFF_BASE = 0.1
RETRY_BACKOFF_MAX = 0.5
DOWNLOAD_TIMEOUT = 15
PROGRESS_INTERVAL = 5.0
