"""Vietnamese date parsing for article date lines.

Portals print dates day-first ("27/12/2019 09:44 AM", "Ngày 12 tháng 5 năm 2023", "Thứ Sáu,
12/05/2023 - 15:20") and machine-readable dates in UTC ("2023-05-11T20:00:00Z"). Articles are dated
on the Vietnamese calendar, so instants are converted to Asia/Ho_Chi_Minh before taking the day:
an article stamped 20:00 UTC on 11 May was published on 12 May in Vietnam.

Two entry points:

- `parse_date(text)` finds the first date in any text (a date element, a meta value);
- `parse_date_line(line)` accepts only a *date line* - a short line that is essentially a date with
  its label, weekday, time and view counter - so that a body lead such as "Chiều ngày 15 tháng 01
  năm 2020, Ủy ban nhân dân huyện …" or a cited "Quyết định số 1812/QĐ-UBND ngày 22/9/2017" is never
  taken for the article's own date.

Invalid calendar dates ("31/02/2020") give None: a wrong date is worse than none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from crawlers.extraction.text import fold

VIETNAM_TZ = ZoneInfo("Asia/Ho_Chi_Minh")

# Years outside this range are typos or unrelated numbers ("1/2/3456"), not publication dates.
MIN_YEAR = 1990
MAX_YEAR = 2100

# All patterns run on folded text (lower case, no diacritics; same length as the original).
_DMY = re.compile(r"(?<![\d/.-])(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})(?![\d/])")
# "ngày 12 tháng 5 năm 2023", and the short "30 tháng 8, 2024" of CKAN and WordPress themes.
_WORDS = re.compile(r"(?:ngay\s+)?(\d{1,2})\s+thang\s+(\d{1,2})\s*(?:,\s*)?(?:nam\s+)?(\d{4})")
_ISO = re.compile(
    r"(?<!\d)(\d{4})-(\d{2})-(\d{2})"
    r"(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?(?!\d)",
    re.IGNORECASE,
)
_TIME = re.compile(r"\b\d{1,2}\s*[:hg]\s*\d{2}(?:\s*[:]\s*\d{2})?(?:\s*(?:am|pm|sa|ch))?\b|\b\d{1,2}h\b")
_UPDATED_LABEL = re.compile(r"\b(?:cap nhat(?: luc| ngay| lan cuoi)?|updated?|sua doi)\b\s*:?")
_PUBLISHED_LABEL = re.compile(
    r"\b(?:ngay dang|ngay xuat ban|ngay dang tin|dang ngay|dang luc|thoi gian dang|"
    r"posted on|published|xuat ban)\b\s*:?"
)
_WEEKDAY = re.compile(
    r"\b(?:thu\s+(?:hai|ba|tu|nam|sau|bay|2|3|4|5|6|7)|chu\s+nhat|cn|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"
)
_VIEWS = re.compile(
    r"(?:\b(?:view count|luot xem|so lan xem|luot doc|da xem|views?)\b\s*:?\s*[\d.,]*)"
)
_FILLER = re.compile(r"[\s|()\[\],:;.\-–—/]+")
# Neutral words of a date line: "ngày" before a date, "lúc" before a time, time zone marks.
_UNIT_WORDS = re.compile(r"\b(?:ngay|gio|phut|luc|am|pm|sa|ch|gmt|utc)\b|[+-]0?7(?::?00)?\b")

# Residue left on a date line after removing dates, labels and times; more than this is prose.
MAX_DATE_LINE_RESIDUE = 12


@dataclass(frozen=True)
class DateLine:
    """A parsed date line: the published and/or updated day it states (ISO "YYYY-MM-DD")."""

    published: str | None
    updated: str | None


def _valid(day: int, month: int, year: int) -> str | None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def parse_iso_datetime(value: str) -> str | None:
    """Return the Vietnamese calendar day of an ISO 8601 date/datetime, or None.

    A timestamp with an offset is converted to Asia/Ho_Chi_Minh; a naive one is taken as local
    time already (portals print local time), a bare date as that day.

    >>> parse_iso_datetime("2023-05-11T20:00:00Z")
    '2023-05-12'
    """
    match = _ISO.search(value.strip())
    if not match:
        return None
    year, month, day, hour, minute, second, offset = match.groups()
    iso_day = _valid(int(day), int(month), int(year))
    if iso_day is None or hour is None or offset is None:
        return iso_day
    if offset in ("Z", "z"):
        tz = UTC
    else:
        sign = -1 if offset[0] == "-" else 1
        digits = offset[1:].replace(":", "")
        tz = timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:4] or 0)))
    try:
        moment = datetime(
            int(year), int(month), int(day), int(hour), int(minute), int(second or 0), tzinfo=tz
        )
    except ValueError:
        return None
    return moment.astimezone(VIETNAM_TZ).date().isoformat()


def _find_dates(folded: str) -> list[tuple[int, int, str | None]]:
    """All date expressions in folded text as (start, end, iso-or-None), in text order."""
    found: list[tuple[int, int, str | None]] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    for match in _ISO.finditer(folded):
        found.append((match.start(), match.end(), parse_iso_datetime(match.group(0))))
        taken.append(match.span())
    for pattern in (_WORDS, _DMY):
        for match in pattern.finditer(folded):
            if free(*match.span()):
                day, month, year = (int(g) for g in match.groups())
                found.append((match.start(), match.end(), _valid(day, month, year)))
                taken.append(match.span())
    return sorted(found)


def parse_date(text: str) -> str | None:
    """Return the first date written in `text` as ISO "YYYY-MM-DD", or None.

    Use it on text already known to be a date element; for free text use `parse_date_line`.
    An invalid first date gives None rather than falling through to a later one.

    >>> parse_date("Thứ Sáu, 12/05/2023 - 15:20")
    '2023-05-12'
    """
    found = _find_dates(fold(text))
    return found[0][2] if found else None


def _residue(folded: str, spans: list[tuple[int, int]]) -> str:
    chars = list(folded)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    rest = "".join(chars)
    for pattern in (_UPDATED_LABEL, _PUBLISHED_LABEL, _WEEKDAY, _VIEWS, _TIME, _UNIT_WORDS):
        rest = pattern.sub(" ", rest)
    return _FILLER.sub(" ", rest).strip()


def parse_date_line(line: str, *, title: str | None = None) -> DateLine | None:
    """Parse `line` if it is a date line (a date with its label/time/weekday and little else).

    `title` lets the Liferay "Headline (27/12/2019 09:44 AM)" line count as a date line. A date
    after a "Cập nhật" label is the updated date; any other is the published date. Returns None
    when the line is prose, or states no valid date.
    """
    folded = fold(line)
    if title:
        folded_title = fold(title).strip()
        if folded_title and folded.strip().startswith(folded_title):
            folded = " " * len(folded_title) + folded.strip()[len(folded_title) :]
    dates = _find_dates(folded)
    if not dates:
        return None
    if len(_residue(folded, [(s, e) for s, e, _ in dates])) > MAX_DATE_LINE_RESIDUE:
        return None
    published = updated = None
    for start, _end, iso in dates:
        # The nearest label before a date decides what it is ("Ngày đăng: … | Cập nhật: …").
        last_updated = max((m.end() for m in _UPDATED_LABEL.finditer(folded, 0, start)), default=-1)
        last_published = max(
            (m.end() for m in _PUBLISHED_LABEL.finditer(folded, 0, start)), default=-1
        )
        if last_updated > last_published:
            updated = updated or iso
        else:
            published = published or iso
    if published is None and updated is None:
        return None
    return DateLine(published=published, updated=updated)
