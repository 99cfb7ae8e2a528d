"""`extract_page`: one fetched HTML page -> an article record, or a page that is not an article.

Order of work, and why:

1. decode (caller's encoding, BOM, TCVN3/VNI font pages, a meta charset that fits the bytes, the
   HTTP header charset as a hint, sniffing) without ever raising on bad bytes - a crawl must not
   stop on one broken page;
2. parse, detect the CMS family (`families.detect_family`; a registry's `cms` wins when given);
3. prune family chrome and every related-news list ("Tin liên quan", "TIN ĐÃ ĐƯA" …: `blocks`),
   which real portals put inside the article's own block;
4. find the main block: the family's body container, else the block where the prose is;
5. the headline: the family's headline element, else the heading just above (or atop) the main
   block, else a `<title>`/og:title that the page also shows - never the site name, a portlet
   title or a menu label;
6. body text: trafilatura on the main block, checked against a lossless block walk;
7. page typing, article recall first: dropping a real article is the worst outcome for an
   archive. A page with a headline and prose in its main block is an article unless that block is
   mostly teaser items; a URL pattern alone never refuses a page.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urldefrag, urljoin, urlsplit

from lxml import etree, html

from crawlers.extraction import (
    blocks,
    boilerplate,
    budget,
    bylines,
    dates,
    engine,
    legal_refs,
    places,
    titles,
)
from crawlers.extraction.decoding import decode_document
from crawlers.extraction.families import FAMILIES, GENERIC, base, detect_family, rules_for
from crawlers.extraction.families.base import FamilyRules
from crawlers.extraction.text import clean_whitespace, fold, nfc
from crawlers.extraction.xpaths import PageXPath

# How far into the page's lines a date line may sit after the headline.
DATE_LINE_WINDOW = 4
# Lines at the top of the body that may repeat the headline or hold the date line.
BODY_HEAD_WINDOW = 4
# Prose: characters in lines of at least MIN_PROSE_PARAGRAPH characters that are not link text.
MIN_PROSE_PARAGRAPH = blocks.MIN_PROSE_LINE
# A main block with a headline and this much prose is an article (unless mostly teasers).
MIN_ARTICLE_PROSE = 200
# With the family's own headline *and* body container, a short notice ("lịch tiếp công dân", a
# document notice whose content is an attachment) is an article: listings never have both.
MIN_STRONG_ARTICLE_PROSE = 0
# A family body container needs this many letters to count as found.
MIN_CONTAINER_LETTERS = 40
# A main block with this many headline-length links is a listing when its prose per link is
# below MAX_TEASER_PROSE (a teaser's sapo); an article's prose per inline link is far above it.
MIN_LISTING_ITEMS = 3
MAX_TEASER_PROSE = 400
MIN_TEASER_LINK_SHARE = 0.2
# A page that is not an article, with a list of this many linked headlines, is a listing.
MIN_TEASER_LIST = 5
# trafilatura output shorter than this share of the container's text lost paragraphs.
MIN_TRAFILATURA_RECALL = 0.98

# Letters that only Vietnamese uses among Latin scripts (plus the tone-marked block).
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
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
    legal_refs: list[dict[str, Any]] = field(default_factory=list)
    places: list[dict[str, Any]] = field(default_factory=list)
    # The codec the page was read with ("utf-8", "windows-1258", "tcvn3", "vni" …) and, when a
    # declaration was overruled, a font encoding converted or the charset guessed, why.
    encoding: str = "utf-8"
    encoding_note: str | None = None

    @property
    def is_article(self) -> bool:
        """True when the page is an article with a headline and body text."""
        return self.page_type == "article" and bool(self.title) and bool(self.text)


def parse_html(text: str) -> html.HtmlElement | None:
    """Parse a document; None when there is nothing to parse."""
    text = _XML_DECLARATION.sub("", text)
    if not text.strip():
        return None
    try:
        return html.document_fromstring(text)
    except (etree.ParserError, ValueError):
        return None


def _first_text(tree: html.HtmlElement, xpaths: tuple[str, ...], xp: PageXPath) -> list[str]:
    """Texts of all matches of `xpaths`, in priority order (attribute results as they are)."""
    found: list[str] = []
    for xpath in xpaths:
        for result in xp(tree, xpath):
            value = result if isinstance(result, str) else result.text_content()
            value = " ".join(nfc(str(value)).split())
            if value:
                found.append(value)
    return found


_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


def _nav_labels(tree: html.HtmlElement, xp: PageXPath) -> set[str]:
    """Menu labels: a headline equal to one names a category or section, not an article.

    A link inside a heading is no menu label: a mega-menu shows the latest posts as teasers
    (`<h2 class="post-title"><a>`) - this page's own headline among them (issue 8 item 7)."""
    labels: set[str] = set()
    for xpath in base.NAV_LABEL_XPATHS:
        for anchor in xp(tree, xpath):
            if any(node.tag in _HEADINGS for node in anchor.iterancestors()):
                continue
            label = " ".join(anchor.text_content().split())
            if label:
                labels.add(label)
    return labels




def _letters(lines: list[str]) -> int:
    return sum(len(_LETTERS.findall(line)) for line in lines)


def _same_text(a: str, b: str) -> bool:
    return boilerplate.normalise_label(a) == boilerplate.normalise_label(b)


@dataclass
class _Headline:
    title: str | None
    from_family: bool
    # The headline element when it stands above the main block: the lines between the two (a
    # sapo, a lead in bold) belong to the body.
    above: html.HtmlElement | None = None


# Class-name words of headline elements (matched inside a token: "news-title", "tieude-tin").
_TITLE_CLASS = re.compile(r"title|tieude|tieu-de|heading|headline", re.IGNORECASE)
# Tiers: a page's `<h1>`; other headings, title classes and large bold text; bold text.
_HEADING_TIERS = {"h1": 3, "h2": 2, "h3": 2, "h4": 1}
_LARGE_FONT = re.compile(r"font-size:\s*(?:(?:1[6-9]|[2-4]\d)(?:\.\d+)?px|(?:1[3-9]|[2-3]\d)pt|x*-?large)", re.I)
_BOLD = re.compile(r"font-weight:\s*(?:bold|[6-9]00)", re.I)
# How much non-link text may stand between a headline and the start of the main block (date
# line, a sapo, category, admin links) for the headline to belong to it.
MAX_HEADLINE_GAP = 600
BOX_LEVELS = 3


# Class tokens of text hidden from sight and kept for screen readers ("Hauptinhalt", "Main
# content", the site's name as an `<h1 class="aural">`): landmarks, never a headline.
_HIDDEN_CLASSES = frozenset({
    "sr-only", "visually-hidden", "visuallyhidden", "u-visually-hidden", "screen-reader-text",
    "screen-reader-only", "element-invisible", "text-hide", "hidden", "hide", "aural",
    "offscreen", "invisible", "assistive-text", "a11y-hidden",
})


def _visually_hidden(element: html.HtmlElement) -> bool:
    """True when a class token of `element` hides it from sight (a screen-reader landmark)."""
    return not _HIDDEN_CLASSES.isdisjoint((element.get("class") or "").lower().split())


def _headline_tier(element: html.HtmlElement) -> int:
    """How much `element` looks like a headline: `<h1>`; other headings, title classes and the
    large bold `<p>` of templates that style plain paragraphs; bold blocks. 0 = not at all, and
    for a heading hidden from sight (a screen reader's landmark)."""
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag and _visually_hidden(element):
        return 0
    if tag in _HEADING_TIERS:
        return _HEADING_TIERS[tag]
    if tag in ("a", "html", "body", "li", "td", "tr", "table", "tbody", "ul", "ol", "form"):
        return 0
    if _TITLE_CLASS.search(element.get("class") or "") or _TITLE_CLASS.search(element.get("id") or ""):
        return 2
    style = element.get("style") or ""
    if _LARGE_FONT.search(style) and _BOLD.search(style):
        return 2
    if tag in ("p", "div") and _BOLD.search(style):
        return 1
    return 0


