"""Topic tags against hand labels of real portal pages (tests/fixtures/topics/labels.json).

The floors are the precision and recall measured with `make eval-topics` when the rule and the
term lists were last changed (docs/evaluation.md), rounded down: a change to the terms that makes
tags less trustworthy on real pages fails here.
"""

from __future__ import annotations

import pytest

from crawlers.extraction.evaluate_topics import load_labels, score, tags_of
from tests.corpus_articles import corpus_pages

FLOORS = {  # tag: (precision, recall), measured 88.9/88.9 and 80.0/88.9 on 112 articles
    "ict": (0.85, 0.85),
    "admin-reform": (0.75, 0.85),
}


@pytest.fixture(scope="module")
def scores():
    tags, gold = load_labels()
    pages = corpus_pages()
    assert {page_id for page_id, _, _ in pages} == set(gold)  # every labelled article is scored
    return score(((page_id, tags_of(result)) for page_id, result, _ in pages), tags, gold)


@pytest.mark.parametrize("tag", sorted(FLOORS))
def test_topic_precision_and_recall_on_labelled_real_articles(scores, tag: str) -> None:
    precision, recall = FLOORS[tag]
    assert scores[tag].true_positives + len(scores[tag].false_negatives) == 9  # labelled
    assert scores[tag].precision >= precision, scores[tag].false_positives
    assert scores[tag].recall >= recall, scores[tag].false_negatives


def test_a_record_keeps_the_terms_behind_each_tag() -> None:
    records = {page_id: record for page_id, _, record in corpus_pages() if record is not None}
    record = records["liferay-sotttt-hanoi/article-4378921.html"]  # "đấu thầu qua mạng"
    assert record.topics == ["ict"]
    assert record.topic_terms == {"ict": ["đấu thầu qua mạng"]}
