"""Typed items that leave the spider. Pipelines handle them through `itemadapter`.

`Article` is the record documented in README.md and `search/schema/article.schema.json`. Field order
here is the order of keys in exports.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Article:
    id: str
    url: str
    canonical_url: str
    portal: str | None
    province: str | None
    district: str | None
    title: str
    text: str
    published: str | None
    author: str | None
    source: str | None
    language: str
    topics: list[str] = field(default_factory=list)
    cms: str | None = None
    fetched_at: str = ""
    content_sha256: str = ""
    warc_file: str | None = None
    warc_record_id: str | None = None
    http_status: int = 200
    # Schema version 2 (appended so that version-1 exports keep their key order as a prefix).
    updated: str | None = None
    topic_terms: dict[str, list[str]] = field(default_factory=dict)
    legal_refs: list[dict[str, Any]] = field(default_factory=list)
    places: list[dict[str, Any]] = field(default_factory=list)
    # Schema version 3: certificate verdict of an https page, `{"verified", "problems"}`.
    tls: dict[str, Any] | None = None
    # Schema version 4: the codec the page was read with, and a note when the page's own
    # declaration was overruled or a legacy font encoding was converted (flagged, never silent).
    encoding: str | None = None
    encoding_note: str | None = None
    # Schema version 5: which extractor made the record (crawlers.records.extractor_version), so
    # `portal-archive reextract` and re-crawls know which records an improved extractor redoes.
    extractor_version: str | None = None
    # Schema version 6: the published date is one that many unrelated articles of this portal
    # share (a static copy's build time, a template's stale header): kept as shown, flagged.
    published_suspect: bool = False


ARTICLE_FIELDS: tuple[str, ...] = tuple(Article.__dataclass_fields__)


GONE_STATUSES = (404, 410)
"""What a page answers once the portal deleted it."""


@dataclass
class PageGone:
    """A page answered 404/410: if the index holds it as an article, that article is marked
    removed (search/versions.py). Not an article record: exports and pipelines that handle
    records pass it by."""

    article_id: str
    url: str
    status: int
    seen_at: str = ""
    archived: bool = False
    """Set by the index pipeline: the index held this page as an article, now marked removed."""