def _links_elsewhere(element: html.HtmlElement, text: str, page_url: str) -> bool:
    """True when the headline candidate is a link to another page: a teaser's title, not ours."""
    here = urldefrag(page_url)[0].rstrip("/")
    for anchor in element.iter("a"):
        href = (anchor.get("href") or "").strip()
        label = titles.clean_title_candidate(anchor.text_content())
        if not href or href.startswith(("#", "javascript:")) or not _same_text(label, text):
            continue
        if urldefrag(urljoin(page_url, href))[0].rstrip("/") != here:
            return True
    return False


def _titles_a_box(element: html.HtmlElement) -> bool:
    """True when `element` heads a box of links (a sidebar's "Tin mới", a links box): the first
    text after it - at its own level or, when it is last there, up to BOX_LEVELS levels higher -
    is mostly links. A headline is followed by a date, a sapo or the body."""
    node = blocks.heading_box(element)
    for _ in range(BOX_LEVELS):
        for sibling in node.itersiblings():
            if isinstance(sibling.tag, str) and sibling.text_content().strip():
                links = sum(1 for a in sibling.iter("a") if a.text_content().strip())
                # One link is a document notice's attachment; a box lists several.
                return links >= 2 and blocks.link_share(sibling) >= blocks.MIN_LIST_LINK_SHARE
        node = node.getparent()
        if node is None or node.tag in ("body", "html"):
            break
    return False


def _headline_text(
    element: html.HtmlElement, site_name: str | None, labels: set[str], page_url: str = ""
) -> str | None:
    lines = engine.block_lines(element)
    if not lines and page_url:
        lines = _image_headline(element, page_url)
    if len(lines) != 1:
        return None  # a box holding more than one line is not a headline element
    text = titles.clean_title_candidate(lines[0])
    if not titles.acceptable_title(text, site_name=site_name, extra_labels=labels):
        return None
    if dates.parse_date_line(text) is not None or _date_like(text):
        return None  # a post's date over its headline ("Dienstag, 28. April 2020"), in any language
    return text


def _image_headline(element: html.HtmlElement, page_url: str) -> list[str]:
    """The alt text of a heading drawn as an image (a theme that renders post titles in its own
    font), as its one line - when the heading shows nothing else and the image is a permalink:
    a link to this very page. A logo in a heading links to the site's front page (or nowhere):
    never a headline."""
    here = urldefrag(page_url)[0].rstrip("/")
    anchors = list(element.iter("a"))
    images = [img for img in element.iter("img") if " ".join((img.get("alt") or "").split())]
    if len(anchors) != 1 or len(images) != 1 or not any(a is anchors[0] for a in images[0].iterancestors()):
        return []
    href = (anchors[0].get("href") or "").strip()
    if not href or urldefrag(urljoin(page_url, href))[0].rstrip("/") != here:
        return []
    return [" ".join(images[0].get("alt").split())]


def _headline_candidate(
    element: html.HtmlElement, site_name: str | None, labels: set[str], page_url: str
) -> str | None:
    """The headline a heading found by its position offers: its text, unless it titles a box of
    links or links to another page (a teaser's headline)."""
    text = _headline_text(element, site_name, labels, page_url)
    if text and not _titles_a_box(element) and not _links_elsewhere(element, text, page_url):
        return text
    return None


def _headline_above(
    root: html.HtmlElement, main: html.HtmlElement, site_name: str | None, labels: set[str],
    page_url: str = "",
) -> tuple[str, html.HtmlElement | None] | None:
    """The strongest headline element ending at most MAX_HEADLINE_GAP characters of text before
    `main` (nearest on ties); else, only when there is none, a heading atop `main`.

    Before, because real portals put a sidebar of other posts (with their own headings) before
    the article column, and paste other outlets' `<h1>` into bodies; atop as a last resort,
    because a family container may hold the `<h1>` of its article.
    """
    found: list[tuple[int, int, str, html.HtmlElement]] = []  # (tier, text before it, headline, el)
    seen = 0  # characters of non-link text walked so far
    skip_until: html.HtmlElement | None = None  # inside a headline or a link: not counted
    for event, element in etree.iterwalk(root, events=("start", "end")):
        if not isinstance(element.tag, str):
            continue
        if event == "end":
            if element is skip_until:
                skip_until = None
            if skip_until is None and element.tail:
                seen += len(element.tail.strip())
            continue
        if element is main:
            break
        if skip_until is not None or element.tag in engine.SKIP_TAGS:
            continue
        if element.tag == "a":
            skip_until = element
            continue
        tier = _headline_tier(element)
        if tier:
            text = _headline_candidate(element, site_name, labels, page_url)
            if text:
                found.append((tier, seen, text, element))
                seen += len(text)
                skip_until = element
                continue
        seen += len((element.text or "").strip())
    near = [item for item in found if seen - item[1] - len(item[2]) <= MAX_HEADLINE_GAP]
    if near:
        # Highest tier, then nearest: a category label above the headline shares its tier.
        _, _, text, element = max(near, key=lambda item: (item[0], item[1]))
        return text, element
    for element in main.iter():
        if not isinstance(element.tag, str) or element is main:
            continue
        if _headline_tier(element) >= 2:
            text = _headline_text(element, site_name, labels)
            if text:
                return text, None
        if len(" ".join((element.text or "").split())) >= MIN_PROSE_PARAGRAPH:
            break
    return None


def _subheading(headline: _Headline, body: list[str]) -> bool:
    """True when a headline found near the main block (not the family's, not an `<h1>`) is a
    line of the body with prose before it: a subheading of the article, not its headline."""
    if headline.from_family or headline.above is None or not headline.title:
        return False
    if _headline_tier(headline.above) >= _HEADING_TIERS["h1"]:
        return False
    for index, line in enumerate(body):
        if _same_text(line, headline.title):
            return _prose(body[:index]) > 0
    return False


def _h1_before(
    root: html.HtmlElement, before: html.HtmlElement, site_name: str | None, labels: set[str], page_url: str
) -> tuple[str, html.HtmlElement] | None:
    """The last acceptable `<h1>` of the page before `before` (not a box title, not a link)."""
    found = None
    for element in root.iter():
        if element is before:
            break
        if element.tag != "h1":
            continue
        text = _headline_candidate(element, site_name, labels, page_url)
        if text:
            found = (text, element)
    return found


def _lead_lines(headline: html.HtmlElement, main: html.HtmlElement, main_lines: list[str]) -> list[str]:
    """Lines between a headline element and the main block below it (sapo, bold lead)."""
    ancestors = set(main.iterancestors())
    common = next((a for a in headline.iterancestors() if a in ancestors), None)
    if common is None or not main_lines:
        return []
    lines = engine.block_lines(common)
    title = engine.block_lines(headline)
    try:
        start = lines.index(title[0]) + 1 if title else 0
        end = lines.index(main_lines[0], start)
    except ValueError:
        return []
    # Between a headline and its body stand a sapo or a bold lead, and also photo captions and
    # credits, share and tag links: those are not the article's text (plain trafilatura leaves
    # them out). A long stretch is no lead at all but other boxes (other stories' teasers and
    # text between a header band's headline and a far body container).
    links = _link_keys(common)
    captions = _caption_keys(common)
    lead: list[str] = []
    heads_links = False  # the next line (walking backwards) is a link's
    for line in reversed(lines[start:end]):
        key = blocks.label_key(line)
        if _link_line(key, links):
            heads_links = True
        elif key in captions or len(line) < MIN_PROSE_PARAGRAPH and (heads_links or _holds_link(key, links)):
            # A box title over links ("Die aktuelle Ausgabe" over "Jetzt abonnieren"), a
            # byline or category line ("Filed under 2020 Election"): the page's metadata.
            continue
        elif _date_like(line):
            continue  # the post's date in any language ("16 marca 2021", "Dienstag, 01. Februar 2022")
        else:
            heads_links = False
            lead.append(line)
    lead.reverse()
    return lead if sum(map(len, lead)) <= MAX_HEADLINE_GAP else []


