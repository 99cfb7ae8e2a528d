"""When a crawl may say that articles vanished (crawlers/vanished.py): the verdict for one portal
from the spider's discovery log, table by table. The whole path (crawl, WARC, index, search,
export, report, reextract) is tested on the mirror in tests/test_recrawl.py."""

from __future__ import annotations

import pytest

from crawlers.discovery import DiscoveryLog
from crawlers.records import article_id
from crawlers.registry import Target
from crawlers.vanished import metadata_record, read_metadata_record, sweep

SITE = "http://ubnd.example.gov.vn"
HOME = f"{SITE}/"
TARGET = Target((HOME,), frozenset({"ubnd.example.gov.vn"}), None)
KEY = "ubnd.example.gov.vn"


def held(*paths: str) -> list[tuple[str, str, str]]:
    """Archived articles, as `ArchiveStore.unreached_candidates` gives them."""
    return [(article_id(f"{SITE}{p}"), f"{SITE}{p}", f"{SITE}{p}") for p in paths]


def complete_log(*, home: bool = True) -> DiscoveryLog:
    """Home -> listing -> articles a, b, c; d only in the sitemap; e linked from an article.
    `home=False`: extraction did not recognise the start page as the portal's home page."""
    log = DiscoveryLog()
    log.saw(KEY, "start", HOME)
    if home:
        log.not_article(KEY, "home", HOME)
    log.saw(KEY, "links", f"{SITE}/tin-tuc/")
    for name in ("a", "b", "c"):
        log.saw(KEY, "listing", f"{SITE}/tin-tuc/{name}.html")
        log.article(KEY, f"{SITE}/tin-tuc/{name}.html")
    log.saw(KEY, "sitemap", f"{SITE}/tin-tuc/d.html")
    log.saw(KEY, "links", f"{SITE}/tin-tuc/e.html?utm=1")
    return log


ARCHIVED = held(*(f"/tin-tuc/{n}.html" for n in "abcdef"), "/tin-tuc/e.html?utm=1")


def test_a_complete_crawl_marks_only_what_nothing_linked():
    result = sweep(complete_log(), KEY, TARGET, "finished", ARCHIVED)
    assert result.why_not is None
    assert result.vanished == [(article_id(f"{SITE}/tin-tuc/e.html"), f"{SITE}/tin-tuc/e.html"),
                               (article_id(f"{SITE}/tin-tuc/f.html"), f"{SITE}/tin-tuc/f.html")]
    # `e.html?utm=1` was linked; `e.html` itself was not: two URLs, two articles.
    assert result.summary() == {"complete": True, "why_not": None, "vanished": 2}


def with_cut(reason: str) -> DiscoveryLog:
    log = complete_log()
    log.cut(KEY, reason, f"{SITE}/tin-tuc/?page=9")
    return log


def with_failure(what: str) -> DiscoveryLog:
    log = complete_log()
    log.fail(KEY, f"{SITE}/tin-tuc/?page=2", what)
    return log


@pytest.mark.parametrize(("log", "reason", "why_not"), [
    (complete_log(), "closespider_pagecount",
     "the crawl did not finish normally (closespider_pagecount)"),
    (complete_log(), "shutdown", "the crawl did not finish normally (shutdown)"),
    (complete_log(), "disk-full", "the crawl did not finish normally (disk-full)"),
    (with_cut("page-limit"), "finished", "links were cut: 1 page-limit"),
    (with_cut("depth-limit"), "finished", "links were cut: 1 depth-limit"),
    (with_cut("postback-limit"), "finished", "links were cut: 1 postback-limit"),
    (with_cut("calendar"), "finished", "links were cut: 1 calendar"),
    (with_cut("query-permutations"), "finished", "links were cut: 1 query-permutations"),
    (with_failure("HTTP 500"), "finished",
     f"1 page(s) failed, e.g. {SITE}/tin-tuc/?page=2: HTTP 500"),
    (with_failure("TimeoutError: took longer than 30 seconds"), "finished",
     f"1 page(s) failed, e.g. {SITE}/tin-tuc/?page=2: TimeoutError: took longer than 30 seconds"),
])
def test_an_incomplete_crawl_marks_nothing(log, reason, why_not):
    result = sweep(log, KEY, TARGET, reason, ARCHIVED)
    assert (result.why_not, result.vanished) == (why_not, [])


