"""`portal-archive portals detect URL`: what one page says about the portal serving it.

Adding a portal to the registry means answering: which CMS family (so which spider rules and
chrome pruning apply), which discovery channels exist besides links (sitemaps named in robots.txt,
RSS/Atom feeds), how listings page (the pager style decides how deep discovery must go), and
whether the registry already knows the host. This module fetches the page (and robots.txt) with
urllib - no Scrapy, so it is quick to run against one URL - and answers those questions.

`--resolve HOST=ADDR:PORT` works as for `crawl`: the address is used as an HTTP proxy, so the
request keeps the real URL (that is how tests reach the offline mirror under real host names).
"""

from __future__ import annotations

import ssl
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from email.message import Message
from urllib.parse import parse_qsl, urljoin, urlsplit

from lxml import html
from scrapy.utils.sitemap import sitemap_urls_from_robots

from crawlers.errors import UserError
from crawlers.extraction.decoding import decode_body
from crawlers.extraction.families import (
    detect_family,
    fingerprint_scores,
    pager_param_style,
    pager_path_style,
    postback_style,
)
from crawlers.extraction.page import parse_html
from crawlers.registry import Portal, Registry, validate_start_url
from crawlers.urls import scope_of

USER_AGENT = "portal-archive-detect/0.1 (+https://github.com/portal-archive)"
TIMEOUT = 20.0
MAX_BYTES = 5_000_000  # a portal page is well below this; a stream that is not would hang us

FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml",
                        "application/feed+json"})


class UnreachableError(UserError):
    """The URL could not be fetched at all (exit 4, as for a crawl that reaches nothing)."""

    exit_code = 4


@dataclass(frozen=True)
class Detection:
    """What `detect` found; `portal` is the registry entry for the host, if any."""

    url: str
    final_url: str
    status: int
    family: str | None
    scores: dict[str, int]
    generator: str | None
    robots: str  # "200, 1 sitemap" / "404" / "unreachable"
    sitemaps: tuple[str, ...]
    feeds: tuple[str, ...]
    pagers: tuple[str, ...]
    portal: Portal | None
    tls_verified: bool = True
    notes: tuple[str, ...] = field(default=())

    def as_dict(self) -> dict[str, object]:
        p = self.portal
        return {
            "url": self.url, "final_url": self.final_url, "status": self.status,
            "family": self.family, "scores": self.scores, "generator": self.generator,
            "robots": self.robots, "sitemaps": list(self.sitemaps), "feeds": list(self.feeds),
            "pagers": list(self.pagers), "tls_verified": self.tls_verified,
            "registry": None if p is None else {"id": p.id, "cms": p.cms, "status": p.status},
            "notes": list(self.notes),
        }


# -- fetching --------------------------------------------------------------------------------------
class _OverrideProxy(urllib.request.BaseHandler):
    """Send plain-HTTP requests for overridden hosts through ADDR:PORT as an HTTP proxy.

    Runs before urllib's own handlers and only sets the proxy; HTTPHandler then opens the
    connection to the proxy with the absolute URL, which the offline mirror understands.
    """

    handler_order = 50

    def __init__(self, overrides: dict[str, str]) -> None:
        self.overrides = overrides

    def http_open(self, req: urllib.request.Request) -> None:
        host = (urlsplit(req.full_url).hostname or "").lower()
        address = self.overrides.get(host) or self.overrides.get("*")
        if address:
            req.set_proxy(address, "http")
        return None


@dataclass(frozen=True)
class Fetched:
    url: str
    status: int
    headers: Message
    body: bytes


def make_opener(overrides: dict[str, str], insecure: bool = False) -> urllib.request.OpenerDirector:
    """An opener honouring `--resolve` overrides (environment proxies are then ignored, as they
    would overwrite the override) and, for registry entries with `tls = "insecure"`, skipping
    certificate checks."""
    handlers: list[urllib.request.BaseHandler] = []
    if overrides:
        handlers += [urllib.request.ProxyHandler({}), _OverrideProxy(overrides)]
    if insecure:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        handlers.append(urllib.request.HTTPSHandler(context=context))
    return urllib.request.build_opener(*handlers)


