"""Offline mirror of five Vietnamese district portals (one per CMS family) for end-to-end tests.

    from tests.mirror import build_mirror, MirrorServer
    mirror = build_mirror()
    with MirrorServer(mirror) as server:        # use server.url as the crawler's HTTP proxy
        ...

`build_mirror(extended=True)` adds five harder portals (post-back pager, JavaScript-only
listing, broken charsets, attachments, self-signed HTTPS).

See docs/mirror.md for the URL patterns, traps and ground truth.
"""

from tests.mirror.mirror import Mirror, build_mirror
from tests.mirror.model import (
    KINDS,
    MirrorArticle,
    MirrorAttachment,
    MirrorPortal,
    MirrorResponse,
)
from tests.mirror.server import MirrorServer

__all__ = ["KINDS", "Mirror", "MirrorArticle", "MirrorAttachment", "MirrorPortal",
           "MirrorResponse", "MirrorServer", "build_mirror"]
