"""TCVN3 and VNI font encodings, and the decoding precedence of `decode_document`.

Known words are written out byte by byte (as the old fonts typed them) and must come back as
Unicode NFC; the extended mirror's own encoders (tests/mirror/encodings.py) cross-check the tables.
"""

from __future__ import annotations

import unicodedata

import pytest

from crawlers.extraction import legacy_encodings as legacy
from crawlers.extraction.decoding import decode_document

# (Unicode, TCVN3 bytes). TCVN3 .VnTime has no capitals with tone marks ("Ủy" cannot be typed).
TCVN3_WORDS = [
    ("Điện Bàn", b"\xa7i\xd6n B\xb5n"),
    ("uỷ ban nhân dân", b"u\xfb ban nh\xa9n d\xa9n"),
    ("Quyết định", b"Quy\xd5t \xae\xdenh"),
    ("chuyển đổi số", b"chuy\xd3n \xae\xe6i s\xe8"),
    ("Đảng", b"\xa7\xb6ng"),
    ("Hội đồng nhân dân", b"H\xe9i \xae\xe5ng nh\xa9n d\xa9n"),
    ("mười", b"m\xad\xeai"),
    ("Ă Â Ê Ô Ơ Ư", b"\xa1 \xa2 \xa3 \xa4 \xa5 \xa6"),
]
# (Unicode, VNI bytes): a base letter and a diacritic byte; capitals use the capital diacritics.
VNI_WORDS = [
    ("Điện Bàn", b"\xd1ie\xe4n Ba\xf8n"),
    ("Ủy ban nhân dân", b"U\xdby ban nha\xe2n da\xe2n"),
    ("Quyết định", b"Quye\xe1t \xf1\xf2nh"),
    ("chuyển đổi số", b"chuye\xe5n \xf1o\xe5i so\xe1"),
    ("Đảng", b"\xd1a\xfbng"),
    ("ĐIỆN BÀN", b"\xd1IE\xc4N BA\xd8N"),
    ("ỦY BAN NHÂN DÂN", b"U\xdbY BAN NHA\xc2N DA\xc2N"),
    ("thủy lợi", b"thu\xfby l\xf4\xefi"),
    ("trường", b"tr\xf6\xf4\xf8ng"),
    ("ặ ẵ ỵ ĩ ỉ ị", b"a\xeb a\xfc \xee \xf3 \xe6 \xf2"),
]


@pytest.mark.parametrize(("text", "data"), TCVN3_WORDS)
def test_tcvn3_words(text: str, data: bytes) -> None:
    assert legacy.decode_tcvn3(data) == unicodedata.normalize("NFC", text)


@pytest.mark.parametrize(("text", "data"), VNI_WORDS)
def test_vni_words(text: str, data: bytes) -> None:
    assert legacy.decode_vni(data) == unicodedata.normalize("NFC", text)


def test_tables_agree_with_the_mirror_encoders() -> None:
    from tests.mirror import encodings
    sample = ("Kỳ họp thứ mười Hội đồng nhân dân huyện Điện Bàn khóa VIII: quyết định chuyển "
              "đổi số, đảng bộ, thủy lợi, ưu tiên, trường học, ngoằn ngoèo, khuỷu, giặt giũ")
    assert legacy.decode_tcvn3(encodings.encode_tcvn3(sample)) == sample
    for text in (sample, sample.upper(), "Ủy ban nhân dân tỉnh Quảng Nam"):
        assert legacy.decode_vni(encodings.encode_vni(text)) == text
    for byte, letter in legacy.TCVN3_TABLE.items():
        assert encodings.decode_tcvn3(bytes([byte])) == letter


@pytest.mark.parametrize(("word", "syllable"), [
    ("Điện", True), ("nghiêng", True), ("khuỷu", True), ("Quyết", True),
    ("Ñieän", False), ("§iÖn", False), ("Bµn", False), ("café", False), ("Ãµ", False),
])
def test_vietnamese_syllables(word: str, syllable: bool) -> None:
    assert legacy.is_vietnamese_syllable(word) is syllable


