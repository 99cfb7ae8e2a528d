"""The archive's writer lock: one crawl (or re-extraction) at a time per archive.

Two writers would interleave WARC files and crawl logs. The lock is an `flock` on
`ARCHIVE/.crawl.lock`, held for the writer's whole life and released by the kernel when its
process dies (so a killed crawl never leaves a stale lock); the file names the holder's pid.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Callable
from pathlib import Path
from typing import IO

from crawlers.errors import ArchiveError

LOCK_NAME = ".crawl.lock"


def hold_lock(path: Path, refusal: Callable[[str], str]) -> IO[str]:
    """Take the flock on `path` (without waiting), write our pid in it and return the open handle
    that holds it. When another process holds it, raise ArchiveError(refusal("pid N"))."""
    handle = open(path, "a+")  # noqa: SIM115 - held for the holder's whole life
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        owner = handle.read().strip() or "another process"
        handle.close()
        raise ArchiveError(refusal(owner)) from None
    handle.seek(0)
    handle.truncate()
    handle.write(f"pid {os.getpid()}")
    handle.flush()
    return handle


def lock_archive(archive: Path) -> IO[str]:
    """Take the archive's writer lock (without waiting) and return the open handle that holds it;
    closing the handle, or the process ending, releases it."""
    return hold_lock(archive / LOCK_NAME,
                     lambda owner: f"another crawl ({owner}) is writing to {archive}: wait for it to "
                                   "finish or use another --archive")


def lock_holder(archive: Path) -> str | None:
    """Who holds the writer lock now ("pid N"), or None when it is free. Only looks: the lock is
    taken with a shared probe that is released at once, and the pid written in the file is
    left as it is."""
    path = archive / LOCK_NAME
    if not path.exists():
        return None
    with open(path) as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return handle.read().strip() or "another process"
        fcntl.flock(handle, fcntl.LOCK_UN)
    return None
