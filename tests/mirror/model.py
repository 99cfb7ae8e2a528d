"""Public data model of the offline portal mirror.

These dataclasses are the contract with the end-to-end tests and `make demo`: the tests read ground
truth from `MirrorArticle` and judge what the crawler fetched with `Mirror.classify`. They are
frozen so that a cached mirror cannot be altered by one test and leak into another.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Family = Literal["liferay", "joomla", "drupal", "aspnet", "wordpress"]

#: Every value `Mirror.classify` can return (kept in one place so tests can check exhaustiveness).
KINDS: tuple[str, ...] = (
    "home", "listing", "article", "variant", "trap-first", "trap-deep", "robots", "sitemap",
    "feed", "search", "error", "redirect", "other", "unknown",
)


@dataclass(frozen=True)
class MirrorPortal:
    """One mirrored portal: its real hostname and the CMS family whose markup it imitates."""

    id: str
    host: str
    family: Family
    name: str
    province: str
    district: str
    home_url: str


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


@dataclass(frozen=True)
class MirrorResponse:
    """What the mirror answers for one URL (the server writes it to the socket unchanged)."""

    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        """Body decoded as UTF-8 (every mirror page is UTF-8, with or without a header charset)."""
        return self.body.decode("utf-8", errors="replace")
