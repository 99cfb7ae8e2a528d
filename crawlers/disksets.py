"""Named sets of strings in one SQLite file: the crawl's per-URL bookkeeping, off the heap.

A crawl remembers, for every URL it meets, whether it scheduled it (the spider's per-portal
`scheduled` set and its query-string variants per path), which channel found it, whether it was
an article, cut or skipped (the crawl report's `DiscoveryLog`), and whether the request was seen
(the duplicate filter, crawlers/dupefilter.py). In Python sets that is a few hundred bytes a URL
that stay until the crawl ends; here they are rows of one table `(name, item)` whose primary key
answers membership, and SQLite keeps only its page cache (a few MiB) in memory, so the crawl's
memory does not grow with the site (docs/scale.md, `bench/crawl_memory.py`).

Why our own code: what is needed is add/contains/count per set *and* counts of an intersection
(articles found by each channel) in one file; `diskcache`'s Index is a key-value store (no grouped
counts, no joins), a Bloom filter would drop URLs it wrongly thinks seen (the results must be those
of exact sets), and `shelve`/`dbm` have neither counts nor joins. SQLite is in the standard library.

The file is scratch state, not an archive: `journal_mode=OFF` and `synchronous=OFF` (a crawl that
dies leaves a job directory that `crawlers/recovery.py` discards anyway), and writes are committed
in batches.
"""

from __future__ import annotations

import logging
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path

_COMMIT_EVERY = 2000
CACHE_KIB = 2048
"""SQLite's page cache per file. It fills as the file grows, so it is memory that grows with the
site until the file outgrows it: at 8 MiB, the three files of a crawl (spider URLs ~0.4 KB a page,
seen fingerprints and emitted ids ~0.1 KB) were still filling theirs at 100,000 pages. A miss
costs a read from the operating system's file cache (microseconds; not counted in the crawl's
RSS), against tens of milliseconds of extraction a page."""
RECENT_ITEMS = 4096
"""Members answered from memory, most recently met first: a portal's menus and sidebars link the
same few hundred URLs from every page, so most checks are of a URL met a moment ago, and a SQLite
statement costs ~20 us of the reactor's time where a dict lookup costs ~0.1. Bounded (~1 MiB),
so memory stays flat in the number of pages (bench/crawl_mirror.py, bench/crawl_memory.py)."""

log = logging.getLogger(__name__)


class DiskSets:
    """Sets of strings, each known by a name, in the SQLite file at `path` (a temporary file
    deleted on close when `path` is None). `fresh=True` empties the file first."""

    def __init__(self, path: Path | None = None, *, fresh: bool = False) -> None:
        self._tmp: tempfile.TemporaryDirectory | None = None
        if path is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="portal-archive-sets-")
            path = Path(self._tmp.name) / "sets.sqlite3"
        elif fresh:
            path.unlink(missing_ok=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._db = sqlite3.connect(path, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=OFF")
        self._db.execute("PRAGMA synchronous=OFF")
        self._db.execute(f"PRAGMA cache_size=-{CACHE_KIB}")  # whatever the file's size
        self._db.execute("CREATE TABLE IF NOT EXISTS members (name TEXT NOT NULL, item TEXT NOT NULL,"
                         " PRIMARY KEY (name, item)) WITHOUT ROWID")
        self._pending = 0
        # Known members, oldest first (a dict keeps insertion order): nothing is ever removed from
        # a set, so a key found here is in the file, and a miss only means "ask SQLite".
        self._recent: dict[tuple[str, str], None] = {}

    def _remember(self, key: tuple[str, str]) -> None:
        recent = self._recent
        recent.pop(key, None)
        recent[key] = None
        if len(recent) > RECENT_ITEMS:
            del recent[next(iter(recent))]

    def add(self, name: str, item: str) -> bool:
        """Add `item` to set `name`; True when it was not there yet."""
        key = (name, item)
        if key in self._recent:
            self._remember(key)
            return False
        cursor = self._db.execute("INSERT OR IGNORE INTO members VALUES (?, ?)", key)
        self._remember(key)
        if cursor.rowcount <= 0:
            return False
        self._pending += 1
        if self._pending >= _COMMIT_EVERY:
            self._db.commit()
            self._pending = 0
        return True

    def contains(self, name: str, item: str) -> bool:
        key = (name, item)
        if key in self._recent:
            self._remember(key)
            return True
        if self._db.execute("SELECT 1 FROM members WHERE name = ? AND item = ?", key).fetchone() is None:
            return False
        self._remember(key)
        return True

    def count(self, name: str) -> int:
        return self._db.execute("SELECT count(*) FROM members WHERE name = ?", (name,)).fetchone()[0]

    def count_common(self, name: str, other: str) -> int:
        """How many items are in both sets."""
        return self._db.execute(
            "SELECT count(*) FROM members a JOIN members b ON b.name = ? AND b.item = a.item"
            " WHERE a.name = ?", (other, name)).fetchone()[0]

    def items(self, name: str) -> Iterator[str]:
        for (item,) in self._db.execute("SELECT item FROM members WHERE name = ? ORDER BY item",
                                        (name,)):
            yield item

    def close(self) -> None:
        """Commit and close. A full disk (the crawl is stopping because of it) loses only the last
        uncommitted batch of scratch state: a resumed crawl re-meets those URLs and the index's
        own deduplication keeps each article once, so it is a warning, never a traceback."""
        try:
            self._db.commit()
        except sqlite3.OperationalError as error:
            log.warning("crawl state %s: the last %d entries were not saved (%s)",
                        self.path, self._pending, error)
            self._db.rollback()
        self._db.close()
        if self._tmp is not None:
            self._tmp.cleanup()


class DiskSet:
    """One set of a `DiskSets` with Python's set operators (`in`, `add`, `len`); the size is
    counted here (the store is this set's only writer), not asked of SQLite each time."""

    def __init__(self, store: DiskSets, name: str) -> None:
        self._store = store
        self._name = name
        self._size = store.count(name)

    def add(self, item: str) -> None:
        if self._store.add(self._name, item):
            self._size += 1

    def __contains__(self, item: object) -> bool:
        return isinstance(item, str) and self._store.contains(self._name, item)

    def __len__(self) -> int:
        return self._size

    def __iter__(self) -> Iterator[str]:
        return self._store.items(self._name)
