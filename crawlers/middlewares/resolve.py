"""Send requests for chosen hosts to another address, keeping the real URL (like curl --resolve).

Tests and the demo crawl the offline mirror on loopback while every URL keeps its real portal host
name, so archived records stay true. A DNS override alone cannot carry a port (and binding port 80
needs root), so the override address is used as an HTTP proxy: the request goes to the mirror in
absolute form (`GET http://nghiloc.nghean.gov.vn/... HTTP/1.1`) and the mirror answers for that
host. Real portals are never affected unless listed in `HOST_OVERRIDES`.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured


class HostOverrideMiddleware:
    def __init__(self, overrides: dict[str, str]):
        self.overrides = {host.lower(): addr for host, addr in overrides.items()}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> HostOverrideMiddleware:
        overrides = crawler.settings.getdict("HOST_OVERRIDES")
        if not overrides:
            raise NotConfigured("no HOST_OVERRIDES")
        return cls(overrides)

    def address_for(self, url: str) -> str | None:
        host = (urlsplit(url).hostname or "").lower()
        return self.overrides.get(host) or self.overrides.get("*")

    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        address = self.address_for(request.url)
        if address and "proxy" not in request.meta:
            request.meta["proxy"] = f"http://{address}"
