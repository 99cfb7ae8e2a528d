"""Floors on real pages: the evaluator's metrics on `../shared/corpus` (docs/evaluation.md).

Every page here was served by a real portal; nobody on this project wrote it. A change that drops
an article, lets a listing through, takes a portlet title or the site name for the headline,
misses a date, cuts the body or lets chrome into it fails here, naming the pages it broke.
"""

from __future__ import annotations

import pytest

from crawlers.extraction.evaluate import CORPUS, TOTAL, Scores, labelled_pages, ours, plain, score

MIN_TYPED_ARTICLE = 0.98
MAX_FALSE_ARTICLES = 1
MIN_TITLES = 0.95
MIN_DATES = 0.98
MIN_BODY_ENDS = 0.95


@pytest.fixture(scope="module")
def results() -> dict[str, Scores]:
    return score(list(labelled_pages(CORPUS)), ours)


@pytest.fixture(scope="module")
def total(results: dict[str, Scores]) -> Scores:
    return results[TOTAL]


def test_the_real_corpus_is_all_there(results: dict[str, Scores], total: Scores) -> None:
    assert total.pages == 143
    assert total.articles == 112
    assert len(results) - 1 == 8


def test_labelled_articles_are_typed_article(total: Scores) -> None:
    assert total.typed_article / total.articles >= MIN_TYPED_ARTICLE, total.failures


def test_at_most_one_non_article_is_emitted_as_an_article(total: Scores) -> None:
    assert total.false_articles <= MAX_FALSE_ARTICLES, total.failures


def test_headlines_are_the_ones_shown(total: Scores) -> None:
    assert total.titles / total.articles >= MIN_TITLES, total.failures


def test_dates_are_the_ones_shown_and_none_is_invented(total: Scores) -> None:
    assert total.dates / total.articles >= MIN_DATES, total.failures
    assert total.wrong_dates == 0, total.failures


def test_bodies_keep_their_first_and_last_sentence(total: Scores) -> None:
    assert total.firsts / total.articles >= MIN_BODY_ENDS, total.failures
    assert total.lasts / total.articles >= MIN_BODY_ENDS, total.failures


def test_no_labelled_chrome_string_reaches_a_body(total: Scores) -> None:
    assert total.leaks == 0, total.failures


@pytest.mark.parametrize("page_type", ["listing", "home"])
def test_listing_and_home_pages_are_recognised(total: Scores, page_type: str) -> None:
    """Non-articles are told apart too (the crawl report counts skipped pages by type)."""
    assert total.precision(page_type) >= 0.75, total.failures
    assert total.recall(page_type) >= 0.75, total.failures


def test_never_worse_than_plain_trafilatura_on_any_portal(results: dict[str, Scores]) -> None:
    """Our extraction is built on Trafilatura and must add to it: on every portal, at least as
    many articles keep their first and last sentence, and no more chrome leaks, than plain
    Trafilatura gives on the same pages."""
    baseline = score(list(labelled_pages(CORPUS)), plain)
    worse = [
        (portal, metric, getattr(ours_, metric), getattr(baseline[portal], metric))
        for portal, ours_ in results.items()
        for metric in ("firsts", "lasts")
        if getattr(ours_, metric) < getattr(baseline[portal], metric)
    ] + [(portal, "leaks", s.leaks, baseline[portal].leaks)
         for portal, s in results.items() if s.leaks > baseline[portal].leaks]
    assert worse == [], worse
