"""Pre-Unicode Vietnamese font encodings (TCVN3 "ABC", VNI-Windows) and Vietnamese-text statistics.

Old government pages (FrontPage era, before 2008) were typed in fonts that *are* the encoding:
``.VnTime``/``.VnArial`` (TCVN3, one byte per lowercase letter) or ``VNI-Times`` (VNI, a base
letter followed by a diacritic byte). No HTTP or HTML charset can name them; read as Latin-1 they
are mojibake ("§iÖn Bµn", "Ñieän Baøn"). Detection therefore needs two signals: a font face of the
family in the markup *and* byte statistics saying the converted text is Vietnamese (syllables that
Vietnamese spelling allows). `vietnamese_share` is that statistic; it also tells windows-1258 from
windows-1252 when a page declares nothing.

The tables are this project's own (from TCVN 5712:1993 and the VNI-Windows layout); bytes outside
them are read as Latin-1, which is what a browser shows. Limitation: ``.VnTimeH`` (the TCVN3
capitals font) reuses the lowercase codes, so capitals typed in it come out lowercase.
"""

from __future__ import annotations

import re
import unicodedata

# TCVN3 byte -> letter (lowercase toned letters, then the capitals .VnTime has: Ă Â Đ Ê Ô Ơ Ư).
TCVN3_TABLE: dict[int, str] = {
    0xB5: "à", 0xB8: "á", 0xB6: "ả", 0xB7: "ã", 0xB9: "ạ",
    0xA8: "ă", 0xBB: "ằ", 0xBE: "ắ", 0xBC: "ẳ", 0xBD: "ẵ", 0xC6: "ặ",
    0xA9: "â", 0xC7: "ầ", 0xCA: "ấ", 0xC8: "ẩ", 0xC9: "ẫ", 0xCB: "ậ",
    0xAE: "đ",
    0xCC: "è", 0xD0: "é", 0xCE: "ẻ", 0xCF: "ẽ", 0xD1: "ẹ",
    0xAA: "ê", 0xD2: "ề", 0xD5: "ế", 0xD3: "ể", 0xD4: "ễ", 0xD6: "ệ",
    0xD7: "ì", 0xDD: "í", 0xD8: "ỉ", 0xDC: "ĩ", 0xDE: "ị",
    0xDF: "ò", 0xE3: "ó", 0xE1: "ỏ", 0xE2: "õ", 0xE4: "ọ",
    0xAB: "ô", 0xE5: "ồ", 0xE8: "ố", 0xE6: "ổ", 0xE7: "ỗ", 0xE9: "ộ",
    0xAC: "ơ", 0xEA: "ờ", 0xED: "ớ", 0xEB: "ở", 0xEC: "ỡ", 0xEE: "ợ",
    0xEF: "ù", 0xF3: "ú", 0xF1: "ủ", 0xF2: "ũ", 0xF4: "ụ",
    0xAD: "ư", 0xF5: "ừ", 0xF8: "ứ", 0xF6: "ử", 0xF7: "ữ", 0xF9: "ự",
    0xFA: "ỳ", 0xFD: "ý", 0xFB: "ỷ", 0xFC: "ỹ", 0xFE: "ỵ",
    0xA1: "Ă", 0xA2: "Â", 0xA7: "Đ", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư",
}