def _page(font: str, text: bytes, meta: bytes = b"") -> bytes:
    return (b"<html><head>" + meta + b"</head><body><p><font face=\"" + font.encode() + b"\">"
            + text + b"</font></p></body></html>")


TCVN3_TEXT = b" ".join(data for _t, data in TCVN3_WORDS[:7])
VNI_TEXT = b" ".join(data for _t, data in VNI_WORDS[:5])


@pytest.mark.parametrize(("body", "encoding", "note"), [
    (_page(".VnTime", TCVN3_TEXT), "tcvn3", "converted from TCVN3 (font .VnTime)"),
    (_page(".VnArial", TCVN3_TEXT, b'<meta charset="windows-1252">'), "tcvn3",
     "converted from TCVN3 (font .VnArial)"),
    (_page("VNI-Times", VNI_TEXT), "vni", "converted from VNI (font VNI-Times)"),
])
def test_font_pages_are_converted(body: bytes, encoding: str, note: str) -> None:
    decoded = decode_document(body, http_charset="utf-8")
    assert (decoded.encoding, decoded.note) == (encoding, note)
    assert "Điện Bàn" in decoded.text and "chuyển đổi số" in decoded.text


def test_a_font_face_without_legacy_bytes_is_not_converted() -> None:
    body = _page(".VnTime", "Điện Bàn chuyển đổi số Quyết định".encode())
    decoded = decode_document(body)
    assert decoded.encoding == "utf-8" and "Điện Bàn" in decoded.text


def test_legacy_bytes_without_a_font_face_are_not_converted() -> None:
    decoded = decode_document(b"<p>" + TCVN3_TEXT + b"</p>")
    assert decoded.encoding not in {"tcvn3", "vni"}


CP1258 = "Ủy ban nhân dân huyện Điện Bàn triển khai chuyển đổi số".encode("cp1258", "ignore")


@pytest.mark.parametrize(("body", "kwargs", "encoding", "note"), [
    # BOM beats everything declared.
    (b"\xef\xbb\xbf<meta charset='windows-1252'><p>\xc4\x90i\xe1\xbb\x87n</p>",
     {"http_charset": "iso-8859-1"}, "utf-8", None),
    # A meta charset that decodes cleanly beats a lying header.
    (b"<meta charset='windows-1258'><p>\xd0i\xeapn B\xe0n</p>", {"http_charset": "utf-8"},
     "windows-1258", "header said utf-8, page is windows-1258"),
    # The header is used when the meta is absent and it fits the bytes.
    (b"<p>\xd0i\xeapn B\xe0n</p>", {"http_charset": "windows-1258"}, "windows-1258", None),
    # A lying header and no meta: sniffed.
    (b"<p>" + CP1258 + b"</p>", {"http_charset": "utf-8"}, "windows-1258",
     "header said utf-8, page is windows-1258"),
    (b"<p>" + CP1258 + b"</p>", {}, "windows-1258", "no charset declared; sniffed windows-1258"),
    # Valid UTF-8 declared Western is UTF-8.
    ("<meta charset='windows-1252'><p>Điện Bàn</p>".encode(), {}, "utf-8",
     "meta said windows-1252, page is utf-8"),
    # Neither UTF-8 nor Vietnamese: windows-1252.
    (b"<p>caf\xe9 cr\xe8me br\xfbl\xe9e \xe0 la fran\xe7aise, d\xe9j\xe0 vu</p>", {},
     "windows-1252", "no charset declared; sniffed windows-1252"),
    # An explicit encoding wins over everything.
    (b"<meta charset='utf-8'><p>\xd0i\xeapn</p>", {"encoding": "windows-1258"}, "windows-1258",
     None),
])
def test_decoding_precedence(body: bytes, kwargs: dict[str, str], encoding: str,
                             note: str | None) -> None:
    decoded = decode_document(body, **kwargs)
    assert (decoded.encoding, decoded.note) == (encoding, note)
    assert unicodedata.is_normalized("NFC", decoded.text)
    assert "\ufffd" not in decoded.text


def test_windows_1258_combining_tones_come_back_nfc() -> None:
    decoded = decode_document(b"<meta charset='windows-1258'><p>Vi\xea\xf2t</p>")
    assert "Việt" in decoded.text
