"""Articles that vanished: no longer reached by a complete crawl of their portal.

A deleted article does not always answer 404: many portals take it off every listing, feed and
sitemap and leave the page where it was, or drop it from the menus and let the URL answer the
home page. The archive learns of it only by what a crawl did *not* reach. That is evidence only
when the crawl could have reached everything, so a portal is swept (its unreached articles
marked removed, reason `vanished`, search/versions.py) only after a crawl that

  - finished normally (Scrapy's finish reason `finished`: not interrupted, not stopped by
    `--max-pages` / CLOSESPIDER_*, not stopped because the disk was full);
  - started at the portal's home page (the root path, a registry `start_urls` entry, or a page
    extraction typed `home`): a crawl of one section says nothing of the others;
  - cut no link of that portal for a reason that could hide pages (`max_pages`, `max_depth`,
    post-back and sitemap limits, calendar and query-permutation traps; `CUTS_THAT_HIDE_NOTHING`
    lists the only exceptions: site-search results and share forms, never listings);
  - read every page it fetched (none skipped as binary, over budget or over DOWNLOAD_MAXSIZE),
    and had no failed page: no download error of any kind (network, an HTTP error, a redirect
    out of scope), no 5xx, no 404/410 on a start, listing, pager, post-back, sitemap or feed
    page, and no page refused by robots.txt that an earlier crawl of the archive read (a page
    never read cannot have led to an archived article; one the rules now forbid may have);
  - reached at least one of the portal's archived articles, and left at most
    `MAX_VANISHED_SHARE` of them unreached: a portal that suddenly shows an empty shell or a
    maintenance page is reported, not swept.

"Reached" is generous: an article counts as present when the crawl fetched it (200, or a 304
read back from the WARC), extracted it under another URL that canonicalises to it, or merely saw
a link to it from any page, listing, feed or sitemap (even a link it then did not follow). When
in doubt, nothing is marked; the crawl report says per portal why not (`vanished` in
docs/reports.md).

The decision is written to the WARC before the index (one `metadata` record per crawl,
`VANISHED_URI_PREFIX` + crawl id, JSON), so `portal-archive reextract` rebuilds these removals
from the WARC files alone, in crawl order, as it rebuilds 404 removals from the 404 responses.

Why our own code: no library knows which of our articles a crawl should have reached; the
inputs are the spider's `DiscoveryLog` and the index, both ours.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from crawlers.discovery import DiscoveryLog
from crawlers.disksets import DiskSets
from crawlers.records import article_id
from crawlers.registry import Target
from crawlers.urls import canonicalize_url, scope_of

CUTS_THAT_HIDE_NOTHING = frozenset({"search-results", "share-form"})
"""Cut reasons that never hide a listing: every other cut makes a portal's crawl incomplete."""
MAX_VANISHED_SHARE = 0.5
"""More than this share of a portal's articles unreached at once looks like a broken portal."""
VANISHED_URI_PREFIX = "urn:portal-archive:vanished:"
"""WARC-Target-URI of the metadata record of a crawl's sweep (followed by the crawl id)."""
VANISHED_CONTENT_TYPE = "application/json"
_REACHED = "reached"


@dataclass
class Sweep:
    """What one crawl concluded about one portal."""

    portal: str
    why_not: str | None = None
    """None: the crawl was complete and the portal swept; else why nothing was marked."""
    vanished: list[tuple[str, str]] = field(default_factory=list)
    """`(article id, url)` of the articles no longer reached."""

    @property
    def complete(self) -> bool:
        return self.why_not is None

    def summary(self) -> dict:
        return {"complete": self.complete, "why_not": self.why_not,
                "vanished": len(self.vanished)}


