"""Public data model of the offline portal mirror.

These dataclasses are the contract with the end-to-end tests and `make demo`: the tests read ground
truth from `MirrorArticle` and judge what the crawler fetched with `Mirror.classify`. They are
frozen so that a cached mirror cannot be altered by one test and leak into another.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Family = Literal["liferay", "joomla", "drupal", "aspnet", "wordpress",
                 # extended mirror only (build_mirror(extended=True))
                 "spa", "asp", "sharepoint", "nukeviet"]

#: Every value `Mirror.classify` can return (kept in one place so tests can check exhaustiveness).
KINDS: tuple[str, ...] = (
    "home", "listing", "article", "variant", "trap-first", "trap-deep", "robots", "sitemap",
    "feed", "search", "error", "redirect", "other", "unknown",
    # extended mirror only: a downloadable document linked from an article (PDF, DOCX, XLSX)
    "attachment",
)


@dataclass(frozen=True)
class MirrorPortal:
    """One mirrored portal: its real hostname and the CMS family whose markup it imitates.

    `render` is "js" when listings are rendered by a script (a crawler needs a browser or the
    JSON API behind it); `tls` is "self-signed" for the HTTPS portal reached through CONNECT;
    `channels` names the ways the portal offers to discover its articles: "links" (plain
    `<a href>`, pagers included), "postback" (ASP.NET `__doPostBack` pager: a form POST per page),
    "js" (script-rendered listing), "api" (the JSON endpoint behind it), "sitemap", "feed".
    """

    id: str
    host: str
    family: Family
    name: str
    province: str
    district: str
    home_url: str
    render: str | None = None
    tls: str | None = None
    channels: tuple[str, ...] = ("links",)


@dataclass(frozen=True)
class MirrorAttachment:
    """A document linked from an article (ground truth of `MirrorArticle.attachments`).

    `url` is absolute; `text_snippet` is a phrase that text extraction from the file yields
    (for PDFs ASCII-folded Vietnamese, since the file uses a standard Type 1 font; for DOCX/XLSX
    proper Unicode NFC).
    """

    url: str
    filename: str
    content_type: str
    text_snippet: str


@dataclass(frozen=True)
class MirrorArticle:
    """Ground truth for one article page.

    `url` is the canonical URL (session ids and print/share/tracking parameters dropped, query
    parameters sorted, no fragment). `paragraphs` are the visible body paragraphs, NFC and
    whitespace-collapsed, WITHOUT the title, date line, image captions, byline and "Theo:" line.
    `must_not_contain` lists strings that are on the page but outside the article (portal chrome,
    related-news titles): an extractor that keeps any of them kept boilerplate.
    """

    portal: str
    url: str
    title: str
    published: str | None
    author: str | None
    source: str | None
    paragraphs: list[str] = field(default_factory=list)
    must_not_contain: list[str] = field(default_factory=list)
    attachments: list[MirrorAttachment] = field(default_factory=list)


@dataclass(frozen=True)
class MirrorResponse:
    """What the mirror answers for one URL (the server writes it to the socket unchanged)."""

    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        """Body decoded as UTF-8 (every page of the default mirror is UTF-8, with or without a
        header charset; the extended mirror's Điện Bàn portal is not: decode its bytes yourself)."""
        return self.body.decode("utf-8", errors="replace")
