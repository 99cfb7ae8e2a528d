"""Blocks of a page: related-news pruning, and the page's main block.

Why this module exists: real portals put "Tin liên quan" / "Các tin khác" / "TIN ĐÃ ĐƯA" lists
*inside* the article's own block, and sidebars of other posts before it. Counting every linked
headline of the page made every article look like a listing. Here the related-news lists are cut
out first, then the *main block* is found by where the prose is (readability's idea: paragraphs
vote for their parent and grandparent, link text votes against), and page typing looks at that
block only.

All of it is linear in the size of the page: one pass to score, one pass over the candidates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import html

from crawlers.extraction.engine import BLOCK_TAGS, SKIP_TAGS, block_lines
from crawlers.extraction.text import fold

# Headings of related-news lists (folded, trailing ":" dropped). What follows such a heading
# inside the article's block is a list of other articles, never the article and never evidence
# that the page is a listing.
RELATED_HEADINGS: frozenset[str] = frozenset(
    {
        "tin lien quan", "cac tin lien quan", "bai lien quan", "bai viet lien quan",
        "tin bai lien quan", "cac bai viet lien quan", "tin khac", "cac tin khac",
        "bai viet khac", "cac bai viet khac", "cac bai khac", "tin da dua", "cac tin da dua",
        "tin moi hon", "cac tin moi hon", "tin cu hon", "cac tin cu hon", "tin cung chuyen muc",
        "tin cung chu de", "tin cung loai", "bai cung chuyen muc", "xem them", "doc them",
        "tin tiep theo", "tin truoc", "tin moi", "tin moi nhat", "tin moi cap nhat",
        "tin xem nhieu", "tin doc nhieu", "tin noi bat", "tin tuc khac", "thong bao khac",
        "van ban khac", "related news", "related articles", "related posts", "related stories",
        "more news", "more stories", "read more", "see also", "other news", "latest news",
        "you may also like", "recommended",
    }
)
MAX_HEADING_CHARS = 60
# A sibling after a related heading is part of the list while this much of its text is links
# (dates and bullets make up the rest).
MIN_LIST_LINK_SHARE = 0.5
_SPACE_RUN = re.compile(r"\s+")
_TRIM = re.compile(r"^[\s|:•·*>»\-–—.]+|[\s|:•·*>»\-–—.]+$")


def label_key(text: str) -> str:
    """Folded text without edge punctuation: how headings and link texts are compared."""
    return _SPACE_RUN.sub(" ", _TRIM.sub("", fold(text.replace("\u200b", ""))))


def _text_len(element: html.HtmlElement) -> int:
    return len("".join(element.text_content().split()))


def link_share(element: html.HtmlElement) -> float:
    """Share of `element`'s visible characters that are link text."""
    total = _text_len(element)
    if not total:
        return 0.0
    linked = sum(_text_len(a) for a in element.iter("a") if a.getparent() is not None)
    return min(1.0, linked / total)


def _is_related_heading(element: html.HtmlElement) -> bool:
    text = element.text_content()
    if len(text) > 4 * MAX_HEADING_CHARS:
        return False
    label = label_key(text)
    return 0 < len(label) <= MAX_HEADING_CHARS and label in RELATED_HEADINGS


def heading_box(element: html.HtmlElement) -> html.HtmlElement:
    """The outermost ancestor whose text is still only the heading (`<tr><td><p>TIN ĐÃ ĐƯA`)."""
    label = label_key(element.text_content())
    box = element
    parent = box.getparent()
    while parent is not None and parent.tag not in ("body", "html"):
        if label_key(parent.text_content()) != label:
            break
        box, parent = parent, parent.getparent()
    return box


def _attached(element: html.HtmlElement, root: html.HtmlElement) -> bool:
    """True while `element` is still inside `root` (not in a subtree dropped earlier)."""
    return any(ancestor == root for ancestor in element.iterancestors()) or element == root


def prune_related(root: html.HtmlElement) -> int:
    """Drop every related-news heading and the link list that follows it; return how many.

    The heading's box is dropped with each following sibling that is mostly links (the list;
    its items carry dates and bullets). A sibling with prose ends the list, so article text
    after a stray "Xem thêm" survives. When the heading is the first child of a box that holds
    nothing but the list, the box goes too.
    """
    headings = [
        el for el in root.iter()
        if isinstance(el.tag, str) and el.tag not in SKIP_TAGS
        and (el.tag in BLOCK_TAGS or el.tag in ("span", "strong", "b", "a", "font"))
        and _is_related_heading(el)
        and not any(isinstance(c.tag, str) and _is_related_heading(c) for c in el)
    ]
    dropped = 0
    for heading in headings:
        if not _attached(heading, root):
            continue  # already removed with an earlier list
        box = heading_box(heading)
        siblings = []
        for sibling in box.itersiblings():
            if not isinstance(sibling.tag, str):
                continue
            if _text_len(sibling) and link_share(sibling) < MIN_LIST_LINK_SHARE:
                break
            siblings.append(sibling)
        if not any(s.xpath(".//a") for s in siblings):
            continue  # a heading with no list after it: a label in prose, leave it
        for element in (box, *siblings):
            if element.getparent() is not None:
                element.drop_tree()
        dropped += 1
    return dropped