# A date line: short, a year that is no part of a number ("12/2022/QĐ-UBND"), a day's number and
# at most a few words (month and weekday names, "am", "p.m.").
MAX_DATE_LINE = 40
MAX_DATE_WORDS = 3
_YEAR = re.compile(r"(?<![\d-])(?:19|20)\d\d(?![\d/-])")
_DAY = re.compile(r"\b(?:[0-2]?\d|3[01])\b")
_WORD = re.compile(r"[^\W\d_]+")


def _date_like(line: str) -> bool:
    """True for a line that is only a date (and time), whatever its language: between a headline
    and the body it is the post's date, which `dates.parse_date_line` reads only in the
    portals' forms."""
    if len(line) > MAX_DATE_LINE or not _YEAR.search(line):
        return False
    return bool(_DAY.search(_YEAR.sub(" ", line))) and len(_WORD.findall(line)) <= MAX_DATE_WORDS


# Link texts shorter than this do not end a label + link line (a "»" or "1" ends many lines).
MIN_LINK_KEY = 2


def _link_line(key: str, links: set[str]) -> bool:
    """True when the line (its label key) is nothing but link texts: one link, or several run
    together or separated by commas and bars ("Jump to RecipePrint Recipe", a post's
    categories "Aus den Ländern, Blog, Termine", a row of tag links, a section link beside a
    comment count "Berufe 0")."""
    if not key:
        return False
    if key in links:
        return True
    inside = [k for k in links if k and k in key]  # a "0" (comment count) only fits as a segment
    if not inside:
        return False
    # Segment the line into link texts and separators, left to right (greedy replacement fails
    # when link texts overlap: "rezept drucken" inside "zum rezept drucken pinnen").
    reached = [False] * (len(key) + 1)
    reached[0] = True
    for index in range(len(key)):
        if not reached[index]:
            continue
        if not _LETTERS.match(key[index]):
            reached[index + 1] = True
        for link in inside:
            if key.startswith(link, index):
                reached[index + len(link)] = True
    return reached[-1]


def _holds_link(key: str, links: set[str]) -> bool:
    """True when a link's whole text ends the line (a byline "By <a>name</a>", "Filed under
    <a>topic</a>"): a label and its link."""
    return any(len(link) >= MIN_LINK_KEY and key.endswith(link) for link in links)


_CAPTION_WORD = re.compile(r"^(?:caption|credits?)$")


def _caption_keys(element: html.HtmlElement) -> set[str]:
    """Label keys of the lines of photo captions and credits inside `element`."""
    return {
        blocks.label_key(line) for node in element.iter()
        if isinstance(node.tag, str) and _is_caption(node) for line in engine.block_lines(node)
    }


# A class token naming an image's text: an image word and a text word ("img_description").
_IMAGE_WORD = re.compile(r"^(?:img|image|photo|foto|picture|pic|bild)$")
_IMAGE_TEXT_WORD = re.compile(r"^(?:desc|description|legend|legende|text|info)$")


def _is_caption(element: html.HtmlElement) -> bool:
    """A photo's caption or credit: `<figcaption>`, or a class word (of a token split at "-"
    and "_") that says so ("wp-caption-text", "photo-credits"), or a token that names an
    image's text ("img_description", "photo-legend")."""
    if element.tag == "figcaption":
        return True
    for token in (element.get("class") or "").lower().split():
        words = re.split(r"[-_]+", token)
        if any(_CAPTION_WORD.match(word) for word in words):
            return True
        if any(_IMAGE_WORD.match(word) for word in words) and any(_IMAGE_TEXT_WORD.match(word) for word in words):
            return True
    return False


def _find_title(
    tree: html.HtmlElement,
    rules: FamilyRules,
    root: html.HtmlElement,
    main: html.HtmlElement | None,
    page_lines: list[str],
    site_name: str | None,
    labels: set[str],
    page_url: str,
    xp: PageXPath,
) -> _Headline:
    """A heading og:title/`<title>` also name (`_agreed_heading`); else the family's headline element;
    else the headline above/atop the main block; else a meta or `<title>` headline *that the
    page shows* (a share title can be stale, `<title>` is often only the site name).

    The agreed heading comes first for every family: a family's slot may hold a category label
    (WordPress `//article//h1` "Opinion" over an `<h2>` headline). When the two are the same
    text the headline is the family's, which page typing trusts more."""
    agreed = _agreed_heading(tree, root, site_name, labels, page_url, xp)
    family = [titles.clean_title_candidate(t) for t in _first_text(tree, rules.title_xpaths, xp)]
    chosen = titles.choose_title(family, site_name=site_name, extra_labels=labels,
                                 own_slot=rules.name != GENERIC.name)
    if agreed is not None and not (chosen and _same_text(chosen, agreed[0])):
        return _Headline(agreed[0], False, agreed[1])
    if chosen:
        shown = next(
            (el for xpath in rules.title_xpaths for el in xp(root, xpath)
             if titles.clean_title_candidate(nfc(el.text_content())) == chosen),
            None,
        )
        return _Headline(chosen, True, shown)
    if main is not None:
        above = _headline_above(root, main, site_name, labels, page_url)
        if above:
            return _Headline(above[0], False, above[1])
    # Shown as text, not only as a link (a menu entry names a section, not this page's headline).
    linked = {boilerplate.normalise_label(a.text_content()) for a in root.iter("a")}
    shown = {boilerplate.normalise_label(line) for line in page_lines} - linked
    meta = [titles.clean_title_candidate(t) for t in _first_text(tree, base.META_TITLE_XPATHS, xp)]
    html_title = next(iter(_first_text(tree, (base.HTML_TITLE_XPATH,), xp)), None)
    candidates = [*meta, *([html_title] if html_title else [])]
    for candidate in candidates:
        cleaned = titles.strip_site_suffix(candidate, site_name=site_name, extra_labels=labels)
        if (
            titles.acceptable_title(cleaned, site_name=site_name, extra_labels=labels)
            and boilerplate.normalise_label(cleaned) in shown
        ):
            return _Headline(cleaned, False)
    return _Headline(None, False)


def _agreed_heading(
    tree: html.HtmlElement, root: html.HtmlElement, site_name: str | None, labels: set[str],
    page_url: str, xp: PageXPath,
) -> tuple[str, html.HtmlElement] | None:
    """The first `<h1>` (else `<h2>`, `<h3>`) the page shows whose text is also its
    og:title/`<title>` (with or without a site suffix): two sources agree on the headline.

    Firmer than any heading found by position: themes put the `<h1>` in a header band far from
    the text, and put related stories (`<article>` teaser cards, "Relacionados", "Das könnte Sie
    auch interessieren") with headline markup of their own between it and the body; a generic
    `//article` or `itemprop=headline` match may be such a card. A teaser's heading is never the
    page's share title. Never a link to another page, never the site name."""
    declared = _first_text(tree, base.META_TITLE_XPATHS + (base.HTML_TITLE_XPATH,), xp)
    if not declared:
        return None
    meta = [titles.strip_site_suffix(m, site_name=site_name, extra_labels=labels) for m in declared]
    for tag in AGREED_HEADING_TAGS:
        for element in root.iter(tag):
            if _visually_hidden(element):
                continue
            # Two sources agreeing outweigh the page's own menu entry of that name (a menu of
            # latest stories lists this one); a generic block title never counts.
            text = _headline_text(element, site_name, set()) or _broken_headline(element, site_name)
            if (
                text and not _links_elsewhere(element, text, page_url)
                and _corroborated(text, [text], meta + declared)
            ):
                return text, element
    return None


# A headline broken over lines (`<br>` after a kicker: "Krach vor der VW-Betriebsversammlung:<br>
# Es knirscht …") is read as one line when it has at most this many.
MAX_HEADLINE_LINES = 3


