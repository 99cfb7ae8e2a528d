"""Scheduled archive crawls: slower, more patient, contact URL required from the environment."""

import os

from settings.base import *  # noqa: F403

CONTACT_URL = os.environ.get("PORTAL_ARCHIVE_CONTACT_URL", CONTACT_URL)  # noqa: F405
USER_AGENT = f"portal-archive/0.1 (+{CONTACT_URL}; archiving Vietnamese government portals)"
DOWNLOAD_DELAY = 1.0
AUTOTHROTTLE_START_DELAY = 2.0
AUTOTHROTTLE_MAX_DELAY = 60.0
RETRY_TIMES = 5
PROGRESS_INTERVAL = 60.0
