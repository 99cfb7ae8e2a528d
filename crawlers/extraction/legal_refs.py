"""References to legal documents in article text ("Quyết định số 45/2016/QĐ-TTg ngày 19/10/2016").

Government news cites the documents it implements; a researcher wants to find every article that
acts on one decree. Vietnamese document numbers follow Decree 30/2020/NĐ-CP:
``<serial>/<year>/<type code>-<issuer>`` ("45/2016/QĐ-TTg"), the year optional in older or local
documents ("1812/QĐ-UBND", "43/NĐ-CP"), official letters carry no type code ("125/UBND-VX"), and
Party documents put the code before the slash ("57-NQ/TW", "05-CT/TW").

Matching is precision first:

- a number counts when a document type word precedes it ("Quyết định số", "Nghị định",
  "Công văn số", ...), or, without a type word, when its own type code is a known one
  ("theo 45/2016/QĐ-TTg"), so a bare "12/5" or a phone number is never a reference;
- "ngày dd/mm/yyyy" (or "ngày d tháng m năm yyyy") directly after the number is the document's
  date; any other date nearby is not.

`number` is normalised so that the same document written with different spacing or dashes
("45/2016/QĐ - TTg", "45/2016/QĐ–TTg") is one reference: no spaces, ASCII hyphen, NFC.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import asdict, dataclass
from typing import Any

from crawlers.extraction import dates
from crawlers.extraction.text import fold, nfc

# Document type words (as written in text, matched case-insensitively) -> canonical type name.
# Longer words first so that "Thông tư liên tịch" is not read as "Thông tư".
DOCUMENT_TYPES: dict[str, str] = {
    "thông tư liên tịch": "Thông tư liên tịch",
    "nghị quyết liên tịch": "Nghị quyết liên tịch",
    "quyết định": "Quyết định",
    "nghị định": "Nghị định",
    "thông tư": "Thông tư",
    "chỉ thị": "Chỉ thị",
    "nghị quyết": "Nghị quyết",
    "kế hoạch": "Kế hoạch",
    "công văn": "Công văn",
    "văn bản": "Văn bản",
    "thông báo": "Thông báo",
    "hướng dẫn": "Hướng dẫn",
    "báo cáo": "Báo cáo",
    "tờ trình": "Tờ trình",
    "công điện": "Công điện",
    "đề án": "Đề án",
    "kết luận": "Kết luận",
    "chương trình": "Chương trình",
    "quy định": "Quy định",
    "luật": "Luật",
    "pháp lệnh": "Pháp lệnh",
}
# Folded type code -> (canonical code, document type it stands for).
TYPE_CODES: dict[str, tuple[str, str]] = {
    "qd": ("QĐ", "Quyết định"),
    "nd": ("NĐ", "Nghị định"),
    "tt": ("TT", "Thông tư"),
    "ttlt": ("TTLT", "Thông tư liên tịch"),
    "nqlt": ("NQLT", "Nghị quyết liên tịch"),
    "ct": ("CT", "Chỉ thị"),
    "nq": ("NQ", "Nghị quyết"),
    "kh": ("KH", "Kế hoạch"),
    "tb": ("TB", "Thông báo"),
    "hd": ("HD", "Hướng dẫn"),
    "bc": ("BC", "Báo cáo"),
    "ttr": ("TTr", "Tờ trình"),
    "cd": ("CĐ", "Công điện"),
    "da": ("ĐA", "Đề án"),
    "kl": ("KL", "Kết luận"),
    "ctr": ("CTr", "Chương trình"),
    "cv": ("CV", "Công văn"),
}

# One code segment: "QĐ", "TTg", "UBND", "BNN&PTNT", "QH13": capitals and digits with at most
# one lower-case letter, which keeps a following word ("- Thủ tướng", "- Ban hành") out. The
# runs are possessive: giving capitals back cannot make the lookahead pass, and backtracking over
# a long run of capitals ("1/AAAA…Ab") cost quadratic time.
_SEGMENT = r"[A-ZĐ][A-ZĐ0-9&]*+[a-z]?[A-ZĐ0-9&]*+(?![\w&])"
_DASH = r"\s*[-–—]\s*"
# State documents: 45/2016/QĐ-TTg, 1812/QĐ-UBND, 125/UBND-VX, 86/2015/QH13, 45/2016/QĐ - TTg.
_STATE_NUMBER = rf"\d{{1,5}}(?:/(?:19|20)\d{{2}})?/{_SEGMENT}(?:{_DASH}{_SEGMENT}){{0,3}}"
# Party documents: 57-NQ/TW, 05-CT/TW, 01-KH/HU.
_PARTY_NUMBER = rf"\d{{1,5}}-{_SEGMENT}/{_SEGMENT}(?:-{_SEGMENT})?"
NUMBER = rf"(?:{_PARTY_NUMBER}|{_STATE_NUMBER})"

_TYPE_WORDS = "|".join(re.escape(word) for word in DOCUMENT_TYPES)
# "Quyết định số 45/2016/QĐ-TTg", "Nghị định 43/NĐ-CP", "Công văn số: 125/UBND-VX".
TYPED_REFERENCE = re.compile(
    rf"(?<!\w)(?P<type>(?i:{_TYPE_WORDS}))\s+(?:(?i:số)\s*:?\s*)?(?P<number>{NUMBER})"
)
# A number without a type word: only counted when its type code is known (checked in code).
BARE_NUMBER = re.compile(rf"(?<![\w/-])(?P<number>{NUMBER})")
# "ngày 22/9/2017" or "ngày 22 tháng 9 năm 2017" right after the number (a comma may intervene).
DATE_AFTER = re.compile(
    r"^\s*,?\s*(?:ban hành\s+)?(?P<date>ngày\s+"
    r"(?:\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}|\d{1,2}\s+tháng\s+\d{1,2}\s*,?\s*năm\s+\d{4}))",
    re.IGNORECASE,
)
# Characters after a number searched for its date ("ngày 15 tháng 01 năm 2020" is 25).
DATE_WINDOW = 48
# Characters of a text searched for references. An article cites its documents in its first pages;
# a text far longer is a pasted report or table, and reading it all would make one page cost
# seconds. References after this point are not found.
MAX_LEGAL_REFS_CHARS = 100_000
_SPACES = re.compile(r"\s+")
_DASHES = re.compile(r"[–—]")
_YEAR_PART = re.compile(r"^(?:19|20)\d{2}$")


@dataclass(frozen=True)
class LegalRef:
    """One cited document. `text` is as written; `number` normalised (the identity)."""

    text: str
    number: str
    type: str | None
    type_code: str | None
    year: int | None
    issuer: str | None
    date: str | None

    def as_dict(self) -> dict[str, Any]:
        """The JSON form stored on the article record."""
        return asdict(self)


def normalise_number(number: str) -> str:
    """ "45/2016/QĐ - TTg" -> "45/2016/QĐ-TTg": NFC, no spaces, ASCII hyphens."""
    return _DASHES.sub("-", _SPACES.sub("", nfc(number)))


def fold_number(number: str) -> str:
    """Case- and diacritics-insensitive key of a number ("45/2016/qd-ttg"), used by the facet."""
    return fold(normalise_number(number))


def _parts(number: str) -> tuple[str | None, int | None, str | None]:
    """(type code, year, issuer) of a normalised number; the code only when it is a known one."""
    if "/" in number and "-" in number.split("/", 1)[0]:
        # Party form "57-NQ/TW": the code sits between the serial and the slash.
        head, issuer = number.split("/", 1)
        code = head.split("-", 1)[1]
        known = TYPE_CODES.get(fold(code))
        return (known[0] if known else code), None, issuer or None
    pieces = number.split("/")
    year = int(pieces[1]) if len(pieces) == 3 and _YEAR_PART.match(pieces[1]) else None
    suffix = pieces[-1]
    head, _, rest = suffix.partition("-")
    known = TYPE_CODES.get(fold(head))
    if known:
        return known[0], year, rest or None
    # No type code ("125/UBND-VX" letters, "86/2015/QH13" laws): the whole suffix is the issuer.
    return None, year, suffix


def _date_after(text: str, end: int) -> str | None:
    match = DATE_AFTER.match(text[end : end + DATE_WINDOW])
    return dates.parse_date(match.group("date")) if match else None


def find_legal_refs(text: str) -> list[LegalRef]:
    """Every cited document in `text`, unique by normalised number, in order of first mention.

    A later mention may supply what the first lacked (its type word or its date). Only the first
    MAX_LEGAL_REFS_CHARS characters are read.
    """
    text = nfc(text[:MAX_LEGAL_REFS_CHARS])
    found: dict[str, LegalRef] = {}
    # Number spans of typed references: found left to right and disjoint, so sorted.
    taken_starts: list[int] = []
    taken_ends: list[int] = []
    candidates: list[tuple[int, int, str | None, str]] = []
    for match in TYPED_REFERENCE.finditer(text):
        kind = DOCUMENT_TYPES[match.group("type").lower()]
        candidates.append((match.start(), match.end(), kind, match.group("number")))
        taken_starts.append(match.start("number"))
        taken_ends.append(match.end("number"))
    for match in BARE_NUMBER.finditer(text):
        inside = bisect.bisect_right(taken_starts, match.start()) - 1
        if inside >= 0 and match.start() < taken_ends[inside]:
            continue
        code, _, _ = _parts(normalise_number(match.group("number")))
        if code is None or fold(code) not in TYPE_CODES:
            continue
        candidates.append((match.start(), match.end(), None, match.group("number")))
    for start, end, kind, raw in sorted(candidates):
        number = normalise_number(raw)
        code, year, issuer = _parts(number)
        if kind is None and code is not None:
            kind = TYPE_CODES.get(fold(code), (code, None))[1]
        ref = LegalRef(
            text=text[start:end],
            number=number,
            type=kind,
            type_code=code,
            year=year,
            issuer=issuer,
            date=_date_after(text, end),
        )
        key = fold_number(number)
        previous = found.get(key)
        if previous is None:
            found[key] = ref
        elif previous.date is None and ref.date is not None:
            found[key] = LegalRef(**{**asdict(previous), "date": ref.date})
    return list(found.values())


def legal_refs(text: str) -> list[dict[str, Any]]:
    """`find_legal_refs` as JSON-ready dicts (the record's `legal_refs` field)."""
    return [ref.as_dict() for ref in find_legal_refs(text)]