# Combining tone marks in VNI's diacritic order: grave, acute, hook above, tilde, dot below.
_TONES = ("\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
# VNI diacritic bytes (lowercase forms; the uppercase forms are 0x20 lower, "ø" -> "Ø").
_VNI_TONE = "øùûõï"  # tone on a plain vowel, on ơ/ư
_VNI_BREVE = "èéúüë"  # breve + tone (ă); breve alone is "ê"
_VNI_CIRCUMFLEX = "àáåãä"  # circumflex + tone (â ê ô); circumflex alone is "â"
# Letters that are one byte in VNI (lowercase; uppercase is the byte 0x20 lower).
_VNI_SINGLE = {"ñ": "đ", "ô": "ơ", "ö": "ư", "ì": "ì", "í": "í", "æ": "ỉ", "ó": "ĩ", "ò": "ị",
               "î": "ỵ"}


def _compose(*parts: str) -> str:
    return unicodedata.normalize("NFC", "".join(parts))


def _vni_pairs() -> dict[str, str]:
    """Two-character VNI sequences (as Latin-1 text) -> letter, lowercase and uppercase."""
    lower: dict[str, str] = {}
    for vowel in "aeouy":
        for byte, tone in zip(_VNI_TONE, _TONES, strict=True):
            lower[vowel + byte] = _compose(vowel, tone)
    for byte, tone in zip(_VNI_BREVE, _TONES, strict=True):
        lower["a" + byte] = _compose("ă", tone)
    lower["aê"] = "ă"
    for vowel, hat in (("a", "â"), ("e", "ê"), ("o", "ô")):
        lower[vowel + "â"] = hat
        for byte, tone in zip(_VNI_CIRCUMFLEX, _TONES, strict=True):
            lower[vowel + byte] = _compose(hat, tone)
    for single, letter in (("ô", "ơ"), ("ö", "ư")):
        for byte, tone in zip(_VNI_TONE, _TONES, strict=True):
            lower[single + byte] = _compose(letter, tone)
    pairs: dict[str, str] = {}
    for seq, letter in lower.items():
        # Case follows the base letter; the diacritic byte may come in either case.
        for first in (seq[0], seq[0].upper()):
            for second in (seq[1], seq[1].upper()):
                pairs[first + second] = letter.upper() if first.isupper() else letter
    return pairs


VNI_PAIRS: dict[str, str] = _vni_pairs()
VNI_SINGLES: dict[str, str] = {
    **_VNI_SINGLE, **{byte.upper(): letter.upper() for byte, letter in _VNI_SINGLE.items()}
}

# A font face of each family in HTML (`<font face=".VnTime">`) or CSS (`font-family: VNI-Times`).
_FONT_FACE = re.compile(
    rb"""(?:face|font-family)\s*[=:]\s*["']?\s*(\.Vn[A-Za-z]+|VNI[-_ ]?[A-Za-z]+)""", re.IGNORECASE
)
TCVN3 = "tcvn3"
VNI = "vni"

# Share of the non-ASCII words that must be Vietnamese syllables before a conversion is trusted.
MIN_VIETNAMESE_SHARE = 0.8
# Fewer non-ASCII words than this is too little evidence to call a text anything.
MIN_EVIDENCE_WORDS = 5

_WORD = re.compile(r"[^\W\d_]+")
_SYLLABLE = re.compile(
    r"^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx])?"
    r"[aăâeêioôơuưy]{1,3}(?:ng|nh|ch|[cmnpt])?$"
)
_TONE_SET = frozenset(_TONES)


def decode_tcvn3(data: bytes) -> str:
    """TCVN3 bytes -> Unicode NFC; bytes outside the table read as Latin-1."""
    return unicodedata.normalize("NFC", "".join(TCVN3_TABLE.get(b, chr(b)) for b in data))


def decode_vni(data: bytes) -> str:
    """VNI-Windows bytes -> Unicode NFC; pairs first (no letter starts with a diacritic byte)."""
    text = data.decode("latin-1")
    out: list[str] = []
    index = 0
    while index < len(text):
        pair = text[index : index + 2]
        if len(pair) == 2 and pair in VNI_PAIRS:
            out.append(VNI_PAIRS[pair])
            index += 2
        else:
            out.append(VNI_SINGLES.get(text[index], text[index]))
            index += 1
    return unicodedata.normalize("NFC", "".join(out))


DECODERS = {TCVN3: decode_tcvn3, VNI: decode_vni}
LABELS = {TCVN3: "TCVN3", VNI: "VNI"}


def is_vietnamese_syllable(word: str) -> bool:
    """True when `word` is spelled like one Vietnamese syllable (at most one tone mark)."""
    parts = unicodedata.normalize("NFD", word.lower())
    if sum(1 for c in parts if c in _TONE_SET) > 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONE_SET))
    return bool(_SYLLABLE.match(bare))


def vietnamese_share(text: str) -> tuple[float, int]:
    """(share of the words with non-ASCII letters that are Vietnamese syllables, their count)."""
    words = [w for w in _WORD.findall(unicodedata.normalize("NFC", text)) if not w.isascii()]
    if not words:
        return 0.0, 0
    return sum(1 for w in words if is_vietnamese_syllable(w)) / len(words), len(words)


def looks_vietnamese(text: str) -> bool:
    """Enough non-ASCII words, and most of them Vietnamese syllables."""
    share, count = vietnamese_share(text)
    return count >= MIN_EVIDENCE_WORDS and share >= MIN_VIETNAMESE_SHARE


def declared_font_encoding(body: bytes) -> tuple[str, str] | None:
    """(encoding, font face) when the markup uses a TCVN3 or VNI font, else None."""
    lowered = body.lower()
    if b".vn" not in lowered and b"vni" not in lowered:
        return None  # no face can match (one C pass each, where the regex tries every position)
    faces = [m.group(1).decode("ascii", "ignore") for m in _FONT_FACE.finditer(body)]
    for face in faces:
        if face.startswith("."):
            return TCVN3, face
    for face in faces:
        return VNI, face
    return None


def sniff_font_encoding(body: bytes) -> str | None:
    """The legacy encoding whose conversion of `body` reads as Vietnamese, when exactly one does."""
    if body.isascii():
        return None
    readable = [name for name, decode in DECODERS.items() if looks_vietnamese(decode(body))]
    return readable[0] if len(readable) == 1 else None
