"""Body text engines: trafilatura (the only import of it in the project) and a block walker.

trafilatura is run in precision mode on an element that family rules already pruned. It is good at
dropping leftovers inside a container (share widgets, stray link lists) but in precision mode it
can also drop legitimate short paragraphs of a known article container ("1." lists, one-line
leads). `block_lines` is the lossless counterpart - every text of every block element, in order -
used to check trafilatura's recall and to find date/title/byline lines by position.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

import trafilatura
from lxml import etree, html

from crawlers.extraction.text import clean_whitespace, nfc

# Elements whose boundaries are paragraph boundaries in rendered text.
BLOCK_TAGS: frozenset[str] = frozenset(
    {
        "p", "div", "section", "article", "header", "footer", "aside", "main", "nav",
        "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "table", "thead",
        "tbody", "tfoot", "tr", "td", "th", "caption", "blockquote", "pre", "figure",
        "figcaption", "center", "address", "form", "fieldset", "legend", "hr", "body", "html",
        "details", "summary", "menu",
    }
)
# Elements that never hold readable text.
SKIP_TAGS: frozenset[str] = frozenset(
    {"script", "style", "noscript", "template", "iframe", "select", "button", "head", "title",
     "svg", "textarea", "object", "embed", "map"}
)


SOFT_HYPHEN = "\xad"


def block_lines(element: html.HtmlElement) -> list[str]:
    """Visible text of `element` split at block boundaries and `<br>`; whitespace-cleaned, NFC."""
    parts: list[str] = []

    def walk(node: html.HtmlElement, with_tail: bool) -> None:
        # Each `.tag`/`.text` read builds a new Python string: read them once (the walk runs
        # over every element of a page several times).
        tag = node.tag
        if isinstance(tag, str):
            tag = tag.lower()
            if tag not in SKIP_TAGS:
                block = tag in BLOCK_TAGS
                if block or tag == "br":
                    parts.append("\n")
                text = node.text
                if text:
                    parts.append(text)
                for child in node:
                    walk(child, True)
                if block:
                    parts.append("\n")
        if with_tail:
            tail = node.tail
            if tail:
                parts.append(tail)

    walk(element, False)
    # Soft hyphens are invisible hyphenation hints ("Ent\xadde\xadckun\xadgen"): as trafilatura
    # does, the walk drops them, or its lines would neither match trafilatura's nor be searchable.
    text = clean_whitespace(nfc("".join(parts).replace(SOFT_HYPHEN, "")))
    return [line for line in text.splitlines() if line.strip()]


def trafilatura_lines(element: html.HtmlElement) -> list[str]:
    """Paragraph lines trafilatura keeps from `element` (precision mode, tables, no comments).

    The element is copied into a fresh document because trafilatura edits the tree it is given;
    the copy loses its HTML comments, as trafilatura's own parsing does.
    """
    document = html.Element("html")
    body = html.Element("body")
    document.append(body)
    if element.tag == "html":
        document = copy.deepcopy(element)
    elif element.tag == "body":
        document.replace(body, copy.deepcopy(element))
    else:
        body.append(copy.deepcopy(element))
    # trafilatura parses pages without comments (its `load_html`): a comment it is handed, the
    # first child of a box before the body's text, made it read that text as one run or drop it.
    etree.strip_elements(document, etree.Comment, etree.ProcessingInstruction, with_tail=False)
    result = trafilatura.extract(
        document,
        favor_precision=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        output_format="txt",
        deduplicate=False,
        with_metadata=False,
    )
    if not result:
        return []
    text = clean_whitespace(nfc(result))
    return [line for line in text.splitlines() if line.strip()]


@dataclass(frozen=True)
class BaselineResult:
    """What plain trafilatura returns for a page, for the evaluation's comparison column."""

    text: str
    title: str | None
    date: str | None
    author: str | None


def plain_trafilatura(body: bytes, url: str) -> BaselineResult:
    """Plain trafilatura on raw bytes (its own decoding): the baseline our pipeline must beat.

    `extract(favor_precision=True)` for the text, `extract_metadata` for title, date and author -
    what a project would get by calling trafilatura directly, without family rules.
    """
    text = trafilatura.extract(body, url=url, favor_precision=True) or ""
    tree = trafilatura.load_html(body)
    meta = trafilatura.extract_metadata(tree, default_url=url) if tree is not None else None
    return BaselineResult(
        text=clean_whitespace(nfc(text)),
        title=nfc(meta.title) if meta is not None and meta.title else None,
        date=meta.date if meta is not None and meta.date else None,
        author=nfc(meta.author) if meta is not None and meta.author else None,
    )
