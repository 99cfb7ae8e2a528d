"""`extract_page`: one fetched HTML page -> an article record, or a page that is not an article.

Order of work, and why:

1. decode (caller's encoding, BOM, TCVN3/VNI font pages, a meta charset that fits the bytes, the
   HTTP header charset as a hint, sniffing) without ever raising on bad bytes - a crawl must not
   stop on one broken page;
2. parse, detect the CMS family (`families.detect_family`);
3. read headline and date line from the *unpruned* page, where the family's elements still are;
4. prune family chrome, pick the family body container, run trafilatura on it (whole pruned page
   when no container is known) and check its recall against a lossless block walk;
5. drop boilerplate lines, the headline and date lines, and the trailing byline (-> author/source);
6. classify the page (home / listing / article / other) from URL patterns *and* structure, with
   precision first: a listing must never be emitted as an article.
"""

from __future__ import annotations

import codecs
import copy
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml import etree, html

from crawlers.extraction import (
    boilerplate,
    bylines,
    dates,
    engine,
    legacy_encodings,
    legal_refs,
    places,
    titles,
)
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
# With the family's own headline *and* body container, a short notice (two sentences: "lịch tiếp
# công dân", "tạm ngừng cấp điện") is an article; listings never have both.
MIN_STRONG_ARTICLE_PROSE = 120
MIN_URL_ARTICLE_PROSE = 400
MIN_GENERIC_ARTICLE_PROSE = 600
# A container with this many teaser items, or a page with a pager, is a listing.
MIN_LISTING_ITEMS = 3
# Link texts at least this long are item titles (shorter ones are menu labels, "Xem tiếp").
MIN_LINKED_TITLE = 20
# trafilatura output shorter than this share of the container's text lost paragraphs.
MIN_TRAFILATURA_RECALL = 0.98

# Charsets that portals declare for Vietnamese text they did not encode that way.
_WESTERN_CODECS = frozenset({"iso8859-1", "cp1252", "iso8859-15"})
# Labels read like "no declaration": UTF-8 itself, ASCII, and names Python does not know.
_UTF8_CODECS = frozenset({"utf-8", "ascii"})
# Single-byte code pages (Python names): a label of one of these on valid multi-byte UTF-8 is wrong.
_EIGHT_BIT_PREFIXES = ("cp", "iso8859", "latin", "mac", "koi8", "tis")
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_LABELS = {"cp1258": "windows-1258", "cp1252": "windows-1252", "iso8859-1": "iso-8859-1",
           "iso8859-15": "iso-8859-15", "utf-16-le": "utf-16le", "utf-16-be": "utf-16be",
           "utf-32-le": "utf-32le", "utf-32-be": "utf-32be"}
# How many "ð" in a Western-declared page prove windows-1258 bytes ("đ" misread).
MIN_LEGACY_EVIDENCE = 3
# Share of non-ASCII bytes that must be invalid UTF-8 before a page is read as windows-1258.
MAX_BROKEN_UTF8_SHARE = 0.5
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


@dataclass(frozen=True)
class Decoded:
    """A decoded page: its text, the encoding used and, when a declaration was overruled or
    the encoding was guessed, why."""

    text: str
    encoding: str
    note: str | None = None


def decode_body(body: bytes | str, encoding: str | None = None) -> str:
    """Decode `body` as `decode_document` does, `encoding` being a *declared* charset (an HTTP
    header's, as crawlers/detect.py passes it) that is checked against the bytes."""
    return decode_document(body, http_charset=encoding).text


def decode_document(
    body: bytes | str, *, encoding: str | None = None, http_charset: str | None = None
) -> Decoded:
    """Decode a page; never raises. Precedence, because portals lie about charsets:

    1. an explicit `encoding` from the user (CLI `--encoding`) wins when Python knows it;
    2. a byte-order mark;
    3. a TCVN3/VNI font face (`.VnTime`, `VNI-Times`) whose conversion reads as Vietnamese;
    4. a `<meta>` charset that decodes cleanly;
    5. the HTTP header charset (`http_charset`, a weak hint) if it decodes cleanly;
    6. sniffing: valid UTF-8 -> utf-8; else windows-1258 when the text reads as Vietnamese;
       else windows-1252.

    "Decodes cleanly": strict decoding succeeds, and for Western labels (ISO-8859-1,
    windows-1252) the bytes are not valid multi-byte UTF-8 and show no windows-1258 "đ" read as
    "ð". windows-1258 writes tones as combining marks: the text comes back in NFC.
    """
    if isinstance(body, str):
        return Decoded(body, "unicode")
    explicit = _codec_name(encoding)
    if explicit and explicit != "unknown":
        text = body.decode(explicit, errors="replace")
        note = None if "\ufffd" not in text else f"{encoding} did not decode every byte"
        return Decoded(nfc(text), _label(explicit), note)
    for bom, codec in _BOMS:
        if body.startswith(bom):
            return Decoded(nfc(body[len(bom):].decode(codec, errors="replace")), _label(codec))
    legacy = _legacy_font(body)
    if legacy is not None:
        return legacy
    match = _META_CHARSET.search(body[:4096])
    meta = match.group(1).decode("ascii", "ignore") if match else None
    header = http_charset
    rejected: list[str] = []
    for source, label in (("meta", meta), ("header", header)):
        codec = _codec_name(label)
        if codec is None:
            continue
        text = _clean_decode(body, codec)
        if text is not None:
            note = _overruled_note(rejected, _label(codec))
            if source == "meta" and _codec_name(header) not in (None, codec):
                note = note or f"header said {header}, page is {_label(codec)}"
            return Decoded(nfc(text), _label(codec), note)
        rejected.append(f"{source} said {label}")
    decoded = _sniff(body)
    note = _overruled_note(rejected, decoded.encoding)
    if note is None and decoded.encoding != "utf-8":
        note = f"no charset declared; sniffed {decoded.encoding}"
    return Decoded(decoded.text, decoded.encoding, note or decoded.note)


