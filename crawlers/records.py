"""From a fetched page to an `Article` record (or to nothing, for listings and home pages).

Used by the spider for live responses and by `portal-archive extract` for saved pages, so both
produce the same record.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from scrapy.http import TextResponse

from crawlers.extraction import ExtractedPage, extract_page
from crawlers.extraction.topics import tag_topics, topic_terms
from crawlers.items import Article
from crawlers.registry import Portal, Target
from crawlers.tls import tls_record
from crawlers.urls import canonicalize_url, scope_of
from crawlers.warc_writer import WarcLocation


def article_id(canonical_url: str) -> str:
    """Stable id of an article: first 20 hex digits of sha256(canonical URL)."""
    return hashlib.sha256(canonical_url.encode("utf-8")).hexdigest()[:20]


def build_article(page: ExtractedPage, *, url: str, status: int, portal: Portal | None,
                  scopes: frozenset[str], warc: WarcLocation | None = None,
                  tls: dict | None = None) -> Article:
    ignored = portal.ignored_params if portal else ()
    canonical = canonicalize_url(url, ignored)
    if page.canonical_url:
        declared = canonicalize_url(page.canonical_url, ignored)
        # A canonical link may only move the record within the crawl's own scope.
        if scope_of(declared) in scopes:
            canonical = declared
    text = page.text
    return Article(
        id=article_id(canonical),
        url=url,
        canonical_url=canonical,
        portal=portal.id if portal else scope_of(canonical),
        province=portal.province if portal else None,
        district=portal.district if portal else None,
        title=page.title or "",
        text=text,
        published=page.published,
        author=page.author,
        source=page.source,
        language=page.language,
        topics=tag_topics(page.title or "", text),
        cms=page.cms or (portal.cms if portal and portal.cms != "unknown" else None),
        fetched_at=datetime.now(UTC).isoformat(timespec="seconds"),
        content_sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        warc_file=warc.file if warc else None,
        warc_record_id=warc.record_id if warc else None,
        http_status=status,
        updated=page.updated,
        topic_terms=topic_terms(page.title or "", text),
        legal_refs=list(page.legal_refs),
        places=list(page.places),
        tls=tls,
        encoding=page.encoding,
        encoding_note=page.encoding_note,
    )


def article_from_response(response: TextResponse, target: Target, *,
                          tls_insecure: bool = False) -> Article | None:
    """The article on a fetched page, or None. `tls_insecure`: the page's host was fetched
    without certificate verification (its certificate's problems go on the record)."""
    portal = target.portal
    # The header charset is only a hint: portals lie (windows-1258 served as "charset=utf-8"), so
    # extraction lets a BOM, a font encoding or a meta charset that fits the bytes overrule it.
    content_type = response.headers.get(b"Content-Type") or b""
    _, _, charset = content_type.decode("latin-1").lower().partition("charset=")
    http_charset = charset.split(";")[0].strip(" \"'") or None
    page = extract_page(response.body, response.url, http_charset=http_charset,
                        site_name=portal.name if portal else None,
                        province=portal.province if portal else None,
                        district=portal.district if portal else None)
    if not page.is_article:
        return None
    return build_article(page, url=response.url, status=response.status, portal=target.portal,
                         scopes=target.scopes, warc=response.meta.get("warc"),
                         tls=tls_record(response, insecure=tls_insecure))
