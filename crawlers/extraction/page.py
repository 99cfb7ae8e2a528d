"""`extract_page`: one fetched HTML page -> an article record, or a page that is not an article.

Order of work, and why:

1. decode (caller's encoding, else the page's meta charset, else UTF-8) without ever raising on
   bad bytes - a crawl must not stop on one broken page;
2. parse, detect the CMS family (`families.detect_family`);
3. read headline and date line from the *unpruned* page, where the family's elements still are;
4. prune family chrome, pick the family body container, run trafilatura on it (whole pruned page
   when no container is known) and check its recall against a lossless block walk;
5. drop boilerplate lines, the headline and date lines, and the trailing byline (-> author/source);
6. classify the page (home / listing / article / other) from URL patterns *and* structure, with
   precision first: a listing must never be emitted as an article.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from lxml import etree, html

from crawlers.extraction import boilerplate, bylines, dates, engine, titles
from crawlers.extraction.families import base, detect_family, rules_for
from crawlers.extraction.families.base import FamilyRules
from crawlers.extraction.text import clean_whitespace, fold, nfc

# How far into the page's lines a date line may sit after the headline.
DATE_LINE_WINDOW = 4
# Lines at the top of the body that may repeat the headline or hold the date line.
BODY_HEAD_WINDOW = 4
# Prose thresholds (characters in paragraphs of at least MIN_PROSE_PARAGRAPH characters).
MIN_PROSE_PARAGRAPH = 60
MIN_ARTICLE_PROSE = 200
MIN_URL_ARTICLE_PROSE = 400
MIN_GENERIC_ARTICLE_PROSE = 600
# A container with this many teaser items, or a page with a pager, is a listing.
MIN_LISTING_ITEMS = 3
# Link texts at least this long are item titles (shorter ones are menu labels, "Xem tiếp").
MIN_LINKED_TITLE = 20
# trafilatura output shorter than this share of the container's text lost paragraphs.
MIN_TRAFILATURA_RECALL = 0.9

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
# Letters that only Vietnamese uses among Latin scripts (plus the tone-marked block).
_VIETNAMESE = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯ\u1ea0-\u1ef9]")
_LETTERS = re.compile(r"\w")


@dataclass
class ExtractedPage:
    """What extraction knows about one page. `text` is "" unless the page is an article."""

    url: str
    canonical_url: str | None
    cms: str | None
    page_type: str
    title: str | None
    text: str
    published: str | None
    updated: str | None
    author: str | None
    source: str | None
    language: str

    @property
    def is_article(self) -> bool:
        """True when the page is an article with a headline and body text."""
        return self.page_type == "article" and bool(self.title) and bool(self.text)


def decode_body(body: bytes | str, encoding: str | None = None) -> str:
    """Decode `body`: explicit `encoding`, else a meta charset, else UTF-8; never raises.

    A wrong or unknown declared charset falls back to UTF-8 (most Vietnamese portals are UTF-8
    even when they declare otherwise); undecodable bytes become U+FFFD.
    """
    if isinstance(body, str):
        return body
    candidates: list[str] = []
    if encoding:
        candidates.append(encoding)
    match = _META_CHARSET.search(body[:4096])
    if match:
        candidates.append(match.group(1).decode("ascii", "ignore"))
    candidates.append("utf-8")
    for candidate in candidates:
        try:
            return body.decode(candidate)
        except (LookupError, UnicodeDecodeError):
            continue
    return body.decode("utf-8", errors="replace")


def parse_html(text: str) -> html.HtmlElement | None:
    """Parse a document; None when there is nothing to parse."""
    text = _XML_DECLARATION.sub("", text)
    if not text.strip():
        return None
    try:
        return html.document_fromstring(text)
    except (etree.ParserError, ValueError):
        return None


def _first_text(tree: html.HtmlElement, xpaths: tuple[str, ...]) -> list[str]:
    """Texts of all matches of `xpaths`, in priority order (attribute results as they are)."""
    found: list[str] = []
    for xpath in xpaths:
        for result in tree.xpath(xpath):
            value = result if isinstance(result, str) else result.text_content()
            value = " ".join(nfc(str(value)).split())
            if value:
                found.append(value)
    return found


def _nav_labels(tree: html.HtmlElement) -> set[str]:
    labels: set[str] = set()
    for xpath in base.NAV_LABEL_XPATHS:
        for anchor in tree.xpath(xpath):
            label = " ".join(anchor.text_content().split())
            if label:
                labels.add(label)
    return labels


def _prose_chars(lines: list[str]) -> int:
    return sum(len(line) for line in lines if len(line) >= MIN_PROSE_PARAGRAPH)


def _letters(lines: list[str]) -> int:
    return sum(len(_LETTERS.findall(line)) for line in lines)


def _same_text(a: str, b: str) -> bool:
    return boilerplate.normalise_label(a) == boilerplate.normalise_label(b)


@dataclass
class _Headline:
    title: str | None
    from_family: bool


def _find_title(
    tree: html.HtmlElement, rules: FamilyRules, site_name: str | None, labels: set[str]
) -> _Headline:
    family = [titles.clean_title_candidate(t) for t in _first_text(tree, rules.title_xpaths)]
    chosen = titles.choose_title(family, site_name=site_name, extra_labels=labels)
    if chosen:
        return _Headline(chosen, True)
    meta = [titles.clean_title_candidate(t) for t in _first_text(tree, base.META_TITLE_XPATHS)]
    html_title = next(iter(_first_text(tree, (base.HTML_TITLE_XPATH,))), None)
    meta = [titles.strip_site_suffix(t, site_name=site_name, extra_labels=labels) for t in meta]
    return _Headline(
        titles.choose_title(
            meta, html_title=html_title, site_name=site_name, extra_labels=labels
        ),
        False,
    )


def _find_dates(
    tree: html.HtmlElement, rules: FamilyRules, title: str | None, page_lines: list[str]
) -> dates.DateLine:
    """The article's own date line: family date element, meta, else a line just below the title."""
    published = updated = None
    for value in _first_text(tree, rules.date_xpaths):
        line = dates.parse_date_line(value, title=title)
        if line is None and re.match(r"^\d{4}-\d{2}-\d{2}", value):
            iso = dates.parse_iso_datetime(value)
            line = dates.DateLine(iso, None) if iso else None
        if line:
            published = published or line.published
            updated = updated or line.updated
        if published:
            break
    if published is None:
        for value in _first_text(tree, base.META_DATE_XPATHS):
            published = dates.parse_iso_datetime(value)
            if published:
                break
    if updated is None:
        for value in _first_text(tree, base.META_UPDATED_XPATHS):
            updated = dates.parse_iso_datetime(value)
            if updated:
                break
    if published is None and title:
        for index, line in enumerate(page_lines):
            if not (_same_text(line, title) or fold(line).startswith(fold(title))):
                continue
            window = page_lines[max(0, index - 1) : index + DATE_LINE_WINDOW + 1]
            for candidate in window:
                found = dates.parse_date_line(candidate, title=title)
                if found:
                    published = published or found.published
                    updated = updated or found.updated
            if published:
                break
    return dates.DateLine(published, updated)