def fetch(opener: urllib.request.OpenerDirector, url: str, timeout: float = TIMEOUT) -> Fetched:
    """GET `url`; HTTP error statuses are answers (returned), network failures raise
    UnreachableError naming the URL and the cause."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "text/html,*/*"})
    try:
        with opener.open(request, timeout=timeout) as resp:
            return Fetched(resp.geturl(), resp.status, resp.headers, resp.read(MAX_BYTES))
    except urllib.error.HTTPError as exc:
        body = exc.read(MAX_BYTES) if exc.fp else b""
        return Fetched(exc.geturl() or url, exc.code, exc.headers, body)
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, ssl.SSLError):
            raise UnreachableError(
                f"cannot fetch {url}: TLS failed ({reason.reason or reason}); if the portal's "
                "certificate is known to be broken, record tls = \"insecure\" in its registry entry"
            ) from None
        raise UnreachableError(f"cannot fetch {url}: {reason}; check the URL and the network "
                               "(or --resolve for a local mirror)") from None
    except TimeoutError:
        raise UnreachableError(f"cannot fetch {url}: no answer within {timeout:.0f} s") from None
    except (ConnectionError, OSError) as exc:
        raise UnreachableError(f"cannot fetch {url}: {exc}") from None


# -- analysis ------------------------------------------------------------------------------------
def robots_sitemaps(text: str, base: str) -> list[str]:
    """`Sitemap:` lines of a robots.txt, absolute (read as Scrapy's SitemapSpider reads them)."""
    return [url for url in sitemap_urls_from_robots(text.encode("utf-8"), base_url=base)
            if url != base]


def feeds_of(tree: html.HtmlElement, base: str) -> list[str]:
    """RSS/Atom feeds announced with `<link rel="alternate" type=...>`."""
    found = []
    for link in tree.xpath("//link[@href]"):
        rels = (link.get("rel") or "").lower().split()
        if "alternate" in rels and (link.get("type") or "").lower().strip() in FEED_TYPES:
            url = urljoin(base, link.get("href").strip())
            if url not in found:
                found.append(url)
    return found


def pagers_of(tree: html.HtmlElement, page_url: str) -> list[str]:
    """Pager styles used by the page's own links, named as in the registry's `pager` field and
    recognised by the families' vocabulary (crawlers/extraction/families/: Liferay's
    `_<portlet>_cur`, Joomla's `?start=`, Drupal's 0-based `?page=`, WordPress's `/page/N/`,
    ASP.NET's `__doPostBack` that a link-following crawler cannot follow, other portals' numeric
    `Page=`/`trang=`). Links to other hosts are ignored: portals link to each other, and another
    portal's pager says nothing about this one."""
    host = scope_of(page_url)
    styles: set[str] = set()
    for anchor in tree.xpath("//a[@href or @onclick]"):
        href = (anchor.get("href") or "").strip()
        postback = postback_style(href) or postback_style(anchor.get("onclick") or "")
        if postback:
            styles.add(postback)
            continue
        if not href or href.startswith(("#", "javascript:", "mailto:")):
            continue
        url = urljoin(page_url, href)
        if scope_of(url) != host:
            continue
        parts = urlsplit(url)
        found = [pager_path_style(parts.path)]
        found += [pager_param_style(name, value) for name, value in parse_qsl(parts.query)]
        styles.update(style for style in found if style)
    return sorted(styles)


def is_webforms(tree: html.HtmlElement) -> bool:
    """An ASP.NET WebForms page (`__VIEWSTATE` + `__doPostBack`): some of its listings may page
    only by posting the form, which no link-following crawl reaches."""
    return bool(tree.xpath("//input[@name='__VIEWSTATE']")) and any(
        postback_style(s.text or "") for s in tree.xpath("//script"))


def detect(url: str, overrides: dict[str, str] | None = None, registry: Registry | None = None,
           timeout: float = TIMEOUT) -> Detection:
    """Fetch `url` (and its host's robots.txt) and describe the portal; see the module doc."""
    url = validate_start_url(url)
    registry = registry or Registry.load()
    portal = registry.by_host(scope_of(url)) or registry.by_host(urlsplit(url).hostname or "")
    insecure = bool(portal and portal.tls == "insecure")
    opener = make_opener(overrides or {}, insecure=insecure)
    page = fetch(opener, url, timeout)
    content_type = page.headers.get_content_type() if page.headers else ""
    if page.status >= 400 and "html" not in content_type:
        raise UnreachableError(f"cannot fetch {url}: HTTP {page.status} without a page "
                               f"({content_type or 'no content type'}); check the URL")
    tree = parse_html(decode_body(page.body, page.headers.get_content_charset() if page.headers else None))
    notes: list[str] = []
    if tree is None:
        notes.append("the response has no HTML to analyse")
        family, scores, generator, feeds, pagers = None, {}, None, [], []
    else:
        family = detect_family(tree)
        scores = fingerprint_scores(tree)
        generator = next((g.strip() for g in tree.xpath("//meta[@name='generator']/@content")), None)
        feeds = feeds_of(tree, page.url)
        pagers = pagers_of(tree, page.url)
        if is_webforms(tree) and "aspnet-postback" not in pagers:
            notes.append("ASP.NET WebForms page (__VIEWSTATE, __doPostBack): listings may page by "
                         "form posts that links do not reach")
    robots_url = urljoin(page.url, "/robots.txt")
    try:
        robots = fetch(opener, robots_url, timeout)
        sitemaps = robots_sitemaps(decode_body(robots.body), robots_url) if robots.status == 200 else []
        robots_state = f"{robots.status}, {len(sitemaps)} sitemap(s)" if robots.status == 200 else str(robots.status)
    except UnreachableError:
        sitemaps, robots_state = [], "unreachable"
    if portal and family and portal.cms not in ("unknown", family):
        notes.append(f"the registry says cms = {portal.cms!r} but the page looks like {family}")
    if insecure:
        notes.append("TLS certificate not verified (registry: tls = \"insecure\")")
    return Detection(url=url, final_url=page.url, status=page.status, family=family, scores=scores,
                     generator=generator, robots=robots_state, sitemaps=tuple(sitemaps),
                     feeds=tuple(feeds), pagers=tuple(pagers), portal=portal,
                     tls_verified=not insecure, notes=tuple(notes))


def format_detection(d: Detection) -> str:
    """Human-readable report, one fact per line."""
    scores = ", ".join(f"{k} {v}" for k, v in sorted(d.scores.items(), key=lambda kv: -kv[1]))
    lines = [
        f"url:       {d.url}" + (f" -> {d.final_url}" if d.final_url != d.url else ""),
        f"status:    {d.status}",
        f"family:    {d.family or 'unknown'}" + (f" (fingerprints: {scores})" if scores else ""),
    ]
    if d.generator:
        lines.append(f"generator: {d.generator}")
    lines += [
        f"robots:    {d.robots}",
        *(f"sitemap:   {s}" for s in d.sitemaps),
        *(f"feed:      {f}" for f in d.feeds),
        f"pager:     {', '.join(d.pagers) or 'none seen on this page'}",
    ]
    if d.portal:
        p = d.portal
        since = f" since {p.status_since.isoformat()}" if p.status_since else ""
        lines.append(f"registry:  {p.id} ({p.level}, cms {p.cms}, {p.status}{since})")
    else:
        lines.append("registry:  host not in the registry (add an entry: docs/registry.md)")
    lines += [f"note:      {n}" for n in d.notes]
    return "\n".join(lines)
