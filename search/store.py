"""The embedded archive index: one SQLite file (WAL) with articles, the crawl log and FTS5.

Why SQLite: researchers run the archive on a laptop, need no server, and can open the file with
any SQLite tool. WAL lets `search`/`export` read while a crawl writes; transactions make a killed
crawl leave the last committed batch intact (nothing half-written).

Full text lives in a *contentless* FTS5 table over the FOLDED title and text (the originals are
already in `articles`, storing them twice would double the file). Because contentless FTS5 tables
(before SQLite 3.43) can only delete a row when given the indexed values again, updates re-fold
the previous title/text from `articles` to remove the old entry.

A second contentless FTS5 table, `articles_fts_exact`, holds the same title and text as written
(NFC, lower case, diacritics and đ kept). It never decides what matches - the folded table does,
so diacritics stay optional - it ranks: articles that have every accented query term spelled as
typed come first ("sở" puts "Sở Tư pháp" before "số 12"). See `search()` and docs/search.md.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from crawlers.errors import ArchiveError, UserError
from crawlers.extraction.legal_refs import fold_number, legal_refs
from crawlers.extraction.places import places
from crawlers.extraction.text import fold
from crawlers.extraction.topics import topic_terms
from crawlers.items import ARTICLE_FIELDS
from search import attachments, near_duplicates, versions
from search.query import Filters, Query, exact_form, fold_unit, parse_query
from search.records import normalise_record
from search.snippets import make_snippet

INDEX_NAME = "index.sqlite3"
SCHEMA_VERSION = 6
"""1: the first release. 2: `updated`, `topic_terms`, `legal_refs`, `places` columns and the
`article_legal_refs` facet table (migrated in place, see `_migrate_1_to_2`). 3: the `tls` column
(certificate verdict of https pages; NULL for older rows and plain http). 4: `encoding` and
`encoding_note` (how the page bytes were decoded, and why when the declaration was overruled).
5: `extractor_version` (which extractor made the record; NULL for older rows). 6:
`published_suspect` (the date is one many unrelated articles of the portal share; 0 for older
rows until the next crawl or `reextract` recomputes it)."""
SQLITE_HEADER = b"SQLite format 3\x00"
SHARED_DATE_MIN_ARTICLES = 5
SHARED_DATE_MIN_SHARE = 0.5
"""A published day is suspect when this many articles, and this share of the portal's dated
articles, have it: no district portal publishes half of its news on one day."""
EXACT_WEIGHT = 2.0
"""Weight of the exact-spelling bm25 added to the folded one (Elasticsearch's EXACT_BOOST)."""
PROXIMITY_WEIGHT = 1.0
"""Weight of the bm25 of the query's 2-3 word runs (Elasticsearch's SHINGLE_BOOST)."""
TITLE_WEIGHT = 5.0
"""BM25 weight of the title column relative to the text (1.0): a word in the title is strong
evidence of what a short government news item is about."""
DEFAULT_BATCH = 500
"""Writes per transaction: large enough to make bulk indexing fast, small enough that a killed
crawl loses at most a few seconds of work (the WARC files still hold it)."""
CANDIDATES_PAGE = 5000
"""Articles read at a time by `unreached_candidates` (the vanished-articles sweep)."""

# The legal-reference facet: one row per (article, cited document), keyed by the folded number so
# that "45/2016/qd-ttg" finds "45/2016/QĐ-TTg".
_LEGAL_REFS_TABLE = """
CREATE TABLE article_legal_refs (
    article_rowid INTEGER NOT NULL,
    number_folded TEXT NOT NULL,
    type TEXT,
    PRIMARY KEY (article_rowid, number_folded)
) WITHOUT ROWID;
CREATE INDEX article_legal_refs_number ON article_legal_refs (number_folded);
"""
# Columns added by schema version 2, with what a version-1 file reads as (read-only opens of an
# old file cannot migrate it, so they select these defaults instead).
_V2_COLUMNS: dict[str, str] = {
    "updated": "TEXT",
    "topic_terms": "TEXT NOT NULL DEFAULT '{}'",
    "legal_refs": "TEXT NOT NULL DEFAULT '[]'",
    "places": "TEXT NOT NULL DEFAULT '[]'",
}
# Columns added after version 1: the schema version that added each, and what an older file
# reads as (read-only opens of an old file cannot migrate it, so they select these defaults).
_ADDED_COLUMNS: dict[str, tuple[int, str]] = {
    "updated": (2, "NULL"), "topic_terms": (2, "'{}'"), "legal_refs": (2, "'[]'"),
    "places": (2, "'[]'"), "tls": (3, "NULL"), "encoding": (4, "NULL"),
    "encoding_note": (4, "NULL"), "extractor_version": (5, "NULL"), "published_suspect": (6, "0"),
}
_JSON_FIELDS: dict[str, str] = {
    "topics": "[]", "topic_terms": "{}", "legal_refs": "[]", "places": "[]", "tls": "null",
}

_SCHEMA = f"""
CREATE TABLE articles (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    url TEXT NOT NULL,
    canonical_url TEXT NOT NULL,
    portal TEXT,
    province TEXT,
    district TEXT,
    title TEXT NOT NULL,
    text TEXT NOT NULL,
    published TEXT,
    author TEXT,
    source TEXT,
    language TEXT NOT NULL,
    topics TEXT NOT NULL DEFAULT '[]',
    cms TEXT,
    fetched_at TEXT NOT NULL,
    content_sha256 TEXT NOT NULL,
    warc_file TEXT,
    warc_record_id TEXT,
    http_status INTEGER NOT NULL,
    portal_folded TEXT,
    province_folded TEXT,
    district_folded TEXT,
    topics_folded TEXT NOT NULL DEFAULT '[]',
    indexed_at TEXT NOT NULL,
    updated TEXT,
    topic_terms TEXT NOT NULL DEFAULT '{{}}',
    legal_refs TEXT NOT NULL DEFAULT '[]',
    places TEXT NOT NULL DEFAULT '[]',
    tls TEXT,
    encoding TEXT,
    encoding_note TEXT,
    extractor_version TEXT,
    published_suspect INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX articles_order ON articles (published IS NULL, published, id);
CREATE INDEX articles_portal ON articles (portal_folded);
CREATE INDEX articles_province ON articles (province_folded, district_folded);
CREATE INDEX articles_canonical ON articles (canonical_url);
{_LEGAL_REFS_TABLE}CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, text, content='', tokenize='unicode61 remove_diacritics 2', prefix='2 3'
);
CREATE TABLE crawls (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    status TEXT NOT NULL DEFAULT 'running',
    portals TEXT NOT NULL,
    start_urls TEXT NOT NULL,
    settings TEXT NOT NULL,
    stats TEXT
);
CREATE TABLE fetches (
    id INTEGER PRIMARY KEY,
    crawl_id INTEGER NOT NULL REFERENCES crawls (id),
    url TEXT NOT NULL,
    status INTEGER,
    kind TEXT NOT NULL,
    error TEXT,
    warc_file TEXT,
    warc_record_id TEXT,
    fetched_at TEXT NOT NULL,
    portal TEXT
);
CREATE INDEX fetches_crawl ON fetches (crawl_id);
CREATE INDEX fetches_url ON fetches (url);
PRAGMA user_version = {SCHEMA_VERSION};
"""

def _read_columns(version: int) -> str:
    """Article columns to select from a file of schema `version` (defaults for newer columns)."""
    return ", ".join(
        f"{_ADDED_COLUMNS[name][1]} AS {name}"
        if name in _ADDED_COLUMNS and _ADDED_COLUMNS[name][0] > version else f"a.{name}"
        for name in ARTICLE_FIELDS
    )


_COLUMNS_BY_VERSION: dict[int, str] = {v: _read_columns(v) for v in range(1, SCHEMA_VERSION + 1)}


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _corrupt(path: Path, detail: str) -> ArchiveError:
    return ArchiveError(
        f"archive index {path} is not a usable SQLite database ({detail}); it was NOT modified: "
        "restore it from a backup, or move it aside and re-index from the WARC files with "
        f"`portal-archive reextract --archive {path.parent}`"
    )


def _unreadable(path: Path, err: sqlite3.DatabaseError) -> ArchiveError:
    """The one-line error for a failed read: damage, or an I/O problem (locked, unreadable)."""
    if isinstance(err, sqlite3.OperationalError) and \
            getattr(err, "sqlite_errorname", "") not in ("SQLITE_CORRUPT", "SQLITE_NOTADB"):
        return ArchiveError(f"cannot read archive index {path} ({err}); it was NOT modified: "
                            "check the file and the disk, then try again")
    return _corrupt(path, str(err))


def _quick_check(path: Path) -> None:
    """Refuse a damaged file before anything writes to it.

    `PRAGMA quick_check` reads every page (the b-tree structure, not index contents): about a
    second per few hundred MB, paid once per writing command, which is what "a damaged index is
    never modified" costs. It runs on a read-only connection because closing the last read-write
    connection of a WAL database checkpoints the WAL into the main file - that would be a write
    into the very file we are refusing.
    """
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=30)
    except sqlite3.Error as err:
        raise ArchiveError(
            f"cannot open archive index {path}: {err}; check the file permissions"
        ) from None
    try:
        verdict = [row[0] for row in conn.execute("PRAGMA quick_check(3)")]
    except sqlite3.DatabaseError as err:
        raise _unreadable(path, err) from None
    finally:
        conn.close()
    if verdict != ["ok"]:
        problems = " ".join(" ".join(verdict).replace("*** in database main ***", "").split())
        raise _corrupt(path, f"damaged: {problems[:200]}")