def _prune(tree: html.HtmlElement, rules: FamilyRules) -> html.HtmlElement:
    pruned = copy.deepcopy(tree)
    for xpath in base.COMMON_CHROME_XPATHS + rules.chrome_xpaths:
        for element in pruned.xpath(xpath):
            if element.getparent() is not None:
                element.drop_tree()
    return pruned


def _body_container(pruned: html.HtmlElement, rules: FamilyRules) -> html.HtmlElement | None:
    for xpath in rules.body_xpaths:
        for element in pruned.xpath(xpath):
            if _letters(engine.block_lines(element)) >= MIN_ARTICLE_PROSE // 2:
                return element
    return None


def _body_lines(container: html.HtmlElement, walked: list[str]) -> list[str]:
    """trafilatura's lines, or the block walk when trafilatura lost too much of the container."""
    extracted = boilerplate.drop_boilerplate(engine.trafilatura_lines(container))
    if _letters(extracted) >= MIN_TRAFILATURA_RECALL * _letters(walked):
        return extracted
    return walked


def _strip_head(lines: list[str], title: str | None) -> list[str]:
    """Drop headline repeats and date lines at the top of the body."""
    out = list(lines)
    index = 0
    while index < min(len(out), BODY_HEAD_WINDOW):
        line = out[index]
        if (title and _same_text(line, title)) or dates.parse_date_line(line, title=title):
            del out[index]
            continue
        index += 1
    return out


def _listing_items(element: html.HtmlElement, rules: FamilyRules) -> int:
    return max((len(element.xpath("." + xpath)) for xpath in rules.listing_item_xpaths), default=0)


def _has_pager(tree: html.HtmlElement) -> bool:
    return any(tree.xpath(xpath) for xpath in base.PAGER_XPATHS)