# Readability-style scoring. A "paragraph" is a block's own (non-link) text of at least
# MIN_PARAGRAPH_CHARS; it votes its length for its parent and half for its grandparent.
MIN_PARAGRAPH_CHARS = 25
_NON_CONTENT = frozenset({"a", "h1", "h2", "h3", "h4", "h5", "h6"}) | SKIP_TAGS


@dataclass(frozen=True)
class MainBlock:
    """The page's main block and what page typing measures on it."""

    element: html.HtmlElement
    prose: int  # characters of non-link text in paragraphs of at least MIN_PROSE_LINE chars
    teasers: int  # links with a headline-length text inside the block
    link_share: float


MIN_PROSE_LINE = 60
MIN_TEASER_CHARS = 20


def _own_text(block: html.HtmlElement) -> str:
    """Text of `block` outside nested blocks and links (inline markup flattened)."""
    parts: list[str] = []

    def walk(node: html.HtmlElement) -> None:
        for child in node:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag and tag not in BLOCK_TAGS and tag not in _NON_CONTENT:
                if child.text:
                    parts.append(child.text)
                walk(child)
            elif tag == "br":
                parts.append(" ")
            if child.tail:
                parts.append(child.tail)

    if block.text:
        parts.append(block.text)
    walk(block)
    return " ".join("".join(parts).split())


def score_blocks(root: html.HtmlElement) -> dict[html.HtmlElement, float]:
    """Every block's readability score: paragraph votes minus the link share of the block."""
    scores: dict[html.HtmlElement, float] = {}
    for block in root.iter():
        tag = block.tag if isinstance(block.tag, str) else ""
        if tag not in BLOCK_TAGS or tag in ("body", "html"):
            continue
        if any(isinstance(a.tag, str) and a.tag in SKIP_TAGS for a in block.iterancestors()):
            continue
        own = _own_text(block)
        if len(own) < MIN_PARAGRAPH_CHARS:
            continue
        vote = 1.0 + own.count(",") + min(len(own) / 100.0, 3.0)
        parent = block.getparent()
        if parent is None:
            continue
        scores[parent] = scores.get(parent, 0.0) + vote
        grand = parent.getparent()
        if grand is not None:
            scores[grand] = scores.get(grand, 0.0) + vote / 2
    return {el: score * (1.0 - link_share(el)) for el, score in scores.items()}


def measure(element: html.HtmlElement, lines: list[str]) -> MainBlock:
    """Prose, teaser links and link share of `element` whose visible `lines` are given."""
    anchors = {
        label_key(a.text_content())
        for a in element.iter("a")
        if len(a.text_content().strip()) >= MIN_TEASER_CHARS
    }
    prose = sum(len(line) for line in lines if len(line) >= MIN_PROSE_LINE and label_key(line) not in anchors)
    return MainBlock(element, prose, len(anchors), link_share(element))


# A teaser is short: its headline link, a date, a sapo of a few lines.
MAX_TEASER_CHARS = 700
REPEAT_LEVELS = 5
# Share of a list's alike boxes that must carry a headline link for the list to be teasers.
MIN_TEASER_MAJORITY = 0.5
# Characters a teaser's headline line may hold after the link (a date, a time, brackets).
MAX_AFTER_HEADLINE = 30
_ITEM_NUMBER = re.compile(r"[-_]?\d+$")
# Class names of pagers ("pagination", "pager", "paging", Liferay's "taglib-page-iterator").
_PAGER_CLASS = re.compile(r"pagination|pager|paging|page-?iterator|pagenav|page-numbers", re.I)


def headline_links(element: html.HtmlElement) -> set[str]:
    """Labels of the headline-length links of `element` that stand on a line of their own.

    A teaser's headline starts its own line (`<h3><a>`, `<li><a>`, a link then a `<br>`), at
    most a date after it ("Tiêu đề (26.07.2019)"); a link inside a sentence of an article's
    paragraph is not a teaser, however many there are.
    """
    anchors = {
        label_key(a.text_content()) for a in element.iter("a")
        if len(a.text_content().strip()) >= MIN_TEASER_CHARS
    }
    if not anchors:
        return anchors
    lines = [label_key(line) for line in block_lines(element)]
    return {
        anchor for anchor in anchors
        if any(line.startswith(anchor) and len(line) - len(anchor) <= MAX_AFTER_HEADLINE for line in lines)
    }