def _broken_headline(element: html.HtmlElement, site_name: str | None) -> str | None:
    """A heading's 2-3 lines joined into one, when that is an acceptable headline: only ever
    kept when og:title/`<title>` say the same (`_agreed_heading`)."""
    lines = engine.block_lines(element)
    if not 1 < len(lines) <= MAX_HEADLINE_LINES:
        return None
    text = titles.clean_title_candidate(" ".join(lines))
    return text if titles.acceptable_title(text, site_name=site_name) else None


# Headings tried, in this order, for one that the share title names (blog themes print the
# post's headline as `<h2>`/`<h3>` under a site-name `<h1>`).
AGREED_HEADING_TAGS = ("h1", "h2", "h3")


_DATE_DIGIT = re.compile(r"\d")
_EMPTY_DATE_SLOT = re.compile(r"^[\s()\[\]|:-]*$")


def _find_dates(
    tree: html.HtmlElement, rules: FamilyRules, title: str | None, page_lines: list[str], xp: PageXPath
) -> dates.DateLine:
    """The article's own date line: family date element, meta, else a line just below the title."""
    published = updated = None
    # The family's date slot printed empty ("( )"): the page shows no date, and a date line near
    # the headline is another box's (a "today" widget, a build time).
    family_dates = _first_text(tree, rules.date_xpaths, xp)
    empty_slot = any(
        not _DATE_DIGIT.search(value) and _EMPTY_DATE_SLOT.match(value) for value in family_dates
    )
    for value in family_dates:
        line = dates.parse_date_line(value, title=title)
        if line is None and re.match(r"^\d{4}-\d{2}-\d{2}", value):
            iso = dates.parse_iso_datetime(value)
            line = dates.DateLine(iso, None) if iso else None
        if line and line.published is None and rules.updated_is_published:
            line = dates.DateLine(line.updated, None)
        if line:
            published = published or line.published
            updated = updated or line.updated
        if published:
            break
    if published is None:
        for value in _first_text(tree, base.META_DATE_XPATHS, xp):
            published = dates.parse_iso_datetime(value)
            if published:
                break
    if updated is None:
        for value in _first_text(tree, base.META_UPDATED_XPATHS, xp):
            updated = dates.parse_iso_datetime(value)
            if updated:
                break
    if published is None and title and not empty_slot:
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


# Marks every element of the parsed page before pruning, so that a block found in the pruned
# copy can be looked at in the page as served (family rules prune teaser headlines too).
_MARK = "data-pa-node"
# lxml's own `set`, without lxml.html's Python wrapper around it (called once per element).
_set_attribute = etree.ElementBase.set


def _prune(
    tree: html.HtmlElement, rules: FamilyRules, xp: PageXPath
) -> tuple[html.HtmlElement, dict[str, html.HtmlElement]]:
    """A copy of `tree` without common and family chrome and without related-news lists, and
    the elements of `tree` by their mark (what `_served` looks up)."""
    marked: dict[str, html.HtmlElement] = {}
    for index, element in enumerate(tree.iter()):
        if isinstance(element.tag, str):
            mark = str(index)
            _set_attribute(element, _MARK, mark)
            marked[mark] = element
    pruned = copy.deepcopy(tree)
    measured: list[int] = []

    def page_prose() -> int:
        """The prose of the whole page before any rule dropped a thing: measured on the page
        as served (the copy's twin), once, and only when an element may be a wrapper."""
        if not measured:
            body = tree.find("body")
            measured.append(_prose_chars(body if body is not None else tree))
        return measured[0]

    for xpath in base.COMMON_CHROME_XPATHS + rules.chrome_xpaths:
        family = xpath in rules.chrome_xpaths
        for element in xp(pruned, xpath):
            if element.getparent() is None or element.tag in ("body", "html"):
                continue
            if family and _linked_headlines(element) == 1 and _headline_tier(element) >= 2:
                continue  # a teaser's headline (family rules prune the *article's* headline)
            if _holds_main_prose(element, page_prose):
                continue
            element.drop_tree()
    blocks.prune_related(pruned)
    return pruned, marked


# A chrome rule never drops an element holding at least this many characters of prose that are
# also this share of the whole page's prose: that element wraps the article, not chrome.
MIN_WRAPPER_PROSE = 500
MIN_WRAPPER_SHARE = 0.5
# How many times longer NFC can make a string (UAX #15, the table of maximum expansion factors).
NFC_MAX_EXPANSION = 3


def _prose_chars(element: html.HtmlElement) -> int:
    """Characters in the lines of `element` long enough to be prose (MIN_PROSE_PARAGRAPH)."""
    return _prose(engine.block_lines(element))


def _prose(lines: list[str]) -> int:
    """Characters in `lines` long enough to be prose (MIN_PROSE_PARAGRAPH)."""
    return sum(len(line) for line in lines if len(line) >= MIN_PROSE_PARAGRAPH)


def _holds_main_prose(element: html.HtmlElement, page_prose: Callable[[], int]) -> bool:
    """True when a chrome rule's match holds most of the page's prose: ordinary themes put the
    article inside a box whose class a chrome rule names ("entry themeform share", a `<header>`
    or `<nav>` wrapping the whole page, a text widget, `<noscript>`); dropping it left no article
    for trafilatura to find (issue 8 item 7). Real chrome (menus, share bars, footers) is links
    and short lines, never most of a page's prose."""
    if element.tag in ("script", "style", "template", "svg"):
        return False
    # Cheap bound first: the walk's lines are text of the element (NFC at most triples a
    # string's length, whitespace cleaning only shortens), so a short element holds no wrapper.
    if NFC_MAX_EXPANSION * len(element.text_content()) < MIN_WRAPPER_PROSE:
        return False
    prose = _prose_chars(element)
    return prose >= MIN_WRAPPER_PROSE and prose >= MIN_WRAPPER_SHARE * page_prose()


# How close (in levels up from each) the family's headline and its empty body container must be.
NOTICE_LEVELS = 4


def _empty_notice(
    tree: html.HtmlElement,
    pruned: html.HtmlElement,
    rules: FamilyRules,
    root: html.HtmlElement,
    site_name: str | None,
    labels: set[str],
    page_url: str,
    xp: PageXPath,
) -> tuple[html.HtmlElement, _Headline] | None:
    """The family's body container, (nearly) empty, right under a headline (the family's, or one
    standing just above it): a notice whose content is an attachment or was never written."""
    empty = _body_container(pruned, rules, xp, min_letters=0)
    if empty is None:
        return None
    headline = _find_title(tree, rules, root, empty, engine.block_lines(root), site_name, labels, page_url, xp)
    if headline.title is None or headline.above is None or titles.is_block_title(headline.title, labels):
        return None  # ("Giới thiệu" over nothing is a section's empty page)
    near = list(headline.above.iterancestors())[:NOTICE_LEVELS]
    slot = next((a for a in empty.iterancestors() if a in set(near)), None)
    if slot is None:
        return None
    # The slot must say something besides its headline and date: a line, a source, a link to
    # the attached document. A headline over nothing at all is an empty page, not a notice.
    said = [
        line for line in engine.block_lines(slot)
        if not _same_text(line, headline.title) and dates.parse_date_line(line, title=headline.title) is None
        and not boilerplate.is_boilerplate(line) and not titles.is_site_name(line, site_name)
        or _is_link_line(slot, line)
    ]
    return (empty, headline) if said else None


def _detached(headline: _Headline, main: html.HtmlElement) -> bool:
    """True when the family's headline element and the main block share no box NOTICE_LEVELS up."""
    if not headline.from_family or headline.above is None:
        return False
    near = set(list(headline.above.iterancestors())[:NOTICE_LEVELS])
    return not near & set([main, *list(main.iterancestors())[:NOTICE_LEVELS]])


