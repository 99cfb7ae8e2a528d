"""One article record as every index stores it: the same defaults and checks for SQLite and
Elasticsearch, so the two backends can never disagree about what a record is."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from crawlers.items import ARTICLE_FIELDS

CLUSTER_FIELDS = ("cluster_id", "cluster_first")
"""Near-duplicate cluster fields (search/near_duplicates.py): in exports and Elasticsearch documents
after `reindex`, not part of the crawl's own record."""


def normalise_record(record: Mapping[str, Any] | Any) -> dict[str, Any]:
    """The record's fields in export order, with defaults filled; refuses a record without
    id, url, title or text (ValueError naming the field)."""
    if dataclasses.is_dataclass(record) and not isinstance(record, type):
        record = dataclasses.asdict(record)
    values = {name: record.get(name) for name in ARTICLE_FIELDS}
    for required in ("id", "url", "title", "text"):
        if not values[required]:
            raise ValueError(f"article record without {required!r}: {values['id']!r}")
    values["canonical_url"] = values["canonical_url"] or values["url"]
    values["published"] = values["published"] or None  # "" would sort and count as a date
    values["updated"] = values["updated"] or None
    values["language"] = values["language"] or "vi"
    values["fetched_at"] = values["fetched_at"] or ""
    values["content_sha256"] = values["content_sha256"] or ""
    values["http_status"] = 200 if values["http_status"] is None else values["http_status"]
    values["published_suspect"] = bool(values["published_suspect"])
    return values