def _overruled_note(rejected: list[str], encoding: str) -> str | None:
    return f"{', '.join(rejected)}, page is {encoding}" if rejected else None


def _label(codec: str) -> str:
    """The WHATWG-style name of a Python codec ("cp1258" -> "windows-1258")."""
    return _LABELS.get(codec, codec)


def _codec_name(label: str | None) -> str | None:
    """Python's canonical codec name for a charset label, "unknown" when unknown, None if absent."""
    if not label:
        return None
    try:
        return codecs.lookup(label.strip().strip("\"'")).name
    except LookupError:
        return "unknown"


def _clean_decode(body: bytes, codec: str) -> str | None:
    """`body` decoded with `codec` when the bytes agree with it, else None."""
    if codec == "unknown":
        return None
    if codec in _UTF8_CODECS:
        codec = "utf-8"
    if codec.startswith(_EIGHT_BIT_PREFIXES) and not body.isascii() and _valid_utf8(body):
        return None  # valid multi-byte UTF-8 does not happen by accident in 8-bit text
    if codec in _WESTERN_CODECS:
        western = body.decode(codec, errors="replace")
        if western.count("ð") + western.count("Ð") >= MIN_LEGACY_EVIDENCE:
            return None  # windows-1258's "đ", one of the commonest Vietnamese letters
    try:
        return body.decode(codec)
    except (LookupError, UnicodeDecodeError):
        return None


def _valid_utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _sniff(body: bytes) -> Decoded:
    """No usable declaration: UTF-8, else windows-1258 by Vietnamese statistics, else cp1252."""
    if _valid_utf8(body):
        return Decoded(body.decode("utf-8"), "utf-8")
    high = sum(1 for byte in body if byte >= 0x80)
    utf8 = body.decode("utf-8", errors="replace")
    # Mostly valid UTF-8 with a few broken bytes: keep UTF-8, the bad bytes become U+FFFD.
    if utf8.count("\ufffd") < MAX_BROKEN_UTF8_SHARE * high:
        return Decoded(utf8, "utf-8", "invalid UTF-8 bytes replaced")
    vietnamese = nfc(body.decode("cp1258", errors="replace"))
    if legacy_encodings.vietnamese_share(vietnamese)[0] >= legacy_encodings.MIN_VIETNAMESE_SHARE:
        return Decoded(vietnamese, "windows-1258")
    return Decoded(body.decode("cp1252", errors="replace"), "windows-1252")


def _legacy_font(body: bytes) -> Decoded | None:
    """A TCVN3/VNI page converted to Unicode, only when a font face *and* the bytes agree."""
    declared = legacy_encodings.declared_font_encoding(body)
    if declared is None:
        return None
    name, face = declared
    converted = legacy_encodings.DECODERS[name](body)
    if not legacy_encodings.looks_vietnamese(converted):
        return None
    if _valid_utf8(body) and legacy_encodings.looks_vietnamese(body.decode("utf-8")):
        return None  # a Unicode page that merely names an old font in its CSS
    label = legacy_encodings.LABELS[name]
    return Decoded(converted, name, f"converted from {label} (font {face})")


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
        if line and line.published is None and rules.updated_is_published:
            line = dates.DateLine(line.updated, None)
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
    http_charset: str | None = None,
    site_name: str | None = None,
    province: str | None = None,
    district: str | None = None,
) -> ExtractedPage:
    """Extract one page. Never raises on bad input: unparsable pages come back as "other".

    `encoding` is an explicit choice (CLI `--encoding`) and wins; `http_charset` is the charset of
    the HTTP Content-Type header, only a hint (portals lie): see `decode_document`.
    `province`/`district` are the portal's own units: they only disambiguate place names that
    several units share ("xã Tân Phú"), they are never added to `places` themselves.
    """
    decoded = decode_document(body, encoding=encoding, http_charset=http_charset)
    tree = parse_html(nfc(decoded.text))
    if tree is None:
        return ExtractedPage(url, None, None, "other", None, "", None, None, None, None, "und",
                             encoding=decoded.encoding, encoding_note=decoded.note)
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
            url, canonical, cms, page_type, headline.title, "", None, None, None, None, language,
            encoding=decoded.encoding, encoding_note=decoded.note,
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
    text = clean_whitespace("\n\n".join(paragraphs))
    return ExtractedPage(
        url=url,
        canonical_url=canonical,
        cms=cms,
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
        and prose >= MIN_STRONG_ARTICLE_PROSE
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