def _is_link_line(slot: html.HtmlElement, line: str) -> bool:
    """True when `line` is the text of a link in `slot` ("Xem chi tiết tại đây": the document)."""
    return any(_same_text(a.text_content(), line) or line.endswith(a.text_content().strip())
               for a in slot.iter("a") if a.get("href") and a.text_content().strip())


def _served(
    marked: dict[str, html.HtmlElement], element: html.HtmlElement | None
) -> html.HtmlElement | None:
    """The element of the page as served that `element` of a pruned copy was copied from
    (`marked`: the page's elements by mark, from `_prune`)."""
    mark = element.get(_MARK) if element is not None else None
    return marked.get(mark) if mark else None


def _linked_headlines(element: html.HtmlElement) -> int:
    return sum(1 for a in element.iter("a") if len(a.text_content().strip()) >= blocks.MIN_TEASER_CHARS)


def _body_container(
    pruned: html.HtmlElement, rules: FamilyRules, xp: PageXPath, min_letters: int = MIN_CONTAINER_LETTERS
) -> html.HtmlElement | None:
    for xpath in rules.body_xpaths:
        for element in xp(pruned, xpath):
            if _letters(engine.block_lines(element)) >= min_letters:
                return element
    return None


def _body_lines(
    container: html.HtmlElement, walked: list[str], page_view: Callable[[], list[str]] | None = None
) -> list[str]:
    """trafilatura's lines, or the block walk when trafilatura lost too much of the container.

    trafilatura handed the container alone looks for the content box *inside* it by its class
    words, and may settle on the first of several (`<div class="content">` of a Drupal
    paragraph: the article's first paragraph only). Its reading of the whole page
    (`page_view`, what plain trafilatura keeps) is then a second view of where the body ends:
    the lines of the container that either view keeps are the body's."""
    extracted = boilerplate.drop_boilerplate(engine.trafilatura_lines(container))
    if _letters(extracted) >= MIN_TRAFILATURA_RECALL * _letters(walked):
        return extracted
    links = _link_keys(container)
    also: list[str] = []
    if page_view is not None and extracted:
        own = {blocks.label_key(line) for line in walked}
        also = [line for line in page_view() if blocks.label_key(line) in own]
    return _within(walked, extracted, links, _caption_keys(container), also)


def _link_keys(element: html.HtmlElement) -> set[str]:
    """Label keys of the link texts in `element`, and of each line of a link that wraps blocks
    (a related story's card: "Related" over its headline, one `<a>`)."""
    keys: set[str] = set()
    for anchor in element.iter("a"):
        if anchor.get("href"):
            keys.add(blocks.label_key(anchor.text_content()))
            if anchor.find(".//*") is not None:
                keys.update(blocks.label_key(line) for line in engine.block_lines(anchor))
    # A script's button is a link in all but name ("Pinnen", "Bei Pinterest speichern").
    keys.update(
        blocks.label_key(button.text_content()) for button in element.xpath(".//*[@onclick]")
        if len(button.text_content().strip()) < blocks.MIN_TEASER_CHARS * 2
    )
    keys.discard("")
    return keys


def _within(
    walked: list[str], extracted: list[str], links: set[str] = frozenset(), captions: set[str] = frozenset(),
    also: list[str] | None = None,
) -> list[str]:
    """The walk from its start to trafilatura's last line: what trafilatura dropped *inside*
    the body (short list items, a one-line lead) comes back, while what it dropped after the
    body's end (an author box, "Rezept drucken", share and related links a theme appends inside
    the family container) stays out. The whole walk when trafilatura's last line is not in it.
    `also`: lines trafilatura kept in another reading of the page (of the whole page): kept,
    and the body ends at the later of the two last lines.

    Where trafilatura found the body, a dropped line that is nothing but link texts (`links`,
    label keys: one link, several run together, a script's button - `_link_line`) stays out,
    and so does a short dropped line that heads one ("Mehr zum Thema:", "Noticias
    relacionadas"): share buttons, "Buch bestellen", tag and related-story links inside
    the container are chrome, and trafilatura keeps the links that are part of the article's
    sentences. Photo captions and credits it dropped (`captions`) stay out too. (A notice whose
    body is only the link to its document keeps it: trafilatura found nothing there.)"""
    keys = [blocks.label_key(line) for line in walked]
    for line in reversed(extracted):
        key = blocks.label_key(line)
        if key in keys:
            end = len(keys) - keys[::-1].index(key)
            break
    else:
        return walked
    kept = set(map(blocks.label_key, extracted))
    if also:
        kept |= set(map(blocks.label_key, also))
        end = max(end, max(index + 1 for index, key in enumerate(keys) if key in kept))
    out: list[str] = []
    heads_links = False  # the next dropped line (walking backwards) is a link
    for index in range(end - 1, -1, -1):
        line, key = walked[index], keys[index]
        if key in kept:
            heads_links = False
            out.append(line)
        elif _link_line(key, links):
            heads_links = True
        elif key in captions:
            continue
        elif heads_links and len(line) < MIN_PROSE_PARAGRAPH:
            continue  # a box title over dropped links
        else:
            heads_links = False
            out.append(line)
    return out[::-1]


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


def _listing_items(element: html.HtmlElement, rules: FamilyRules, xp: PageXPath) -> int:
    return max((len(xp(element, "." + xpath)) for xpath in rules.listing_item_xpaths), default=0)


def _has_pager(tree: html.HtmlElement, xp: PageXPath) -> bool:
    return xp.any(tree, base.PAGER_XPATHS)




def _canonical(tree: html.HtmlElement, url: str, rules: FamilyRules, xp: PageXPath) -> str | None:
    """The page's `rel=canonical`, unless it is malformed (`http:///guest` in a static copy) or
    sends an inner page to the home page: real portals print one canonical link for every page,
    and trusting it would fold all their articles into one record."""
    declared = next(iter(_first_text(tree, (base.CANONICAL_XPATH,), xp)), None)
    if not declared:
        return None
    parts = urlsplit(declared)
    if parts.scheme and not parts.netloc:
        return None
    canonical = urljoin(url, declared)
    if _is_home(canonical, rules) and not _is_home(url, rules):
        return None
    return canonical


# A site root is the front page when it links this many other pages by headline-length text
# (portal front pages: 27 to 62 on the labelled corpus); a root with fewer is a one-page site's
# text (a practice's, a shop's landing page), judged as any other page.
MIN_FRONT_PAGE_HEADLINES = 10


