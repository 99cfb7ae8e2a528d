"""Bytes -> text for portal pages, which lie about their charsets.

Apart from page typing and field extraction because it changes for other reasons (a new legacy
font encoding, a new lie) and because re-extraction from WARC files needs it alone.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from crawlers.extraction import legacy_encodings
from crawlers.extraction.text import nfc

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