def incomplete_because(log: DiscoveryLog, portal: str, target: Target, finish_reason: str,
                       read_before: Callable[[str], bool] = lambda url: True) -> str | None:
    """Why the crawl of `portal` (key in `log`) cannot tell what vanished; None if it can.

    `read_before(url)`: whether an earlier crawl of the archive read that page (a robots.txt
    refusal of a page never read hides nothing the archive holds; unknown: it may)."""
    if finish_reason != "finished":
        return f"the crawl did not finish normally ({finish_reason})"
    if not _starts_at_home(target, log, portal):
        return "the crawl did not start at the portal's home page"
    cuts = {reason: len(urls) for reason, urls in log.cuts.get(portal, {}).items()
            if reason not in CUTS_THAT_HIDE_NOTHING and urls}
    if cuts:
        return "links were cut: " + ", ".join(f"{n} {reason}" for reason, n in sorted(cuts.items()))
    skipped = {reason: len(urls) for reason, urls in log.skipped.get(portal, {}).items() if urls}
    if skipped:
        return "pages were not read: " + ", ".join(f"{n} {reason}"
                                                   for reason, n in sorted(skipped.items()))
    failed = log.failed.get(portal, {})
    if failed:
        url, what = next(iter(failed.items()))
        return f"{len(failed)} page(s) failed, e.g. {url}: {what}"
    refused = sorted(url for url in log.refused.get(portal, ()) if read_before(url))
    if refused:
        return (f"robots.txt now forbids {len(refused)} page(s) an earlier crawl read, e.g. "
                f"{refused[0]}")
    return None


def _starts_at_home(target: Target, log: DiscoveryLog, portal: str) -> bool:
    homes = set(log.not_indexed.get(portal, {}).get("home", ()))
    registry_starts = set(getattr(target.portal, "start_urls", ()) or ())
    for url in target.start_urls:
        parts = urlsplit(url)
        if parts.path in ("", "/") and not parts.query:
            return True
        if url in homes or url in registry_starts:
            return True
    return False


def sweep(log: DiscoveryLog, portal: str, target: Target, finish_reason: str,
          candidates: Iterable[tuple[str, str, str]],
          read_before: Callable[[str], bool] = lambda url: True) -> Sweep:
    """The articles of `portal` that vanished, among `candidates` (`(id, url, canonical_url)`
    of its archived articles not already removed), or why none can be said to have."""
    result = Sweep(portal, incomplete_because(log, portal, target, finish_reason, read_before))
    if not result.complete:
        return result
    ignored = tuple(getattr(target.portal, "ignored_params", ()) or ())
    # The ids of every URL reached, on disk: a set in memory would hold one entry per page of
    # the portal at the end of the crawl (docs/scale.md, bench/crawl_memory.py).
    reached = DiskSets()
    try:
        for url in log.reached(portal):
            reached.add(_REACHED, article_id(url))
        held = 0
        for article, url, canonical in candidates:
            if scope_of(url) not in target.scopes and scope_of(canonical) not in target.scopes:
                continue  # on a host this crawl did not cover (an alias it was not given)
            held += 1
            if reached.contains(_REACHED, article) \
                    or reached.contains(_REACHED, article_id(canonicalize_url(url, ignored))):
                continue
            result.vanished.append((article, url))
    finally:
        reached.close()
    if held and len(result.vanished) == held:
        result.why_not = f"none of its {held} archived articles was reached"
    elif result.vanished and len(result.vanished) > MAX_VANISHED_SHARE * held:
        result.why_not = (f"{len(result.vanished)} of its {held} archived articles were not "
                          f"reached (more than {MAX_VANISHED_SHARE:.0%})")
    if result.why_not:
        result.vanished = []
    return result


def metadata_record(crawl_id: int | None, removed_at: str, sweeps: Iterable[Sweep]) -> bytes:
    """The body of the WARC metadata record that makes a crawl's sweep rebuildable."""
    return json.dumps({
        "crawl_id": crawl_id, "removed_at": removed_at,
        "portals": {s.portal: {**s.summary(),
                               "articles": [{"id": a, "url": u} for a, u in s.vanished]}
                    for s in sweeps},
    }, ensure_ascii=False, indent=1).encode("utf-8")


def read_metadata_record(body: bytes) -> tuple[int | None, str, list[tuple[str, str]]]:
    """`(crawl id, removed_at, [(article id, url)])` from a record `metadata_record` wrote."""
    data = json.loads(body.decode("utf-8"))
    articles = [(a["id"], a["url"]) for portal in data.get("portals", {}).values()
                for a in portal.get("articles", ())]
    return data.get("crawl_id"), data["removed_at"], articles
