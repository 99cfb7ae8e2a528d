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


class _FoldTable(dict[int, str]):
    """`str.translate` table that fills itself from `_fold_char`: one C-level pass over the text
    instead of a Python call per character (fold runs on every line and link of every page)."""

    def __missing__(self, code: int) -> str:
        folded = _fold_char(chr(code))
        if len(self) < _FOLD_TABLE_SIZE:
            self[code] = folded
        return folded


# Distinct characters remembered (a page uses a few hundred; the cache only bounds memory).
_FOLD_TABLE_SIZE = 65536
_FOLD_TABLE = _FoldTable()


def fold(text: str) -> str:
    """Lower-case and strip Vietnamese diacritics (đ→d), one output character per input character.

    >>> fold("Chuyển đổi số")
    'chuyen doi so'
    """
    return text.translate(_FOLD_TABLE)
