"""Attached documents (văn bản) as records of their own, linked to the article that links them.

The file is in the WARC like every response; this record says what it is, which article it
belongs to, and what text could be read from it (crawlers/documents.py).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime

from scrapy.http import Response

from crawlers.documents import document_kind, extract_text, filename_of
from crawlers.records import article_id
from crawlers.urls import canonicalize_url
from crawlers.warc_writer import WarcLocation


@dataclass
class Attachment:
    id: str
    url: str
    parent_id: str | None
    parent_url: str | None
    portal: str | None
    filename: str
    kind: str
    content_type: str | None
    size: int
    sha256: str
    text: str
    text_status: str
    fetched_at: str
    warc_file: str | None
    warc_record_id: str | None
    http_status: int


ATTACHMENT_FIELDS: tuple[str, ...] = tuple(Attachment.__dataclass_fields__)


@dataclass
class AttachmentLink:
    """An article links a document: recorded for every linking article, fetched or not yet."""

    article_id: str
    attachment_id: str


def attachment_from_exchange(body: bytes, *, url: str, status: int, content_type: str | None,
                             content_disposition: str | None, portal: str | None,
                             parent_url: str | None, warc: WarcLocation | None = None,
                             fetched_at: str | None = None) -> Attachment:
    """The record of one fetched document; no Scrapy, so `reextract` makes it from the WARC
    exactly as the crawl made it from the live response."""
    kind = document_kind(url, content_type or "") or "unknown"
    document = extract_text(body, kind)
    return Attachment(
        id=article_id(canonicalize_url(url)),
        url=url,
        parent_id=article_id(parent_url) if parent_url else None,
        parent_url=parent_url,
        portal=portal,
        filename=filename_of(url, content_disposition or ""),
        kind=kind,
        content_type=content_type or None,
        size=len(body),
        sha256=hashlib.sha256(body).hexdigest(),
        text=document.text,
        text_status=document.status,
        fetched_at=fetched_at or datetime.now(UTC).isoformat(timespec="seconds"),
        warc_file=warc.file if warc else None,
        warc_record_id=warc.record_id if warc else None,
        http_status=status,
    )


def attachment_from_response(response: Response, *, portal: str | None,
                             parent_url: str | None) -> Attachment:
    return attachment_from_exchange(
        response.body, url=response.url, status=response.status,
        content_type=response.headers.get(b"Content-Type", b"").decode("latin-1") or None,
        content_disposition=response.headers.get(b"Content-Disposition", b"").decode(
            "utf-8", "replace"),
        portal=portal, parent_url=parent_url, warc=response.meta.get("warc"))
