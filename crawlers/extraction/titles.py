"""The article's own headline, never a portlet/module title or the site name.

Portal pages carry many headings: portlet toppers ("Chi tiết tin", "Tin tức nổi bật"), module
titles ("Văn bản mới", "Album ảnh"), category names from the menu, and the site banner
("CỔNG THÔNG TIN ĐIỆN TỬ HUYỆN NGHI LỘC"). Generic extractors pick the first prominent heading and
so often return one of these. Candidates are therefore checked against known block titles, the
page's own menu labels and the site name, and `<title>` is used last, with its site/category
suffixes cut off.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from crawlers.extraction.boilerplate import normalise_label
from crawlers.extraction.text import nfc

# Folded block titles used by Vietnamese portals for portlets, modules and categories.
BLOCK_TITLES: frozenset[str] = frozenset(
    {
        "chi tiet tin", "chi tiet", "album anh", "van ban moi", "tin tuc", "tin tuc noi bat",
        "thong bao", "tin tuc su kien", "tin tuc - su kien", "tin noi bat", "tin moi",
        "tin moi nhat", "tin hoat dong", "hoat dong", "su kien", "lien ket", "lien ket website",
        "thu vien anh", "thu vien video", "lich lam viec", "lich cong tac", "ban do",
        "thong ke truy cap", "tin da dua", "tin lien quan", "cac tin khac", "tin khac",
        "trang chu", "gioi thieu", "chuyen muc", "tin trong huyen", "tin trong tinh",
        "tin trong nuoc", "quy hoach - ke hoach", "van ban chi dao dieu hanh", "van ban",
        "thu tuc hanh chinh", "hoi dap", "lien he", "so do cong", "so do website",
        "video", "hinh anh", "tin anh", "tin video", "thong tin tuyen truyen", "tuyen truyen",
        "chuyen doi so", "cai cach hanh chinh", "nong thon moi", "xay dung nong thon moi",
        "tin tuc tong hop", "tin van hoa - xa hoi", "kinh te", "van hoa - xa hoi", "chinh tri",
        "quoc phong - an ninh", "thong tin chi dao dieu hanh", "tin xem nhieu", "tin doc nhieu",
        "news", "home", "latest news", "image banner", "about", "lien ket web",
        "dang truy cap", "luot truy cap", "so luot truy cap", "so luot dang online",
        "tong luot truy cap", "dang online", "gui email cho ban be", "thong tin",
    }
)

# Site names: "Cổng thông tin điện tử huyện …" (any length), and short names that start like an
# authority ("UBND huyện Nghi Lộc", "Sở Thông tin và Truyền thông") - short, because a headline
# such as "Huyện Nghi Lộc tổ chức hội nghị tổng kết …" starts the same way.
_SITE_NAME = re.compile(
    r"^(?:cong thong tin|trang thong tin|trang tin dien tu|cong ttdt|cttdt|ttdt|website|portal|"
    r"cong dich vu cong|trang chu|home)"
)
# Matched on the lower-cased text *with* diacritics: folded, "Sở" is the "So" that starts German
# and English lines ("So geht pelzfrei einkaufen" is a subheading, not a department's name).
_AUTHORITY = re.compile(
    r"^(?:(?:ủy|uỷ|uy) ban nhân dân|ubnd|sở |huyện |thị xã |thành phố |tỉnh |đảng bộ |hđnd )"
)
# Headlines of error pages saved or served with status 200 ("404 Not Found", "Lỗi 404").
_ERROR_TITLE = re.compile(
    r"^(?:\d{3}(?: |$)|(?:loi|error|http) \d{3}|(?:page )?not found|khong tim thay|trang khong ton tai)"
)
# Headings of category/tag/archive pages ("Chuyên mục: Tin tức", WordPress "Category: News").
_ARCHIVE_TITLE = re.compile(r"^(?:chuyen muc|danh muc|the|tag|category|archives?|luu tru)\s*:")
MAX_SITE_NAME_WORDS = 14
MAX_AUTHORITY_WORDS = 6
_TITLE_SEPARATORS = re.compile(r"\s+(?:-|–|—|\||::|»|/)\s+|\s*\|\s*")
MIN_TITLE_CHARS = 10
# The family's own headline element may hold a short real headline ("Nội quy", "Liên hệ").
MIN_FAMILY_TITLE_CHARS = 3
MAX_TITLE_CHARS = 300


def is_site_name(text: str, site_name: str | None = None) -> bool:
    """True when `text` names the portal rather than an article."""
    label = normalise_label(text)
    if site_name and label == normalise_label(site_name):
        return True
    words = len(label.split())
    if _SITE_NAME.match(label):
        return words <= MAX_SITE_NAME_WORDS
    lowered = " ".join(nfc(text).lower().split()).lstrip(" |:•·*>»-–—.")
    return bool(_AUTHORITY.match(lowered)) and words <= MAX_AUTHORITY_WORDS


def is_block_title(text: str, extra_labels: Iterable[str] = ()) -> bool:
    """True for portlet/module/category titles ("Chi tiết tin", a menu label of this page)."""
    label = normalise_label(text)
    return label in BLOCK_TITLES or label in {normalise_label(x) for x in extra_labels}


def acceptable_title(
    text: str | None,
    *,
    site_name: str | None = None,
    extra_labels: Iterable[str] = (),
    min_chars: int = MIN_TITLE_CHARS,
    own_slot: bool = False,
) -> bool:
    """True when `text` can be an article headline (right length, not a block title or site).

    `own_slot`: the text is in the family's own headline element, where "Nội quy" or "Liên hệ"
    is the page's real headline rather than a stray label: shorter texts and block-title words
    are accepted there (the site name never is).
    """
    if own_slot:
        min_chars = min(min_chars, MIN_FAMILY_TITLE_CHARS)
    if not text:
        return False
    text = text.strip()
    if not min_chars <= len(text) <= MAX_TITLE_CHARS:
        return False
    if _ERROR_TITLE.match(normalise_label(text)) or _ARCHIVE_TITLE.match(normalise_label(text)):
        return False
    if own_slot:
        return not is_site_name(text, site_name)
    return not (is_block_title(text, extra_labels) or is_site_name(text, site_name))


def strip_site_suffix(
    title: str, *, site_name: str | None = None, extra_labels: Iterable[str] = ()
) -> str:
    """Cut "- Tin tức sự kiện - Sở Thông Tin Và Truyền Thông" style suffixes off a `<title>`.

    Only trailing (and leading) segments that are a site name or a block/category label are cut,
    so that a headline containing " - " ("kinh tế - xã hội") stays whole.
    """
    labels = list(extra_labels)
    parts = _TITLE_SEPARATORS.split(title.strip())
    separators = _TITLE_SEPARATORS.findall(title.strip())

    def junk(part: str) -> bool:
        return is_site_name(part, site_name) or is_block_title(part, labels) or not part.strip()

    start, end = 0, len(parts)
    while end - start > 1 and junk(parts[end - 1]):
        end -= 1
    while end - start > 1 and junk(parts[start]):
        start += 1
    out = parts[start]
    for index in range(start + 1, end):
        out += separators[index - 1] + parts[index]
    return out.strip()


def choose_title(
    candidates: Iterable[str | None],
    *,
    html_title: str | None = None,
    site_name: str | None = None,
    extra_labels: Iterable[str] = (),
    own_slot: bool = False,
) -> str | None:
    """First acceptable candidate (in priority order), else the cleaned `<title>`, else None."""
    labels = list(extra_labels)
    for candidate in candidates:
        if candidate and acceptable_title(
            candidate, site_name=site_name, extra_labels=labels, own_slot=own_slot
        ):
            return candidate.strip()
    if html_title:
        cleaned = strip_site_suffix(html_title, site_name=site_name, extra_labels=labels)
        if acceptable_title(cleaned, site_name=site_name, extra_labels=labels):
            return cleaned
    return None


_DATE = r"\d{1,2}[/.-]\d{1,2}[/.-]\d{4}"
_TIME = r"\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp][Mm])?"
# A date stamp printed after the headline: in brackets, after a separator, or with a time.
# A bare date after a word is part of the headline ("Lịch tạm ngừng cấp điện ngày 18/6/2020").
_ISO_STAMP = r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
_TRAILING_DATE = re.compile(
    rf"\s*(?:[(\[]\s*(?:{_DATE}(?:\s*[-|,]?\s*{_TIME})?|{_ISO_STAMP})\s*[)\]]"
    rf"|[-|–—]\s*[(\[]?\s*{_DATE}(?:\s*[-|,]?\s*{_TIME})?\s*[)\]]?"
    rf"|{_DATE}\s*[-|,]?\s*{_TIME})\s*$"
)


# "( )": a template's date slot left empty.
_EMPTY_BRACKETS = re.compile(r"\s*[(\[]\s*[)\]]\s*$")


def clean_title_candidate(text: str) -> str:
    """Whitespace-collapsed headline without a trailing "(27/12/2019 09:44 AM)" date stamp.

    Some Liferay district templates print the date inside the headline element.
    """
    collapsed = " ".join(text.replace("\u200b", " ").split())
    cut = _TRAILING_DATE.sub("", collapsed)
    if cut.count("(") > cut.count(")"):
        cut = collapsed  # the "date" closed a bracket of the headline: "(07/05/1954 – 07/5/2019)"
    return _EMPTY_BRACKETS.sub("", cut).strip()