def _lists_headlines(tree: html.HtmlElement) -> bool:
    """True when the page links at least MIN_FRONT_PAGE_HEADLINES distinct targets by
    headline-length text: what a front page shows (news, notices, services) and an article,
    or a small site's only page, does not."""
    targets: set[str] = set()
    for anchor in tree.iter("a"):
        href = (anchor.get("href") or "").strip()
        if href and len(anchor.text_content().strip()) >= blocks.MIN_TEASER_CHARS:
            targets.add(href)
            if len(targets) >= MIN_FRONT_PAGE_HEADLINES:
                return True
    return False


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
    http_charset: str | None = None,
    site_name: str | None = None,
    province: str | None = None,
    district: str | None = None,
    cms: str | None = None,
) -> ExtractedPage:
    """Extract one page. Never raises on bad input: unparsable pages come back as "other".

    `encoding` is an explicit choice (CLI `--encoding`) and wins; `http_charset` is the charset of
    the HTTP Content-Type header, only a hint (portals lie): see `decode_document`.
    `province`/`district` are the portal's own units: they only disambiguate place names that
    several units share ("xã Tân Phú"), they are never added to `places` themselves.
    `cms` is the registry's family for the portal: it wins over detection when it is known.
    A binary body or one over `budget.MAX_EXTRACT_BYTES` is not read: its page type says why.
    """
    body = budget.without_inline_data(body)
    skipped = budget.skip_reason(body)
    if skipped is not None:
        return ExtractedPage(url, None, None, skipped, None, "", None, None, None, None, "und",
                             encoding="unknown")
    decoded = decode_document(body, encoding=encoding, http_charset=http_charset)
    tree = parse_html(nfc(decoded.text))
    if tree is None:
        return ExtractedPage(url, None, None, "other", None, "", None, None, None, None, "und",
                             encoding=decoded.encoding, encoding_note=decoded.note)
    xp = PageXPath(tree)
    family = cms if cms in FAMILIES else detect_family(tree, xp)
    rules = rules_for(family)
    canonical = _canonical(tree, url, rules, xp)
    site_name = site_name or next(iter(_first_text(tree, (base.SITE_NAME_XPATH,), xp)), None)
    labels = _nav_labels(tree, xp)

    pruned, marked = _prune(tree, rules, xp)
    root = pruned.find("body")
    root = root if root is not None else pruned
    page_lines = engine.block_lines(root)
    container = _body_container(pruned, rules, xp)
    main = container if container is not None else blocks.main_block(root)
    # The main block is one of several alike teaser boxes (looked at in the page as served, where
    # the teasers' headline links still are): the page lists them.
    served = _served(marked, main)
    teaser_list = blocks.repeated_list(served) if served is not None else None
    repeated = teaser_list is not None
    if repeated:
        container = None
    headline = _find_title(tree, rules, root, main, page_lines, site_name, labels, url, xp)
    # A headline over the family's body container left (nearly) empty: a notice whose content is
    # an attachment (or was never written). Still an article: its headline and date are the record.
    empty = None
    if container is None and (headline.from_family or not repeated):
        empty = _empty_notice(tree, pruned, rules, root, site_name, labels, url, xp)
    if empty is not None:
        (main, headline), repeated = empty, False
    found_dates = _find_dates(tree, rules, headline.title, page_lines, xp)
    language = _language(headline.title, " ".join(page_lines[:300]))

    # A site root is the front page, unless it shows no list of other pages' headlines: then it
    # may be a small site's one article (a practice's or a shop's landing text), typed as any
    # page - and "home" again when that typing does not find an article.
    home = _is_home(url, rules)

    def not_article(page_type: str) -> ExtractedPage:
        return ExtractedPage(
            url, canonical, family, "home" if home else page_type, headline.title, "", None, None,
            None, None, language, encoding=decoded.encoding, encoding_note=decoded.note,
        )

    if home and _lists_headlines(tree):
        return not_article("home")
    if main is None:
        if _served_rescue(tree, root, headline.title, site_name, labels, xp) is None:
            return not_article("listing" if _has_pager(tree, xp) else "other")
        main = root  # pruning left no paragraph, the page as served has an article: judged below
    main_lines = engine.block_lines(main)
    lead = _lead_lines(headline.above, main, main_lines) if headline.above is not None else []
    lead = boilerplate.drop_boilerplate(lead)
    main_walk = boilerplate.drop_boilerplate(main_lines)
    walked_all = lead + main_walk
    walked = _strip_head(walked_all, headline.title)
    # The byline is read from the lossless walk: trafilatura often drops short right-aligned lines.
    byline = bylines.split_byline(walked)
    # A known family's body container (or its empty notice slot) is the body: trafilatura on it,
    # checked against the lossless walk. Any other main block is only readability's guess (or
    # the generic `//article`, which holds comments and author boxes): there the body is
    # trafilatura's own main-content detection on the pruned page, never worse than plain.
    own_block = empty is not None or (container is not None and rules.name != GENERIC.name)
    views: list[list[str]] = []

    def whole_text() -> list[str]:
        """trafilatura's text of the pruned page: read once, on the paths that need it."""
        if not views:
            views.append(_page_text(root))
        return views[0]

    page_text = None if own_block else whole_text()
    body = lead + _body_lines(main, main_walk, whole_text) if page_text is None else page_text
    if page_text is not None and not _prose(page_text) and _prose(main_walk):
        # trafilatura found no prose on the whole page (plain trafilatura finds none either: a
        # theme it misreads as all boilerplate) while the main block has some: its reading of
        # that block, checked against the walk, as for a family container. Only on such pages.
        body = lead + _body_lines(main, main_walk, whole_text)
    if page_text is not None and _subheading(headline, body):
        # The heading nearest readability's block is one of the body's own subheadings (that
        # block was the article's last section): the page's `<h1>` above it is the headline.
        h1 = _h1_before(root, headline.above, site_name, labels, url)
        headline = _Headline(h1[0], False, h1[1]) if h1 else headline
    if empty is None and page_text is None and _prose(page_lines) >= MIN_FRAGMENT_RATIO * sum(map(len, body)):
        # The family's container may hold only part of the article (a summary, an excerpt box,
        # the first of several `entry-content` blocks): when trafilatura's text of the page
        # holds the container's lines and is several times longer, it is the article.
        whole = whole_text()
        if _extends(whole, body):
            page_text = body = whole
        elif _sapo(whole, body):
            page_text = body = body + whole
    lines = _strip_head(body, headline.title)
    dropped = {boilerplate.normalise_label(x) for x in walked[len(byline.paragraphs) :]}
    while lines and boilerplate.normalise_label(lines[-1]) in dropped:
        lines.pop()
    paragraphs = [
        line for line in lines
        if not (headline.title and _same_text(line, headline.title)) and not titles.is_site_name(line, site_name)
    ]
    # The headline restated in the body (once more than the headline element itself shows it).
    inside = headline.above is None or any(a is main for a in headline.above.iterancestors())
    repeats = sum(1 for line in walked_all if _same_text(line, headline.title or ""))
    restated = repeats >= (2 if inside else 1)
    if not paragraphs and headline.title and (empty is not None or restated):
        # A notice whose only line is (or restates) its headline: the content is an attachment.
        paragraphs = [headline.title]
    measured: blocks.MainBlock | None = None
    if empty is not None:
        page_type = "article"
    elif repeated:
        page_type = "listing"
    elif container is None and _detached(headline, main):
        # The family's headline over an empty slot, the page's text in another box: a static
        # page ("Giới thiệu") around an empty asset, not an article.
        page_type = "other"
    else:
        measured = blocks.measure(main, paragraphs)
        single = container is not None and _single_post(pruned, rules, headline, main, url, xp)
        page_type = _classify(tree, pruned, rules, headline, container is not None, measured, xp, single)
    if page_type == "article" and not paragraphs:
        page_type = "other"  # a headline over nothing: an empty page, never an empty record
    if page_type in ("listing", "other") and page_text is None:
        page_text = whole_text()
    if (
        page_type in ("listing", "other") and page_text is not None
        and (
            not _teasers(measured) and not (teaser_list is not None and _inside(page_text, teaser_list))
            or _teaser_share(tree, page_text) < MAX_RESCUE_TEASER_SHARE
        )
    ):
        # Refused on weak evidence (no headline found, the prose in another block than
        # readability's, a teaser list - "next stories", a wiki's link boxes - that is not
        # where the page's prose is): when trafilatura finds an article's prose on the page,
        # and that prose is not the sapos of teaser boxes, it is one.
        rescued = _rescue(tree, root, page_text, headline.title, site_name, labels, xp)
        if rescued is None and _prose(page_text) < MIN_TITLED_RESCUE_PROSE:
            rescued = _served_rescue(tree, root, headline.title, site_name, labels, xp)
        if rescued is not None:
            page_type, headline = "article", _Headline(rescued[0], False)
            paragraphs = rescued[1]
    elif page_type in ("listing", "other") and page_text is not None:
        # The prose is mostly teasers, but trafilatura's text opens with prose that is none: a
        # short post above its "previously"/related stories' sapos. That opening, judged alone
        # with a headline two sources agree on (the main block's heading may be a teaser's).
        opening = _before_teasers(tree, page_text)
        rescued = _rescue(tree, root, opening, None, site_name, labels, xp) if opening else None
        if rescued is not None:
            page_type, headline = "article", _Headline(rescued[0], False)
            paragraphs = rescued[1]
    elif page_type == "article" and rules.name == GENERIC.name and _prose(paragraphs) < MIN_SHORT_RESCUE_PROSE:
        # An article whose body came out as little more than its headline: our pruning left
        # trafilatura only a fragment, while its text of the page as served is the article.
        served = _served_rescue(tree, root, headline.title, site_name, labels, xp)
        if served is not None and _prose(served[1]) >= MIN_TITLED_RESCUE_PROSE:
            paragraphs = served[1]
    if page_type != "article":
        return not_article(page_type)
    text = clean_whitespace("\n\n".join(paragraphs))
    return ExtractedPage(
        url=url,
        canonical_url=canonical,
        cms=family,
        page_type=page_type,
        title=headline.title,
        text=text,
        published=found_dates.published,
        updated=found_dates.updated,
        author=byline.author,
        source=byline.source,
        language=_language(headline.title, "\n".join(paragraphs)),
        legal_refs=legal_refs.legal_refs(f"{headline.title}\n{text}"),
        places=places.places(
            headline.title, text, province=province, district=district,
            published=found_dates.published,
        ),
        encoding=decoded.encoding,
        encoding_note=decoded.note,
    )


