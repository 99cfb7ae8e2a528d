"""extract_page against the offline mirror's ground truth (tests/mirror, built by another module).

Every mirror article must come out with the exact headline and date, every ground-truth paragraph
in the text, and none of the page's boilerplate (the article's own must_not_contain list and the
chrome strings read off the seed pages). Mirror home and listing pages must not be articles.
"""

from __future__ import annotations

from collections import Counter

import pytest

import tests.mirror as mirror_package
from crawlers.extraction import ExtractedPage, extract_page


@pytest.fixture(scope="module")
def mirror():  # type: ignore[no-untyped-def]
    return mirror_package.build_mirror()


@pytest.fixture(scope="module")
def extracted(mirror) -> dict[str, ExtractedPage]:  # type: ignore[no-untyped-def]
    pages: dict[str, ExtractedPage] = {}
    for article in mirror.articles:
        response = mirror.fetch(article.url)
        assert response.status == 200, article.url
        pages[article.url] = extract_page(response.body, article.url)
    return pages


def _problems(article, page: ExtractedPage, seed_boilerplate: list[str]) -> list[str]:  # type: ignore[no-untyped-def]
    problems = []
    if not page.is_article:
        problems.append(f"page_type={page.page_type}")
    if page.title != article.title:
        problems.append(f"title {page.title!r} != {article.title!r}")
    if page.published != article.published:
        problems.append(f"published {page.published!r} != {article.published!r}")
    missing = [p for p in article.paragraphs if p not in page.text]
    if missing:
        problems.append(f"{len(missing)} paragraphs missing, first: {missing[0][:60]!r}")
    kept = [s for s in list(article.must_not_contain) + seed_boilerplate if s in page.text]
    if kept:
        problems.append(f"boilerplate kept: {kept[:5]!r}")
    return problems


def test_every_mirror_article_extracts_exactly(mirror, extracted) -> None:  # type: ignore[no-untyped-def]
    failures = {
        article.url: problems
        for article in mirror.articles
        if (problems := _problems(article, extracted[article.url], mirror.seed_boilerplate))
    }
    assert len(mirror.articles) > 0
    assert failures == {}
    assert sum(page.is_article for page in extracted.values()) == len(mirror.articles)


def test_mirror_bylines(mirror, extracted) -> None:  # type: ignore[no-untyped-def]
    wrong = {
        a.url: (extracted[a.url].author, a.author, extracted[a.url].source, a.source)
        for a in mirror.articles
        if (extracted[a.url].author, extracted[a.url].source) != (a.author, a.source)
    }
    assert wrong == {}


def test_mirror_cms_detection(mirror, extracted) -> None:  # type: ignore[no-untyped-def]
    family_of = {p.id: p.family for p in mirror.portals}
    detected = Counter(
        (family_of[a.portal], extracted[a.url].cms) for a in mirror.articles
    )
    assert all(expected == found for expected, found in detected)


def test_mirror_home_pages_are_not_articles(mirror) -> None:  # type: ignore[no-untyped-def]
    for portal in mirror.portals:
        page = extract_page(mirror.fetch(portal.home_url).body, portal.home_url)
        assert page.page_type == "home", portal.home_url
        assert not page.is_article


# Pages per portal visited by the breadth-first walk below (enough to reach every listing kind).
WALK_LIMIT = 250
_NOT_FETCHED = {"trap-first", "trap-deep", "variant", "unknown", "redirect", "robots", "sitemap",
                "feed", "error"}


def test_pages_reached_from_home_are_typed_like_the_mirror_says(mirror) -> None:  # type: ignore[no-untyped-def]
    """Walk each portal from its home page: mirror articles are articles, nothing else is."""
    from urllib.parse import urldefrag, urljoin

    from lxml import html

    wrong: list[tuple[str, str, str]] = []
    seen_kinds: Counter[str] = Counter()
    for portal in mirror.portals:
        seen, queue = {portal.home_url}, [portal.home_url]
        while queue and len(seen) < WALK_LIMIT:
            url = queue.pop(0)
            kind = mirror.classify(url)
            if kind in _NOT_FETCHED:
                continue
            response = mirror.fetch(url)
            if response.status != 200:
                continue
            page = extract_page(response.body, url)
            seen_kinds[kind] += 1
            if (kind == "article") != page.is_article:
                wrong.append((url, kind, page.page_type))
            for href in html.fromstring(response.body).xpath("//a/@href"):
                link = urldefrag(urljoin(url, href))[0]
                if link.startswith(f"http://{portal.host}") and link not in seen:
                    seen.add(link)
                    queue.append(link)
    assert wrong == []
    assert seen_kinds["home"] == len(mirror.portals)
    assert seen_kinds["listing"] >= 2 * len(mirror.portals)
    assert seen_kinds["article"] >= len(mirror.portals)