def _url_matches(url: str, patterns: tuple[re.Pattern[str], ...]) -> bool:
    parts = urlsplit(url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    return any(p.search(target) for p in patterns)


def _is_home(url: str, rules: FamilyRules) -> bool:
    parts = urlsplit(url)
    return not parts.query and any(p.search(parts.path or "/") for p in rules.home_url_patterns)


def _language(*texts: str | None) -> str:
    sample = " ".join(t for t in texts if t)[:5000]
    return "vi" if _VIETNAMESE.search(sample) else "und"


def extract_page(
    body: bytes | str,
    url: str,
    *,
    encoding: str | None = None,
    site_name: str | None = None,
) -> ExtractedPage:
    """Extract one page. Never raises on bad input: unparsable pages come back as "other"."""
    tree = parse_html(nfc(decode_body(body, encoding)))
    if tree is None:
        return ExtractedPage(url, None, None, "other", None, "", None, None, None, None, "und")
    cms = detect_family(tree)
    rules = rules_for(cms)
    canonical = next(iter(_first_text(tree, (base.CANONICAL_XPATH,))), None)
    canonical = urljoin(url, canonical) if canonical else None
    site_name = site_name or next(iter(_first_text(tree, (base.SITE_NAME_XPATH,))), None)
    labels = _nav_labels(tree)

    headline = _find_title(tree, rules, site_name, labels)
    pruned = _prune(tree, rules)
    root = pruned.find("body")
    root = root if root is not None else pruned
    page_lines = engine.block_lines(root)
    found_dates = _find_dates(tree, rules, headline.title, page_lines)
    language = _language(headline.title, " ".join(page_lines[:300]))

    def not_article(page_type: str) -> ExtractedPage:
        return ExtractedPage(
            url, canonical, cms, page_type, headline.title, "", None, None, None, None, language
        )

    if _is_home(url, rules):
        return not_article("home")
    container = _body_container(pruned, rules)
    strong = headline.from_family and container is not None
    if not strong and _listing_signals(url, tree, pruned, rules):
        # Listing structure without the family's article markup: skip body extraction.
        return not_article("listing")

    walked = _strip_head(
        boilerplate.drop_boilerplate(engine.block_lines(container if container is not None else root)),
        headline.title,
    )
    # The byline is read from the lossless walk: trafilatura often drops short right-aligned lines.
    byline = bylines.split_byline(walked) if container is not None else bylines.Byline(walked, None, None)
    lines = _strip_head(_body_lines(container if container is not None else root, walked), headline.title)
    dropped = {boilerplate.normalise_label(x) for x in walked[len(byline.paragraphs) :]}
    while lines and boilerplate.normalise_label(lines[-1]) in dropped:
        lines.pop()
    paragraphs = [
        line for line in lines if not (headline.title and _same_text(line, headline.title))
    ]
    page_type = _classify(url, tree, pruned, rules, headline, container, paragraphs)
    if page_type != "article":
        return not_article(page_type)
    return ExtractedPage(
        url=url,
        canonical_url=canonical,
        cms=cms,
        page_type=page_type,
        title=headline.title,
        text=clean_whitespace("\n\n".join(paragraphs)),
        published=found_dates.published,
        updated=found_dates.updated,
        author=byline.author,
        source=byline.source,
        language=_language(headline.title, "\n".join(paragraphs)),
    )


def _listing_signals(
    url: str, tree: html.HtmlElement, pruned: html.HtmlElement, rules: FamilyRules
) -> bool:
    """Repeated teaser items, a pager or a listing URL (checked before any body extraction)."""
    return (
        _listing_items(pruned, rules) >= MIN_LISTING_ITEMS
        or _has_pager(tree)
        or _url_matches(url, rules.listing_url_patterns)
    )


def _linked_lines(lines: list[str], tree: html.HtmlElement) -> int:
    """How many of `lines` are the text of a link (teaser titles of a listing are links)."""
    anchors = {
        boilerplate.normalise_label(a.text_content())
        for a in tree.iter("a")
        if len(a.text_content().strip()) >= MIN_LINKED_TITLE
    }
    return sum(1 for line in lines if boilerplate.normalise_label(line) in anchors)


def _classify(
    url: str,
    tree: html.HtmlElement,
    pruned: html.HtmlElement,
    rules: FamilyRules,
    headline: _Headline,
    container: html.HtmlElement | None,
    paragraphs: list[str],
) -> str:
    """home / article / listing / other - structure first, URL patterns as support."""
    if _is_home(url, rules):
        return "home"
    prose = _prose_chars(paragraphs)
    if (
        headline.title
        and headline.from_family
        and container is not None
        and prose >= MIN_ARTICLE_PROSE
        and _listing_items(container, rules) < MIN_LISTING_ITEMS
    ):
        return "article"
    page_items = _listing_items(pruned, rules)
    pager = _has_pager(tree)
    if _linked_lines(paragraphs, pruned) >= MIN_LISTING_ITEMS:
        return "listing"
    if (
        headline.title
        and _url_matches(url, rules.article_url_patterns)
        and not _url_matches(url, rules.listing_url_patterns)
        and prose >= MIN_URL_ARTICLE_PROSE
        and page_items < MIN_LISTING_ITEMS
        and not pager
    ):
        return "article"
    if page_items >= MIN_LISTING_ITEMS or pager or _url_matches(url, rules.listing_url_patterns):
        return "listing"
    if headline.title and prose >= MIN_GENERIC_ARTICLE_PROSE and len(paragraphs) >= 2:
        return "article"
    return "other"
