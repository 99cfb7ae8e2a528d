"""Topic-tag quality on real, hand-labelled portal pages: precision and recall per tag.

Run ``python -m crawlers.extraction.evaluate_topics`` (or ``make eval-topics``). The gold is
``tests/fixtures/topics/labels.json``: for each labelled article of the real corpus beside the
repository (``../shared/corpus/``, referenced by ``<folder>/<file>``, text not copied), which of
the evaluated tags truly apply, judged by a reader from the article itself. The prediction is what
a crawl stores: the page goes through `extract_page`, and `tag_topics` reads the extracted title
and text (a page the extractor does not take for an article gets no tags).

Why a separate evaluation from ``evaluate.py``: that one scores extraction against the corpus's
own labels; topics need labels the corpus does not have, and a different question (is the tag
right?), so they live apart and can change apart.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from crawlers.extraction.evaluate import CORPUS, REPO, LabelledPage, labelled_pages
from crawlers.extraction.page import ExtractedPage, extract_page
from crawlers.extraction.topics import tag_topics

LABELS = REPO / "tests" / "fixtures" / "topics" / "labels.json"


@dataclass
class TagScore:
    """Counts for one tag; precision/recall are None when undefined (nothing predicted/labelled)."""

    true_positives: int = 0
    false_positives: list[str] = field(default_factory=list)
    false_negatives: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float | None:
        predicted = self.true_positives + len(self.false_positives)
        return self.true_positives / predicted if predicted else None

    @property
    def recall(self) -> float | None:
        labelled = self.true_positives + len(self.false_negatives)
        return self.true_positives / labelled if labelled else None


def load_labels(path: Path = LABELS) -> tuple[tuple[str, ...], dict[str, set[str]]]:
    """The evaluated tags and, per page id (``<folder>/<file>``), the tags that truly apply."""
    gold = json.loads(path.read_text(encoding="utf-8"))
    tags = tuple(gold["tags"])
    return tags, {page: set(entry["topics"]) for page, entry in gold["pages"].items()}


def tags_of(result: ExtractedPage) -> set[str]:
    """The tags a crawl stores for an extracted page (none when it is not an article)."""
    if not result.is_article:
        return set()
    return set(tag_topics(result.title or "", result.text or ""))


def predict(page: LabelledPage) -> set[str]:
    """The tags a crawl would store for this page."""
    return tags_of(extract_page(page.body, page.label["url"]))


def score(predictions: Iterable[tuple[str, set[str]]], tags: tuple[str, ...],
          gold: dict[str, set[str]]) -> dict[str, TagScore]:
    """Per tag: true positives, and the page ids of false positives and false negatives."""
    scores = {tag: TagScore() for tag in tags}
    for page_id, predicted in predictions:
        truth = gold[page_id]
        for tag in tags:
            if tag in predicted and tag in truth:
                scores[tag].true_positives += 1
            elif tag in predicted:
                scores[tag].false_positives.append(page_id)
            elif tag in truth:
                scores[tag].false_negatives.append(page_id)
    return scores


def evaluate(corpus: Path = CORPUS, labels: Path = LABELS) -> tuple[int, dict[str, TagScore]]:
    """(pages scored, scores per tag) over every page of `labels` found in `corpus`.

    A labelled page missing from the corpus is an error: the gold must not silently shrink.
    """
    tags, gold = load_labels(labels)
    pages = {f"{p.portal}/{p.file}": p for p in labelled_pages(corpus) if f"{p.portal}/{p.file}" in gold}
    missing = sorted(set(gold) - set(pages))
    if missing:
        raise FileNotFoundError(f"labelled pages not in {corpus}: {', '.join(missing[:5])}")
    predictions = ((page_id, predict(page)) for page_id, page in sorted(pages.items()))
    return len(pages), score(predictions, tags, gold)


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.1f}%"


def report(pages: int, scores: dict[str, TagScore], *, details: bool = False) -> str:
    lines = [f"topic tags on {pages} labelled real articles ({LABELS.relative_to(REPO)})",
             "| tag | labelled | predicted | correct | precision | recall |",
             "|---|---|---|---|---|---|"]
    for tag, s in scores.items():
        labelled = s.true_positives + len(s.false_negatives)
        predicted = s.true_positives + len(s.false_positives)
        lines.append(f"| {tag} | {labelled} | {predicted} | {s.true_positives} | "
                     f"{_pct(s.precision)} | {_pct(s.recall)} |")
    if details:
        for tag, s in scores.items():
            lines += [f"{tag} false positive: {p}" for p in s.false_positives]
            lines += [f"{tag} false negative: {p}" for p in s.false_negatives]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--details", action="store_true", help="list every wrong page")
    args = parser.parse_args(argv)
    pages, scores = evaluate(args.corpus)
    print(report(pages, scores, details=args.details))
    return 0


if __name__ == "__main__":
    sys.exit(main())
