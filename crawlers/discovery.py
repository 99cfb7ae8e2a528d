"""Bookkeeping of discovery: which channel found what, and which links were cut and why.

Archivists need to know that a portal was crawled *completely*: the crawl report says, per portal
and per channel (start page, links, pagers, registry listing pages, post-backs, sitemaps, feeds),
how many URLs each channel found and how many of the archived articles it found, lists every
kind of cut link (traps, limits, a sitemap too large to unpack) with examples, and counts the pages
read and archived but not indexed by their type (listing, home, other), with examples, so that a
dropped article would show.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

# `listing`: pages matching the registry's `listing_urls`, and the links found on them.
CHANNELS = ("start", "links", "pager", "listing", "postback", "sitemap", "feed", "attachment")
EXAMPLES_PER_CUT = 5


@dataclass
class DiscoveryLog:
    found: dict[str, dict[str, set[str]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(set)))
    articles: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    fetched_via: dict[str, dict[str, int]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(int)))
    cuts: dict[str, dict[str, set[str]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(set)))
    cut_examples: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    # Fetched (or cut at DOWNLOAD_MAXSIZE) but not read: binary, over budget, over max size.
    skipped: dict[str, dict[str, set[str]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(set)))
    skipped_examples: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    # Read, kept in the WARC, but not indexed: page type (listing, home, other) -> URLs.
    not_indexed: dict[str, dict[str, set[str]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(set)))
    not_indexed_examples: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def saw(self, portal: str, channel: str, url: str) -> None:
        self.found[portal][channel].add(url)

    def fetched(self, portal: str, channel: str) -> None:
        self.fetched_via[portal][channel] += 1

    def article(self, portal: str, url: str) -> None:
        self.articles[portal].add(url)

    def cut(self, portal: str, reason: str, url: str) -> None:
        self.cuts[portal][reason].add(url)
        examples = self.cut_examples[reason]
        if len(examples) < EXAMPLES_PER_CUT and url not in examples:
            examples.append(url)

    def skip(self, portal: str, reason: str, url: str) -> None:
        self.skipped[portal][reason].add(url)
        examples = self.skipped_examples[reason]
        if len(examples) < EXAMPLES_PER_CUT and url not in examples:
            examples.append(url)

    def not_article(self, portal: str, page_type: str, url: str) -> None:
        """A page read and typed `page_type` (not an article): archived, not indexed."""
        self.not_indexed[portal][page_type].add(url)
        examples = self.not_indexed_examples[page_type]
        if len(examples) < EXAMPLES_PER_CUT and url not in examples:
            examples.append(url)

    def report(self) -> dict:
        portals = sorted(set(self.found) | set(self.articles) | set(self.cuts) | set(self.not_indexed))
        out: dict = {"portals": {}, "cut_examples": dict(self.cut_examples),
                     "skipped_examples": dict(self.skipped_examples),
                     "not_indexed_examples": dict(self.not_indexed_examples)}
        for portal in portals:
            articles = self.articles.get(portal, set())
            channels = {}
            for channel, urls in sorted(self.found.get(portal, {}).items()):
                channels[channel] = {
                    "urls_found": len(urls),
                    "articles_found": len(urls & articles),
                    "fetched": self.fetched_via.get(portal, {}).get(channel, 0),
                }
            out["portals"][portal] = {
                "articles": len(articles),
                "channels": channels,
                # Distinct URLs not requested, by reason.
                "cut": {reason: len(urls)
                        for reason, urls in sorted(self.cuts.get(portal, {}).items())},
                # Distinct URLs fetched but not read (or cut at DOWNLOAD_MAXSIZE), by reason.
                "skipped": {reason: len(urls)
                            for reason, urls in sorted(self.skipped.get(portal, {}).items())},
                # Distinct URLs read and archived but not indexed, by page type.
                "not_indexed": {kind: len(urls)
                                for kind, urls in sorted(self.not_indexed.get(portal, {}).items())},
            }
        return out
