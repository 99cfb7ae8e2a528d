"""Bookkeeping of discovery: which channel found what, and which links were cut and why.

Archivists need to know that a portal was crawled *completely*: the crawl report says, per portal
and per channel (start page, links, pagers, registry listing pages, post-backs, sitemaps, feeds),
how many URLs each channel found and how many of the archived articles it found, lists every
kind of cut link (traps, limits, a sitemap too large to unpack) with examples, and counts the pages
read and archived but not indexed by their type (listing, home, other), with examples, so that a
dropped article would show.

The URLs themselves are kept in a `DiskSets` file (crawlers/disksets.py), not in memory: a crawl of
100,000 pages would otherwise hold every URL several times over until its end. What stays in
memory is small: the names of the portals, channels and reasons seen, counters and examples.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from crawlers.disksets import DiskSet, DiskSets

# `listing`: pages matching the registry's `listing_urls`, and the links found on them.
CHANNELS = ("start", "links", "pager", "listing", "postback", "sitemap", "feed", "attachment")
EXAMPLES_PER_CUT = 5
_SEP = "\x1f"  # between the parts of a set's name (never in a portal id, channel or reason)


class DiscoveryLog:
    """Per portal: URLs found by each channel, articles, cuts, skips and pages not indexed.

    `sets`: where the URL sets are kept (a store of its own in a temporary file when None),
    empty: the log is of one run (a resumed crawl reports its own run)."""

    def __init__(self, sets: DiskSets | None = None) -> None:
        self._own = sets is None
        self._sets = sets if sets is not None else DiskSets()
        # portal -> channel / reason / page type seen (small: names, not URLs)
        self._found: dict[str, set[str]] = defaultdict(set)
        self._articles: set[str] = set()
        self._cuts: dict[str, set[str]] = defaultdict(set)
        self._skipped: dict[str, set[str]] = defaultdict(set)
        self._not_indexed: dict[str, set[str]] = defaultdict(set)
        self.fetched_via: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        self.cut_examples: dict[str, list[str]] = defaultdict(list)
        # Fetched (or cut at DOWNLOAD_MAXSIZE) but not read: binary, over budget, over max size.
        self.skipped_examples: dict[str, list[str]] = defaultdict(list)
        # Read, kept in the WARC, but not indexed: page type (listing, home, other) -> URLs.
        self.not_indexed_examples: dict[str, list[str]] = defaultdict(list)
        # Pages (not documents) that could not be read for links: a download that failed (network,
        # robots.txt, an HTTP error Scrapy refused) or an error status. URL -> what happened. A
        # portal with any is not known to be crawled completely (crawlers/vanished.py). Few: kept
        # in memory.
        self.failed: dict[str, dict[str, str]] = defaultdict(dict)
        # Pages robots.txt forbade: a failure only if an earlier crawl could read them.
        self.refused: dict[str, set[str]] = defaultdict(set)

    def close(self) -> None:
        if self._own:
            self._sets.close()

    def saw(self, portal: str, channel: str, url: str) -> None:
        self._found[portal].add(channel)
        self._sets.add(_SEP.join(("found", portal, channel)), url)

    def fetched(self, portal: str, channel: str) -> None:
        self.fetched_via[portal][channel] += 1

    def article(self, portal: str, url: str) -> None:
        self._articles.add(portal)
        self._sets.add(_SEP.join(("article", portal)), url)

    def cut(self, portal: str, reason: str, url: str) -> None:
        self._cuts[portal].add(reason)
        self._sets.add(_SEP.join(("cut", portal, reason)), url)
        _example(self.cut_examples[reason], url)

    def skip(self, portal: str, reason: str, url: str) -> None:
        self._skipped[portal].add(reason)
        self._sets.add(_SEP.join(("skipped", portal, reason)), url)
        _example(self.skipped_examples[reason], url)

    def not_article(self, portal: str, page_type: str, url: str) -> None:
        """A page read and typed `page_type` (not an article): archived, not indexed."""
        self._not_indexed[portal].add(page_type)
        self._sets.add(_SEP.join(("not_indexed", portal, page_type)), url)
        _example(self.not_indexed_examples[page_type], url)

    def _counts(self, kind: str, portal: str, names: set[str]) -> dict[str, int]:
        return {name: self._sets.count(_SEP.join((kind, portal, name))) for name in sorted(names)}

    # Read-only views of the URL sets, `{portal: {channel or reason or type: set of URLs}}`, for
    # crawlers/vanished.py: each set is a `DiskSet` (len, in, iteration), read from disk.
    def _view(self, kind: str, names: dict[str, set[str]]) -> dict[str, dict[str, DiskSet]]:
        return {portal: {name: DiskSet(self._sets, _SEP.join((kind, portal, name)))
                         for name in sorted(kinds)} for portal, kinds in names.items()}

    @property
    def found(self) -> dict[str, dict[str, DiskSet]]:
        return self._view("found", self._found)

    @property
    def cuts(self) -> dict[str, dict[str, DiskSet]]:
        return self._view("cut", self._cuts)

    @property
    def skipped(self) -> dict[str, dict[str, DiskSet]]:
        return self._view("skipped", self._skipped)

    @property
    def not_indexed(self) -> dict[str, dict[str, DiskSet]]:
        return self._view("not_indexed", self._not_indexed)

    @property
    def articles(self) -> dict[str, DiskSet]:
        return {portal: DiskSet(self._sets, _SEP.join(("article", portal)))
                for portal in sorted(self._articles)}

    def fail(self, portal: str, url: str, what: str) -> None:
        """A page of `portal` whose links the crawl could not read (`what` happened)."""
        self.failed[portal].setdefault(url, what)

    def refuse(self, portal: str, url: str) -> None:
        """A page of `portal` that robots.txt forbade this crawl to fetch."""
        self.refused[portal].add(url)

    def reached(self, portal: str) -> Iterator[str]:
        """Every URL of `portal` the crawl saw linked (any channel, cut or not) or fetched as
        an article (by canonical URL), read from disk as it is iterated: a URL found by several
        channels comes once per channel (a set of them would hold the whole portal in memory)."""
        yield from self._sets.items(_SEP.join(("article", portal)))
        for channel in sorted(self._found.get(portal, ())):
            yield from self._sets.items(_SEP.join(("found", portal, channel)))

    def report(self) -> dict:
        portals = sorted(set(self._found) | self._articles | set(self._cuts)
                         | set(self._not_indexed))
        out: dict = {"portals": {}, "cut_examples": dict(self.cut_examples),
                     "skipped_examples": dict(self.skipped_examples),
                     "not_indexed_examples": dict(self.not_indexed_examples)}
        for portal in portals:
            articles = _SEP.join(("article", portal))
            channels = {}
            for channel in sorted(self._found.get(portal, ())):
                found = _SEP.join(("found", portal, channel))
                channels[channel] = {
                    "urls_found": self._sets.count(found),
                    "articles_found": self._sets.count_common(found, articles),
                    "fetched": self.fetched_via.get(portal, {}).get(channel, 0),
                }
            out["portals"][portal] = {
                "articles": self._sets.count(articles),
                "channels": channels,
                # Distinct URLs not requested, by reason.
                "cut": self._counts("cut", portal, self._cuts.get(portal, set())),
                # Distinct URLs fetched but not read (or cut at DOWNLOAD_MAXSIZE), by reason.
                "skipped": self._counts("skipped", portal, self._skipped.get(portal, set())),
                # Distinct URLs read and archived but not indexed, by page type.
                "not_indexed": self._counts("not_indexed", portal,
                                            self._not_indexed.get(portal, set())),
                # Pages whose links could not be read (failed downloads, error statuses).
                "failed_pages": len(self.failed.get(portal, {})),
            }
        return out


def _example(examples: list[str], url: str) -> None:
    if len(examples) < EXAMPLES_PER_CUT and url not in examples:
        examples.append(url)
