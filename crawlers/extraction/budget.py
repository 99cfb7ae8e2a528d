"""What one page may cost extraction: a size cap, and a cheap test for binary bodies.

Extraction runs in the crawl's reactor thread: while one page is parsed, no other page of any
portal is downloaded or written. Every step is linear in the page's size, but at ~1.3 s per
megabyte of text a 20 MB page would still stall the whole crawl for half a minute and take a
gigabyte of memory (lxml tree, decoded text, trafilatura's copies). So a page above
MAX_EXTRACT_BYTES is archived (the WARC has every byte) and reported, but not read: no article,
no links followed. Skipping beats extracting a truncated prefix, which would index a cut-off text
as if it were the article; `reextract` can read the WARC copy later with a bigger budget.

Inline `data:` URIs (base64 images pasted into bodies make real portal pages 1-3.4 MB) carry no
text: they are cut out before the size is measured and before parsing, so such a page is read.

A body that is not text at all (a file served as text/html) is told apart in its first kilobyte,
before it is decoded or parsed: a NUL byte, or many control bytes, do not occur in HTML.
"""

from __future__ import annotations

import codecs
import re

# Bytes of HTML extraction reads at most. District portal pages are 20-500 KB; 2 MiB leaves room
# for pages with pasted tables or inline images while one page costs at most a few seconds.
MAX_EXTRACT_BYTES = 2 * 1024 * 1024
# How much of the body is looked at to tell binary from text.
SNIFF_BYTES = 1024
# Share of control bytes (other than tab, newlines, form feed) above which a body is binary.
MAX_CONTROL_SHARE = 0.05

OVER_BUDGET = "over-budget"
BINARY = "binary"
# Not extraction's verdict but the downloader's: Scrapy cancelled the download at DOWNLOAD_MAXSIZE
# (settings/base.py), so unlike the two above the page is *not* in the WARC. Reported the same way.
OVER_MAX_SIZE = "over-max-size"

_TEXT_CONTROLS = frozenset(b"\t\n\r\f")
# UTF-16/32 text is full of NUL bytes; with a byte-order mark it is text (decode_document reads it).
_NOT_CONTROL = bytes(b for b in range(256) if not ((b < 0x20 and b not in _TEXT_CONTROLS) or b == 0x7F))
_WIDE_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)


def looks_binary(body: bytes) -> bool:
    """True when the first SNIFF_BYTES of `body` cannot be text: a NUL byte or many control bytes."""
    head = body[:SNIFF_BYTES]
    if not head or head.startswith(_WIDE_BOMS):
        return False
    if b"\x00" in head:
        return True
    # Count by deleting every other byte (one C pass instead of a Python loop per byte).
    controls = len(head.translate(None, _NOT_CONTROL))
    return controls > MAX_CONTROL_SHARE * len(head)


# A data: URI's payload (kept: the scheme and media type, so the markup stays well formed).
_DATA_URI = re.compile(rb"(data:[\w/+.-]{1,64};base64,)[A-Za-z0-9+/=\s]{256,}", re.IGNORECASE)


def without_inline_data(body: bytes | str) -> bytes | str:
    """`body` with the payloads of base64 `data:` URIs removed (one linear pass)."""
    # The payload follows ";base64,": a page without it has none (found in one C pass, where the
    # regex tries a match at every position).
    if isinstance(body, str):
        return _DATA_URI_TEXT.sub(r"\1", body) if ";base64," in body.casefold() else body
    return _DATA_URI.sub(rb"\1", body) if b";base64," in body.lower() else body


_DATA_URI_TEXT = re.compile(_DATA_URI.pattern.decode("ascii"), re.IGNORECASE)


def skip_reason(body: bytes | str, *, max_bytes: int | None = MAX_EXTRACT_BYTES) -> str | None:
    """Why `body` must not be decoded and parsed (BINARY, OVER_BUDGET), or None when it may be.

    `max_bytes=None` checks only for binary (a sitemap may be large and is cheap to read).
    A `str` body (already decoded) is measured by its length in characters.
    """
    if isinstance(body, bytes) and looks_binary(body):
        return BINARY
    if max_bytes is not None and len(body) > max_bytes and len(without_inline_data(body)) > max_bytes:
        return OVER_BUDGET
    return None