def _row_to_record(row: sqlite3.Row) -> dict[str, Any]:
    record = {name: row[name] for name in ARTICLE_FIELDS}
    record["published_suspect"] = bool(record["published_suspect"])
    for name, empty in _JSON_FIELDS.items():
        record[name] = json.loads(record[name] or empty)
    return record


def _migrate_1_to_2(conn: sqlite3.Connection) -> None:
    """Add the version-2 columns and facet table, and fill them for the stored articles.

    `legal_refs`, `topic_terms` and `places` depend only on stored values (title, text, the
    portal's province/district, published), so they are computed here: an old archive gets the
    new facet at once, and a re-crawl - which skips unchanged articles - would never fill them.
    `updated` stays NULL: it needs the page, not the text (re-index from the WARC files for it).
    """
    for name, declaration in _V2_COLUMNS.items():
        conn.execute(f"ALTER TABLE articles ADD COLUMN {name} {declaration}")
    # Statement by statement: executescript() would commit the migration's transaction.
    for statement in filter(str.strip, _LEGAL_REFS_TABLE.split(";")):
        conn.execute(statement)
    rows = conn.execute(
        "SELECT rowid, title, text, province, district, published FROM articles"
    ).fetchall()
    for row in rows:
        refs = legal_refs(f"{row['title']}\n{row['text']}")
        conn.execute(
            "UPDATE articles SET topic_terms = ?, legal_refs = ?, places = ? WHERE rowid = ?",
            (
                json.dumps(topic_terms(row["title"], row["text"]), ensure_ascii=False),
                json.dumps(refs, ensure_ascii=False),
                json.dumps(
                    places(row["title"], row["text"], province=row["province"],
                           district=row["district"], published=row["published"]),
                    ensure_ascii=False,
                ),
                row["rowid"],
            ),
        )
        _index_legal_refs(conn, row["rowid"], refs)
    conn.execute("PRAGMA user_version = 2")


def _migrate_2_to_3(conn: sqlite3.Connection) -> None:
    """Add the `tls` column; existing rows keep NULL (their certificate verdict was not kept)."""
    conn.execute("ALTER TABLE articles ADD COLUMN tls TEXT")
    conn.execute("PRAGMA user_version = 3")


def _migrate_3_to_4(conn: sqlite3.Connection) -> None:
    """Add `encoding` and `encoding_note`; existing rows keep NULL (decoding was not recorded)."""
    conn.execute("ALTER TABLE articles ADD COLUMN encoding TEXT")
    conn.execute("ALTER TABLE articles ADD COLUMN encoding_note TEXT")
    conn.execute("PRAGMA user_version = 4")


def _migrate_4_to_5(conn: sqlite3.Connection) -> None:
    """Add `extractor_version`; existing rows keep NULL, so the next re-crawl or `reextract`
    rewrites them with the current extractor even when their text is unchanged."""
    conn.execute("ALTER TABLE articles ADD COLUMN extractor_version TEXT")
    conn.execute("PRAGMA user_version = 5")


