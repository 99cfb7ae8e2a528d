"""The labelled real corpus (../shared/corpus) extracted once per test session.

Extracting the 112 labelled articles takes ~10 s of CPU; the topic evaluation and the
SQLite/Elasticsearch parity test both need them, so they share this cache instead of paying twice.
"""

from __future__ import annotations

from functools import lru_cache

from crawlers.extraction.evaluate import labelled_pages
from crawlers.extraction.page import ExtractedPage, extract_page
from crawlers.items import Article
from crawlers.records import build_article, normalise_article

FETCHED_AT = "2026-11-30T00:00:00+00:00"


@lru_cache(maxsize=1)
def corpus_pages() -> tuple[tuple[str, ExtractedPage, Article | None], ...]:
    """(page id `<folder>/<file>`, extraction, record as a crawl stores it or None) for every
    page the corpus labels as an article."""
    pages = []
    for page in labelled_pages():
        if page.label["page_type"] != "article":
            continue
        result = extract_page(page.body, page.label["url"])
        record = None
        if result.is_article:
            record = build_article(result, url=page.label["url"], status=200, portal=None,
                                   scopes=frozenset(), fetched_at=FETCHED_AT)
            record = record if normalise_article(record) else None
        pages.append((f"{page.portal}/{page.file}", result, record))
    return tuple(pages)