def test_cuts_that_never_hide_a_listing_keep_the_crawl_complete():
    log = with_cut("search-results")
    log.cut(KEY, "share-form", f"{SITE}/share?u=1")
    assert sweep(log, KEY, TARGET, "finished", ARCHIVED).summary()["vanished"] == 2


def test_a_page_not_read_makes_the_crawl_incomplete():
    log = complete_log()
    log.skip(KEY, "over-budget", f"{SITE}/tin-tuc/")
    assert sweep(log, KEY, TARGET, "finished", ARCHIVED).why_not == \
        "pages were not read: 1 over-budget"


def test_a_crawl_of_one_section_says_nothing_of_the_others():
    section = Target((f"{SITE}/tin-tuc/",), TARGET.scopes, None)
    log = complete_log(home=False)
    assert sweep(log, KEY, section, "finished", ARCHIVED).why_not == \
        "the crawl did not start at the portal's home page"
    # ... unless extraction recognised its start page as the portal's home page.
    log.not_article(KEY, "home", f"{SITE}/tin-tuc/")
    assert sweep(log, KEY, section, "finished", ARCHIVED).why_not is None


def test_a_portal_that_suddenly_shows_an_empty_shell_is_not_swept():
    empty = DiscoveryLog()
    empty.saw(KEY, "start", HOME)
    assert sweep(empty, KEY, TARGET, "finished", ARCHIVED).why_not == \
        "none of its 7 archived articles was reached"
    half = DiscoveryLog()  # the complete log's home and links, but one article of the listing
    half.saw(KEY, "start", HOME)
    half.not_article(KEY, "home", HOME)
    half.saw(KEY, "links", f"{SITE}/tin-tuc/")
    half.saw(KEY, "links", f"{SITE}/tin-tuc/e.html?utm=1")
    half.saw(KEY, "listing", f"{SITE}/tin-tuc/a.html")
    half.article(KEY, f"{SITE}/tin-tuc/a.html")
    assert sweep(half, KEY, TARGET, "finished", ARCHIVED).why_not == \
        "5 of its 7 archived articles were not reached (more than 50%)"


def test_articles_on_hosts_the_crawl_did_not_cover_are_left_alone():
    other = [(article_id("http://www.example.gov.vn/x.html"), "http://www.example.gov.vn/x.html",
              "http://www.example.gov.vn/x.html")]
    assert sweep(complete_log(), KEY, TARGET, "finished", ARCHIVED + other).summary()["vanished"] == 2


def test_the_warc_record_of_a_sweep_reads_back():
    result = sweep(complete_log(), KEY, TARGET, "finished", ARCHIVED)
    body = metadata_record(7, "2026-11-30T23:59:00+00:00", [result])
    assert read_metadata_record(body) == (7, "2026-11-30T23:59:00+00:00", result.vanished)


def test_a_robots_refusal_counts_only_for_a_page_an_earlier_crawl_read():
    log = complete_log()
    log.refuse(KEY, f"{SITE}/_layouts/search.aspx?k=x")
    assert sweep(log, KEY, TARGET, "finished", ARCHIVED,
                 read_before=lambda url: False).summary()["vanished"] == 2
    assert sweep(log, KEY, TARGET, "finished", ARCHIVED,
                 read_before=lambda url: url.endswith("k=x")).why_not == \
        f"robots.txt now forbids 1 page(s) an earlier crawl read, e.g. {SITE}/_layouts/search.aspx?k=x"