# trafilatura's text of the page replaces a family container's body this many times longer.
MIN_FRAGMENT_RATIO = 2
# ... when it holds at least this share (by characters) of the container's lines.
MIN_FRAGMENT_OVERLAP = 0.8


def _extends(whole: list[str], part: list[str]) -> bool:
    """True when `whole` is at least MIN_FRAGMENT_RATIO times longer than `part` and holds
    (nearly) all of its lines: `part` is a fragment of the same article, not another text."""
    part_chars = sum(map(len, part))
    if sum(map(len, whole)) < MIN_FRAGMENT_RATIO * part_chars:
        return False
    text = _flat(" ".join(whole))
    held = sum(len(line) for line in part if _flat(line) in text)
    return held >= MIN_FRAGMENT_OVERLAP * part_chars


# A family container this short beside a trafilatura text this many times longer that does not
# hold it is the article's sapo box (WordPress `entry-content excerpt`, a summary `<article>`).
MAX_SAPO_CHARS = 600
MIN_SAPO_RATIO = 5


def _sapo(whole: list[str], part: list[str]) -> bool:
    """True when `part` (the container's lines) is a short lead and `whole` the article's text
    that follows it elsewhere on the page: the body is the lead, then that text."""
    part_chars = sum(map(len, part))
    if not 0 < part_chars <= MAX_SAPO_CHARS or sum(map(len, whole)) < MIN_SAPO_RATIO * part_chars:
        return False
    return max(map(len, whole), default=0) >= MIN_RESCUE_PARAGRAPH


def _flat(text: str) -> str:
    """Folded, soft hyphens out, whitespace-normalised: for "does this text hold that line"."""
    return fold(" ".join(text.replace("\xad", "").split()))


def _prose(lines: list[str]) -> int:
    """Characters in `lines` long enough to be prose (MIN_PROSE_PARAGRAPH)."""
    return sum(len(line) for line in lines if len(line) >= MIN_PROSE_PARAGRAPH)


def served_root(tree: html.HtmlElement) -> html.HtmlElement:
    """The page as served, without our node marks: its `<body>`, else the whole document."""
    served = copy.deepcopy(tree)
    for element in served.iter():
        if isinstance(element.tag, str):
            element.attrib.pop(_MARK, None)
    body = served.find("body")
    return body if body is not None else served


def _served_rescue(
    tree: html.HtmlElement, root: html.HtmlElement, title: str | None, site_name: str | None,
    labels: set[str], xp: PageXPath,
) -> tuple[str, list[str]] | None:
    """`_rescue` on trafilatura's text of the page *as served*, when that text is not teasers.

    Our pruning can leave trafilatura nothing, or only a fragment, to find (a theme whose
    article sits in boxes our chrome rules name, a layout trafilatura only reads whole): plain
    trafilatura's view of the page is then judged as our own would be (issue 8 item 7).
    """
    served_text = _page_text(served_root(tree))
    if _teaser_share(tree, served_text) >= MAX_RESCUE_TEASER_SHARE:
        return None
    return _rescue(tree, root, served_text, title, site_name, labels, xp)


def _page_text(root: html.HtmlElement) -> list[str]:
    """trafilatura's main text of the whole pruned page (its own main-content detection)."""
    return boilerplate.drop_boilerplate(engine.trafilatura_lines(root))


# A teaser list holds the page's text when at least this share of trafilatura's prose is in it.
MIN_LIST_SHARE_OF_TEXT = 0.5


def _inside(page_text: list[str], element: html.HtmlElement) -> bool:
    """True when most of trafilatura's prose of the page is text of `element` (a listing's
    sapos), False when the prose is elsewhere (an article beside a "next stories" list)."""
    own = {blocks.label_key(line) for line in engine.block_lines(element)}
    prose = [line for line in page_text if len(line) >= MIN_PROSE_PARAGRAPH]
    total = sum(map(len, prose))
    return bool(total) and sum(len(x) for x in prose if blocks.label_key(x) in own) >= MIN_LIST_SHARE_OF_TEXT * total


# At most this share of trafilatura's prose may be teaser boxes' text for a refused page to be
# checked as an article: a listing's prose is its sapos (share 1.0 on the corpus listings).
MAX_RESCUE_TEASER_SHARE = 0.5


def _teaser_share(tree: html.HtmlElement, page_text: list[str]) -> float:
    """Share of trafilatura's prose lines (by characters) that are teasers: lines of teaser
    boxes, or lines that start with a headline-length link's text (a table row of teasers
    comes out of trafilatura as one line, "| headline sapo |")."""
    prose = [line for line in page_text if len(line) >= MIN_PROSE_PARAGRAPH]
    total = sum(map(len, prose))
    if not total:
        return 1.0
    keys = blocks.teaser_line_keys(tree)
    heads = tuple({
        blocks.label_key(a.text_content()) for a in tree.iter("a")
        if len(a.text_content().strip()) >= blocks.MIN_TEASER_CHARS
    })
    teaser = 0
    for line in prose:
        key = blocks.label_key(line)
        if key in keys or (heads and key.startswith(heads)):
            teaser += len(line)
    return teaser / total


def _before_teasers(tree: html.HtmlElement, page_text: list[str]) -> list[str]:
    """trafilatura's lines before the first run of teaser lines (`_teaser_share`'s test), when
    at least one prose line comes before it; else [].

    A run: the teaser line is followed by another, or ends the text. A lone linked line inside
    the post (its source, "The generation we love to dump on", then "(via …)") stands on a line
    of its own like a teaser's headline, but a list of other stories is several in a row."""
    keys = blocks.teaser_line_keys(tree)
    heads = tuple({
        blocks.label_key(a.text_content()) for a in tree.iter("a")
        if len(a.text_content().strip()) >= blocks.MIN_TEASER_CHARS
    })

    def teaser(line: str) -> bool:
        key = blocks.label_key(line)
        return key in keys or bool(heads) and key.startswith(heads)

    flags = [teaser(line) for line in page_text]
    for index, flag in enumerate(flags):
        if flag and (index + 1 == len(flags) or flags[index + 1]):
            opening = page_text[:index]
            return opening if _prose(opening) else []
    return []


def _teasers(main: blocks.MainBlock | None) -> bool:
    """The main block is mostly teaser items: many headline links, little prose per link."""
    return main is not None and (
        main.teasers >= MIN_LISTING_ITEMS
        and main.prose < MAX_TEASER_PROSE * main.teasers
        and main.link_share >= MIN_TEASER_LINK_SHARE  # attachments' links are a small share
    )