def _migrate_5_to_6(conn: sqlite3.Connection) -> None:
    """Add `published_suspect`; existing rows read 0 until the next crawl or `reextract` of
    their portal flags the dates many of its articles share."""
    conn.execute("ALTER TABLE articles ADD COLUMN published_suspect INTEGER NOT NULL DEFAULT 0")
    conn.execute("PRAGMA user_version = 6")


# The exact-spelling index (see the module docstring). Created and filled on open when missing, so
# it needs no schema version: an archive written by an older portal-archive gains it the first
# time a writing command opens it; a read-only open of such a file ranks by folded text only.
_EXACT_FTS_TABLE = "articles_fts_exact"
_EXACT_FTS_SCHEMA = (
    f"CREATE VIRTUAL TABLE {_EXACT_FTS_TABLE} USING fts5("
    "title, text, content='', tokenize='unicode61 remove_diacritics 0')"
)


def _ensure_exact_fts(conn: sqlite3.Connection) -> int:
    """Create and fill the exact-spelling index if the file lacks it; rows indexed.

    Filling reads every stored article once (about as long as re-indexing the text), in one
    transaction, so an interrupted upgrade leaves the file as it was and is redone next open.
    """
    exists = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                          (_EXACT_FTS_TABLE,)).fetchone()
    if exists:
        return 0
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute(_EXACT_FTS_SCHEMA)
        rows = conn.execute("SELECT rowid, title, text FROM articles")
        count = 0
        for row in rows:
            _index_exact(conn, row[0], row[1], row[2])
            count += 1
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return count


def _index_exact(conn: sqlite3.Connection, rowid: int, title: str, text: str,
                 *, delete: bool = False) -> None:
    """Add (or with `delete` remove: contentless tables need the old values) one article."""
    if delete:
        conn.execute(f"INSERT INTO {_EXACT_FTS_TABLE} ({_EXACT_FTS_TABLE}, rowid, title, text) "
                     "VALUES ('delete', ?, ?, ?)", (rowid, exact_form(title), exact_form(text)))
    else:
        conn.execute(f"INSERT INTO {_EXACT_FTS_TABLE} (rowid, title, text) VALUES (?, ?, ?)",
                     (rowid, exact_form(title), exact_form(text)))


def _index_legal_refs(conn: sqlite3.Connection, rowid: int, refs: list[dict[str, Any]]) -> None:
    """Replace the facet rows of one article."""
    conn.execute("DELETE FROM article_legal_refs WHERE article_rowid = ?", (rowid,))
    conn.executemany(
        "INSERT OR IGNORE INTO article_legal_refs (article_rowid, number_folded, type) "
        "VALUES (?, ?, ?)",
        [(rowid, fold_number(ref["number"]), ref.get("type")) for ref in refs],
    )


