"""Rule-based topic tags: explainable term lists matched on folded text.

A tag names what an article is *about*, so one passing mention is not enough: a tag is assigned
when one of its terms occurs in the folded title, or when its terms occur at least
MIN_TEXT_MENTIONS times in the body and at least once per MENTION_SPAN characters of it (a
subject recurs through a news item; a single "ứng dụng CNTT" in an 18,000-character quarterly
report does not make it an ICT article). Matching is at word boundaries. Measured against
hand labels of real portal pages by `python -m crawlers.extraction.evaluate_topics`
(docs/evaluation.md). Terms are kept folded (no diacritics) so that text typed without diacritics still matches, and
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
        "dau thau qua mang",
        "co che mot cua quoc gia",
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
        # Reform of the apparatus and the civil service: two of the six areas of the national
        # public-administration-reform programme, beside procedures and e-government.
        "sap xep to chuc bo may",
        "tinh gon bo may",
        "tinh gian bien che",
        "kiem tra cong vu",
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


MIN_TEXT_MENTIONS = 2
MENTION_SPAN = 1500
"""A tag not named in the title needs MIN_TEXT_MENTIONS mentions in the body and one per
MENTION_SPAN characters of it: round numbers for "the subject recurs", not tuned per page."""


@lru_cache(maxsize=256)  # every term of TOPIC_TERMS (87; a cache of 32 missed on every call)
def _pattern(term: str) -> re.Pattern[str]:
    return re.compile(r"(?<![0-9a-z])" + re.escape(term) + r"(?![0-9a-z])")


def _is_subject(title_hits: int, text_hits: int, text_length: int) -> bool:
    """Whether a tag's mentions make it the subject of the article (see the module docstring)."""
    return title_hits > 0 or (
        text_hits >= MIN_TEXT_MENTIONS and text_hits * MENTION_SPAN >= text_length
    )


def _tag_hits(title: str, text: str) -> dict[str, list[tuple[int, str]]]:
    """Tag id -> (offset in `title + "\n" + text`, folded term) of the first occurrence of each
    term, for the tags whose mentions make them the subject. Inputs are NFC already."""
    text = text[:MAX_TOPIC_CHARS]
    folded_title, folded_text = fold(title), fold(text)
    found: dict[str, list[tuple[int, str]]] = {}
    for tag, terms in TOPIC_TERMS.items():
        title_hits = text_hits = 0
        firsts: list[tuple[int, str]] = []
        for term in terms:
            if term not in folded_title and term not in folded_text:
                continue  # the pattern matches the term itself: a substring test rules it out
            in_title = [m.start() for m in _pattern(term).finditer(folded_title)]
            in_text = [m.start() + len(title) + 1 for m in _pattern(term).finditer(folded_text)]
            title_hits += len(in_title)
            text_hits += len(in_text)
            if in_title or in_text:
                firsts.append(((in_title or in_text)[0], term))
        if firsts and _is_subject(title_hits, text_hits, len(folded_text)):
            found[tag] = firsts
    return found


def matched_topic_terms(title: str, text: str) -> dict[str, list[str]]:
    """Tag id -> the terms of that tag found in `title` or `text` (only tags assigned).

    Only the first MAX_TOPIC_CHARS characters of `text` are read.
    """
    return {tag: [term for _, term in hits] for tag, hits in _tag_hits(title, text).items()}


def topic_terms(title: str, text: str) -> dict[str, list[str]]:
    """Tag id -> the terms that fired, *as written* in the article, in order of appearance.

    This is what the record stores: a researcher reads "chuyển đổi số", "CNTT" rather than the
    folded term list, and sees why each tag was given. `fold` keeps offsets, so the match in
    folded text cuts the original. Only the first MAX_TOPIC_CHARS characters of `text` are read.
    """
    title, text = nfc(title), nfc(text[:MAX_TOPIC_CHARS])
    original = f"{title}\n{text}"
    matches: dict[str, list[str]] = {}
    for tag, hits in _tag_hits(title, text).items():
        written: list[tuple[int, str]] = []
        for start, term in sorted(hits):
            words = " ".join(original[start : start + len(term)].split())
            if all(words != seen for _, seen in written):
                written.append((start, words))
        matches[tag] = [words for _, words in written]
    return matches


def tag_topics(title: str, text: str) -> list[str]:
    """Sorted tag ids that `title` and `text` are about (see the module docstring)."""
    return sorted(matched_topic_terms(title, text))
