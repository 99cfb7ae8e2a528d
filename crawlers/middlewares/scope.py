"""Hold the crawl scope for redirects as the spider holds it for links.

The spider only requests links inside a target's scope (its host:port), but Scrapy's
`RedirectMiddleware` follows any `Location`: a portal page redirecting to another site (a
newspaper, a merged province's portal, a parked domain) would be fetched, archived and indexed
as the portal's. Here a redirected request whose URL leaves the scope of the target it was made
for is dropped before anything is sent — robots.txt of the other host included, so this sits
before `RobotsTxtMiddleware` (100). The 3xx response itself is already in the WARC (the WARC
middleware sees every raw response), and the dropped target goes to the crawl log as `skipped`
with the reason.

Scrapy's own `OffsiteMiddleware` checks domains, not ports, and needs `allowed_domains`; the
scope here is the spider's (`target_index`), so the two can never disagree.
"""

from __future__ import annotations

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest

from crawlers.urls import scope_of


class RedirectScopeMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RedirectScopeMiddleware:
        return cls(crawler)

    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        redirected_from = request.meta.get("redirect_urls")
        target = request.meta.get("target")
        spider = self.crawler.spider
        if not redirected_from or target is None or not hasattr(spider, "target_index"):
            return
        if spider.target_index(request.url) == target:
            return
        stats = self.crawler.stats
        stats.inc_value("portal_archive/out_of_scope_links")
        stats.inc_value("portal_archive/out_of_scope_redirects")
        raise IgnoreRequest(f"redirect out of scope: from {redirected_from[-1]} to "
                            f"{scope_of(request.url)}, outside {', '.join(sorted(spider.targets[target].scopes))}")
