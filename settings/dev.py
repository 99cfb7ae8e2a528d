"""Developer machines: the defaults, with progress a little more often."""

from settings.base import *  # noqa: F403

PROGRESS_INTERVAL = 5.0
