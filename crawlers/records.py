"""From a fetched page to an `Article` record (or to nothing, for listings and home pages).

`article_from_exchange` is the one path from "bytes + URL + headers + portal" to a record, and it
knows nothing of Scrapy: the spider calls it for live responses (through
`page_from_response`), `portal-archive reextract` for responses read back from the WARC files,
and `portal-archive extract` builds on the same `build_article` for saved pages. So a record
rebuilt from the archive is the record the crawl would make today.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import UTC, datetime
from functools import cache
from importlib import metadata, resources
from importlib.resources.abc import Traversable
from typing import Any

from scrapy.http import TextResponse

from crawlers import extraction
from crawlers.extraction import ExtractedPage, extract_page
from crawlers.extraction.text import clean_whitespace, nfc
from crawlers.extraction.topics import tag_topics, topic_terms
from crawlers.items import Article
from crawlers.registry import Portal, Target
from crawlers.tls import tls_record
from crawlers.urls import canonicalize_url, scope_of
from crawlers.warc_writer import WarcLocation


def article_id(canonical_url: str) -> str:
    """Stable id of an article: first 20 hex digits of sha256(canonical URL)."""
    return hashlib.sha256(canonical_url.encode("utf-8")).hexdigest()[:20]


TEXT_FIELDS = ("title", "text", "author", "source", "province", "district")


@cache
def extractor_version() -> str:
    """`<package version>+<12 hex>`: the hex is a digest of every file of the extraction package
    and of this module, so any change to how records are made gives a new version without anyone
    having to remember to bump it; `reextract` and re-crawls rewrite records made by another."""
    digest = hashlib.sha256()
    # Read through importlib.resources, not the file system: in a scrapyd egg (docs/scale.md) the
    # package is a zip on sys.path. Same files, same order (path parts), same digest as a checkout.
    files = sorted(_package_files(resources.files(extraction)), key=lambda entry: entry[0])
    files.append(((), resources.files("crawlers").joinpath("records.py")))
    for _parts, entry in files:
        digest.update(entry.name.encode("utf-8") + b"\0" + entry.read_bytes() + b"\0")
    try:
        version = metadata.version("portal-archive")
    except metadata.PackageNotFoundError:
        version = "0"
    return f"{version}+{digest.hexdigest()[:12]}"


def _package_files(folder: Traversable, parts: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Traversable]]:
    """Every file under `folder` but compiled bytecode, with its path parts below it."""
    for entry in folder.iterdir():
        if entry.is_dir():
            yield from _package_files(entry, (*parts, entry.name))
        elif entry.is_file() and not entry.name.endswith((".pyc", ".pyo")):
            yield (*parts, entry.name), entry


def http_charset(content_type: str | None) -> str | None:
    """The charset parameter of a Content-Type header value, or None."""
    _, _, charset = (content_type or "").lower().partition("charset=")
    return charset.split(";")[0].strip(" \"'") or None


def normalise_article(article: Article) -> bool:
    """Put the text fields in the one form search, deduplication and exports expect (NFC,
    collapsed whitespace, None rather than ""); False when the title or text is empty (no record).

    Portals mix NFC and NFD; the crawl's NormalisePipeline and `reextract` both call this."""
    for name in TEXT_FIELDS:
        value = getattr(article, name)
        if isinstance(value, str):
            value = clean_whitespace(nfc(value))
            if name == "title":
                value = " ".join(value.split())
            # Optional fields hold None rather than "" so exports mean one thing by "absent".
            setattr(article, name, value if name in ("title", "text") else (value or None))
    return bool(article.title and article.text)


def build_article(page: ExtractedPage, *, url: str, status: int, portal: Portal | None,
                  scopes: frozenset[str], warc: WarcLocation | None = None,
                  tls: dict | None = None, fetched_at: str | None = None) -> Article:
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
        fetched_at=fetched_at or datetime.now(UTC).isoformat(timespec="seconds"),
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
        extractor_version=extractor_version(),
    )


def article_from_exchange(body: bytes, *, url: str, status: int, content_type: str | None,
                          target: Target, warc: WarcLocation | None = None,
                          tls: dict | None = None, fetched_at: str | None = None) -> Article | None:
    """The article in one fetched page (`url` is the final URL, after redirects), or None for
    listings, home pages and other non-articles. Pure: no Scrapy, no network, no clock unless
    `fetched_at` is left out."""
    return page_from_exchange(body, url=url, status=status, content_type=content_type,
                              target=target, warc=warc, tls=tls, fetched_at=fetched_at)[1]


def page_from_exchange(body: bytes, *, url: str, status: int, content_type: str | None,
                       target: Target, warc: WarcLocation | None = None, tls: dict | None = None,
                       fetched_at: str | None = None) -> tuple[str, Article | None]:
    """The page's type ("article", "listing", "home", "other", or why it was not read) and its
    article record when it is one: the crawl report counts what was not indexed, by type."""
    portal = target.portal
    # The header charset is only a hint: portals lie (windows-1258 served as "charset=utf-8"), so
    # extraction lets a BOM, a font encoding or a meta charset that fits the bytes overrule it.
    # The registry's family, when it names one, wins over fingerprints: portals link to and copy
    # from each other, so a page can carry another family's marks.
    page = extract_page(body, url, http_charset=http_charset(content_type),
                        cms=portal.cms if portal else None,
                        site_name=portal.name if portal else None,
                        province=portal.province if portal else None,
                        district=portal.district if portal else None)
    if not page.is_article:
        return (page.page_type if page.page_type != "article" else "other"), None
    return "article", build_article(page, url=url, status=status, portal=portal,
                                    scopes=target.scopes, warc=warc, tls=tls, fetched_at=fetched_at)


def exchange_of_response(response: TextResponse, target: Target, *,
                         tls_insecure: bool = False) -> dict[str, Any]:
    """The keyword arguments of `page_from_exchange` for a live Scrapy response: plain values only
    (bytes, strings, the target, the WARC location, the TLS record), so they can be handed to a
    worker process (crawlers/workers.py). `tls_insecure`: the page's host was fetched without
    certificate verification (its certificate's problems go on the record)."""
    content_type = (response.headers.get(b"Content-Type") or b"").decode("latin-1")
    return {"body": response.body, "url": response.url, "status": response.status,
            "content_type": content_type, "target": target, "warc": response.meta.get("warc"),
            "tls": tls_record(response, insecure=tls_insecure)}


def page_from_response(response: TextResponse, target: Target, *,
                       tls_insecure: bool = False) -> tuple[str, Article | None]:
    """The page type and article of a live Scrapy response (see `page_from_exchange`)."""
    return page_from_exchange(**exchange_of_response(response, target, tls_insecure=tls_insecure))
