"""Extraction quality on real, labelled portal pages: this project against plain Trafilatura.

Run ``python -m crawlers.extraction.evaluate`` (or ``make eval``). The judge is the labelled real
corpus beside the repository, ``../shared/corpus/``: every page listed in a ``labels.json`` there
(pages nobody on this project wrote), plus the sotttt.hanoi Liferay pages, whose gold lives in
``tests/fixtures/extraction/corpus/`` because their folder has no ``labels.json``.

What is scored, per portal and in total (docs/evaluation.md says why each is defined so):

- page typing: precision and recall per type (article, listing, home, other), the share of
  labelled articles typed article (dropping an article is the worst outcome for an archive) and
  how many non-articles were emitted as articles;
- on labelled articles: the headline, the date (null where the page shows none; a build-time date
  shown in the header counts as right), the first and the last body sentence present in the text,
  and labelled chrome strings that leaked into the text.

Strings are compared after NFC, whitespace folding and case folding on both sides: the labels keep
the pages' own mix of precomposed and combining-mark Vietnamese.
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from crawlers.extraction import engine
from crawlers.extraction.page import extract_page

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "corpus"
# Gold for the corpus folders without a labels.json (the sotttt.hanoi HTTrack pages).
EXTRA_LABELS = REPO / "tests" / "fixtures" / "extraction" / "corpus"
PAGE_TYPES = ("article", "listing", "home", "other")
TOTAL = "total"


@dataclass(frozen=True)
class LabelledPage:
    """One real page and its labels, in the shape of ``labels.json``."""

    portal: str
    file: str
    body: bytes
    label: dict


@dataclass(frozen=True)
class Prediction:
    """What one extractor said about a page (text is "" when it says "not an article")."""

    page_type: str | None
    title: str | None
    published: str | None
    text: str


@dataclass
class Scores:
    """Counts for one extractor on one portal (or the total); the metrics are read from them."""

    pages: int = 0
    articles: int = 0
    typed_article: int = 0
    false_articles: int = 0
    titles: int = 0
    dates: int = 0
    wrong_dates: int = 0
    firsts: int = 0
    lasts: int = 0
    leaks: int = 0
    # page type -> (true positives, predicted, labelled)
    types: dict[str, list[int]] = field(default_factory=lambda: {t: [0, 0, 0] for t in PAGE_TYPES})
    failures: list[str] = field(default_factory=list)

    def share(self, count: int) -> float:
        return count / self.articles if self.articles else 1.0

    def precision(self, page_type: str) -> float | None:
        hits, predicted, _ = self.types[page_type]
        return hits / predicted if predicted else None

    def recall(self, page_type: str) -> float | None:
        hits, _, labelled = self.types[page_type]
        return hits / labelled if labelled else None


def norm(text: str | None, *, fold_case: bool = True) -> str:
    """NFC, whitespace-folded, case-folded: how labels and outputs are compared. Chrome strings
    keep their case (verbatim labels; "Giới thiệu" the menu entry, not "giới thiệu" in prose)."""
    folded = " ".join(unicodedata.normalize("NFC", text or "").split())
    return folded.casefold() if fold_case else folded


def _extra_labels(folder: Path) -> Iterator[dict]:
    """labels.json-shaped gold from the per-page JSON files of `EXTRA_LABELS/<folder>`."""
    for path in sorted((EXTRA_LABELS / folder.name).glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        paragraphs = gold.get("paragraphs") or []
        yield {
            "file": gold["file"], "url": gold["url"], "page_type": gold["page_type"],
            "title": gold.get("title"), "published": gold.get("published"),
            "body_first": paragraphs[0] if paragraphs else None,
            "body_last": paragraphs[-1] if paragraphs else None,
            "boilerplate": gold.get("must_not_contain", []),
        }


def labelled_pages(corpus: Path = CORPUS) -> Iterator[LabelledPage]:
    """Every labelled page of the real corpus, portal by portal."""
    for folder in sorted(p for p in corpus.iterdir() if p.is_dir()):
        labels_file = folder / "labels.json"
        labels = (json.loads(labels_file.read_text(encoding="utf-8")) if labels_file.is_file()
                  else list(_extra_labels(folder)))
        for label in labels:
            page = folder / label["file"]
            yield LabelledPage(folder.name, label["file"], page.read_bytes(), label)


def ours(page: LabelledPage) -> Prediction:
    """This project's extraction; text, title and date only when it says "article"."""
    result = extract_page(page.body, page.label["url"])
    if not result.is_article:
        page_type = result.page_type if result.page_type in PAGE_TYPES[1:] else "other"
        return Prediction(page_type, None, None, "")
    return Prediction("article", result.title, result.published, result.text)


def plain(page: LabelledPage) -> Prediction:
    """Plain Trafilatura: no page type, so every page yields its text and metadata."""
    result = engine.plain_trafilatura(page.body, page.label["url"])
    return Prediction(None, result.title, result.date, result.text)


def score(pages: list[LabelledPage], extractor) -> dict[str, Scores]:
    """Scores per portal and in total (key `TOTAL`) of `extractor` on `pages`."""
    results: dict[str, Scores] = {}
    for page in pages:
        label = page.label
        predicted = extractor(page)
        name = f"{page.portal}/{page.file}"
        for scores in (results.setdefault(page.portal, Scores()), results.setdefault(TOTAL, Scores())):
            _count(scores, name, label, predicted)
    return results


