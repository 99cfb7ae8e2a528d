"""Line-level filter for portal boilerplate that survives markup pruning.

Family modules remove chrome by XPath before trafilatura runs, but portals differ in markup and
some chrome is text inside the article container (Liferay's "Skip portletPortlet Menu" links, a
Joomla visitor counter pasted into a module position, a "Template Settings" panel). These lines are
recognised by their words, on folded text, and only whole lines are dropped: a body sentence that
mentions "Liên kết" or "Điện thoại" is kept because it does not *consist* of the label.
"""

from __future__ import annotations

import re

from crawlers.extraction.text import fold

# Whole lines (folded, punctuation-trimmed) that are never article text.
BOILERPLATE_LINES: frozenset[str] = frozenset(
    {
        "skip portlet", "portlet menu", "skip portletportlet menu", "skip portlet portlet menu",
        "this portlet is unavailable", "template settings", "image advertisement",
        "image banner", "image", "truy cap noi dung luon", "album anh", "album anh album anh",
        "chi tiet tin", "lien ket", "lien ket lien ket", "tin da dua", "skip to main content",
        "skip to content", "about", "thong ke truy cap", "today", "yesterday", "this week",
        "last week", "this month", "last month", "all days", "select menu", "google font",
        "body font-size", "body font-family", "direction", "color", "body", "header", "footer",
        "background color", "text color", "blue oranges red", "spotlight3", "spotlight4",
        "spotlight5", "for each color, the params below will be given default values",
        "in bai viet", "gui mail", "gui email", "cac tin khac", "tin khac", "tin lien quan",
        "cac tin da dua", "ve dau trang", "dang nhap", "ban do", "lich lam viec", "thu vien anh",
        "van ban moi", "quay lai", "tro ve", "chia se", "chia se bai viet", "in trang",
        "ban in", "phan hoi", "binh luan", "tweet", "share", "like", "facebook", "zalo",
        "dang truy cap", "truy cap hom nay", "tong luot truy cap", "luot truy cap",
        "xem tiep", "xem them", "doc tiep", "tin moi", "tin moi nhat", "tin xem nhieu",
        "tin noi bat", "tin tuc noi bat", "read more", "print", "email", "top",
        "dichvucong", "nogthonmoi", "dich vu cong", "ban do hanh chinh",
    }
)

# Line prefixes (folded) of footer, counter and module lines.
BOILERPLATE_PREFIXES: tuple[str, ...] = (
    "your ip", "chiu trach nhiem noi dung", "chiu trach nhiem chinh", "tru so:", "tru so chinh:",
    "slideshow image", "skip portlet", "ban quyen", "copyright", "©", "giay phep so",
    "giay phep thiet lap", "ghi ro nguon", "dang truy cap:", "tong truy cap:", "luot truy cap:",
    "so luot truy cap", "hom nay:", "online:", "view count", "luot xem:", "co quan chu quan",
    "thiet ke boi", "phat trien boi", "designed by", "powered by", "template settings",
)

_CONTACT = re.compile(r"^(?:dien thoai|dt|tel|fax|hotline)\s*:.*(?:email|e-mail|fax)", re.IGNORECASE)
_ADDRESS_FOOTER = re.compile(r"^dia chi\s*:.*(?:dien thoai|email|fax)")
_ONLY_NUMBERS = re.compile(r"^[\d\s.,:/|+()-]*$")
# "2020-09-29 19:24" under a Joomla visitor counter.
_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}(?: \d{1,2}:\d{2}(?::\d{2})?)?$")
_TRIM = re.compile(r"^[\s|:•·*>\-–—.]+|[\s|:•·*>\-–—.]+$")
_SPACE_RUN = re.compile(r"\s+")


def normalise_label(line: str) -> str:
    """Folded line with outer punctuation and inner space runs trimmed, for label comparison."""
    return _SPACE_RUN.sub(" ", _TRIM.sub("", fold(line)))


def is_boilerplate(line: str) -> bool:
    """True when the whole line is portal chrome (labels, counters, footer contact lines)."""
    label = normalise_label(line)
    if not label:
        return True
    if label in BOILERPLATE_LINES:
        return True
    if label.startswith(BOILERPLATE_PREFIXES):
        return True
    if _ONLY_NUMBERS.match(label) or _TIMESTAMP.match(label):
        return True
    return bool(_CONTACT.match(label) or _ADDRESS_FOOTER.match(label))


def drop_boilerplate(lines: list[str]) -> list[str]:
    """Return `lines` without boilerplate lines (order kept)."""
    return [line for line in lines if not is_boilerplate(line)]
