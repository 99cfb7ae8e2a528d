"""Attachments in the embedded index: one row per document, linked to the articles that cite it.

Kept beside the article tables (same SQLite file, same transactions) so that an export can list,
for each article, the documents it links and whether their text could be read.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping
from typing import Any

from crawlers.attachments import ATTACHMENT_FIELDS

SCHEMA = """
CREATE TABLE IF NOT EXISTS attachments (
    id TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    parent_id TEXT,
    parent_url TEXT,
    portal TEXT,
    filename TEXT NOT NULL,
    kind TEXT NOT NULL,
    content_type TEXT,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    text TEXT NOT NULL,
    text_status TEXT NOT NULL,
    fetched_at TEXT NOT NULL,
    warc_file TEXT,
    warc_record_id TEXT,
    http_status INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS article_attachments (
    article_id TEXT NOT NULL,
    attachment_id TEXT NOT NULL,
    PRIMARY KEY (article_id, attachment_id)
);
"""
# Fields of an attachment shown inside an article record (the text stays in its own table).
SUMMARY_FIELDS = ("url", "filename", "kind", "size", "sha256", "text_status", "warc_file",
                  "warc_record_id")


def ensure_tables(conn: sqlite3.Connection) -> None:
    conn.executescript(SCHEMA)


def upsert_attachment(conn: sqlite3.Connection, record: Mapping[str, Any]) -> str:
    """Insert or replace an attachment; returns "inserted", "updated" or "unchanged"."""
    row = conn.execute("SELECT sha256 FROM attachments WHERE id = ?", (record["id"],)).fetchone()
    if row is not None and row[0] == record["sha256"]:
        outcome = "unchanged"
    else:
        outcome = "inserted" if row is None else "updated"
        columns = ", ".join(ATTACHMENT_FIELDS)
        marks = ", ".join("?" for _ in ATTACHMENT_FIELDS)
        conn.execute(f"INSERT OR REPLACE INTO attachments ({columns}) VALUES ({marks})",
                     [record[name] for name in ATTACHMENT_FIELDS])
    if record.get("parent_id"):
        link_attachment(conn, record["parent_id"], record["id"])
    return outcome


def link_attachment(conn: sqlite3.Connection, article_id: str, attachment_id: str) -> None:
    conn.execute("INSERT OR IGNORE INTO article_attachments (article_id, attachment_id) "
                 "VALUES (?, ?)", (article_id, attachment_id))


def attachments_of(conn: sqlite3.Connection, article_ids: Iterable[str]) -> dict[str, list[dict]]:
    """Attachment summaries per article id (only attachments actually fetched)."""
    ids = list(article_ids)
    found: dict[str, list[dict]] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        marks = ", ".join("?" for _ in chunk)
        cols = ", ".join(f"t.{name}" for name in SUMMARY_FIELDS)
        for row in conn.execute(
                f"SELECT l.article_id, {cols} FROM article_attachments l JOIN attachments t "
                f"ON t.id = l.attachment_id WHERE l.article_id IN ({marks}) ORDER BY t.url",
                chunk):
            found.setdefault(row[0], []).append(dict(zip(SUMMARY_FIELDS, row[1:], strict=True)))
    return found


def count(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT count(*) FROM attachments").fetchone()[0]