class ArchiveStore:
    """One SQLite file (WAL): articles, the crawl log, and an FTS5 index over folded text.

    Not thread-safe; one store per process/thread. Writes are grouped into transactions of
    `batch_size` operations; `commit()` (also called by `close()` and on leaving a `with` block
    without an exception) makes them durable.
    """

    def __init__(self, conn: sqlite3.Connection, path: Path, *, readonly: bool, batch_size: int):
        self._conn = conn
        self.path = path
        self.readonly = readonly
        self.batch_size = batch_size
        self._pending = 0
        self._closed = False
        self._version = SCHEMA_VERSION
        # Which search/versions.py tables the file has (an older file opened read-only may not).
        self._versions_tables: frozenset[str] = frozenset()

    # -- opening -------------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        archive_dir: Path | str,
        *,
        create: bool = False,
        readonly: bool = False,
        batch_size: int = DEFAULT_BATCH,
    ) -> Self:
        """Open (or with `create=True` create) the index of the archive at `archive_dir`.

        The file is checked before anything is written to it: a file that is not a SQLite
        database, or a database that is not a portal-archive index, is refused untouched.
        """
        root = Path(archive_dir)
        path = root / INDEX_NAME
        if create and not readonly:
            try:
                root.mkdir(parents=True, exist_ok=True)
            except OSError as err:
                reason = err.strerror or str(err)
                raise ArchiveError(
                    f"cannot create archive directory {root}: {reason}; choose a writable --archive"
                ) from None
        exists = path.is_file() and path.stat().st_size > 0
        if not exists and (readonly or not create):
            raise ArchiveError(
                f"no archive index at {path}: run `portal-archive crawl --archive {root}` first"
            )
        if exists:
            cls._check_header(path)
            if not readonly:
                _quick_check(path)
        try:
            if readonly:
                conn = sqlite3.connect(
                    f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None, timeout=30
                )
            else:
                conn = sqlite3.connect(path, isolation_level=None, timeout=30)
        except sqlite3.Error as err:
            raise ArchiveError(
                f"cannot open archive index {path}: {err}; check the file permissions"
            ) from None
        conn.row_factory = sqlite3.Row
        try:
            store = cls(conn, path, readonly=readonly, batch_size=batch_size)
            store._prepare(fresh=not exists)
        except BaseException:
            conn.close()
            raise
        return store

    @staticmethod
    def _check_header(path: Path) -> None:
        # Reading the 16-byte magic first means a garbage file never reaches SQLite, which could
        # otherwise treat it as a database to "recover".
        try:
            with path.open("rb") as fh:
                header = fh.read(len(SQLITE_HEADER))
        except OSError as err:
            raise ArchiveError(
                f"cannot read archive index {path}: {err.strerror}; check the file permissions"
            ) from None
        if header != SQLITE_HEADER:
            raise _corrupt(path, "file is not a database")

    def _prepare(self, *, fresh: bool) -> None:
        """Validate the schema with reads only, then configure and (if new) create it."""
        conn = self._conn
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = {
                row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
        except sqlite3.DatabaseError as err:
            raise _corrupt(self.path, str(err)) from None
        if version > SCHEMA_VERSION:
            raise ArchiveError(
                f"archive index {self.path} has schema version {version}, newer than this "
                f"portal-archive understands ({SCHEMA_VERSION}): upgrade portal-archive"
            )
        if version == 0 and tables:
            raise ArchiveError(
                f"{self.path} is a SQLite database but not a portal-archive index; it was NOT "
                "modified: choose another --archive directory"
            )
        if version == 0 and self.readonly:
            raise ArchiveError(
                f"no archive index in {self.path} (empty database): "
                f"run `portal-archive crawl --archive {self.path.parent}` first"
            )
        conn.execute("PRAGMA foreign_keys = ON")
        self._version = version or SCHEMA_VERSION
        self._versions_tables = frozenset(tables) & frozenset(versions.TABLES)
        if self.readonly:
            return
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            if fresh or version == 0:  # new file, or an empty database someone created
                conn.executescript(f"BEGIN;\n{_SCHEMA}\nCOMMIT;")
            else:
                for since, migrate in ((2, _migrate_1_to_2), (3, _migrate_2_to_3),
                                       (4, _migrate_3_to_4), (5, _migrate_4_to_5),
                                       (6, _migrate_5_to_6)):
                    if version >= since:
                        continue
                    conn.execute("BEGIN IMMEDIATE")
                    try:
                        migrate(conn)
                        conn.execute("COMMIT")
                    except BaseException:
                        conn.execute("ROLLBACK")
                        raise
            self._version = SCHEMA_VERSION
            _ensure_exact_fts(conn)
            # Attachment tables are additive (CREATE IF NOT EXISTS): no version bump needed.
            attachments.ensure_tables(conn)
            near_duplicates.ensure_tables(conn)  # additive too (search/near_duplicates.py)
            # So are validators, versions and removals (search/versions.py).
            versions.ensure_tables(conn)
            self._versions_tables = frozenset(versions.TABLES)
            # Future migrations: a `(6, _migrate_5_to_6)` entry above, in its own transaction.
        except sqlite3.DatabaseError as err:
            raise _corrupt(self.path, str(err)) from None

    # -- lifecycle -----------------------------------------------------------------------------

    def commit(self) -> None:
        """Make every write so far durable."""
        if self._conn.in_transaction:
            self._conn.execute("COMMIT")
        self._pending = 0

    def close(self) -> None:
        """Commit pending writes and close the file (a second call does nothing)."""
        if self._closed:
            return
        self._closed = True
        try:
            if not self.readonly:
                self.commit()
        finally:
            self._conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc_type is not None and not self._closed and self._conn.in_transaction:
            # Keep the archive at its last committed state rather than a half-finished batch.
            self._conn.execute("ROLLBACK")
        self.close()

    def _write(self) -> None:
        """Open a transaction if needed; called before every write."""
        if self.readonly:
            raise ArchiveError(f"archive index {self.path} was opened read-only")
        if not self._conn.in_transaction:
            self._conn.execute("BEGIN IMMEDIATE")

    def _wrote(self) -> None:
        self._pending += 1
        if self._pending >= self.batch_size:
            self.commit()

    @contextmanager
    def reading(self) -> Iterator[None]:
        """Turn SQLite's errors on a read into the one-line archive error (exit 3).

        Readers do not run `quick_check` on open (a search must stay instant on a big archive),
        so a damaged page shows up here, when a query reaches it; the file is only read.
        """
        try:
            yield
        except sqlite3.DatabaseError as err:
            raise _unreadable(self.path, err) from None

    # -- articles ------------------------------------------------------------------------------

    def upsert_article(self, record: Mapping[str, Any] | Any) -> str:
        """Insert or update the article keyed by `record["id"]`.

        Returns "inserted", "updated", or "unchanged" when the stored `content_sha256` and
        `extractor_version` are the same (then nothing is written, so re-crawls do not churn the
        file); a record made by another extractor is rewritten even when its text is the same,
        since its title, dates or tags may not be.
        """
        values = normalise_record(record)
        topics = list(values["topics"] or [])
        values["topics"] = json.dumps(topics, ensure_ascii=False)
        refs = list(values["legal_refs"] or [])
        values["topic_terms"] = json.dumps(dict(values["topic_terms"] or {}), ensure_ascii=False)
        values["legal_refs"] = json.dumps(refs, ensure_ascii=False)
        values["places"] = json.dumps(list(values["places"] or []), ensure_ascii=False)
        values["tls"] = json.dumps(values["tls"], ensure_ascii=False) if values["tls"] else None
        values["portal_folded"] = fold_unit(values["portal"]) if values["portal"] else None
        values["province_folded"] = fold_unit(values["province"]) if values["province"] else None
        values["district_folded"] = fold_unit(values["district"]) if values["district"] else None
        values["topics_folded"] = json.dumps([fold_unit(t) for t in topics], ensure_ascii=False)
        values["indexed_at"] = _now()

        self._write()
        conn = self._conn
        old = conn.execute(
            "SELECT rowid, title, text, content_sha256, extractor_version FROM articles "
            "WHERE id = ?", (values["id"],)
        ).fetchone()
        if old is not None and values["content_sha256"] and (
            old["content_sha256"] == values["content_sha256"]
        ) and (values["extractor_version"] is None
               or old["extractor_version"] == values["extractor_version"]):
            return "unchanged"
        names = list(values)
        if old is None:
            cur = conn.execute(
                f"INSERT INTO articles ({', '.join(names)}) "
                f"VALUES ({', '.join(':' + n for n in names)})",
                values,
            )
            rowid = cur.lastrowid
            outcome = "inserted"
        else:
            rowid = old["rowid"]
            conn.execute(
                "INSERT INTO articles_fts (articles_fts, rowid, title, text) "
                "VALUES ('delete', ?, ?, ?)",
                (rowid, fold(old["title"]), fold(old["text"])),
            )
            _index_exact(conn, rowid, old["title"], old["text"], delete=True)
            conn.execute(
                f"UPDATE articles SET {', '.join(f'{n} = :{n}' for n in names if n != 'id')} "
                "WHERE id = :id",
                values,
            )
            outcome = "updated"
        conn.execute(
            "INSERT INTO articles_fts (rowid, title, text) VALUES (?, ?, ?)",
            (rowid, fold(values["title"]), fold(values["text"])),
        )
        _index_exact(conn, rowid, values["title"], values["text"])
        _index_legal_refs(conn, rowid, refs)
        self._wrote()
        return outcome

    def get_article(self, article_id: str) -> dict[str, Any] | None:
        """The stored record with this id, or None."""
        with self.reading():
            row = self._conn.execute(
                f"SELECT {self._columns} FROM articles a WHERE a.id = ?", (article_id,)
            ).fetchone()
        return _row_to_record(row) if row else None

    @property
    def _columns(self) -> str:
        """Article columns to select: an old file opened read-only lacks the newer ones."""
        return _COLUMNS_BY_VERSION[max(1, min(self._version, SCHEMA_VERSION))]

    def _where(self, filters: Filters) -> tuple[list[str], list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        for column, value in (
            ("province_folded", filters.province),
            ("district_folded", filters.district),
            ("portal_folded", filters.portal),
        ):
            if value is not None:
                clauses.append(f"a.{column} = ?")
                params.append(fold_unit(value))
        if filters.topic is not None:
            clauses.append("EXISTS (SELECT 1 FROM json_each(a.topics_folded) WHERE value = ?)")
            params.append(fold_unit(filters.topic))
        if filters.legal_ref is not None:
            if self._version < 2:
                clauses.append("0")  # a version-1 file opened read-only has no facet table yet
            else:
                clauses.append(
                    "EXISTS (SELECT 1 FROM article_legal_refs r "
                    "WHERE r.article_rowid = a.rowid AND r.number_folded = ?)"
                )
                params.append(fold_number(filters.legal_ref))
        if filters.since is not None:
            clauses.append("a.published >= ?")
            params.append(filters.since.isoformat())
        if filters.until is not None:
            clauses.append("a.published <= ?")
            params.append(filters.until.isoformat())
        if not filters.include_removed and self._holds("article_removals"):
            clauses.append("NOT EXISTS (SELECT 1 FROM article_removals x WHERE x.article_id = a.id)")
        return clauses, params

    def iter_articles(self, filters: Filters | None = None) -> Iterator[dict[str, Any]]:
        """Stream matching records ordered by `published` (undated last), then id.

        Rows come from a cursor one at a time, so exporting a million articles needs no more
        memory than exporting ten.
        """
        filters = filters or Filters()
        if filters.versions == "all" and self._holds("article_versions"):
            yield from self._iter_versions(filters)
            return
        clauses, params = self._where(filters)
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        with self.reading():
            cursor = self._conn.execute(
                f"SELECT {self._columns}{self._removed_column(filters)} FROM articles a {where} "
                "ORDER BY a.published IS NULL, a.published, a.id",
                params,
            )
            try:
                for row in cursor:
                    yield self._with_removed(_row_to_record(row), row, filters)
            finally:
                cursor.close()

    def iter_export(self, filters: Filters | None = None, *, query: Query | None = None,
                    dedupe: bool = False, batch: int = 1000) -> Iterator[dict[str, Any]]:
        """Records for `portal-archive export`: `iter_articles` plus `cluster_id` and
        `cluster_first` (None until clustered), optionally only the articles matching `query`
        (FTS5, in export order rather than by score) and only the earliest matching copy of
        each near-duplicate cluster (`dedupe`).

        The one place that decides which stored rows an export holds: a future selection
        (e.g. record versions) is another clause here. Rows are fetched `batch` at a time from
        one cursor, so memory does not grow with the archive.
        """
        filters = filters or Filters()
        if filters.versions == "all" and self._holds("article_versions"):
            if query is not None or dedupe:
                raise UserError("--versions all cannot be combined with --query or --dedupe: "
                                "export every version, or the latest with those")
            for record in self._iter_versions(filters):
                yield {**record, "cluster_id": None, "cluster_first": None}
            return
        clauses, params = self._where(filters)
        if query is not None:
            if not query.match:
                query = parse_query(query.text, query.filters)
            clauses.insert(0, "a.rowid IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)")
            params.insert(0, query.match)
        with self.reading():
            clustered = self._has_table("article_clusters")
        join = "LEFT JOIN article_clusters c ON c.article_id = a.id" if clustered else ""
        cluster_columns = ("c.cluster_id AS cluster_id, c.cluster_first AS cluster_first"
                           if clustered else "NULL AS cluster_id, NULL AS cluster_first")
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        if dedupe and clustered:
            # The earliest matching copy of each cluster (the cluster's first, unless a filter
            # left it out); unclustered rows are their own cluster.
            where = (f"WHERE a.rowid IN (SELECT r FROM (SELECT a.rowid AS r, row_number() OVER ("
                     f"PARTITION BY coalesce(c.cluster_id, a.id) ORDER BY "
                     f"{near_duplicates.EARLIEST_ORDER}) AS copy FROM articles a {join} {where}) "
                     "WHERE copy = 1)")
        with self.reading():
            cursor = self._conn.execute(
                f"SELECT {self._columns}, {cluster_columns}{self._removed_column(filters)} "
                f"FROM articles a {join} {where} "
                "ORDER BY a.published IS NULL, a.published, a.id",
                params,
            )
            try:
                while rows := cursor.fetchmany(batch):
                    for row in rows:
                        record = _row_to_record(row)
                        record["cluster_id"] = row["cluster_id"]
                        first = row["cluster_first"]
                        record["cluster_first"] = None if first is None else bool(first)
                        yield self._with_removed(record, row, filters)
            finally:
                cursor.close()

    def count_articles(self, filters: Filters | None = None) -> int:
        """How many articles `iter_articles(filters)` would yield."""
        filters = filters or Filters()
        clauses, params = self._where(filters)
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        versions_join = ""
        if filters.versions == "all" and self._holds("article_versions"):
            versions_join = " JOIN article_versions v ON v.article_id = a.id"
        with self.reading():
            return self._conn.execute(f"SELECT count(*) FROM articles a{versions_join} {where}",
                                      params).fetchone()[0]

    # -- versions and removals (search/versions.py) ----------------------------------------

    def _holds(self, table: str) -> bool:
        return table in self._versions_tables

    def _removed_column(self, filters: Filters) -> str:
        if filters.include_removed and self._holds("article_removals"):
            # A file opened read-only may predate `reason`: its removals were all 404/410.
            reason = "coalesce(x.reason, 'gone')" if versions.has_removal_reason(self._conn) \
                else "'gone'"
            return (", (SELECT x.removed_at FROM article_removals x WHERE x.article_id = a.id) "
                    f"AS removed_at, (SELECT {reason} FROM article_removals x WHERE "
                    "x.article_id = a.id) AS removed_reason")
        return ""

    @staticmethod
    def _with_removed(record: dict[str, Any], row: sqlite3.Row, filters: Filters) -> dict[str, Any]:
        """With `include_removed`, every record says when it was first seen gone and why
        (`gone`: 404/410; `vanished`: no longer reached by a complete crawl), or null."""
        if filters.include_removed:
            keys = row.keys()
            record["removed_at"] = row["removed_at"] if "removed_at" in keys else None
            record["removed_reason"] = row["removed_reason"] if "removed_reason" in keys else None
        return record

    def _iter_versions(self, filters: Filters) -> Iterator[dict[str, Any]]:
        """Every version of every matching article, oldest version first within an article."""
        clauses, params = self._where(filters)
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        with self.reading():
            cursor = self._conn.execute(
                f"SELECT v.*{self._removed_column(filters)} FROM articles a "
                f"JOIN article_versions v ON v.article_id = a.id {where} "
                "ORDER BY a.published IS NULL, a.published, a.id, v.version", params)
            try:
                for row in cursor:
                    yield self._with_removed(versions.version_record(row), row, filters)
            finally:
                cursor.close()

    def validators_for(self, url: str) -> dict[str, Any] | None:
        """What the archive last saw of `url` (for a conditional request), or None."""
        with self.reading():
            if not self._holds("page_validators"):
                return None
            return versions.validators_for(self._conn, url)

    def save_validators(self, url: str, **fields: Any) -> None:
        self._write()
        versions.save_validators(self._conn, url, **fields)
        self._wrote()

    def revalidated(self, url: str, **fields: Any) -> None:
        self._write()
        versions.revalidated(self._conn, url, **fields)
        self._wrote()

    def record_version(self, record: Mapping[str, Any] | Any, *, crawl_id: int | None) -> str:
        """Note the article version a crawl saw; call before `upsert_article` (see
        `search.versions.record_version`)."""
        values = normalise_record(record)
        self._write()
        outcome = versions.record_version(self._conn, values, crawl_id=crawl_id)
        self._wrote()
        return outcome

    def mark_removed(self, article_id: str, *, url: str, status: int, seen_at: str,
                     crawl_id: int | None, reason: str = versions.GONE) -> bool:
        self._write()
        marked = versions.mark_removed(self._conn, article_id, url=url, status=status,
                                       seen_at=seen_at, crawl_id=crawl_id, reason=reason)
        self._wrote()
        return marked

    def mark_vanished(self, article_id: str, *, url: str, seen_at: str,
                      crawl_id: int | None) -> bool:
        """A complete crawl of its portal no longer reached the article (crawlers/vanished.py)."""
        return self.mark_removed(article_id, url=url, status=versions.VANISHED_STATUS,
                                 seen_at=seen_at, crawl_id=crawl_id, reason=versions.VANISHED)

    def unreached_candidates(self, portal: str) -> Iterator[tuple[str, str, str]]:
        """`(id, url, canonical_url)` of the portal's articles not already removed, by id, read
        a page at a time (a list would hold every article of the portal in memory)."""
        with self.reading():
            if not self._holds("article_removals"):
                return
        after = ""
        while True:
            with self.reading():
                page = versions.unreached_articles(self._conn, portal, after=after,
                                                   limit=CANDIDATES_PAGE)
            yield from page
            if len(page) < CANDIDATES_PAGE:
                return
            after = page[-1][0]

    def removal(self, article_id: str) -> dict[str, Any] | None:
        """Why and since when an article counts as removed (None: it does not)."""
        with self.reading():
            if not self._holds("article_removals"):
                return None
            return versions.removal(self._conn, article_id)

    def article_versions(self, article_id: str) -> list[dict[str, Any]]:
        """Every version of one article, oldest first."""
        with self.reading():
            if not self._holds("article_versions"):
                return []
            rows = self._conn.execute("SELECT * FROM article_versions WHERE article_id = ? "
                                      "ORDER BY version", (article_id,)).fetchall()
        return [versions.version_record(row) for row in rows]

    def removed_at(self, article_id: str) -> str | None:
        with self.reading():
            if not self._holds("article_removals"):
                return None
            return versions.removed_at(self._conn, article_id)

    def search(self, query: Query, *, limit: int = 20) -> list[dict[str, Any]]:
        """Best `limit` matches: record fields + "score" (higher is better) + "snippet".

        What matches is decided on folded text only (diacritics optional). The order:

        1. articles having every accented query term spelled as typed (`Query.exact_match`,
           looked up in the exact-spelling index) before the others;
        2. then by score: FTS5's bm25() negated (bm25 is lower-is-better, the title weighted
           TITLE_WEIGHT times the text) on folded text, plus EXACT_WEIGHT times the bm25 of
           the exact spellings, plus PROXIMITY_WEIGHT times the bm25 of the query's 2-3 word
           runs (`Query.proximity_match`: words together and in the typed order score higher);
        3. equal scores by id, so results are stable.

        A query typed without diacritics has no exact pass: its order is the folded one. Each
        pass is one MATCH over its FTS table; their rows are summed per article.
        """
        if not query.match:
            query = parse_query(query.text, query.filters)
        clauses, params = self._where(query.filters)
        extra = "".join(f" AND {c}" for c in clauses)
        every = query.filters.versions == "all" and self._holds("article_versions")
        removed = self._removed_column(query.filters)
        if every:
            with self.reading():
                rows = self._conn.execute(
                    f"SELECT v.*{removed}, -bm25(article_versions_fts, {TITLE_WEIGHT}, 1.0) "
                    "AS score FROM article_versions_fts JOIN article_versions v ON "
                    "v.rowid = article_versions_fts.rowid JOIN articles a ON a.id = v.article_id "
                    f"WHERE article_versions_fts MATCH ?{extra} "
                    "ORDER BY score DESC, a.id, v.version LIMIT ?",
                    [query.match, *params, limit],
                ).fetchall()
        else:
            weights = f"{TITLE_WEIGHT}, 1.0"
            # One row per (article, pass), summed per article. A UNION ALL + GROUP BY rather than
            # LEFT JOINs of the passes: SQLite does not index a materialised CTE, and a join of two
            # 50,000-row passes would compare every pair.
            passes = [f"SELECT rowid, -bm25(articles_fts, {weights}) AS s, 1 AS m, 0 AS e "
                      "FROM articles_fts WHERE articles_fts MATCH ?"]
            values: list[Any] = [query.match]
            with self.reading():
                exact = query.exact_match if self._has_table(_EXACT_FTS_TABLE) else None
                if exact:
                    passes.append(f"SELECT rowid, {EXACT_WEIGHT} * -bm25({_EXACT_FTS_TABLE}, "
                                  f"{weights}), 0, 1 FROM {_EXACT_FTS_TABLE} WHERE "
                                  f"{_EXACT_FTS_TABLE} MATCH ?")
                    values.append(exact)
                if query.proximity_match:
                    passes.append(f"SELECT rowid, {PROXIMITY_WEIGHT} * -bm25(articles_fts, {weights}),"
                                  " 0, 0 FROM articles_fts WHERE articles_fts MATCH ?")
                    values.append(query.proximity_match)
                rows = self._conn.execute(
                    f"WITH passes AS MATERIALIZED ({' UNION ALL '.join(passes)}), ranked AS (SELECT rowid, "
                    "sum(s) AS score, max(e) AS exact_tier FROM passes GROUP BY rowid "
                    "HAVING max(m) = 1) "  # only articles the folded query matches
                    f"SELECT {self._columns}{removed}, ranked.score AS score FROM ranked "
                    f"JOIN articles a ON a.rowid = ranked.rowid WHERE 1{extra} "
                    "ORDER BY ranked.exact_tier DESC, ranked.score DESC, a.id LIMIT ?",
                    [*values, *params, limit],
                ).fetchall()
        results = []
        for row in rows:
            record = versions.version_record(row) if every else _row_to_record(row)
            self._with_removed(record, row, query.filters)
            record["score"] = float(row["score"])
            record["snippet"] = make_snippet(record["text"], query.terms)
            results.append(record)
        return results

    # -- crawl log -----------------------------------------------------------------------------

    def start_crawl(
        self, *, portals: list[str], start_urls: list[str], settings: Mapping[str, Any]
    ) -> int:
        """Record a crawl as "running" and return its id (committed at once, so it survives)."""
        self._write()
        cur = self._conn.execute(
            "INSERT INTO crawls (started_at, status, portals, start_urls, settings) "
            "VALUES (?, 'running', ?, ?, ?)",
            (
                _now(),
                json.dumps(list(portals), ensure_ascii=False),
                json.dumps(list(start_urls), ensure_ascii=False),
                json.dumps(dict(settings), ensure_ascii=False, default=str, sort_keys=True),
            ),
        )
        self.commit()
        return int(cur.lastrowid)

    def log_fetch(
        self,
        crawl_id: int,
        *,
        url: str,
        status: int | None,
        kind: str,
        error: str | None,
        warc_file: str | None,
        warc_record_id: str | None,
        fetched_at: str,
        portal: str | None,
    ) -> None:
        """Append one request outcome to the crawl log (batched with article writes)."""
        self._write()
        self._conn.execute(
            "INSERT INTO fetches (crawl_id, url, status, kind, error, warc_file, warc_record_id, "
            "fetched_at, portal) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (crawl_id, url, status, kind, error, warc_file, warc_record_id, fetched_at, portal),
        )
        self._wrote()

    def flag_shared_dates(self, portals: Iterable[str] | None = None) -> dict[str, int]:
        """Flag `published_suspect` on the articles of `portals` (all when None) whose published
        day at least SHARED_DATE_MIN_ARTICLES articles and SHARED_DATE_MIN_SHARE of the portal's
        dated articles share; clear it on the others. Returns flagged counts per portal.

        A static copy's build time or a template's stale header date is printed on every page:
        it is kept as shown (it is what the page says) but must not pass for a publication date.
        Recomputed over the whole portal, so a re-crawl that adds articles can lift the flag.
        """
        self._write()
        conn = self._conn
        wanted = sorted(set(portals)) if portals is not None else None
        scope = f" AND portal IN ({', '.join('?' * len(wanted))})" if wanted else ""
        params = list(wanted or [])
        if wanted == []:
            return {}
        conn.execute(f"UPDATE articles SET published_suspect = 0 WHERE published_suspect{scope}", params)
        totals = {row["portal"]: row["n"] for row in conn.execute(
            f"SELECT portal, count(*) AS n FROM articles WHERE published IS NOT NULL{scope}"
            " GROUP BY portal", params)}
        # Only the days shared by enough articles come back: a list of every (portal, day) was
        # memory in proportion to the archive at the end of every crawl (bench/crawl_memory.py).
        days = [(row["portal"], row["published"], row["n"]) for row in conn.execute(
            f"SELECT portal, published, count(*) AS n FROM articles WHERE published IS NOT NULL"
            f"{scope} GROUP BY portal, published HAVING n >= ?", [*params, SHARED_DATE_MIN_ARTICLES])]
        flagged: dict[str, int] = {}
        for portal, day, count in days:
            if count >= SHARED_DATE_MIN_ARTICLES and count >= SHARED_DATE_MIN_SHARE * totals[portal]:
                conn.execute("UPDATE articles SET published_suspect = 1 WHERE portal = ? AND "
                             "published = ?", (portal, day))
                flagged[portal] = flagged.get(portal, 0) + count
        self._wrote()
        return flagged

    def cluster_near_duplicates(self) -> dict[str, int]:
        """Group near-duplicate articles of the whole archive (search/near_duplicates.py);
        committed with the next commit. Returns the counts (articles, hashed, clusters,
        duplicates)."""
        self._write()
        # All or nothing: a failure leaves the previous clusters, never a half-written table.
        self._conn.execute("SAVEPOINT near_duplicates")
        try:
            result = near_duplicates.assign_clusters(self._conn).as_dict()
        except BaseException:
            self._conn.execute("ROLLBACK TO near_duplicates")
            self._conn.execute("RELEASE near_duplicates")
            raise
        self._conn.execute("RELEASE near_duplicates")
        self._wrote()
        return result

    def finish_crawl(self, crawl_id: int, *, stats: Mapping[str, Any], status: str) -> None:
        """Close a crawl with its final status ("finished", "interrupted", "failed") and stats."""
        self._write()
        self._conn.execute(
            "UPDATE crawls SET finished_at = ?, status = ?, stats = ? WHERE id = ?",
            (_now(), status, json.dumps(dict(stats), ensure_ascii=False, default=str), crawl_id),
        )
        self.commit()

    def crawls(self) -> list[dict[str, Any]]:
        """Every crawl, oldest first, with decoded JSON fields and its number of logged fetches."""
        with self.reading():
            rows = self._conn.execute(
                "SELECT c.*, (SELECT count(*) FROM fetches f WHERE f.crawl_id = c.id) AS fetches "
                "FROM crawls c ORDER BY c.id"
            ).fetchall()
        result = []
        for row in rows:
            item = dict(row)
            for key in ("portals", "start_urls", "settings", "stats"):
                item[key] = json.loads(item[key]) if item[key] is not None else None
            result.append(item)
        return result

    # -- one crawl's records (`portal-archive package`) ------------------------------------------

    def crawl_warc_files(self, crawl_id: int) -> list[str]:
        """Names (in `warc/`) of the WARC files holding records of crawl `crawl_id`, in the
        order they were first written to."""
        with self.reading():
            rows = self._conn.execute(
                "SELECT warc_file FROM fetches WHERE crawl_id = ? AND warc_file IS NOT NULL "
                "GROUP BY warc_file ORDER BY min(id)", (crawl_id,)).fetchall()
        return [row["warc_file"] for row in rows]

    def crawl_articles(self, crawl_id: int) -> list[dict[str, Any]]:
        """The pages crawl `crawl_id` archived that the index holds as articles, in fetch order:
        `url`, `fetched_at` and the indexed `title` (a 304 of a re-crawl counts: its revisit
        record replays the archived page)."""
        with self.reading():
            rows = self._conn.execute(
                # A join (SQLite builds a transient index on articles.url) rather than a
                # subquery per row, which would scan the articles table once per fetch.
                "SELECT f.url, f.fetched_at, min(a.title) AS title FROM fetches f "
                "JOIN articles a ON a.url = f.url WHERE f.crawl_id = ? AND f.status IN (200, 304) "
                "AND f.warc_record_id IS NOT NULL GROUP BY f.id ORDER BY f.id", (crawl_id,)).fetchall()
        return [dict(row) for row in rows]

    # -- reports (search/health.py) -------------------------------------------------------------

    def rows(self, sql: str, params: Iterable[Any] = ()) -> list[sqlite3.Row]:
        """The rows of one read query, for reports that aggregate the crawl log and articles
        (search/health.py) without this class growing a method per figure."""
        with self.reading():
            return self._conn.execute(sql, tuple(params)).fetchall()

    # -- statistics ----------------------------------------------------------------------------

    def stats(self) -> dict[str, Any]:
        """Counts for `portal-archive stats`; undated articles and unknown portals are "unknown"."""
        with self.reading():
            return self._stats()

    def _stats(self) -> dict[str, Any]:
        conn = self._conn
        by_portal: dict[str, int] = {}
        by_year: dict[str, int] = {}
        by_portal_year: dict[str, dict[str, int]] = {}
        rows = conn.execute(
            "SELECT coalesce(portal, 'unknown') AS portal, "
            "coalesce(substr(published, 1, 4), 'unknown') AS year, count(*) AS n "
            "FROM articles GROUP BY 1, 2 ORDER BY 1, 2"
        )
        total = 0
        for row in rows:
            portal, year, n = row["portal"], row["year"], row["n"]
            total += n
            by_portal[portal] = by_portal.get(portal, 0) + n
            by_year[year] = by_year.get(year, 0) + n
            by_portal_year.setdefault(portal, {})[year] = n
        return {
            "articles": total,
            "by_portal": by_portal,
            "by_year": dict(sorted(by_year.items())),
            "by_portal_year": by_portal_year,
            "crawls": conn.execute("SELECT count(*) FROM crawls").fetchone()[0],
            "fetches": conn.execute("SELECT count(*) FROM fetches").fetchone()[0],
        }

    # -- attachments (search/attachments.py) ---------------------------------------------------

    def upsert_attachment(self, record: Mapping[str, Any]) -> str:
        """Insert or update a document record; "inserted" | "updated" | "unchanged"."""
        self._write()
        outcome = attachments.upsert_attachment(self._conn, record)
        self._wrote()
        return outcome

    def link_attachment(self, article_id: str, attachment_id: str) -> None:
        self._write()
        attachments.link_attachment(self._conn, article_id, attachment_id)
        self._wrote()

    def attachments_of(self, article_ids: Iterable[str]) -> dict[str, list[dict[str, Any]]]:
        """Summaries of the fetched documents each article links (text left out)."""
        with self.reading():
            if not self._has_table("attachments"):
                return {}
            return attachments.attachments_of(self._conn, article_ids)

    def count_attachments(self) -> int:
        with self.reading():
            return attachments.count(self._conn) if self._has_table("attachments") else 0

    def attachment_text(self, attachment_id: str) -> str | None:
        with self.reading():
            if not self._has_table("attachments"):
                return None
            row = self._conn.execute("SELECT text FROM attachments WHERE id = ?",
                                     (attachment_id,)).fetchone()
        return row[0] if row else None

    def _has_table(self, name: str) -> bool:
        return self._conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?",
                                  (name,)).fetchone() is not None

    # -- references into the WARC files (crawlers/recovery.py, crawlers/verify.py) ------------

    _WARC_TABLES = ("articles", "attachments", "fetches", "page_validators", "article_versions")
    _ROW_KEYS = {"fetches": "url", "page_validators": "url", "article_versions": "article_id"}

    def warc_references(self) -> Iterator[tuple[str, str, str, str]]:
        """`(table, row key, warc_file, warc_record_id)` for every row naming a WARC record."""
        for table in self._WARC_TABLES:
            if not self._has_table(table):
                continue
            key = self._ROW_KEYS.get(table, "id")
            yield from (tuple(row) for row in self._conn.execute(
                f"SELECT '{table}', {key}, warc_file, warc_record_id FROM {table} "
                "WHERE warc_file IS NOT NULL ORDER BY warc_file"))

    def clear_missing_warc_records(self, warc_file: str, present: frozenset[str]) -> int:
        """Unset the WARC reference of rows naming a record of `warc_file` that is not among
        `present` (cut from a torn file): a reference must never point at nothing. Committed."""
        cleared = 0
        self._write()
        for table in self._WARC_TABLES:
            if not self._has_table(table):
                continue
            rows = self._conn.execute(
                f"SELECT rowid, warc_record_id FROM {table} WHERE warc_file = ?", (warc_file,)
            ).fetchall()
            lost = [(row[0],) for row in rows if row[1] not in present]
            self._conn.executemany(
                f"UPDATE {table} SET warc_file = NULL, warc_record_id = NULL WHERE rowid = ?", lost)
            cleared += len(lost)
        self.commit()
        return cleared

    def integrity_check(self) -> str:
        """SQLite's own verdict on the file ("ok" when healthy)."""
        return self._conn.execute("PRAGMA integrity_check").fetchone()[0]
