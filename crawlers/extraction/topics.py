"""Rule-based topic tags: explainable term lists matched on folded text.

A tag is assigned when one of its terms occurs in the folded title or body, at word boundaries.
Terms are kept folded (no diacritics) so that text typed without diacritics still matches, and
`matched_topic_terms` reports which terms fired, so every tag can be explained to a reader.
Abbreviations are kept only when they are not ordinary syllables once folded ("cntt", "tthc",
"ntm"); a bare "số" or "điện tử" is never a term because it occurs everywhere.
"""

from __future__ import annotations

import re
from functools import lru_cache

from crawlers.extraction.text import fold, nfc

# Tag id -> folded terms. Longer, specific phrases; no single common syllables.
TOPIC_TERMS: dict[str, tuple[str, ...]] = {
    "ict": (
        "cntt",
        "cong nghe thong tin",
        "chuyen doi so",
        "chinh quyen dien tu",
        "chinh quyen so",
        "chu ky so",
        "dich vu cong truc tuyen",
        "cong dich vu cong",
        "chinh phu dien tu",
        "chinh phu so",
        "kinh te so",
        "xa hoi so",
        "ha tang so",
        "nen tang so",
        "dia chi so",
        "cong nghe so",
        "ung dung cong nghe thong tin",
        "an toan thong tin",
        "thu dien tu cong vu",
        "van ban dien tu",
        "mot cua dien tu",
        "ioffice",
        "internet",
        "bang thong rong",
        "cap quang",
        "vien thong",
        "ha tang vien thong",
        "giao ban truc tuyen",
        "hoi nghi truyen hinh truc tuyen",
        "cong thong tin dien tu",
        "trang thong tin dien tu",
        "du lieu so",
        "co so du lieu",
        "thanh toan dien tu",
        "ky nang so",
    ),
    "admin-reform": (
        "cai cach hanh chinh",
        "cchc",
        "mot cua",
        "mot cua lien thong",
        "thu tuc hanh chinh",
        "tthc",
        "bo phan tiep nhan va tra ket qua",
        "tiep nhan va tra ket qua",
        "dich vu cong",
        "buu chinh cong ich",
        "chi so cai cach hanh chinh",
        "par index",
        "sipas",
    ),
    "new-rural": (
        "nong thon moi",
        "ntm",
        "xa nong thon moi",
        "nong thon moi nang cao",
        "nong thon moi kieu mau",
        "ocop",
    ),
    # Schools and teaching. A bare "giáo dục" is not a term: "giáo dục pháp luật", "giáo dục
    # chính trị" are propaganda work, not education.
    "education": (
        "hoc sinh",
        "giao vien",
        "nam hoc",
        "truong hoc",
        "tuyen sinh",
        "mam non",
        "tieu hoc",
        "trung hoc co so",
        "trung hoc pho thong",
        "thcs",
        "thpt",
        "nganh giao duc",
        "giao duc va dao tao",
        "giao duc - dao tao",
        "pho cap giao duc",
    ),
    # Health care and disease control.
    "health": (
        "y te",
        "benh vien",
        "kham chua benh",
        "kham benh",
        "tiem chung",
        "vac xin",
        "vaccine",
        "dich benh",
        "covid-19",
        "sot xuat huyet",
        "ve sinh an toan thuc pham",
        "an toan thuc pham",
    ),
}


# Characters of title + text searched for topic terms. Every term is a search of the whole text, so
# a pasted report of megabytes would cost seconds; an article states its subject early.
MAX_TOPIC_CHARS = 100_000


@lru_cache(maxsize=32)
def _pattern(term: str) -> re.Pattern[str]:
    return re.compile(r"(?<![0-9a-z])" + re.escape(term) + r"(?![0-9a-z])")


def matched_topic_terms(title: str, text: str) -> dict[str, list[str]]:
    """Tag id -> the terms of that tag found in `title` or `text` (only tags with a match).

    Only the first MAX_TOPIC_CHARS characters of `text` are read.
    """
    folded = fold(f"{title}\n{text[:MAX_TOPIC_CHARS]}")
    matches: dict[str, list[str]] = {}
    for tag, terms in TOPIC_TERMS.items():
        hits = [term for term in terms if _pattern(term).search(folded)]
        if hits:
            matches[tag] = hits
    return matches


def topic_terms(title: str, text: str) -> dict[str, list[str]]:
    """Tag id -> the terms that fired, *as written* in the article, in order of appearance.

    This is what the record stores: a researcher reads "chuyển đổi số", "CNTT" rather than the
    folded term list. `fold` keeps offsets, so the match in folded text cuts the original.
    Only the first MAX_TOPIC_CHARS characters of `text` are read.
    """
    original = nfc(f"{title}\n{text[:MAX_TOPIC_CHARS]}")
    folded = fold(original)
    matches: dict[str, list[str]] = {}
    for tag, terms in TOPIC_TERMS.items():
        hits: list[tuple[int, str]] = []
        for term in terms:
            found = _pattern(term).search(folded)
            if found:
                written = " ".join(original[found.start() : found.end()].split())
                if all(written != seen for _, seen in hits):
                    hits.append((found.start(), written))
        if hits:
            matches[tag] = [written for _, written in sorted(hits)]
    return matches


def tag_topics(title: str, text: str) -> list[str]:
    """Sorted tag ids whose terms occur in `title` or `text`."""
    return sorted(matched_topic_terms(title, text))
