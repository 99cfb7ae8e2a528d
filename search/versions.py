"""What the archive saw of a page over time: validators for re-crawls, article versions, removals.

Three tables beside the articles (same SQLite file, same transactions), created with
`CREATE ... IF NOT EXISTS` so an older index gains them on its first writable open without a
schema-version bump:

- `page_validators`: per URL, the last full response the archive holds (its ETag, Last-Modified,
  payload digest and where its response record is). A re-crawl sends `If-None-Match` /
  `If-Modified-Since` from it (crawlers/middlewares/conditional.py) and, on `304 Not Modified`,
  reads the page back from that record. One row per URL rather than columns on `fetches`: the
  crawl log grows by one row per fetch and crawl, while a request needs exactly the latest.
- `article_versions`: every distinct text an article has had, each with the first and last
  crawl that saw it (`articles` keeps the latest). Contentless FTS5 over the versions' folded
  title and text (`article_versions_fts`) serves `search --versions all`.
- `article_removals`: articles that answered 404/410 on a later fetch (`reason` `gone`), or that
  a complete crawl of their portal no longer reached from any page, listing, feed or sitemap
  (`reason` `vanished`, `status` 0: no HTTP answer said so; crawlers/vanished.py decides), with
  the time they were first seen gone. An article that is read again (200, or a 304 read back)
  is no longer removed, whichever the reason.

Everything here is rebuilt from the WARC files by `portal-archive reextract` (revisit records
included), like the rest of the index.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from typing import Any

from crawlers.extraction.text import fold

SCHEMA = """
CREATE TABLE IF NOT EXISTS page_validators (
    url TEXT PRIMARY KEY,
    etag TEXT,
    last_modified TEXT,
    payload_digest TEXT,
    warc_file TEXT,
    warc_record_id TEXT,
    warc_offset INTEGER,
    warc_date TEXT,
    crawl_id INTEGER,
    seen_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS article_versions (
    rowid INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    content_sha256 TEXT NOT NULL,
    record TEXT NOT NULL,
    first_crawl INTEGER,
    first_seen TEXT NOT NULL,
    last_crawl INTEGER,
    last_seen TEXT NOT NULL,
    warc_file TEXT,
    warc_record_id TEXT,
    UNIQUE (article_id, version)
);
CREATE VIRTUAL TABLE IF NOT EXISTS article_versions_fts USING fts5(
    title, text, content='', tokenize='unicode61 remove_diacritics 2', prefix='2 3'
);
CREATE TABLE IF NOT EXISTS article_removals (
    article_id TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    status INTEGER NOT NULL,
    removed_at TEXT NOT NULL,
    crawl_id INTEGER,
    reason TEXT
);
"""
GONE = "gone"
"""Removal reason: the page answered 404/410."""
VANISHED = "vanished"
"""Removal reason: a complete crawl of the portal no longer reached the article at all."""
VANISHED_STATUS = 0
"""`article_removals.status` of a vanished article: no HTTP answer (the column is NOT NULL)."""
_JSON_COLUMNS = ("topics", "topic_terms", "legal_refs", "places", "tls")
TABLES = ("page_validators", "article_versions", "article_removals")
VERSION_FIELDS = ("version", "first_crawl", "first_seen", "last_crawl", "last_seen")
"""Keys a record of `--versions all` carries beside the article fields."""


def ensure_tables(conn: sqlite3.Connection) -> None:
    conn.executescript(SCHEMA)
    _ensure_removal_reason(conn)


def has_removal_reason(conn: sqlite3.Connection) -> bool:
    return any(row[1] == "reason" for row in conn.execute("PRAGMA table_info(article_removals)"))


def _ensure_removal_reason(conn: sqlite3.Connection) -> None:
    """`article_removals.reason` came after the table: a file made before gains it (its rows
    were all 404/410 removals, so they read as `gone`)."""
    if not has_removal_reason(conn):
        conn.execute("ALTER TABLE article_removals ADD COLUMN reason TEXT")
        conn.execute("UPDATE article_removals SET reason = ?", (GONE,))


# -- validators ------------------------------------------------------------------------------------

def validators_for(conn: sqlite3.Connection, url: str) -> dict[str, Any] | None:
    """What the archive last saw of `url` (None when it holds no response record for it)."""
    row = conn.execute("SELECT * FROM page_validators WHERE url = ? AND warc_file IS NOT NULL",
                       (url,)).fetchone()
    return dict(row) if row else None


def save_validators(conn: sqlite3.Connection, url: str, *, etag: str | None,
                    last_modified: str | None, payload_digest: str | None, warc_file: str,
                    warc_record_id: str, warc_offset: int, warc_date: str,
                    crawl_id: int | None, seen_at: str) -> None:
    """A full response of `url` was archived: it is now what later crawls compare against."""
    conn.execute(
        "INSERT INTO page_validators (url, etag, last_modified, payload_digest, warc_file, "
        "warc_record_id, warc_offset, warc_date, crawl_id, seen_at) VALUES (?,?,?,?,?,?,?,?,?,?) "
        "ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, last_modified = "
        "excluded.last_modified, payload_digest = excluded.payload_digest, warc_file = "
        "excluded.warc_file, warc_record_id = excluded.warc_record_id, warc_offset = "
        "excluded.warc_offset, warc_date = excluded.warc_date, crawl_id = excluded.crawl_id, "
        "seen_at = excluded.seen_at",
        (url, etag, last_modified, payload_digest, warc_file, warc_record_id, warc_offset,
         warc_date, crawl_id, seen_at))


def revalidated(conn: sqlite3.Connection, url: str, *, etag: str | None,
                last_modified: str | None, crawl_id: int | None, seen_at: str) -> None:
    """A 304 (or an identical payload) confirmed the archived response: newer validators the
    server sent are kept, the payload stays where it is."""
    conn.execute(
        "UPDATE page_validators SET etag = coalesce(?, etag), last_modified = "
        "coalesce(?, last_modified), crawl_id = ?, seen_at = ? WHERE url = ?",
        (etag, last_modified, crawl_id, seen_at, url))


# -- versions ------------------------------------------------------------------------------------

def _insert_version(conn: sqlite3.Connection, article_id: str, number: int,
                    record: Mapping[str, Any], crawl_id: int | None, seen: str) -> None:
    cur = conn.execute(
        "INSERT INTO article_versions (article_id, version, content_sha256, record, first_crawl, "
        "first_seen, last_crawl, last_seen, warc_file, warc_record_id) "
        "VALUES (?,?,?,?,?,?,?,?,?,?)",
        (article_id, number, record["content_sha256"] or "",
         json.dumps(dict(record), ensure_ascii=False, default=str), crawl_id, seen, crawl_id,
         seen, record.get("warc_file"), record.get("warc_record_id")))
    conn.execute("INSERT INTO article_versions_fts (rowid, title, text) VALUES (?, ?, ?)",
                 (cur.lastrowid, fold(record["title"]), fold(record["text"])))


def _replace_version(conn: sqlite3.Connection, rowid: int, old: Mapping[str, Any],
                     record: Mapping[str, Any], crawl_id: int | None, seen: str) -> None:
    conn.execute("INSERT INTO article_versions_fts (article_versions_fts, rowid, title, text) "
                 "VALUES ('delete', ?, ?, ?)", (rowid, fold(old["title"]), fold(old["text"])))
    conn.execute(
        "UPDATE article_versions SET content_sha256 = ?, record = ?, last_crawl = ?, "
        "last_seen = ? WHERE rowid = ?",
        (record["content_sha256"] or "", json.dumps(dict(record), ensure_ascii=False, default=str),
         crawl_id, seen, rowid))
    conn.execute("INSERT INTO article_versions_fts (rowid, title, text) VALUES (?, ?, ?)",
                 (rowid, fold(record["title"]), fold(record["text"])))


def record_version(conn: sqlite3.Connection, record: Mapping[str, Any], *,
                   crawl_id: int | None) -> str:
    """Note that a crawl saw `record` (a normalised article record, before it is upserted).

    Returns "new" (a first version, or the text changed: a version is added, the older ones
    stay), "seen" (the latest version's text, or a version's own archived response, again: its
    last crawl moves on) or "re-read" (a version's archived response read by another extractor:
    that version is replaced, since the page did not change). An article indexed before versions
    were kept gets its stored text as version 1 first, so no text the index held is dropped.
    """
    article_id = record["id"]
    seen = record.get("fetched_at") or ""
    latest = conn.execute(
        "SELECT rowid, version, content_sha256 FROM article_versions "
        "WHERE article_id = ? ORDER BY version DESC LIMIT 1", (article_id,)).fetchone()
    if latest is None:
        stored = conn.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
        if stored is not None and stored["content_sha256"] != record["content_sha256"]:
            old = {key: stored[key] for key in stored.keys() if key in record}
            for key in _JSON_COLUMNS:  # stored as JSON text in `articles`
                if isinstance(old.get(key), str):
                    old[key] = json.loads(old[key])
            _insert_version(conn, article_id, 1, old, None, stored["fetched_at"])
            _insert_version(conn, article_id, 2, record, crawl_id, seen)
            conn.execute("DELETE FROM article_removals WHERE article_id = ?", (article_id,))
            return "new"
        _insert_version(conn, article_id, 1, record, crawl_id, seen)
        conn.execute("DELETE FROM article_removals WHERE article_id = ?", (article_id,))
        return "new"
    conn.execute("DELETE FROM article_removals WHERE article_id = ?", (article_id,))
    same = conn.execute(
        "SELECT rowid, content_sha256, record FROM article_versions WHERE article_id = ? AND "
        "warc_record_id = ? ORDER BY version DESC LIMIT 1",
        (article_id, record.get("warc_record_id"))).fetchone() \
        if record.get("warc_record_id") else None
    if same is not None:
        # The archived response of a version read again (a 304, `reextract`): no new version.
        if same["content_sha256"] != record["content_sha256"]:
            _replace_version(conn, same["rowid"], json.loads(same["record"]), record, crawl_id,
                             seen)
            return "re-read"
        _seen_again(conn, same["rowid"], crawl_id, seen)
        return "seen"
    if latest["content_sha256"] == record["content_sha256"]:
        _seen_again(conn, latest["rowid"], crawl_id, seen)
        return "seen"
    _insert_version(conn, article_id, latest["version"] + 1, record, crawl_id, seen)
    return "new"


def _seen_again(conn: sqlite3.Connection, rowid: int, crawl_id: int | None, seen: str) -> None:
    conn.execute("UPDATE article_versions SET last_crawl = max(coalesce(last_crawl, 0), ?), "
                 "last_seen = max(last_seen, ?) WHERE rowid = ?", (crawl_id or 0, seen, rowid))


def version_record(row: sqlite3.Row) -> dict[str, Any]:
    """A `--versions all` record: the version's article record plus VERSION_FIELDS."""
    record = json.loads(row["record"])
    for name in VERSION_FIELDS:
        record[name] = row[name]
    return record


# -- removals ------------------------------------------------------------------------------------

def mark_removed(conn: sqlite3.Connection, article_id: str, *, url: str, status: int,
                 seen_at: str, crawl_id: int | None, reason: str = GONE) -> bool:
    """The article `article_id` answered `status` (404/410), or vanished (`reason`
    VANISHED, `status` VANISHED_STATUS): removed since `seen_at`, unless it was already (the
    first time seen gone is kept, whatever the reason). False when the index has no such
    article."""
    if conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is None:
        return False
    conn.execute("INSERT OR IGNORE INTO article_removals (article_id, url, status, removed_at, "
                 "crawl_id, reason) VALUES (?, ?, ?, ?, ?, ?)",
                 (article_id, url, status, seen_at, crawl_id, reason))
    return True


def unreached_articles(conn: sqlite3.Connection, portal: str, *, after: str = "",
                       limit: int = -1) -> list[tuple[str, str, str]]:
    """`(id, url, canonical_url)` of the articles of `portal` the index holds and does not
    already count as removed: what a complete crawl of the portal must have reached
    (crawlers/vanished.py picks those it did not). By id, from the first id above `after`, at
    most `limit` of them (-1: all)."""
    return [tuple(row) for row in conn.execute(
        "SELECT a.id, a.url, a.canonical_url FROM articles a WHERE a.portal = ? AND a.id > ? "
        "AND NOT EXISTS (SELECT 1 FROM article_removals r WHERE r.article_id = a.id) "
        "ORDER BY a.id LIMIT ?", (portal, after, limit))]


def removed_at(conn: sqlite3.Connection, article_id: str) -> str | None:
    row = conn.execute("SELECT removed_at FROM article_removals WHERE article_id = ?",
                       (article_id,)).fetchone()
    return row[0] if row else None


def removal(conn: sqlite3.Connection, article_id: str) -> dict[str, Any] | None:
    """The removal row of an article (`reason`, `status`, `removed_at`, `crawl_id`), or None."""
    row = conn.execute("SELECT article_id, url, status, removed_at, crawl_id, "
                       "coalesce(reason, ?) AS reason FROM article_removals WHERE article_id = ?",
                       (GONE, article_id)).fetchone()
    return dict(zip(("article_id", "url", "status", "removed_at", "crawl_id", "reason"), row,
                    strict=True)) if row else None
