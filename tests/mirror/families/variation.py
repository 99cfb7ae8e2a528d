"""Per-article markup variation: how real portals differ from the templates we first wrote.

The mirror was written by the same hands as the extraction rules, so one template per family
agreed with those rules by construction. Real portals (see ../shared/corpus/README.md, "What these
pages do that an authored mirror does not") put related-news lists with their own dated teasers
inside the article column, show the site name as `<title>`, print bylines in several shapes (or
none) and dates in several forms. Each family renderer asks `look(...)` which of its shapes an
article gets; the choice is a hash of portal and article number, so the mirror stays reproducible
and the content generator's random stream is untouched (the texts do not move).

Ground truth follows what is shown: an article whose byline is not printed has `author=None`,
a source printed as a bare host name is that host name (`Family.shown_author`/`shown_source`).
"""

from __future__ import annotations

import hashlib
import html
from dataclasses import dataclass
from datetime import datetime, timedelta

from tests.mirror.content import ArticleSpec

#: Headings real portals put over the related-news list inside the article column.
RELATED_HEADINGS = ("Các tin khác", "TIN ĐÃ ĐƯA", "Tin liên quan", "Tin mới hơn", "Xem thêm")
_UTC_OFFSET = timedelta(hours=7)


@dataclass(frozen=True)
class Look:
    """The shapes one article page takes (fields a family does not vary keep their default).

    `related`: "apart" (a block outside the article container, the first template) or "inside"
    (after the body, in the same container, with a date after every teaser link).
    `byline`: "strong" (right-aligned bold name, then unit), "credit" ("Tin, ảnh: Name"),
    "none" (no author printed; the source line, if any, stays).
    `date`: the family's own key for how the published date is written.
    `bare_source`: a source that is a URL is printed as its bare host ("Theo: baohoabinh.com.vn").
    """

    related: str = "apart"
    heading: str = RELATED_HEADINGS[0]
    byline: str = "strong"
    date: str = "default"
    bare_source: bool = False


def _pick(key: str, options: tuple[str, ...]) -> str:
    """A stable choice among `options` for `key` (sha1, not `hash()`: that is salted per run)."""
    digest = hashlib.sha1(key.encode()).digest()
    return options[digest[0] % len(options)]


def look(portal_id: str, a: ArticleSpec, *, related: tuple[str, ...] = ("apart",),
         headings: tuple[str, ...] = RELATED_HEADINGS[:1], bylines: tuple[str, ...] = ("strong",),
         dates: tuple[str, ...] = ("default",), bare_source: bool = False) -> Look:
    """The look of article `a` on portal `portal_id`, chosen among the given options.

    The real seed pages keep the first option of everything: they are what those portals showed.
    """
    if a.seed is not None:
        return Look(related[0], headings[0], bylines[0], dates[0], False)
    key = f"{portal_id}:{a.num}"
    return Look(related=_pick(key + ":related", related),
                heading=_pick(key + ":heading", headings),
                byline=_pick(key + ":byline", bylines),
                date=_pick(key + ":date", dates),
                bare_source=bare_source and bool(a.source and "://" in a.source))


def shown_source(a: ArticleSpec, lk: Look) -> str | None:
    """The source as printed after "Theo:" (a URL source may be printed as its bare host)."""
    if a.source and lk.bare_source:
        return a.source.split("://", 1)[1].rstrip("/")
    return a.source


def shown_author(a: ArticleSpec, lk: Look) -> str | None:
    """The author as a reader sees it: none when the byline is not printed."""
    return None if lk.byline == "none" else a.author


def credit_line(a: ArticleSpec) -> str:
    """The "credit" byline form as HTML: "Tin, ảnh: <name>" in one right-aligned line."""
    return f"Tin, ảnh: {html.escape(a.author or '')}"


def dotted(w: datetime) -> str:
    """"(26.07.2019 14:14)", the Liferay 6 theme form of the Đắk Nông portals."""
    return f"({w:%d.%m.%Y %H:%M})"


def spelled(w: datetime) -> str:
    """"30 tháng 8, 2024": day, spelled month number, year."""
    return f"{w.day} tháng {w.month}, {w.year}"


def iso_utc(w: datetime) -> str:
    """"2019-05-16T05:00:00.000Z": a local (UTC+7) time printed raw as UTC, as script-filled
    date slots show it. The mirror's times are 07:00-17:00 local, so the UTC day is the same."""
    if w.hour < 7:
        raise ValueError(f"{w} would print as the previous UTC day; keep mirror times >= 07:00")
    return f"{w - _UTC_OFFSET:%Y-%m-%dT%H:%M:%S}.000Z"


def teaser_date(w: datetime, form: str) -> str:
    """Date after a related-news teaser link."""
    return dotted(w) if form == "dotted" else f"({w:%d/%m/%Y})"