# trafilatura's text of a page refused on weak evidence makes it an article with this much prose,
# a paragraph this long (a listing's sapos are shorter) and at most this many teaser headlines.
MIN_RESCUE_PROSE = 1000
MIN_RESCUE_PARAGRAPH = 250
# With a headline of its own found above the prose, a shorter text suffices (a short article).
MIN_TITLED_RESCUE_PROSE = 500
MIN_TITLED_RESCUE_PARAGRAPH = 150
# ... and a shorter one still when it is one paragraph of this length that is the page's own
# (a block of the page, not a link's text: a sidebar card every page shows is a link).
MIN_SHORT_RESCUE_PROSE = 140
MIN_LONG_RESCUE_PROSE = 2000
MAX_RESCUE_LINK_SHARE = 0.2


def _rescue(
    tree: html.HtmlElement,
    root: html.HtmlElement,
    page_text: list[str],
    title: str | None,
    site_name: str | None,
    labels: set[str],
    xp: PageXPath,
) -> tuple[str, list[str]] | None:
    """(headline, paragraphs) when trafilatura's text of the page is an article's, else None.

    Article recall first (issue 8 item 7): ordinary sites lay out articles in ways our block
    finder misreads (the prose split over sibling boxes, the headline in a header band far from
    it), and refusing their articles made us far worse than plain trafilatura. A listing's text
    is headline links and short sapos; an article's has long paragraphs that are nobody's link.
    The headline is ours, else the page's `<h1>`, else og:title/`<title>` without a site suffix.
    """
    anchors = {
        blocks.label_key(a.text_content()) for a in tree.iter("a")
        if len(a.text_content().strip()) >= blocks.MIN_TEASER_CHARS
    }
    heads = tuple(anchors)
    # Lines of links that wrap blocks (a card: number, date, summary, "Xem chi tiết" inside one
    # `<a>`): a sidebar's document card that every page of a site shows is link text, never the
    # page's own paragraph, however long its summary line.
    anchors |= {
        blocks.label_key(line) for a in tree.iter("a") if a.find(".//*") is not None
        for line in engine.block_lines(a) if len(line) >= blocks.MIN_TEASER_CHARS
    }

    def linked(line: str) -> bool:
        # A link's line, or a line that starts with one (a teaser table's row: headline + sapo).
        key = blocks.label_key(line)
        return key in anchors or bool(heads) and key.startswith(heads)

    link_chars = sum(len(line) for line in page_text if linked(line))
    prose = [line for line in page_text if len(line) >= MIN_PROSE_PARAGRAPH and not linked(line)]
    titled = title is not None
    declared = _first_text(tree, base.META_TITLE_XPATHS + (base.HTML_TITLE_XPATH,), xp)
    meta = [titles.strip_site_suffix(m, site_name=site_name, extra_labels=labels) for m in declared]
    headings = [titles.clean_title_candidate(h.text_content()) for h in root.iter("h1", "h2")]
    # A heading the page shows that is also its og:title/`<title>`: two sources agree on the
    # headline, as firm as one found above the prose (a theme whose header band holds the
    # `<h1>`). Firm enough to outweigh the page's own menu entry of that name ("Penny" on a
    # wiki, a project's page in a portfolio menu, "What we do" on an organisation's site), and
    # short as a family's own headline slot may be ("Johannes" on a podcaster's page); a generic
    # block title never is.
    firm = titled and _corroborated(title, headings, meta + declared)
    if title is None:
        shown = [titles.clean_title_candidate(h.text_content()) for h in root.iter("h1")]
        agreed = [h for h in headings if _corroborated(h, headings, meta + declared)]
        title = titles.choose_title([h for h in agreed if not titles.is_block_title(h)],
                                    site_name=site_name, own_slot=True)
        titled = firm = title is not None
        title = title or titles.choose_title(shown + meta, site_name=site_name, extra_labels=labels)
    if titled and sum(map(len, prose)) < MIN_TITLED_RESCUE_PROSE:
        # A short article (a notice, a radio interview's blurb): only the page's own paragraphs
        # count, each one block of the page - not a run of gallery captions that trafilatura
        # joined into one table row.
        own = {blocks.label_key(line) for line in engine.block_lines(root)}
        prose = [line for line in prose if blocks.label_key(line) in own]
        floors = (MIN_SHORT_RESCUE_PROSE, MIN_SHORT_RESCUE_PROSE)
    elif not titled and sum(map(len, prose)) >= MIN_LONG_RESCUE_PROSE:
        floors = (MIN_LONG_RESCUE_PROSE, MIN_PROSE_PARAGRAPH)
    else:
        floors = ((MIN_TITLED_RESCUE_PROSE, MIN_TITLED_RESCUE_PARAGRAPH) if titled
                  else (MIN_RESCUE_PROSE, MIN_RESCUE_PARAGRAPH))
    if (
        link_chars > MAX_RESCUE_LINK_SHARE * sum(map(len, page_text))
        or sum(map(len, prose)) < floors[0]
        or max(map(len, prose), default=0) < floors[1]
    ):
        return None
    if title is None or titles.is_block_title(title, () if firm else labels):
        return None  # a menu label over prose ("Giới thiệu") is a section's page, not an article
    paragraphs = [line for line in _strip_head(page_text, title) if not _same_text(line, title)]
    return (title, paragraphs) if paragraphs else None


# What may follow a headline in a `<title>` whose site suffix was not recognised ("… - WSVN").
_TITLE_TAIL = re.compile(r"^\s*[-|–—»:·/]")


def _corroborated(title: str, shown: list[str], meta: list[str]) -> bool:
    """True when a shown heading's text is `title`, which is also an og:title/`<title>` (with
    or without a trailing " - Site | Tagline" that `strip_site_suffix` did not recognise)."""
    key = blocks.label_key(title)
    if not key or not any(blocks.label_key(h) == key for h in shown):
        return False
    folded = title.strip().casefold()
    return any(
        blocks.label_key(m) == key
        or m.casefold().startswith(folded) and _TITLE_TAIL.match(m.casefold()[len(folded):])
        for m in meta
    )


def _single_post(
    pruned: html.HtmlElement, rules: FamilyRules, headline: _Headline, main: html.HtmlElement,
    page_url: str, xp: PageXPath,
) -> bool:
    """True when the page is one post of a known family: its headline element (not a link to
    another page) stands just above its body container, the page's only one.

    A blog's link roundup or a podcast's shownotes are a post whose body is a list of links,
    which the teaser test reads as a listing (issue 8 item 7). A listing shows many posts: each
    has its body box (or none, only linked headlines), and its headlines link to them.
    """
    if rules.name == GENERIC.name or not headline.from_family or headline.above is None:
        return False
    if headline.title is None or _detached(headline, main):
        return False
    if _links_elsewhere(headline.above, headline.title, page_url):
        return False
    bodies = {id(el) for xpath in rules.body_xpaths for el in xp(pruned, xpath)}
    return len(bodies) == 1


def _classify(
    tree: html.HtmlElement,
    pruned: html.HtmlElement,
    rules: FamilyRules,
    headline: _Headline,
    family_container: bool,
    main: blocks.MainBlock,
    xp: PageXPath,
    single: bool = False,
) -> str:
    """article / listing / other, from the main block first (home is decided by URL before).

    Article recall first: a headline and prose make an article unless the main block is mostly
    teaser items (many headline links, little prose per link) - or the page is one post
    (`single`, `_single_post`), whose body may be a list of links. A pager elsewhere on the
    page, a related-news list or a URL pattern never refuses an article. Only a page that is not
    an article is told listing (a teaser list, the family's listing items, a pager) from other.
    """
    teasers = _teasers(main) and not single
    # The family's body container under a headline: a short notice (its content an attachment)
    # is still an article.
    strong = family_container and headline.title is not None
    if headline.title and not teasers:
        if main.prose >= MIN_ARTICLE_PROSE or (strong and main.prose >= MIN_STRONG_ARTICLE_PROSE):
            return "article"
    if (
        teasers
        or _has_pager(tree, xp)
        or _listing_items(pruned, rules, xp) >= MIN_LISTING_ITEMS
        or blocks.teaser_list(pruned) >= MIN_TEASER_LIST
    ):
        return "listing"
    return "other"