def _teaser_like(element: html.HtmlElement) -> bool:
    return _text_len(element) <= MAX_TEASER_CHARS and bool(headline_links(element))


def _alike(a: html.HtmlElement, b: html.HtmlElement) -> bool:
    """Same tag and mostly the same class tokens (WordPress adds a per-post `post-319`)."""
    if a.tag != b.tag:
        return False
    ta, tb = _class_words(a), _class_words(b)
    return ta == tb or len(ta & tb) * 2 >= len(ta | tb)


def _class_words(element: html.HtmlElement) -> set[str]:
    """Class tokens without a trailing item number ("news-tab-thumb-item-0" = "…-item-1")."""
    return {_ITEM_NUMBER.sub("", token) for token in (element.get("class") or "").split()}


def _lists_teasers(parent: html.HtmlElement, node: html.HtmlElement) -> bool:
    """`parent` holds `node` and alike short boxes with headline links: at least three, or two
    beside a pager (the last page of a listing).

    The boxes with headline links must be at least half of the alike boxes that say anything:
    a listing's items each carry their headline link, while an article body is a run of `<p>`
    of which only some hold an inline link (three such paragraphs made articles listings).
    """
    peers = [s for s in parent if isinstance(s.tag, str) and _alike(s, node) and _text_len(s)]
    alike = [s for s in peers if _teaser_like(s)]
    if len(alike) < MIN_TEASER_MAJORITY * len(peers):
        return False
    if len(alike) >= 3:
        return True
    paged = any(_PAGER_CLASS.search(s.get("class") or "") for s in parent if isinstance(s.tag, str))
    # Two teasers: beside a pager, or each headed by a linked heading (`<h2><a>`), as a
    # category's last page or a small category shows them.
    return len(alike) == 2 and (paged or all(_linked_heading(s) for s in alike))


def _linked_heading(element: html.HtmlElement) -> bool:
    return any(
        len(a.text_content().strip()) >= MIN_TEASER_CHARS
        for a in element.xpath(".//h1//a | .//h2//a | .//h3//a | .//h4//a")
    )


def repeated_list(block: html.HtmlElement) -> html.HtmlElement | None:
    """The teaser list `block` is, or is an item of: `block` (or one of its REPEAT_LEVELS
    ancestors) holds, or stands among, alike short boxes with headline links.

    Readability's best block on a listing with sapos is one teaser (its sapo is the longest
    paragraph) or the list itself; either way the page lists other pages.
    """
    for child in block:
        if isinstance(child.tag, str) and _teaser_like(child) and _lists_teasers(block, child):
            return block
    node: html.HtmlElement | None = block
    for _ in range(REPEAT_LEVELS):
        parent = node.getparent() if node is not None else None
        if node is None or parent is None or parent.tag in ("body", "html"):
            return None
        if _teaser_like(node) and _lists_teasers(parent, node):
            return parent
        node = parent
    return None


def main_block(root: html.HtmlElement) -> html.HtmlElement | None:
    """The block with the best readability score (or the teaser list it is an item of), or None
    when the page has no paragraphs."""
    scores = score_blocks(root)
    if not scores:
        return None
    best = max(scores, key=lambda el: scores[el])
    listed = repeated_list(best)
    return listed if listed is not None else best


def teaser_list(root: html.HtmlElement) -> int:
    """Items of the page's largest teaser list: the most headline-length links that one block's
    direct children hold (one link per item), menus excluded by the length of their labels."""
    best = 0
    for block in root.iter("ul", "ol", "div", "table", "tbody", "section"):
        items = 0
        for child in block:
            if not isinstance(child.tag, str):
                continue
            if any(len(a.text_content().strip()) >= MIN_TEASER_CHARS for a in child.iter("a")):
                items += 1
        best = max(best, items)
    return best


def teaser_line_keys(root: html.HtmlElement) -> set[str]:
    """`label_key`s of every line of the page's teaser boxes: for each headline-length link, the
    largest box around it that is still teaser-short (MAX_TEASER_CHARS) and where the link
    stands on a line of its own - a listing item's headline, date and sapo.

    A listing's prose is its teasers' sapos; an article's prose is nobody's teaser, however many
    "more stories" boxes stand beside it. One walk up from each link, so linear in links x depth.
    """
    keys: set[str] = set()
    for anchor in root.iter("a"):
        text = anchor.text_content().strip()
        if len(text) < MIN_TEASER_CHARS:
            continue
        box = None
        node = anchor.getparent()
        while node is not None and node.tag not in ("body", "html") and _text_len(node) <= MAX_TEASER_CHARS:
            box, node = node, node.getparent()
        if box is not None and label_key(text) in headline_links(box):
            keys.update(label_key(line) for line in block_lines(box))
    return keys
