"""`portal-archive serve`: check the archive and the address, then run Datasette over the archive
(search/datasette_plugin.py) until interrupted.

The checks come first, before Datasette is even imported, so a missing or damaged archive or a
busy port is one line and an exit code (crawlers/errors.py), not a server that starts and fails.
"""

from __future__ import annotations

import asyncio
import errno
import socket
from pathlib import Path
from typing import Any

from crawlers.errors import ArchiveError, UserError
from search.store import ArchiveStore


def check_archive(archive: Path) -> dict[str, Any]:
    """Refuse a missing or damaged archive with the store's one-line errors (exit 3), and return
    its counts (`stats` reads every article row once, so a damaged page shows up here)."""
    if not archive.is_dir():
        raise ArchiveError(f"no archive at {archive}: run `portal-archive crawl --archive {archive}` first")
    with ArchiveStore.open(archive, readonly=True) as store:
        return store.stats()


def check_address(host: str, port: int) -> None:
    """Fail with one line (exit 2) when the address cannot be listened on."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as err:
        raise UserError(f"cannot listen on --host {host}: {err.strerror}; give an address such as "
                        "127.0.0.1") from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(address)
        except OSError as err:
            reason = "the port is in use" if err.errno == errno.EADDRINUSE else err.strerror
            raise UserError(f"cannot listen on {host}:{port}: {reason}; choose another --port") from None


def serve(archive: Path, *, host: str, port: int) -> int:
    """Check, print where the archive is served, and serve it until Ctrl-C (then exit 0)."""
    counts = check_archive(archive)
    check_address(host, port)

    import uvicorn

    from search.datasette_plugin import DATABASE, TABLE, build_datasette

    ds = build_datasette(archive)
    asyncio.run(ds.invoke_startup())
    shown = f"[{host}]" if ":" in host else host
    print(f"serving {counts['articles']} articles of {archive} at "
          f"http://{shown}:{port}{ds.urls.table(DATABASE, TABLE)} (Ctrl-C to stop)", flush=True)
    uvicorn.run(ds.app(), host=host, port=port, log_level="warning", lifespan="on", workers=1)
    return 0
