"""The extraction quality floor: the evaluator's metrics on the labelled corpus (docs/evaluation.md).

A change that costs body text, lets chrome into articles, picks a portlet title or emits a wrong
date fails here, with the metric that dropped.
"""

from __future__ import annotations

import pytest

from crawlers.extraction.evaluate import CORPUS_PAGES, Scores, labelled_pages, ours, score

MIN_RECALL = 0.98
MIN_PRECISION = 0.97
MIN_TITLE_ACCURACY = 0.97


@pytest.fixture(scope="module")
def result() -> Scores:
    return score(list(labelled_pages()), ours)


def test_the_labelled_corpus_is_large_and_covers_six_families() -> None:
    pages = list(labelled_pages())
    fixtures = [p for p in pages if not p.name.startswith("corpus/")]
    assert len(fixtures) >= 40
    assert len({p.gold["cms"] for p in fixtures}) >= 6
    if (CORPUS_PAGES / "liferay-sotttt-hanoi").is_dir():
        assert len(pages) - len(fixtures) == 8


def test_body_recall_and_precision_meet_the_floor(result: Scores) -> None:
    assert result.recall >= MIN_RECALL, result.failures
    assert result.precision >= MIN_PRECISION, result.failures


def test_no_boilerplate_leaks(result: Scores) -> None:
    assert result.leaks == 0, result.failures


def test_titles_meet_the_floor(result: Scores) -> None:
    assert result.title_accuracy >= MIN_TITLE_ACCURACY, result.failures


def test_no_wrong_dates(result: Scores) -> None:
    assert result.wrong_dates == 0, result.failures


def test_every_page_is_typed_correctly(result: Scores) -> None:
    assert result.page_type_accuracy == 1.0, result.failures