def _count(scores: Scores, name: str, label: dict, predicted: Prediction) -> None:
    scores.pages += 1
    gold_type = label["page_type"]
    scores.types[gold_type][2] += 1
    if predicted.page_type is not None:
        scores.types[predicted.page_type][1] += 1
        if predicted.page_type == gold_type:
            scores.types[gold_type][0] += 1
    if gold_type != "article":
        if predicted.page_type == "article":
            scores.false_articles += 1
            scores.failures.append(f"{name}: {gold_type} emitted as an article")
        return
    scores.articles += 1
    if predicted.page_type in (None, "article"):
        scores.typed_article += predicted.page_type == "article"
    else:
        scores.failures.append(f"{name}: article typed {predicted.page_type}")
    if predicted.page_type not in (None, "article"):
        return
    text = norm(predicted.text)
    if norm(predicted.title) == norm(label.get("title")):
        scores.titles += 1
    else:
        scores.failures.append(f"{name}: title {predicted.title!r}, label {label.get('title')!r}")
    if (predicted.published or None) == (label.get("published") or None):
        scores.dates += 1
    else:
        scores.wrong_dates += predicted.published is not None
        scores.failures.append(f"{name}: date {predicted.published}, label {label.get('published')}")
    for key, attribute in (("body_first", "firsts"), ("body_last", "lasts")):
        wanted = norm(label.get(key))
        if not wanted or wanted in text:
            setattr(scores, attribute, getattr(scores, attribute) + 1)
        else:
            scores.failures.append(f"{name}: {key} missing")
    cased = norm(predicted.text, fold_case=False)
    leaked = [b for b in label.get("boilerplate", []) if norm(b) and norm(b, fold_case=False) in cased]
    scores.leaks += len(leaked)
    if leaked:
        scores.failures.append(f"{name}: boilerplate {leaked}")


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.1f}%"


def total_table(results: dict[str, dict[str, Scores]]) -> str:
    """Totals, one column per extractor."""
    names = list(results)
    rows = [
        ("labelled articles typed article", lambda s: _pct(s.share(s.typed_article)) if s.types["article"][1] else "–"),
        ("non-articles emitted as articles", lambda s: str(s.false_articles) if s.types["article"][1] else "–"),
        ("titles right", lambda s: _pct(s.share(s.titles))),
        ("dates right", lambda s: _pct(s.share(s.dates))),
        ("wrong dates emitted", lambda s: str(s.wrong_dates)),
        ("first body sentence present", lambda s: _pct(s.share(s.firsts))),
        ("last body sentence present", lambda s: _pct(s.share(s.lasts))),
        ("boilerplate strings in bodies", lambda s: str(s.leaks)),
    ]
    lines = ["| metric | " + " | ".join(names) + " |", "|---|" + "---:|" * len(names)]
    for label, cell in rows:
        lines.append(f"| {label} | " + " | ".join(cell(results[n][TOTAL]) for n in names) + " |")
    return "\n".join(lines)


def portal_table(ours_: dict[str, Scores], plain_: dict[str, Scores]) -> str:
    """Per portal: ours, with plain Trafilatura's value in brackets where it has one."""
    header = ("| portal | pages | articles | typed article | non-articles as article | titles | dates "
              "| first sentence | last sentence | boilerplate |")
    lines = [header, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for portal in [p for p in ours_ if p != TOTAL] + [TOTAL]:
        s, t = ours_[portal], plain_[portal]
        lines.append(
            f"| {portal} | {s.pages} | {s.articles} | {s.typed_article}/{s.articles} | {s.false_articles} "
            f"| {s.titles} ({t.titles}) | {s.dates} ({t.dates}) | {s.firsts} ({t.firsts}) "
            f"| {s.lasts} ({t.lasts}) | {s.leaks} ({t.leaks}) |"
        )
    return "\n".join(lines)


def type_table(scores: Scores) -> str:
    """Precision and recall of each page type."""
    lines = ["| page type | labelled | predicted | precision | recall |", "|---|---:|---:|---:|---:|"]
    for page_type in PAGE_TYPES:
        _, predicted, labelled = scores.types[page_type]
        lines.append(f"| {page_type} | {labelled} | {predicted} | {_pct(scores.precision(page_type))} "
                     f"| {_pct(scores.recall(page_type))} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="labelled corpus (default ../shared/corpus)")
    parser.add_argument("--failures", action="store_true", help="list every miss of portal-archive")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"evaluate: no labelled corpus at {args.corpus} (../shared/corpus beside the repository)",
              file=sys.stderr)
        return 2
    pages = list(labelled_pages(args.corpus))
    results = {"portal-archive": score(pages, ours), "plain trafilatura": score(pages, plain)}
    mine = results["portal-archive"]
    counts = Counter(p.label["page_type"] for p in pages)
    print(f"{len(pages)} labelled real pages of {len(mine) - 1} portals in {args.corpus} "
          f"({', '.join(f'{n} {t}' for t, n in counts.most_common())})\n")
    print(total_table(results) + "\n")
    print("Page typing (portal-archive; plain Trafilatura has no page types):\n")
    print(type_table(mine[TOTAL]) + "\n")
    print("Per portal (portal-archive, plain Trafilatura in brackets):\n")
    print(portal_table(mine, results["plain trafilatura"]))
    if args.failures:
        print("\nportal-archive misses:")
        for failure in mine[TOTAL].failures:
            print(f"  {failure}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
