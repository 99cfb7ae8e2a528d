"""Extraction quality on labelled pages: this project against plain trafilatura.

Run ``python -m crawlers.extraction.evaluate`` (or ``make eval``). The labelled corpus is

- every fixture page ``tests/fixtures/extraction/<family>/<portal>/<case>/page.html`` with its
  ``expected.json`` (gold title, published, author, page type, body ``paragraphs``,
  ``must_not_contain``);
- the real sotttt.hanoi.gov.vn pages in ``../shared/corpus/liferay-sotttt-hanoi/`` (read in
  place, beside the repository), labelled in ``tests/fixtures/extraction/corpus/``.

Metrics, and why they are defined so:

- body precision/recall: token level (words, NFC, case-folded) over the gold paragraphs,
  micro-averaged (summed over pages before dividing), so long articles weigh by their length.
  On a listing or home page every emitted token is a false positive: emitting a listing as an
  article is the worst body error a crawler of news can make;
- boilerplate leaks: how many ``must_not_contain`` snippets occur in the emitted text;
- title/date/author accuracy: over the gold *article* pages, exact match after whitespace
  normalisation; a null where the gold is null is correct;
- wrong dates: a date that is emitted and differs from the gold, counted apart from accuracy,
  because a wrong date is worse than none (null is the honest answer when a page shows none).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from crawlers.extraction import engine
from crawlers.extraction.page import extract_page
from crawlers.extraction.text import nfc

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "extraction"
CORPUS_LABELS = FIXTURES / "corpus"
CORPUS_PAGES = REPO.parent / "shared" / "corpus"
FIXTURE_GLOB = "*/*/*/expected.json"
CORPUS_GLOB = "*/*.json"
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class LabelledPage:
    """One page and its gold values."""

    name: str
    body: bytes
    gold: dict


@dataclass(frozen=True)
class Prediction:
    """What one extractor returned for a page (text is "" when it says "not an article")."""

    text: str
    title: str | None
    published: str | None
    author: str | None
    page_type: str | None


@dataclass
class Scores:
    """Summed counts of one extractor over the corpus; the metrics are read from them."""

    pages: int = 0
    articles: int = 0
    overlap: int = 0
    predicted_tokens: int = 0
    gold_tokens: int = 0
    leaks: int = 0
    titles: int = 0
    dates: int = 0
    wrong_dates: int = 0
    authors: int = 0
    page_types: int = 0
    failures: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.overlap / self.predicted_tokens if self.predicted_tokens else 1.0

    @property
    def recall(self) -> float:
        return self.overlap / self.gold_tokens if self.gold_tokens else 1.0

    @property
    def title_accuracy(self) -> float:
        return self.titles / self.articles if self.articles else 1.0

    @property
    def date_accuracy(self) -> float:
        return self.dates / self.articles if self.articles else 1.0

    @property
    def author_accuracy(self) -> float:
        return self.authors / self.articles if self.articles else 1.0

    @property
    def page_type_accuracy(self) -> float:
        return self.page_types / self.pages if self.pages else 1.0


def labelled_pages(fixtures: Path = FIXTURES, corpus: Path = CORPUS_PAGES) -> Iterator[LabelledPage]:
    """Every labelled page: fixtures first, then the real corpus when it is present."""
    for expected in sorted(fixtures.glob(FIXTURE_GLOB)):
        gold = json.loads(expected.read_text(encoding="utf-8"))
        if "paragraphs" not in gold:
            raise ValueError(f"{expected} has no 'paragraphs': label the page's body text")
        yield LabelledPage(str(expected.parent.relative_to(fixtures)),
                           (expected.parent / "page.html").read_bytes(), gold)
    for label in sorted((fixtures / "corpus").glob(CORPUS_GLOB)):
        gold = json.loads(label.read_text(encoding="utf-8"))
        page = corpus / label.parent.name / gold["file"]
        if page.is_file():
            yield LabelledPage(f"corpus/{label.parent.name}/{gold['file']}", page.read_bytes(), gold)


def ours(page: LabelledPage) -> Prediction:
    """This project's extraction (text only when it classifies the page as an article)."""
    result = extract_page(page.body, page.gold["url"])
    article = result.is_article
    return Prediction(
        text=result.text if article else "",
        title=result.title if article else None,
        published=result.published if article else None,
        author=result.author if article else None,
        page_type=result.page_type,
    )


