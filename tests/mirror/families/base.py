"""Shared machinery of the per-family renderers: routes, responses, related news, ground truth.

A family subclass knows its URL scheme (`article_url`, `listing_url`, `route`) and its markup.
`route` returns a `Route` whose `kind` is also what `Mirror.classify` reports, so the
classification can never disagree with what the server actually serves.
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from tests.mirror.content import ArticleSpec, PortalContent, collapse
from tests.mirror.families.variation import Look, shown_author, shown_source
from tests.mirror.model import MirrorArticle, MirrorAttachment, MirrorPortal, MirrorResponse
from tests.mirror.urls import Req, build, parse

HTML = "text/html; charset=utf-8"
PER_PAGE = 10
#: Related-news lists never point deeper than this index in a category, so the oldest articles
#: are reachable only through the pager (or a sitemap/feed).
RELATED_DEPTH = 30
WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")
#: A 1×1 transparent GIF served for every image URL (the crawler may or may not fetch images).
GIF = (b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00"
       b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")


def esc(text: str) -> str:
    """HTML-escape text and attribute values."""
    return html.escape(text, quote=True)


def weekday(d: date) -> str:
    """Vietnamese weekday name ("Thứ Sáu")."""
    return WEEKDAYS[d.weekday()]


def token(*parts: object, n: int = 32) -> str:
    """Deterministic hex token (session ids, hashes) derived from `parts`."""
    return hashlib.sha1("|".join(map(str, parts)).encode()).hexdigest()[:n]


@dataclass(frozen=True)
class Route:
    """What a URL is (`kind`, see model.KINDS) and how to answer it."""

    kind: str
    render: Callable[[], str | bytes] | None = None
    status: int = 200
    content_type: str = HTML
    location: str | None = None
    #: For articles: the canonical URL; a request that differs from it (extra parameters,
    #: other letter case) is a variant of the article.
    canonical: str | None = None
    #: Extra response headers (Content-Disposition of attachments).
    headers: dict[str, str] | None = None


class Family:
    """Base renderer: one instance per portal."""

    family = ""
    #: Title suffix in <title>, e.g. " - Cổng thông tin điện tử huyện Nghi Lộc".
    robots_disallow: tuple[str, ...] = ()
    sitemap_path: str | None = None

    def __init__(self, portal: MirrorPortal, content: PortalContent) -> None:
        self.portal = portal
        self.content = content
        self.d = content.define
        self.scheme = "https" if portal.tls else "http"
        self.base = f"{self.scheme}://{portal.host}"
        self.cats = content.categories
        self.newest = content.articles
        self.by_num = {a.num: a for a in self.newest}
        self.position = {a.num: (ci, i) for ci, cat in enumerate(self.cats) for i, a in enumerate(cat)}
        self.title_suffix = " - " + self.d.name

    # -- URL scheme (subclasses) -------------------------------------------------------------
    def article_url(self, a: ArticleSpec) -> str:
        """Canonical absolute URL of an article."""
        raise NotImplementedError

    def listing_url(self, cat: int, page: int = 1) -> str:
        """Canonical absolute URL of page `page` (1-based) of category `cat`."""
        raise NotImplementedError

    def route(self, req: Req) -> Route:
        """Route a parsed request (host already matched)."""
        raise NotImplementedError

    def article_markers(self, a: ArticleSpec) -> list[str]:
        """Strings of this family's chrome that appear on `a`'s canonical page outside the article."""
        raise NotImplementedError

    def look(self, a: ArticleSpec) -> Look:
        """How `a`'s page is marked up (families that vary their templates override this; the
        ground truth reads the author and source as that look prints them)."""
        return Look()

    # -- shared helpers ----------------------------------------------------------------------
    def pages(self, cat: int) -> int:
        """Number of listing pages of a category."""
        return -(-len(self.cats[cat]) // PER_PAGE)

    def page_items(self, cat: int, page: int) -> list[ArticleSpec]:
        """Articles on one listing page (1-based)."""
        return self.cats[cat][(page - 1) * PER_PAGE: page * PER_PAGE]

    def related(self, a: ArticleSpec) -> list[ArticleSpec]:
        """Related news: the next older articles of the category, never deeper than RELATED_DEPTH."""
        ci, i = self.position[a.num]
        cat = self.cats[ci]
        picks = [cat[j] for j in range(i + 1, min(i + 6, RELATED_DEPTH, len(cat)))]
        for other in cat[:6]:
            if len(picks) >= 5:
                break
            if other is not a and other not in picks:
                picks.append(other)
        return picks

    def session_id(self, *parts: object) -> str:
        """A deterministic session id for links that carry one."""
        return token(self.portal.id, *parts).upper()

    def robots_txt(self) -> str:
        """robots.txt: everything allowed except the search pages (and CMS internals)."""
        lines = ["User-agent: *"] + [f"Disallow: {p}" for p in self.robots_disallow]
        if self.sitemap_path:
            lines += ["", f"Sitemap: {self.base}{self.sitemap_path}"]
        return "\n".join(lines) + "\n"

    def common_route(self, req: Req) -> Route | None:
        """Routes every family shares: robots.txt, images and static assets (page requisites)."""
        low = req.path.lower()
        if req.path == "/robots.txt":
            return Route("robots", self.robots_txt, content_type="text/plain; charset=utf-8")
        if low.endswith((".jpg", ".jpeg", ".png", ".gif", ".ico")) or low.startswith("/image/"):
            return Route("other", lambda: GIF, content_type="image/gif")
        if low.endswith(".css"):
            return Route("other", lambda: "body{}\n", content_type="text/css")
        if low.endswith((".js", ".jsp")):
            return Route("other", lambda: ";\n", content_type="application/javascript")
        return None

    def ground_truth(self) -> list[MirrorArticle]:
        """MirrorArticle records of this portal, newest first."""
        out = []
        for a in self.newest:
            lk = self.look(a)
            author, source = shown_author(a, lk), shown_source(a, lk)
            own = " ".join([a.title, *a.paragraphs, author or "", a.unit or "", source or ""])
            markers = [m for m in dict.fromkeys(self.article_markers(a)) if m and m not in own]
            attachments = [MirrorAttachment(self.base + f.path, f.filename, f.content_type,
                                            f.snippet) for f in a.attachments]
            out.append(MirrorArticle(
                portal=self.portal.id, url=self.article_url(a), title=a.title,
                published=a.published.isoformat() if a.published else None, author=author,
                source=source, paragraphs=a.paragraphs, must_not_contain=markers,
                attachments=attachments))
        return out

    def respond(self, url: str, method: str = "GET", body: bytes = b"") -> MirrorResponse:
        """Answer one request for this portal (pure: no I/O). `body` is a POST's form data."""
        req = parse(url)
        post: Route | None = None
        if req is None:
            route = Route("unknown", status=404)
        elif req.scheme != self.scheme:
            route = self.other_scheme(req)
        else:
            post = self.resolve_post(req, body) if method == "POST" else None
            route = post or self.resolve(req)
        if method not in ("GET", "HEAD") and post is None:
            return text_response(405, "Method Not Allowed\n")
        if route.location is not None:
            body = f'<html><body>Moved <a href="{esc(route.location)}">here</a></body></html>'
            resp = MirrorResponse(route.status, {"Content-Type": HTML, "Location": route.location},
                                  body.encode())
        else:
            raw = route.render() if route.render else self.not_found()
            body_bytes = raw.encode("utf-8") if isinstance(raw, str) else raw
            resp = MirrorResponse(route.status, {"Content-Type": route.content_type,
                                                 **(route.headers or {})}, body_bytes)
        resp.headers["Content-Length"] = str(len(resp.body))
        resp.headers["Server"] = self.server_header
        if method == "HEAD":
            resp = MirrorResponse(resp.status, resp.headers, b"")
        return resp

    server_header = "Apache"

    def resolve_post(self, req: Req, body: bytes) -> Route | None:
        """Route a POST (form-urlencoded `body`); None = not accepted (405). Portals are read-only
        except the ASP.NET post-back pager of the extended mirror."""
        return None

    def other_scheme(self, req: Req) -> Route:
        """A request in the scheme this portal does not serve: the portal's 404 (the HTTPS portal
        redirects plain HTTP instead)."""
        return Route("unknown", self.not_found, status=404)

    def resolve(self, req: Req) -> Route:
        """`common_route`, then the family router, then the portal's 404 page."""
        if req.scheme != self.scheme:
            return self.other_scheme(req)
        route = self.common_route(req) or self.route(req)
        if route.kind == "unknown" and route.render is None:
            return Route("unknown", self.not_found, status=404)
        off_canonical = (route.kind == "article" and route.canonical is not None
                         and build(self.base, req.path, req.params) != route.canonical)
        if off_canonical or (req.variant and route.kind in ("home", "listing", "article")):
            return Route("variant", route.render, route.status, route.content_type, route.location,
                         headers=route.headers)
        return route

    def not_found(self) -> str:
        """The portal's own 404 page (subclasses make it look like their CMS)."""
        return "<html><body><h1>404 Not Found</h1></body></html>"

    def by_num_or_none(self, value: str) -> ArticleSpec | None:
        """Article by its numeric id given as a URL string ("123"), None when absent."""
        return self.by_num.get(int(value)) if value.isdigit() else None

    def page_number(self, value: str | None, cat: int, first: int = 1) -> int | None:
        """Validate a pager value; None when out of range (the caller answers 404)."""
        if value is None:
            return 1
        if not value.isdigit():
            return None
        page = int(value) - first + 1
        return page if 1 <= page <= self.pages(cat) else None

    def excerpt(self, a: ArticleSpec, limit: int = 220) -> str:
        """First sentence(s) of the lead, as listings show it."""
        text = collapse(a.raw_paragraphs[0])
        return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "..."

    def image_src(self, a: ArticleSpec) -> str:
        """Path of the article's (placeholder) image."""
        return f"/images/tin-tuc/{a.num}.jpg"


def text_response(status: int, text: str) -> MirrorResponse:
    """A one-line plain-text response (unknown host, bad method)."""
    body = text.encode()
    return MirrorResponse(status, {"Content-Type": "text/plain; charset=utf-8",
                                   "Content-Length": str(len(body))}, body)


def month_shift(year: int, month: int, delta: int) -> tuple[int, int]:
    """(year, month) moved by `delta` months."""
    idx = year * 12 + (month - 1) + delta
    return idx // 12, idx % 12 + 1


def paragraph_html(text: str, style: int) -> str:
    """One body paragraph with CMS-editor messiness; its visible text stays exactly `text`."""
    t = esc(text)
    if style % 4 == 0:
        return f'<p style="text-align: justify;">{t}</p>'
    if style % 4 == 1:
        return f'<p style="text-align: justify;"><span style="font-size:14px;">{t}</span></p>'
    if style % 4 == 2:
        return f"<p>{t}&nbsp;</p>"
    return f'<p class="MsoNormal" style="margin-bottom:6.0pt;text-align:justify"><span lang="VI">{t}</span></p>'
