"""Vietnamese text helpers used at every boundary (extraction, indexing, querying).

Portals mix NFC and NFD (Word-pasted text is often decomposed), so text is normalised to NFC as it
enters the system. Search folds diacritics so that "chuyển đổi số" and "chuyen doi so" meet;
Unicode decomposition does not fold "đ" (it is a letter of its own), so it is mapped explicitly.

`fold` keeps the length of NFC text unchanged (one character in, one character out) so that offsets
found in folded text can be used to cut snippets from the original text.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")


def nfc(text: str) -> str:
    """Return `text` in Unicode NFC."""
    return unicodedata.normalize("NFC", text)


def clean_whitespace(text: str) -> str:
    """Collapse runs of spaces (incl. NBSP) inside lines and blank-line runs to one blank line."""
    lines = [_SPACES.sub(" ", line).strip() for line in text.splitlines()]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch in "đĐ":
        return "d"
    if ord(ch) < 128:
        return ch.lower()
    base = unicodedata.normalize("NFD", ch)[0]
    if unicodedata.combining(base):
        # A lone combining mark (text that was not NFC): keep length, drop the mark.
        return " "
    return base.lower()


def fold(text: str) -> str:
    """Lower-case and strip Vietnamese diacritics (đ→d), one output character per input character.

    >>> fold("Chuyển đổi số")
    'chuyen doi so'
    """
    return "".join(_fold_char(ch) for ch in text)
