"""Trailing bylines: the author name and source lines printed under Vietnamese portal articles.

District portals end articles with a short block instead of a structured author field::

    Đình Dương              <- name line (the author)
    Phòng VHTT huyện        <- unit line (where the author works)

or ``Theo: Báo Lạng Sơn`` / ``Nguồn: baohoabinh.com.vn`` (the source), or a credit line
``Tin, ảnh: Thu Hà`` / ``Bài và ảnh: Minh Châu`` (the author, label dropped). The block is removed from
the body text and mapped to fields:

- author = the first name line of the block; when the block has only a unit line, the unit
  (it is then the only attribution the page gives). A following unit line is *not* appended:
  the record keeps one plain name that can be matched across articles.
- source = what follows "Theo"/"Nguồn" (as written: a newspaper name or a bare URL).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from crawlers.extraction.text import fold

# A byline block is at most this many trailing lines.
MAX_BYLINE_LINES = 3
MAX_NAME_WORDS = 7
MAX_UNIT_WORDS = 10

_SOURCE = re.compile(r"^\s*(?:theo|nguon|nguon tin)\s*[:.-]?\s+(?P<rest>\S.*)$")
_SOURCE_LABEL = re.compile(r"^\s*(?:theo|nguon|nguon tin)\s*[:.-]?\s*$")
# Organisation words that start a unit line. Matched on the lower-cased text *with* diacritics:
# folded, "Báo" (newspaper) would equal the given name "Bảo" and "Tổ" the surname "Tô".
_UNIT_START = re.compile(
    r"^(?:phòng|trung tâm|ban|văn phòng|ubnd|ủy ban|uỷ ban|đài|báo|sở|hội|công an|huyện|xã|"
    r"thị trấn|bộ phận|tổ|chi cục|cục|viện|đảng ủy|đảng uỷ|huyện ủy|huyện uỷ|mttq|mặt trận|"
    r"cổng ttđt|cổng thông tin|cttđt|btv|ctv|phóng viên|biên tập|phó ban|trưởng ban|"
    r"ban biên tập|pho ban|ban bien tap|phong vhtt|trung tam)(?=\W|$)"
)
# "Tin, ảnh:" / "Bài và ảnh:" — a credit label before the author's name (matched folded).
_CREDIT = re.compile(r"^\s*(?:tin|bai)\s*(?:,|va|&|/)\s*anh\s*:\s*\S")
_NAME_SEPARATORS = re.compile(r"\s*(?:-|–|,|&| và )\s*")
_SENTENCE_END = re.compile(r"[.!?;:]$")


@dataclass(frozen=True)
class Byline:
    """Result of splitting a trailing byline from body paragraphs."""

    paragraphs: list[str]
    author: str | None
    source: str | None


def _is_name_word(word: str) -> bool:
    return word[:1].isupper() and word.replace(".", "").isalpha()


def is_name_line(line: str) -> bool:
    """True for a short line of capitalised words: "Đình Dương", "Huy Kiên - Lê Hải"."""
    text = line.strip().strip("()").strip()
    if not text or any(ch.isdigit() for ch in text) or _SENTENCE_END.search(text):
        return False
    names = [part for part in _NAME_SEPARATORS.split(text) if part]
    words = [word for part in names for word in part.split()]
    if not words or len(words) > MAX_NAME_WORDS or len(words) < 2 and len(text) < 3:
        return False
    if _UNIT_START.match(text.lower()):
        return False
    return all(_is_name_word(word) for word in words)


def is_unit_line(line: str) -> bool:
    """True for a short organisation line: "Phòng VHTT huyện", "Trung tâm Công nghệ số"."""
    text = line.strip().strip("()").strip()
    words = text.split()
    if not words or len(words) > MAX_UNIT_WORDS or _SENTENCE_END.search(text):
        return False
    return bool(_UNIT_START.match(text.lower()))


def credited_name(line: str) -> str | None:
    """"Tin, ảnh: Thu Hà" -> "Thu Hà"; None unless a credit label is followed by a name."""
    if not _CREDIT.match(fold(line)):
        return None
    name = line.split(":", 1)[1].strip()
    return name if is_name_line(name) else None


def source_of(line: str) -> str | None:
    """"Theo: Báo Lạng Sơn" -> "Báo Lạng Sơn"; None when the line is not a source line."""
    folded = fold(line)
    match = _SOURCE.match(folded)
    if not match or len(line.split()) > MAX_UNIT_WORDS + 1:
        return None
    return line[match.start("rest") :].strip().rstrip(".") or None


def split_byline(paragraphs: list[str]) -> Byline:
    """Remove the trailing byline block from `paragraphs`; return it as author and source."""
    body = list(paragraphs)
    author: str | None = None
    unit: str | None = None
    source: str | None = None
    taken = 0
    while body and taken < MAX_BYLINE_LINES + 1:
        line = body[-1].strip()
        if _SOURCE_LABEL.match(fold(line)) and source is None and taken:
            body.pop()
            taken += 1
            continue
        found_source = source_of(line)
        credited = credited_name(line)
        if found_source and source is None:
            source = found_source
        elif credited:
            author = credited
        elif is_name_line(line):
            author = line.strip("() ")  # the earliest name line wins: it is read first
        elif is_unit_line(line) and unit is None:
            unit = line.strip("() ")
        else:
            break
        body.pop()
        taken += 1
    if author is None and unit is not None:
        author = unit
    if author is None and source is None:
        return Byline(list(paragraphs), None, None)
    return Byline(body, author, source)
