"""Scrapy settings split by environment: `base` plus `dev`, `test` and `prod` on top of it.

`PORTAL_ARCHIVE_ENV` (dev | test | prod, default dev) picks the module; secrets and contact details
come only from the environment.
"""

from __future__ import annotations

import os

ENVIRONMENTS = ("dev", "test", "prod", "bench")


def settings_module(env: str | None = None) -> str:
    """Dotted path of the settings module for `env` (or `PORTAL_ARCHIVE_ENV`)."""
    env = env or os.environ.get("PORTAL_ARCHIVE_ENV", "dev")
    if env not in ENVIRONMENTS:
        from crawlers.errors import UserError

        raise UserError(
            f"unknown PORTAL_ARCHIVE_ENV '{env}': use one of {', '.join(ENVIRONMENTS)}"
        )
    return f"settings.{env}"