def plain(page: LabelledPage) -> Prediction:
    """Plain trafilatura: it has no notion of page type, so every page yields its text."""
    result = engine.plain_trafilatura(page.body, page.gold["url"])
    return Prediction(result.text, result.title, result.date, result.author, None)


def _tokens(text: str) -> Counter[str]:
    return Counter(_WORD.findall(nfc(text).casefold()))


def _same(a: str | None, b: str | None) -> bool:
    norm = (lambda v: " ".join(nfc(v).split()) if v else None)  # noqa: E731
    return norm(a) == norm(b)


def score(pages: list[LabelledPage], extractor) -> Scores:
    """Run `extractor` on every page and sum the counts the metrics need."""
    scores = Scores()
    for page in pages:
        gold = page.gold
        predicted = extractor(page)
        article = gold["page_type"] == "article"
        scores.pages += 1
        if predicted.page_type is not None and predicted.page_type == gold["page_type"]:
            scores.page_types += 1
        gold_tokens = _tokens("\n".join(gold["paragraphs"]))
        predicted_tokens = _tokens(predicted.text)
        scores.overlap += sum((gold_tokens & predicted_tokens).values())
        scores.gold_tokens += sum(gold_tokens.values())
        scores.predicted_tokens += sum(predicted_tokens.values())
        text = nfc(predicted.text)
        leaks = [s for s in gold.get("must_not_contain", []) if nfc(s) in text]
        scores.leaks += len(leaks)
        if leaks:
            scores.failures.append(f"{page.name}: leaks {leaks}")
        if not article:
            continue
        scores.articles += 1
        if _same(predicted.title, gold["title"]):
            scores.titles += 1
        else:
            scores.failures.append(f"{page.name}: title {predicted.title!r}")
        if predicted.published == gold["published"]:
            scores.dates += 1
        elif predicted.published is not None:
            scores.wrong_dates += 1
            scores.failures.append(f"{page.name}: wrong date {predicted.published}")
        if _same(predicted.author, gold["author"]):
            scores.authors += 1
    return scores


ROWS = (
    ("body precision", "precision", "{:.3f}"),
    ("body recall", "recall", "{:.3f}"),
    ("boilerplate leaks", "leaks", "{}"),
    ("title accuracy", "title_accuracy", "{:.3f}"),
    ("date accuracy", "date_accuracy", "{:.3f}"),
    ("wrong dates", "wrong_dates", "{}"),
    ("author accuracy", "author_accuracy", "{:.3f}"),
)


def table(results: dict[str, Scores]) -> str:
    """The results as a Markdown table (one column per extractor)."""
    names = list(results)
    lines = ["| metric | " + " | ".join(names) + " |", "|---|" + "---:|" * len(names)]
    for label, attribute, fmt in ROWS:
        cells = [fmt.format(getattr(results[n], attribute)) for n in names]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--failures", action="store_true", help="list every miss per extractor")
    args = parser.parse_args(argv)
    pages = list(labelled_pages())
    results = {"portal-archive": score(pages, ours), "plain trafilatura": score(pages, plain)}
    first = results["portal-archive"]
    print(f"{len(pages)} labelled pages, {first.articles} articles "
          f"(page type accuracy of portal-archive: {first.page_type_accuracy:.3f})\n")
    print(table(results))
    if args.failures:
        for name, result in results.items():
            print(f"\n{name}:")
            for failure in result.failures:
                print(f"  {failure}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
