"""Legacy Vietnamese encodings the extended mirror serves: windows-1258, TCVN3 (ABC) and VNI.

windows-1258 has precomposed letters only for some base vowels (â ê ô ơ ư ă đ, and à á è é …)
and writes the other tones as combining marks after the letter, the way Windows converts text:
decoding gives a mix of precomposed and decomposed letters, NFC gives the ground truth back.

TCVN3 (TCVN 5712:1993 "ABC", fonts .VnTime/.VnArial) is one byte per lowercase letter; the
.VnTime font has no uppercase letters with tone marks (those were typed in the .VnTimeH capitals
font), so text encoded here must not contain them. VNI (VNI-Windows, fonts VNI-Times …) writes a
base letter followed by a diacritic byte ("ệ" = b"e\\xe4"), plus single bytes for đ, ơ, ư and
the i/ỵ forms. Bytes outside the tables are read as Latin-1, which is what a browser shows.
"""

from __future__ import annotations

import unicodedata

#: TCVN3 byte (as its Latin-1 character) -> Unicode letter.
_TCVN3_BYTES = ("µ¸¶·¹¨»¾¼½Æ©ÇÊÈÉË®ÌÐÎÏÑªÒÕÓÔÖ×ÝØÜÞßãáâä«åèæçé¬êíëìîïóñòô\xadõøö÷ùúýûüþ"
                "¡¢§£¤¥¦")
_TCVN3_CHARS = ("àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"
                "ĂÂĐÊÔƠƯ")
TCVN3_DECODE: dict[int, str] = {ord(b): c for b, c in zip(_TCVN3_BYTES, _TCVN3_CHARS, strict=True)}
TCVN3_ENCODE: dict[str, int] = {c: b for b, c in TCVN3_DECODE.items()}

#: Unicode letter -> VNI-Windows bytes (as Latin-1 text); uppercase letters use the uppercase
#: diacritic bytes (0x20 lower), except the single-byte forms listed explicitly.
_VNI_LOWER = {
    "à": "aø", "á": "aù", "ả": "aû", "ã": "aõ", "ạ": "aï",
    "ă": "aê", "ằ": "aè", "ắ": "aé", "ẳ": "aú", "ẵ": "aü", "ặ": "aë",
    "â": "aâ", "ầ": "aà", "ấ": "aá", "ẩ": "aå", "ẫ": "aã", "ậ": "aä",
    "è": "eø", "é": "eù", "ẻ": "eû", "ẽ": "eõ", "ẹ": "eï",
    "ê": "eâ", "ề": "eà", "ế": "eá", "ể": "eå", "ễ": "eã", "ệ": "eä",
    "ì": "ì", "í": "í", "ỉ": "æ", "ĩ": "ó", "ị": "ò",
    "ò": "oø", "ó": "où", "ỏ": "oû", "õ": "oõ", "ọ": "oï",
    "ô": "oâ", "ồ": "oà", "ố": "oá", "ổ": "oå", "ỗ": "oã", "ộ": "oä",
    "ơ": "ô", "ờ": "ôø", "ớ": "ôù", "ở": "ôû", "ỡ": "ôõ", "ợ": "ôï",
    "ù": "uø", "ú": "uù", "ủ": "uû", "ũ": "uõ", "ụ": "uï",
    "ư": "ö", "ừ": "öø", "ứ": "öù", "ử": "öû", "ữ": "öõ", "ự": "öï",
    "ỳ": "yø", "ý": "yù", "ỷ": "yû", "ỹ": "yõ", "ỵ": "î",
    "đ": "ñ",
}
VNI_ENCODE: dict[str, str] = {**_VNI_LOWER,
                              **{c.upper(): v.upper() for c, v in _VNI_LOWER.items()}}
_VNI_DECODE: dict[str, str] = {v: c for c, v in VNI_ENCODE.items()}

#: Combining tone marks windows-1258 writes after the letter.
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


class LegacyEncodingError(ValueError):
    """Text has a character the legacy encoding cannot represent."""


def encode_cp1258(text: str) -> bytes:
    """Encode as windows-1258 the way Windows does (precomposed where the code page has the
    letter, else the base letter followed by a combining tone mark)."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
        tones = "".join(c for c in parts if c in _TONES)
        try:
            out += (base + tones).encode("cp1258")
        except UnicodeEncodeError:
            out += f"&#{ord(ch)};".encode("ascii")  # as a browser submits it
    return bytes(out)


def encode_tcvn3(text: str) -> bytes:
    """Encode NFC text in TCVN3; raises LegacyEncodingError for uppercase toned letters etc."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        if ord(ch) < 0x80:
            out.append(ord(ch))
        elif ch in TCVN3_ENCODE:
            out.append(TCVN3_ENCODE[ch])
        else:
            raise LegacyEncodingError(f"{ch!r} has no TCVN3 (.VnTime) byte in {text[:40]!r}…")
    return bytes(out)


def decode_tcvn3(data: bytes) -> str:
    """TCVN3 bytes -> Unicode NFC (bytes outside the table read as Latin-1)."""
    return unicodedata.normalize("NFC", "".join(TCVN3_DECODE.get(b, chr(b)) for b in data))


def encode_vni(text: str) -> bytes:
    """Encode NFC text in VNI-Windows."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ord(ch) < 0x80:
            out.append(ch)
        elif ch in VNI_ENCODE:
            out.append(VNI_ENCODE[ch])
        else:
            raise LegacyEncodingError(f"{ch!r} has no VNI encoding in {text[:40]!r}…")
    return "".join(out).encode("latin-1")


def decode_vni(data: bytes) -> str:
    """VNI-Windows bytes -> Unicode NFC (two-byte forms first; no letter's encoding starts with
    a diacritic byte, so the greedy match is unambiguous)."""
    text = data.decode("latin-1")
    out, i = [], 0
    while i < len(text):
        pair = text[i:i + 2]
        if len(pair) == 2 and pair in _VNI_DECODE:
            out.append(_VNI_DECODE[pair])
            i += 2
        else:
            out.append(_VNI_DECODE.get(text[i], text[i]))
            i += 1
    return unicodedata.normalize("NFC", "".join(out))


def ascii_fold(text: str) -> str:
    """Vietnamese without diacritics ("Quyết định" -> "Quyet dinh"), as the PDFs carry it."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in text if not unicodedata.combining(c))
